import Foundation

/// A model a running Ollama server holds in memory right now (`GET /api/ps`).
public struct OllamaRunningModel: Codable, Sendable, Equatable {
    public var name: String
    /// Everything the model takes: weights, cache and buffers.
    public var totalBytes: Int64
    /// The part of it in GPU memory.
    public var gpuBytes: Int64

    public init(name: String, totalBytes: Int64, gpuBytes: Int64) {
        self.name = name
        self.totalBytes = totalBytes
        self.gpuBytes = gpuBytes
    }
}

/// The local Ollama server's API (`OLLAMA_HOST`, default 127.0.0.1:11434).
public struct OllamaServer: Sendable {
    public var baseURL: URL
    public var fetcher: RemoteFetcher

    public init(baseURL: URL, fetcher: RemoteFetcher) {
        self.baseURL = baseURL
        self.fetcher = fetcher
    }

    /// Where the server listens, read as Ollama's client reads `OLLAMA_HOST` (envconfig `Host()`): `host`,
    /// `host:port` or a URL; the port defaults to 11434; `0.0.0.0` (listen everywhere) is reached on 127.0.0.1.
    public static func baseURL(environment: [String: String]) -> URL? {
        var text = environment["OLLAMA_HOST"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if text.isEmpty { text = "127.0.0.1:11434" }
        var scheme = "http"
        if let range = text.range(of: "://") {
            scheme = String(text[..<range.lowerBound]).lowercased()
            text = String(text[range.upperBound...])
        }
        text = String(text.split(separator: "/", maxSplits: 1).first ?? "")
        var host = text
        var port = scheme == "https" ? "443" : "11434"
        if let colon = text.lastIndex(of: ":"), !text.hasSuffix("]") {
            host = String(text[..<colon])
            port = String(text[text.index(after: colon)...])
        }
        if host.isEmpty || host == "0.0.0.0" { host = "127.0.0.1" }
        guard let number = Int(port), (1...65535).contains(number) else { return nil }
        return URL(string: "\(scheme)://\(host):\(number)")
    }

    /// `GET /api/ps`.
    public func runningModels() async throws -> [OllamaRunningModel] {
        let response = try await fetcher.get(
            HTTPRequest(url: baseURL.appendingPathComponent("api/ps")), resource: "Ollama /api/ps",
            maximumBodyBytes: 1 << 20, freshness: .uncached)
        return try Self.parseRunning(Data(response.body))
    }

    /// `{"models": [{"name": ..., "size": bytes, "size_vram": bytes, ...}]}`.
    public static func parseRunning(_ data: Data) throws -> [OllamaRunningModel] {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw RemoteModelError.badResponse(resource: "Ollama /api/ps", reason: "not a JSON object")
        }
        let models = root["models"] as? [[String: Any]] ?? []
        return models.compactMap { model in
            guard let name = (model["name"] as? String) ?? (model["model"] as? String),
                let size = (model["size"] as? NSNumber)?.int64Value, size >= 0
            else { return nil }
            let vram = min(size, max(0, (model["size_vram"] as? NSNumber)?.int64Value ?? 0))
            return OllamaRunningModel(name: name, totalBytes: size, gpuBytes: vram)
        }
    }
}

extension HardwareSnapshot {
    /// The machine with the memory of Ollama's loaded models counted as usable: Ollama unloads idle models to make
    /// room for the next one (server/sched.go), so that memory is there for a model run through Ollama. GPU bytes
    /// go back to the GPUs in order of memory in use (never past a GPU's total), the rest to RAM (never past the
    /// total); a warning names the models.
    public func releasing(_ models: [OllamaRunningModel]) -> HardwareSnapshot {
        guard !models.isEmpty else { return self }
        var copy = self
        var gpuLeft = models.reduce(Int64(0)) { $0 + $1.gpuBytes }
        let ramPart = models.reduce(Int64(0)) { $0 + ($1.totalBytes - $1.gpuBytes) }
        let order = copy.gpus.indices.sorted {
            (copy.gpus[$0].memoryTotalBytes - (copy.gpus[$0].memoryFreeBytes ?? copy.gpus[$0].memoryTotalBytes))
                > (copy.gpus[$1].memoryTotalBytes - (copy.gpus[$1].memoryFreeBytes ?? copy.gpus[$1].memoryTotalBytes))
        }
        var unifiedRelease: Int64 = 0
        for index in order where gpuLeft > 0 {
            let gpu = copy.gpus[index]
            let room = max(0, gpu.memoryTotalBytes - gpu.usableBytes)
            let given = min(room, gpuLeft)
            copy.gpus[index].usableBytes += given
            if gpu.unifiedMemory { unifiedRelease += given }
            gpuLeft -= given
        }
        let ramRoom = max(0, copy.memory.totalBytes - copy.memory.usableBytes)
        copy.memory.usableBytes += min(ramRoom, ramPart + unifiedRelease)
        let names = models.map(\.name).joined(separator: ", ")
        let total = models.reduce(Int64(0)) { $0 + $1.totalBytes }
        copy.warnings.append(
            "Ollama holds \(ByteCount(total)) for \(names) right now; counted as usable, since Ollama unloads idle "
                + "models to load another. Before running another engine, free it with `ollama stop NAME`.")
        return copy
    }
}
