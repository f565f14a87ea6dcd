#!/usr/bin/env python3
"""Checks GGUFTensorLayout against llama.cpp's own loader: for a tiny config of each supported architecture,
canirun lists the tensors and metadata (through a test that dumps them), this script writes a GGUF with zero
weights and loads it with `llama-bench` (b11434). llama.cpp refuses a file with a missing tensor, a wrong
shape or an extra tensor ("wrong number of tensors"), so a load that runs a prompt means the layout is the one
llama.cpp expects. Results go to bench/quantization/layout-check.txt.

Usage (from the repository root): python3 bench/quantization/check_layouts_with_llama.py
Needs `swift` (runs `swift test --filter QuantizationLayoutDump`; set SCRATCH for --scratch-path).
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import gguf

LLAMA_BIN = os.environ.get("LLAMA_BIN", "/work/llama/build/bin")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BASE = {"hidden_size": 256, "intermediate_size": 512, "num_hidden_layers": 3, "num_attention_heads": 4,
        "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 512, "max_position_embeddings": 4096,
        "rms_norm_eps": 1e-6}


def cfg(cls, **extra):
    c = dict(BASE)
    c["architectures"] = [cls]
    c.update(extra)
    return c


CONFIGS = {
    "llama": cfg("LlamaForCausalLM", rope_scaling={"rope_type": "llama3", "factor": 8.0}, tie_word_embeddings=True),
    "mixtral": cfg("MixtralForCausalLM", num_local_experts=4, num_experts_per_tok=2),
    "qwen2": cfg("Qwen2ForCausalLM", tie_word_embeddings=False),
    "qwen2moe": cfg("Qwen2MoeForCausalLM", num_experts=4, num_experts_per_tok=2, moe_intermediate_size=256,
                    shared_expert_intermediate_size=512),
    "qwen3": cfg("Qwen3ForCausalLM", tie_word_embeddings=True),
    "qwen3moe": cfg("Qwen3MoeForCausalLM", num_experts=4, num_experts_per_tok=2, moe_intermediate_size=256),
    "gemma2": cfg("Gemma2ForCausalLM", sliding_window=128),
    "gemma3": cfg("Gemma3ForCausalLM", sliding_window=128),
    "phi3": cfg("Phi3ForCausalLM", num_key_value_heads=4),
    "deepseek2": cfg("DeepseekV2ForCausalLM", q_lora_rank=256, kv_lora_rank=128, qk_nope_head_dim=64,
                     qk_rope_head_dim=32, v_head_dim=64, n_routed_experts=4, num_experts_per_tok=2,
                     moe_intermediate_size=256, n_shared_experts=1, first_k_dense_replace=1,
                     topk_method="noaux_tc", num_key_value_heads=4, head_dim=None),
    "gpt-oss": cfg("GptOssForCausalLM", num_local_experts=4, experts_per_token=2, sliding_window=128,
                   tie_word_embeddings=False),
    "glm4": cfg("Glm4ForCausalLM", attention_bias=True),
    "granite": cfg("GraniteForCausalLM"),
    "olmo2": cfg("Olmo2ForCausalLM", num_key_value_heads=4),
    "olmoe": cfg("OlmoeForCausalLM", num_experts=4, num_experts_per_tok=2, num_key_value_heads=4),
    "command-r": cfg("CohereForCausalLM"),
    "command-r-plus": cfg("CohereForCausalLM", use_qk_norm=True, num_hidden_layers=64),
    "cohere2": cfg("Cohere2ForCausalLM", sliding_window=128),
    "starcoder2": cfg("Starcoder2ForCausalLM", num_key_value_heads=2),
    "lfm2": cfg("Lfm2ForCausalLM", conv_L_cache=3, full_attn_idxs=[1], tie_embedding=True),
}

# Keys llama.cpp requires that the layout's metadata does not carry (values do not matter for loading).
EXTRA = {
    "*": {"attention.layer_norm_rms_epsilon": 1e-6, "attention.layer_norm_epsilon": 1e-5, "rope.freq_base": 10000.0},
    "deepseek2": {"attention.q_lora_rank": 256, "expert_weights_scale": 1.0, "expert_gating_func": 2,
                  "expert_weights_norm": True},
    "gpt-oss": {"rope.scaling.original_context_length": 4096},
    "gemma2": {"attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0},
    "granite": {"residual_scale": 1.0, "embedding_scale": 1.0, "attention.scale": 1.0, "logit_scale": 1.0},
    "cohere2": {"logit_scale": 1.0},
    "command-r": {"logit_scale": 1.0},
}


def dump_layouts(tmp):
    cfg_path = os.path.join(tmp, "configs.json")
    out_path = os.path.join(tmp, "layouts.json")
    json.dump({k: {kk: vv for kk, vv in v.items() if vv is not None} for k, v in CONFIGS.items()},
              open(cfg_path, "w"))
    env = dict(os.environ, CANIRUN_LAYOUT_CONFIGS=cfg_path, CANIRUN_LAYOUT_DUMP=out_path)
    scratch = os.environ.get("SCRATCH", ".build")
    subprocess.run(["swift", "test", "--scratch-path", scratch, "--filter", "QuantizationLayoutDump"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return json.load(open(out_path))


def write_gguf(path, layout):
    arch = layout["architecture"]
    w = gguf.GGUFWriter(path, arch)
    for key, value in layout["metadata"].items():
        if key in ("general.architecture",):
            continue
        if isinstance(value, list):
            w.add_array(key, value)
        elif isinstance(value, str):
            w.add_string(key, value)
        else:
            w.add_uint32(key, value)
    for scope in ("*", arch):
        for key, value in EXTRA.get(scope, {}).items():
            full = f"{arch}.{key}"
            if isinstance(value, bool):
                w.add_bool(full, value)
            elif isinstance(value, float):
                w.add_float32(full, value)
            else:
                w.add_uint32(full, value)
    w.add_tokenizer_model("none")
    for name, dims, type_name in layout["tensors"]:
        shape = list(reversed(dims))
        if type_name == "MXFP4":
            n = int(np.prod(dims)) // 32 * 17
            raw_shape = list(reversed([dims[0] // 32 * 17] + dims[1:]))
            w.add_tensor(name, np.zeros(raw_shape, dtype=np.uint8), raw_shape=raw_shape,
                         raw_dtype=gguf.GGMLQuantizationType.MXFP4)
            assert n == int(np.prod(raw_shape))
        else:
            w.add_tensor(name, np.zeros(shape, dtype=np.float32 if type_name == "F32" else np.float16))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    lines = []
    ok_all = True
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        layouts = dump_layouts(tmp)
        for key in sorted(layouts):
            layout = layouts[key]
            if "error" in layout:
                lines.append(f"{key:11} layout error: {layout['error']}")
                ok_all = False
                continue
            path = os.path.join(tmp, f"{key}.gguf")
            write_gguf(path, layout)
            proc = subprocess.run([os.path.join(LLAMA_BIN, "llama-bench"), "-m", path, "-p", "8", "-n", "0", "-r", "1",
                                   "-t", "2", "-o", "csv"], capture_output=True, text=True, timeout=300)
            text = proc.stdout + proc.stderr
            if proc.returncode == 0:
                lines.append(f"{key:11} loaded by llama.cpp ({len(layout['tensors'])} tensors)")
            else:
                ok_all = False
                err = [l for l in text.splitlines() if "error" in l.lower() or "missing" in l or "wrong" in l]
                lines.append(f"{key:11} FAILED: {' | '.join(err[-3:])[:400]}")
            print(lines[-1], flush=True)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "layout-check.txt"), "w") as f:
        f.write("measured: python3 bench/quantization/check_layouts_with_llama.py (llama.cpp b11434 llama-bench)\n")
        f.write("\n".join(lines) + "\n")
    sys.exit(0 if ok_all else 1)


if __name__ == "__main__":
    main()
