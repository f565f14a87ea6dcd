#!/usr/bin/env bash
# Benchmarks canirun (release build) on this machine; prints Markdown tables for bench/README.md.
#   bash bench/run.sh MODEL.gguf
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time) and gguf-py (pip install gguf).
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:?usage: bench/run.sh MODEL.gguf}"
swift build -c release --static-swift-stdlib >/dev/null
bin=.build/release

echo "## Whole commands (hyperfine, warm cache)"
hyperfine -N --warmup 5 --runs 40 --export-markdown /tmp/canirun-hyperfine.md \
    "$bin/canirun system --json" \
    "$bin/canirun inspect --json $model" \
    "python3 -c \"import gguf, sys; gguf.GGUFReader(sys.argv[1])\" $model" >/dev/null
cat /tmp/canirun-hyperfine.md

echo
echo "## Peak memory (GNU time, maximum resident set size)"
for command in "system --json" "inspect --json $model"; do
    kib=$(/usr/bin/time -f "%M" "$bin/canirun" $command 2>&1 >/dev/null | tail -1)
    echo "| canirun $command | $((kib / 1024)) MiB |"
done

echo
echo "## In process (canirun-bench)"
"$bin/canirun-bench" "$model"
