import Foundation

/// Why a safetensors file, its index or its folder could not be read: which file, at which byte (when one byte
/// is to blame), and what was wrong.
public struct SafetensorsError: Error, Equatable, LocalizedError {
    public enum Kind: Equatable, Sendable {
        /// Fewer than 8 bytes, or the header extends past the end of the file.
        case truncated(needed: UInt64, fileSize: UInt64, reading: String)
        case headerTooLarge(length: UInt64, limit: UInt64)
        case invalidHeader(reason: String)
        case unknownDType(dtype: String, tensor: String)
        case invalidTensor(tensor: String, reason: String)
        case tensorOutOfBounds(tensor: String, end: UInt64, dataSize: UInt64)
        case overlappingTensors(first: String, second: String)
        case invalidIndex(reason: String)
        case missingShard(file: String)
        case missingConfig(folder: String)
        case noWeights(folder: String)
        case invalidConfig(reason: String)
    }

    public var file: String
    public var offset: UInt64?
    public var kind: Kind

    public init(file: String, offset: UInt64?, kind: Kind) {
        self.file = file
        self.offset = offset
        self.kind = kind
    }

    public var errorDescription: String? {
        let place = offset.map { "\(file): byte \($0): " } ?? "\(file): "
        return place + reason
    }

    var reason: String {
        switch kind {
        case .truncated(let needed, let size, let reading):
            return "the file ends (at \(size) bytes) while reading \(reading), which needs bytes up to \(needed); "
                + "the file is truncated or the download is incomplete"
        case .headerTooLarge(let length, let limit):
            return "the JSON header claims \(length) bytes, over the limit of \(limit); the file is corrupt or hostile"
        case .invalidHeader(let reason):
            return "the JSON header is invalid: \(reason)"
        case .unknownDType(let dtype, let tensor):
            return
                "tensor '\(tensor)' has unknown dtype '\(dtype)'; a newer safetensors format may define it — update canirun"
        case .invalidTensor(let tensor, let reason):
            return "tensor '\(tensor)': \(reason)"
        case .tensorOutOfBounds(let tensor, let end, let size):
            return "tensor '\(tensor)' ends at data byte \(end) but the data section has \(size) bytes; the file is "
                + "truncated or the download is incomplete"
        case .overlappingTensors(let first, let second):
            return "tensors '\(first)' and '\(second)' overlap"
        case .invalidIndex(let reason):
            return "the shard index is invalid: \(reason)"
        case .missingShard(let shard):
            return "the shard index names '\(shard)', which is not in the folder; download every shard"
        case .missingConfig(let folder):
            return "no config.json next to the weights in \(folder); canirun needs the model's config.json (from the "
                + "same Hugging Face repository) to know its layers and attention shape"
        case .noWeights(let folder):
            return "no .safetensors files in \(folder)"
        case .invalidConfig(let reason):
            return "cannot be used: \(reason)"
        }
    }
}
