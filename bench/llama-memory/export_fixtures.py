#!/usr/bin/env python3
"""Write the committed test fixtures from the full-size GGUFs.

For every model file that was measured:
  Tests/CanIRunCoreTests/Fixtures/engine/<fixture>.gguf          first data_offset bytes
      (header + metadata + tensor infos + alignment padding; no tensor data)
  Tests/CanIRunCoreTests/Fixtures/engine/<fixture>.gguf-py.json  what gguf-py's GGUFReader
      reports for the FULL file
  Tests/CanIRunCoreTests/Fixtures/engine/manifest.csv
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

import numpy as np
from gguf import GGUFReader, GGUFValueType

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_models as mm  # noqa: E402

REPO = HERE.parent.parent
DEST = REPO / "Tests" / "CanIRunCoreTests" / "Fixtures" / "engine"


def scalar(field, vtype):
    part = field.parts[field.data[0]]
    if vtype == GGUFValueType.STRING:
        return bytes(part).decode("utf-8", errors="replace")
    v = part.tolist()
    v = v[0] if isinstance(v, list) else v
    if vtype == GGUFValueType.BOOL:
        return bool(v)
    if vtype in (GGUFValueType.FLOAT32, GGUFValueType.FLOAT64):
        return float(v)
    return int(v)


def describe(reader: GGUFReader, path: Path) -> dict:
    kv = []
    arch = None
    for name, field in reader.fields.items():
        if name.startswith("GGUF."):
            continue
        vt = field.types[0]
        entry = {"key": name, "type": vt.name}
        if vt == GGUFValueType.ARRAY:
            et = field.types[1] if len(field.types) > 1 else None
            n = len(field.data)
            entry["element_type"] = et.name if et is not None else None
            entry["length"] = n
            if n <= 16 and et is not None:
                if et == GGUFValueType.STRING:
                    entry["value"] = [bytes(field.parts[i]).decode("utf-8", "replace") for i in field.data]
                else:
                    vals = [field.parts[i].tolist()[0] for i in field.data]
                    if et == GGUFValueType.BOOL:
                        vals = [bool(x) for x in vals]
                    entry["value"] = vals
        else:
            entry["value"] = scalar(field, vt)
        if name == "general.architecture":
            arch = entry["value"]
        kv.append(entry)
    tensors = []
    for t in reader.tensors:
        tensors.append({
            "name": t.name,
            "type": t.tensor_type.name,
            "shape": [int(x) for x in t.shape],   # ggml order (ne0 first)
            "n_elements": int(t.n_elements),
            "n_bytes": int(t.n_bytes),
            "offset": int(t.data_offset - reader.data_offset),
        })
    version = int(reader.fields["GGUF.version"].parts[-1][0])
    return {
        "file": path.name,
        "file_bytes": path.stat().st_size,
        "version": version,
        "tensor_count": len(reader.tensors),
        "kv_count": len(kv),
        "alignment": int(reader.alignment),
        "data_offset": int(reader.data_offset),
        "architecture": arch,
        "metadata": kv,
        "tensors": tensors,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default=os.environ.get("LLAMA_MODELS_DIR", str(HERE / ".models")))
    ap.add_argument("--dest", default=str(DEST))
    ap.add_argument("--fixtures", nargs="*", help="default: every fixture present in --models")
    args = ap.parse_args()
    dest = Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True)
    rows = []
    for model, mix in mm.FIXTURES:
        fx = mm.fixture_name(model, mix)
        if args.fixtures and fx not in args.fixtures:
            continue
        src = Path(args.models) / f"{fx}.gguf"
        if not src.exists():
            print("skip (not present):", fx, file=sys.stderr)
            continue
        r = GGUFReader(str(src))
        info = describe(r, src)
        off = info["data_offset"]
        with open(src, "rb") as f:
            head = f.read(off)
        assert len(head) == off
        (dest / f"{fx}.gguf").write_bytes(head)
        (dest / f"{fx}.gguf-py.json").write_text(json.dumps(info, indent=1) + "\n")
        data_bytes = info["file_bytes"] - off
        rows.append({
            "fixture": fx, "architecture": mm.ARCH_LABEL[model], "mix": mix,
            "source_config": mm.SOURCES[model], "file_bytes": info["file_bytes"],
            "data_offset": off, "tensor_count": info["tensor_count"],
            "tensor_data_bytes": data_bytes,
        })
        print(f"{fx}: header {off} bytes, {info['tensor_count']} tensors, file {info['file_bytes']}")
    with open(dest / "manifest.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["fixture", "architecture", "mix", "source_config",
                                          "file_bytes", "data_offset", "tensor_count",
                                          "tensor_data_bytes"])
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
