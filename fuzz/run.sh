#!/usr/bin/env bash
# Fuzzes the GGUF reader (and the estimator behind it) with libFuzzer.
#   bash fuzz/run.sh [seconds]      default 60 s; crashes are written to fuzz/corpus-work/
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
mkdir -p fuzz/corpus-work .build-fuzz
sources=$(find Sources/CanIRunCore -name '*.swift' -not -path '*/HardwareProbe+Darwin.swift')
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name CanIRunCore \
    $sources fuzz/GGUFFuzzTarget.swift -o .build-fuzz/gguf-fuzzer
cp -n Tests/CanIRunCoreTests/Fixtures/engine/*.gguf fuzz/corpus-work/ 2>/dev/null || true
.build-fuzz/gguf-fuzzer fuzz/corpus-work -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048
