#!/usr/bin/env python3
"""Compares canirun's estimates with the buffers llama.cpp logged (measurements.csv) and prints the error table.

Usage: python3 bench/llama-memory/compare.py [path/to/canirun]   (default: .build/release/canirun)
Each fixture is the header of a measured GGUF; it is re-extended to its full size as a sparse file so that
canirun reads it like the real file.
"""
import csv
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests/CanIRunCoreTests/Fixtures/engine"
MIB = 1048576.0


def sparse_models(workdir):
    sizes = {row["fixture"]: int(row["file_bytes"]) for row in csv.DictReader(open(FIXTURES / "manifest.csv"))}
    paths = {}
    for name, size in sizes.items():
        target = pathlib.Path(workdir) / f"{name}.gguf"
        shutil.copyfile(FIXTURES / f"{name}.gguf", target)
        os.truncate(target, size)
        paths[name] = target
    return paths


def estimate(binary, model, row):
    args = [binary, "estimate", str(model), "--json", "--gpu", "none",
            "-c", row["n_ctx_requested"], "-b", row["n_batch"], "--ubatch", row["n_ubatch"],
            "--parallel", row["n_seq"], "--flash-attention", row["flash_attn_requested"],
            "--cache-type-k", row["type_k"], "--cache-type-v", row["type_v"]]
    if row.get("mmap") == "0":
        args.append("--no-mmap")
    if row.get("kv_unified") == "true":
        args.append("--kv-unified")
    if "--swa-full" in row.get("notes", ""):
        args.append("--swa-full")
    if "--no-repack" in row.get("notes", ""):
        args.append("--no-repack")
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode not in (0, 2):
        raise SystemExit(f"{row['run_id']}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/release/canirun")
    rows = [r for r in csv.DictReader(open(ROOT / "bench/llama-memory/measurements.csv")) if r["exit_code"] == "0"]
    errors = {k: [] for k in ("weights", "repack", "kv", "output", "compute", "total")}
    worst = {}
    with tempfile.TemporaryDirectory() as workdir:
        models = sparse_models(workdir)
        for row in rows:
            report = estimate(binary, models[row["fixture"]], row)
            host = report["host"]
            details = host["details"]
            weights = details["modelBufferBytes"] if row.get("mmap") == "0" else details["mappedBufferBytes"]
            kv_logged = float(row["kv_buffer_mib"] or 0) + float(row.get("recurrent_buffer_mib") or 0)
            pairs = {
                "weights": (weights, float(row["model_buffer_mib"] or 0)),
                "repack": (details["repackedBytes"], float(row["repack_buffer_mib"] or 0)),
                "kv": (host["memory"]["kvCache"], kv_logged),
                "output": (host["memory"]["output"], float(row["output_buffer_mib"] or 0)),
                "compute": (host["memory"]["compute"], float(row["compute_buffer_mib"] or 0)),
            }
            logged_total = sum(v[1] for v in pairs.values())
            ours_total = host["memory"]["total"] + details["reclaimableBytes"] - host["memory"]["overhead"]
            pairs["total"] = (ours_total, logged_total)
            for key, (ours, logged_mib) in pairs.items():
                if logged_mib <= 0 and ours == 0:
                    error = 0.0
                elif logged_mib <= 0:
                    error = 100.0
                else:
                    error = abs(ours / MIB - logged_mib) / logged_mib * 100
                errors[key].append(error)
                if error > worst.get(key, (-1, ""))[0]:
                    worst[key] = (error, row["run_id"])
    print(f"{len(rows)} runs of llama.cpp b11434 (CPU), estimate vs logged buffer\n")
    print("| component | median error | max error | worst run |")
    print("|---|---|---|---|")
    for key, values in errors.items():
        print(f"| {key} | {statistics.median(values):.2f} % | {max(values):.2f} % | {worst[key][1]} |")


if __name__ == "__main__":
    main()
