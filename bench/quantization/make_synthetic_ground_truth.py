#!/usr/bin/env python3
"""Ground truth for the rules the four real F16 sources do not reach (experts, 8-expert Mixtral rules, MLA,
fused QKV, Falcon, the 70B attn_v rule): writes small synthetic F16 GGUFs (zero weights, tiny widths, the real
tensor names and layer counts) to a temporary folder, runs `llama-quantize --dry-run` on each for every file
type, and records the chosen types in Tests/CanIRunCoreTests/Fixtures/quantization/synthetic.json.
The synthetic files are deleted afterwards.

Usage: python3 bench/quantization/make_synthetic_ground_truth.py
"""
import json
import os
import tempfile

import numpy as np
import gguf

from make_ground_truth import FTYPES, OUT, dry_run, nbytes

H = 256          # hidden size (a multiple of 256, so K-quants fit)
F = 512          # FFN width
VOCAB = 512


def model_specs():
    specs = []

    def dense_attention(b, heads, kv, hd):
        return [(b + "attn_norm.weight", [H]), (b + "attn_q.weight", [H, heads * hd]),
                (b + "attn_k.weight", [H, kv * hd]), (b + "attn_v.weight", [H, kv * hd]),
                (b + "attn_output.weight", [heads * hd, H]), (b + "ffn_norm.weight", [H])]

    # Mixtral-like: llama with 8 experts, 32 layers, GQA 4.
    t = [("token_embd.weight", [H, VOCAB]), ("output_norm.weight", [H]), ("output.weight", [H, VOCAB])]
    for i in range(32):
        b = f"blk.{i}."
        t += dense_attention(b, 8, 2, 32)
        t += [(b + "ffn_gate_inp.weight", [H, 8]), (b + "ffn_gate_exps.weight", [H, F, 8]),
              (b + "ffn_down_exps.weight", [F, H, 8]), (b + "ffn_up_exps.weight", [H, F, 8])]
    specs.append(("mixtral_like", "llama", {"block_count": 32, "attention.head_count": 8, "attention.head_count_kv": 2,
                                            "expert_count": 8, "expert_used_count": 2, "feed_forward_length": F}, t))

    # Qwen3-MoE-like: 16 experts, 12 layers, GQA 2, tied embeddings, q/k norms.
    t = [("token_embd.weight", [H, VOCAB]), ("output_norm.weight", [H])]
    for i in range(12):
        b = f"blk.{i}."
        t += dense_attention(b, 8, 4, 32)
        t += [(b + "attn_q_norm.weight", [32]), (b + "attn_k_norm.weight", [32]),
              (b + "ffn_gate_inp.weight", [H, 16]), (b + "ffn_gate_exps.weight", [H, F, 16]),
              (b + "ffn_down_exps.weight", [F, H, 16]), (b + "ffn_up_exps.weight", [H, F, 16])]
    specs.append(("qwen3moe_like", "qwen3moe", {"block_count": 12, "attention.head_count": 8, "attention.head_count_kv": 4,
                                                "expert_count": 16, "expert_used_count": 4,
                                                "expert_feed_forward_length": F, "feed_forward_length": F}, t))

    # DeepSeek-V3-like MLA: q_lora, kv_a_mqa, k_b/v_b (3-D), one dense layer, 16 experts + shared, 10 layers.
    heads, nope, rope, vdim, qr, kvr = 4, 64, 32, 64, 256, 256
    t = [("token_embd.weight", [H, VOCAB]), ("output_norm.weight", [H]), ("output.weight", [H, VOCAB])]
    for i in range(10):
        b = f"blk.{i}."
        t += [(b + "attn_norm.weight", [H]), (b + "attn_q_a.weight", [H, qr]), (b + "attn_q_a_norm.weight", [qr]),
              (b + "attn_q_b.weight", [qr, heads * (nope + rope)]), (b + "attn_kv_a_mqa.weight", [H, kvr + rope]),
              (b + "attn_kv_a_norm.weight", [kvr]), (b + "attn_k_b.weight", [nope, kvr, heads]),
              (b + "attn_v_b.weight", [kvr, vdim, heads]), (b + "attn_output.weight", [heads * vdim, H]),
              (b + "ffn_norm.weight", [H])]
        if i == 0:
            t += [(b + "ffn_gate.weight", [H, F]), (b + "ffn_down.weight", [F, H]), (b + "ffn_up.weight", [H, F])]
        else:
            t += [(b + "ffn_gate_inp.weight", [H, 16]), (b + "exp_probs_b.bias", [16]),
                  (b + "ffn_gate_exps.weight", [H, F, 16]), (b + "ffn_down_exps.weight", [F, H, 16]),
                  (b + "ffn_up_exps.weight", [H, F, 16]), (b + "ffn_gate_shexp.weight", [H, F]),
                  (b + "ffn_down_shexp.weight", [F, H]), (b + "ffn_up_shexp.weight", [H, F])]
    specs.append(("deepseek3_like", "deepseek2", {
        "block_count": 10, "attention.head_count": heads, "attention.head_count_kv": 1, "expert_count": 16, "expert_used_count": 4,
        "expert_feed_forward_length": F, "feed_forward_length": F, "expert_shared_count": 1,
        "leading_dense_block_count": 1, "attention.q_lora_rank": qr, "attention.kv_lora_rank": kvr,
        "attention.key_length": kvr + rope, "attention.value_length": kvr, "attention.key_length_mla": nope + rope,
        "attention.value_length_mla": vdim, "rope.dimension_count": rope, "expert_weights_scale": 1.0}, t))

    # 80-layer llama with GQA: LLM_TYPE_70B.
    t = [("token_embd.weight", [H, VOCAB]), ("output_norm.weight", [H]), ("output.weight", [H, VOCAB])]
    for i in range(80):
        b = f"blk.{i}."
        t += dense_attention(b, 8, 1, 32)
        t += [(b + "ffn_gate.weight", [H, F]), (b + "ffn_down.weight", [F, H]), (b + "ffn_up.weight", [H, F])]
    specs.append(("llama70b_like", "llama", {"block_count": 80, "attention.head_count": 8, "attention.head_count_kv": 1,
                                             "feed_forward_length": F}, t))

    # Falcon: fused QKV, no gate, 16 layers.
    t = [("token_embd.weight", [H, VOCAB]), ("output_norm.weight", [H]), ("output_norm.bias", [H]),
         ("output.weight", [H, VOCAB])]
    for i in range(16):
        b = f"blk.{i}."
        t += [(b + "attn_norm.weight", [H]), (b + "attn_norm.bias", [H]), (b + "attn_qkv.weight", [H, H + 2 * 32]),
              (b + "attn_output.weight", [H, H]), (b + "ffn_up.weight", [H, F]), (b + "ffn_down.weight", [F, H])]
    specs.append(("falcon_like", "falcon", {"block_count": 16, "attention.head_count": 8, "attention.head_count_kv": 1,
                                            "feed_forward_length": F}, t))
    return specs


def write(path, arch, hp, tensors):
    w = gguf.GGUFWriter(path, arch)
    w.add_uint32(f"{arch}.context_length", 4096)
    w.add_uint32(f"{arch}.embedding_length", H)
    w.add_uint32(f"{arch}.vocab_size", VOCAB)
    w.add_float32(f"{arch}.attention.layer_norm_rms_epsilon", 1e-6)
    w.add_float32(f"{arch}.attention.layer_norm_epsilon", 1e-5)
    for key, value in hp.items():
        if isinstance(value, float):
            w.add_float32(f"{arch}.{key}", value)
        else:
            w.add_uint32(f"{arch}.{key}", value)
    w.add_file_type(1)
    w.add_tokenizer_model("gpt2")
    w.add_token_list([f"t{i}" for i in range(VOCAB)])
    for name, dims in tensors:
        f32 = len(dims) == 1 or name.endswith("_norm.weight") or "ffn_gate_inp" in name
        shape = list(reversed(dims))  # numpy order
        w.add_tensor(name, np.zeros(shape, dtype=np.float32 if f32 else np.float16))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    record = {}
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        for key, arch, hp, tensors in model_specs():
            path = os.path.join(tmp, f"{key}.gguf")
            write(path, arch, hp, tensors)
            entry = {"architecture": arch, "hparams": hp, "tensors": [[n, d, "F32" if (len(d) == 1 or n.endswith(
                "_norm.weight") or "ffn_gate_inp" in n) else "F16"] for n, d in tensors], "ftypes": {}}
            for ftype in FTYPES:
                types, err = dry_run(path, ftype)
                if types is None:
                    entry["ftypes"][ftype] = {"error": err.strip().splitlines()[-1] if err.strip() else "failed"}
                    print(f"{key} {ftype}: failed: {entry['ftypes'][ftype]['error']}")
                    continue
                ordered = [types[n] for n, _ in tensors]
                entry["ftypes"][ftype] = {"types": ordered,
                                          "tensorBytes": sum(nbytes(t, d) for t, (_, d) in zip(ordered, tensors))}
                print(f"{key:15} {ftype:9} {entry['ftypes'][ftype]['tensorBytes']}")
            record[key] = entry
    with open(os.path.join(OUT, "synthetic.json"), "w") as f:
        json.dump(record, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
