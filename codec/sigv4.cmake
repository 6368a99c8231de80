# SigV4 signing / presigning / verification and the signing-key cache.
list(APPEND EKSCODEC_SOURCES
  codec/sigv4.c
  codec/sigv4_canon.c
  codec/sigv4_crypto.c
  codec/sigv4_verify.c
)
