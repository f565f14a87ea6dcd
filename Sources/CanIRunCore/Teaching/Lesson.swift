/// The numbers behind `canirun explain`: the beginner's lesson on CPU and GPU, RAM and VRAM and
/// quantization, worked out for one machine. Text lives in the CLI (in each language); this value holds only
/// facts, so the JSON is the same whatever the language.
public struct LessonReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    /// Where the machine's RAM stands on the lesson's scale.
    public enum RAMStanding: String, Codable, Sendable, Equatable {
        /// Under 16 GB: below the usual minimum.
        case belowMinimum
        /// 16–64 GB.
        case comfortable
        /// 64 GB and up.
        case ideal
    }

    /// Where the largest GPU memory pool stands on the lesson's scale.
    public enum VRAMStanding: String, Codable, Sendable, Equatable {
        case noGPU
        /// Under 12 GB.
        case small
        /// 12–16 GB: small and quantized models.
        case twelveToSixteen
        /// More than 16 GB.
        case large
    }

    public struct Processor: Codable, Sendable, Equatable {
        public var model: String
        public var physicalCores: Int
        public var logicalCores: Int
        /// The SIMD instruction sets llama.cpp's CPU kernels use (AVX2, AVX-512, NEON …) that this CPU has.
        public var vectorFeatures: [String]
    }

    public struct Graphics: Codable, Sendable, Equatable {
        public var name: String
        public var memoryBytes: Int64
        public var usableBytes: Int64
        public var bandwidthBytesPerSecond: Int64?
        public var unifiedMemory: Bool
    }

    /// The largest model whose weights alone fit at one precision.
    public struct PrecisionLimit: Codable, Sendable, Equatable {
        public var bits: Int
        /// Parameters whose weights fit the largest GPU pool (all dedicated VRAM together, or unified memory).
        public var largestParametersOnGPU: UInt64
        /// Parameters whose weights fit the usable RAM.
        public var largestParametersInRAM: UInt64
    }

    /// Where one example model's bytes go when llama.cpp runs it on this machine.
    public struct ExampleModel: Codable, Sendable, Equatable {
        public var id: String
        public var displayName: String
        public var quantization: String
        public var contextLength: Int
        public var fileBytes: Int64
        public var memory: MemoryBreakdown
        public var fit: FitVerdict
    }

    public var schemaVersion: Int
    public var cpu: Processor
    public var gpus: [Graphics]
    public var ramTotalBytes: Int64
    public var ramUsableBytes: Int64
    public var ramStanding: RAMStanding
    /// The largest pool a model's layers can use on the GPU side: all dedicated VRAM together, or unified memory.
    public var gpuPoolBytes: Int64
    public var vramStanding: VRAMStanding
    public var precisionLimits: [PrecisionLimit]
    public var example: ExampleModel?
}

public enum Lesson {
    /// The lesson's RAM scale: "16 GB is a minimum, up to 64 GB ideal". Compared in GiB with half a GiB of
    /// slack, because a machine sold as 16 GB reports 15.5–16 GiB once firmware and the kernel take their part.
    static let ramMinimumGiB = 15.5
    static let ramIdealGiB = 63.5
    /// The lesson's VRAM scale: "12–16 GB of VRAM fits small or quantized models"; cards report their nominal
    /// size in GiB (a 12 GB card has 12 GiB), so half a GiB either side.
    static let vramSmallBelowGiB = 11.5
    static let vramLargeAboveGiB = 16.5
    /// The precisions the lesson walks through: 16-bit as published, then 8 and 4 bits.
    public static let precisions = [16, 8, 4]
    /// The example model for "where the bytes go": small enough for most machines, and the lesson's usual 8B.
    public static let exampleModelID = "llama-3.1-8b-instruct"

    /// The example's context: 8192 tokens, a typical chat setting; the example shows proportions, not a limit.
    public static let exampleContext = 8192

    static let vectorFeatureNames: Set<String> = [
        "avx", "avx2", "avx512f", "avx512_bf16", "avx512_vnni", "avx_vnni", "amx_tile", "fma", "f16c",
        "neon", "asimd", "sve", "sve2", "dotprod", "asimddp", "i8mm",
    ]

    /// `includeExample: false` skips the worked example, and with it decoding the catalog (about 9 ms).
    public static func make(
        machine: HardwareSnapshot, includeExample: Bool = true, catalog: @autoclosure () -> ModelCatalog = .embedded
    ) -> LessonReport {
        let cpu = LessonReport.Processor(
            model: machine.cpu.model, physicalCores: machine.cpu.physicalCores,
            logicalCores: machine.cpu.logicalCores,
            vectorFeatures: machine.cpu.features.filter { vectorFeatureNames.contains($0.lowercased()) })
        let gpus = machine.gpus.map {
            LessonReport.Graphics(
                name: $0.name, memoryBytes: $0.memoryTotalBytes, usableBytes: $0.usableBytes,
                bandwidthBytesPerSecond: $0.memoryBandwidthBytesPerSecond, unifiedMemory: $0.unifiedMemory)
        }
        let gpuPool = machine.gpuPoolUsableBytes
        let ramUsable = max(machine.memory.usableBytes, 0)
        let limits = precisions.map { bits in
            LessonReport.PrecisionLimit(
                bits: bits, largestParametersOnGPU: parameters(fitting: gpuPool, bits: bits),
                largestParametersInRAM: parameters(fitting: ramUsable, bits: bits))
        }
        let largestGPUMemory = machine.gpus.map(\.memoryTotalBytes).max()
        return LessonReport(
            schemaVersion: LessonReport.currentSchemaVersion, cpu: cpu, gpus: gpus,
            ramTotalBytes: machine.memory.totalBytes, ramUsableBytes: ramUsable,
            ramStanding: ramStanding(totalBytes: machine.memory.totalBytes), gpuPoolBytes: gpuPool,
            vramStanding: vramStanding(largestGPUBytes: largestGPUMemory), precisionLimits: limits,
            example: includeExample ? example(machine: machine, catalog: catalog()) : nil)
    }

    public static func ramStanding(totalBytes: Int64) -> LessonReport.RAMStanding {
        let gibibytes = Double(totalBytes) / 1_073_741_824
        if gibibytes < ramMinimumGiB { return .belowMinimum }
        return gibibytes < ramIdealGiB ? .comfortable : .ideal
    }

    public static func vramStanding(largestGPUBytes: Int64?) -> LessonReport.VRAMStanding {
        guard let largestGPUBytes, largestGPUBytes > 0 else { return .noGPU }
        let gibibytes = Double(largestGPUBytes) / 1_073_741_824
        if gibibytes < vramSmallBelowGiB { return .small }
        return gibibytes <= vramLargeAboveGiB ? .twelveToSixteen : .large
    }

    /// Weights only: `bytes × 8 / bits`. The KV cache and buffers come on top (the example shows how much).
    static func parameters(fitting bytes: Int64, bits: Int) -> UInt64 {
        guard bytes > 0, bits > 0 else { return 0 }
        return UInt64(Double(bytes) * 8 / Double(bits))
    }

    static func example(machine: HardwareSnapshot, catalog: ModelCatalog) -> LessonReport.ExampleModel? {
        guard let model = catalog.models.first(where: { $0.id == exampleModelID }),
            let (verdict, _) = try? ModelAdvisor(machine: machine, settings: RunSettings(contextLength: exampleContext))
                .verdict(model, fileType: .q4_K_M)
        else { return nil }
        return LessonReport.ExampleModel(
            id: model.id, displayName: model.displayName, quantization: verdict.name,
            contextLength: exampleContext, fileBytes: verdict.fileBytes, memory: verdict.memory, fit: verdict.fit)
    }
}
