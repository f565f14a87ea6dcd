#!/usr/bin/env python3
"""Run llama.cpp (CPU only, -ngl 0) over a grid of settings and record what it allocates.

For every run, llama-completion loads a model, creates the context, evaluates a short prompt
(or, for filled_context rows, a prompt that fills the context) and samples one token. The
verbose log is parsed for the buffer sizes llama.cpp prints, and the peak resident set size
of the process is taken from os.wait4() (ru_maxrss of exactly that child).

Output: measurements.csv (one row per run, appended; existing run_ids are skipped, so an
interrupted grid can be resumed) and logs/<run_id>.log (raw logs, not committed).

Environment:
  LLAMA_BIN_DIR     folder with llama-completion (default: ./.llama-build/bin)
  LLAMA_MODELS_DIR  folder with the GGUFs written by make_models.py (default: ./.models)
  GRID_THREADS      threads per run (default 2)
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_models as mm  # noqa: E402

COLUMNS = [
    "run_id", "fixture", "architecture", "mix", "n_ctx_requested", "n_batch", "n_ubatch", "n_seq",
    "flash_attn_requested", "flash_attn_resolved", "type_k", "type_v", "mmap", "n_gpu_layers",
    "n_ctx_logged", "n_ctx_seq_logged", "model_buffer_mib", "repack_buffer_mib", "kv_buffer_mib",
    "kv_k_mib", "kv_v_mib", "kv_swa_mib", "recurrent_r_mib", "recurrent_s_mib", "output_buffer_mib",
    "compute_buffer_mib", "peak_rss_bytes", "filled_context", "exit_code", "notes",
    # extra columns
    "kv_unified", "kv_cells_logged", "kv_swa_cells_logged", "recurrent_buffer_mib",
    "prompt_tokens", "n_threads", "wall_seconds",
]

# contexts per model: at least 4 between 512 and 131072, never above n_ctx_train
CTXS = {
    "llama32_1b": [512, 4096, 32768, 131072],   # n_ctx_train 131072
    "qwen25_05b": [512, 2048, 8192, 32768],     # n_ctx_train 32768
    "gemma3_1b": [512, 2048, 8192, 32768],      # n_ctx_train 32768
    "olmoe_1b7b": [512, 1024, 2048, 4096],      # n_ctx_train 4096
    "dsv2_lite": [512, 4096, 32768, 131072],    # n_ctx_train 163840
    "lfm2_350m": [512, 4096, 32768, 65536],     # n_ctx_train 128000
}
MID_CTX = {"llama32_1b": 4096, "qwen25_05b": 8192, "gemma3_1b": 8192, "olmoe_1b7b": 4096,
           "dsv2_lite": 4096, "lfm2_350m": 4096}
# one fixture per architecture for the cache-type / auto / parallel rows
ARCH_FIXTURE = {"llama32_1b": "llama32_1b-q4_k_m", "qwen25_05b": "qwen25_05b-f16",
                "gemma3_1b": "gemma3_1b-q4_0", "olmoe_1b7b": "olmoe_1b7b-q4_0",
                "dsv2_lite": "dsv2_lite-q8_0", "lfm2_350m": "lfm2_350m-q4_k_m"}


def run(fixture, ctx, b=2048, ub=512, np_=1, fa="on", ctk="f16", ctv="f16", mmap=1, fill=0,
        kvu=None, swa_full=False, no_repack=False):
    return dict(fixture=fixture, ctx=ctx, b=max(b, ub), ub=ub, np=np_, fa=fa, ctk=ctk, ctv=ctv,
                mmap=mmap, fill=fill, kvu=kvu, swa_full=swa_full, no_repack=no_repack)


def build_grid():
    fx_model = {mm.fixture_name(m, mix): (m, mix) for m, mix in mm.FIXTURES}
    G = []
    # A: context sweep, FA on and off, every fixture
    for fx, (m, mix) in fx_model.items():
        for ctx in CTXS[m]:
            for fa in ("on", "off"):
                G.append(run(fx, ctx, fa=fa))
    # B: ubatch sweep at a middle context
    for fx, (m, mix) in fx_model.items():
        for ub in (128, 1024):
            for fa in ("on", "off"):
                G.append(run(fx, MID_CTX[m], ub=ub, fa=fa))
    # C: cache types, one fixture per architecture
    for m, fx in ARCH_FIXTURE.items():
        ctx = MID_CTX[m]
        G.append(run(fx, ctx, fa="on", ctk="q8_0", ctv="q8_0"))
        G.append(run(fx, ctx, fa="on", ctk="q4_0", ctv="q4_0"))
        G.append(run(fx, ctx, fa="off", ctk="q8_0", ctv="q8_0"))   # quantized V without FA
        if m != "dsv2_lite":   # MLA requires type_k == type_v
            G.append(run(fx, ctx, fa="off", ctk="q8_0", ctv="f16"))
            G.append(run(fx, ctx, fa="on", ctk="q8_0", ctv="f16"))
        else:
            G.append(run(fx, ctx, fa="on", ctk="q8_0", ctv="f16"))  # expected refusal
    # D: flash attention auto
    for m, fx in ARCH_FIXTURE.items():
        G.append(run(fx, MID_CTX[m], fa="auto"))
    G.append(run(ARCH_FIXTURE["llama32_1b"], 4096, fa="auto", ctk="q8_0", ctv="q8_0"))
    # E: mmap off
    for fx, (m, mix) in fx_model.items():
        if m == "dsv2_lite":
            continue
        G.append(run(fx, MID_CTX[m], fa="on", mmap=0))
    # F: parallel sequences
    for m, fx in ARCH_FIXTURE.items():
        G.append(run(fx, MID_CTX[m], np_=4, fa="on"))
        G.append(run(fx, MID_CTX[m], np_=4, fa="off"))
    # G: filled contexts (small contexts only)
    G.append(run("qwen25_05b-q4_k_m", 512, fa="on", fill=1))
    G.append(run("qwen25_05b-q4_k_m", 1024, fa="off", fill=1))
    G.append(run("qwen25_05b-f16", 2048, fa="on", fill=1))
    G.append(run("lfm2_350m-q4_k_m", 512, fa="on", fill=1))
    G.append(run("lfm2_350m-q4_k_m", 2048, fa="off", fill=1))
    G.append(run("llama32_1b-q4_0", 1024, fa="on", fill=1))
    G.append(run("gemma3_1b-q4_0", 1024, fa="on", fill=1))
    G.append(run("olmoe_1b7b-q4_0", 512, fa="on", fill=1))
    G.append(run("dsv2_lite-q8_0", 512, fa="on", fill=1))
    # I: extra settings the estimator has to model
    G.append(run("gemma3_1b-q4_0", 8192, fa="on", swa_full=True))
    G.append(run("gemma3_1b-q4_0", 32768, fa="on", swa_full=True))
    G.append(run("gemma3_1b-q4_0", 32768, np_=4, fa="on"))
    G.append(run("llama32_1b-q4_0", 4096, fa="on", no_repack=True))
    G.append(run("llama32_1b-q4_k_m", 4096, fa="on", no_repack=True))
    G.append(run("olmoe_1b7b-q4_0", 4096, fa="on", no_repack=True))
    G.append(run("llama32_1b-q4_k_m", 131072, fa="on", ctk="q8_0", ctv="q8_0"))
    G.append(run("llama32_1b-q4_k_m", 131072, fa="on", ctk="q4_0", ctv="q4_0"))
    G.append(run("llama32_1b-q4_k_m", 131072, np_=4, fa="on"))
    G.append(run("llama32_1b-q4_k_m", 4096, b=2048, ub=2048, fa="on"))
    G.append(run("llama32_1b-q4_k_m", 4096, b=2048, ub=2048, fa="off"))
    G.append(run("qwen25_05b-q4_k_m", 8192, b=512, ub=512, fa="on"))
    G.append(run("lfm2_350m-q4_k_m", 128000, fa="on"))
    G.append(run("dsv2_lite-q8_0", 131072, fa="on", ctk="q8_0", ctv="q8_0"))
    # H: last, the one big anonymous load (16.7 GB read into RAM)
    G.append(run("dsv2_lite-q8_0", 512, fa="on", mmap=0))
    # de-duplicate, keep order
    seen, out = set(), []
    for r in G:
        k = run_id(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def run_id(r):
    s = (f"{r['fixture']}_c{r['ctx']}_b{r['b']}_ub{r['ub']}_np{r['np']}_fa{r['fa']}"
         f"_k{r['ctk']}_v{r['ctv']}_mm{r['mmap']}")
    if r["fill"]:
        s += "_fill"
    if r["kvu"]:
        s += "_kvu"
    if r.get("swa_full"):
        s += "_swafull"
    if r.get("no_repack"):
        s += "_norepack"
    return s


F = r"([0-9]+\.[0-9]+)"
RE = {
    "model_buf": re.compile(r"load_tensors:\s+(\S+) model buffer size =\s+" + F + " MiB"),
    "kv_buf": re.compile(r"llama_kv_cache:\s+(\S+) KV buffer size =\s+" + F + " MiB"),
    "kv_size": re.compile(r"llama_kv_cache: size =\s+" + F + r" MiB \(\s*(\d+) cells,\s*(\d+) layers,\s*(\d+)/(\d+) seqs\), K \((\w+)\):\s+" + F + r" MiB, V \((\w+)\):\s+" + F + " MiB"),
    "swa_create": re.compile(r"creating\s+SWA KV cache, size = (\d+) cells"),
    "base_create": re.compile(r"creating non-SWA KV cache, size = (\d+) cells"),
    "rs_buf": re.compile(r"llama_memory_recurrent:\s+(\S+) RS buffer size =\s+" + F + " MiB"),
    "rs_size": re.compile(r"llama_memory_recurrent: size =\s+" + F + r" MiB .*R \((\w+)\):\s+" + F + r" MiB, S \((\w+)\):\s+" + F + " MiB"),
    "out_buf": re.compile(r"llama_context:\s+(\S+)\s+output buffer size =\s+" + F + " MiB"),
    "compute_buf": re.compile(r":\s+(\S+) compute buffer size =\s+" + F + " MiB"),
    "n_ctx": re.compile(r"llama_context: n_ctx\s+= (\d+)"),
    "n_ctx_seq": re.compile(r"llama_context: n_ctx_seq\s+= (\d+)"),
    "kv_unified": re.compile(r"llama_context: kv_unified\s+= (\w+)"),
    "fa_param": re.compile(r"llama_context: flash_attn\s+= (\w+)"),
    "fa_auto": re.compile(r"Flash Attention (enabled|not supported, set to disabled)"),
    "fa_forced": re.compile(r"enabling flash_attn since it is required for quantized V cache"),
    "prompt_tokens": re.compile(r"prompt eval time =\s+[0-9.]+ ms /\s+(\d+) tokens"),
}
ERR_PAT = re.compile(r"(error|failed|requires|not support|too long|abort|exception)", re.I)


def parse_log(text: str) -> dict:
    d = {}
    mb = [(m.group(1), float(m.group(2))) for m in RE["model_buf"].finditer(text)]
    d["model_buffer_mib"] = round(sum(v for n, v in mb if "REPACK" not in n), 2) if mb else ""
    d["repack_buffer_mib"] = round(sum(v for n, v in mb if "REPACK" in n), 2) if mb else ""
    # KV: walk lines so SWA / non-SWA buffers are attributed to their cache
    kv_total, kv_swa, k_sum, v_sum, seen_kv = 0.0, 0.0, 0.0, 0.0, False
    in_swa = False
    cells, swa_cells = "", ""
    for line in text.splitlines():
        m = RE["base_create"].search(line)
        if m:
            in_swa = False
            cells = m.group(1)
        m = RE["swa_create"].search(line)
        if m:
            in_swa = True
            swa_cells = m.group(1)
        m = RE["kv_buf"].search(line)
        if m:
            seen_kv = True
            kv_total += float(m.group(2))
            if in_swa:
                kv_swa += float(m.group(2))
        m = RE["kv_size"].search(line)
        if m:
            k_sum += float(m.group(7))
            v_sum += float(m.group(9))
            if not in_swa and cells == "":
                cells = m.group(2)
    d["kv_buffer_mib"] = round(kv_total, 2) if seen_kv else 0.0
    d["kv_k_mib"] = round(k_sum, 2) if seen_kv else 0.0
    d["kv_v_mib"] = round(v_sum, 2) if seen_kv else 0.0
    d["kv_swa_mib"] = round(kv_swa, 2)
    d["kv_cells_logged"] = cells
    d["kv_swa_cells_logged"] = swa_cells
    rs = [float(m.group(2)) for m in RE["rs_buf"].finditer(text)]
    d["recurrent_buffer_mib"] = round(sum(rs), 2) if rs else 0.0
    r_sum = s_sum = 0.0
    for m in RE["rs_size"].finditer(text):
        r_sum += float(m.group(3))
        s_sum += float(m.group(5))
    d["recurrent_r_mib"] = round(r_sum, 2)
    d["recurrent_s_mib"] = round(s_sum, 2)
    ob = [float(m.group(2)) for m in RE["out_buf"].finditer(text)]
    d["output_buffer_mib"] = round(sum(ob), 2) if ob else ""
    cb = [float(m.group(2)) for m in RE["compute_buf"].finditer(text)]
    d["compute_buffer_mib"] = round(sum(cb), 2) if cb else ""
    for key in ("n_ctx", "n_ctx_seq"):
        m = RE[key].search(text)
        d[key + "_logged"] = m.group(1) if m else ""
    m = RE["kv_unified"].search(text)
    d["kv_unified"] = m.group(1) if m else ""
    m = RE["prompt_tokens"].search(text)
    d["prompt_tokens"] = m.group(1) if m else ""
    m_auto = RE["fa_auto"].search(text)
    m_param = RE["fa_param"].search(text)
    if RE["fa_forced"].search(text):
        d["fa_resolved"] = "on"
    elif m_auto:
        d["fa_resolved"] = "on" if m_auto.group(1) == "enabled" else "off"
    elif m_param:
        d["fa_resolved"] = {"enabled": "on", "disabled": "off"}.get(m_param.group(1), m_param.group(1))
    else:
        d["fa_resolved"] = ""
    return d


def first_error(text: str) -> str:
    for line in text.splitlines():
        if ERR_PAT.search(line) and "no_error" not in line:
            s = re.sub(r"^[0-9.]+ [A-Z] ", "", line.strip())
            if s.startswith("llama_model_loader") or "error_" in s:
                continue
            return s[:200]
    return ""


def prompt_for(r):
    if r["fill"]:
        # compact vocabulary: every 'a' is one token, plus the space-prefix token and BOS;
        # leave room for the one generated token
        n = r["ctx"] // r["np"] - 8
        return "a" * n
    return "Hi"


def execute(r, bin_dir: Path, models_dir: Path, log_dir: Path, threads: int):
    m, mix = next((m, mix) for m, mix in mm.FIXTURES if mm.fixture_name(m, mix) == r["fixture"])
    path = models_dir / f"{r['fixture']}.gguf"
    prompt_file = log_dir / "prompt.txt"
    prompt_file.write_text(prompt_for(r))
    cmd = [str(bin_dir / "llama-completion"), "-m", str(path), "-ngl", "0", "-fit", "off",
           "-c", str(r["ctx"]), "-b", str(r["b"]), "-ub", str(r["ub"]), "-np", str(r["np"]),
           "-fa", r["fa"], "-ctk", r["ctk"], "-ctv", r["ctv"], "-t", str(threads),
           "-n", "1", "-no-cnv", "--no-warmup", "--temp", "0", "--seed", "1",
           "-f", str(prompt_file), "-lv", "4"]
    if not r["mmap"]:
        cmd += ["-lm", "none"]   # b11434: --no-mmap became --load-mode none
    if r["kvu"]:
        cmd.append("-kvu")   # not accepted by llama-completion in b11434 (server/batched/bench only)
    if r.get("swa_full"):
        cmd.append("--swa-full")
    if r.get("no_repack"):
        cmd.append("--no-repack")
    t0 = time.time()
    with open(log_dir / f"{run_id(r)}.log", "w") as logf:
        logf.write("# " + " ".join(cmd) + "\n")
        logf.flush()
        p = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.time() - t0
    code = os.waitstatus_to_exitcode(status)
    with open(log_dir / f"{run_id(r)}.log", "a") as logf:
        logf.write(f"\n# exit_code={code} ru_maxrss_kib={ru.ru_maxrss} wall_seconds={wall:.1f}\n")
    return make_row(r, log_dir, code, ru.ru_maxrss * 1024, wall, threads)


def make_row(r, log_dir, code, rss_bytes, wall, threads):
    m, mix = next((m, mix) for m, mix in mm.FIXTURES if mm.fixture_name(m, mix) == r["fixture"])
    text = (log_dir / f"{run_id(r)}.log").read_text(errors="replace")
    d = parse_log(text)
    if d["compute_buffer_mib"] == "":
        # the context was never created: leave the context-side sizes empty
        for k in ("kv_buffer_mib", "kv_k_mib", "kv_v_mib", "kv_swa_mib", "recurrent_r_mib",
                  "recurrent_s_mib", "recurrent_buffer_mib", "output_buffer_mib"):
            d[k] = ""
    notes = []
    if code != 0:
        notes.append(first_error(text) or f"exit {code}")
    if r["fa"] == "auto":
        notes.append(f"auto resolved to {d['fa_resolved'] or '?'}")
    if r.get("swa_full"):
        notes.append("--swa-full")
    if r.get("no_repack"):
        notes.append("--no-repack")
    if r["kvu"]:
        notes.append("-kvu")
    if r["fill"] and d["prompt_tokens"]:
        notes.append(f"prompt filled {d['prompt_tokens']} of {r['ctx']} cells")
    row = {
        "run_id": run_id(r), "fixture": r["fixture"], "architecture": mm.ARCH_LABEL[m], "mix": mix,
        "n_ctx_requested": r["ctx"], "n_batch": r["b"], "n_ubatch": r["ub"], "n_seq": r["np"],
        "flash_attn_requested": r["fa"], "flash_attn_resolved": d["fa_resolved"],
        "type_k": r["ctk"], "type_v": r["ctv"], "mmap": r["mmap"], "n_gpu_layers": 0,
        "n_ctx_logged": d["n_ctx_logged"], "n_ctx_seq_logged": d["n_ctx_seq_logged"],
        "model_buffer_mib": d["model_buffer_mib"], "repack_buffer_mib": d["repack_buffer_mib"],
        "kv_buffer_mib": d["kv_buffer_mib"], "kv_k_mib": d["kv_k_mib"], "kv_v_mib": d["kv_v_mib"],
        "kv_swa_mib": d["kv_swa_mib"], "recurrent_r_mib": d["recurrent_r_mib"],
        "recurrent_s_mib": d["recurrent_s_mib"], "output_buffer_mib": d["output_buffer_mib"],
        "compute_buffer_mib": d["compute_buffer_mib"], "peak_rss_bytes": rss_bytes,
        "filled_context": r["fill"], "exit_code": code, "notes": "; ".join(notes),
        "kv_unified": d["kv_unified"], "kv_cells_logged": d["kv_cells_logged"],
        "kv_swa_cells_logged": d["kv_swa_cells_logged"],
        "recurrent_buffer_mib": d["recurrent_buffer_mib"], "prompt_tokens": d["prompt_tokens"],
        "n_threads": threads, "wall_seconds": round(wall, 1),
    }
    return row


def reparse(csv_path: Path, log_dir: Path, by_id: dict):
    with open(csv_path) as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        r = by_id.get(row["run_id"])
        if r is None:
            print("dropping row not in grid:", row["run_id"], file=sys.stderr)
            continue
        new = make_row(r, log_dir, int(row["exit_code"]), int(row["peak_rss_bytes"]),
                       float(row["wall_seconds"]), int(row["n_threads"]))
        out.append(new)
    order = {k: i for i, k in enumerate(by_id)}
    out.sort(key=lambda x: order[x["run_id"]])
    with open(csv_path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(out)
    print(f"rewrote {len(out)} rows", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("LLAMA_BIN_DIR", str(HERE / ".llama-build" / "bin")))
    ap.add_argument("--models", default=os.environ.get("LLAMA_MODELS_DIR", str(HERE / ".models")))
    ap.add_argument("--csv", default=str(HERE / "measurements.csv"))
    ap.add_argument("--logs", default=str(HERE / ".logs"))
    ap.add_argument("--threads", type=int, default=int(os.environ.get("GRID_THREADS", "2")))
    ap.add_argument("--only", nargs="*", help="substring filters on run_id")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--reparse", action="store_true",
                    help="rebuild the log-derived columns of an existing CSV from its logs")
    args = ap.parse_args()
    grid = build_grid()
    if args.reparse:
        reparse(Path(args.csv), Path(args.logs), {run_id(r): r for r in grid})
        return
    if args.only:
        grid = [r for r in grid if any(s in run_id(r) for s in args.only)]
    if args.list:
        for r in grid:
            print(run_id(r))
        print(len(grid), "runs", file=sys.stderr)
        return
    log_dir = Path(args.logs)
    log_dir.mkdir(parents=True, exist_ok=True)
    csv_path = Path(args.csv)
    done = set()
    if csv_path.exists():
        with open(csv_path) as f:
            done = {row["run_id"] for row in csv.DictReader(f)}
    new = not csv_path.exists()
    n = 0
    with open(csv_path, "a", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        if new:
            w.writeheader()
        for r in grid:
            if run_id(r) in done:
                continue
            if not (Path(args.models) / f"{r['fixture']}.gguf").exists():
                print("missing model for", run_id(r), file=sys.stderr)
                continue
            row = execute(r, Path(args.bin), Path(args.models), log_dir, args.threads)
            w.writerow(row)
            f.flush()
            print(f"{row['run_id']}: exit={row['exit_code']} kv={row['kv_buffer_mib']} "
                  f"compute={row['compute_buffer_mib']} rss={row['peak_rss_bytes'] / 2**20:.0f}MiB "
                  f"{row['wall_seconds']}s {row['notes']}", flush=True)
            n += 1
            if args.limit and n >= args.limit:
                break


if __name__ == "__main__":
    main()
