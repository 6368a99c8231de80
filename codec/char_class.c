#include "char_class.h"

#define U (EKS_CC_UNRESERVED | EKS_CC_TCHAR)
#define T EKS_CC_TCHAR

const unsigned char eks_char_class[256] = {
    ['!'] = T, ['#'] = T, ['$'] = T, ['%'] = T | EKS_CC_PERCENT, ['&'] = T, ['\''] = T, ['*'] = T,
    ['+'] = T, ['^'] = T, ['`'] = T, ['|'] = T, ['/'] = EKS_CC_SLASH,
    ['-'] = U, ['.'] = U, ['_'] = U, ['~'] = U,
    ['0'] = U, ['1'] = U, ['2'] = U, ['3'] = U, ['4'] = U, ['5'] = U, ['6'] = U, ['7'] = U,
    ['8'] = U, ['9'] = U,
    ['A'] = U, ['B'] = U, ['C'] = U, ['D'] = U, ['E'] = U, ['F'] = U, ['G'] = U, ['H'] = U,
    ['I'] = U, ['J'] = U, ['K'] = U, ['L'] = U, ['M'] = U, ['N'] = U, ['O'] = U, ['P'] = U,
    ['Q'] = U, ['R'] = U, ['S'] = U, ['T'] = U, ['U'] = U, ['V'] = U, ['W'] = U, ['X'] = U,
    ['Y'] = U, ['Z'] = U,
    ['a'] = U, ['b'] = U, ['c'] = U, ['d'] = U, ['e'] = U, ['f'] = U, ['g'] = U, ['h'] = U,
    ['i'] = U, ['j'] = U, ['k'] = U, ['l'] = U, ['m'] = U, ['n'] = U, ['o'] = U, ['p'] = U,
    ['q'] = U, ['r'] = U, ['s'] = U, ['t'] = U, ['u'] = U, ['v'] = U, ['w'] = U, ['x'] = U,
    ['y'] = U, ['z'] = U,
};
