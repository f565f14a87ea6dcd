/// Everything canirun knows about one machine: the CPU and its instruction sets, RAM, and every GPU.
///
/// A snapshot comes from probing this machine, from what-if flags, or from a saved `canirun system --json`.
/// Its JSON form is versioned by `schemaVersion`.
public struct HardwareSnapshot: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// `detected`, `what-if` or `file`.
    public var source: String
    public var operatingSystem: OperatingSystemInfo
    public var cpu: CPUInfo
    public var memory: MemoryInfo
    public var gpus: [GPUDevice]
    public var warnings: [String]

    public init(
        source: String, operatingSystem: OperatingSystemInfo, cpu: CPUInfo, memory: MemoryInfo, gpus: [GPUDevice],
        warnings: [String]
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.source = source
        self.operatingSystem = operatingSystem
        self.cpu = cpu
        self.memory = memory
        self.gpus = gpus
        self.warnings = warnings
    }

    /// True when some GPU shares the system RAM (Apple Silicon, APUs, Jetson, GB10).
    public var hasUnifiedMemory: Bool { gpus.contains { $0.unifiedMemory } }

    /// The usable memory of every dedicated GPU together (llama.cpp splits a model's layers across them).
    public var dedicatedGPUUsableBytes: Int64 {
        gpus.filter { !$0.unifiedMemory }.reduce(Int64(0)) { $0 + $1.usableBytes }
    }

    /// The largest pool a model's layers can use on the GPU side: all dedicated VRAM together, or unified memory.
    public var gpuPoolUsableBytes: Int64 {
        max(dedicatedGPUUsableBytes, gpus.filter(\.unifiedMemory).map(\.usableBytes).max() ?? 0, 0)
    }
}

public struct OperatingSystemInfo: Codable, Sendable, Equatable {
    /// `linux`, `macos`, `windows` or `unknown`.
    public var name: String
    public var version: String?
    public var kernel: String?

    public init(name: String, version: String? = nil, kernel: String? = nil) {
        self.name = name
        self.version = version
        self.kernel = kernel
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeNullable(version, forKey: .version)
        try container.encodeNullable(kernel, forKey: .kernel)
    }
}

public struct CPUInfo: Codable, Sendable, Equatable {
    public var model: String
    /// `intel`, `amd`, `apple`, `arm`, `ampere`, `nvidia`, `qualcomm` ... or `unknown`.
    public var vendor: String
    /// `x86_64` or `arm64`.
    public var architecture: String
    public var sockets: Int
    public var physicalCores: Int
    public var logicalCores: Int
    /// Performance and efficiency cores, where the OS tells them apart (Apple Silicon, Intel hybrid, Arm big.LITTLE).
    public var performanceCores: Int?
    public var efficiencyCores: Int?
    /// Instruction-set features inference engines use, lower-case (`avx2`, `avx512f`, `dotprod`, `i8mm`, ...).
    public var features: [String]
    /// Maximum clock (cpufreq `cpuinfo_max_freq`, else `cpu MHz` of /proc/cpuinfo), when the OS tells it.
    public var frequencyMHz: Double?

    public init(
        model: String, vendor: String, architecture: String, sockets: Int, physicalCores: Int, logicalCores: Int,
        performanceCores: Int? = nil, efficiencyCores: Int? = nil, features: [String], frequencyMHz: Double? = nil
    ) {
        self.model = model
        self.vendor = vendor
        self.architecture = architecture
        self.sockets = sockets
        self.physicalCores = physicalCores
        self.logicalCores = logicalCores
        self.performanceCores = performanceCores
        self.efficiencyCores = efficiencyCores
        self.features = features
        self.frequencyMHz = frequencyMHz
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(architecture, forKey: .architecture)
        try container.encode(sockets, forKey: .sockets)
        try container.encode(physicalCores, forKey: .physicalCores)
        try container.encode(logicalCores, forKey: .logicalCores)
        try container.encodeNullable(performanceCores, forKey: .performanceCores)
        try container.encodeNullable(efficiencyCores, forKey: .efficiencyCores)
        try container.encode(features, forKey: .features)
        try container.encodeNullable(frequencyMHz, forKey: .frequencyMHz)
    }
}

public struct MemoryInfo: Codable, Sendable, Equatable {
    /// RAM the machine (or the container, when it is limited) has.
    public var totalBytes: Int64
    /// RAM free for new work now: the kernel's estimate (MemAvailable, or free + inactive pages on macOS),
    /// capped by what the container may still use.
    public var availableBytes: Int64
    public var swapTotalBytes: Int64
    public var swapFreeBytes: Int64
    /// The host's RAM when a container limit applies, else nil.
    public var hostTotalBytes: Int64?
    /// The cgroup memory limit, when one is set and lower than the host's RAM.
    public var containerLimitBytes: Int64?
    /// What canirun plans with: available minus the reserve.
    public var usableBytes: Int64
    /// Held back for the operating system, the desktop and other programs.
    public var reserveBytes: Int64
    /// Why the reserve is what it is, in words.
    public var reserveReason: String

    public init(
        totalBytes: Int64, availableBytes: Int64, swapTotalBytes: Int64, swapFreeBytes: Int64,
        hostTotalBytes: Int64? = nil, containerLimitBytes: Int64? = nil, usableBytes: Int64, reserveBytes: Int64,
        reserveReason: String
    ) {
        self.totalBytes = totalBytes
        self.availableBytes = availableBytes
        self.swapTotalBytes = swapTotalBytes
        self.swapFreeBytes = swapFreeBytes
        self.hostTotalBytes = hostTotalBytes
        self.containerLimitBytes = containerLimitBytes
        self.usableBytes = usableBytes
        self.reserveBytes = reserveBytes
        self.reserveReason = reserveReason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(totalBytes, forKey: .totalBytes)
        try container.encode(availableBytes, forKey: .availableBytes)
        try container.encode(swapTotalBytes, forKey: .swapTotalBytes)
        try container.encode(swapFreeBytes, forKey: .swapFreeBytes)
        try container.encodeNullable(hostTotalBytes, forKey: .hostTotalBytes)
        try container.encodeNullable(containerLimitBytes, forKey: .containerLimitBytes)
        try container.encode(usableBytes, forKey: .usableBytes)
        try container.encode(reserveBytes, forKey: .reserveBytes)
        try container.encode(reserveReason, forKey: .reserveReason)
    }
}

public enum GPUVendor: String, Codable, Sendable, CaseIterable {
    case nvidia, amd, intel, apple, unknown
}

public enum GPUBackend: String, Codable, Sendable, CaseIterable {
    case cuda = "CUDA"
    case rocm = "ROCm"
    case metal = "Metal"
    case vulkan = "Vulkan"
    case sycl = "SYCL"
}

public struct GPUDevice: Codable, Sendable, Equatable {
    public var index: Int
    public var name: String
    public var vendor: GPUVendor
    /// The backend llama.cpp would use for this GPU on this OS.
    public var backend: GPUBackend
    /// Dedicated VRAM, or for unified memory the part of RAM the GPU may use.
    public var memoryTotalBytes: Int64
    public var memoryFreeBytes: Int64?
    public var memoryBandwidthBytesPerSecond: Int64?
    public var unifiedMemory: Bool
    /// What canirun plans with on this GPU: free memory minus the engine's safety margin.
    public var usableBytes: Int64
    public var reserveReason: String
    /// `vendor:device` in lower-case hex, e.g. `10de:2684`.
    public var pciID: String?
    /// PCI bus address, e.g. `0000:01:00.0`.
    public var busID: String?
    /// NVIDIA compute capability, e.g. `8.9`.
    public var computeCapability: String?
    public var driverVersion: String?
    /// The GPU database entry that matched, if any.
    public var databaseID: String?
    public var fp16TFLOPS: Double?
    /// Apple: GPU cores; others: not set.
    public var gpuCores: Int?

    public init(
        index: Int, name: String, vendor: GPUVendor, backend: GPUBackend, memoryTotalBytes: Int64,
        memoryFreeBytes: Int64?, memoryBandwidthBytesPerSecond: Int64? = nil, unifiedMemory: Bool,
        usableBytes: Int64 = 0, reserveReason: String = "", pciID: String? = nil, busID: String? = nil,
        computeCapability: String? = nil, driverVersion: String? = nil, databaseID: String? = nil,
        fp16TFLOPS: Double? = nil, gpuCores: Int? = nil
    ) {
        self.index = index
        self.name = name
        self.vendor = vendor
        self.backend = backend
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryFreeBytes = memoryFreeBytes
        self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
        self.unifiedMemory = unifiedMemory
        self.usableBytes = usableBytes
        self.reserveReason = reserveReason
        self.pciID = pciID
        self.busID = busID
        self.computeCapability = computeCapability
        self.driverVersion = driverVersion
        self.databaseID = databaseID
        self.fp16TFLOPS = fp16TFLOPS
        self.gpuCores = gpuCores
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(name, forKey: .name)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(backend, forKey: .backend)
        try container.encode(memoryTotalBytes, forKey: .memoryTotalBytes)
        try container.encodeNullable(memoryFreeBytes, forKey: .memoryFreeBytes)
        try container.encodeNullable(memoryBandwidthBytesPerSecond, forKey: .memoryBandwidthBytesPerSecond)
        try container.encode(unifiedMemory, forKey: .unifiedMemory)
        try container.encode(usableBytes, forKey: .usableBytes)
        try container.encode(reserveReason, forKey: .reserveReason)
        try container.encodeNullable(pciID, forKey: .pciID)
        try container.encodeNullable(busID, forKey: .busID)
        try container.encodeNullable(computeCapability, forKey: .computeCapability)
        try container.encodeNullable(driverVersion, forKey: .driverVersion)
        try container.encodeNullable(databaseID, forKey: .databaseID)
        try container.encodeNullable(fp16TFLOPS, forKey: .fp16TFLOPS)
        try container.encodeNullable(gpuCores, forKey: .gpuCores)
    }
}

extension KeyedEncodingContainer {
    /// Encodes `nil` as JSON `null` instead of leaving the key out, so the schema keeps every key.
    mutating func encodeNullable<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
