#!/usr/bin/env bash
# Times `canirun scan` over 1,000 GGUF files: 250 copies each of four header-only engine fixtures (Llama 3.2 1B
# with a 128k vocabulary, Gemma 3 1B with 262k, DeepSeek-V2-Lite, LFM2-350M), extended to their real sizes as
# sparse files, so each is a complete, valid model file as far as a header reader can tell.
#   bash bench/scan-1000.sh [FOLDER]      (default /tmp/canirun-scan-1000; needs hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-/tmp/canirun-scan-1000}"
fixtures=Tests/CanIRunCoreTests/Fixtures/engine
mkdir -p "$folder"
for name in llama32_1b-q4_k_m gemma3_1b-q4_0 dsv2_lite-q8_0 lfm2_350m-q4_k_m; do
    size=$(grep "^$name," "$fixtures/manifest.csv" | cut -d, -f5)
    for copy in $(seq 1 250); do
        target="$folder/m$copy-$name.gguf"
        [ -f "$target" ] || { cp "$fixtures/$name.gguf" "$target" && truncate -s "$size" "$target"; }
    done
done
swift build -c release --static-swift-stdlib >/dev/null
echo "files: $(ls "$folder" | wc -l)"
# Point the standard stores at an empty place so only the folder is scanned.
empty=$(mktemp -d)
HOME=$empty HF_HOME=$empty/hf OLLAMA_MODELS=$empty/ollama LLAMA_CACHE=$empty/llama \
    hyperfine -N --warmup 2 --runs 10 ".build/release/canirun scan --json --gpu none --ram 32GB $folder"
/usr/bin/time -f "peak RSS %M KiB" env HOME="$empty" .build/release/canirun scan --json --gpu none --ram 32GB "$folder" \
    >/dev/null
rmdir "$empty" 2>/dev/null || true
