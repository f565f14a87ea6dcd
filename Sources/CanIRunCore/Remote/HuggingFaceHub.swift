import Foundation

/// One file of a Hub repository, as the model-info API lists it.
public struct HubFile: Sendable, Equatable {
    public var path: String
    public var size: UInt64?
}

/// What the Hub's model-info API says about a repository.
public struct HubModelInfo: Sendable, Equatable {
    public var id: String
    /// The commit the revision points at.
    public var sha: String?
    public var gated: Bool
    public var tags: [String]
    public var files: [HubFile]

    /// Parses `GET /api/models/{repo}/revision/{rev}?blobs=true` (fields `id`, `sha`, `gated` as false, "auto" or
    /// "manual", `tags`, `siblings[].rfilename` and `.size`).
    public static func parse(_ data: Data, resource: String) throws -> HubModelInfo {
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw RemoteModelError.badResponse(resource: resource, reason: "the model info is not a JSON object")
        }
        let siblings = root["siblings"] as? [[String: Any]] ?? []
        let files = siblings.compactMap { sibling -> HubFile? in
            guard let path = sibling["rfilename"] as? String else { return nil }
            let size =
                (sibling["size"] as? NSNumber)?.uint64Value
                ?? ((sibling["lfs"] as? [String: Any])?["size"] as? NSNumber)?.uint64Value
            return HubFile(path: path, size: size)
        }
        let gated: Bool
        switch root["gated"] {
        case let flag as Bool: gated = flag
        case let text as String: gated = !text.isEmpty && text != "false"
        default: gated = false
        }
        return HubModelInfo(
            id: root["id"] as? String ?? resource, sha: root["sha"] as? String, gated: gated,
            tags: root["tags"] as? [String] ?? [], files: files)
    }
}

/// Reads models on the Hugging Face Hub without downloading them: the file list from the model-info API, then
/// config.json and the headers of the weight files by Range requests.
public struct HuggingFaceHub: Sendable {
    public var settings: RemoteSettings
    public var fetcher: RemoteFetcher
    public var limits: ParsingLimits

    public init(settings: RemoteSettings, fetcher: RemoteFetcher, limits: ParsingLimits = .standard) {
        self.settings = settings
        self.fetcher = fetcher
        self.limits = limits
    }

    var authorization: [String: String] {
        settings.hubToken.map { ["authorization": "Bearer " + $0] } ?? [:]
    }

    static func encodePath(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    func url(_ path: String) -> URL {
        return URL(string: settings.hubEndpoint.absoluteString + path) ?? settings.hubEndpoint
    }

    /// `GET /api/models/{repo}[/revision/{rev}]?blobs=true`.
    public func modelInfo(_ reference: HuggingFaceReference) async throws -> HubModelInfo {
        var path = "/api/models/" + reference.repository
        if let revision = reference.revision { path += "/revision/" + Self.encodePath(revision) }
        let request = HTTPRequest(url: url(path + "?blobs=true"), headers: authorization)
        do {
            let response = try await fetcher.get(
                request, resource: reference.repository, maximumBodyBytes: 16 << 20, freshness: .seconds(86_400))
            return try HubModelInfo.parse(Data(response.body), resource: reference.repository)
        } catch RemoteModelError.notFound(let resource, _) {
            throw RemoteModelError.notFound(resource: resource, suggestions: await closeNames(reference.repository))
        }
    }

    /// Up to five repositories whose names contain the missing one's name (`GET /api/models?search=`); empty when
    /// the search itself fails.
    func closeNames(_ repository: String) async -> [String] {
        let name = repository.split(separator: "/").last.map(String.init) ?? repository
        guard let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else { return [] }
        let request = HTTPRequest(url: url("/api/models?search=\(query)&limit=5"), headers: authorization)
        guard
            let response = try? await fetcher.get(
                request, resource: "search", maximumBodyBytes: 1 << 20, freshness: .uncached),
            let list = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]
        else { return [] }
        return list.compactMap { $0["id"] as? String ?? $0["modelId"] as? String }.filter { $0 != repository }
    }

    /// `{endpoint}/{repo}/resolve/{revision}/{path}`.
    public func fileRequest(_ reference: HuggingFaceReference, path: String, commit: String?) -> HTTPRequest {
        let revision = commit ?? reference.revision ?? "main"
        return HTTPRequest(
            url: url("/\(reference.repository)/resolve/\(Self.encodePath(revision))/\(Self.encodePath(path))"),
            headers: authorization)
    }

    /// The model a reference names: a GGUF file (all parts of a split one) when the repository has GGUFs, else the
    /// safetensors checkpoint with its config.json.
    public func loadModel(_ reference: HuggingFaceReference) async throws -> RemoteModel {
        let info = try await modelInfo(reference)
        let paths = info.files.map(\.path)
        var notes: [String] = []
        let ggufs = paths.filter { $0.lowercased().hasSuffix(".gguf") }
        if reference.file != nil || reference.quantization != nil || !ggufs.isEmpty {
            let (chosen, note) = try Self.chooseGGUF(
                in: paths, reference: reference, repository: reference.repository)
            if let note { notes.append(note) }
            if paths.contains(where: { $0.lowercased().contains("mmproj") && $0.lowercased().hasSuffix(".gguf") }) {
                notes.append(
                    "The repository also has a vision projector (mmproj); estimate it with --mmproj when you use images."
                )
            }
            return try await loadGGUF(reference, info: info, paths: chosen, notes: notes)
        }
        return try await loadSafetensors(reference, info: info)
    }

    /// The GGUF file(s) for a reference: the named file, or the files whose path carries the quantization (`Q4_K_M`
    /// as a whole word, so `Q4_K` does not match `Q4_K_M`), or by default llama.cpp `-hf`'s choice, Q4_K_M, then the
    /// first GGUF. A split model gives all its parts, in order.
    public static func chooseGGUF(
        in paths: [String], reference: HuggingFaceReference, repository: String
    ) throws -> ([String], String?) {
        let ggufs = paths.filter { $0.lowercased().hasSuffix(".gguf") && !$0.lowercased().contains("mmproj") }.sorted()
        var note: String?
        var pick: String?
        if let file = reference.file {
            pick = ggufs.first { $0 == file } ?? ggufs.first { $0.hasSuffix("/" + file) }
            guard pick != nil else {
                throw RemoteModelError.noModelFile(repository: repository, wanted: file, available: ggufs)
            }
        } else {
            let wanted = reference.quantization ?? "Q4_K_M"
            pick = ggufs.first { hasQuantization($0, wanted) }
            if pick == nil, reference.quantization != nil {
                throw RemoteModelError.noModelFile(
                    repository: repository, wanted: wanted, available: ggufs.compactMap(quantizationName))
            }
            if pick == nil {
                pick = ggufs.first
                if let first = pick {
                    note = "No Q4_K_M file in the repository; read \(first). Pick another with :QUANT."
                }
            } else if reference.quantization == nil {
                note = "Read the Q4_K_M file (llama.cpp's default for -hf); pick another with :QUANT."
            }
        }
        guard let pick else {
            throw RemoteModelError.noModelFile(repository: repository, wanted: nil, available: paths)
        }
        guard let split = GGUFSplit.parse(path: pick), split.count > 1 else { return ([pick], note) }
        let parts = (1...split.count).map { split.path(index: $0) }
        for part in parts where !paths.contains(part) {
            throw RemoteModelError.badResponse(
                resource: repository, reason: "\(part), part of a split model, is not in the repository")
        }
        return (parts, note)
    }

    /// Whether a file path names the quantization as a whole word (`-Q4_K_M.gguf`, `/Q4_K_M/`, `.q4_k_m.`).
    static func hasQuantization(_ path: String, _ quantization: String) -> Bool {
        let upper = path.uppercased()
        let wanted = quantization.uppercased()
        var searchStart = upper.startIndex
        while let found = upper.range(of: wanted, range: searchStart..<upper.endIndex) {
            let before = found.lowerBound == upper.startIndex ? nil : upper[upper.index(before: found.lowerBound)]
            let after = found.upperBound == upper.endIndex ? nil : upper[found.upperBound]
            let boundary: (Character?) -> Bool = { character in
                guard let character else { return true }
                return !(character.isLetter || character.isNumber || character == "_")
            }
            if boundary(before) && boundary(after) { return true }
            searchStart = found.upperBound
        }
        return false
    }

    /// The quantization a GGUF file name states, for listing what a repository offers.
    static func quantizationName(_ path: String) -> String? {
        let name = (path as NSString).lastPathComponent.uppercased()
        let known = QuantizationFileType.allCases.map { $0.rawValue.uppercased() } + ["BF16", "F16", "F32", "MXFP4"]
        return known.sorted { $0.count > $1.count }.first { hasQuantization(name, $0) }
    }

    func loadGGUF(_ reference: HuggingFaceReference, info: HubModelInfo, paths: [String], notes: [String])
        async throws -> RemoteModel
    {
        let reader = RemoteHeaderReader(fetcher: fetcher, limits: limits)
        var parts: [GGUFFile] = []
        var fetched: UInt64 = 0
        for (index, path) in paths.enumerated() {
            let request = fileRequest(reference, path: path, commit: info.sha)
            let size = info.files.first { $0.path == path }?.size
            let limits = limits
            let result = try await reader.read(
                request, resource: "\(reference.repository)/\(path)", name: path, knownSize: size
            ) { source in try GGUFReader(limits: limits).read(source, part: index) }
            parts.append(result.header)
            fetched += result.bytesFetched
        }
        let file = parts.count == 1 ? parts[0] : try GGUFSplit.merge(parts)
        var spec = ModelSpec(gguf: file)
        spec.bytesRead = fetched
        return RemoteModel(
            spec: spec, location: fileRequest(reference, path: paths[0], commit: nil).url.absoluteString,
            files: paths, notes: notes)
    }

    func loadSafetensors(_ reference: HuggingFaceReference, info: HubModelInfo) async throws -> RemoteModel {
        let paths = info.files.map(\.path)
        let repository = reference.repository
        guard paths.contains("config.json") else {
            throw RemoteModelError.noModelFile(repository: repository, wanted: nil, available: paths)
        }
        let maximumJSON = Int(min(limits.maximumJSONBytes, 64 << 20))
        let configResponse = try await fetcher.get(
            fileRequest(reference, path: "config.json", commit: info.sha), resource: repository + "/config.json",
            maximumBodyBytes: maximumJSON, freshness: .seconds(86_400))
        let config = try ModelConfig.decode(Data(configResponse.body), file: repository + "/config.json")
        var index: SafetensorsIndex?
        if paths.contains(SafetensorsFolder.indexFileName) {
            let response = try await fetcher.get(
                fileRequest(reference, path: SafetensorsFolder.indexFileName, commit: info.sha),
                resource: repository + "/" + SafetensorsFolder.indexFileName, maximumBodyBytes: maximumJSON,
                freshness: .seconds(86_400))
            index = try SafetensorsIndex.parse(Data(response.body), file: SafetensorsFolder.indexFileName)
        }
        let shards = try SafetensorsFolder.shardFiles(
            index: index, indexFile: SafetensorsFolder.indexFileName, among: paths)
        guard !shards.isEmpty else {
            throw RemoteModelError.noModelFile(repository: repository, wanted: nil, available: paths)
        }
        // Shard headers are small (tens of kilobytes); read up to eight at a time.
        let reader = RemoteHeaderReader(fetcher: fetcher, limits: limits)
        let limits = limits
        var headers: [SafetensorsFile?] = Array(repeating: nil, count: shards.count)
        var fetched: UInt64 = 0
        for batchStart in stride(from: 0, to: shards.count, by: 8) {
            let batch = Array(shards.indices[batchStart..<min(shards.count, batchStart + 8)])
            try await withThrowingTaskGroup(of: (Int, SafetensorsFile, UInt64).self) { group in
                for position in batch {
                    let shard = shards[position]
                    let request = fileRequest(reference, path: shard, commit: info.sha)
                    let size = info.files.first { $0.path == shard }?.size
                    group.addTask {
                        let result = try await reader.read(
                            request, resource: repository + "/" + shard, name: shard, knownSize: size,
                            initialBytes: 64 << 10
                        ) { source in try SafetensorsReader(limits: limits).read(source) }
                        return (position, result.header, result.bytesFetched)
                    }
                }
                for try await (position, header, bytes) in group {
                    headers[position] = header
                    fetched += bytes
                }
            }
        }
        let files = headers.compactMap { $0 }
        if let index {
            try SafetensorsFolder.checkIndex(index, headers: files, file: SafetensorsFolder.indexFileName)
        }
        var spec = ModelSpec(safetensors: files, config: config, name: repository)
        spec.bytesRead = fetched
        var notes: [String] = []
        if info.gated { notes.append("\(repository) is gated: downloading it needs its license accepted.") }
        return RemoteModel(
            spec: spec, location: url("/" + repository).absoluteString, files: shards, notes: notes,
            config: ConfigJSON.parse(Data(configResponse.body)))
    }
}
