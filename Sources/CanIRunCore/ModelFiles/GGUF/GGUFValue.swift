import Foundation

/// GGUF metadata value types, with their ids in the file format.
public enum GGUFValueType: UInt32, Sendable, Codable, CaseIterable {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6, bool = 7, string = 8
    case array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// Bytes of one value of a fixed-size type; nil for strings and arrays.
    var fixedSize: Int? {
        switch self {
        case .uint8, .int8, .bool: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64: 8
        case .string, .array: nil
        }
    }

    /// The fewest bytes one value of this type can take (a string or array has at least its length prefix).
    var minimumSize: Int {
        switch self {
        case .string: 8
        case .array: 12
        default: fixedSize ?? 1
        }
    }

    public var name: String {
        switch self {
        case .uint8: "u8"
        case .int8: "i8"
        case .uint16: "u16"
        case .int16: "i16"
        case .uint32: "u32"
        case .int32: "i32"
        case .float32: "f32"
        case .bool: "bool"
        case .string: "str"
        case .array: "arr"
        case .uint64: "u64"
        case .int64: "i64"
        case .float64: "f64"
        }
    }
}

/// A GGUF metadata value.
public indirect enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case uint64(UInt64), int64(Int64), float32(Float), float64(Double), bool(Bool), string(String)
    /// An array. `values` is nil for long arrays whose elements were skipped (tokenizer vocabularies):
    /// their type and length are known, their contents were bounds-checked but not decoded.
    case array(elementType: GGUFValueType, count: UInt64, values: [GGUFValue]?)

    public var type: GGUFValueType {
        switch self {
        case .uint8: .uint8
        case .int8: .int8
        case .uint16: .uint16
        case .int16: .int16
        case .uint32: .uint32
        case .int32: .int32
        case .uint64: .uint64
        case .int64: .int64
        case .float32: .float32
        case .float64: .float64
        case .bool: .bool
        case .string: .string
        case .array: .array
        }
    }

    /// The value as an integer, when it is one (or a float with an integral value).
    public var intValue: Int64? {
        switch self {
        case .uint8(let v): Int64(v)
        case .int8(let v): Int64(v)
        case .uint16(let v): Int64(v)
        case .int16(let v): Int64(v)
        case .uint32(let v): Int64(v)
        case .int32(let v): Int64(v)
        case .uint64(let v): Int64(exactly: v)
        case .int64(let v): v
        case .bool(let v): v ? 1 : 0
        case .float32(let v): v.isFinite && v == v.rounded() && abs(v) < 9e18 ? Int64(v) : nil
        case .float64(let v): v.isFinite && v == v.rounded() && abs(v) < 9e18 ? Int64(v) : nil
        default: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .float32(let v): Double(v)
        case .float64(let v): v
        default: intValue.map(Double.init)
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        switch self {
        case .bool(let value): value
        default: intValue.map { $0 != 0 }
        }
    }

    /// Elements of an array of integers (per-layer head counts, say); nil for other values or skipped arrays.
    public var intArray: [Int64]? {
        guard case .array(_, _, let values?) = self else { return nil }
        var result: [Int64] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard let int = value.intValue else { return nil }
            result.append(int)
        }
        return result
    }

    public var boolArray: [Bool]? {
        guard case .array(_, _, let values?) = self else { return nil }
        let result = values.compactMap(\.boolValue)
        return result.count == values.count ? result : nil
    }

    public var arrayCount: UInt64? {
        if case .array(_, let count, _) = self { return count }
        return nil
    }

    /// A short human-readable form for `inspect`.
    public var summary: String {
        switch self {
        case .string(let value):
            let trimmed = value.count > 60 ? String(value.prefix(57)) + "..." : value
            return "\"" + trimmed.replacingOccurrences(of: "\n", with: "\\n") + "\""
        case .array(let type, let count, let values):
            if let values, count <= 8 { return "[" + values.map(\.summary).joined(separator: ", ") + "]" }
            return "[\(type.name) × \(count)]"
        case .float32(let value): return "\(value)"
        case .float64(let value): return "\(value)"
        case .bool(let value): return value ? "true" : "false"
        default: return intValue.map(String.init) ?? "?"
        }
    }
}
