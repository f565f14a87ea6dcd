#!/usr/bin/env python3
"""Checks the bert and nomic-bert layouts of GGUFTensorLayout, and QuantizationRecipe's types for them, against
llama.cpp b11434 without canirun's own code in the loop:

1. The expected F16 tensor list is built from the Hugging Face checkpoint tensor names and shapes of
   all-MiniLM-L6-v2 (BertModel), bge-m3 (XLMRobertaModel) and nomic-embed-text-v1.5 (NomicBertModel), with
   the converter's own rules: `BertModel.filter_tensors` (drop position_ids, pooler, cls.*), the XLM-RoBERTa
   position-table cut (`modify_tensors`), gguf-py's TensorNameMap (what `ModelBase.map_tensor_name` uses) and
   the type rules of `ModelBase.prepare_tensors` (conversion/base.py: 1-D, `_norm.weight`, POS_EMBD,
   TOKEN_TYPES and non-`.weight` tensors in F32, the rest F16). convert_hf_to_gguf.py itself needs torch,
   which this machine lacks, so these few lines stand in for it.
2. That list is compared with canirun's layout (names, ggml shapes, types), dumped by
   `swift test --filter QuantizationLayoutDump`.
3. A GGUF with zero weights is written from the expected list and loaded with `llama-bench`, which refuses a
   missing tensor, a wrong shape or an extra tensor.
4. `llama-quantize` turns it into Q8_0 and Q4_K_M for real; the types it wrote are compared with the types
   canirun's recipe predicts, tensor by tensor.

Usage (from the repository root): python3 bench/quantization/check_encoder_layouts.py
Needs `swift` (set SCRATCH for --scratch-path); results go to bench/quantization/encoder-check.txt.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

# gguf-py of the same llama.cpp tree (b11434): its tensor-name tables are the converter's.
sys.path.insert(0, os.environ.get("GGUF_PY", "/work/llama/src/gguf-py"))
import gguf  # noqa: E402

LLAMA_BIN = os.environ.get("LLAMA_BIN", "/work/llama/build/bin")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FILE_TYPES = ["Q8_0", "Q4_K_M"]


def catalog_config(model_id):
    for name in os.listdir(os.path.join(ROOT, "Data/models")):
        entry = json.load(open(os.path.join(ROOT, "Data/models", name)))
        for model in entry.get("models", []):
            if model["id"] == model_id:
                return model["config"]
    raise KeyError(model_id)


def bert_checkpoint(c, type_vocab, positions):
    """Tensor names and (PyTorch) shapes of a transformers BertModel / XLMRobertaModel checkpoint."""
    h, f = c["hidden_size"], c["intermediate_size"]
    t = [("embeddings.word_embeddings.weight", [c["vocab_size"], h]),
         ("embeddings.position_embeddings.weight", [positions, h]),
         ("embeddings.token_type_embeddings.weight", [type_vocab, h]),
         ("embeddings.LayerNorm.weight", [h]), ("embeddings.LayerNorm.bias", [h]),
         ("embeddings.position_ids", [1, positions])]
    for i in range(c["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        for part in ("query", "key", "value"):
            t += [(p + f"attention.self.{part}.weight", [h, h]), (p + f"attention.self.{part}.bias", [h])]
        t += [(p + "attention.output.dense.weight", [h, h]), (p + "attention.output.dense.bias", [h]),
              (p + "attention.output.LayerNorm.weight", [h]), (p + "attention.output.LayerNorm.bias", [h]),
              (p + "intermediate.dense.weight", [f, h]), (p + "intermediate.dense.bias", [f]),
              (p + "output.dense.weight", [h, f]), (p + "output.dense.bias", [h]),
              (p + "output.LayerNorm.weight", [h]), (p + "output.LayerNorm.bias", [h])]
    t += [("pooler.dense.weight", [h, h]), ("pooler.dense.bias", [h])]
    return t


def nomic_checkpoint(c):
    """Tensor names and shapes of nomic-ai/nomic-embed-text-v1.5's model.safetensors (NomicBertModel)."""
    h, f = c["hidden_size"], c["intermediate_size"]
    t = [("embeddings.word_embeddings.weight", [c["vocab_size"], h]),
         ("embeddings.token_type_embeddings.weight", [2, h]),
         ("emb_ln.weight", [h]), ("emb_ln.bias", [h])]
    for i in range(c["num_hidden_layers"]):
        p = f"encoder.layers.{i}."
        t += [(p + "attn.Wqkv.weight", [3 * h, h]), (p + "attn.out_proj.weight", [h, h]),
              (p + "mlp.fc11.weight", [f, h]), (p + "mlp.fc12.weight", [f, h]), (p + "mlp.fc2.weight", [h, f]),
              (p + "norm1.weight", [h]), (p + "norm1.bias", [h]), (p + "norm2.weight", [h]), (p + "norm2.bias", [h])]
    return t


def convert(arch, checkpoint, n_layers, position_offset=0):
    """The converter's filter, rename and type rules (conversion/bert.py, conversion/base.py)."""
    arch_enum = next(k for k, v in gguf.MODEL_ARCH_NAMES.items() if v == arch)
    tmap = gguf.get_tensor_name_map(arch_enum, n_layers)
    f32_kinds = (gguf.MODEL_TENSOR.POS_EMBD, gguf.MODEL_TENSOR.TOKEN_TYPES)
    out = []
    for name, shape in checkpoint:
        if name.startswith("bert."):
            name = name[5:]
        if name in ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"):
            continue
        if name.startswith("cls.predictions") or name.startswith("cls.seq_relationship"):
            continue
        if name == "embeddings.position_embeddings.weight" and position_offset:
            shape = [shape[0] - position_offset] + shape[1:]
        new = tmap.get_name(name, try_suffixes=(".weight", ".bias"))
        assert new is not None, name
        f32 = len(shape) <= 1 or new.endswith("_norm.weight") or not new.endswith(".weight")
        f32 |= any(new == gguf.TENSOR_NAMES[k] + ".weight" for k in f32_kinds)
        out.append((new, list(reversed(shape)), "F32" if f32 else "F16"))
    return out


def dump_layouts(tmp, configs):
    cfg_path = os.path.join(tmp, "configs.json")
    out_path = os.path.join(tmp, "layouts.json")
    json.dump(configs, open(cfg_path, "w"))
    env = dict(os.environ, CANIRUN_LAYOUT_CONFIGS=cfg_path, CANIRUN_LAYOUT_DUMP=out_path,
               CANIRUN_LAYOUT_FILE_TYPES=",".join(FILE_TYPES))
    scratch = os.environ.get("SCRATCH", ".build")
    subprocess.run(["swift", "test", "--skip-build", "--scratch-path", scratch, "--filter", "QuantizationLayoutDump"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return json.load(open(out_path))


def write_gguf(path, arch, tensors, metadata):
    w = gguf.GGUFWriter(path, arch)
    for key, value in metadata.items():
        if key == "general.architecture":
            continue
        if isinstance(value, bool):
            w.add_bool(key, value)
        elif isinstance(value, str):
            w.add_string(key, value)
        else:
            w.add_uint32(key, value)
    w.add_float32(f"{arch}.attention.layer_norm_epsilon", 1e-12)
    w.add_float32(f"{arch}.rope.freq_base", 1000.0)
    w.add_uint32(f"{arch}.pooling_type", 1)
    w.add_tokenizer_model("none")
    for name, dims, type_name in tensors:
        w.add_tensor(name, np.zeros(list(reversed(dims)), dtype=np.float32 if type_name == "F32" else np.float16))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    minilm = catalog_config("all-minilm-l6-v2")
    bge = catalog_config("bge-m3")
    nomic = catalog_config("nomic-embed-text-v1.5")
    cases = {
        # type_vocab_size 2 (BertConfig default, the all-MiniLM-L6-v2 config.json value)
        "all-minilm-l6-v2": ("bert", minilm, convert("bert", bert_checkpoint(minilm, 2, 512), 6)),
        # XLM-RoBERTa: type_vocab_size 1, pad_token_id 1, so the converter drops 2 of the 8194 position rows
        "bge-m3": ("bert", bge, convert("bert", bert_checkpoint(bge, 1, 8194), 24, position_offset=2)),
        "nomic-embed-text-v1.5": ("nomic-bert", nomic, convert("nomic-bert", nomic_checkpoint(nomic), 12)),
    }
    lines = []
    ok_all = True
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR", "/tmp")) as tmp:
        layouts = dump_layouts(tmp, {k: v[1] for k, v in cases.items()})
        for key, (arch, _, expected) in cases.items():
            layout = layouts[key]
            ours = [(n, d, t) for n, d, t in layout["tensors"]]
            diff = sorted(set(map(str, expected)) ^ set(map(str, ours)))
            lines.append(f"{key}: converter rules {len(expected)} tensors, canirun {len(ours)}, "
                         f"differences {len(diff)} {diff[:6]}")
            ok_all &= not diff
            if key == "bge-m3":  # 8192 x 1024 x 250002 zero weights: too large to write here
                print(lines[-1], flush=True)
                continue
            src = os.path.join(tmp, f"{key}-f16.gguf")
            write_gguf(src, arch, expected, layout["metadata"])
            proc = subprocess.run([os.path.join(LLAMA_BIN, "llama-bench"), "-m", src, "-p", "8", "-n", "0", "-r", "1",
                                   "-t", "2", "-o", "csv"], capture_output=True, text=True, timeout=600)
            text = proc.stdout + proc.stderr
            refused = [l for l in text.splitlines() if "wrong" in l or "missing" in l or "failed to load" in l]
            lines.append(f"{key}: llama-bench {'loaded the file' if not refused else 'REFUSED: ' + refused[0][:300]}"
                         f" (exit {proc.returncode})")
            ok_all &= not refused
            for ft in FILE_TYPES:
                dst = os.path.join(tmp, f"{key}-{ft}.gguf")
                subprocess.run([os.path.join(LLAMA_BIN, "llama-quantize"), src, dst, ft], check=True,
                               capture_output=True)
                real = {t.name: t.tensor_type.name for t in gguf.GGUFReader(dst).tensors}
                size = os.path.getsize(dst)
                os.remove(dst)
                planned = layout["planned"][ft]
                wrong = sorted(f"{n}: llama-quantize {real.get(n)}, canirun {planned.get(n)}"
                               for n in set(real) | set(planned) if real.get(n) != planned.get(n))
                counts = {}
                for t in real.values():
                    counts[t] = counts.get(t, 0) + 1
                lines.append(f"{key} {ft}: {len(real)} tensors {dict(sorted(counts.items()))}, file {size} bytes; "
                             f"type differences {len(wrong)} {wrong[:4]}")
                ok_all &= not wrong
            os.remove(src)
            for line in lines[-1 - len(FILE_TYPES) - 1:]:
                print(line, flush=True)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "encoder-check.txt"), "w") as f:
        f.write("measured: python3 bench/quantization/check_encoder_layouts.py (llama.cpp b11434 llama-bench and "
                "llama-quantize, gguf-py)\n")
        f.write("\n".join(lines) + "\n")
    sys.exit(0 if ok_all else 1)


if __name__ == "__main__":
    main()
