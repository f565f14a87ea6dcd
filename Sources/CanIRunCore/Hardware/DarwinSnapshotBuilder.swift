import Foundation

/// Builds a snapshot of an Apple Silicon (or Intel) Mac from `sysctl`, `vm_stat` and
/// `system_profiler SPDisplaysDataType -json` text. Pure, so Linux tests cover it with captured output.
public enum DarwinSnapshotBuilder {
    public static func build(
        sysctl: [String: String], vmStat: String?, displaysJSON: String?, metalWorkingSetBytes: Int64?,
        database: GPUDatabase = .embedded
    ) -> HardwareSnapshot {
        var warnings: [String] = []
        let brand = sysctl["machdep.cpu.brand_string"] ?? "unknown"
        let isArm =
            sysctl["hw.optional.arm64"] == "1" || brand.hasPrefix("Apple") || sysctl["hw.optional.AdvSIMD"] == "1"
        let logical = sysctl["hw.logicalcpu"].flatMap(Int.init) ?? sysctl["hw.ncpu"].flatMap(Int.init) ?? 1
        let physical = sysctl["hw.physicalcpu"].flatMap(Int.init) ?? logical
        var performance: Int?
        var efficiency: Int?
        if let levels = sysctl["hw.nperflevels"].flatMap(Int.init), levels >= 2 {
            performance = sysctl["hw.perflevel0.physicalcpu"].flatMap(Int.init)
            efficiency = sysctl["hw.perflevel1.physicalcpu"].flatMap(Int.init)
        }
        var features: [String] = []
        if isArm {
            if sysctl["hw.optional.AdvSIMD"] == "1" || sysctl["hw.optional.neon"] == "1" || brand.hasPrefix("Apple") {
                features += ["asimd", "neon"]
            }
            let armFeatures: [(String, String)] = [
                ("hw.optional.arm.FEAT_FP16", "fp16"), ("hw.optional.arm.FEAT_DotProd", "dotprod"),
                ("hw.optional.arm.FEAT_I8MM", "i8mm"), ("hw.optional.arm.FEAT_BF16", "bf16"),
                ("hw.optional.arm.FEAT_SME", "sme"), ("hw.optional.arm.FEAT_SME2", "sme2"),
            ]
            for (key, name) in armFeatures where sysctl[key] == "1" { features.append(name) }
        } else {
            let x86: [(String, String)] = [
                ("hw.optional.avx1_0", "avx"), ("hw.optional.avx2_0", "avx2"), ("hw.optional.fma", "fma"),
                ("hw.optional.avx512f", "avx512f"), ("hw.optional.avx512bw", "avx512bw"),
                ("hw.optional.avx512vl", "avx512vl"),
            ]
            for (key, name) in x86 where sysctl[key] == "1" { features.append(name) }
        }
        let cpu = CPUInfo(
            model: brand, vendor: isArm ? "apple" : "intel", architecture: isArm ? "arm64" : "x86_64",
            sockets: sysctl["hw.packages"].flatMap(Int.init) ?? 1, physicalCores: physical, logicalCores: logical,
            performanceCores: performance, efficiencyCores: efficiency, features: features)

        let total = sysctl["hw.memsize"].flatMap(Int64.init) ?? 0
        if total == 0 { warnings.append("sysctl hw.memsize missing: RAM size unknown") }
        var available = total
        if let vmStat, let reclaimable = VMStatParser.parse(vmStat).availableBytes {
            available = min(reclaimable, total)
        } else {
            warnings.append("vm_stat unavailable: free RAM assumed to be all RAM")
        }
        let swap = sysctl["vm.swapusage"].flatMap(SysctlParser.parseSwapUsage)
        var memory = MemoryInfo(
            totalBytes: total, availableBytes: available, swapTotalBytes: swap?.total ?? 0,
            swapFreeBytes: swap?.free ?? 0, usableBytes: 0, reserveBytes: 0, reserveReason: "")
        MemoryBudget.applyRAMBudget(&memory)

        var gpus: [GPUDevice] = []
        if isArm {
            let display = displaysJSON.flatMap(parseDisplays)?.first
            let chipName = display?.model ?? brand
            let cores = display?.cores
            let spec = appleSpec(chip: chipName, gpuCores: cores, database: database)
            let wiredLimit = sysctl["iogpu.wired_limit_mb"].flatMap(Int64.init).flatMap {
                $0 > 0 ? $0 * 1_048_576 : nil
            }
            let budget = metalWorkingSetBytes ?? wiredLimit ?? defaultWorkingSet(totalBytes: total)
            var gpu = GPUDevice(
                index: 0, name: chipName, vendor: .apple, backend: .metal, memoryTotalBytes: budget,
                memoryFreeBytes: min(budget, available),
                memoryBandwidthBytesPerSecond: spec?.memoryBandwidthBytesPerSecond, unifiedMemory: true,
                databaseID: spec?.id, fp16TFLOPS: spec?.fp16TFLOPS, gpuCores: cores ?? spec?.gpuCores)
            MemoryBudget.applyGPUBudget(&gpu, memory: memory)
            let budgetSource =
                metalWorkingSetBytes != nil
                ? "Metal's recommended working set"
                : (wiredLimit != nil ? "iogpu.wired_limit_mb" : "macOS's default GPU share of RAM")
            gpu.reserveReason = "GPU budget \(ByteCount(budget)) from \(budgetSource); " + gpu.reserveReason
            gpus.append(gpu)
        }
        return HardwareSnapshot(
            source: "detected",
            operatingSystem: OperatingSystemInfo(
                name: "macos", version: sysctl["kern.osproductversion"],
                kernel: sysctl["kern.osrelease"]),
            cpu: cpu, memory: memory, gpus: gpus, warnings: warnings)
    }

    /// Without Metal: macOS lets the GPU wire about 2/3 of RAM on machines up to 36 GiB and 3/4 above.
    /// Measured values published by users: 16 GiB M4 → 10.67 GiB (exo-explore/exo PR #1672); 64 GiB M2 Max →
    /// 48 GiB (llama.cpp Metal logs). Newer macOS releases may allow more (128 GiB M5 Max on macOS 26: 107.5 GiB,
    /// antirez/ds4 PR #893), so a real Mac always asks Metal instead.
    public static func defaultWorkingSet(totalBytes: Int64) -> Int64 {
        totalBytes <= 36 * 1_073_741_824 ? totalBytes * 2 / 3 : totalBytes * 3 / 4
    }

    struct Display { var model: String; var cores: Int? }

    static func parseDisplays(_ json: String) -> [Display]? {
        guard let data = json.data(using: .utf8),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let items = root["SPDisplaysDataType"] as? [[String: Any]]
        else { return nil }
        return items.compactMap { item in
            guard let model = item["sppci_model"] as? String else { return nil }
            let cores = (item["sppci_cores"] as? String).flatMap(Int.init) ?? (item["sppci_cores"] as? Int)
            return Display(model: model, cores: cores)
        }
    }

    /// The database entry for an Apple chip, preferring the one with the same GPU core count.
    static func appleSpec(chip: String, gpuCores: Int?, database: GPUDatabase) -> GPUSpec? {
        let normalized = GPUDatabase.normalize(chip)
        let candidates = database.entries.filter { $0.vendor == .apple && GPUDatabase.normalize($0.name) == normalized }
        if let gpuCores, let exact = candidates.first(where: { $0.gpuCores == gpuCores }) { return exact }
        return candidates.max { ($0.gpuCores ?? 0) < ($1.gpuCores ?? 0) } ?? database.match(name: chip)
    }
}
