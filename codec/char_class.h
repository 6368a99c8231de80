/* Byte classes shared by the HTTP-facing code (one table, one load per byte). */
#ifndef EKSCODEC_CHAR_CLASS_H
#define EKSCODEC_CHAR_CLASS_H

enum {
    EKS_CC_UNRESERVED = 1u << 0, /* RFC 3986 section 2.3: A-Z a-z 0-9 - . _ ~ */
    EKS_CC_SLASH = 1u << 1,      /* '/' */
    EKS_CC_PERCENT = 1u << 2,    /* '%' */
    EKS_CC_TCHAR = 1u << 3       /* RFC 9110 section 5.6.2 token characters */
};

extern const unsigned char eks_char_class[256];
/* 1 + the value of each hex digit (either case), 0 for any other byte: one load per digit
 * of a percent-escape. */
extern const unsigned char eks_hex_digit1[256];

#endif
