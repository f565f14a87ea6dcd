import Foundation

/// `quantization_config` from config.json: how the checkpoint's weights are stored, and what that costs per
/// weight on average.
public struct QuantizationConfig: Sendable, Equatable {
    /// `quant_method`: `gptq`, `awq`, `bitsandbytes`, `fp8`, `mxfp4`, `compressed-tensors`, ...
    public var method: String
    /// GPTQ `bits`, AWQ `w_bit` / `bits`, compressed-tensors `weights.num_bits`.
    public var bits: Int?
    /// GPTQ `group_size`, AWQ `q_group_size` / `group_size`, compressed-tensors `weights.group_size`;
    /// -1 or nil means one scale per output channel.
    public var groupSize: Int?
    /// Whether a zero point is stored per group (GPTQ and AWQ always pack one; compressed-tensors when
    /// `symmetric` is false).
    public var hasZeroPoints: Bool
    public var loadIn4Bit: Bool
    public var loadIn8Bit: Bool
    /// bitsandbytes `bnb_4bit_quant_type`: `nf4` or `fp4`.
    public var fourBitType: String?
    /// bitsandbytes `bnb_4bit_use_double_quant`.
    public var doubleQuantization: Bool
    /// FP8 `weight_block_size` (`[128, 128]` for DeepSeek-V3, Qwen3-FP8, MiniMax-M2).
    public var weightBlockSize: [Int]?
    /// compressed-tensors `weights.type`: `int` or `float`.
    public var numberType: String?
    /// compressed-tensors `format`: `pack-quantized`, `float-quantized`, `nvfp4-pack-quantized`, ...
    public var format: String?
    /// `modules_to_not_convert` / `ignore`: modules kept at the original precision.
    public var unquantizedModules: [String]

    /// Average stored bits per quantized weight, scales and zero points included, or nil for an unknown method.
    ///
    /// - GPTQ (AutoGPTQ / GPTQModel packing, `qweight` int32 with 32/bits weights, `scales` fp16 and `qzeros`
    ///   packed like the weights, one of each per group of `group_size` inputs per output):
    ///   bits + 16/group_size + bits/group_size; per-channel (group_size -1) counts bits alone.
    /// - AWQ (AutoAWQ `WQLinear_GEMM`: the same layout with `w_bit` and `q_group_size`): the same formula.
    /// - bitsandbytes 4-bit (`Linear4bit`, `blocksize` 64, one fp32 absmax per block): 4 + 32/64 = 4.5; with
    ///   double quantization the absmax are themselves 8-bit in blocks of 256 with an fp32 scale each:
    ///   4 + 8/64 + 32/(64×256) ≈ 4.127. nf4 and fp4 cost the same. bitsandbytes 8-bit (LLM.int8: int8 weights, one
    ///   fp32 scale per row): 8.
    /// - FP8 (`fp8`, DeepSeek-V3 style: e4m3 weights, one fp32 `weight_scale_inv` per block of
    ///   `weight_block_size`): 8 + 32/(block rows × block columns) = 8.002 for 128×128; 8 without blocks.
    /// - MXFP4 (OCP Microscaling spec v1.0: FP4 E2M1 elements in blocks of 32 sharing one E8M0 scale):
    ///   4 + 8/32 = 4.25.
    /// - compressed-tensors (`config_groups.*.weights`): num_bits + scale bits/group_size (+ num_bits/group_size
    ///   for asymmetric zero points); scales are 16-bit, except 4-bit float (NVFP4, group 16) whose scales are
    ///   FP8: 4 + 8/16 = 4.5; channel- or tensor-wise strategies count num_bits alone.
    /// Sources: AutoGPTQ `nn_modules/qlinear`, AutoAWQ `modules/linear/gemm.py`, bitsandbytes
    /// `functional.quantize_4bit` / `Linear8bitLt`, transformers `integrations/finegrained_fp8.py` and
    /// `integrations/mxfp4.py`, compressed-tensors `QuantizationArgs`.
    public var effectiveBitsPerWeight: Double? {
        switch method {
        case "gptq", "awq":
            let bits = Double(self.bits ?? 4)
            guard let group = groupSize, group > 0 else { return bits }
            return bits + 16 / Double(group) + (hasZeroPoints ? bits / Double(group) : 0)
        case "bitsandbytes", "bitsandbytes_4bit", "bitsandbytes_8bit":
            if loadIn8Bit && !loadIn4Bit { return 8 }
            return doubleQuantization ? 4 + 8.0 / 64 + 32.0 / (64 * 256) : 4 + 32.0 / 64
        case "fp8", "fbgemm_fp8":
            guard let block = weightBlockSize, block.count == 2, block[0] > 0, block[1] > 0 else { return 8 }
            return 8 + 32 / Double(block[0] * block[1])
        case "mxfp4":
            return 4 + 8.0 / 32
        case "compressed-tensors":
            guard let bits else { return nil }
            guard let group = groupSize, group > 0 else { return Double(bits) }
            let scaleBits: Double = numberType == "float" && bits == 4 ? 8 : 16
            return Double(bits) + scaleBits / Double(group) + (hasZeroPoints ? Double(bits) / Double(group) : 0)
        default:
            return nil
        }
    }

    /// How many real weights one stored element of a packed weight tensor holds: GPTQ/AWQ/compressed-tensors
    /// pack 32/bits weights in an int32, 8/bits in a byte.
    public func weightsPerPackedElement(storageBits: Int) -> Int {
        let bits = max(1, self.bits ?? 4)
        return max(1, storageBits / bits)
    }
}

extension QuantizationConfig: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        let reader = ConfigReader(inner: nil, outer: container)
        method = (try reader.string("quant_method") ?? "unknown").lowercased()
        var bits = try reader.int("bits") ?? reader.int("w_bit")
        var group = try reader.int("group_size") ?? reader.int("q_group_size")
        var zeroPoints = method == "gptq" || method == "awq"
        if method == "awq", let zero = try reader.bool("zero_point") { zeroPoints = zero }
        loadIn4Bit = try reader.bool("load_in_4bit") ?? false
        loadIn8Bit = try reader.bool("load_in_8bit") ?? false
        fourBitType = try reader.string("bnb_4bit_quant_type")
        doubleQuantization = try reader.bool("bnb_4bit_use_double_quant") ?? false
        weightBlockSize = try reader.ints("weight_block_size")
        format = try reader.string("format")
        var type: String?
        // compressed-tensors: the first config group's weight arguments.
        let groupsKey = JSONKey("config_groups")
        if container.contains(groupsKey), try !container.decodeNil(forKey: groupsKey) {
            let groups = try container.nestedContainer(keyedBy: JSONKey.self, forKey: groupsKey)
            for key in groups.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                let scheme = try groups.nestedContainer(keyedBy: JSONKey.self, forKey: key)
                guard scheme.contains(JSONKey("weights")), try !scheme.decodeNil(forKey: JSONKey("weights")) else {
                    continue
                }
                let weights = ConfigReader(
                    inner: nil, outer: try scheme.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("weights")))
                bits = try weights.int("num_bits") ?? bits
                let strategy = try weights.string("strategy")
                if strategy == "group" || strategy == "tensor_group" {
                    group = try weights.int("group_size") ?? group
                } else if strategy == "block", let block = try weights.ints("block_structure"), block.count == 2 {
                    group = block[0] * block[1]
                } else {
                    group = nil
                }
                zeroPoints = try weights.bool("symmetric") == false
                type = try weights.string("type")
                break
            }
        }
        self.bits = bits
        self.groupSize = group
        self.hasZeroPoints = zeroPoints
        self.numberType = type
        unquantizedModules =
            (try? container.decodeIfPresent([String].self, forKey: JSONKey("modules_to_not_convert")))
            .flatMap { $0 }
            ?? (try? container.decodeIfPresent([String].self, forKey: JSONKey("ignore"))).flatMap { $0 } ?? []
    }
}
