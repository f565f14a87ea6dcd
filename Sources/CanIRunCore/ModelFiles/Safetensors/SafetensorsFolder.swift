import Foundation

/// A Hugging Face checkpoint folder: config.json plus one or more .safetensors files (a single
/// `model.safetensors`, or shards listed in `model.safetensors.index.json`).
public enum SafetensorsFolder {
    /// The name transformers gives a sharded checkpoint's index (`SAFE_WEIGHTS_INDEX_NAME`).
    public static let indexFileName = "model.safetensors.index.json"

    /// Reads config.json and every shard's header (never tensor data) and describes the model as llama.cpp
    /// would see it after conversion to GGUF.
    public static func loadSpec(folder: String, limits: ParsingLimits = .standard) throws -> ModelSpec {
        let checkpoint = try loadCheckpoint(folder: folder, limits: limits)
        return ModelSpec(safetensors: checkpoint.headers, config: checkpoint.config, name: checkpoint.name)
    }

    /// Config and headers of a checkpoint folder.
    public struct Checkpoint: Sendable {
        public var name: String
        public var config: ModelConfig
        public var index: SafetensorsIndex?
        public var headers: [SafetensorsFile]
    }

    public static func loadCheckpoint(folder: String, limits: ParsingLimits = .standard) throws -> Checkpoint {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ByteSourceError.cannotOpen(path: folder, reason: "no such folder")
        }
        let configPath = (folder as NSString).appendingPathComponent("config.json")
        guard manager.fileExists(atPath: configPath) else {
            throw SafetensorsError(file: folder, offset: nil, kind: .missingConfig(folder: folder))
        }
        let config = try ModelConfig.decode(try readJSON(path: configPath, limits: limits), file: configPath)

        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folder)
        } catch {
            throw ByteSourceError.cannotOpen(path: folder, reason: "cannot list it (\(error.localizedDescription))")
        }
        var index: SafetensorsIndex?
        let indexPath = (folder as NSString).appendingPathComponent(indexFileName)
        if manager.fileExists(atPath: indexPath) {
            index = try SafetensorsIndex.parse(try readJSON(path: indexPath, limits: limits), file: indexPath)
        }
        let shards = try shardFiles(index: index, indexFile: indexPath, among: names)
        guard !shards.isEmpty else {
            throw SafetensorsError(file: folder, offset: nil, kind: .noWeights(folder: folder))
        }
        let reader = SafetensorsReader(limits: limits)
        var headers: [SafetensorsFile] = []
        for shard in shards {
            let path = (folder as NSString).appendingPathComponent(shard)
            headers.append(try reader.read(FileByteSource(path: path)))
        }
        var seen: [String: String] = [:]
        for header in headers {
            for tensor in header.tensors {
                if let other = seen.updateValue(tensor.file, forKey: tensor.name) {
                    throw SafetensorsError(
                        file: header.name, offset: nil,
                        kind: .invalidTensor(tensor: tensor.name, reason: "it is also stored in \(other)"))
                }
            }
        }
        if let index {
            try checkIndex(index, headers: headers, file: indexPath)
        }
        return Checkpoint(
            name: (folder as NSString).lastPathComponent, config: config, index: index, headers: headers)
    }

    /// The weight files of a checkpoint whose files are `names`: the index's shards (each must be present), or
    /// without an index every `.safetensors` file at the top level.
    static func shardFiles(index: SafetensorsIndex?, indexFile: String, among names: [String]) throws -> [String] {
        if let index {
            for shard in index.shards where !names.contains(shard) {
                throw SafetensorsError(file: indexFile, offset: nil, kind: .missingShard(file: shard))
            }
            return index.shards
        }
        let all = names.filter { $0.hasSuffix(".safetensors") && !$0.contains("/") }.sorted()
        // Mistral repositories carry both HF shards and a `consolidated.safetensors` copy of the same weights.
        let transformers = all.filter { !$0.hasPrefix("consolidated") }
        return transformers.isEmpty ? all : transformers
    }

    /// Every tensor the index names must be in the shard it names.
    static func checkIndex(_ index: SafetensorsIndex, headers: [SafetensorsFile], file: String) throws {
        var location: [String: String] = [:]
        for header in headers {
            let shard = (header.name as NSString).lastPathComponent
            for tensor in header.tensors { location[tensor.name] = shard }
        }
        for (tensor, shard) in index.weightMap where location[tensor] != shard {
            let reason =
                location[tensor].map { "'\(tensor)' is listed in \(shard) but stored in \($0)" }
                ?? "'\(tensor)' is listed in \(shard) but no shard holds it"
            throw SafetensorsError(file: file, offset: nil, kind: .invalidIndex(reason: reason))
        }
    }

    /// A JSON file's bytes, refusing files over `limits.maximumJSONBytes`.
    static func readJSON(path: String, limits: ParsingLimits) throws -> Data {
        let source = try FileByteSource(path: path)
        guard source.size <= limits.maximumJSONBytes else {
            throw SafetensorsError(
                file: path, offset: nil,
                kind: .invalidConfig(
                    reason: "the file is \(source.size) bytes, over the limit of \(limits.maximumJSONBytes)"))
        }
        return Data(try source.read(offset: 0, count: Int(source.size)))
    }
}
