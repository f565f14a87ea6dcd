import Foundation

/// The recurrent half of a hybrid model: which layers hold what, and the sizes llama.cpp's `ssm.*` keys carry.
/// Rules from llama.cpp b11434: `src/models/granite-hybrid.cpp`, `nemotron-h.cpp`, `falcon-h1.cpp`,
/// `qwen3next.cpp`, `qwen35.cpp`, `qwen35moe.cpp` (`load_arch_tensors`) and the converters `conversion/granite.py`
/// (GraniteHybridModel), `conversion/nemotron.py` (NemotronHModel), `conversion/falcon_h1.py`, `conversion/mamba.py`
/// (Mamba2Model) and `conversion/qwen.py` (Qwen3NextModel, Qwen3_5TextModel, Qwen3_5MoeTextModel).
public struct HybridShape: Sendable, Equatable {
    public enum LayerKind: Sendable, Equatable {
        /// Attention and the layer's FFN (Granite 4.0-H, Qwen3-Next/3.5 full-attention layers).
        case attention
        /// A Mamba-2 mixer and the layer's FFN (Granite 4.0-H).
        case mamba
        /// Nemotron-H: each layer has one mixer only: attention, Mamba-2, or the (MoE) FFN.
        case attentionOnly, mambaOnly, feedForwardOnly
        /// A Gated DeltaNet layer and the layer's FFN (Qwen3-Next, Qwen3.5).
        case linearAttention
        /// Falcon-H1: Mamba-2 and attention side by side, then the FFN, in every layer.
        case mambaAndAttention

        var isRecurrent: Bool {
            self == .mamba || self == .mambaOnly || self == .linearAttention || self == .mambaAndAttention
        }
        var hasAttention: Bool { self == .attention || self == .attentionOnly || self == .mambaAndAttention }
    }

    public var kinds: [LayerKind]
    /// `ssm.inner_size`, `ssm.state_size`, `ssm.group_count`, `ssm.time_step_rank` (SSM heads; value heads for
    /// Gated DeltaNet), `ssm.conv_kernel`.
    public var innerSize: Int
    public var stateSize: Int
    public var groupCount: Int
    public var headCount: Int
    public var convKernel: Int
    /// Mamba-2 `conv1d.bias` (`use_conv_bias` / `mamba_conv_bias`, true by default) and the grouped RMS norm
    /// `ssm_norm` (always in Granite and Nemotron; in Falcon-H1 when `mamba_rms_norm`).
    public var convBias: Bool = true
    public var groupNorm: Bool = true
    /// Nemotron 3 Super/Ultra: experts work in a smaller latent width (`moe_latent_size`), 0 when not.
    public var latentSize: Int = 0
    /// Qwen3-Next/3.5: every n-th layer is full attention (`full_attention_interval`, 4 when absent).
    public var fullAttentionInterval: Int = 4
}

extension LayoutHyperparameters {
    /// Reads the hybrid facts of a Granite 4.0-H, Nemotron-H, Falcon-H1 or Qwen3-Next/3.5 config.
    mutating func readHybridShape(config: [String: Any], int: (String...) -> Int?, bool: (String) -> Bool?) throws {
        let layers = layerCount
        switch architecture {
        case "granitehybrid":
            // GraniteHybridModel.get_attn_layers: `layer_types`, else `attn_layer_indices`. Granite 4.0-H-Small's
            // catalog config has neither; its four attention layers sit at 5, 15, 25, 35 as in H-Micro and
            // H-Tiny (the recount from that layout equals its stated parameter count exactly).
            var attention = Set((0..<layers).filter { $0 % 10 == 5 })
            if let types = config["layer_types"] as? [String] {
                attention = Set(types.indices.filter { types[$0] == "attention" })
            } else if let indices = config["attn_layer_indices"] as? [Int] {
                attention = Set(indices)
            }
            // Granite removes head_dim before writing (GraniteModel.set_gguf_parameters): heads are E / n_head.
            headDim = hiddenSize / max(1, headCount)
            let heads = int("mamba_n_heads") ?? 0
            // Mamba2Model: d_inner = expand × d_model (`mamba_expand`, 2 in every Granite 4.0-H; the loader
            // asserts 2 × n_embd == d_inner).
            hybrid = HybridShape(
                kinds: (0..<layers).map { attention.contains($0) ? .attention : .mamba },
                innerSize: (int("mamba_expand") ?? 2) * hiddenSize, stateSize: int("mamba_d_state") ?? 128,
                groupCount: int("mamba_n_groups") ?? 1, headCount: heads, convKernel: int("mamba_d_conv") ?? 4,
                convBias: bool("mamba_conv_bias") ?? true)
            if expertCount > 0, let shared = int("shared_intermediate_size"), shared > 0 {
                sharedExpertCount = 1
                sharedExpertFFN = shared
            } else if expertCount == 0, let shared = int("shared_intermediate_size") {
                // The dense FFN is `shared_mlp`, split by `shared_intermediate_size` (GraniteMoeModel.modify_tensors).
                intermediateSize = shared
            }
        case "nemotron_h", "nemotron_h_moe":
            let isMoE = architecture == "nemotron_h_moe"
            var kinds: [HybridShape.LayerKind] = []
            if let pattern = config["hybrid_override_pattern"] as? String {
                kinds = pattern.map { $0 == "M" ? .mambaOnly : $0 == "*" ? .attentionOnly : .feedForwardOnly }
            } else if let types = config["layers_block_type"] as? [String] {
                kinds = types.map {
                    ["mamba", "linear_attention"].contains($0)
                        ? .mambaOnly : ["attention", "full_attention"].contains($0) ? .attentionOnly : .feedForwardOnly
                }
            } else {
                throw LayoutError.missingKey("hybrid_override_pattern")
            }
            layerCount = kinds.count
            headDim = int("head_dim", "attention_head_dim") ?? headDim
            let heads = int("mamba_num_heads") ?? 0
            hybrid = HybridShape(
                kinds: kinds, innerSize: heads * (int("mamba_head_dim") ?? 64), stateSize: int("ssm_state_size") ?? 128,
                groupCount: int("n_groups") ?? 1, headCount: heads, convKernel: int("conv_kernel") ?? 4,
                convBias: bool("use_conv_bias") ?? true, latentSize: isMoE ? int("moe_latent_size") ?? 0 : 0)
            if isMoE {
                expertCount = int("n_routed_experts") ?? expertCount
                expertFFN = int("moe_intermediate_size") ?? intermediateSize
                sharedExpertCount = int("n_shared_experts") ?? 1
                sharedExpertFFN = int("moe_shared_expert_intermediate_size") ?? 0
                expertProbabilityBias = true
            } else {
                expertCount = 0
            }
        case "falcon-h1":
            let inner = int("mamba_d_ssm") ?? 2 * hiddenSize
            hybrid = HybridShape(
                kinds: Array(repeating: .mambaAndAttention, count: layers), innerSize: inner,
                stateSize: int("mamba_d_state") ?? 128, groupCount: int("mamba_n_groups") ?? 1,
                headCount: inner / max(1, int("mamba_d_head") ?? 64), convKernel: int("mamba_d_conv") ?? 4,
                convBias: bool("mamba_conv_bias") ?? true, groupNorm: bool("mamba_rms_norm") ?? false)
        case "qwen3next", "qwen35", "qwen35moe":
            let interval = int("full_attention_interval") ?? 4
            var recurrent = (0..<layers).map { ($0 + 1) % interval != 0 }
            if let types = config["layer_types"] as? [String], types.count == layers {
                recurrent = types.map { $0 == "linear_attention" }
            }
            // The loader uses the key head size for values too (`head_v_dim = ssm.state_size`).
            let keyHead = int("linear_key_head_dim") ?? 128
            let valueHeads = int("linear_num_value_heads") ?? 32
            hybrid = HybridShape(
                kinds: recurrent.map { $0 ? .linearAttention : .attention }, innerSize: keyHead * valueHeads,
                stateSize: keyHead, groupCount: int("linear_num_key_heads") ?? 16, headCount: valueHeads,
                convKernel: int("linear_conv_kernel_dim") ?? 4, fullAttentionInterval: interval)
        default:
            break
        }
    }
}

extension GGUFTensorLayout {
    /// The tensors of a hybrid model at F16, in the converter's order, without the multi-token-prediction block
    /// that the Nemotron 3 and Qwen3-Next/3.5 converters append: llama.cpp creates it with TENSOR_SKIP unless MTP
    /// is loaded, so it takes no memory (published files that carry it are that much larger than predicted here).
    static func hybridTensors(for p: LayoutHyperparameters, shape s: HybridShape, floatType: GGMLType)
        -> [QuantizationTensor]
    {
        var list: [QuantizationTensor] = []
        func add(_ name: String, _ dims: [Int], _ forceF32: Bool = false) {
            list.append(converterTensor(name, dims, floatType: floatType, forceF32: forceF32))
        }
        let arch = p.architecture
        let e = p.hiddenSize
        let hd = p.headDim
        let isQwen = arch == "qwen3next" || arch == "qwen35" || arch == "qwen35moe"
        // Mamba-2: in_proj gives z, x, B, C and dt; the convolution runs over x, B and C.
        let convChannels = s.innerSize + 2 * s.groupCount * s.stateSize
        // Gated DeltaNet: q and k (key heads) and v (value heads) share the convolution.
        let keyDim = s.stateSize * s.groupCount
        let valueDim = s.stateSize * s.headCount
        let deltaConvChannels = 2 * keyDim + valueDim

        add("token_embd.weight", [e, p.vocabSize])
        if arch != "falcon-h1" { add("output_norm.weight", [e]) }
        if !p.tiedEmbeddings { add("output.weight", [e, p.vocabSize]) }
        if arch == "falcon-h1" { add("output_norm.weight", [e]) }

        func attention(_ b: String) {
            // Qwen3-Next/3.5 fold the output gate into attn_q (twice the query width) and norm Q and K per head.
            add(b + "attn_q.weight", [e, hd * p.headCount * (isQwen ? 2 : 1)])
            add(b + "attn_k.weight", [e, hd * p.kvHeadCount])
            add(b + "attn_v.weight", [e, hd * p.kvHeadCount])
            add(b + "attn_output.weight", [hd * p.headCount, e])
            if isQwen {
                add(b + "attn_q_norm.weight", [hd])
                add(b + "attn_k_norm.weight", [hd])
            }
        }
        func mamba(_ b: String) {
            // A_log → ssm_a and D → ssm_d are written as {1, heads} without a `.weight` suffix (Mamba2Model).
            add(b + "ssm_in.weight", [e, 2 * s.innerSize + 2 * s.groupCount * s.stateSize + s.headCount])
            add(b + "ssm_conv1d.weight", [s.convKernel, convChannels], true)
            if s.convBias { add(b + "ssm_conv1d.bias", [convChannels]) }
            add(b + "ssm_dt.bias", [s.headCount])
            add(b + "ssm_a", [1, s.headCount], true)
            add(b + "ssm_d", [1, s.headCount], true)
            if s.groupNorm { add(b + "ssm_norm.weight", [s.innerSize / max(1, s.groupCount), s.groupCount]) }
            add(b + "ssm_out.weight", [s.innerSize, e])
        }
        func deltaNet(_ b: String) {
            add(b + "attn_qkv.weight", [e, deltaConvChannels])
            add(b + "attn_gate.weight", [e, valueDim])
            add(b + "ssm_conv1d.weight", [s.convKernel, deltaConvChannels], true)
            add(b + "ssm_dt.bias", [s.headCount])
            add(b + "ssm_a", [s.headCount])
            if arch == "qwen3next" {
                add(b + "ssm_ba.weight", [e, 2 * s.headCount])
            } else {
                add(b + "ssm_beta.weight", [e, s.headCount])
                add(b + "ssm_alpha.weight", [e, s.headCount])
            }
            add(b + "ssm_norm.weight", [s.stateSize])
            add(b + "ssm_out.weight", [valueDim, e])
        }
        func gatedFFN(_ b: String, _ width: Int) {
            add(b + "ffn_gate.weight", [e, width])
            add(b + "ffn_down.weight", [width, e])
            add(b + "ffn_up.weight", [e, width])
        }
        func gatedExperts(_ b: String) {
            add(b + "ffn_gate_inp.weight", [e, p.expertCount], true)
            add(b + "ffn_gate_exps.weight", [e, p.expertFFN, p.expertCount])
            add(b + "ffn_up_exps.weight", [e, p.expertFFN, p.expertCount])
            add(b + "ffn_down_exps.weight", [p.expertFFN, e, p.expertCount])
        }

        for (i, kind) in s.kinds.enumerated() {
            let b = "blk.\(i)."
            switch arch {
            case "granitehybrid":
                add(b + "attn_norm.weight", [e])
                if kind == .attention { attention(b) } else { mamba(b) }
                add(b + "ffn_norm.weight", [e])
                if p.expertCount > 0 {
                    gatedExperts(b)
                    if p.sharedExpertFFN > 0 {
                        add(b + "ffn_gate_shexp.weight", [e, p.sharedExpertFFN])
                        add(b + "ffn_up_shexp.weight", [e, p.sharedExpertFFN])
                        add(b + "ffn_down_shexp.weight", [p.sharedExpertFFN, e])
                    }
                } else {
                    gatedFFN(b, p.intermediateSize)
                }
            case "nemotron_h", "nemotron_h_moe":
                // One mixer per layer; squared-ReLU FFNs and experts have no gate (`LLM_FFN_RELU_SQR`).
                add(b + "attn_norm.weight", [e])
                switch kind {
                case .mambaOnly: mamba(b)
                case .attentionOnly: attention(b)
                default:
                    if p.expertCount > 0 {
                        add(b + "ffn_gate_inp.weight", [e, p.expertCount], true)
                        add(b + "exp_probs_b.bias", [p.expertCount])
                        if s.latentSize > 0 {
                            add(b + "ffn_latent_down.weight", [e, s.latentSize])
                            add(b + "ffn_latent_up.weight", [s.latentSize, e])
                        }
                        let x = s.latentSize > 0 ? s.latentSize : e
                        add(b + "ffn_down_exps.weight", [p.expertFFN, x, p.expertCount])
                        add(b + "ffn_up_exps.weight", [x, p.expertFFN, p.expertCount])
                        add(b + "ffn_down_shexp.weight", [p.sharedExpertFFN, e])
                        add(b + "ffn_up_shexp.weight", [e, p.sharedExpertFFN])
                    } else {
                        add(b + "ffn_down.weight", [p.intermediateSize, e])
                        add(b + "ffn_up.weight", [e, p.intermediateSize])
                    }
                }
            case "falcon-h1":
                mamba(b)
                attention(b)
                add(b + "attn_norm.weight", [e])
                // FalconH1's pre-FFN norm maps to `blk.N.ffn_norm`, without a `.weight` suffix (the tensor map's
                // key carries it), so it is written and kept in F32.
                add(b + "ffn_norm", [e])
                gatedFFN(b, p.intermediateSize)
            default:  // qwen3next, qwen35, qwen35moe
                add(b + "attn_norm.weight", [e])
                add(b + "post_attention_norm.weight", [e])
                if kind == .linearAttention { deltaNet(b) } else { attention(b) }
                if p.expertCount > 0 {
                    gatedExperts(b)
                    // The shared expert's sigmoid gate: {E, 1} in the file, 1-D for llama.cpp; kept in F32.
                    add(b + "ffn_gate_inp_shexp.weight", [e], true)
                    add(b + "ffn_gate_shexp.weight", [e, p.sharedExpertFFN])
                    add(b + "ffn_up_shexp.weight", [e, p.sharedExpertFFN])
                    add(b + "ffn_down_shexp.weight", [p.sharedExpertFFN, e])
                } else {
                    gatedFFN(b, p.intermediateSize)
                }
            }
        }
        return list
    }
}
