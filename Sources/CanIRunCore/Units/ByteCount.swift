/// A number of bytes. Encoded in JSON as a plain integer.
///
/// canirun never mixes decimal and binary units silently: `gigabytes` is 10^9 bytes (what vendors print on
/// boxes and what the lesson's rules of thumb use), `gibibytes` is 2^30 bytes (what engines log).
public struct ByteCount: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bytes: Int64

    public init(_ bytes: Int64) { self.bytes = bytes }
    public init(_ bytes: Int) { self.bytes = Int64(bytes) }
    public init(_ bytes: UInt64) { self.bytes = Int64(clamping: bytes) }

    public static let zero = ByteCount(Int64(0))
    public static func kibibytes(_ value: Double) -> ByteCount { ByteCount(Int64((value * 1024).rounded())) }
    public static func mebibytes(_ value: Double) -> ByteCount { ByteCount(Int64((value * 1_048_576).rounded())) }
    public static func gibibytes(_ value: Double) -> ByteCount {
        ByteCount(Int64((value * 1_073_741_824).rounded()))
    }
    public static func gigabytes(_ value: Double) -> ByteCount { ByteCount(Int64((value * 1e9).rounded())) }

    public var gibibytes: Double { Double(bytes) / 1_073_741_824 }
    public var mebibytes: Double { Double(bytes) / 1_048_576 }
    public var gigabytes: Double { Double(bytes) / 1e9 }

    public init(from decoder: any Decoder) throws {
        bytes = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bytes)
    }

    public static func < (lhs: ByteCount, rhs: ByteCount) -> Bool { lhs.bytes < rhs.bytes }
    public static func + (lhs: ByteCount, rhs: ByteCount) -> ByteCount { ByteCount(lhs.bytes &+ rhs.bytes) }
    public static func - (lhs: ByteCount, rhs: ByteCount) -> ByteCount { ByteCount(lhs.bytes &- rhs.bytes) }
    public static func += (lhs: inout ByteCount, rhs: ByteCount) { lhs.bytes &+= rhs.bytes }
    public static func * (lhs: ByteCount, rhs: Int64) -> ByteCount { ByteCount(lhs.bytes &* rhs) }

    /// Binary units (KiB, MiB, GiB), the way llama.cpp logs buffer sizes.
    public var description: String { formattedBinary() }

    public func formattedBinary(fractionDigits: Int = 1) -> String {
        let value = Double(bytes)
        let magnitude = abs(value)
        if magnitude >= 1_099_511_627_776 { return format(value / 1_099_511_627_776, fractionDigits) + " TiB" }
        if magnitude >= 1_073_741_824 { return format(value / 1_073_741_824, fractionDigits) + " GiB" }
        if magnitude >= 1_048_576 { return format(value / 1_048_576, fractionDigits) + " MiB" }
        if magnitude >= 1024 { return format(value / 1024, fractionDigits) + " KiB" }
        return "\(bytes) B"
    }

    /// Decimal units (kB, MB, GB), the way vendors and the lesson count.
    public func formattedDecimal(fractionDigits: Int = 1) -> String {
        let value = Double(bytes)
        let magnitude = abs(value)
        if magnitude >= 1e12 { return format(value / 1e12, fractionDigits) + " TB" }
        if magnitude >= 1e9 { return format(value / 1e9, fractionDigits) + " GB" }
        if magnitude >= 1e6 { return format(value / 1e6, fractionDigits) + " MB" }
        if magnitude >= 1e3 { return format(value / 1e3, fractionDigits) + " kB" }
        return "\(bytes) B"
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        formatFixed(value, fractionDigits: digits)
    }
}

/// Formats a number with a fixed number of fraction digits without Foundation's locale-dependent formatters.
public func formatFixed(_ value: Double, fractionDigits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<max(0, fractionDigits) { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let negative = value < 0 && rounded != 0
    let integerPart = Int64(rounded / scale)
    var text = String(integerPart)
    if fractionDigits > 0 {
        let fraction = Int64(rounded) - integerPart * Int64(scale)
        var fractionText = String(fraction)
        while fractionText.count < fractionDigits { fractionText = "0" + fractionText }
        text += "." + fractionText
    }
    return negative ? "-" + text : text
}

/// Parses sizes people type: `24GB`, `24 GiB`, `16g`, `512MiB`, `1.5T`, or a plain number of bytes.
/// Bare single-letter suffixes (`g`, `m`) are read as binary units, as most tools do for memory.
/// With `memoryUnits`, `GB`/`MB`/`TB` also mean GiB/MiB/TiB: RAM and VRAM are sold in binary sizes, so a
/// "24GB" card has 24 GiB.
public func parseByteCount(_ text: String, memoryUnits: Bool = false) -> ByteCount? {
    let trimmed = text.trimmingWhitespace().lowercased()
    guard !trimmed.isEmpty else { return nil }
    var numberPart = ""
    var unitPart = ""
    for character in trimmed {
        if unitPart.isEmpty, character.isNumber || character == "." {
            numberPart.append(character)
        } else if character != " " {
            unitPart.append(character)
        }
    }
    guard let number = Double(numberPart), number >= 0, number.isFinite else { return nil }
    let multiplier: Double
    switch unitPart {
    case "", "b": multiplier = 1
    case "k", "kib": multiplier = 1024
    case "kb": multiplier = memoryUnits ? 1024 : 1e3
    case "m", "mib": multiplier = 1_048_576
    case "mb": multiplier = memoryUnits ? 1_048_576 : 1e6
    case "g", "gib": multiplier = 1_073_741_824
    case "gb": multiplier = memoryUnits ? 1_073_741_824 : 1e9
    case "t", "tib": multiplier = 1_099_511_627_776
    case "tb": multiplier = memoryUnits ? 1_099_511_627_776 : 1e12
    default: return nil
    }
    let bytes = number * multiplier
    guard bytes < 9.0e18 else { return nil }
    return ByteCount(Int64(bytes.rounded()))
}
