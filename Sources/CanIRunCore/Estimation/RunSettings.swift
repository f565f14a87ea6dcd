import Foundation

/// Flash attention as llama.cpp's `-fa on|off|auto`.
public enum FlashAttentionSetting: String, Codable, Sendable, CaseIterable {
    case on, off, auto
}

/// The settings of one llama.cpp run. Defaults are llama.cpp b11434's command-line defaults
/// (`common/common.h` `common_params`, `common/arg.cpp`): `-c 0` (the model's training context), `-b 2048`,
/// `-ub 512`, `-np 1`, `-fa auto`, `-ctk f16 -ctv f16`, `-ngl auto` (all layers), mmap on, KV offload on,
/// `swa_full` false, CPU repacking on.
public struct RunSettings: Sendable, Equatable, Codable {
    /// Requested context (`-c`); nil means llama.cpp's 0: the model's training context.
    public var contextLength: Int?
    public var batchSize: Int
    public var microBatchSize: Int
    public var parallelSequences: Int
    /// `-kvu`: one cache shared by all sequences (llama-server's default when `-np` is not given).
    public var unifiedKV: Bool
    public var flashAttention: FlashAttentionSetting
    public var cacheTypeK: GGMLType
    public var cacheTypeV: GGMLType
    /// `-ngl`: layers on the GPU(s), counting the output layer as one; nil means all (llama.cpp's -1).
    public var gpuLayers: Int?
    /// `--cpu-moe`: every routed-expert tensor stays in system RAM.
    public var cpuMoE: Bool
    /// `--n-cpu-moe N`: the routed experts of the first N layers stay in system RAM.
    public var cpuMoELayers: Int
    public var mmap: Bool
    /// `-nkvo` turns this off: the whole KV cache then lives in system RAM.
    public var kvOffload: Bool
    /// `--swa-full`: sliding-window layers keep a full-size cache.
    public var swaFull: Bool
    /// `-nr` turns this off: the CPU backend keeps weights as they are in the file.
    public var repack: Bool
    /// `-ts`: fractions of the offloaded layers per GPU; nil splits by free memory, as llama.cpp does.
    public var tensorSplit: [Double]?

    public init(
        contextLength: Int? = nil, batchSize: Int = 2048, microBatchSize: Int = 512, parallelSequences: Int = 1,
        unifiedKV: Bool = false, flashAttention: FlashAttentionSetting = .auto, cacheTypeK: GGMLType = .f16,
        cacheTypeV: GGMLType = .f16, gpuLayers: Int? = nil, cpuMoE: Bool = false, cpuMoELayers: Int = 0,
        mmap: Bool = true, kvOffload: Bool = true, swaFull: Bool = false, repack: Bool = true,
        tensorSplit: [Double]? = nil
    ) {
        self.contextLength = contextLength
        self.batchSize = batchSize
        self.microBatchSize = microBatchSize
        self.parallelSequences = parallelSequences
        self.unifiedKV = unifiedKV
        self.flashAttention = flashAttention
        self.cacheTypeK = cacheTypeK
        self.cacheTypeV = cacheTypeV
        self.gpuLayers = gpuLayers
        self.cpuMoE = cpuMoE
        self.cpuMoELayers = cpuMoELayers
        self.mmap = mmap
        self.kvOffload = kvOffload
        self.swaFull = swaFull
        self.repack = repack
        self.tensorSplit = tensorSplit
    }

    /// The cache types `-ctk`/`-ctv` accept (llama.cpp `common/arg.cpp` `kv_cache_types`).
    public static let allowedCacheTypes: [GGMLType] = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1, .iq4_NL, .q5_0, .q5_1]
}

/// Why an estimate cannot be made with these settings, naming the flag to change.
public enum EstimateError: Error, Equatable, LocalizedError {
    case invalidSetting(flag: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .invalidSetting(let flag, let reason): "\(flag): \(reason)"
        }
    }
}
