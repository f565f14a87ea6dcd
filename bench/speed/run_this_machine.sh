#!/usr/bin/env bash
# Runs llama.cpp's llama-bench (CPU only) over the synthetic models written by
# bench/llama-memory/make_models.py and keeps its CSV output.
#   LLAMA_BIN=/path/to/llama.cpp/build/bin MODELS=/path/to/models bash bench/speed/run_this_machine.sh
# Weights are loaded with `-lm none` (no mmap; older builds spell it `--mmap 0`): the synthetic f16 files are sparse, and a mapped hole reads the shared
# zero page (cached, far faster than real memory). With -lm none every weight is copied into allocated RAM.
# The run is niced to -10 (root) so that other work on a small machine does not preempt llama-bench's spinning
# threads mid-barrier, which makes single repeats several times slower; NICE=0 turns that off.
set -euo pipefail
BIN=${LLAMA_BIN:-/work/llama/build/bin}
MODELS=${MODELS:-/work/llama/models2}
OUT=${OUT:-$(dirname "$0")/llama-bench-this-machine.csv}
args=()
for m in qwen25_05b-q4_k_m qwen25_05b-f16 llama32_1b-q4_0 llama32_1b-q4_k_m llama32_1b-q8_0 llama32_1b-f16 \
         gemma3_1b-q4_0 olmoe_1b7b-q4_0; do
  [ -f "$MODELS/$m.gguf" ] && args+=(-m "$MODELS/$m.gguf")
done
nice -n "${NICE:--10}" "$BIN/llama-bench" "${args[@]}" -ngl 0 -t 2 -p 512 -n 128 -r 5 -lm none -o csv -oe jsonl > "$OUT" 2> "${OUT%.csv}.jsonl"
echo "wrote $OUT"
