import Foundation
import Testing

@testable import CanIRunCLI
@testable import CanIRunCore
@testable import CanIRunNetwork

@Suite("Model references")
struct ModelReferenceTests {
    static func parse(_ text: String, existing: Set<String> = []) -> ModelReference {
        ModelReference.parse(text) { existing.contains($0) }
    }

    @Test(
        "Hugging Face forms: hf:, llama.cpp's org/repo:QUANT, URLs, Ollama's hf.co/",
        arguments: [
            ("hf:Qwen/Qwen3-8B", HuggingFaceReference(repository: "Qwen/Qwen3-8B")),
            ("hf:Qwen/Qwen3-8B@refs/pr/3", HuggingFaceReference(repository: "Qwen/Qwen3-8B", revision: "refs/pr/3")),
            (
                "unsloth/Qwen3-8B-GGUF:q4_k_m",
                HuggingFaceReference(repository: "unsloth/Qwen3-8B-GGUF", quantization: "Q4_K_M")
            ),
            (
                "hf:bartowski/X-GGUF@main:X-Q8_0.gguf",
                HuggingFaceReference(repository: "bartowski/X-GGUF", revision: "main", file: "X-Q8_0.gguf")
            ),
            (
                "https://huggingface.co/bartowski/X-GGUF/blob/main/sub/X-Q5_K_M.gguf",
                HuggingFaceReference(repository: "bartowski/X-GGUF", revision: "main", file: "sub/X-Q5_K_M.gguf")
            ),
            ("https://huggingface.co/Qwen/Qwen3-8B", HuggingFaceReference(repository: "Qwen/Qwen3-8B")),
            (
                "hf.co/bartowski/X-GGUF:IQ4_XS",
                HuggingFaceReference(repository: "bartowski/X-GGUF", quantization: "IQ4_XS")
            ),
        ])
    func huggingFace(_ text: String, _ expected: HuggingFaceReference) {
        #expect(Self.parse(text) == .huggingFace(expected))
    }

    @Test("Ollama forms: explicit ollama:, namespaces, and bare name:tag")
    func ollama() {
        #expect(
            Self.parse("ollama:qwen3:8b") == .ollama(OllamaReference(name: "qwen3", tag: "8b"), explicit: true))
        #expect(
            Self.parse("ollama:jmorgan/mistral:Q4")
                == .ollama(OllamaReference(namespace: "jmorgan", name: "mistral", tag: "q4"), explicit: true))
        #expect(Self.parse("llama3.2:1b") == .ollama(OllamaReference(name: "llama3.2", tag: "1b"), explicit: false))
        #expect(Self.parse("gemma3") == .ollama(OllamaReference(name: "gemma3", tag: "latest"), explicit: false))
        #expect(
            Self.parse("https://ollama.com/library/qwen3:4b")
                == .ollama(OllamaReference(name: "qwen3", tag: "4b"), explicit: true))
    }

    @Test("paths: anything that exists, and anything that looks like a path even when missing")
    func paths() {
        #expect(Self.parse("org/repo", existing: ["org/repo"]) == .localPath("org/repo"))
        #expect(Self.parse("/no/such/model.gguf") == .localPath("/no/such/model.gguf"))
        #expect(Self.parse("model.gguf") == .localPath("model.gguf"))
        #expect(Self.parse("./weights") == .localPath("./weights"))
        #expect(Self.parse("~/models/x") == .localPath("~/models/x"))
        // Not a repository id (three parts, odd characters): treated as a path, which then fails clearly.
        #expect(Self.parse("a/b/c") == .localPath("a/b/c"))
        #expect(Self.parse("hf:not a repo") == .localPath("hf:not a repo"))
    }

    @Test("choosing the GGUF: whole-word quantization names, the default Q4_K_M, every part of a split model")
    func chooseGGUF() throws {
        let paths = [
            "README.md", "X-Q4_K.gguf", "X-Q4_K_M.gguf", "X-Q8_0.gguf", "mmproj-X-f16.gguf",
            "Q6_K/X-Q6_K-00001-of-00002.gguf", "Q6_K/X-Q6_K-00002-of-00002.gguf",
        ]
        func choose(_ quantization: String?) throws -> [String] {
            try HuggingFaceHub.chooseGGUF(
                in: paths, reference: HuggingFaceReference(repository: "o/X", quantization: quantization),
                repository: "o/X"
            ).0
        }
        #expect(try choose("Q4_K") == ["X-Q4_K.gguf"])
        #expect(try choose(nil) == ["X-Q4_K_M.gguf"])
        #expect(try choose("Q6_K") == ["Q6_K/X-Q6_K-00001-of-00002.gguf", "Q6_K/X-Q6_K-00002-of-00002.gguf"])
        #expect(throws: RemoteModelError.self) { try choose("IQ2_XXS") }
        do {
            _ = try choose("Q2_K")
        } catch let error as RemoteModelError {
            let message = error.localizedDescription
            #expect(message.contains("no file for Q2_K") && message.contains("Q8_0") && message.contains("Q4_K_M"))
        }
    }
}

/// A Hub and an Ollama registry on loopback, serving the committed header-only Llama 3.2 1B Q4_K_M GGUF as if it
/// were the whole 801 MB file.
struct RemoteFixture {
    static let engine = CommandLineTests.repositoryRoot.appendingPathComponent("Tests/CanIRunCoreTests/Fixtures/engine")
    static let header: [UInt8] = {
        let data = (try? Data(contentsOf: engine.appendingPathComponent("llama32_1b-q4_k_m.gguf"))) ?? Data()
        return [UInt8](data)
    }()
    /// `file_bytes` of llama32_1b-q4_k_m in the fixtures' manifest.csv.
    static let fileBytes: UInt64 = 801_283_392

    /// Range answers over the virtual file: the header's bytes, then zeros.
    static func serveModel(_ request: RecordedRequest) -> ServedResponse {
        guard let range = request.headers["range"]?.replacingOccurrences(of: "bytes=", with: ""),
            case let bounds = range.split(separator: "-").compactMap({ UInt64($0) }), bounds.count == 2
        else {
            return ServedResponse(status: 200, body: header)  // a real server would send 801 MB here
        }
        let first = bounds[0]
        let last = min(bounds[1], fileBytes - 1)
        var body = [UInt8](repeating: 0, count: Int(last - first + 1))
        if first < UInt64(header.count) {
            let end = min(UInt64(header.count), last + 1)
            body.replaceSubrange(0..<Int(end - first), with: header[Int(first)..<Int(end)])
        }
        return ServedResponse(
            status: 206, headers: ["content-range": "bytes \(first)-\(last)/\(fileBytes)"], body: body)
    }

    static let modelInfo = """
        {"id": "org/Llama-3.2-1B-GGUF", "sha": "0123abcd", "gated": false, "tags": ["gguf"],
         "siblings": [{"rfilename": "README.md", "size": 900},
                      {"rfilename": "Llama-3.2-1B-Q4_K_M.gguf", "size": 801283392},
                      {"rfilename": "Llama-3.2-1B-Q8_0.gguf", "size": 1314671936}]}
        """

    /// The Hub: model info, search, and `resolve` redirecting to a CDN on another host name (`localhost`).
    static func hub(_ request: RecordedRequest, port: Int) -> ServedResponse {
        switch request.path {
        case "/api/models/org/Llama-3.2-1B-GGUF": return .json(modelInfo)
        case "/api/models/org/Gated-GGUF":
            return ServedResponse(
                status: 403, headers: ["x-error-code": "GatedRepo", "x-error-message": "Access to model is restricted"])
        case "/api/models": return .json(#"[{"id": "org/Llama-3.2-1B-GGUF"}, {"id": "org/Llama-3.2-3B-GGUF"}]"#)
        case "/org/Llama-3.2-1B-GGUF/resolve/0123abcd/Llama-3.2-1B-Q4_K_M.gguf":
            return .redirect(to: "http://localhost:\(port)/cdn/llama?signature=abc")
        case "/cdn/llama": return serveModel(request)
        default:
            return ServedResponse(
                status: 401, headers: ["x-error-code": "RepoNotFound"], body: Array("Repository not found".utf8))
        }
    }

    static func fetcher(cache: HTTPResponseCache? = nil, offline: Bool = false, transport: any HTTPTransport)
        -> RemoteFetcher
    {
        var fetcher = RemoteFetcher(transport: transport, cache: cache, offline: offline)
        fetcher.sleep = { _ in }
        fetcher.timeout = .seconds(5)
        return fetcher
    }

    static func settings(_ server: LoopbackHTTPServer, token: String? = "hf_test") -> RemoteSettings {
        RemoteSettings(hubEndpoint: server.baseURL, hubToken: token, ollamaRegistry: server.baseURL)
    }
}

@Suite("Hugging Face Hub and Ollama registry over loopback HTTP")
struct RemoteModelTests {
    static func withTransport<Result: Sendable>(_ body: (AsyncHTTPTransport) async throws -> Result) async throws
        -> Result
    {
        try await AsyncHTTPTransport.with(userAgent: "canirun-tests", body)
    }

    @Test("a GGUF on the Hub: info, redirect to the CDN without the token, header by growing Range reads, < 1 % read")
    func hubGGUF() async throws {
        // The CDN host name must carry the server's own port, learnt once it has started.
        let box = PortBox()
        try await LoopbackHTTPServer.with(handler: { RemoteFixture.hub($0, port: box.port) }) { server in
            box.port = server.baseURL.port ?? 0
            let model = try await Self.withTransport { transport in
                let hub = HuggingFaceHub(
                    settings: RemoteFixture.settings(server), fetcher: RemoteFixture.fetcher(transport: transport))
                return try await hub.loadModel(HuggingFaceReference(repository: "org/Llama-3.2-1B-GGUF"))
            }
            #expect(model.spec.architecture == "llama")
            #expect(model.spec.fileBytes == RemoteFixture.fileBytes)
            #expect(model.spec.fileType == "Q4_K_M")
            #expect(model.files == ["Llama-3.2-1B-Q4_K_M.gguf"])
            #expect(model.notes.contains { $0.contains("Q4_K_M file") })
            // The header is 1.42 MB: a 1 MiB read, then one more that at least doubles it.
            #expect(model.spec.bytesRead >= UInt64(RemoteFixture.header.count))
            #expect(model.spec.bytesRead <= 2 << 20)
            #expect(Double(model.spec.bytesRead) < Double(RemoteFixture.fileBytes) * 0.01)
            let requests = server.requests
            let resolve = requests.filter { $0.path.contains("/resolve/") }
            let cdn = requests.filter { $0.path == "/cdn/llama" }
            #expect(resolve.allSatisfy { $0.headers["authorization"] == "Bearer hf_test" })
            #expect(!cdn.isEmpty && cdn.allSatisfy { $0.headers["authorization"] == nil && $0.headers["range"] != nil })
            #expect(requests.first?.uri == "/api/models/org/Llama-3.2-1B-GGUF?blobs=true")
        }
    }

    @Test("errors: gated repositories, missing ones with close names, a missing quantization")
    func hubErrors() async throws {
        let box = PortBox()
        try await LoopbackHTTPServer.with(handler: { RemoteFixture.hub($0, port: box.port) }) { server in
            box.port = server.baseURL.port ?? 0
            try await Self.withTransport { transport in
                let hub = HuggingFaceHub(
                    settings: RemoteFixture.settings(server, token: nil),
                    fetcher: RemoteFixture.fetcher(transport: transport))
                await #expect {
                    try await hub.loadModel(HuggingFaceReference(repository: "org/Gated-GGUF"))
                } throws: { error in
                    guard case .accessDenied(_, gated: true, hasToken: false, _) = error as? RemoteModelError else {
                        return false
                    }
                    let message = error.localizedDescription
                    return message.contains("accept its license") && message.contains("HF_TOKEN")
                }
                await #expect {
                    try await hub.loadModel(HuggingFaceReference(repository: "org/Llama-3.2-1B-GUFF"))
                } throws: { error in
                    error as? RemoteModelError
                        == .notFound(
                            resource: "org/Llama-3.2-1B-GUFF",
                            suggestions: ["org/Llama-3.2-1B-GGUF", "org/Llama-3.2-3B-GGUF"])
                }
                await #expect {
                    try await hub.loadModel(
                        HuggingFaceReference(repository: "org/Llama-3.2-1B-GGUF", quantization: "Q2_K"))
                } throws: { error in
                    error.localizedDescription.contains("Available: Q4_K_M, Q8_0")
                }
            }
        }
    }

    @Test("429: waits out a short Retry-After and retries; a long one is reported at once")
    func rateLimits() async throws {
        let counter = RequestCounter()
        try await LoopbackHTTPServer.with(handler: { request in
            let attempt = counter.next()
            if request.path == "/short" {
                return attempt < 3 ? ServedResponse(status: 429, headers: ["retry-after": "1"]) : .json("{}")
            }
            return ServedResponse(status: 429, headers: ["retry-after": "3600"])
        }) { server in
            try await Self.withTransport { transport in
                let waits = WaitLog()
                var fetcher = RemoteFixture.fetcher(transport: transport)
                fetcher.sleep = { waits.add($0) }
                let short = HTTPRequest(url: server.baseURL.appendingPathComponent("short"))
                let response = try await fetcher.get(
                    short, resource: "short", maximumBodyBytes: 1024, freshness: .uncached)
                #expect(response.status == 200)
                #expect(waits.values == [.seconds(1), .seconds(1)])
                let long = HTTPRequest(url: server.baseURL.appendingPathComponent("long"))
                await #expect(throws: RemoteModelError.rateLimited(host: "127.0.0.1", retryAfterSeconds: 3600)) {
                    try await fetcher.get(long, resource: "long", maximumBodyBytes: 1024, freshness: .uncached)
                }
            }
        }
    }

    @Test("a slow server times out, a closed port is unreachable, a server ignoring Range is refused")
    func networkFailures() async throws {
        try await LoopbackHTTPServer.with(handler: { request in
            // Far longer than the 300 ms timeout, so that even a stalled event loop on a busy machine sees the
            // deadline first (1.5 s was once answered in time under heavy parallel load).
            if request.path == "/slow" { return ServedResponse(status: 200, body: [1], delay: .seconds(20)) }
            return ServedResponse(status: 200, body: [UInt8](repeating: 7, count: 300_000))
        }) { server in
            try await Self.withTransport { transport in
                var fetcher = RemoteFixture.fetcher(transport: transport)
                fetcher.timeout = .milliseconds(300)
                let slow = HTTPRequest(url: server.baseURL.appendingPathComponent("slow"))
                await #expect(throws: RemoteModelError.timedOut(host: "127.0.0.1")) {
                    try await fetcher.get(slow, resource: "slow", maximumBodyBytes: 1024, freshness: .uncached)
                }
                fetcher.timeout = .seconds(5)
                let whole = HTTPRequest(url: server.baseURL.appendingPathComponent("whole"))
                await #expect {
                    try await fetcher.getRange(whole, 0..<1024, resource: "whole", freshness: .uncached)
                } throws: { error in
                    error.localizedDescription.contains("was Range ignored")
                }
            }
        }
        let refusing = try RefusingPort()
        try await Self.withTransport { transport in
            let fetcher = RemoteFixture.fetcher(transport: transport)
            let closed = HTTPRequest(url: URL(string: "http://127.0.0.1:\(refusing.port)/gone")!)
            await #expect {
                try await fetcher.get(closed, resource: "gone", maximumBodyBytes: 1024, freshness: .uncached)
            } throws: { error in
                guard case .unreachable = error as? RemoteModelError else { return false }
                return error.localizedDescription.contains("HF_HUB_OFFLINE")
            }
        }
        withExtendedLifetime(refusing) {}
    }

    @Test("the cache answers a second look without the network, and offline mode uses it or says what is missing")
    func cacheAndOffline() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("canirun-cache-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = HTTPResponseCache(directory: folder.path)
        let box = PortBox()
        let reference = HuggingFaceReference(repository: "org/Llama-3.2-1B-GGUF")
        try await LoopbackHTTPServer.with(handler: { RemoteFixture.hub($0, port: box.port) }) { server in
            box.port = server.baseURL.port ?? 0
            try await Self.withTransport { transport in
                let online = RemoteFixture.fetcher(cache: cache, transport: transport)
                let first = try await HuggingFaceHub(settings: RemoteFixture.settings(server), fetcher: online)
                    .loadModel(reference)
                let served = server.requests.count
                let offline = RemoteFixture.fetcher(cache: cache, offline: true, transport: transport)
                let second = try await HuggingFaceHub(settings: RemoteFixture.settings(server), fetcher: offline)
                    .loadModel(reference)
                #expect(server.requests.count == served)
                #expect(offline.log.networkBytes == 0 && offline.log.entries.allSatisfy(\.fromCache))
                #expect(second.spec.parameterCount == first.spec.parameterCount)
                await #expect(throws: RemoteModelError.offline(resource: "org/Other-GGUF")) {
                    try await HuggingFaceHub(settings: RemoteFixture.settings(server), fetcher: offline)
                        .loadModel(HuggingFaceReference(repository: "org/Other-GGUF"))
                }
            }
        }
    }

    @Test("a sharded safetensors checkpoint: config.json, the index, and each shard's header by Range")
    func hubSafetensors() async throws {
        let shards = TinyLlamaCheckpoint.shards()
        try await LoopbackHTTPServer.with(handler: { TinyLlamaCheckpoint.hub($0, shards: shards) }) { server in
            let model = try await Self.withTransport { transport in
                try await HuggingFaceHub(
                    settings: RemoteFixture.settings(server), fetcher: RemoteFixture.fetcher(transport: transport)
                ).loadModel(HuggingFaceReference(repository: "org/Tiny-Llama"))
            }
            #expect(model.spec.format == "safetensors")
            #expect(model.spec.architecture == "llama")
            #expect(model.spec.parameterCount == TinyLlamaCheckpoint.parameters)
            #expect(model.files == ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"])
            let shardRequests = server.requests.filter { $0.path.hasSuffix(".safetensors") }
            #expect(shardRequests.count == 2 && shardRequests.allSatisfy { $0.headers["range"] == "bytes=0-65535" })
        }
    }

    @Test("check on a Hub checkpoint outside the catalog: every quantization predicted from its config.json")
    func checkHubCheckpoint() async throws {
        let shards = TinyLlamaCheckpoint.shards()
        try await LoopbackHTTPServer.with(handler: { TinyLlamaCheckpoint.hub($0, shards: shards) }) { server in
            let environment = ["HF_ENDPOINT": server.baseURL.absoluteString, "CANIRUN_NO_CACHE": "1"]
            let loaded = try await Self.withTransport { transport in
                try await ModelSource.load("hf:org/Tiny-Llama", environment: environment, transport: transport)
            }
            let config = try #require(loaded.config)
            #expect(loaded.repository == "org/Tiny-Llama")
            let model = CatalogModel(
                checkpoint: config, spec: loaded.spec, id: "org/Tiny-Llama", huggingFaceRepository: "org/Tiny-Llama")
            #expect(model.parameters == TinyLlamaCheckpoint.parameters)
            #expect(model.contextLength == 2048)
            let report = try ModelAdvisor(machine: CommandLineTests.machine("this-vm")).check(model)
            #expect(report.quantizations.count >= 5)
            #expect(report.quantizations.allSatisfy { $0.fileBytes > 0 && $0.fit != .none })
            #expect(report.recommended != nil)
        }
    }

    @Test("Ollama: manifest, the model layer's blob through the registry's redirect, a projector noted")
    func ollamaRegistry() async throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let manifest = """
            {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
             "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:00", "size": 1},
             "layers": [
               {"mediaType": "application/vnd.ollama.image.model", "digest": "\(digest)", "size": 801283392},
               {"mediaType": "application/vnd.ollama.image.projector", "digest": "\(digest)", "size": 851000000},
               {"mediaType": "application/vnd.ollama.image.template", "digest": "\(digest)", "size": 1400}]}
            """
        try await LoopbackHTTPServer.with(handler: { request in
            switch request.path {
            case "/v2/library/llama3.2/manifests/1b":
                return request.headers["accept"]?.contains("manifest.v2+json") == true
                    ? .json(manifest) : ServedResponse(status: 406)
            case "/v2/library/llama3.2/blobs/\(digest)": return .redirect(to: "/r2/blob", status: 307)
            case "/r2/blob": return RemoteFixture.serveModel(request)
            default: return ServedResponse(status: 404, body: Array(#"{"errors":[{"code":"MANIFEST_UNKNOWN"}]}"#.utf8))
            }
        }) { server in
            let environment = [
                "CANIRUN_OLLAMA_REGISTRY": server.baseURL.absoluteString, "CANIRUN_NO_CACHE": "1",
            ]
            try await Self.withTransport { transport in
                let loaded = try await ModelSource.load(
                    "llama3.2:1b", environment: environment, transport: transport)
                #expect(loaded.spec.architecture == "llama")
                #expect(loaded.spec.fileBytes == RemoteFixture.fileBytes)
                #expect(loaded.notes.contains { $0.contains("vision projector") })
                #expect(loaded.location.hasSuffix("/v2/library/llama3.2/blobs/\(digest)"))
                await #expect {
                    try await ModelSource.load(
                        "granite4:70b", environment: environment, transport: transport)
                } throws: { error in
                    guard case .notFound(_, let suggestions) = error as? RemoteModelError else { return false }
                    return suggestions.contains("granite4:tiny-h")
                        && error.localizedDescription.contains("Did you mean")
                }
            }
        }
    }

    @Test("the built binary inspects and estimates a Hub model through HF_ENDPOINT")
    func endToEnd() async throws {
        let binary = try #require(CommandLineTests.builtBinary(), "canirun binary not built")
        let box = PortBox()
        try await LoopbackHTTPServer.with(handler: { RemoteFixture.hub($0, port: box.port) }) { server in
            box.port = server.baseURL.port ?? 0
            let environment = [
                "HF_ENDPOINT": server.baseURL.absoluteString, "CANIRUN_NO_CACHE": "1", "HF_TOKEN": "hf_test",
            ]
            let inspect = try CommandLineTests.run(
                binary, ["inspect", "org/Llama-3.2-1B-GGUF", "--json", "--verbose"], environment: environment)
            #expect(inspect.status == 0, "\(inspect.error)")
            let report = try JSONDecoder().decode(InspectReport.self, from: Data(inspect.output.utf8))
            #expect(report.fileBytes == RemoteFixture.fileBytes)
            #expect(report.path.hasSuffix("/org/Llama-3.2-1B-GGUF/resolve/main/Llama-3.2-1B-Q4_K_M.gguf"))
            #expect(inspect.error.contains("over the network"))
            let estimate = try CommandLineTests.run(
                binary,
                ["estimate", "hf:org/Llama-3.2-1B-GGUF:Q4_K_M", "-c", "4096", "--gpu", "none", "--ram", "16GB"],
                environment: environment)
            #expect(estimate.status == 0, "\(estimate.error)")
            #expect(estimate.output.contains("Llama"))
            let missing = try CommandLineTests.run(binary, ["inspect", "org/Nope-GGUF"], environment: environment)
            #expect(missing.status == 1)
            #expect(missing.error.contains("was not found"))
            // A bare word that is not in the catalog is answered from the catalog alone, without the network.
            let asked = server.requests.count
            let typo = try CommandLineTests.run(
                binary, ["check", "qwen-nope"],
                environment: environment.merging(["CANIRUN_OLLAMA_REGISTRY": server.baseURL.absoluteString]) { $1 })
            #expect(typo.status == 3)
            #expect(typo.error.contains("Did you mean"))
            #expect(server.requests.count == asked)
        }
    }
}

/// A port learnt after the server starts, read by its handler.
final class PortBox: @unchecked Sendable {
    // @unchecked: written once before any request is sent, read by the handler afterwards.
    var port = 0
}

final class RequestCounter: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var count = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}

final class WaitLog: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var storage: [Duration] = []
    func add(_ value: Duration) {
        lock.lock()
        storage.append(value)
        lock.unlock()
    }
    var values: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// A two-layer Llama checkpoint (hidden 64, 4 heads, 2 KV heads, vocabulary 100) split over two safetensors shards.
enum TinyLlamaCheckpoint {
    static let config = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64, "intermediate_size": 128,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 100,
         "max_position_embeddings": 2048, "torch_dtype": "bfloat16", "tie_word_embeddings": false}
        """

    /// (name, shape) per shard: embeddings and layer 0 in the first, layer 1 and the head in the second.
    static let tensors: [[(String, [UInt64])]] = {
        func layer(_ index: Int) -> [(String, [UInt64])] {
            let p = "model.layers.\(index)."
            return [
                (p + "input_layernorm.weight", [64]), (p + "self_attn.q_proj.weight", [64, 64]),
                (p + "self_attn.k_proj.weight", [32, 64]), (p + "self_attn.v_proj.weight", [32, 64]),
                (p + "self_attn.o_proj.weight", [64, 64]), (p + "post_attention_layernorm.weight", [64]),
                (p + "mlp.gate_proj.weight", [128, 64]), (p + "mlp.up_proj.weight", [128, 64]),
                (p + "mlp.down_proj.weight", [64, 128]),
            ]
        }
        return [
            [("model.embed_tokens.weight", [100, 64])] + layer(0),
            layer(1) + [("model.norm.weight", [64]), ("lm_head.weight", [100, 64])],
        ]
    }()

    static var parameters: UInt64 {
        tensors.joined().reduce(0) { $0 + $1.1.reduce(1, *) }
    }

    /// Each shard as a real safetensors file: length, JSON header padded to 8 bytes, zeroed bf16 data.
    static func shards() -> [[UInt8]] {
        tensors.map { shard in
            var offset: UInt64 = 0
            let entries = shard.map { name, shape in
                let bytes = shape.reduce(1, *) * 2
                defer { offset += bytes }
                let dims = shape.map(String.init).joined(separator: ",")
                return #""\#(name)":{"dtype":"BF16","shape":[\#(dims)],"data_offsets":[\#(offset),\#(offset + bytes)]}"#
            }
            var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
            while header.count % 8 != 0 { header.append(0x20) }
            return withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header
                + [UInt8](repeating: 0, count: Int(offset))
        }
    }

    static var index: String {
        let map = tensors.enumerated().flatMap { position, shard in
            shard.map { #""\#($0.0)": "model-0000\#(position + 1)-of-00002.safetensors""# }
        }
        return #"{"metadata": {"total_size": 1}, "weight_map": {"# + map.joined(separator: ", ") + "}}"
    }

    /// The Hub's answers for `org/Tiny-Llama` at commit `feed01`.
    static func hub(_ request: RecordedRequest, shards: [[UInt8]]) -> ServedResponse {
        let base = "/org/Tiny-Llama/resolve/feed01/"
        switch request.path {
        case "/api/models/org/Tiny-Llama": return .json(info(shards))
        case base + "config.json": return .json(config)
        case base + "model.safetensors.index.json": return .json(index)
        case base + "model-00001-of-00002.safetensors": return .file(shards[0], for: request)
        case base + "model-00002-of-00002.safetensors": return .file(shards[1], for: request)
        default: return ServedResponse(status: 404)
        }
    }

    static func info(_ shards: [[UInt8]]) -> String {
        """
        {"id": "org/Tiny-Llama", "sha": "feed01", "gated": false, "siblings": [
          {"rfilename": "config.json"}, {"rfilename": "model.safetensors.index.json"},
          {"rfilename": "model-00001-of-00002.safetensors", "size": \(shards[0].count)},
          {"rfilename": "model-00002-of-00002.safetensors", "size": \(shards[1].count)}]}
        """
    }
}

@Suite("The local Ollama server")
struct LocalOllamaTests {
    @Test(
        "OLLAMA_HOST as Ollama's client reads it",
        arguments: [
            ("", "http://127.0.0.1:11434"), ("0.0.0.0", "http://127.0.0.1:11434"),
            ("localhost:8080", "http://localhost:8080"), ("http://10.0.0.5:11434/", "http://10.0.0.5:11434"),
            ("https://ollama.example.com", "https://ollama.example.com:443"),
        ])
    func host(_ value: String, _ expected: String) {
        #expect(OllamaServer.baseURL(environment: ["OLLAMA_HOST": value])?.absoluteString == expected)
    }

    static let running = """
        {"models": [{"name": "qwen3:8b", "model": "qwen3:8b", "size": 6442450944, "size_vram": 5368709120,
                     "digest": "500a1f067a9f", "expires_at": "2026-11-27T23:59:00Z"},
                    {"name": "nomic-embed-text:latest", "size": 1073741824, "size_vram": 0}]}
        """

    @Test("loaded models' memory is counted as usable again, on the GPU and in RAM, with a warning naming them")
    func releasing() throws {
        let models = try OllamaServer.parseRunning(Data(Self.running.utf8))
        #expect(models.map(\.name) == ["qwen3:8b", "nomic-embed-text:latest"])
        let machine = try CommandLineTests.machine("this-vm").applying(HardwareOverrides(gpuNames: ["RTX 3060"]))
        let released = machine.releasing(models)
        let gpu = try #require(machine.gpus.first)
        let releasedGPU = try #require(released.gpus.first)
        #expect(releasedGPU.usableBytes == min(gpu.memoryTotalBytes, gpu.usableBytes + 5_368_709_120))
        #expect(
            released.memory.usableBytes
                == min(machine.memory.totalBytes, machine.memory.usableBytes + 1_073_741_824 + 1_073_741_824))
        #expect(released.warnings.last?.contains("qwen3:8b, nomic-embed-text:latest") == true)
        #expect(machine.releasing([]) == machine)
    }

    @Test("asks /api/ps of a server on this machine; a closed port or another machine costs no request")
    func runningModels() async throws {
        let port = try await LoopbackHTTPServer.with(handler: { request in
            request.path == "/api/ps" ? .json(Self.running) : ServedResponse(status: 404)
        }) { server in
            let port = server.baseURL.port ?? 0
            let models = await LocalOllama.runningModels(environment: ["OLLAMA_HOST": "127.0.0.1:\(port)"])
            #expect(models.count == 2)
            let elsewhere = await LocalOllama.runningModels(environment: ["OLLAMA_HOST": "192.0.2.1:\(port)"])
            #expect(elsewhere.isEmpty)
            #expect(server.requests.count == 1)
            return port
        }
        #expect(LocalOllama.isListening(port: port, timeoutMilliseconds: 100) == false)
        #expect(await LocalOllama.runningModels(environment: ["OLLAMA_HOST": "127.0.0.1:\(port)"]).isEmpty)
    }
}

@Suite("config.json as Python writes it")
struct ConfigJSONTests {
    @Test("NaN and Infinity outside strings read as null; inside strings they stay")
    func pythonLiterals() throws {
        let text =
            #"{"time_step_limit": [0.0, Infinity], "a": NaN, "b": -Infinity, "name": "NaN \"Infinity\"", "c": 1}"#
        let config = try #require(ConfigJSON.parse(Data(text.utf8)))
        #expect(config.value["a"] is NSNull)
        #expect(config.value["b"] is NSNull)
        #expect(config.value["name"] as? String == #"NaN "Infinity""#)
        #expect((config.value["time_step_limit"] as? [Any])?.count == 2)
        #expect((config.value["c"] as? NSNumber)?.intValue == 1)
        #expect(ConfigJSON.parse(Data("[1, 2]".utf8)) == nil)
        #expect(ConfigJSON.parse(Data("{\"a\": Nope}".utf8)) == nil)
    }
}
