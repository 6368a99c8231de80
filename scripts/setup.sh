#!/usr/bin/env bash
# Installs the Debian packages ekscodec needs to build and test, and does nothing when they
# are all present. Debian 12 (or a derivative); run as root, or as a user with sudo.
#
#   scripts/setup.sh          build + test tools: compiler, CMake, json-c, OpenSSL, Check,
#                             python3 (oracle scripts), valgrind
#   scripts/setup.sh --fuzz   the same, plus clang and its libFuzzer/sanitizer runtimes
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
)
fuzz_packages=(clang libclang-rt-14-dev llvm-14)  # libFuzzer, clang's ASan/UBSan runtimes, llvm-cov/llvm-profdata for coverage

usage() { sed -n '2,8s/^# \{0,1\}//p' "$0"; }
for arg in "$@"; do
    case $arg in
        --fuzz) packages+=("${fuzz_packages[@]}") ;;
        -h|--help) usage; exit 0 ;;
        *) echo "setup.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup.sh: no dpkg-query: this script installs Debian packages; install the equivalents of: ${packages[*]}" >&2
    exit 1
fi

missing=()
for p in "${packages[@]}"; do
    if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) != "install ok installed" ]]; then
        missing+=("$p")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup.sh: all ${#packages[@]} required packages are installed"
    exit 0
fi

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
