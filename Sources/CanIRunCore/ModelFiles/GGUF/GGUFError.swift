import Foundation

/// Why a GGUF file could not be read: which file, at which byte, and what was wrong.
public struct GGUFError: Error, Equatable, LocalizedError {
    public enum Kind: Equatable, Sendable {
        case notGGUF(magic: String)
        case unsupportedVersion(UInt32)
        case truncated(needed: UInt64, fileSize: UInt64, reading: String)
        case limitExceeded(what: String, value: UInt64, limit: UInt64)
        case invalidUTF8(reading: String)
        case unknownValueType(UInt32, key: String)
        case unknownTensorType(id: UInt32, tensor: String)
        case removedTensorType(id: UInt32, tensor: String)
        case invalidTensorShape(tensor: String, reason: String)
        case duplicateKey(String)
        case duplicateTensor(String)
        case invalidAlignment(UInt64)
        case tensorOutOfBounds(tensor: String, end: UInt64, fileSize: UInt64)
        case misalignedTensor(tensor: String, offset: UInt64, alignment: UInt64)
        case overlappingTensors(first: String, second: String)
        case splitMismatch(reason: String)
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
        case .notGGUF(let magic):
            return
                "not a GGUF file (it starts with \(magic), not GGUF); canirun reads .gguf files and safetensors folders"
        case .unsupportedVersion(let version):
            if version == 1 {
                return "GGUF version 1 is not supported (llama.cpp dropped it in 2023); convert the model again with "
                    + "a current convert_hf_to_gguf.py"
            }
            return "GGUF version \(version) is not supported (canirun reads versions 2 and 3)"
        case .truncated(let needed, let size, let reading):
            return "the file ends (at \(size) bytes) while reading \(reading), which needs bytes up to \(needed); "
                + "the file is truncated or the download is incomplete"
        case .limitExceeded(let what, let value, let limit):
            return "\(what) is \(value), over the limit of \(limit); the file is corrupt or hostile"
        case .invalidUTF8(let reading):
            return "\(reading) is not valid UTF-8"
        case .unknownValueType(let type, let key):
            return "metadata key '\(key)' has unknown value type \(type)"
        case .unknownTensorType(let id, let tensor):
            return "tensor '\(tensor)' has unknown ggml type id \(id); a newer llama.cpp may know it — update canirun"
        case .removedTensorType(let id, let tensor):
            return "tensor '\(tensor)' uses ggml type id \(id), which llama.cpp removed; convert the model again"
        case .invalidTensorShape(let tensor, let reason):
            return "tensor '\(tensor)': \(reason)"
        case .duplicateKey(let key):
            return "metadata key '\(key)' appears twice"
        case .duplicateTensor(let name):
            return "tensor '\(name)' appears twice"
        case .invalidAlignment(let value):
            return "general.alignment is \(value); it must be a power of two"
        case .tensorOutOfBounds(let tensor, let end, let size):
            return "tensor '\(tensor)' ends at byte \(end) but the file has \(size) bytes; the file is truncated "
                + "or the download is incomplete"
        case .misalignedTensor(let tensor, let offset, let alignment):
            return "tensor '\(tensor)' starts at data offset \(offset), not a multiple of the alignment \(alignment)"
        case .overlappingTensors(let first, let second):
            return "tensors '\(first)' and '\(second)' overlap"
        case .splitMismatch(let reason):
            return "split model: \(reason)"
        }
    }
}
