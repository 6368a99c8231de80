/* The library's version: the generated header carries the CMake project version. */
#include "ekscodec/common.h"
#include "ekscodec/version.h"

const char *eks_version(void)
{
    return EKSCODEC_VERSION_STRING;
}
