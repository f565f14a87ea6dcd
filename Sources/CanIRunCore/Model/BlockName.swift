/// Reads the block number of GGUF tensor names (`blk.12.attn_q.weight` → 12) from their UTF-8 bytes.
enum BlockName {
    /// `allowSign`: accept `blk.-1.` as `sscanf("blk.%d.")` does (llama-quant.cpp); `requireDot`: the number
    /// must be followed by a dot, as in a real tensor name.
    static func number(in name: String, allowSign: Bool, requireDot: Bool) -> Int? {
        var name = name
        return name.withUTF8 { bytes -> Int? in
            guard bytes.count > 4, bytes[0] == 0x62, bytes[1] == 0x6C, bytes[2] == 0x6B, bytes[3] == 0x2E else {
                return nil
            }
            var index = 4
            var sign = 1
            if allowSign, index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
                if bytes[index] == 0x2D { sign = -1 }
                index += 1
            }
            var value = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 9 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
            if requireDot && (index >= bytes.count || bytes[index] != 0x2E) { return nil }
            return sign * value
        }
    }
}
