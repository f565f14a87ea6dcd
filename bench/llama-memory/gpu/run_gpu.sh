#!/usr/bin/env bash
# GPU check on one NVIDIA machine: what canirun detects next to what nvidia-smi reports, and what
# llama.cpp b11434 built with CUDA allocates on the GPU (gpu_grid.py).
#
# usage: run_gpu.sh OUT_DIR LLAMA_SOURCE [CANIRUN_BINARY] [SECONDS_BUDGET]
#   LLAMA_SOURCE   the llama.cpp b11434 source tree, or a .tar.xz of it (ggml, src, common, include,
#                  tools, vendor, cmake, gguf-py, CMakeLists.txt), e.g. from install-llama-cpp.sh
#   CANIRUN_BINARY a canirun build for this machine (a .xz is unpacked first); skipped when absent
# Needs nvcc, cmake, ninja, python3 with numpy. Everything lands in OUT_DIR:
#   machine.tar.gz        the files canirun's Linux probe reads, and nvidia-smi's answers
#   canirun.txt           canirun system / recommend / check output on this machine
#   build.log             the CUDA build (last lines)
#   gpu-measurements.csv  one row per llama.cpp run
#   gpu-logs.tar.gz       the llama.cpp logs and nvidia-smi samples
set -u
OUT=$1; SRC=$2; CANIRUN=${3:-}; BUDGET=${4:-540}
HERE=$(cd "$(dirname "$0")" && pwd)
START=$(date +%s); DEADLINE=$((START + BUDGET))
WORK=${WORK:-/tmp/canirun-gpu}; mkdir -p "$WORK" "$OUT"

# 1. the llama.cpp build, in the background while the rest runs
if [ -f "$SRC" ]; then mkdir -p "$WORK/llama.cpp" && tar xJf "$SRC" -C "$WORK/llama.cpp"; SRC=$WORK/llama.cpp; fi
( cmake -S "$SRC" -B "$WORK/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGGML_CUDA=ON \
    -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=OFF \
  && ninja -C "$WORK/build" -j "$(nproc)" llama-completion llama-quantize ) > "$WORK/build-full.log" 2>&1 &
BUILD_PID=$!

# 2. the machine as canirun's probe sees it
M=$WORK/machine; mkdir -p "$M/commands"
nvidia-smi --query-gpu=index,name,uuid,pci.bus_id,pci.device_id,memory.total,memory.used,memory.free,compute_cap,driver_version \
  --format=csv,noheader,nounits > "$M/commands/nvidia-smi.txt" 2>&1
nvidia-smi > "$M/commands/nvidia-smi-table.txt" 2>&1
nvidia-smi -q > "$M/commands/nvidia-smi-q.txt" 2>&1
nproc > "$M/commands/nproc.txt"; uname -a > "$M/commands/uname.txt"; lscpu > "$M/commands/lscpu.txt" 2>&1
for f in /proc/cpuinfo /proc/meminfo /proc/self/cgroup /proc/sys/kernel/osrelease /sys/devices/system/cpu/online \
         /sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory.current \
         /proc/driver/nvidia/version; do
  [ -r "$f" ] && mkdir -p "$M/root$(dirname "$f")" && cat "$f" > "$M/root$f" 2>/dev/null
done
for g in /proc/driver/nvidia/gpus/*; do [ -r "$g/information" ] && mkdir -p "$M/root$g" && cat "$g/information" > "$M/root$g/information"; done
for c in /sys/class/drm/card*; do
  [ -e "$c/device/vendor" ] || continue
  mkdir -p "$M/root$c/device"
  for x in vendor device uevent; do cat "$c/device/$x" > "$M/root$c/device/$x" 2>/dev/null; done
done
ls -la /sys/class/drm > "$M/commands/ls-drm.txt" 2>&1
tar czf "$OUT/machine.tar.gz" -C "$WORK" machine

# 3. canirun on this machine
if [ -n "$CANIRUN" ] && [ -f "$CANIRUN" ]; then
  case "$CANIRUN" in *.xz) xz -dc "$CANIRUN" > "$WORK/canirun"; CANIRUN=$WORK/canirun;; esac
  chmod +x "$CANIRUN"
  {
    echo "== canirun system"; "$CANIRUN" system
    echo "== canirun system --json"; "$CANIRUN" system --json
    echo "== canirun (recommend)"; "$CANIRUN" --limit 15
    echo "== canirun check llama3.1:8b --offline"; "$CANIRUN" check llama3.1:8b --offline
    echo "== canirun check gpt-oss:120b --offline --json"; "$CANIRUN" check gpt-oss:120b --offline --json
    echo "== timing: canirun --json, 20 runs (ms)"
    for i in $(seq 20); do s=$(date +%s%N); "$CANIRUN" --json > /dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done
  } > "$OUT/canirun.txt" 2>&1
fi

# 4. the models (sparse files, real shapes), while the build runs
export PYTHONPATH=$SRC/gguf-py${PYTHONPATH:+:$PYTHONPATH}
MODELS=$WORK/models
python3 "$HERE/../make_models.py" --out "$MODELS" --only llama32_1b-f16 qwen25_05b-f16 olmoe_1b7b-q4_0 \
  lfm2_350m-f16 dsv2_lite-q8_0 > "$WORK/models.log" 2>&1

wait $BUILD_PID; echo "build exit $? after $(( $(date +%s) - START )) s" >> "$WORK/build-full.log"
tail -60 "$WORK/build-full.log" > "$OUT/build.log"
BIN=$WORK/build/bin
[ -x "$BIN/llama-quantize" ] && python3 "$HERE/../make_models.py" --out "$MODELS" --bin "$BIN" \
  --only llama32_1b-q4_k_m gemma3_1b-q4_0 >> "$WORK/models.log" 2>&1
cp "$WORK/models.log" "$OUT/models.log"

# 5. the grid, stopping 25 s before the budget ends
if [ -x "$BIN/llama-completion" ]; then
  nvidia-smi --query-gpu=memory.used,memory.total --format=csv,noheader,nounits > "$OUT/idle-gpu-memory.txt" 2>&1
  python3 "$HERE/gpu_grid.py" --bin "$BIN" --models "$MODELS" --out "$WORK" --deadline $((DEADLINE - 25))
  cp "$WORK/gpu-measurements.csv" "$OUT/" 2>/dev/null
  tar czf "$OUT/gpu-logs.tar.gz" -C "$WORK" gpu-logs
fi
echo "finished after $(( $(date +%s) - START )) s"
