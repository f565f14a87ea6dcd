import Foundation
import Testing

@testable import CanIRunCore

/// The committed header-only GGUFs were written with gguf-py (llama.cpp's own Python reader/writer) for real
/// architectures; `<fixture>.gguf-py.json` holds what gguf-py's GGUFReader reports for the full files.
/// canirun must report the same.
@Suite("GGUF reader against gguf-py")
struct GGUFPyCrossCheckTests {
    static let folder = EngineMeasurementTests.fixtures

    static var fixtureNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".gguf-py.json") }.map { String($0.dropLast(".gguf-py.json".count)) }.sorted()
    }

    struct Report: Decodable {
        struct Metadata: Decodable {
            var key: String
            var type: String
            var elementType: String?
            var length: Int?
            enum CodingKeys: String, CodingKey {
                case key, type, length
                case elementType = "element_type"
            }
        }
        struct Tensor: Decodable {
            var name: String
            var type: String
            var shape: [UInt64]
            var elementCount: UInt64
            var byteCount: UInt64
            var offset: UInt64
            enum CodingKeys: String, CodingKey {
                case name, type, shape, offset
                case elementCount = "n_elements"
                case byteCount = "n_bytes"
            }
        }
        var fileBytes: UInt64
        var version: UInt32
        var tensorCount: Int
        var keyValueCount: Int
        var alignment: UInt64
        var dataOffset: UInt64
        var architecture: String
        var metadata: [Metadata]
        var tensors: [Tensor]
        enum CodingKeys: String, CodingKey {
            case version, alignment, architecture, metadata, tensors
            case fileBytes = "file_bytes"
            case tensorCount = "tensor_count"
            case keyValueCount = "kv_count"
            case dataOffset = "data_offset"
        }
    }

    @Test("at least 8 real-architecture fixtures with gguf-py's numbers")
    func enough() {
        #expect(Self.fixtureNames.count >= 8)
    }

    @Test(
        "version, counts, alignment, data offset, every key's type and every tensor match gguf-py",
        arguments: fixtureNames)
    func matches(fixture: String) throws {
        let report = try JSONDecoder().decode(
            Report.self, from: Data(contentsOf: Self.folder.appendingPathComponent("\(fixture).gguf-py.json")))
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("\(fixture).gguf")))
        let file = try GGUFReader().read(InMemoryByteSource(bytes, name: fixture, declaredSize: report.fileBytes))
        #expect(file.version == report.version)
        #expect(file.tensors.count == report.tensorCount)
        #expect(file.metadataKeys.count == report.keyValueCount)
        #expect(file.alignment == report.alignment)
        #expect(file.dataOffset == report.dataOffset)
        #expect(file.architecture == report.architecture)
        #expect(file.bytesRead <= UInt64(bytes.count) + (1 << 20))
        for entry in report.metadata {
            let value = try #require(file[entry.key], "\(entry.key) missing")
            #expect(Self.typeName(value.type) == entry.type, "\(entry.key)")
            if let length = entry.length { #expect(value.arrayCount == UInt64(length), "\(entry.key) length") }
            if let element = entry.elementType, case .array(let elementType, _, _) = value {
                #expect(Self.typeName(elementType) == element, "\(entry.key) element type")
            }
        }
        for (ours, theirs) in zip(file.tensors, report.tensors) {
            #expect(ours.name == theirs.name)
            #expect(ours.type.name == theirs.type, "\(ours.name)")
            #expect(ours.dimensions == theirs.shape, "\(ours.name)")
            #expect(ours.elementCount == theirs.elementCount, "\(ours.name)")
            #expect(ours.byteCount == theirs.byteCount, "\(ours.name)")
            #expect(ours.offset == theirs.offset, "\(ours.name)")
        }
    }

    /// gguf-py's GGUFValueType names.
    static func typeName(_ type: GGUFValueType) -> String {
        switch type {
        case .uint8: "UINT8"
        case .int8: "INT8"
        case .uint16: "UINT16"
        case .int16: "INT16"
        case .uint32: "UINT32"
        case .int32: "INT32"
        case .float32: "FLOAT32"
        case .bool: "BOOL"
        case .string: "STRING"
        case .array: "ARRAY"
        case .uint64: "UINT64"
        case .int64: "INT64"
        case .float64: "FLOAT64"
        }
    }
}
