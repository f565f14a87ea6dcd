import Foundation

/// Split GGUF models (`name-00001-of-00003.gguf`, llama.cpp's `llama_split_path` naming): every part has its own
/// header; tensors are spread over the parts, metadata lives in the first.
public enum GGUFSplit {
    public struct PartName: Equatable, Sendable {
        public var prefix: String
        public var index: Int
        public var count: Int

        public func path(index: Int) -> String {
            prefix + "-" + Self.pad(index) + "-of-" + Self.pad(count) + ".gguf"
        }

        static func pad(_ value: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, 5 - text.count)) + text
        }
    }

    /// Recognises `<prefix>-NNNNN-of-MMMMM.gguf`.
    public static func parse(path: String) -> PartName? {
        guard path.hasSuffix(".gguf") else { return nil }
        let stem = path.dropLast(5)
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[parts.count - 2] == "of",
            let count = Int(parts[parts.count - 1]), let index = Int(parts[parts.count - 3]),
            parts[parts.count - 1].count == 5, parts[parts.count - 3].count == 5, index >= 1, index <= count,
            count <= 10_000
        else { return nil }
        let prefix = parts[0..<(parts.count - 3)].joined(separator: "-")
        return PartName(prefix: prefix, index: index, count: count)
    }

    /// Merges the headers of all parts, in order. Metadata comes from the first part.
    public static func merge(_ parts: [GGUFFile]) throws -> GGUFFile {
        guard var merged = parts.first else {
            throw GGUFError(file: "", offset: nil, kind: .splitMismatch(reason: "no parts"))
        }
        if let declared = merged["split.count"]?.intValue, declared != Int64(parts.count) {
            throw GGUFError(
                file: merged.name, offset: nil,
                kind: .splitMismatch(reason: "the first part says \(declared) parts, \(parts.count) were found"))
        }
        var names = Set(merged.tensors.map(\.name))
        for (index, part) in parts.enumerated().dropFirst() {
            if let number = part["split.no"]?.intValue, number != Int64(index) {
                throw GGUFError(
                    file: part.name, offset: nil, kind: .splitMismatch(reason: "it says it is part \(number + 1)"))
            }
            for var tensor in part.tensors {
                guard names.insert(tensor.name).inserted else {
                    throw GGUFError(file: part.name, offset: nil, kind: .duplicateTensor(tensor.name))
                }
                tensor.part = index
                merged.tensors.append(tensor)
            }
            merged.fileSize &+= part.fileSize
            merged.dataSections += part.dataSections
            merged.bytesRead &+= part.bytesRead
        }
        if let total = merged["split.tensors.count"]?.intValue, total != Int64(merged.tensors.count) {
            throw GGUFError(
                file: merged.name, offset: nil,
                kind: .splitMismatch(reason: "\(merged.tensors.count) tensors found, the header says \(total)"))
        }
        merged.partCount = parts.count
        return merged
    }
}

/// Opens model files from disk: single GGUFs, split GGUFs (any part given), and safetensors folders.
public enum ModelFileLoader {
    public static func readGGUF(path: String, limits: ParsingLimits = .standard, scratch: ReadScratch? = nil) throws
        -> GGUFFile
    {
        let reader = GGUFReader(limits: limits, scratch: scratch)
        guard let split = GGUFSplit.parse(path: path), split.count > 1 else {
            return try reader.read(FileByteSource(path: path))
        }
        var parts: [GGUFFile] = []
        for index in 1...split.count {
            let partPath = split.path(index: index)
            guard FileManager.default.fileExists(atPath: partPath) else {
                throw GGUFError(
                    file: partPath, offset: nil,
                    kind: .splitMismatch(reason: "part \(index) of \(split.count) is missing; download every part"))
            }
            parts.append(try reader.read(FileByteSource(path: partPath), part: index - 1))
        }
        return try GGUFSplit.merge(parts)
    }

    /// A model description from a GGUF file (or split set) or a folder with config.json and safetensors.
    public static func loadSpec(path: String, limits: ParsingLimits = .standard, scratch: ReadScratch? = nil) throws
        -> ModelSpec
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ByteSourceError.cannotOpen(path: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue {
            return try SafetensorsFolder.loadSpec(folder: path, limits: limits)
        }
        if path.hasSuffix(".safetensors") {
            return try SafetensorsFolder.loadSpec(folder: (path as NSString).deletingLastPathComponent, limits: limits)
        }
        return ModelSpec(gguf: try readGGUF(path: path, limits: limits, scratch: scratch))
    }
}
