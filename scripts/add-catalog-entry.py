#!/usr/bin/env python3
"""Adds a model variant to canirun's catalog (Data/models/<family>.json) and re-embeds the data.

Example:
  python3 scripts/add-catalog-entry.py --config ~/Downloads/config.json --id qwen3-14b --family qwen3 \
      --name "Qwen3 14B" --parameters 14768307200 --gguf-architecture qwen3 --license apache-2.0 \
      --use-cases chat,reasoning,tools --hf Qwen/Qwen3-14B --gguf-repo Qwen/Qwen3-14B-GGUF \
      --source https://huggingface.co/Qwen/Qwen3-14B/blob/main/config.json

Fields besides the flags' (edit the family file by hand): `releasedSource` / `releasedNote` (where the month comes
from), `licenseSource`, `ollama` (a list of {tag, quantization, size as ollama.com prints it such as "4.9GB" or
"274MB", source, seenIn when the tag was read from a copy of the page, note}), `ollamaNone` (why no tag is listed),
`publishedGGUFSizes` / `publishedGGUFSizesSource` (GB of real files, checked against the predicted sizes).

The config.json is copied verbatim (minus id2label/label2id/auto_map/transformers_version). Then run
`swift test --filter Catalog`: the tests recompute the parameter count from the config and fail on a mismatch.
"""
import argparse
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DROPPED = {"id2label", "label2id", "auto_map", "transformers_version"}
USE_CASES = {"chat", "code", "reasoning", "vision", "embedding", "tools"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, help="the model's config.json")
    parser.add_argument("--id", required=True)
    parser.add_argument("--family", required=True)
    parser.add_argument("--name", required=True, help="display name")
    parser.add_argument("--parameters", type=int, required=True, help="total parameters, as the model card states")
    parser.add_argument("--active-parameters", type=int, help="per token, for MoE models")
    parser.add_argument("--gguf-architecture", required=True, help="llama.cpp general.architecture")
    parser.add_argument("--license")
    parser.add_argument("--released", help="YYYY-MM")
    parser.add_argument("--released-source", help="a page that states the release month")
    parser.add_argument("--use-cases", default="chat")
    parser.add_argument("--hf", required=True, help="Hugging Face repository of the original weights")
    parser.add_argument("--gguf-repo", help="a well-known GGUF repository")
    parser.add_argument("--source", action="append", required=True, help="where the numbers come from (repeatable)")
    args = parser.parse_args()

    model_id = args.id.lower()
    uses = [u.strip() for u in args.use_cases.split(",") if u.strip()]
    if not set(uses) <= USE_CASES:
        sys.exit(f"unknown use case in {uses}; use {sorted(USE_CASES)}")
    for path in (ROOT / "Data/models").glob("*.json"):
        if any(m["id"] == model_id for m in json.loads(path.read_text())["models"]):
            sys.exit(f"{model_id} is already in {path.name}")
    config = {k: v for k, v in json.loads(pathlib.Path(args.config).read_text()).items() if k not in DROPPED}
    entry = {
        "id": model_id, "family": args.family, "displayName": args.name, "parameters": args.parameters,
        "activeParameters": args.active_parameters or args.parameters,
        "parametersSource": args.source[0], "ggufArchitecture": args.gguf_architecture, "config": config,
        "configSource": args.source[0], "useCases": uses,
        "huggingFace": {"original": args.hf, **({"gguf": args.gguf_repo} if args.gguf_repo else {})},
        "sources": args.source,
    }
    if args.license:
        entry["license"] = args.license
    if args.released:
        entry["released"] = args.released
    if args.released_source:
        entry["releasedSource"] = args.released_source
    family_file = ROOT / "Data/models" / f"{args.family}.json"
    data = json.loads(family_file.read_text()) if family_file.exists() else {"schemaVersion": 1, "family": args.family, "models": []}
    data["models"].append(entry)
    family_file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"added {model_id} to {family_file.relative_to(ROOT)}")
    subprocess.run([sys.executable, str(ROOT / "scripts/embed-data.py")], check=True)


if __name__ == "__main__":
    main()
