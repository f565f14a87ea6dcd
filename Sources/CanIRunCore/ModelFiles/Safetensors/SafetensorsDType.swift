/// The element types a safetensors header may name, with their storage width.
///
/// Source: the safetensors format's `Dtype` enum and `Dtype::bitsize()` (huggingface/safetensors,
/// `safetensors/src/tensor.rs`): booleans and 8-bit types take one byte; `F4` (FP4 E2M1) packs two elements per
/// byte; `F6_E2M3` / `F6_E3M2` pack four elements in three bytes; `F8_E8M0` is the MX block-scale type; `C64` is
/// a pair of f32.
public enum SafetensorsDType: String, Sendable, CaseIterable, Codable {
    case bool = "BOOL"
    case f4 = "F4"
    case f6E2M3 = "F6_E2M3"
    case f6E3M2 = "F6_E3M2"
    case u8 = "U8"
    case i8 = "I8"
    case f8E5M2 = "F8_E5M2"
    case f8E4M3 = "F8_E4M3"
    case f8E8M0 = "F8_E8M0"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    case c64 = "C64"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bits one element occupies in the data section.
    public var bitsPerElement: Int {
        switch self {
        case .f4: 4
        case .f6E2M3, .f6E3M2: 6
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3, .f8E8M0: 8
        case .i16, .u16, .f16, .bf16: 16
        case .i32, .u32, .f32: 32
        case .c64, .f64, .i64, .u64: 64
        }
    }

    /// Bytes that `elements` elements occupy, or nil when the count overflows or (for the sub-byte types)
    /// does not fill a whole number of bytes.
    public func byteCount(elements: UInt64) -> UInt64? {
        let (bits, overflow) = elements.multipliedReportingOverflow(by: UInt64(bitsPerElement))
        guard !overflow, bits % 8 == 0 else { return nil }
        return bits / 8
    }
}
