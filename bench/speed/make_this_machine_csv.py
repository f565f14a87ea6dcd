#!/usr/bin/env python3
"""Joins llama-bench's CSV (bench/speed/llama-bench-this-machine.csv, written by run_this_machine.sh) and its JSONL twin
(every repeat) with the bandwidth `canirun bench memory --json` measured (bench/speed/bandwidth-this-machine.json) into
bench/speed/this-machine.csv, one row per model with pp512 and tg128, which the test suite replays."""
import csv
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Synthetic model file (bench/llama-memory/make_models.py) -> catalog model with the same config.json, quant.
MODELS = {
    "qwen25_05b-q4_k_m": ("qwen2.5-0.5b", "Q4_K_M"),
    "qwen25_05b-f16": ("qwen2.5-0.5b", "F16"),
    "llama32_1b-q4_0": ("llama-3.2-1b-instruct", "Q4_0"),
    "llama32_1b-q4_k_m": ("llama-3.2-1b-instruct", "Q4_K_M"),
    "llama32_1b-q8_0": ("llama-3.2-1b-instruct", "Q8_0"),
    "llama32_1b-f16": ("llama-3.2-1b-instruct", "F16"),
    "gemma3_1b-q4_0": ("gemma-3-1b-it", "Q4_0"),
    "olmoe_1b7b-q4_0": ("olmoe-1b-7b-0924-instruct", "Q4_0"),
}


def cpu_info():
    text = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", text).group(1).strip()
    mhz = [float(x) for x in re.findall(r"cpu MHz\s*:\s*([\d.]+)", text)]
    flags = set(re.search(r"flags\s*:\s*(.*)", text).group(1).split())
    features = [f for f in ("avx", "avx2", "fma", "f16c", "avx512f") if f in flags]
    return model, sum(mhz) / len(mhz) / 1000, features


def main():
    bandwidth = json.loads((HERE / "bandwidth-this-machine.json").read_text())["result"]
    model_name, clock, features = cpu_info()
    rows = {}
    for r in csv.DictReader(open(HERE / "llama-bench-this-machine.csv")):
        name = Path(r["model_filename"]).stem
        out = rows.setdefault(name, {})
        out["threads"] = r["n_threads"]
        out["model_size_bytes"] = r["model_size"]
        test = "pp512" if int(r["n_prompt"]) > 0 else "tg128"
        out[test + "_mean"], out[test + "_stddev"] = r["avg_ts"], r["stddev_ts"]
    # The JSONL output carries every repeat. On a 2-core machine shared with other work, a repeat whose thread
    # lost its core waits a scheduler slice at each of the graph's barriers and runs up to 20x slower, so the
    # fastest repeat (the least disturbed) is the figure compared; the median is kept beside it.
    for line in open(HERE / "llama-bench-this-machine.jsonl"):
        line = line.strip()
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        name = Path(r["model_filename"]).stem
        test = "pp512" if int(r["n_prompt"]) > 0 else "tg128"
        samples = sorted(r["samples_ts"])
        n = len(samples)
        median = samples[n // 2] if n % 2 else (samples[n // 2 - 1] + samples[n // 2]) / 2
        rows.setdefault(name, {})[test + "_tps"] = f"{samples[-1]:.3f}"
        rows[name][test + "_median"] = f"{median:.3f}"
        rows[name][test + "_range"] = f"{samples[0]:.2f}-{samples[-1]:.2f}"
    fields = ["file", "catalog_model", "quant", "model_size_bytes", "threads", "pp512_tps", "pp512_median", "pp512_range",
              "pp512_mean", "pp512_stddev", "tg128_tps", "tg128_median", "tg128_range", "tg128_mean", "tg128_stddev", "measured_bandwidth_gbps", "bandwidth_min_gbps", "bandwidth_max_gbps",
              "cpu_model", "cpu_clock_ghz", "cpu_features", "source"]
    with open(HERE / "this-machine.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for name, (catalog, quant) in MODELS.items():
            if name not in rows or "tg128_tps" not in rows[name]:
                continue
            r = rows[name]
            w.writerow(dict(
                file=name, catalog_model=catalog, quant=quant, model_size_bytes=r["model_size_bytes"],
                threads=r["threads"], pp512_tps=r.get("pp512_tps", ""), pp512_median=r.get("pp512_median", ""), pp512_range=r.get("pp512_range", ""),
                pp512_mean=r.get("pp512_mean", ""), pp512_stddev=r.get("pp512_stddev", ""),
                tg128_tps=r["tg128_tps"], tg128_median=r.get("tg128_median", ""), tg128_range=r.get("tg128_range", ""), tg128_mean=r.get("tg128_mean", ""),
                tg128_stddev=r.get("tg128_stddev", ""),
                measured_bandwidth_gbps=f"{bandwidth['bytesPerSecond'] / 1e9:.2f}",
                bandwidth_min_gbps=f"{bandwidth['minBytesPerSecond'] / 1e9:.2f}",
                bandwidth_max_gbps=f"{bandwidth['maxBytesPerSecond'] / 1e9:.2f}",
                cpu_model=bandwidth["cpuModel"], cpu_clock_ghz=f"{clock:.2f}", cpu_features=" ".join(features),
                source="measured: llama-bench -ngl 0 -t 2 -p 512 -n 128 -r 5 -lm none -o csv -oe jsonl (llama.cpp b11434; tokens/s = fastest of the 5 repeats); "
                       "bench/speed/measure-bandwidth.sh (MemoryBandwidthBenchmark.measure, threads 2, the function behind canirun bench memory)"))
    print("wrote", HERE / "this-machine.csv")


if __name__ == "__main__":
    main()
