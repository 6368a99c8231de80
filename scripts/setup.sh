#!/usr/bin/env bash
# Installs the Debian packages ekscodec needs to build and test, and does nothing when they
# are all present. Debian 12 (or a derivative); run as root, or as a user with sudo.
#
#   scripts/setup.sh          build + test tools: compiler, CMake, json-c, OpenSSL, Check,
#                             python3 (oracle scripts), valgrind; with CI=true also nodejs, npm
#   scripts/setup.sh --fuzz   the same, plus clang and its libFuzzer/sanitizer runtimes
#   scripts/setup.sh --bench  the same, plus simdjson and g++ (ekscodec-bench's simdjson peer)
# Where npm is present, the JS SDK oracle is installed from tools/oracle/js/package-lock.json.
set -euo pipefail

packages=(
    cmake make pkg-config       # build system; json-c and Check are located with pkg-config
    gcc libc6-dev               # libc6-dev is only a Recommends of gcc, and we skip those
    libjson-c-dev               # JSON parser used by the codec
    libssl-dev                  # OpenSSL 3 libcrypto: SHA-256/HMAC for SigV4, randomness
    check                       # unit-test framework
    python3                     # oracle/generator scripts (botocore comes with the machine)
    valgrind                    # leak checks
    awscli                      # AWS CLI v2 (/usr/bin/aws): a real client in the interop tests (tests/interop)
    curl                        # curl --aws-sigv4 against ekscodec serve (interop_serve)
    libcurl4-openssl-dev        # examples/curl_transport.c, built in interop_curl_transport
    python3-distributed         # Dask for tools/dask/ekscodec-dask and its tests (ctest -L scale)
    g++                         # the public headers compiled as C++ (install_consumer)
    locales                     # localedef and the locale sources test_locale runs the library under
)
# test_locale: the library must give the same bytes whatever locale its host sets: Turkish
# (case folding of I), German (decimal comma), Pashto (a two-byte decimal point)
test_locales=(tr_TR.UTF-8 tr_TR.ISO-8859-9 de_DE.UTF-8 ps_AF.UTF-8)
fuzz_packages=(clang libclang-rt-14-dev llvm-14)  # libFuzzer, clang's ASan/UBSan runtimes, llvm-cov/llvm-profdata for coverage
bench_packages=(libsimdjson-dev g++)  # simdjson_parse_* in ekscodec-bench (C++, bench only), scripts/bench_vs_simdjson.sh

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }
for arg in "$@"; do
    case $arg in
        --fuzz) packages+=("${fuzz_packages[@]}") ;;
        --bench) packages+=("${bench_packages[@]}") ;;
        -h|--help) usage; exit 0 ;;
        *) echo "setup.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup.sh: no dpkg-query: this script installs Debian packages; install the equivalents of: ${packages[*]}" >&2
    exit 1
fi

ci=false
[[ ${CI:-} == true ]] && ci=true

missing=()
for p in "${packages[@]}"; do
    if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) != "install ok installed" ]]; then
        missing+=("$p")
    fi
done
# With CI=true a test whose oracle is missing fails, and the JS SDK oracle needs node and npm.
# Looked for as commands, not packages: NodeSource's nodejs package carries its own npm, and
# Debian's npm package would conflict with it.
if [[ $ci == true ]]; then
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup.sh: all required packages are installed"
else
    as_root=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || {
            echo "setup.sh: missing packages (${missing[*]}) and not root; run as root or install sudo" >&2
            exit 1
        }
        as_root=(sudo)
    fi
    echo "setup.sh: installing ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The locales test_locale needs, compiled where `locale -a` lacks them (its names are
# normalized: tr_TR.utf8, tr_TR.iso88599).
have_locales=$(locale -a 2>/dev/null | tr 'A-Z' 'a-z' | tr -d -- '-')
for l in "${test_locales[@]}"; do
    norm=$(echo "$l" | tr 'A-Z' 'a-z' | tr -d -- '-')
    if ! grep -qx -- "$norm" <<<"$have_locales"; then
        echo "setup.sh: localedef $l (test_locale)"
        as_root=()
        [[ $(id -u) -eq 0 ]] || as_root=(sudo)
        "${as_root[@]}" localedef -i "${l%%.*}" -f "${l#*.}" "$l"
    fi
done

# The JS SDK oracle of test_corpus_differential (and the client of interop_serve_js), exactly as the committed lockfile pins it.
# A stamp of the lockfile's hash inside node_modules (which npm ci recreates) tells whether
# the installed tree is stale.
js_dir=$(cd "$(dirname "$0")/.." && pwd)/tools/oracle/js
if ! command -v npm >/dev/null 2>&1; then
    echo "setup.sh: no npm: the JS SDK oracle is not installed, so test_corpus_differential skips" \
         "(CI=true installs nodejs and npm)"
    exit 0
fi
stamp=$js_dir/node_modules/.ekscodec-lockfile.sha256
want=$(sha256sum "$js_dir/package-lock.json")
want=${want%% *}
if [[ -d $js_dir/node_modules/@aws-sdk/client-eks && -f $stamp && $(<"$stamp") == "$want" ]]; then
    echo "setup.sh: the JS SDK oracle is installed (tools/oracle/js/node_modules matches the lockfile)"
    exit 0
fi
echo "setup.sh: npm ci in tools/oracle/js (the JS SDK oracle, from the lockfile)"
if (cd "$js_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    echo "$want" >"$stamp"
elif [[ $ci == true ]]; then
    echo "setup.sh: npm ci failed in tools/oracle/js" >&2
    exit 1
else
    # Offline, say: the oracle tests skip loudly instead; CI must not get that far.
    echo "setup.sh: npm ci failed in tools/oracle/js; the JS SDK oracle tests will skip" >&2
fi
