#!/usr/bin/env python3
"""Build published-llama-bench.csv from hand-transcribed published llama-bench results.

Every row is transcribed from a public source (see source_url). Values are the mean t/s
printed by llama-bench (the +/- stddev is dropped). Empty cells mean "not stated in source".
"""
import csv, os, sys

COLS = ["device","device_detail","backend","model","model_params","quant","model_size_gib",
        "n_gpu_layers","flash_attn","threads","pp512_tps","tg128_tps","llama_cpp_build",
        "source_url","date_collected_from"]

R_EFF = "https://www.reddit.com/r/LocalLLaMA/comments/1ghvwsj/llamacpp_compute_and_memory_bandwidth_efficiency/"
R_XE2 = "https://www.reddit.com/r/LocalLLaMA/comments/1gheslj/testing_llamacpp_with_intels_xe2_igpu_core_ultra/"
KYUZ = "https://github.com/kyuz0/amd-strix-halo-toolboxes/blob/d1a34bee0900be574fc31be9dcdc02a925581889/benchmark/results/"
GG = "https://github.com/geerlingguy/ai-benchmarks/issues/"
NB = "https://github.com/brand-o/normiebench/issues/"
L2 = ("llama 7B", "6.74 B", "Q4_0", "3.56 GiB")   # Llama-2-7B Q4_0 (TheBloke) as llama-bench prints it
TINY = ("llama 1B", "1.10 B", "Q4_K_M", "636.18 MiB")  # tinyllama-1.1b-1t-openorca.Q4_K_M
L32_3B = ("llama 3B", "3.21 B", "Q4_K_M", "1.87 GiB")  # Llama-3.2-3B-Instruct-Q4_K_M
L31_8B = ("llama 3.1 8B (normiebench label)", "", "Q4_K_M", "")
GPTOSS = ("gpt-oss 20B MXFP4 MoE", "20.91 B", "MXFP4", "11.27 GiB")

rows = []
def add(device, detail, backend, m, ngl, fa, threads, pp, tg, build, url, date):
    model, params, quant, size = m
    rows.append(dict(zip(COLS, [device, detail, backend, model, params, quant, size,
                                ngl, fa, threads, pp, tg, build, url, date])))

# --- randomfoo2 (lhl) r/LocalLLaMA efficiency table; llama-2-7b Q4_0; CUDA rows run with -fa 1.
eff_note = "reddit post table (snapshot kept in github.com/lhl/intel-inference reference/reddit-localllama-llamacpp-compute-memory-bandwidth-efficiency.md)"
eff_date = "2024-11 (post; build b4008-b4011)"
add("AMD EPYC 9274F", "FP16 3.2 TFLOPS, 460.8 GB/s MBW as stated; "+eff_note, "CPU", L2, "", "", "", "184.61", "39.41", "b4008", R_EFF, eff_date)
add("AMD Radeon Pro W7900", "122.6 TFLOPS FP16, 864 GB/s as stated; "+eff_note, "ROCm", L2, "", "", "", "2872.74", "95.56", "b4008", R_EFF, eff_date)
add("AMD Radeon RX 7900 XTX", "122.8 TFLOPS FP16, 960 GB/s as stated; "+eff_note, "ROCm", L2, "", "", "", "3206.94", "102.92", "b4008", R_EFF, eff_date)
add("NVIDIA GeForce RTX 3050 6GB", "13.6 TFLOPS FP16, 168 GB/s as stated; "+eff_note, "CUDA", L2, "", "1", "", "1250.59", "37.77", "b4008", R_EFF, eff_date)
add("NVIDIA GeForce RTX 3090", "71.0 TFLOPS FP16, 936.2 GB/s as stated; "+eff_note, "CUDA", L2, "", "1", "", "6073.39", "167.28", "b4011", R_EFF, eff_date)
add("NVIDIA GeForce RTX 4090", "165.2 TFLOPS FP16, 1008 GB/s as stated; "+eff_note, "CUDA", L2, "", "1", "", "13944.43", "187.7", "b4011", R_EFF, eff_date)
add("Apple M2 (10-core GPU)", "7.1 TFLOPS FP16, 100 GB/s as stated; "+eff_note, "Metal", L2, "", "", "", "185.34", "21.67", "b4008", R_EFF, eff_date)
add("Apple M3 Pro (18-core GPU)", "12.8 TFLOPS, 150 GB/s as stated; row marked '^' in the post table, build shown as '???'; "+eff_note, "Metal", L2, "", "", "", "341.67", "30.74", "", R_EFF, eff_date)
add("Apple M3 Max (40-core GPU)", "28.4 TFLOPS, 400 GB/s as stated; row marked '^' in the post table, build shown as '???'; "+eff_note, "Metal", L2, "", "", "", "759.7", "66.31", "", R_EFF, eff_date)
add("AMD Radeon 780M", "Ryzen 7940HS iGPU, 89.6 GB/s as stated; companion Xe2 post says the 780M run used Mistral-7B-v0.3 Q4_0, not Llama-2-7B; "+eff_note, "ROCm",
    ("mistral 7B v0.3 (per companion post)", "", "Q4_0", ""), "", "", "", "240.79", "18.61", "b4008", R_EFF, eff_date)
# comments under the same post
add("Intel Arc A770", "16 GB; comment by easyfab; backend printed as Vulkan,RPC; "+eff_note, "Vulkan", L2, "99", "", "", "158.49", "34.67", "ab3d71f9 (3999)", R_EFF, "2024-11 (comment)")
add("Intel Arc A770", "16 GB; comment by easyfab; "+eff_note, "SYCL", L2, "99", "", "", "917.08", "42.10", "ab3d71f9 (3999)", R_EFF, "2024-11 (comment)")
add("AMD EPYC 9374F", "1 socket, --numa distribute, -r 20; comment by fairydreaming; "+eff_note, "CPU", L2, "", "", "32", "223.88", "54.68", "b4011", R_EFF, "2024-11 (comment)")

# --- randomfoo2 Xe2 post (Core Ultra 7 258V, 32 GB LPDDR5-8533, PL 28W), build ba6f62eb (4008)
xe2_note = "MSI Prestige 13 AI, PL 28W; snapshot in github.com/lhl/intel-inference reference/reddit-localllama-testing-llamacpp-intel-xe2-igpu-core-ultra.md"
add("Intel Core Ultra 7 258V", "4 P-cores used; LPDDR5-8533 136.5 GB/s; "+xe2_note, "CPU", L2, "", "", "4", "25.05", "11.59", "ba6f62eb (4008)", R_XE2, "2024-11 (post)")
add("Intel Arc 140V (Core Ultra 7 258V iGPU)", "Mesa Vulkan driver; "+xe2_note, "Vulkan", L2, "99", "", "", "44.65", "5.54", "ba6f62eb (4008)", R_XE2, "2024-11 (post)")
add("Intel Arc 140V (Core Ultra 7 258V iGPU)", "SYCL built with GGML_SYCL_F16=ON, oneAPI 2025.0.0; "+xe2_note, "SYCL", L2, "99", "", "4", "526.38", "13.51", "ba6f62eb (4008)", R_XE2, "2024-11 (post)")

# --- kyuz0 Strix Halo toolboxes (Ryzen AI Max+ 395 / Radeon 8060S, gfx1151), -fa 1 -mmp 0, build 0253fb21f (9187)
sh = "Ryzen AI Max 395 'Strix Halo' iGPU, 126976 MiB VRAM reported; mmap 0"
add("AMD Radeon 8060S Graphics", sh+"; ROCm 7.2.3 toolbox", "ROCm", L2, "99", "1", "", "1545.36", "50.59", "0253fb21f (9187)", KYUZ+"llama-2-7b.Q4_0__rocm-7_2_3__fa1.log", "2026-05-18 (commit)")
add("AMD Radeon 8060S Graphics", sh+"; Vulkan RADV", "Vulkan", L2, "99", "1", "", "1337.70", "55.73", "0253fb21f (9187)", KYUZ+"llama-2-7b.Q4_0__vulkan_radv__fa1.log", "2026-05-18 (commit)")
add("AMD Radeon 8060S Graphics", sh+"; ROCm 7.2.3 toolbox", "ROCm", GPTOSS, "99", "1", "", "1786.17", "73.05", "0253fb21f (9187)", KYUZ+"gpt-oss-20b-mxfp4__rocm-7_2_3__fa1.log", "2026-05-18 (commit)")
add("AMD Radeon 8060S Graphics", sh+"; Vulkan RADV", "Vulkan", GPTOSS, "99", "1", "", "1692.49", "79.78", "0253fb21f (9187)", KYUZ+"gpt-oss-20b-mxfp4__vulkan_radv__fa1.log", "2026-05-18 (commit)")

# --- Jeff Geerling ai-benchmarks issues (llama-bench -n 128 -p 512,4096 -pg 4096,128 -r 2)
add("Intel Core i5-4278U", "2014 MacBook Pro, 8 GB DDR3L-1600 (reported by zck3)", "CPU", L32_3B, "", "", "2", "17.70", "7.68", "936918514 (10334)", GG+"53", "2026-09-10")
add("Cix CP8180", "MetaComputing AI PC Framework 13 mainboard; avg 28 W", "CPU", TINY, "", "", "12", "194.05", "40.39", "9c699074c (8664)", GG+"51", "2026-04-04")
add("AMD Radeon RX 580", "RADV POLARIS10; host SiFive HiFive Premier P550 (RISC-V); tg128 stddev +/-17.62 as published", "Vulkan", L32_3B, "99", "", "", "346.76", "36.23", "e598697d (4696)", GG+"20", "2025-02-12")
add("Dell XPS 13 (DX13260)", "laptop CPU run; llama-bench printed threads=1; avg 17.5 W", "CPU", TINY, "", "", "1", "53.04", "24.80", "fe2adf0e7 (10252)", GG+"52", "2026-08-03")
add("Radxa Dragon Q8B", "SBC CPU run; avg 23.7 W", "CPU", TINY, "", "", "8", "194.49", "38.81", "", GG+"54", "2026-09-22")
add("NVIDIA GeForce RTX 2080 Ti", "host Intel Core Ultra 265K PC, Ubuntu 25.10; 241.4 W", "Vulkan", TINY, "99", "", "", "7094.19", "424.32", "f9ec8858e (7474)", GG+"46", "2025-12-18")
add("NVIDIA GeForce RTX 4090", "host Intel Core Ultra 265K PC; pp512 stddev +/-9881.63 as published (noisy)", "Vulkan", TINY, "99", "", "", "10802.35", "762.37", "086a63e3a (7340)", GG+"43", "2025-12-09")
add("NVIDIA GeForce RTX 3060 12GB", "host Raspberry Pi CM5 16GB (PCIe-limited host); 165 W", "Vulkan", TINY, "99", "", "", "6744.18", "279.05", "933414c0b (7293)", GG+"40", "2025-12-06")
add("AMD Radeon RX 7900 XT", "20 GB, RADV NAVI31; host Raspberry Pi 5 (host-limited: tg far below card capability)", "Vulkan", ("qwen2 14B", "14.77 B", "Q4_K_M", "8.37 GiB"), "99", "", "", "335.63", "7.16", "1d0125bc (6552)", GG+"23", "2025-09-22")
add("Apple M1 Ultra (64-core GPU)", "Mac Studio 128 GB, macOS 14.8.3 (reported by indgy)", "Metal", TINY, "", "", "16", "5587.84", "242.56", "e9fd8dc (7825)", GG+"48", "2026-02-07")
add("Apple M3 Ultra (Mac Studio)", "single node of Mac Studio cluster test; chip inferred (24 threads, M3 Ultra 512 GB loaner tested same week, geerlingguy/ai-benchmarks#42); -fa 1 -mmp 0; 260 W", "Metal",
    ("llama 70B", "70.55 B", "Q4_K_M", "39.59 GiB"), "99", "1", "24", "162.30", "14.41", "4d3726278 (7315)", "https://github.com/geerlingguy/beowulf-ai-cluster/issues/17", "2025-12-10")

add("Intel Arc A310 ECO", "DG2, Mesa driver; host Raspberry Pi 500+ (host-limited)", "Vulkan", L32_3B, "99", "", "", "88.71", "13.36", "12bbc3fa (6715)", GG+"29", "2025-10-20")

# --- ggml-org/llama.cpp issues / PRs
add("Intel Core i7-1165G7 (Iris Xe iGPU)", "comment by easyfab; test labels 'pp 512'/'tg 128' (older llama-bench)", "Vulkan", ("llama 7B", "7.24 B", "Q4_K_M", "4.07 GiB"), "99", "", "", "31.92", "5.54", "", "https://github.com/ggml-org/llama.cpp/pull/5301", "2024-02-04")
add("Intel Core i7-1165G7", "CPU AVX2 build; comment by easyfab", "CPU", ("llama 7B", "7.24 B", "Q4_K_M", "4.07 GiB"), "", "", "4", "10.08", "6.53", "", "https://github.com/ggml-org/llama.cpp/pull/5301", "2024-02-04")
add("AMD Radeon RX 6700 XT", "ROCm 6.0; host Ryzen 5700X ECO; model is mistral-7b-instruct-v0.2 (prints as llama 7B)", "ROCm", ("llama 7B", "7.24 B", "Q4_0", "3.83 GiB"), "99", "", "", "1017.28", "58.97", "", "https://github.com/ggml-org/llama.cpp/pull/5835", "2024-03-03")
add("Apple M2 Ultra", "ggerganov PR table, 'master' column; Llama-3.2-3B", "Metal", ("llama 3B", "", "Q4_0", ""), "", "", "", "2986.43", "155.86", "", "https://github.com/ggml-org/llama.cpp/pull/10238", "2024-11 (PR; approx. from PR number)")
add("Apple M2 Ultra", "ggerganov PR table, 'master' column; Llama-3.2-3B", "Metal", ("llama 3B", "", "F16", ""), "", "", "", "3237.78", "72.29", "", "https://github.com/ggml-org/llama.cpp/pull/10238", "2024-11 (PR; approx. from PR number)")
add("Apple M2 (MacBook Air, 10-core GPU, 24 GB)", "-ngl 0 (CPU compute in a Metal build; backend column printed Metal,BLAS); result before PR #9921", "CPU", L2, "0", "", "4", "60.48", "14.89", "ae8de6d", "https://github.com/ggml-org/llama.cpp/issues/10435", "2024-11-20")

add("Qualcomm Adreno 840", "OpenCL 3.0 driver 0842.27.1; run with opt-in GGML_OPENCL_ADRENO_XMEM_GEMM=1 (comment by lhez)", "OpenCL", ("qwen3 1.7B", "2.03 B", "F16", "3.78 GiB"), "99", "", "", "394.43", "13.60", "f79069d9d (9050)", "https://github.com/ggml-org/llama.cpp/pull/22755", "2026-05-08")

add("NVIDIA GeForce RTX 3090 Ti", "slaren PR description; nkvo=0 row (KV cache on GPU); test labels 'pp 512'/'tg 128'", "CUDA", L2, "99", "", "", "4035.47", "127.43", "32d9f7d9 (1786)", "https://github.com/ggml-org/llama.cpp/pull/4812", "2024-01-07")

# --- other issue trackers
add("NVIDIA GeForce RTX 3080", "reported by ariya; test sizes not printed (llama-bench defaults pp512/tg128 assumed)", "CUDA", ("llama 8B (Llama-3.1-8B)", "", "Q4_K_M", ""), "", "", "", "3806.89", "111.95", "93bc3839 (3622)", "https://github.com/dmatora/LLM-inference-speed-benchmarks/issues/12", "2024-08-26")

KB = "https://github.com/danielesalpietro/kickstart-berlin/issues/58"
kb = "summary table (values rounded as published); container ghcr.io/ggml-org/llama.cpp:full-cuda; model Qwen2.5-7B-Instruct Q4_K_M (4.68 GB as stated)"
QW7 = ("qwen2 7B (Qwen2.5-7B-Instruct)", "", "Q4_K_M", "")
add("NVIDIA GeForce GTX 1060 6GB", "inside ESXi VM with PCIe passthrough; 120 W under load; "+kb, "CUDA", QW7, "", "", "", "436", "24.0", "57291f264", KB, "2026-08-31")
add("NVIDIA GeForce RTX 3090", "bare metal; 280 W under load; "+kb, "CUDA", QW7, "", "", "", "5554", "150.3", "57291f264", KB, "2026-08-31")
add("NVIDIA GeForce RTX 5060 Ti 16GB", "bare metal; 175 W under load; "+kb, "CUDA", QW7, "", "", "", "4028", "87.8", "57291f264", KB, "2026-08-31")

# --- normiebench submissions (third-party harness on llama.cpp; reports pp512/tg128 fields; offload settings not shown)
nb = "normiebench submission (third-party llama.cpp harness; offload/flags not shown)"
add("Apple M4 (10-core, Mac mini)", "16 GB; "+nb, "Metal", L31_8B, "", "", "", "224.81", "20.87", "", NB+"3", "2026-03-08")
add("Apple M1 Max (MacBook Pro)", "64 GB; "+nb, "Metal", L31_8B, "", "", "", "499.58", "46.2", "", NB+"40", "2026-03-08")
add("NVIDIA GeForce RTX 4070 Laptop GPU", "host i9-13900H, Asus Zenbook 14X; "+nb, "CUDA", L31_8B, "", "", "", "2365.26", "48.12", "", NB+"4", "2026-03-08")
add("NVIDIA GeForce RTX 2070 with Max-Q Design", "host i7-10750H, Razer Blade 15; "+nb, "CUDA", L31_8B, "", "", "", "1193.53", "44.84", "", NB+"39", "2026-03-08")
add("AMD Radeon 780M Graphics (Ryzen 7 8840U)", "16 GB system RAM, Minisforum V3, Windows; "+nb, "Vulkan", L31_8B, "", "", "", "253.57", "16.31", "", NB+"10", "2026-03-08")
add("AMD Ryzen Z1 (Radeon Graphics iGPU)", "ROG Ally, 15 GB, VRAM auto; "+nb, "Vulkan", L31_8B, "", "", "", "96.81", "9.52", "", NB+"20", "2026-03-08")
add("Intel N100", "AWOW AK-10, 16 GB; "+nb, "CPU", L31_8B, "", "", "", "6.53", "3.01", "", NB+"38", "2026-03-08")
add("AMD Ryzen Threadripper 3970X", "64 GB, Windows (GPU Radeon VII unused); "+nb, "CPU", L31_8B, "", "", "", "155.5", "16.78", "", NB+"52", "2026-03-10")
add("Intel Core i7-7820HQ", "Dell Precision 7720, 40 GB; "+nb, "CPU", L31_8B, "", "", "", "22.53", "5.62", "", NB+"42", "2026-03-08")

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "published-llama-bench.csv")
with open(out, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=COLS)
    w.writeheader()
    w.writerows(rows)
print(f"wrote {len(rows)} rows to {out}")
