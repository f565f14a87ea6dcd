import Foundation

/// A place on disk where model files live.
public struct ModelStore: Sendable, Equatable, Codable {
    /// `huggingface`, `ollama`, `lmstudio`, `llama.cpp` or `folder`.
    public var kind: String
    public var path: String
    public var exists: Bool

    public init(kind: String, path: String, exists: Bool) {
        self.kind = kind
        self.path = path
        self.exists = exists
    }
}

/// One model file (or safetensors folder) found on disk.
public struct FoundModel: Sendable, Equatable {
    public var path: String
    public var store: String
    /// The name the store gives it (`qwen3:8b`, `Qwen/Qwen3-8B`), else the file name.
    public var name: String

    public init(path: String, store: String, name: String) {
        self.path = path
        self.store = store
        self.name = name
    }
}

/// Finds the model stores of this machine: the Hugging Face cache, Ollama's store, LM Studio's folders and
/// llama.cpp's download cache, honouring the same environment variables the tools do.
public enum LocalModelStores {
    public static func standardStores(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        home: String = ProcessInfo.processInfo.environment["HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.path
    ) -> [ModelStore] {
        func exists(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        let cache = environment["XDG_CACHE_HOME"] ?? home + "/.cache"
        // huggingface_hub: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub.
        let huggingFace =
            environment["HF_HUB_CACHE"] ?? (environment["HF_HOME"].map { $0 + "/hub" } ?? cache + "/huggingface/hub")
        // Ollama: OLLAMA_MODELS, else ~/.ollama/models (the Linux service keeps /usr/share/ollama/.ollama/models).
        var ollama = [environment["OLLAMA_MODELS"] ?? home + "/.ollama/models"]
        if environment["OLLAMA_MODELS"] == nil { ollama.append("/usr/share/ollama/.ollama/models") }
        // llama.cpp's -hf downloads: LLAMA_CACHE, else ~/.cache/llama.cpp.
        let llama = environment["LLAMA_CACHE"] ?? cache + "/llama.cpp"
        var stores = [ModelStore(kind: "huggingface", path: huggingFace, exists: exists(huggingFace))]
        stores += ollama.map { ModelStore(kind: "ollama", path: $0, exists: exists($0)) }
        for path in [home + "/.lmstudio/models", cache + "/lm-studio/models"] {
            stores.append(ModelStore(kind: "lmstudio", path: path, exists: exists(path)))
        }
        stores.append(ModelStore(kind: "llama.cpp", path: llama, exists: exists(llama)))
        return stores
    }

    /// Lists the models in a store. Bounded: at most `limit` results and `maximumDepth` folder levels.
    public static func models(in store: ModelStore, limit: Int = 10_000, maximumDepth: Int = 6) -> [FoundModel] {
        guard store.exists else { return [] }
        switch store.kind {
        case "ollama": return ollamaModels(root: store.path, limit: limit)
        case "huggingface": return huggingFaceModels(root: store.path, limit: limit)
        default: return folderModels(root: store.path, store: store.kind, limit: limit, maximumDepth: maximumDepth)
        }
    }

    /// Ollama's store: `manifests/<registry>/<namespace>/<model>/<tag>` JSON files whose layer of media type
    /// `application/vnd.ollama.image.model` names the GGUF blob `blobs/sha256-<hex>`.
    static func ollamaModels(root: String, limit: Int) -> [FoundModel] {
        let manifests = root + "/manifests"
        var found: [FoundModel] = []
        guard let enumerator = FileManager.default.enumerator(atPath: manifests) else { return [] }
        while let relative = enumerator.nextObject() as? String, found.count < limit {
            let path = manifests + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: path), data.count < 1 << 20,
                let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let layers = manifest["layers"] as? [[String: Any]],
                let model = layers.first(where: { ($0["mediaType"] as? String) == "application/vnd.ollama.image.model" }
                ),
                let digest = model["digest"] as? String, digest.hasPrefix("sha256:")
            else { continue }
            let blob = root + "/blobs/sha256-" + digest.dropFirst(7)
            let parts = relative.split(separator: "/")
            // registry/namespace/model/tag → model:tag (library models) or namespace/model:tag.
            var name = relative
            if parts.count >= 4 {
                let namespace = parts[parts.count - 3]
                let modelName = parts[parts.count - 2]
                name = (namespace == "library" ? "" : namespace + "/") + modelName + ":" + parts[parts.count - 1]
            }
            found.append(FoundModel(path: blob, store: "ollama", name: name))
        }
        return found
    }

    /// The Hugging Face cache: `models--<org>--<name>/snapshots/<revision>/` holding GGUF files or a
    /// config.json with safetensors.
    static func huggingFaceModels(root: String, limit: Int) -> [FoundModel] {
        guard let repositories = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        var found: [FoundModel] = []
        for repository in repositories.sorted() where repository.hasPrefix("models--") {
            let repoName = repository.dropFirst(8).replacingOccurrences(of: "--", with: "/")
            let snapshots = root + "/" + repository + "/snapshots"
            guard let revisions = try? FileManager.default.contentsOfDirectory(atPath: snapshots) else { continue }
            for revision in revisions.sorted() {
                let folder = snapshots + "/" + revision
                for model in folderModels(
                    root: folder, store: "huggingface", limit: limit - found.count, maximumDepth: 3)
                {
                    var named = model
                    named.name =
                        model.path.hasSuffix(".gguf")
                        ? repoName + ":" + (model.path as NSString).lastPathComponent : repoName
                    found.append(named)
                }
                if found.count >= limit { return found }
            }
        }
        return found
    }

    /// Any folder: `.gguf` files (the first part of split models only) and folders with config.json and
    /// `.safetensors` files.
    static func folderModels(root: String, store: String, limit: Int, maximumDepth: Int) -> [FoundModel] {
        var found: [FoundModel] = []
        var queue: [(String, Int)] = [(root, 0)]
        var visited = Set<String>()
        while let (folder, depth) = queue.popLast(), found.count < limit {
            let resolved = (folder as NSString).resolvingSymlinksInPath
            guard visited.insert(resolved).inserted,
                let entries = try? FileManager.default.contentsOfDirectory(atPath: folder)
            else { continue }
            let hasConfig = entries.contains("config.json")
            let hasSafetensors = entries.contains { $0.hasSuffix(".safetensors") }
            if hasConfig && hasSafetensors {
                found.append(FoundModel(path: folder, store: store, name: (folder as NSString).lastPathComponent))
            }
            for entry in entries.sorted() where !entry.hasPrefix(".") {
                let path = folder + "/" + entry
                if entry.hasSuffix(".gguf") {
                    if let split = GGUFSplit.parse(path: path), split.index != 1 { continue }
                    if entry.contains("mmproj") { continue }
                    found.append(FoundModel(path: path, store: store, name: entry))
                    if found.count >= limit { break }
                    continue
                }
                var isDirectory: ObjCBool = false
                if depth < maximumDepth, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                    isDirectory.boolValue
                {
                    queue.append((path, depth + 1))
                }
            }
        }
        return found
    }
}
