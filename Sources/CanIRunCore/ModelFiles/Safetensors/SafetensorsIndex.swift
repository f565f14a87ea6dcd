import Foundation

/// `model.safetensors.index.json`, the map of a sharded checkpoint: `{"metadata": {"total_size": N},
/// "weight_map": {"tensor name": "model-00001-of-00004.safetensors", ...}}`.
///
/// Source: transformers `modeling_utils.py` (`SAFE_WEIGHTS_INDEX_NAME`, written by `save_pretrained` when the
/// checkpoint is sharded) and huggingface_hub `split_torch_state_dict_into_shards`.
public struct SafetensorsIndex: Sendable, Equatable {
    /// Tensor name → shard file name.
    public var weightMap: [String: String]
    /// `metadata.total_size` when given: bytes of tensor data over all shards.
    public var totalSize: UInt64?

    /// Shard file names in order.
    public var shards: [String] { Array(Set(weightMap.values)).sorted() }

    /// Parses an index; shard names must be plain file names in the same folder (no `/`, no `..`).
    public static func parse(_ data: Data, file: String) throws -> SafetensorsIndex {
        func fail(_ reason: String) -> SafetensorsError {
            SafetensorsError(file: file, offset: nil, kind: .invalidIndex(reason: reason))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw fail("not valid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else { throw fail("it is not a JSON object") }
        guard let map = root["weight_map"] as? [String: Any] else { throw fail("no weight_map object") }
        var weightMap: [String: String] = [:]
        weightMap.reserveCapacity(map.count)
        for (tensor, value) in map {
            guard let shard = value as? String else { throw fail("weight_map['\(tensor)'] is not a file name") }
            guard !shard.isEmpty, !shard.contains("/"), !shard.contains("\\"), shard != ".", shard != ".." else {
                throw fail("weight_map['\(tensor)'] names '\(shard)', which is not a file in the same folder")
            }
            weightMap[tensor] = shard
        }
        guard !weightMap.isEmpty else { throw fail("weight_map is empty") }
        var total: UInt64?
        if let metadata = root["metadata"] as? [String: Any], let size = metadata["total_size"] {
            total = SafetensorsReader.nonNegativeInteger(size)
        }
        return SafetensorsIndex(weightMap: weightMap, totalSize: total)
    }
}
