#!/usr/bin/env python3
"""Regenerates Tests/CanIRunCoreTests/Fixtures/quantization/ from llama.cpp's own llama-quantize.

For every F16 source GGUF and every file type llama-quantize accepts, runs `llama-quantize --dry-run`
(which chooses every tensor's type with the same code as a real run, without writing a file) and records
each tensor's resulting type, the tensor bytes and the file bytes. Real quantizations (the files already in
the models folder, plus any asked for with --real) check that the dry-run types and the byte arithmetic
match real files exactly.

Usage:
  python3 bench/quantization/make_ground_truth.py [--real qwen25_05b:Q6_K,qwen25_05b:IQ4_XS ...]

Needs: llama.cpp b11434 built (LLAMA_BIN, default /work/llama/build/bin), the F16 sources (MODELS, default
/work/llama/models/*-f16.gguf with models.json), gguf-py (`pip install gguf`, 0.19.0 used).
Real outputs go to a temporary folder and are deleted after they are read.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import gguf

LLAMA_BIN = os.environ.get("LLAMA_BIN", "/work/llama/build/bin")
MODELS = os.environ.get("MODELS", "/work/llama/models")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests/CanIRunCoreTests/Fixtures/quantization")

SOURCES = ["llama32_1b", "qwen25_05b", "gemma3_1b", "lfm2_350m"]

# Every file type in tools/quantize/quantize.cpp's QUANT_OPTIONS (aliases and COPY left out).
FTYPES = [
    "F32", "F16", "BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q5_K_S", "Q5_1", "Q5_0", "Q4_K_M", "Q4_K_S", "Q4_1",
    "Q4_0", "IQ4_XS", "IQ4_NL", "Q3_K_L", "Q3_K_M", "Q3_K_S", "IQ3_M", "IQ3_S", "IQ3_XS", "IQ3_XXS", "Q2_K",
    "Q2_K_S", "IQ2_M", "IQ2_S", "IQ2_XS", "IQ2_XXS", "IQ1_M", "IQ1_S", "TQ2_0", "TQ1_0", "Q2_0", "Q1_0",
    "MXFP4_MOE",
]
# Types a real run refuses without an importance matrix (tensor_requires_imatrix in src/llama-quant.cpp).
IMATRIX_TYPES = {"IQ3_XXS", "IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ1_M", "IQ1_S"}

LINE = re.compile(
    r"^\[\s*\d+/\s*\d+\]\s+(\S+)\s+- \[([\d,\s]+)\], type =\s*(\w+), size =\s*[\d.]+ MiB(?: ->\s*[\d.]+ MiB \((\w+)\))?")

ALIGN = 32


def type_name(t):
    return gguf.GGMLQuantizationType(t).name if not isinstance(t, str) else t.upper()


# Types newer than gguf-py 0.19.0 (block size, bytes per block; ggml/src/ggml-common.h in llama.cpp b11434).
EXTRA_SIZES = {"Q1_0": (128, 18), "Q2_0": (64, 18), "NVFP4": (64, 36)}


def nbytes(type_str, dims):
    if type_str.upper() in EXTRA_SIZES:
        block, size = EXTRA_SIZES[type_str.upper()]
    else:
        block, size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[type_str.upper()]]
    n = 1
    for d in dims:
        n *= d
    assert n % block == 0, (type_str, dims)
    return n // block * size


def pad(n):
    return (n + ALIGN - 1) // ALIGN * ALIGN


def dry_run(path, ftype):
    proc = subprocess.run([os.path.join(LLAMA_BIN, "llama-quantize"), "--dry-run", path, ftype],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return None, (proc.stdout + proc.stderr)[-400:]
    types = {}
    for line in (proc.stdout + proc.stderr).splitlines():
        m = LINE.match(line)
        if m:
            name, _, cur, new = m.groups()
            types[name] = (new or cur).upper()
    return types, None


def read_real(path):
    r = gguf.GGUFReader(path)
    return {t.name: type_name(t.tensor_type) for t in r.tensors}, r.data_offset, os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layouts-only", action="store_true", help="only rewrite layout-configs.json")
    ap.add_argument("--real", default="", help="comma-separated model:FTYPE pairs to quantize for real")
    args = ap.parse_args()
    extra_real = [p.split(":") for p in args.real.split(",") if p]
    models_json = json.load(open(os.path.join(MODELS, "models.json")))
    os.makedirs(OUT, exist_ok=True)
    manifest = {}
    for model in SOURCES:
        src = os.path.join(MODELS, f"{model}-f16.gguf")
        reader = gguf.GGUFReader(src)
        header_name = f"{model}-f16.header.gguf"
        with open(src, "rb") as f:
            header = f.read(reader.data_offset)
        with open(os.path.join(OUT, header_name), "wb") as f:
            f.write(header)
        manifest[model] = {"header": header_name, "fileBytes": os.path.getsize(src),
                           "dataOffset": reader.data_offset}
        tensors = [(t.name, [int(x) for x in t.shape], type_name(t.tensor_type)) for t in reader.tensors]
        # Real files: the ones already in the models folder, plus the ones asked for.
        real = {}
        for entry in models_json.values():
            if entry["model"] == model and entry["mix"].endswith("-quantize"):
                real[entry["mix"].split("-")[0].upper()] = read_real(entry["path"])
        for m, ft in extra_real:
            if m != model:
                continue
            with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
                out = os.path.join(tmp, "out.gguf")
                subprocess.run([os.path.join(LLAMA_BIN, "llama-quantize"), src, out, ft, "2"],
                               check=True, capture_output=True)
                real[ft.upper()] = read_real(out)
        out_offsets = {v[1] for v in real.values()}
        assert len(out_offsets) == 1, f"{model}: output data offsets differ {out_offsets}"
        out_offset = out_offsets.pop()
        record = {"model": model, "architecture": str(reader.fields["general.architecture"].contents()),
                  "header": header_name, "sourceFileBytes": os.path.getsize(src),
                  "sourceDataOffset": reader.data_offset, "outputDataOffset": out_offset,
                  "tensors": [[n, d, t] for n, d, t in tensors], "ftypes": {}}
        for ftype in FTYPES:
            types, err = dry_run(src, ftype)
            if types is None:
                print(f"{model} {ftype}: llama-quantize failed: {err}", file=sys.stderr)
                continue
            assert set(types) == {t[0] for t in tensors}, (model, ftype)
            ordered = [types[n] for n, _, _ in tensors]
            tensor_bytes = sum(nbytes(t, d) for t, (_, d, _) in zip(ordered, tensors))
            file_bytes = out_offset + sum(pad(nbytes(t, d)) for t, (_, d, _) in zip(ordered, tensors))
            entry = {"types": ordered, "tensorBytes": tensor_bytes, "fileBytes": file_bytes,
                     "requiresImatrix": any(t in IMATRIX_TYPES for t in ordered if t) or ftype == "Q2_K_S"}
            if ftype in real:
                real_types, _, real_size = real[ftype]
                assert real_types == types, f"{model} {ftype}: dry run and real file disagree"
                assert real_size == file_bytes, f"{model} {ftype}: size {real_size} != {file_bytes}"
                entry["checkedAgainstRealFile"] = True
            record["ftypes"][ftype] = entry
            print(f"{model:12} {ftype:9} tensors {tensor_bytes:>12} file {file_bytes:>12}"
                  + ("  (real file matches)" if ftype in real else ""))
        with open(os.path.join(OUT, f"{model}.json"), "w") as f:
            json.dump(record, f, separators=(",", ":"))
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


# Configs for the layout tests: the Hugging Face config.json of each fixture model (or of a model with the same
# shapes), and the tensor lists of the quantized-only files (OLMoE, DeepSeek-V2-Lite) for names and shapes.
DATA_CONFIGS = {  # fixture -> (Data/models file, model id)
    "llama32_1b": ("llama-3.2.json", "llama-3.2-1b-instruct"),
    "qwen25_05b": ("qwen2.json", "qwen2-0.5b-instruct"),  # Qwen2-0.5B: same shapes as Qwen2.5-0.5B
    "gemma3_1b": ("gemma-3.json", "gemma-3-1b-it"),
    "dsv2_lite": ("deepseek-v2.json", "deepseek-v2-lite"),
}
HAND_CONFIGS = {
    "lfm2_350m": ({"architectures": ["Lfm2ForCausalLM"], "hidden_size": 1024, "num_hidden_layers": 16,
                   "num_attention_heads": 16, "num_key_value_heads": 8, "vocab_size": 65536, "block_ff_dim": 6656,
                   "block_auto_adjust_ff_dim": True, "block_ffn_dim_multiplier": 1.0, "block_multiple_of": 256,
                   "conv_L_cache": 3, "full_attn_idxs": [2, 5, 8, 10, 12, 14], "max_position_embeddings": 128000,
                   "tie_embedding": True},
                  "https://huggingface.co/LiquidAI/LFM2-350M/blob/main/config.json (values as written there; "
                  "checked against the fixture GGUF's metadata and shapes)"),
    "olmoe_1b7b": ({"architectures": ["OlmoeForCausalLM"], "hidden_size": 2048, "intermediate_size": 1024,
                    "num_hidden_layers": 16, "num_attention_heads": 16, "num_key_value_heads": 16,
                    "num_experts": 64, "num_experts_per_tok": 8, "vocab_size": 50304,
                    "max_position_embeddings": 4096, "tie_word_embeddings": False},
                   "https://huggingface.co/allenai/OLMoE-1B-7B-0924/blob/main/config.json (values as in the "
                   "fixture GGUF's metadata)"),
}


def write_layout_configs():
    out = {}
    for fixture, (path, model_id) in DATA_CONFIGS.items():
        entries = json.load(open(os.path.join(ROOT, "Data/models", path)))["models"]
        entry = next(m for m in entries if m["id"] == model_id)
        out[fixture] = {"config": entry["config"], "configSource": f"Data/models/{path} ({model_id}): "
                        + entry.get("configSource", "")}
    for fixture, (config, source) in HAND_CONFIGS.items():
        out[fixture] = {"config": config, "configSource": source}
    for fixture, gguf_name in (("olmoe_1b7b", "olmoe_1b7b-q4_0.gguf"), ("dsv2_lite", "dsv2_lite-q8_0.gguf")):
        reader = gguf.GGUFReader(os.path.join(MODELS, gguf_name))
        out[fixture]["tensors"] = [[t.name, [int(x) for x in t.shape]] for t in reader.tensors]
        out[fixture]["tensorsFrom"] = gguf_name
    with open(os.path.join(OUT, "layout-configs.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    if "--layouts-only" not in sys.argv:
        main()
    write_layout_configs()
