# Validating one exchange: selection rules, both sides decoded, Authorization checks, clock
# skew against a supplied clock, idempotency token, signature verification.
list(APPEND EKSCODEC_SOURCES
  codec/exchange.c
  codec/exchange_select.c
  codec/exchange_auth.c
)
