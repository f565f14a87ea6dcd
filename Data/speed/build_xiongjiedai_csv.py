#!/usr/bin/env python3
"""Extract single-GPU llama-bench pp512 / tg512 results from the Jupyter notebooks of
github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference (LLaMA 3 folder, May 2024).

That project ran `llama-bench -p 512,1024,4096,8192 -n 512,1024,4096,8192`, so there is no
tg128 test; generation is reported as tg512 (note: tg512 averages over a longer KV cache than
tg128, so it reads a few percent lower). Usage:
    python3 build_xiongjiedai_csv.py /path/to/git/dir/of/that/repo
"""
import csv, json, os, re, subprocess, sys

REPO_URL = "https://github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference/blob/aa72e0ec86c356c41f8281c9733e9a13c3675800/"
COLS = ["device","device_detail","backend","model","model_params","quant","model_size_gib",
        "n_gpu_layers","flash_attn","threads","pp512_tps","tg512_tps","llama_cpp_build",
        "source_url","date_collected_from"]
# Mac notebooks print no device line; names as given in that project's README tables.
MAC = {"M1_8GB": "Apple M1 (7-core GPU, 8 GB)", "M1max_64GB": "Apple M1 Max (32-core GPU, 64 GB)",
       "M2ultra_192GB": "Apple M2 Ultra (76-core GPU, 192 GB)", "M3max_64GB": "Apple M3 Max (40-core GPU, 64 GB)"}
QUANT = {"Q4_K - Medium": "Q4_K_M", "F16": "F16"}

def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir] + list(args), capture_output=True, text=True, check=True).stdout

def main(gitdir):
    files = [f for f in git(gitdir, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
             if f.startswith("LLaMA 3/") and f.endswith("_v3.ipynb") or re.match(r"LLaMA 3/Mac/M.*\.ipynb$", f)]
    files = [f for f in files if not re.search(r"_[2-8]_v3\.ipynb$", f)]  # single-GPU runs only
    rows = []
    for f in sorted(files):
        date = git(gitdir, "log", "-1", "--format=%ad", "--date=short", "--", f).strip()
        nb = json.loads(git(gitdir, "show", "HEAD:" + f))
        for cell in nb["cells"]:
            if "llama-bench" not in "".join(cell.get("source", "")):
                continue
            txt = ""
            for o in cell.get("outputs", []):
                t = o.get("text") or o.get("data", {}).get("text/plain", "")
                txt += "".join(t)
            build = re.findall(r"build: (.*)", txt)
            if not build:
                continue  # skip interrupted/duplicate runs without a build line
            dev = re.findall(r"Device 0: ([^,\n]+)", txt)
            stem = os.path.basename(f)[:-len(".ipynb")]
            device = dev[0].strip() if dev else MAC.get(stem, stem)
            res = {}
            for line in txt.splitlines():
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if len(cells) < 6 or not re.fullmatch(r"(pp ?512|tg ?512)", cells[-2]):
                    continue
                key = (cells[0], cells[1], cells[2], cells[3], cells[4])
                res.setdefault(key, {})[cells[-2].replace(" ", "")] = cells[-1].split("±")[0].strip()
            for (model, size, params, backend, ngl), v in res.items():
                name, q = model.split(" ", 2)[:2], model.split(" ", 2)[2]
                rows.append([device, "RunPod/owner machine per project README; single GPU", backend,
                             " ".join(name), params, QUANT.get(q, q), size, ngl, "", "",
                             v.get("pp512", ""), v.get("tg512", ""), build[0].strip(),
                             REPO_URL + f.replace(" ", "%20"), date + " (commit)"])
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xiongjiedai-llama3-pp512-tg512.csv")
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLS)
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {out}")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/XiongjieDai+GPU-Benchmarks-on-LLM-Inference/repo")
