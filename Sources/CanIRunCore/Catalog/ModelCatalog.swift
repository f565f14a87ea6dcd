import Foundation

/// A config.json held as decoded JSON. `@unchecked Sendable`: the dictionary is built once while decoding the
/// catalog and never mutated afterwards.
public final class ConfigJSON: @unchecked Sendable {
    public let value: [String: Any]
    public init(_ value: [String: Any]) { self.value = value }

    /// A config.json's top-level object. Python's json module writes `NaN` and `Infinity` (Nemotron-H's
    /// `time_step_limit`), which JSON forbids: outside strings they are read as null.
    public static func parse(_ data: Data) -> ConfigJSON? {
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] { return ConfigJSON(object) }
        var bytes = [UInt8](data)
        var inString = false
        var escaped = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else {
                for word in ["-Infinity", "Infinity", "NaN"] where bytes[index...].starts(with: word.utf8) {
                    bytes.replaceSubrange(index..<index + word.utf8.count, with: Array("null".utf8))
                    index += 3
                    break
                }
            }
            index += 1
        }
        return ((try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]).map(ConfigJSON.init)
    }
}

/// One model variant people run, from canirun's shipped catalog (`Data/models/*.json`).
public struct CatalogModel: Sendable {
    public struct OllamaTag: Sendable, Codable, Equatable {
        public var tag: String
        public var quantization: String?
        public var sizeGB: Double?
    }

    public var id: String
    public var family: String
    public var displayName: String
    public var parameters: UInt64?
    public var activeParameters: UInt64?
    /// llama.cpp's `general.architecture` for the converted GGUF.
    public var architecture: String
    public var license: String?
    /// `YYYY-MM`.
    public var released: String?
    public var useCases: [String]
    public var ollama: [OllamaTag]
    public var huggingFaceRepository: String?
    public var huggingFaceGGUFRepository: String?
    /// Sizes of real GGUF files (decimal GB) by file type, as a GGUF repository lists them.
    public var publishedGGUFSizes: [String: Double]
    public var configSource: String?
    public var configRebuilt: Bool
    public var sources: [String]
    public var config: ConfigJSON

    /// The model's trained context (`max_position_embeddings`, or its config class's default).
    public var contextLength: Int { ModelConfig.contextLength(raw: config.value) ?? 4096 }

    public var isEmbeddingModel: Bool { useCases.contains("embedding") }
}

extension CatalogModel {
    /// A model that is not in the catalog but whose config.json and safetensors headers were read (a Hugging Face
    /// repository or a local checkpoint folder), so every quantization can be predicted as for catalog models.
    public init(checkpoint config: ConfigJSON, spec: ModelSpec, id: String, huggingFaceRepository: String?) {
        self.init(
            id: id, family: spec.architecture, displayName: spec.name ?? id, parameters: spec.parameterCount,
            activeParameters: spec.activeParameterCount, architecture: spec.architecture, license: nil,
            released: nil, useCases: [], ollama: [], huggingFaceRepository: huggingFaceRepository,
            huggingFaceGGUFRepository: nil, publishedGGUFSizes: [:], configSource: huggingFaceRepository,
            configRebuilt: false, sources: [], config: config)
    }

    /// A download size as ollama.com prints it ("4.9GB", "274MB", "1.2TB") in decimal gigabytes; a bare number is
    /// taken as GB. nil when there is no number.
    static func gigabytes(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard let number = Double(trimmed.filter { $0.isNumber || $0 == "." }) else { return nil }
        if trimmed.hasSuffix("TB") { return number * 1000 }
        if trimmed.hasSuffix("MB") { return number / 1000 }
        if trimmed.hasSuffix("KB") { return number / 1_000_000 }
        return number
    }

    /// Reads one catalog entry (decoded JSON).
    init(entry: [String: Any]) throws {
        guard let id = entry["id"] as? String, let config = entry["config"] as? [String: Any] else {
            throw CatalogError.invalidCatalog("an entry lacks id or config")
        }
        let huggingFace = entry["huggingFace"] as? [String: Any]
        let ollama = (entry["ollama"] as? [[String: Any]] ?? []).compactMap { tag -> OllamaTag? in
            guard let name = tag["tag"] as? String else { return nil }
            let size =
                (tag["size"] as? NSNumber)?.doubleValue ?? (tag["sizeGB"] as? NSNumber)?.doubleValue
                ?? (tag["size"] as? String).flatMap(Self.gigabytes)
            return OllamaTag(
                tag: name, quantization: (tag["quantization"] as? String) ?? (tag["quant"] as? String), sizeGB: size)
        }
        var published: [String: Double] = [:]
        for (key, value) in entry["publishedGGUFSizes"] as? [String: Any] ?? [:] {
            if let number = (value as? NSNumber)?.doubleValue {
                // Values under 10 000 are GB as listed; larger ones are bytes.
                published[key] = number < 10_000 ? number : number / 1e9
            }
        }
        self.init(
            id: id, family: entry["family"] as? String ?? "", displayName: entry["displayName"] as? String ?? id,
            parameters: (entry["parameters"] as? NSNumber)?.uint64Value,
            activeParameters: (entry["activeParameters"] as? NSNumber)?.uint64Value,
            architecture: entry["ggufArchitecture"] as? String ?? "unknown", license: entry["license"] as? String,
            released: entry["released"] as? String, useCases: entry["useCases"] as? [String] ?? [], ollama: ollama,
            huggingFaceRepository: huggingFace?["original"] as? String,
            huggingFaceGGUFRepository: huggingFace?["gguf"] as? String, publishedGGUFSizes: published,
            configSource: entry["configSource"] as? String, configRebuilt: entry["configRebuilt"] as? Bool ?? false,
            sources: entry["sources"] as? [String] ?? [], config: ConfigJSON(config))
    }
}

/// The catalog of models, with look-up by id, Ollama name or display name.
public struct ModelCatalog: Sendable {
    public let models: [CatalogModel]

    public init(models: [CatalogModel]) { self.models = models }

    /// Decodes the catalog JSON (`{"schemaVersion": 1, "models": [...]}`).
    public init(jsonData: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: jsonData) as? [String: Any],
            let entries = root["models"] as? [[String: Any]]
        else { throw CatalogError.invalidCatalog("no models array") }
        models = try entries.map(CatalogModel.init(entry:))
    }

    /// The catalog shipped inside canirun.
    public static let embedded: ModelCatalog = decodeEmbedded()

    /// Decodes the catalog compiled into the binary (once per process through `embedded`; public for benchmarks).
    /// Each entry is its own JSON text, so the entries are decoded side by side on all cores.
    public static func decodeEmbedded() -> ModelCatalog {
        let texts = EmbeddedData.modelEntriesJSON
        let slots = ResultSlots<CatalogModel>(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            if let entry = try? JSONSerialization.jsonObject(with: Data(texts[index].utf8)) as? [String: Any],
                let model = try? CatalogModel(entry: entry)
            {
                slots.set(index, model)
            }
        }
        let models = slots.values.compactMap { $0 }
        return ModelCatalog(models: models.count == texts.count ? models : [])
    }

    public enum Match: Sendable {
        case found(CatalogModel, ollamaTag: String?)
        case ambiguous([CatalogModel])
        case notFound(suggestions: [CatalogModel])
    }

    /// Finds a model by catalog id, Ollama name (`llama3.1:8b`, `ollama:qwen3:8b`), display name, or
    /// Hugging Face repository; otherwise the closest names as suggestions.
    public func find(_ query: String) -> Match {
        var text = query.trimmingWhitespace()
        if text.lowercased().hasPrefix("ollama:") { text = String(text.dropFirst(7)) }
        let lower = text.lowercased()
        if let model = models.first(where: { $0.id == lower }) { return .found(model, ollamaTag: nil) }
        for model in models {
            if let tag = model.ollama.first(where: { $0.tag.lowercased() == lower }) {
                return .found(model, ollamaTag: tag.tag)
            }
        }
        if let model = models.first(where: {
            $0.displayName.lowercased() == lower || $0.huggingFaceRepository?.lowercased() == lower
                || $0.huggingFaceGGUFRepository?.lowercased() == lower
        }) {
            return .found(model, ollamaTag: nil)
        }
        // Ollama-style `name:tag` (llama3.1:8b, qwen3:30b-a3b) or words: compare letters and digits only, so
        // `llama3.1` finds `llama-3.1-...` and `qwen2.5` finds `qwen2.5-...`.
        func compact(_ text: String) -> String { String(text.lowercased().filter { $0.isLetter || $0.isNumber }) }
        let parts = lower.split(separator: ":", maxSplits: 1).map(String.init)
        let words = parts.flatMap { $0.split(separator: " ").map(String.init) }.map(compact).filter { !$0.isEmpty }
        let matches = models.filter { model in
            let haystack = compact(model.id) + " " + compact(model.displayName)
            return !words.isEmpty && words.allSatisfy { haystack.contains($0) }
        }
        if matches.count == 1, let only = matches.first { return .found(only, ollamaTag: nil) }
        if matches.count > 1 {
            // Prefer ids that begin with the name and tag together, then instruct variants, then the shortest id.
            let prefix = words.joined()
            let ranked = matches.sorted { a, b in
                let aStarts = compact(a.id).hasPrefix(prefix)
                let bStarts = compact(b.id).hasPrefix(prefix)
                if aStarts != bStarts { return aStarts }
                let aInstruct = a.id.contains("instruct") || a.id.hasSuffix("-it")
                let bInstruct = b.id.contains("instruct") || b.id.hasSuffix("-it")
                if aInstruct != bInstruct { return aInstruct }
                return a.id.count < b.id.count
            }
            let best = ranked[0]
            let bestStarts = compact(best.id).hasPrefix(prefix)
            let runnerUpStarts = compact(ranked[1].id).hasPrefix(prefix)
            if bestStarts && !runnerUpStarts { return .found(best, ollamaTag: nil) }
            if bestStarts, runnerUpStarts, best.id.contains("instruct") || best.id.hasSuffix("-it"),
                !(ranked[1].id.contains("instruct") || ranked[1].id.hasSuffix("-it"))
            {
                return .found(best, ollamaTag: nil)
            }
            return .ambiguous(Array(ranked.prefix(8)))
        }
        let ranked = models.map { ($0, FuzzyMatch.distance(lower, $0.id)) }.sorted { $0.1 < $1.1 }
        return .notFound(suggestions: ranked.prefix(5).map(\.0))
    }
}

public enum CatalogError: Error, Equatable, LocalizedError {
    case invalidCatalog(String)
    case unsupportedArchitecture(model: String, architecture: String)

    public var errorDescription: String? {
        switch self {
        case .invalidCatalog(let reason): "the model catalog is invalid: \(reason)"
        case .unsupportedArchitecture(let model, let architecture) where architecture == "mllama":
            // llama.cpp b11434 has no mllama loader (src/llama-arch.cpp); Ollama runs it in its own engine.
            "\(model): llama.cpp (b11434) has no loader for architecture mllama (Llama 3.2 Vision); Ollama runs it "
                + "in its own engine, so canirun cannot judge it the llama.cpp way"
        case .unsupportedArchitecture(let model, let architecture):
            "\(model): canirun cannot yet predict the tensors of architecture \(architecture) before download; "
                + "estimate a downloaded GGUF with `canirun estimate FILE.gguf`"
        }
    }
}
