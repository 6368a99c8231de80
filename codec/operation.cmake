# Operation lookup (API / boto3 / CLI names), the model's per-operation and service facts,
# and routing (method + raw path -> operation) over the generated route trie.
list(APPEND EKSCODEC_SOURCES
  codec/operation.c
)
