/// How llama.cpp lays out the layers of one architecture: which layers use a sliding window (and with which
/// default pattern), which keep recurrent state instead of (or beside) a KV cache.
///
/// Source: llama.cpp b11434 `src/models/<arch>.cpp` `load_arch_hparams` (calls to `load_swa_pattern(ml, N,
/// dense_first)` and the `is_recr_impl` rules) and `src/llama-hparams.cpp` `set_swa_pattern`: with pattern N,
/// layer il is sliding-window when `il % N < N - 1` (or, dense first, when `il % N != 0`); N = 0 means all.
/// A GGUF key `<arch>.attention.sliding_window_pattern` (an array of booleans, or a number) overrides the default.
public struct ArchitectureProfile: Sendable, Equatable {
    public enum WindowKind: Sendable, Equatable {
        case none
        /// Sliding window of `<arch>.attention.sliding_window` tokens.
        case sliding(defaultPattern: Int, denseFirst: Bool, requiresWindowKey: Bool)
        /// Llama 4 chunked attention: chunks of 8192 tokens (`n_swa = 8192` in llama4.cpp), 3 chunked + 1 full.
        case chunked(chunkSize: Int, defaultPattern: Int)
    }

    public enum RecurrentRule: Sendable, Equatable {
        case none
        /// Every layer is recurrent (Mamba, RWKV).
        case allLayers
        /// Every layer has both attention and a recurrent state (Falcon-H1's parallel hybrid).
        case allLayersAlsoAttention
        /// Layers whose `head_count_kv` is 0 are recurrent (Jamba, Granite hybrid, LFM2).
        case zeroKVHeads
        /// Nemotron-H: recurrent when `head_count_kv` and `feed_forward_length` are both 0; layers with a
        /// feed-forward but no KV heads are MLP-only and keep no cache (`src/models/nemotron-h.cpp`).
        case zeroKVHeadsAndFeedForward
        /// Qwen3-Next / Qwen3.5: `attention.recurrent_layers`, else every layer but each `full_attention_interval`-th
        /// (default 4) is recurrent.
        case fullAttentionInterval
    }

    public var window: WindowKind
    public var recurrent: RecurrentRule
    /// Encoder-only or embedding architectures (no causal KV cache in use).
    public var isEncoder: Bool

    public static let standard = ArchitectureProfile(window: .none, recurrent: .none, isEncoder: false)

    static func sliding(_ pattern: Int, denseFirst: Bool = false, requiresWindowKey: Bool = false)
        -> ArchitectureProfile
    {
        ArchitectureProfile(
            window: .sliding(defaultPattern: pattern, denseFirst: denseFirst, requiresWindowKey: requiresWindowKey),
            recurrent: .none, isEncoder: false)
    }

    static func recurrent(_ rule: RecurrentRule) -> ArchitectureProfile {
        ArchitectureProfile(window: .none, recurrent: rule, isEncoder: false)
    }

    /// Profiles by GGUF `general.architecture`. Architectures not listed use full attention on every layer.
    public static let byArchitecture: [String: ArchitectureProfile] = [
        "gemma2": .sliding(2),
        "gemma3": .sliding(6, requiresWindowKey: true),
        "gemma3n": .sliding(5),
        // llama_model_gemma4::load_arch_hparams reads the pattern array the converter writes from `layer_types`.
        "gemma4": .sliding(6),
        "gemma-embedding": ArchitectureProfile(
            window: .sliding(defaultPattern: 6, denseFirst: false, requiresWindowKey: false), recurrent: .none,
            isEncoder: true),
        "cohere2": .sliding(4),
        "cohere2moe": .sliding(4, denseFirst: true),
        "gpt-oss": .sliding(2),
        "exaone4": .sliding(4, requiresWindowKey: true),
        "exaone-moe": .sliding(4),
        "olmo2": .sliding(4, requiresWindowKey: true),
        "afmoe": .sliding(4, requiresWindowKey: true),
        "llama4": ArchitectureProfile(
            window: .chunked(chunkSize: 8192, defaultPattern: 4), recurrent: .none, isEncoder: false),
        "mamba": .recurrent(.allLayers),
        "mamba2": .recurrent(.allLayers),
        "rwkv6": .recurrent(.allLayers),
        "rwkv6qwen2": .recurrent(.allLayers),
        "rwkv7": .recurrent(.allLayers),
        "arwkv7": .recurrent(.allLayers),
        "falcon-h1": .recurrent(.allLayersAlsoAttention),
        "jamba": .recurrent(.zeroKVHeads),
        "granitehybrid": .recurrent(.zeroKVHeads),
        "nemotron_h": .recurrent(.zeroKVHeadsAndFeedForward),
        "nemotron_h_moe": .recurrent(.zeroKVHeadsAndFeedForward),
        "lfm2": .recurrent(.zeroKVHeads),
        "lfm2moe": .recurrent(.zeroKVHeads),
        "qwen3next": .recurrent(.fullAttentionInterval),
        "qwen35": .recurrent(.fullAttentionInterval),
        "qwen35moe": .recurrent(.fullAttentionInterval),
        "bert": ArchitectureProfile(window: .none, recurrent: .none, isEncoder: true),
        "nomic-bert": ArchitectureProfile(window: .none, recurrent: .none, isEncoder: true),
        "nomic-bert-moe": ArchitectureProfile(window: .none, recurrent: .none, isEncoder: true),
        "jina-bert-v2": ArchitectureProfile(window: .none, recurrent: .none, isEncoder: true),
        "modern-bert": ArchitectureProfile(
            window: .sliding(defaultPattern: 3, denseFirst: true, requiresWindowKey: true), recurrent: .none,
            isEncoder: true),
    ]

    /// Architectures llama.cpp b11434 loads (from `src/llama-arch.cpp` LLM_ARCH_NAMES) that canirun treats as
    /// standard full-attention transformers; anything else gets a warning.
    public static let knownStandard: Set<String> = [
        "llama", "llama-embed", "mistral3", "qwen", "qwen2", "qwen2moe", "qwen2vl", "qwen3", "qwen3moe", "qwen3vl",
        "qwen3vlmoe", "phi2", "phi3", "phimoe", "gemma", "deci", "deepseek", "deepseek2", "glm4", "glm4moe",
        "chatglm", "granite", "granitemoe", "olmo", "olmoe", "command-r", "falcon", "starcoder", "starcoder2",
        "stablelm", "internlm2", "minicpm", "minicpm3", "baichuan", "bloom", "gpt2", "gptneox", "mpt", "orion",
        "xverse", "dbrx", "arctic", "exaone", "nemotron", "smollm3", "hunyuan-moe", "hunyuan-dense", "ernie4_5",
        "ernie4_5-moe", "seed_oss", "apertus", "arcee", "dots1", "bailingmoe", "bailingmoe2", "plm", "t5", "t5encoder",
        "codeshell", "refact", "openelm", "chameleon", "grovemoe", "minimax-m2", "glm-dsa", "mimo2",
    ]

    /// The profile for an architecture, or the standard one with a warning when canirun does not know it.
    public static func resolve(_ architecture: String, warnings: inout [String]) -> ArchitectureProfile {
        if let known = profile(for: architecture) { return known }
        warnings.append(
            "architecture '\(architecture)' is not in canirun's profiles: treated as a standard transformer "
                + "(full attention on every layer)")
        return .standard
    }

    public static func profile(for architecture: String) -> ArchitectureProfile? {
        if let profile = byArchitecture[architecture] { return profile }
        return knownStandard.contains(architecture) ? .standard : nil
    }

    /// llama.cpp `llama_hparams::set_swa_pattern`.
    public static func slidingLayers(count: Int, pattern: Int, denseFirst: Bool) -> [Bool] {
        (0..<count).map { layer in
            if pattern <= 0 { return true }
            return denseFirst ? layer % pattern != 0 : layer % pattern < pattern - 1
        }
    }
}
