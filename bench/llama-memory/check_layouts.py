#!/usr/bin/env python3
"""Checks canirun's predicted tensor layouts against the real llama.cpp loader, and its memory estimate against the
buffers llama.cpp then allocates.

For each catalog model named below:
1. its config.json (from Data/models, optionally cut to fewer layers so the check stays small) goes through
   `canirun-bench layout`, which prints the tensors (names, shapes, F16/F32 types) and the architecture keys canirun
   predicts for a converted file;
2. gguf-py writes that header (plus the few keys llama.cpp requires that canirun does not need, such as norm
   epsilons, and a compact vocabulary of the real size) and the file is extended to its full size as a sparse file;
3. llama.cpp b11434's llama-completion loads it on the CPU (`-n 1`): the loader refuses any missing, extra or
   mis-shaped tensor, so a run that gets to the prompt confirms the layout;
4. `canirun estimate` reads the same file with the same settings; weights, KV cache, recurrent state, output and
   compute buffers are compared with llama.cpp's log, and the written file's size with canirun's prediction.

Usage: python3 bench/llama-memory/check_layouts.py --bin /path/to/llama.cpp/build/bin [--out DIR] [--only ID ...]
Needs: gguf-py (PyPI `gguf`), `swift build -c release` (canirun and canirun-bench in .build/release).
Results: bench/llama-memory/layout-checks.csv (committed) and the logs in --out.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import gguf
from gguf import GGMLQuantizationType as QT

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import make_models as mm  # noqa: E402  (compact_vocab)
import run_grid as rg  # noqa: E402  (parse_log)

sys.path.insert(0, str(HERE.parent / "quantization"))
import make_ground_truth as mgt  # noqa: E402  (dry_run)

MIB = 1048576.0

# (catalog id, layers kept or None for all). Large models are cut to a few layers: the layout rules are per layer,
# and the loader checks every tensor either way.
MODELS = [
    ("granite-4.0-h-micro", None),
    ("granite-4.0-h-tiny", None),
    ("falcon-h1-0.5b-instruct", None),
    ("nemotron-3-nano-30b-a3b", 6),
    ("qwen3.5-35b-a3b", 8),
    ("qwen3.5-27b", 8),
    ("qwen3-next-80b-a3b-instruct", 8),
    ("exaone-4.0-32b", 8),
    ("phi-3.5-moe-instruct", 4),
    ("glm-4.5-air", 4),
    ("minimax-m2.5", 4),
    ("smollm3-3b", None),
    ("stablelm-2-zephyr-1.6b", None),
    ("internlm2.5-7b-chat", 4),
    ("glm-4-9b-chat-hf", 4),
    ("gemma-2b", None),
    ("minicpm-2b-sft-bf16", 8),
    ("mistral-small-3.1-24b-instruct-2503", 4),
    ("qwen2.5-vl-7b-instruct", 4),
    ("qwen3-vl-32b-instruct", 4),
    ("llama-4-scout-17b-16e-instruct", 4),
    ("llama-3.3-nemotron-super-49b-v1", 12),
    ("gemma-3n-e2b-it", None),
    ("gemma-3n-e4b-it", None),
    ("gemma-4-26b-a4b", 6),
]

TYPES = {"F16": QT.F16, "F32": QT.F32, "BF16": QT.BF16, "MXFP4": QT.MXFP4}


def catalog_config(model_id: str) -> dict:
    for path in sorted((ROOT / "Data/models").glob("*.json")):
        for entry in json.load(open(path))["models"]:
            if entry["id"] == model_id:
                return entry["config"]
    raise SystemExit(f"{model_id}: not in the catalog")


def cut_layers(config: dict, layers: int | None) -> dict:
    """The config with only the first `layers` layers (per-layer lists and patterns cut to match)."""
    if layers is None:
        return config
    config = json.loads(json.dumps(config))
    target = config.get("text_config", config)
    target["num_hidden_layers"] = layers
    for key in ("layer_types", "layers_block_type", "no_rope_layers", "block_configs"):
        if isinstance(target.get(key), list):
            target[key] = target[key][:layers]
    if isinstance(target.get("hybrid_override_pattern"), str):
        target["hybrid_override_pattern"] = target["hybrid_override_pattern"][:layers]
    return config


def predicted_layout(bench: Path, config: dict, file_types: list[str]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    out = subprocess.run([str(bench), "layout", handle.name, *file_types], capture_output=True, text=True)
    os.unlink(handle.name)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return json.loads(out.stdout)


def add_key(w: gguf.GGUFWriter, key: str, value) -> None:
    if isinstance(value, bool):
        w.add_bool(key, value)
    elif isinstance(value, int):
        w.add_uint32(key, value) if value >= 0 else w.add_int32(key, value)
    elif isinstance(value, float):
        w.add_float32(key, value)
    elif isinstance(value, str):
        w.add_string(key, value)
    elif isinstance(value, list):
        if value and isinstance(value[0], bool):
            w.add_array(key, value)
        elif value and isinstance(value[0], float):
            w.add_key_value(key, value, gguf.GGUFValueType.ARRAY, sub_type=gguf.GGUFValueType.FLOAT32)
        else:
            w.add_key_value(key, value, gguf.GGUFValueType.ARRAY, sub_type=gguf.GGUFValueType.INT32)


def required_extras(arch: str, layout: dict, config: dict) -> dict:
    """Keys llama.cpp's loader requires that canirun's estimate does not read (values do not change any buffer
    size): norm epsilons, rope bases, Granite's scales, MoE gating, Qwen3.5's rope sections."""
    text = config.get("text_config", config)
    a = arch
    extra = {
        f"{a}.attention.layer_norm_rms_epsilon": 1e-5,
        f"{a}.attention.layer_norm_epsilon": 1e-5,
        f"{a}.rope.freq_base": 10000.0,
    }
    meta = layout["metadata"]
    head = meta.get(f"{a}.attention.key_length")
    if head:
        extra[f"{a}.rope.dimension_count"] = head
    if a in ("granite", "granitehybrid"):
        for key in ("attention.scale", "embedding_scale", "residual_scale", "logit_scale"):
            extra[f"{a}.{key}"] = 1.0
    if a in ("qwen35", "qwen35moe", "qwen3next"):
        extra[f"{a}.rope.dimension_count"] = int(head * 0.25)
        extra[f"{a}.rope.dimension_sections"] = [11, 11, 10, 0]
    if a in ("qwen2vl", "qwen3vl"):
        extra[f"{a}.rope.dimension_sections"] = [16, 24, 24, 0]
    if a in ("glm4moe", "nemotron_h_moe", "minimax-m2"):
        extra[f"{a}.expert_gating_func"] = 2
        extra[f"{a}.expert_weights_scale"] = 1.0
        extra[f"{a}.expert_weights_norm"] = True
    if a == "glm4moe":
        extra[f"{a}.rope.dimension_count"] = head // 2
    if a == "nemotron_h_moe":
        extra[f"{a}.expert_group_count"] = 1
        extra[f"{a}.expert_group_used_count"] = 1
    if a == "llama4":
        extra[f"{a}.interleave_moe_layer_step"] = text.get("interleave_moe_layer_step", 1)
    if a == "gemma3n":
        extra[f"{a}.altup_active_idx"] = 0
        extra[f"{a}.attention.shared_kv_layers"] = text.get("num_kv_shared_layers", 0)
        extra[f"{a}.rope.freq_base_swa"] = 10000.0
        extra[f"{a}.activation_sparsity_scale"] = [0.0] * text["num_hidden_layers"]
    if a == "gemma4":
        extra[f"{a}.attention.shared_kv_layers"] = 0
        extra[f"{a}.rope.freq_base_swa"] = 10000.0
        extra[f"{a}.rope.dimension_count_swa"] = meta.get(f"{a}.attention.key_length_swa", 256)
    if a == "phimoe":
        extra[f"{a}.rope.scaling.original_context_length"] = 4096
    return extra


def compact_vocab(n: int) -> list[str]:
    """make_models.compact_vocab, with four-character tokens past its 262 244 (Gemma 3n has 262 400)."""
    if n <= 262_244:
        return mm.compact_vocab(n)
    tokens = mm.compact_vocab(262_244)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    k = 0
    while len(tokens) < n:
        tokens.append("~" + alphabet[k // 4096] + alphabet[(k // 64) % 64] + alphabet[k % 64])
        k += 1
    return tokens


def write_gguf(path: Path, layout: dict, extras: dict) -> int:
    arch = layout["architecture"]
    w = gguf.GGUFWriter(str(path), arch)
    # Not the model id: llama.cpp keys vocabulary quirks on the name (a "phi-3" name wants Phi-3 tokens).
    w.add_name("canirun layout check")
    for key, value in sorted({**layout["metadata"], **extras}.items()):
        if key in ("general.architecture",):
            continue
        add_key(w, key, value)
    w.add_tokenizer_model("llama")
    w.add_token_list(compact_vocab(layout["vocabSize"]))
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    total = 0
    for tensor in layout["tensors"]:
        dims = tensor["dims"]
        qtype = TYPES[tensor["type"]]
        elements = 1
        for d in dims:
            elements *= d
        block, size = gguf.GGML_QUANT_SIZES[qtype]
        nbytes = elements // block * size
        # gguf-py takes the shape in PyTorch order (reversed ggml order) and the byte count of the data.
        w.add_tensor_info(tensor["name"], list(reversed(dims)), qtype_dtype(qtype), nbytes, raw_dtype=qtype)
        total += nbytes
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    w.close()
    data_start = (path.stat().st_size + 31) // 32 * 32  # the data section starts at the next 32-byte boundary
    # Tensor data is aligned to 32 bytes per tensor.
    offset = 0
    for tensor in layout["tensors"]:
        elements = 1
        for d in tensor["dims"]:
            elements *= d
        block, tsize = gguf.GGML_QUANT_SIZES[TYPES[tensor["type"]]]
        offset = (offset + 31) // 32 * 32 + elements // block * tsize
    size = data_start + offset
    os.truncate(path, size)
    return size


def qtype_dtype(qtype):
    import numpy as np

    return {QT.F32: np.float32, QT.F16: np.float16}.get(qtype, np.uint8)


def run_llama(bin_dir: Path, model: Path, log: Path, ctx: int) -> tuple[int, str]:
    cmd = [str(bin_dir / "llama-completion"), "-m", str(model), "-ngl", "0", "-fit", "off", "-c", str(ctx),
           "-b", "2048", "-ub", "512", "-np", "1", "-fa", "on", "-t", "2", "-n", "1", "-no-cnv", "--no-warmup",
           "--temp", "0", "--seed", "1", "-p", "Hi", "-lv", "4"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    text = out.stdout + out.stderr
    log.write_text("# " + " ".join(cmd) + "\n" + text)
    return out.returncode, text


def dry_run_types(bin_dir: Path, model: Path, file_type: str) -> dict:
    """The type llama-quantize --dry-run gives each tensor, read by bench/quantization/make_ground_truth.py."""
    mgt.LLAMA_BIN = str(bin_dir)
    types, _ = mgt.dry_run(str(model), file_type)
    return types or {}


def estimate(canirun: Path, model: Path, ctx: int) -> dict:
    out = subprocess.run([str(canirun), "estimate", str(model), "--json", "--gpu", "none", "-c", str(ctx),
                          "-b", "2048", "--ubatch", "512", "--parallel", "1", "--flash-attention", "on"],
                         capture_output=True, text=True)
    if out.returncode not in (0, 2):
        raise RuntimeError(out.stderr.strip())
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, type=Path, help="llama.cpp build/bin with llama-completion")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "canirun-layout-checks")
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--quantize", default="Q4_K_M,Q8_0,Q6_K,Q3_K_M",
                        help="file types whose per-tensor choice is compared with llama-quantize --dry-run")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    bench = ROOT / ".build/release/canirun-bench"
    canirun = ROOT / ".build/release/canirun"
    rows = []
    for model_id, layers in MODELS:
        if args.only and model_id not in args.only:
            continue
        config = cut_layers(catalog_config(model_id), layers)
        file_types = [t for t in args.quantize.split(",") if t]
        layout = predicted_layout(bench, config, file_types)
        arch = layout["architecture"]
        path = args.out / f"{model_id}.gguf"
        size = write_gguf(path, layout, required_extras(arch, layout, config))
        code, text = run_llama(args.bin, path, args.out / f"{model_id}.log", args.ctx)
        logged = rg.parse_log(text)
        loaded = code == 0 and logged.get("compute_buffer_mib") != ""
        error = "" if loaded else rg.first_error(text)
        est = estimate(canirun, path, args.ctx) if loaded else {}
        memory = est.get("memory", {})

        def mib(key):
            value = memory.get(key)
            return round(value / MIB, 2) if isinstance(value, (int, float)) else ""

        row = {
            "model": model_id, "architecture": arch, "layers": layers or "all", "ctx": args.ctx,
            "tensors": len(layout["tensors"]), "loaded": loaded, "error": error[:160],
            "file_bytes_written": size, "file_bytes_predicted": layout["predictedFileBytes"],
            "weights_mib_logged": logged.get("model_buffer_mib", ""), "weights_mib_estimated": mib("weights"),
            # canirun's kvCache holds the KV cache and the recurrent state together (llama.cpp logs KV and RS buffers).
            "kv_mib_logged": logged.get("kv_buffer_mib", ""),
            "recurrent_mib_logged": logged.get("recurrent_buffer_mib", ""),
            "cache_mib_logged": round((logged.get("kv_buffer_mib") or 0) + (logged.get("recurrent_buffer_mib") or 0), 2)
            if loaded else "",
            "cache_mib_estimated": mib("kvCache"),
            "output_mib_logged": logged.get("output_buffer_mib", ""), "output_mib_estimated": mib("output"),
            "compute_mib_logged": logged.get("compute_buffer_mib", ""), "compute_mib_estimated": mib("compute"),
        }
        # The recipe against llama-quantize: tensors whose type differs, per file type.
        differences = []
        for file_type in file_types:
            real = dry_run_types(args.bin, path, file_type)
            planned = layout["planned"].get(file_type, {})
            wrong = sorted(n for n in set(real) | set(planned) if real.get(n) != planned.get(n, "").upper())
            if not real:
                differences.append(f"{file_type}: no dry-run output")
                continue
            differences.append(f"{file_type}: {len(wrong)} of {len(real)}" + (
                f" ({wrong[0]}: {real.get(wrong[0])} vs {planned.get(wrong[0])})" if wrong else ""))
        row["type_differences"] = "; ".join(differences)
        rows.append(row)
        print(json.dumps(row))
        os.unlink(path)
    target = HERE / "layout-checks.csv"
    if not args.only:
        with open(target, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()))
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
