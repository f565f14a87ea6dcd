/// The lesson's calculator: a model's size at each precision, and whether it fits a machine.
public struct QuantizeReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public struct Row: Codable, Sendable, Equatable {
        /// `16-bit`, `4-bit`, or a llama.cpp file type such as `Q4_K_M`.
        public var name: String
        public var bitsPerWeight: Double
        public var bytes: Int64
        /// `vram` (weights fit the usable VRAM), `ram` (usable RAM), or `none`. Weights only: the KV cache and
        /// buffers come on top (see `canirun estimate`).
        public var fitsIn: String
    }

    public var schemaVersion: Int
    public var input: String
    public var parameters: UInt64
    /// Where the GGUF sizes come from.
    public var basis: String
    public var plainPrecisions: [Row]
    public var ggufTypes: [Row]
}

public enum QuantizationCalculator {
    /// The GGUF types the calculator lists.
    public static let types: [QuantizationFileType] = [
        .f16, .q8_0, .q6_K, .q5_K_M, .q4_K_M, .q4_0, .iq4_XS, .q3_K_M, .q2_K,
    ]

    /// Parses `7B`, `70b`, `1.5B`, `405B`, `500M` as parameter counts.
    public static func parameterCount(_ text: String) -> UInt64? {
        let lower = text.lowercased().trimmingWhitespace()
        guard let last = lower.last, last == "b" || last == "m", let number = Double(lower.dropLast()), number > 0,
            number < 100_000
        else { return nil }
        return UInt64(number * (last == "b" ? 1e9 : 1e6))
    }

    static func fits(_ bytes: Int64, machine: HardwareSnapshot) -> String {
        let pool = machine.gpuPoolUsableBytes
        if bytes <= pool, pool > 0 { return "vram" }
        if bytes <= machine.memory.usableBytes { return "ram" }
        return "none"
    }

    /// For a size in bytes (taken as a 16-bit model) or a parameter count, with GGUF types at the effective bits
    /// per weight llama-quantize's recipe gives a reference model (Llama 3.1 8B from the catalog).
    public static func report(parameters: UInt64, input: String, machine: HardwareSnapshot, model: CatalogModel?)
        -> QuantizeReport
    {
        let plain = [32.0, 16, 8, 6, 5, 4, 3, 2].map { bits -> QuantizeReport.Row in
            let bytes = Int64(Double(parameters) * bits / 8)
            return QuantizeReport.Row(
                name: "\(Int(bits))-bit", bitsPerWeight: bits, bytes: bytes, fitsIn: fits(bytes, machine: machine))
        }
        let reference =
            model ?? ModelCatalog.embedded.models.first { $0.id == "llama-3.1-8b-instruct" }
            ?? ModelCatalog.embedded.models.first { $0.id.hasPrefix("llama-3.1-8b") }
        var rows: [QuantizeReport.Row] = []
        for type in types {
            guard let reference, let spec = try? ModelAdvisor.predictedSpec(reference, fileType: type) else { continue }
            let bits = spec.bitsPerWeight
            let bytes = model != nil ? Int64(spec.fileBytes) : Int64(Double(parameters) * bits / 8)
            rows.append(
                QuantizeReport.Row(
                    name: type.rawValue, bitsPerWeight: (bits * 100).rounded() / 100, bytes: bytes,
                    fitsIn: fits(bytes, machine: machine)))
        }
        let basis =
            model != nil
            ? "predicted GGUF files of \(model?.displayName ?? ""): llama-quantize's recipe (llama.cpp b11434) applied to its tensors"
            : "effective bits per weight of each type as llama-quantize's recipe (llama.cpp b11434) gives "
                + "\(reference?.displayName ?? "a reference model"); other models differ by a few percent"
        return QuantizeReport(
            schemaVersion: QuantizeReport.currentSchemaVersion, input: input, parameters: parameters, basis: basis,
            plainPrecisions: plain, ggufTypes: rows)
    }
}
