#!/usr/bin/env bash
# Regenerates every table set from its model: the EKS tables of the library (from
# ../shared's official model) and the two synthetic models the engine and router tests use.
# Run after changing schema/gen_schema.py; the schema_generator test checks the first.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 schema/gen_schema.py all
python3 scripts/gen_keep_shuffle.py  # the JSON reader's shuffle controls (no model)
python3 schema/gen_schema.py all --model tests/schema_fixtures/synthetic-model.json \
    --operation PutThing --operation Ping \
    --out tests/engine_synthetic/synthetic-extract.json \
    --header tests/engine_synthetic/ekscodec/model.h \
    --ids tests/engine_synthetic/generated/model_ids.h \
    --source tests/engine_synthetic/generated/model_tables.c
python3 schema/gen_schema.py all --model tests/route_synthetic/route-model.json \
    --out tests/route_synthetic/route-extract.json \
    --header tests/route_synthetic/ekscodec/model.h \
    --ids tests/route_synthetic/generated/model_ids.h \
    --source tests/route_synthetic/generated/model_tables.c
