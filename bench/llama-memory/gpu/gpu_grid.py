#!/usr/bin/env python3
"""Run llama.cpp b11434 built with CUDA over a small grid and record what it allocates on the GPU.

Each row runs llama-completion with -lv 4 (buffer sizes per backend), while nvidia-smi samples the
process's own GPU memory every 50 ms (`--query-compute-apps=pid,used_memory`). The log's
`common_memory_breakdown_print` table gives, per device, total = free + (self = model + context +
compute) + unaccounted, where "unaccounted" is what the driver and the CUDA runtime hold beyond
llama.cpp's own buffers.

Usage: gpu_grid.py --bin BUILD/bin --models DIR --out DIR [--deadline UNIX_SECONDS]
The models are those of ../make_models.py (synthetic weights, real shapes).
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import run_grid  # noqa: E402  (log parser shared with the CPU grid)


def row(fixture, ctx, ngl=99, fa="on", ub=512, b=2048, np_=1, ctk="f16", ctv="f16", extra=()):
    return dict(fixture=fixture, ctx=ctx, ngl=ngl, fa=fa, ub=ub, b=max(b, ub), np=np_, ctk=ctk, ctv=ctv,
                extra=list(extra))


GRID = [
    row("llama32_1b-f16", 4096),
    row("llama32_1b-f16", 32768),
    row("llama32_1b-f16", 32768, fa="off"),
    row("llama32_1b-f16", 8192, ub=2048),
    row("llama32_1b-f16", 16384, ctk="q8_0", ctv="q8_0"),
    row("llama32_1b-f16", 4096, ngl=8),
    row("llama32_1b-f16", 4096, ngl=0),
    row("llama32_1b-f16", 4096, extra=["-nkvo"]),
    row("llama32_1b-f16", 16384, np_=4),
    row("llama32_1b-q4_k_m", 131072),
    row("qwen25_05b-f16", 4096),
    row("qwen25_05b-f16", 32768, fa="off"),
    row("gemma3_1b-q4_0", 32768),
    row("gemma3_1b-q4_0", 32768, extra=["--swa-full"]),
    row("olmoe_1b7b-q4_0", 4096),
    row("olmoe_1b7b-q4_0", 4096, extra=["-cmoe"]),
    row("lfm2_350m-f16", 4096),
    row("lfm2_350m-f16", 32768),
    row("dsv2_lite-q8_0", 4096),
    row("dsv2_lite-q8_0", 16384, fa="off"),
]

BREAKDOWN = re.compile(
    r"memory_breakdown_print: \|\s*- (\S+) \((.*?)\)\s*\|\s*(\d+)\s*=\s*(\d+)\s*\+\s*\(\s*(\d+)\s*=\s*(\d+)\s*\+\s*(\d+)"
    r"\s*\+\s*(\d+)\s*\)\s*\+\s*(-?\d+)\s*\|")


def run_id(r):
    parts = [r["fixture"], f"c{r['ctx']}", f"ngl{r['ngl']}", f"fa{r['fa']}", f"ub{r['ub']}", f"np{r['np']}",
             f"k{r['ctk']}", f"v{r['ctv']}"] + [e.strip("-") for e in r["extra"]]
    return "_".join(parts)


def sample_gpu(pid_file: Path, stop: Path, samples: Path):
    """Background sampler: the highest used_memory (MiB) seen for the child's pid."""
    return subprocess.Popen(
        ["bash", "-c",
         f"while [ ! -e {stop} ]; do nvidia-smi --query-compute-apps=pid,used_memory "
         f"--format=csv,noheader,nounits >> {samples} 2>/dev/null; sleep 0.05; done"])


def execute(r, bin_dir: Path, models: Path, logs: Path):
    rid = run_id(r)
    prompt = logs / "prompt.txt"
    prompt.write_text("a" * 600)  # 600 one-character tokens: one full 512-token ubatch and a partial one
    cmd = [str(bin_dir / "llama-completion"), "-m", str(models / f"{r['fixture']}.gguf"), "-ngl", str(r["ngl"]),
           "-fit", "off", "-c", str(r["ctx"]), "-b", str(r["b"]), "-ub", str(r["ub"]), "-np", str(r["np"]),
           "-fa", r["fa"], "-ctk", r["ctk"], "-ctv", r["ctv"], "-t", "8", "-n", "1", "-no-cnv", "--temp", "0",
           "--seed", "1", "-f", str(prompt), "-lv", "4"] + r["extra"]
    samples = logs / f"{rid}.smi"
    stop = logs / f"{rid}.stop"
    samples.write_text("")
    sampler = sample_gpu(logs / "pid", stop, samples)
    t0 = time.time()
    with open(logs / f"{rid}.log", "w") as logf:
        logf.write("# " + " ".join(cmd) + "\n")
        logf.flush()
        p = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.time() - t0
    stop.write_text("")
    sampler.wait(timeout=10)
    peak = 0
    for line in samples.read_text().splitlines():
        f = [x.strip() for x in line.split(",")]
        if len(f) == 2 and f[0] == str(p.pid) and f[1].isdigit():
            peak = max(peak, int(f[1]))
    text = (logs / f"{rid}.log").read_text(errors="replace")
    parsed = run_grid.parse_log(text)
    out = dict(run_id=rid, **{k: (" ".join(v) if isinstance(v, list) else v) for k, v in r.items()},
               exit_code=os.waitstatus_to_exitcode(status), wall_seconds=round(wall, 1),
               ru_maxrss_mib=round(ru.ru_maxrss / 1024, 1), smi_peak_process_mib=peak)
    gpu_lines = [m for m in BREAKDOWN.finditer(text)]
    if gpu_lines:
        m = gpu_lines[0]
        out.update(breakdown_device=m.group(1), breakdown_total_mib=int(m.group(3)), breakdown_free_mib=int(m.group(4)),
                   breakdown_self_mib=int(m.group(5)), breakdown_model_mib=int(m.group(6)),
                   breakdown_context_mib=int(m.group(7)), breakdown_compute_mib=int(m.group(8)),
                   breakdown_unaccounted_mib=int(m.group(9)))
    # every buffer line, by backend: "NAME model buffer size =", "NAME KV buffer size =", "NAME compute buffer size ="
    buffers = re.findall(r"(\w[\w_]*) (model|KV|RS|compute|output) buffer size =\s+([0-9.]+) MiB", text)
    out["buffers"] = ";".join(f"{n}:{k}:{v}" for n, k, v in buffers)
    out.update(parsed)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--models", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--deadline", type=float, default=0)
    args = ap.parse_args()
    out = Path(args.out)
    logs = out / "gpu-logs"
    logs.mkdir(parents=True, exist_ok=True)
    rows = []
    for r in GRID:
        if args.deadline and time.time() > args.deadline:
            print("deadline reached; stopping", flush=True)
            break
        if not (Path(args.models) / f"{r['fixture']}.gguf").exists():
            print(f"skip {run_id(r)}: model missing", flush=True)
            continue
        res = execute(r, Path(args.bin), Path(args.models), logs)
        rows.append(res)
        print(f"{res['run_id']}: exit {res['exit_code']} {res['wall_seconds']} s, process {res['smi_peak_process_mib']} MiB, "
              f"self {res.get('breakdown_self_mib')} unaccounted {res.get('breakdown_unaccounted_mib')}", flush=True)
        keys = []
        for x in rows:
            keys += [k for k in x if k not in keys]
        with open(out / "gpu-measurements.csv", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=keys)
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
