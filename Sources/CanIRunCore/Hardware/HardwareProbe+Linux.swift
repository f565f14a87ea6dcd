/// Detects a Linux machine from `/proc`, `/sys` and `nvidia-smi`, all through injectable readers.
public struct LinuxHardwareProbe: HardwareProbe {
    public var files: any SystemFileReader
    public var commands: any CommandRunner
    /// The GPU database to name devices with; the embedded one is decoded only when a GPU is found.
    public var databaseOverride: GPUDatabase?
    var database: GPUDatabase { databaseOverride ?? .embedded }
    /// nvidia-smi gets this long before it is abandoned.
    public var commandTimeoutSeconds: Double

    public init(
        files: any SystemFileReader = RootedFileReader(), commands: any CommandRunner = ProcessCommandRunner(),
        database: GPUDatabase? = nil, commandTimeoutSeconds: Double = 5
    ) {
        self.files = files
        self.commands = commands
        self.databaseOverride = database
        self.commandTimeoutSeconds = commandTimeoutSeconds
    }

    public func probe() -> HardwareSnapshot {
        var warnings: [String] = []
        let cpu = probeCPU(warnings: &warnings)
        var memory = probeMemory(warnings: &warnings)
        MemoryBudget.applyRAMBudget(&memory)
        var gpus = probeGPUs(memory: memory, warnings: &warnings)
        for index in gpus.indices { MemoryBudget.applyGPUBudget(&gpus[index], memory: memory) }
        let kernel = files.readText("/proc/sys/kernel/osrelease")?.trimmingWhitespace()
        let osVersion = files.readText("/etc/os-release").flatMap(Self.prettyOSName)
        return HardwareSnapshot(
            source: "detected", operatingSystem: OperatingSystemInfo(name: "linux", version: osVersion, kernel: kernel),
            cpu: cpu, memory: memory, gpus: gpus, warnings: warnings)
    }

    static func prettyOSName(_ text: String) -> String? {
        for line in text.lines() {
            if let (key, value) = String(line).splitKeyValue(separator: "="), key == "PRETTY_NAME" {
                return value.trimmingCharacters(in: ["\""])
            }
        }
        return nil
    }

    // MARK: CPU

    func probeCPU(warnings: inout [String]) -> CPUInfo {
        guard let text = files.readText("/proc/cpuinfo") else {
            warnings.append("could not read /proc/cpuinfo: CPU model and features unknown")
            let online = files.readText("/sys/devices/system/cpu/online").map(CPUListParser.parse)?.count ?? 1
            return CPUInfo(
                model: "unknown", vendor: "unknown", architecture: "unknown", sockets: 1, physicalCores: online,
                logicalCores: online, features: [])
        }
        let parsed = CPUInfoParser.parse(text)
        let isArm =
            parsed.armImplementer != nil || parsed.rawFlags.contains("asimd")
            || parsed.rawFlags.contains("fp")
                && !parsed.rawFlags.contains("sse2")
        let architecture = isArm ? "arm64" : "x86_64"
        var logical = parsed.logicalCount
        if let online = files.readText("/sys/devices/system/cpu/online").map(CPUListParser.parse), !online.isEmpty {
            logical = max(logical, online.count)
        }
        if logical == 0 {
            warnings.append("/proc/cpuinfo lists no processors; assuming 1")
            logical = 1
        }
        let physical = min(parsed.physicalCoreCount ?? logical, logical)
        let vendor = CPUInfoParser.vendorName(vendorID: parsed.vendorID, armImplementer: parsed.armImplementer)
        var model = parsed.model ?? CPUInfoParser.armCoreName(implementer: parsed.armImplementer, part: parsed.armPart)
        if model == nil || model == "" {
            model = files.readText("/proc/device-tree/model")?.trimmingCharacters(in: ["\0", "\n", " "])
        }
        var (performance, efficiency) = hybridSplit(parsed: parsed)
        if performance == nil { (performance, efficiency) = capacitySplit(logical: logical) }
        if performance == nil {
            (performance, efficiency) = CPUInfoParser.armCoreTypeSplit(parts: parsed.armPartsByProcessor)
        }
        // cpufreq's maximum (kHz) when the kernel exposes it, else the current `cpu MHz`.
        let maxFrequency = files.readText("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
            .flatMap { Double($0.trimmingWhitespace()) }.map { $0 / 1000 }
        return CPUInfo(
            model: model ?? "unknown", vendor: vendor, architecture: architecture, sockets: parsed.socketCount ?? 1,
            physicalCores: physical, logicalCores: logical, performanceCores: performance,
            efficiencyCores: efficiency,
            features: CPUInfoParser.inferenceFeatures(from: parsed.rawFlags, architecture: architecture),
            frequencyMHz: maxFrequency ?? parsed.frequencyMHz)
    }

    /// Intel hybrid CPUs list their P-core and E-core CPUs in `/sys/devices/cpu_core/cpus` and
    /// `/sys/devices/cpu_atom/cpus`; physical cores are the distinct core ids in each list.
    func hybridSplit(parsed: ParsedCPUInfo) -> (Int?, Int?) {
        guard let coreList = files.readText("/sys/devices/cpu_core/cpus").map(CPUListParser.parse),
            let atomList = files.readText("/sys/devices/cpu_atom/cpus").map(CPUListParser.parse),
            !coreList.isEmpty
        else { return (nil, nil) }
        func physicalCount(_ cpus: [Int]) -> Int {
            let identities = Set(cpus.compactMap { parsed.coreIdentity[$0] })
            return identities.isEmpty ? cpus.count : identities.count
        }
        return (physicalCount(coreList), physicalCount(atomList))
    }

    /// Arm big.LITTLE: cores with the highest `cpu_capacity` are performance cores, the lowest efficiency cores.
    func capacitySplit(logical: Int) -> (Int?, Int?) {
        var capacities: [Int] = []
        for cpu in 0..<min(logical, 1024) {
            guard let text = files.readText("/sys/devices/system/cpu/cpu\(cpu)/cpu_capacity"),
                let value = Int(text.trimmingWhitespace())
            else { return (nil, nil) }
            capacities.append(value)
        }
        guard let lowest = capacities.min(), Set(capacities).count > 1 else { return (nil, nil) }
        let efficiency = capacities.filter { $0 == lowest }.count
        return (capacities.count - efficiency, efficiency)
    }

    // MARK: Memory

    func probeMemory(warnings: inout [String]) -> MemoryInfo {
        let meminfo = files.readText("/proc/meminfo").map(MeminfoParser.parse) ?? ParsedMeminfo()
        if meminfo.totalBytes == nil { warnings.append("could not read MemTotal from /proc/meminfo") }
        let hostTotal = meminfo.totalBytes ?? 0
        var available = meminfo.bestAvailableBytes ?? hostTotal
        var total = hostTotal
        var containerLimit: Int64?
        if let cgroup = cgroupMemory(), let limit = cgroup.limitBytes, hostTotal == 0 || limit < hostTotal {
            containerLimit = limit
            total = limit
            let headroom = max(0, limit - (cgroup.usageBytes ?? 0))
            available = min(available, headroom)
        }
        return MemoryInfo(
            totalBytes: total, availableBytes: min(available, total), swapTotalBytes: meminfo.swapTotalBytes ?? 0,
            swapFreeBytes: meminfo.swapFreeBytes ?? 0, hostTotalBytes: containerLimit == nil ? nil : hostTotal,
            containerLimitBytes: containerLimit, usableBytes: 0, reserveBytes: 0, reserveReason: "")
    }

    /// The tightest memory limit on this process's cgroup and its ancestors (v2), or the v1 memory
    /// controller's limit.
    func cgroupMemory() -> CgroupMemory? {
        var best: CgroupMemory?
        func consider(_ candidate: CgroupMemory) {
            guard let limit = candidate.limitBytes else { return }
            if best?.limitBytes == nil || limit < (best?.limitBytes ?? .max) { best = candidate }
        }
        var folders = ["/sys/fs/cgroup"]
        if let selfCgroup = files.readText("/proc/self/cgroup") {
            for line in selfCgroup.lines() where line.hasPrefix("0::") {
                var path = String(line.dropFirst(3))
                while path.count > 1 {
                    folders.append("/sys/fs/cgroup" + path)
                    guard let slash = path.lastIndex(of: "/") else { break }
                    path = String(path[..<slash])
                }
            }
        }
        for folder in folders {
            if let text = files.readText(folder + "/memory.max") {
                consider(
                    CgroupMemory(
                        limitBytes: CgroupParser.parseLimit(text),
                        usageBytes: files.readText(folder + "/memory.current").flatMap(CgroupParser.parseUsage),
                        version: 2))
            }
        }
        // cgroup v1: the memory controller's folder, and the process's own group below it
        // (`N:memory:/path` in /proc/self/cgroup) when the container does not mount its own view.
        var v1Folders = ["/sys/fs/cgroup/memory"]
        for line in (files.readText("/proc/self/cgroup") ?? "").lines() {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            if fields.count == 3, fields[1].split(separator: ",").contains("memory"), fields[2] != "/" {
                v1Folders.append("/sys/fs/cgroup/memory" + fields[2])
            }
        }
        for folder in v1Folders {
            if let text = files.readText(folder + "/memory.limit_in_bytes") {
                consider(
                    CgroupMemory(
                        limitBytes: CgroupParser.parseLimit(text),
                        usageBytes: files.readText(folder + "/memory.usage_in_bytes").flatMap(CgroupParser.parseUsage),
                        version: 1))
            }
        }
        return best
    }

    // MARK: GPUs

    func probeGPUs(memory: MemoryInfo, warnings: inout [String]) -> [GPUDevice] {
        let drmDevices = readDRMDevices()
        var gpus: [GPUDevice] = []
        let boardModel = files.readText("/proc/device-tree/model")?.trimmingCharacters(in: ["\0", "\n", " "])
        let isJetson = boardModel?.localizedCaseInsensitiveContains("jetson") ?? false

        let nvidia = probeNvidiaSMI(warnings: &warnings)
        if let nvidia {
            for gpu in nvidia { gpus.append(device(fromNvidia: gpu, memory: memory, isJetson: isJetson)) }
        }
        if nvidia == nil || nvidia?.isEmpty == true {
            gpus.append(contentsOf: nvidiaFallback(drmDevices: drmDevices, memory: memory, warnings: &warnings))
        }
        if isJetson, !gpus.contains(where: { $0.vendor == .nvidia }), let boardModel {
            gpus.append(jetsonDevice(boardModel: boardModel, memory: memory))
        }
        for drm in drmDevices where drm.vendorID != "10de" {
            gpus.append(device(fromDRM: drm, memory: memory, warnings: &warnings))
        }
        for index in gpus.indices { gpus[index].index = index }
        return gpus
    }

    func readDRMDevices() -> [DRMDevice] {
        guard let cards = files.listDirectory("/sys/class/drm") else { return [] }
        var devices: [DRMDevice] = []
        var seenBuses = Set<String>()
        for card in cards where card.hasPrefix("card") && card.dropFirst(4).allSatisfy(\.isNumber) && card.count > 4 {
            let base = "/sys/class/drm/\(card)/device/"
            // Only amdgpu writes mem_info_* files: a capture without the PCI id files is still an AMD GPU.
            let hasAMDMemoryFiles = files.readText(base + "mem_info_vram_total") != nil
            guard
                let vendor = files.readText(base + "vendor").flatMap(DRMDeviceParser.parseHexID)
                    ?? (hasAMDMemoryFiles ? "1002" : nil),
                DRMDeviceParser.computeVendors.contains(vendor)
            else { continue }
            let uevent =
                files.readText(base + "uevent").map(DRMDeviceParser.parseUevent)
                ?? DRMDeviceParser.Uevent()
            let deviceID =
                files.readText(base + "device").flatMap(DRMDeviceParser.parseHexID) ?? uevent.deviceID ?? "0000"
            if let bus = uevent.busID {
                if seenBuses.contains(bus) { continue }
                seenBuses.insert(bus)
            }
            // amdgpu reports mem_info_*; Intel's i915 reports lmem_total_bytes/lmem_avail_bytes on discrete cards.
            var vramTotal = files.readText(base + "mem_info_vram_total").flatMap(DRMDeviceParser.parseBytes)
            var vramUsed = files.readText(base + "mem_info_vram_used").flatMap(DRMDeviceParser.parseBytes)
            // Intel's xe driver: `tileN/physical_vram_size_bytes` per tile (decimal, or hex in older kernels).
            if vramTotal == nil, let entries = files.listDirectory(base) {
                let tiles = entries.filter { $0.hasPrefix("tile") }.compactMap {
                    files.readText(base + $0 + "/physical_vram_size_bytes").flatMap(
                        DRMDeviceParser.parseSizeDecimalOrHex)
                }
                if !tiles.isEmpty { vramTotal = tiles.reduce(0, +) }
            }
            if vramTotal == nil,
                let lmem = files.readText("/sys/class/drm/\(card)/lmem_total_bytes")
                    .flatMap(DRMDeviceParser.parseBytes)
            {
                vramTotal = lmem
                if let avail = files.readText("/sys/class/drm/\(card)/lmem_avail_bytes").flatMap(
                    DRMDeviceParser.parseBytes)
                {
                    vramUsed = max(0, lmem - avail)
                }
            }
            devices.append(
                DRMDevice(
                    card: card, vendorID: vendor, deviceID: deviceID, driver: uevent.driver, busID: uevent.busID,
                    productName: files.readText(base + "product_name")?.trimmingWhitespace(),
                    vramTotalBytes: vramTotal, vramUsedBytes: vramUsed,
                    gttTotalBytes: files.readText(base + "mem_info_gtt_total").flatMap(DRMDeviceParser.parseBytes),
                    gttUsedBytes: files.readText(base + "mem_info_gtt_used").flatMap(DRMDeviceParser.parseBytes)))
        }
        return devices
    }

    /// nil: nvidia-smi is not installed. Empty: it ran but gave no GPU (a warning says why).
    func probeNvidiaSMI(warnings: inout [String]) -> [NvidiaSMIGPU]? {
        var fields = NvidiaSMIParser.fields
        guard
            var result = commands.run(
                "nvidia-smi", arguments: NvidiaSMIParser.arguments(fields: fields),
                timeoutSeconds: commandTimeoutSeconds)
        else { return nil }
        if result.exitCode != 0,
            NvidiaSMIParser.isInvalidFieldError(result.standardOutput + result.standardError)
        {
            fields = NvidiaSMIParser.legacyFields
            if let retry = commands.run(
                "nvidia-smi", arguments: NvidiaSMIParser.arguments(fields: fields),
                timeoutSeconds: commandTimeoutSeconds)
            {
                result = retry
            }
        }
        if result.timedOut {
            warnings.append(
                "nvidia-smi did not answer within \(Int(commandTimeoutSeconds)) s; NVIDIA GPUs identified from "
                    + "sysfs only (check the driver with `nvidia-smi`)")
            return []
        }
        if result.exitCode != 0 {
            let reason = (result.standardOutput + " " + result.standardError).trimmingWhitespace()
            let firstLine = reason.lines().first.map(String.init) ?? ""
            warnings.append(
                "nvidia-smi failed (exit \(result.exitCode)): \(firstLine.prefix(160)); NVIDIA GPUs identified "
                    + "from sysfs only")
            return []
        }
        let parsed = NvidiaSMIParser.parse(result.standardOutput, fields: fields)
        for line in parsed.skippedLines.prefix(3) {
            warnings.append("nvidia-smi: could not read line `\(line.prefix(120))`")
        }
        return parsed.gpus
    }

    func device(fromNvidia gpu: NvidiaSMIGPU, memory: MemoryInfo, isJetson: Bool) -> GPUDevice {
        let spec =
            gpu.pciID.flatMap { database.entry(pciID: $0, name: gpu.name, memoryBytes: gpu.memoryTotalBytes) }
            ?? database.match(name: gpu.name)
        // Jetson and GB10 report no dedicated memory: the GPU shares the system RAM.
        let unified = spec?.unifiedMemory ?? (isJetson || gpu.memoryTotalBytes == nil)
        let total = unified ? memory.totalBytes : (gpu.memoryTotalBytes ?? spec?.largestMemoryBytes ?? 0)
        let free =
            unified
            ? memory.availableBytes
            : (gpu.memoryFreeBytes ?? gpu.memoryUsedBytes.map { max(0, (gpu.memoryTotalBytes ?? 0) - $0) })
        return GPUDevice(
            index: gpu.index, name: gpu.name, vendor: .nvidia, backend: .cuda, memoryTotalBytes: total,
            memoryFreeBytes: free, memoryBandwidthBytesPerSecond: spec?.memoryBandwidthBytesPerSecond,
            unifiedMemory: unified, pciID: gpu.pciID, busID: gpu.busID,
            computeCapability: gpu.computeCapability
                ?? spec?.computeCapability, driverVersion: gpu.driverVersion, databaseID: spec?.id,
            fp16TFLOPS: spec?.fp16TFLOPS)
    }

    /// Without a working nvidia-smi: NVIDIA cards from sysfs PCI ids (and the driver's /proc names),
    /// memory from the GPU database.
    func nvidiaFallback(drmDevices: [DRMDevice], memory: MemoryInfo, warnings: inout [String]) -> [GPUDevice] {
        var procNames: [String: String] = [:]
        if let buses = files.listDirectory("/proc/driver/nvidia/gpus") {
            for bus in buses {
                guard let info = files.readText("/proc/driver/nvidia/gpus/\(bus)/information") else { continue }
                for line in info.lines() {
                    if let (key, value) = String(line).splitKeyValue(separator: ":"), key == "Model" {
                        procNames[bus.lowercased()] = value
                    }
                }
            }
        }
        var devices: [GPUDevice] = []
        for drm in drmDevices where drm.vendorID == "10de" {
            let spec = database.entry(pciID: drm.pciID)
            let name = drm.busID.flatMap { procNames[$0] } ?? spec?.name ?? "NVIDIA GPU (\(drm.pciID))"
            let total = spec?.largestMemoryBytes ?? 0
            warnings.append(
                "\(name): memory taken from the GPU database (\(ByteCount(total))), free memory unknown — "
                    + "install or repair nvidia-smi for exact figures")
            devices.append(
                GPUDevice(
                    index: devices.count, name: name, vendor: .nvidia, backend: .cuda, memoryTotalBytes: total,
                    memoryFreeBytes: nil, memoryBandwidthBytesPerSecond: spec?.memoryBandwidthBytesPerSecond,
                    unifiedMemory: spec?.unifiedMemory ?? false, pciID: drm.pciID, busID: drm.busID,
                    computeCapability: spec?.computeCapability, databaseID: spec?.id, fp16TFLOPS: spec?.fp16TFLOPS))
        }
        if devices.isEmpty && drmDevices.isEmpty && !procNames.isEmpty {
            for (bus, name) in procNames.sorted(by: { $0.key < $1.key }) {
                let spec = database.match(name: name)
                warnings.append("\(name): memory taken from the GPU database, free memory unknown")
                devices.append(
                    GPUDevice(
                        index: devices.count, name: name, vendor: .nvidia, backend: .cuda,
                        memoryTotalBytes: spec?.largestMemoryBytes ?? 0, memoryFreeBytes: nil,
                        memoryBandwidthBytesPerSecond: spec?.memoryBandwidthBytesPerSecond,
                        unifiedMemory: spec?.unifiedMemory ?? false, busID: bus,
                        computeCapability: spec?.computeCapability, databaseID: spec?.id,
                        fp16TFLOPS: spec?.fp16TFLOPS))
            }
        }
        return devices
    }

    func jetsonDevice(boardModel: String, memory: MemoryInfo) -> GPUDevice {
        let spec = database.match(name: boardModel)
        return GPUDevice(
            index: 0, name: spec?.name ?? boardModel, vendor: .nvidia, backend: .cuda,
            memoryTotalBytes: memory.totalBytes, memoryFreeBytes: memory.availableBytes,
            memoryBandwidthBytesPerSecond: spec?.memoryBandwidthBytesPerSecond, unifiedMemory: true,
            computeCapability: spec?.computeCapability, databaseID: spec?.id, fp16TFLOPS: spec?.fp16TFLOPS)
    }

    func device(fromDRM drm: DRMDevice, memory: MemoryInfo, warnings: inout [String]) -> GPUDevice {
        let vendor = GPUVendor(pciVendorID: drm.vendorID)
        let spec = database.entry(pciID: drm.pciID, name: drm.productName, memoryBytes: drm.vramTotalBytes)
        let name = spec?.name ?? drm.productName ?? "\(vendor == .amd ? "AMD" : "Intel") GPU (\(drm.pciID))"
        let backend: GPUBackend = vendor == .amd ? .rocm : (vendor == .intel ? .sycl : .vulkan)
        // An APU (or an Intel iGPU) has a small carve-out and maps system RAM through GTT: its budget is both.
        // Without a database entry: a carve-out of at most 4 GiB next to a GTT pool at least twice as large is
        // how APUs look (discrete cards have their own VRAM and a GTT of half the RAM).
        let carveOutLimit: Int64 = 4 * 1_073_741_824
        let integrated =
            spec.map { $0.unifiedMemory || $0.formFactor == "integrated" }
            ?? ((drm.vramTotalBytes ?? 0) <= carveOutLimit && (drm.gttTotalBytes ?? 0) >= 2 * (drm.vramTotalBytes ?? 0)
                && drm.gttTotalBytes != nil)
        var total: Int64
        var free: Int64?
        if integrated {
            // On an APU, llama.cpp's HIP backend allocates from GTT (system RAM mapped for the GPU) once GTT is
            // larger than the BIOS carve-out: a Ryzen AI Max+ 395 with a 4 GiB carve-out and a 96 GiB GTT reports
            // "Total VRAM: 98304 MiB" (noamsto/nix-amd-ai issue #42). The budget is the larger of the two pools.
            let carveOut = drm.vramTotalBytes ?? 0
            let gtt = drm.gttTotalBytes ?? 0
            let usesGTT = gtt > carveOut
            total = max(carveOut, gtt)
            if total == 0 { total = memory.totalBytes }
            let used = usesGTT ? drm.gttUsedBytes : drm.vramUsedBytes
            free = used.map { max(0, total - $0) }
        } else if let vram = drm.vramTotalBytes {
            total = vram
            free = drm.vramUsedBytes.map { max(0, vram - $0) }
        } else {
            total = spec?.largestMemoryBytes ?? 0
            free = nil
            warnings.append(
                "\(name): the driver does not report its memory; \(total > 0 ? "taken from the GPU database" : "unknown")"
            )
        }
        if spec == nil {
            warnings.append("\(name): not in canirun's GPU database; bandwidth unknown")
        }
        return GPUDevice(
            index: 0, name: name, vendor: vendor, backend: backend, memoryTotalBytes: total, memoryFreeBytes: free,
            memoryBandwidthBytesPerSecond: spec?.memoryBandwidthBytesPerSecond, unifiedMemory: integrated,
            pciID: drm.pciID, busID: drm.busID, databaseID: spec?.id, fp16TFLOPS: spec?.fp16TFLOPS)
    }
}
