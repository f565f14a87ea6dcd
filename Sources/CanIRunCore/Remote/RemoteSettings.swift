import Foundation

/// Where remote models come from and how to authenticate, from the environment variables huggingface_hub and
/// Ollama users already set.
public struct RemoteSettings: Sendable, Equatable {
    /// `HF_ENDPOINT` (a mirror), default `https://huggingface.co`.
    public var hubEndpoint: URL
    /// `HF_TOKEN`, else the token file huggingface_hub writes (`HF_TOKEN_PATH`, else `$HF_HOME/token`, else
    /// `~/.cache/huggingface/token`).
    public var hubToken: String?
    /// `HF_HUB_OFFLINE=1`: no network, answers from the cache only.
    public var offline: Bool
    /// `CANIRUN_OLLAMA_REGISTRY` (a mirror), default `https://registry.ollama.ai`.
    public var ollamaRegistry: URL
    /// `CANIRUN_CACHE_DIR`, else the user's cache folder (see `HTTPResponseCache.defaultDirectory`);
    /// `CANIRUN_NO_CACHE=1` turns the cache off.
    public var cacheDirectory: String?

    public init(
        hubEndpoint: URL, hubToken: String? = nil, offline: Bool = false, ollamaRegistry: URL,
        cacheDirectory: String? = nil
    ) {
        self.hubEndpoint = hubEndpoint
        self.hubToken = hubToken
        self.offline = offline
        self.ollamaRegistry = ollamaRegistry
        self.cacheDirectory = cacheDirectory
    }

    // swift-format-ignore: NeverForceUnwrap
    static let defaultHub = URL(string: "https://huggingface.co")!
    // swift-format-ignore: NeverForceUnwrap
    static let defaultRegistry = URL(string: "https://registry.ollama.ai")!

    /// - Parameter readFile: returns a small text file's contents (the token file), or nil.
    public static func fromEnvironment(
        _ environment: [String: String], home: String, readFile: (String) -> String?
    ) -> RemoteSettings {
        func url(_ key: String) -> URL? {
            guard let text = environment[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty,
                let url = URL(string: text.hasSuffix("/") ? String(text.dropLast()) : text), url.host != nil
            else { return nil }
            return url
        }
        var token = (environment["HF_TOKEN"] ?? environment["HUGGING_FACE_HUB_TOKEN"])?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if token?.isEmpty ?? true {
            let hfHome = environment["HF_HOME"].map { $0 } ?? (home + "/.cache/huggingface")
            let path = environment["HF_TOKEN_PATH"] ?? (hfHome + "/token")
            token = readFile(path)?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let truthy: Set<String> = ["1", "on", "yes", "true"]
        let noCache = truthy.contains(environment["CANIRUN_NO_CACHE"]?.lowercased() ?? "")
        return RemoteSettings(
            hubEndpoint: url("HF_ENDPOINT") ?? defaultHub,
            hubToken: (token?.isEmpty ?? true) ? nil : token,
            offline: truthy.contains(environment["HF_HUB_OFFLINE"]?.lowercased() ?? ""),
            ollamaRegistry: url("CANIRUN_OLLAMA_REGISTRY") ?? defaultRegistry,
            cacheDirectory: noCache
                ? nil
                : (environment["CANIRUN_CACHE_DIR"]
                    ?? HTTPResponseCache.defaultDirectory(environment: environment, home: home)))
    }
}

/// A model read from the network: its description and what it cost to read.
public struct RemoteModel: Sendable {
    public var spec: ModelSpec
    /// Where it was read from (a URL).
    public var location: String
    /// The files whose headers were read, in order.
    public var files: [String]
    /// Notes for the person (another file that would also be loaded, the quantization picked by default).
    public var notes: [String]
    /// The checkpoint's config.json (safetensors repositories), for predicting every quantization.
    public var config: ConfigJSON? = nil
}
