// The peer for issue 13: simdjson's DOM parse of the same bench/data/ bytes that decode_large,
// decode_typical and decode_error decode. Bench-only C++ (libsimdjson-dev); the library itself
// stays C11. Built only when CMake finds simdjson.
//
// simdjson is measured the way it is meant to be used: one parser reused across documents
// (its buffers stay allocated) and the input already in a padded_string, so the figure is
// its parse alone, the fastest it gets.
#include <simdjson.h>

#include <cstdlib>

extern "C" {
#include "bench.h"
#include "bench_data.h"
}

namespace {

struct simdjson_state {
    simdjson::dom::parser parser;
    simdjson::padded_string doc;
};

void *setup_file(const char *file)
{
    size_t len = 0;
    char *bytes = bench_data_load(file, &len);
    simdjson_state *s = new simdjson_state;
    s->doc = simdjson::padded_string(bytes, len);
    std::free(bytes);
    return s;
}

void *setup_large() { return setup_file("response_large.json"); }
void *setup_typical() { return setup_file("response_typical.json"); }
void *setup_error() { return setup_file("error_typical.json"); }

void teardown(void *p) { delete static_cast<simdjson_state *>(p); }

size_t op_parse(void *p)
{
    simdjson_state *s = static_cast<simdjson_state *>(p);
    simdjson::dom::element root;
    if (s->parser.parse(s->doc).get(root) != simdjson::SUCCESS)
        return static_cast<size_t>(-1);
    bench_consume(&root);
    return s->doc.size();
}

} // namespace

extern "C" void bench_register_simdjson(bench_registry *reg)
{
    static const bench_case cases[] = {
        {"simdjson_parse_large", setup_large, op_parse, teardown},
        {"simdjson_parse_typical", setup_typical, op_parse, teardown},
        {"simdjson_parse_error", setup_error, op_parse, teardown},
    };
    for (const bench_case &c : cases)
        bench_register(reg, &c);
}
