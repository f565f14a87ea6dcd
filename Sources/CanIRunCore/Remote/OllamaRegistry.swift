import Foundation

/// An Ollama image manifest (OCI/Docker distribution v2): the layers that make up a model.
public struct OllamaManifest: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        public var mediaType: String
        public var digest: String
        public var size: UInt64
    }
    public var layers: [Layer]

    /// The GGUF weights (`application/vnd.ollama.image.model`).
    public static let modelMediaType = "application/vnd.ollama.image.model"
    /// A vision projector, loaded with the model (`application/vnd.ollama.image.projector`).
    public static let projectorMediaType = "application/vnd.ollama.image.projector"

    public var model: Layer? { layers.first { $0.mediaType == Self.modelMediaType } }
    public var projector: Layer? { layers.first { $0.mediaType == Self.projectorMediaType } }

    public static func parse(_ data: Data, resource: String) throws -> OllamaManifest {
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any],
            let layers = root["layers"] as? [[String: Any]]
        else {
            throw RemoteModelError.badResponse(resource: resource, reason: "the manifest has no layers")
        }
        return OllamaManifest(
            layers: layers.compactMap { layer in
                guard let mediaType = layer["mediaType"] as? String, let digest = layer["digest"] as? String,
                    digest.hasPrefix("sha256:"), digest.count == 71,
                    digest.dropFirst(7).allSatisfy({ $0.isHexDigit }),
                    let size = (layer["size"] as? NSNumber)?.uint64Value
                else { return nil }
                return Layer(mediaType: mediaType, digest: digest, size: size)
            })
    }
}

/// Reads models in the Ollama registry without pulling them: the manifest names the GGUF layer, whose header is
/// then read by Range requests on the blob (the registry redirects blobs to a CDN).
public struct OllamaRegistry: Sendable {
    public var settings: RemoteSettings
    public var fetcher: RemoteFetcher
    public var limits: ParsingLimits

    public init(settings: RemoteSettings, fetcher: RemoteFetcher, limits: ParsingLimits = .standard) {
        self.settings = settings
        self.fetcher = fetcher
        self.limits = limits
    }

    func url(_ path: String) -> URL {
        URL(string: settings.ollamaRegistry.absoluteString + path) ?? settings.ollamaRegistry
    }

    /// `GET /v2/{namespace}/{name}/manifests/{tag}`, asking for the Docker v2 manifest as `ollama pull` does.
    public func manifest(_ reference: OllamaReference) async throws -> OllamaManifest {
        let request = HTTPRequest(
            url: url("/v2/\(reference.namespace)/\(reference.name)/manifests/\(reference.tag)"),
            headers: ["accept": "application/vnd.docker.distribution.manifest.v2+json"])
        let response = try await fetcher.get(
            request, resource: reference.description, maximumBodyBytes: 1 << 20, freshness: .seconds(86_400))
        return try OllamaManifest.parse(Data(response.body), resource: reference.description)
    }

    public func loadModel(_ reference: OllamaReference) async throws -> RemoteModel {
        let manifest = try await manifest(reference)
        guard let layer = manifest.model else {
            throw RemoteModelError.noModelFile(
                repository: reference.description, wanted: nil, available: manifest.layers.map(\.mediaType))
        }
        let blob = HTTPRequest(url: url("/v2/\(reference.namespace)/\(reference.name)/blobs/\(layer.digest)"))
        let limits = limits
        // Blobs are named by their content's hash: a cached header never goes stale.
        let result = try await RemoteHeaderReader(fetcher: fetcher, limits: limits).read(
            blob, resource: reference.description, name: reference.description, knownSize: layer.size
        ) { source in try GGUFReader(limits: limits).read(source) }
        var spec = ModelSpec(gguf: result.header)
        spec.bytesRead = result.bytesFetched
        if spec.name == nil { spec.name = reference.description }
        var notes: [String] = []
        if let projector = manifest.projector {
            notes.append(
                "Ollama also loads a \(ByteCount(Int64(projector.size))) vision projector with this model; it is not "
                    + "counted here.")
        }
        return RemoteModel(
            spec: spec, location: blob.url.absoluteString, files: [layer.digest], notes: notes)
    }
}
