#!/usr/bin/env python3
"""Write full-size GGUF files for real model architectures with synthetic (all-zero) weights.

Shapes and hyper-parameters are copied from each model's published config.json (see SOURCES).
Metadata keys follow what llama.cpp's converter (convert_hf_to_gguf.py / conversion/*.py in
llama.cpp b11434) writes for that architecture; tensor names and shapes follow the tensor
creation code in llama.cpp b11434 src/models/<arch>.cpp.

Only the GGUF header (metadata + tensor infos) is written with gguf-py. The file is then
extended to its full size with truncate(), so the tensor data is a sparse hole that reads as
zeros. llama.cpp does not validate weight values, so such a file loads and runs.

The tokenizer is a compact SentencePiece-style ("llama") vocabulary with the REAL vocabulary
size: short unique token strings, no scores and no token types (both optional in llama.cpp),
so the embedding/output tensors and the logits buffer have their real sizes.

Usage:
  make_models.py --out DIR [--only NAME ...] [--list]
Mixes named "q4_k_m-quantize", "q8_0-quantize", "q4_0-quantize" are produced afterwards by the
real llama-quantize from the f16 file (see run_quantize() / --quantize).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import gguf
from gguf import GGMLQuantizationType as QT

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------------
# Real configurations (values copied from the config.json named in "source").
# ---------------------------------------------------------------------------------------------
SOURCES = {
    "llama32_1b": "https://huggingface.co/meta-llama/Llama-3.2-1B/blob/main/config.json",
    "qwen25_05b": "https://huggingface.co/Qwen/Qwen2.5-0.5B/blob/main/config.json",
    "gemma3_1b": "https://huggingface.co/google/gemma-3-1b-pt/blob/main/config.json",
    "olmoe_1b7b": "https://huggingface.co/allenai/OLMoE-1B-7B-0924/blob/main/config.json",
    "dsv2_lite": "https://huggingface.co/deepseek-ai/DeepSeek-V2-Lite/blob/main/config.json",
    "lfm2_350m": "https://huggingface.co/LiquidAI/LFM2-350M/blob/main/config.json",
}

CONFIGS = {
    # meta-llama/Llama-3.2-1B: hidden 2048, 16 layers, 32 heads, 8 kv heads, head_dim 64,
    # intermediate 8192, vocab 128256, max_position_embeddings 131072, rope_theta 500000,
    # rms_norm_eps 1e-5, tie_word_embeddings true, rope_scaling llama3 (factor 32, low 1, high 4, orig 8192)
    "llama32_1b": dict(arch="llama", hidden=2048, layers=16, heads=32, kv_heads=8, head_dim=64,
                       ff=8192, vocab=128256, ctx=131072, rope_theta=500000.0, eps=1e-5, tied=True),
    # Qwen/Qwen2.5-0.5B: hidden 896, 24 layers, 14 heads, 2 kv heads, intermediate 4864,
    # vocab 151936, max_position_embeddings 32768, rope_theta 1e6, rms_norm_eps 1e-6, tied, qkv bias
    "qwen25_05b": dict(arch="qwen2", hidden=896, layers=24, heads=14, kv_heads=2, head_dim=64,
                       ff=4864, vocab=151936, ctx=32768, rope_theta=1000000.0, eps=1e-6, tied=True),
    # google/gemma-3-1b-pt: hidden 1152, 26 layers, 4 heads, 1 kv head, head_dim 256,
    # intermediate 6912, vocab 262144, max_position_embeddings 32768, sliding_window 512,
    # sliding_window_pattern 6, rope_theta 1e6, rope_local_base_freq 10000, rms_norm_eps 1e-6, tied
    "gemma3_1b": dict(arch="gemma3", hidden=1152, layers=26, heads=4, kv_heads=1, head_dim=256,
                      ff=6912, vocab=262144, ctx=32768, rope_theta=1000000.0, rope_swa=10000.0,
                      eps=1e-6, swa=512, tied=True),
    # allenai/OLMoE-1B-7B-0924: hidden 2048, 16 layers, 16 heads, 16 kv heads, intermediate
    # (per expert) 1024, 64 experts, 8 per token, vocab 50304, max_position_embeddings 4096,
    # rope_theta 10000, rms_norm_eps 1e-5, tie_word_embeddings false
    "olmoe_1b7b": dict(arch="olmoe", hidden=2048, layers=16, heads=16, kv_heads=16, head_dim=128,
                       ff=1024, vocab=50304, ctx=4096, rope_theta=10000.0, eps=1e-5, tied=False,
                       experts=64, experts_used=8),
    # deepseek-ai/DeepSeek-V2-Lite: hidden 2048, 27 layers, 16 heads, intermediate 10944,
    # moe_intermediate_size 1408, 64 routed experts, 6 per token, 2 shared experts,
    # first_k_dense_replace 1, q_lora_rank null, kv_lora_rank 512, qk_nope_head_dim 128,
    # qk_rope_head_dim 64, v_head_dim 128, vocab 102400, max_position_embeddings 163840,
    # rope_theta 10000, yarn (factor 40, original 4096, mscale_all_dim 0.707), rms_norm_eps 1e-6,
    # routed_scaling_factor 1.0, tie_word_embeddings false
    "dsv2_lite": dict(arch="deepseek2", hidden=2048, layers=27, heads=16, ff=10944, ff_exp=1408,
                      experts=64, experts_used=6, experts_shared=2, dense_lead=1, kv_lora=512,
                      qk_nope=128, qk_rope=64, v_head=128, vocab=102400, ctx=163840,
                      rope_theta=10000.0, eps=1e-6, tied=False),
    # LiquidAI/LFM2-350M: hidden 1024, 16 layers, 16 heads, 8 kv heads, vocab 65536,
    # block_ff_dim 6656 with block_auto_adjust_ff_dim true, block_multiple_of 256,
    # block_ffn_dim_multiplier 1.0 -> 4608, conv_L_cache 3, full_attn_idxs [2,5,8,10,12,14],
    # max_position_embeddings 128000, norm_eps 1e-5, rope_theta 1e6, tied
    "lfm2_350m": dict(arch="lfm2", hidden=1024, layers=16, heads=16, kv_heads=8, head_dim=64,
                      ff=4608, vocab=65536, ctx=128000, rope_theta=1000000.0, eps=1e-5, tied=True,
                      conv_l=3, attn_layers=[2, 5, 8, 10, 12, 14]),
}

ARCH_LABEL = {
    "llama32_1b": "llama", "qwen25_05b": "qwen2", "gemma3_1b": "gemma3",
    "olmoe_1b7b": "olmoe", "dsv2_lite": "deepseek2", "lfm2_350m": "lfm2",
}

# Fixtures: (model, mix). gemma3_1b-f16 is written only as the input of llama-quantize.
# Fixtures: (model, mix). Mixes "f16", "q8_0", "q4_0" are assigned here; "*-quantize" mixes
# are produced by the real llama-quantize from the f16 file of the same model.
FIXTURES = [
    ("llama32_1b", "f16"),
    ("llama32_1b", "q8_0-quantize"),
    ("llama32_1b", "q4_0-quantize"),
    ("llama32_1b", "q4_k_m-quantize"),
    ("qwen25_05b", "f16"),
    ("qwen25_05b", "q4_k_m-quantize"),
    ("gemma3_1b", "q4_0-quantize"),
    ("olmoe_1b7b", "q4_0"),
    ("dsv2_lite", "q8_0"),
    ("lfm2_350m", "f16"),
    ("lfm2_350m", "q4_k_m-quantize"),
]


def fixture_name(model: str, mix: str) -> str:
    return f"{model}-{mix.replace('-quantize', '')}"


# ---------------------------------------------------------------------------------------------
# Tensor lists. Shapes are in ggml order (ne0 first), as llama.cpp's create_tensor() states them.
# role: "w" = quantizable matrix, "f32" = kept F32 (norms, biases, router, conv, rope factors)
# ---------------------------------------------------------------------------------------------

def tensors_for(model: str):
    c = CONFIGS[model]
    a = c["arch"]
    E, L, V = c["hidden"], c["layers"], c["vocab"]
    T = []

    def add(name, shape, role="w"):
        T.append((name, list(shape), role))

    add("token_embd.weight", (E, V))
    if a == "lfm2":
        add("token_embd_norm.weight", (E,), "f32")
    else:
        add("output_norm.weight", (E,), "f32")
    if not c["tied"]:
        add("output.weight", (E, V))
    if a == "llama":
        # llama3 rope scaling: the converter writes rope_freqs (n_rot/2 floats)
        add("rope_freqs.weight", (c["head_dim"] // 2,), "f32")

    for i in range(L):
        b = f"blk.{i}."
        if a in ("llama", "qwen2", "gemma3", "olmoe"):
            H, KV, D = c["heads"], c["kv_heads"], c["head_dim"]
            add(b + "attn_norm.weight", (E,), "f32")
            add(b + "attn_q.weight", (E, H * D))
            add(b + "attn_k.weight", (E, KV * D))
            add(b + "attn_v.weight", (E, KV * D))
            if a == "qwen2":
                add(b + "attn_q.bias", (H * D,), "f32")
                add(b + "attn_k.bias", (KV * D,), "f32")
                add(b + "attn_v.bias", (KV * D,), "f32")
            add(b + "attn_output.weight", (H * D, E))
            if a == "gemma3":
                add(b + "post_attention_norm.weight", (E,), "f32")
                add(b + "attn_k_norm.weight", (D,), "f32")
                add(b + "attn_q_norm.weight", (D,), "f32")
            if a == "olmoe":
                add(b + "attn_q_norm.weight", (E,), "f32")
                add(b + "attn_k_norm.weight", (E,), "f32")
            add(b + "ffn_norm.weight", (E,), "f32")
            if a == "olmoe":
                X, F = c["experts"], c["ff"]
                add(b + "ffn_gate_inp.weight", (E, X), "f32")
                add(b + "ffn_gate_exps.weight", (E, F, X))
                add(b + "ffn_down_exps.weight", (F, E, X))
                add(b + "ffn_up_exps.weight", (E, F, X))
            else:
                F = c["ff"]
                add(b + "ffn_gate.weight", (E, F))
                add(b + "ffn_down.weight", (F, E))
                add(b + "ffn_up.weight", (E, F))
            if a == "gemma3":
                add(b + "post_ffw_norm.weight", (E,), "f32")
        elif a == "deepseek2":
            H, R, N, VH, KL = c["heads"], c["qk_rope"], c["qk_nope"], c["v_head"], c["kv_lora"]
            add(b + "attn_norm.weight", (E,), "f32")
            add(b + "attn_kv_a_norm.weight", (KL,), "f32")
            add(b + "attn_q.weight", (E, H * (N + R)))
            add(b + "attn_kv_a_mqa.weight", (E, KL + R))
            add(b + "attn_k_b.weight", (N, KL, H))
            add(b + "attn_v_b.weight", (KL, VH, H))
            add(b + "attn_output.weight", (H * VH, E))
            add(b + "ffn_norm.weight", (E,), "f32")
            if i < c["dense_lead"]:
                F = c["ff"]
                add(b + "ffn_gate.weight", (E, F))
                add(b + "ffn_down.weight", (F, E))
                add(b + "ffn_up.weight", (E, F))
            else:
                X, FE, S = c["experts"], c["ff_exp"], c["experts_shared"]
                add(b + "ffn_gate_inp.weight", (E, X), "f32")
                add(b + "ffn_gate_exps.weight", (E, FE, X))
                add(b + "ffn_down_exps.weight", (FE, E, X))
                add(b + "ffn_up_exps.weight", (E, FE, X))
                add(b + "ffn_gate_shexp.weight", (E, FE * S))
                add(b + "ffn_down_shexp.weight", (FE * S, E))
                add(b + "ffn_up_shexp.weight", (E, FE * S))
        elif a == "lfm2":
            F, H, KV, D = c["ff"], c["heads"], c["kv_heads"], c["head_dim"]
            add(b + "ffn_norm.weight", (E,), "f32")
            add(b + "ffn_gate.weight", (E, F))
            add(b + "ffn_down.weight", (F, E))
            add(b + "ffn_up.weight", (E, F))
            add(b + "attn_norm.weight", (E,), "f32")
            if i in c["attn_layers"]:
                add(b + "attn_q_norm.weight", (D,), "f32")
                add(b + "attn_k_norm.weight", (D,), "f32")
                add(b + "attn_q.weight", (E, E))
                add(b + "attn_k.weight", (E, KV * D))
                add(b + "attn_v.weight", (E, KV * D))
                add(b + "attn_output.weight", (E, E))
            else:
                add(b + "shortconv.conv.weight", (c["conv_l"], E), "f32")
                add(b + "shortconv.in_proj.weight", (E, 3 * E))
                add(b + "shortconv.out_proj.weight", (E, E))
    return T


def pick_type(name: str, shape, role: str, mix: str, model: str) -> QT:
    """Tensor type for the mixes assigned here (not produced by llama-quantize)."""
    if role == "f32":
        return QT.F32
    ne0 = shape[0]
    if mix == "f16":
        return QT.F16
    if mix == "q8_0":
        # llama-quantize Q8_0 recipe: every quantizable matrix Q8_0 (output stays Q8_0 too)
        return QT.Q8_0 if ne0 % 32 == 0 else QT.F16
    if mix == "q4_0":
        # llama-quantize Q4_0 recipe (src/llama-quant.cpp): output (or tied token_embd) -> Q6_K
        # when ne0 % 256 == 0 else Q8_0; everything else Q4_0 (Q8_0 fallback where ne0 % 32 != 0)
        tied = CONFIGS[model]["tied"]
        if name == "output.weight" or (tied and name == "token_embd.weight"):
            return QT.Q6_K if ne0 % 256 == 0 else QT.Q8_0
        return QT.Q4_0 if ne0 % 32 == 0 else QT.Q8_0
    raise ValueError(mix)


FTYPE = {"f16": 1, "q8_0": 7, "q4_0": 2}  # llama_ftype values (include/llama.h)


def nbytes_of(shape, t: QT) -> int:
    bs, ts = gguf.GGML_QUANT_SIZES[t]
    n = int(np.prod(shape))
    assert shape[0] % bs == 0, (shape, t)
    return n // bs * ts


def compact_vocab(n: int):
    toks = ["<unk>", "<s>", "</s>", "\n", "\u2581"] + [chr(c) for c in range(32, 127)]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    need = n - len(toks)
    assert need <= len(alphabet) ** 3
    k = 0
    while len(toks) < n:
        toks.append(alphabet[k // 4096] + alphabet[(k // 64) % 64] + alphabet[k % 64])
        k += 1
    assert len(set(toks)) == n
    return toks


def add_metadata(w: gguf.GGUFWriter, model: str, mix: str):
    c = CONFIGS[model]
    a = c["arch"]
    w.add_name(f"{model} synthetic ({mix})")
    w.add_string("general.source.url", SOURCES[model])
    w.add_context_length(c["ctx"])
    w.add_embedding_length(c["hidden"])
    w.add_block_count(c["layers"])
    w.add_layer_norm_rms_eps(c["eps"])
    w.add_rope_freq_base(c["rope_theta"])
    w.add_vocab_size(c["vocab"])
    if mix in FTYPE:
        w.add_file_type(FTYPE[mix])
    if a in ("llama", "qwen2", "gemma3", "olmoe"):
        w.add_feed_forward_length(c["ff"])
        w.add_head_count(c["heads"])
        w.add_head_count_kv(c["kv_heads"])
        w.add_key_length(c["head_dim"])
        w.add_value_length(c["head_dim"])
        w.add_rope_dimension_count(c["head_dim"])
    if a == "llama":
        w.add_uint32("llama.rope.scaling.original_context_length", 8192)
    if a == "gemma3":
        w.add_sliding_window(c["swa"])
        w.add_float32("gemma3.rope.freq_base_swa", c["rope_swa"])
    if a == "olmoe":
        w.add_expert_count(c["experts"])
        w.add_expert_used_count(c["experts_used"])
    if a == "deepseek2":
        w.add_feed_forward_length(c["ff"])
        w.add_head_count(c["heads"])
        w.add_head_count_kv(1)  # MLA is stored as MQA with one latent "head"
        w.add_key_length(c["kv_lora"] + c["qk_rope"])
        w.add_value_length(c["kv_lora"])
        w.add_uint32("deepseek2.attention.key_length_mla", c["qk_nope"] + c["qk_rope"])
        w.add_uint32("deepseek2.attention.value_length_mla", c["v_head"])
        w.add_kv_lora_rank(c["kv_lora"])
        w.add_rope_dimension_count(c["qk_rope"])
        w.add_leading_dense_block_count(c["dense_lead"])
        w.add_expert_feed_forward_length(c["ff_exp"])
        w.add_expert_count(c["experts"])
        w.add_expert_used_count(c["experts_used"])
        w.add_expert_shared_count(c["experts_shared"])
        w.add_expert_weights_scale(1.0)
        w.add_rope_scaling_type(gguf.RopeScalingType.YARN)
        w.add_rope_scaling_factor(40.0)
        w.add_rope_scaling_orig_ctx_len(4096)
        w.add_rope_scaling_yarn_log_mul(0.1 * 0.707)
    if a == "lfm2":
        w.add_feed_forward_length(c["ff"])
        w.add_head_count(c["heads"])
        kv = [c["kv_heads"] if i in c["attn_layers"] else 0 for i in range(c["layers"])]
        w.add_head_count_kv(kv)
        w.add_shortconv_l_cache(c["conv_l"])
    # compact tokenizer with the real vocabulary size
    w.add_tokenizer_model("llama")
    w.add_token_list(compact_vocab(c["vocab"]))
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)


def write_model(model: str, mix: str, path: Path) -> dict:
    """Write header with gguf-py, then truncate to full size. Returns a summary."""
    c = CONFIGS[model]
    w = gguf.GGUFWriter(str(path), c["arch"])
    add_metadata(w, model, mix)
    total = 0
    align = 32
    pad = lambda n: (n + align - 1) // align * align
    tensors = tensors_for(model)
    for name, shape, role in tensors:
        t = pick_type(name, shape, role, mix, model)
        nb = nbytes_of(shape, t)
        # gguf-py takes the numpy-order shape (reversed ggml order)
        w.add_tensor_info(name, list(reversed(shape)), np.dtype(np.float32), nb, raw_dtype=t)
        total += pad(nb)
    w.write_header_to_file(path)
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    fout = w.fout[0]
    w.write_padding(fout, fout.tell())
    fout.flush()
    data_offset = fout.tell()
    w.close()
    with open(path, "r+b") as f:
        f.truncate(data_offset + total)
    return dict(path=str(path), data_offset=data_offset, file_bytes=data_offset + total,
                tensor_count=len(tensors), tensor_data_bytes=total)


def run_quantize(bin_dir: Path, src: Path, dst: Path, qtype: str):
    cmd = [str(bin_dir / "llama-quantize"), str(src), str(dst), qtype.upper(), str(os.cpu_count() or 2)]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.environ.get("LLAMA_MODELS_DIR", str(HERE / ".models")))
    ap.add_argument("--bin", default=os.environ.get("LLAMA_BIN_DIR", str(HERE / ".llama-build" / "bin")))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.list:
        for m, mix in FIXTURES:
            print(fixture_name(m, mix), m, mix)
        return
    done = {}
    for model, mix in FIXTURES:
        fx = fixture_name(model, mix)
        if args.only and fx not in args.only and model not in args.only:
            continue
        dst = out / f"{fx}.gguf"
        if mix.endswith("-quantize"):
            src = out / f"{model}-f16.gguf"
            if not src.exists():
                write_model(model, "f16", src)
            if not dst.exists():
                run_quantize(Path(args.bin), src, dst, mix.replace("-quantize", ""))
        else:
            if not dst.exists():
                write_model(model, mix, dst)
        done[fx] = dict(model=model, mix=mix, path=str(dst), bytes=dst.stat().st_size)
        print(f"{fx}: {dst.stat().st_size} bytes", flush=True)
    (out / "models.json").write_text(json.dumps(done, indent=1))


if __name__ == "__main__":
    main()
