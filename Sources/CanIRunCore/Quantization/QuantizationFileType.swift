/// A file type `llama-quantize` can write, with its id (`general.file_type`) and the tensor type most weights get.
///
/// Source: llama.cpp b11434 `include/llama.h` (`enum llama_ftype`), `tools/quantize/quantize.cpp`
/// (`QUANT_OPTIONS`) and `src/llama-quant.cpp` (`llama_ftype_get_default_type`).
public enum QuantizationFileType: String, Sendable, CaseIterable, Codable {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case q8_0 = "Q8_0"
    case q6_K = "Q6_K"
    case q5_K_M = "Q5_K_M"
    case q5_K_S = "Q5_K_S"
    case q5_1 = "Q5_1"
    case q5_0 = "Q5_0"
    case q4_K_M = "Q4_K_M"
    case q4_K_S = "Q4_K_S"
    case q4_1 = "Q4_1"
    case q4_0 = "Q4_0"
    case iq4_XS = "IQ4_XS"
    case iq4_NL = "IQ4_NL"
    case q3_K_L = "Q3_K_L"
    case q3_K_M = "Q3_K_M"
    case q3_K_S = "Q3_K_S"
    case iq3_M = "IQ3_M"
    case iq3_S = "IQ3_S"
    case iq3_XS = "IQ3_XS"
    case iq3_XXS = "IQ3_XXS"
    case q2_K = "Q2_K"
    case q2_K_S = "Q2_K_S"
    case iq2_M = "IQ2_M"
    case iq2_S = "IQ2_S"
    case iq2_XS = "IQ2_XS"
    case iq2_XXS = "IQ2_XXS"
    case iq1_M = "IQ1_M"
    case iq1_S = "IQ1_S"
    case tq2_0 = "TQ2_0"
    case tq1_0 = "TQ1_0"
    case q2_0 = "Q2_0"
    case q1_0 = "Q1_0"
    case mxfp4_MoE = "MXFP4_MOE"

    /// `general.file_type` (`enum llama_ftype`).
    public var id: Int64 {
        switch self {
        case .f32: 0
        case .f16: 1
        case .q4_0: 2
        case .q4_1: 3
        case .q8_0: 7
        case .q5_0: 8
        case .q5_1: 9
        case .q2_K: 10
        case .q3_K_S: 11
        case .q3_K_M: 12
        case .q3_K_L: 13
        case .q4_K_S: 14
        case .q4_K_M: 15
        case .q5_K_S: 16
        case .q5_K_M: 17
        case .q6_K: 18
        case .iq2_XXS: 19
        case .iq2_XS: 20
        case .q2_K_S: 21
        case .iq3_XS: 22
        case .iq3_XXS: 23
        case .iq1_S: 24
        case .iq4_NL: 25
        case .iq3_S: 26
        case .iq3_M: 27
        case .iq2_S: 28
        case .iq2_M: 29
        case .iq4_XS: 30
        case .iq1_M: 31
        case .bf16: 32
        case .tq1_0: 36
        case .tq2_0: 37
        case .mxfp4_MoE: 38
        case .q1_0: 40
        case .q2_0: 41
        }
    }

    /// The type every quantizable tensor starts from before the per-tensor rules (`llama_ftype_get_default_type`).
    public var defaultType: GGMLType {
        switch self {
        case .f32: .f32
        case .f16: .f16
        case .bf16: .bf16
        case .q8_0: .q8_0
        case .q6_K: .q6_K
        case .q5_K_M, .q5_K_S: .q5_K
        case .q5_1: .q5_1
        case .q5_0: .q5_0
        case .q4_K_M, .q4_K_S: .q4_K
        case .q4_1: .q4_1
        case .q4_0: .q4_0
        case .iq4_XS: .iq4_XS
        case .iq4_NL: .iq4_NL
        case .q3_K_L, .q3_K_M, .q3_K_S: .q3_K
        case .iq3_M, .iq3_S, .iq3_XS: .iq3_S
        case .iq3_XXS: .iq3_XXS
        case .q2_K, .q2_K_S: .q2_K
        case .iq2_M: .iq2_S
        case .iq2_S, .iq2_XS: .iq2_XS
        case .iq2_XXS: .iq2_XXS
        case .iq1_M: .iq1_M
        case .iq1_S: .iq1_S
        case .tq2_0: .tq2_0
        case .tq1_0: .tq1_0
        case .q2_0: .q2_0
        case .q1_0: .q1_0
        case .mxfp4_MoE: .mxfp4
        }
    }

    /// Looks a file type up by its `llama-quantize` name, ignoring case; `Q4_K`, `Q5_K` and `Q3_K` are the
    /// tool's aliases for the `_M` mixes.
    public init?(named label: String) {
        let upper = label.uppercased()
        switch upper {
        case "Q4_K": self = .q4_K_M
        case "Q5_K": self = .q5_K_M
        case "Q3_K": self = .q3_K_M
        default:
            guard let match = Self(rawValue: upper) else { return nil }
            self = match
        }
    }

    public init?(id: Int64) {
        guard let match = Self.allCases.first(where: { $0.id == id }) else { return nil }
        self = match
    }
}
