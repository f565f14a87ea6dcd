#!/usr/bin/env bash
# Measures this machine's read bandwidth with the same function `canirun bench memory` runs
# (Sources/CanIRunCore/Speed/MemoryBandwidth.swift), compiled with -O on its own, and prints the JSON
# `canirun bench memory --json` prints.  Usage: bash bench/speed/measure-bandwidth.sh [THREADS] > out.json
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
THREADS=${1:-$(nproc)}
CPU=$(grep -m1 "model name" /proc/cpuinfo | sed 's/.*: //')
cat > "$WORK/main.swift" <<SWIFT
import Foundation
let result = MemoryBandwidthBenchmark.measure(threads: $THREADS, cpuModel: "$CPU")
struct Report: Encodable { var schemaVersion = 1; var result: MeasuredBandwidth }
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
print(String(decoding: try encoder.encode(Report(result: result)), as: UTF8.self))
SWIFT
swiftc -O -module-name MeasureBandwidth "$ROOT/Sources/CanIRunCore/Speed/MemoryBandwidth.swift" "$WORK/main.swift" -o "$WORK/measure"
"$WORK/measure"
