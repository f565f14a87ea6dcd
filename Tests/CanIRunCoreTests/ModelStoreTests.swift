import Foundation
import Testing

@testable import CanIRunCore

/// Store trees built in a temporary folder the way each tool lays its files out, holding small GGUFs.
@Suite("Local model stores and canirun scan")
struct ModelStoreTests {
    static func tree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("canirun-stores-\(UUID().uuidString)")
        let fm = FileManager.default
        let (gguf, _) = GGUFBuilder.tinyLlama().build(withData: true)
        let data = Data(gguf)
        // Ollama: manifest → blob.
        let blobs = root.appendingPathComponent("ollama/blobs")
        let manifests = root.appendingPathComponent("ollama/manifests/registry.ollama.ai/library/tiny")
        try fm.createDirectory(at: blobs, withIntermediateDirectories: true)
        try fm.createDirectory(at: manifests, withIntermediateDirectories: true)
        try data.write(to: blobs.appendingPathComponent("sha256-abc123"))
        let manifest = """
            {"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:abc123","size":\(data.count)},
            {"mediaType":"application/vnd.ollama.image.template","digest":"sha256:def","size":10}]}
            """
        try manifest.write(to: manifests.appendingPathComponent("latest"), atomically: true, encoding: .utf8)
        // Hugging Face cache: the same file again, and a broken one.
        let snapshot = root.appendingPathComponent("hf/models--test--tiny-GGUF/snapshots/0123abcd")
        try fm.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try data.write(to: snapshot.appendingPathComponent("tiny-F16.gguf"))
        try Data("not a gguf".utf8).write(to: snapshot.appendingPathComponent("broken.gguf"))
        // LM Studio: publisher/repo/file, and a split model whose second part must be skipped.
        let lmstudio = root.appendingPathComponent("lmstudio/test/tiny-GGUF")
        try fm.createDirectory(at: lmstudio, withIntermediateDirectories: true)
        try data.write(to: lmstudio.appendingPathComponent("tiny-00002-of-00002.gguf"))
        return root
    }

    @Test("standard stores follow HF_HOME, OLLAMA_MODELS and LLAMA_CACHE")
    func environment() {
        let stores = LocalModelStores.standardStores(
            environment: ["HF_HOME": "/x/hf", "OLLAMA_MODELS": "/x/ollama", "LLAMA_CACHE": "/x/llama"], home: "/home/u")
        #expect(stores.contains { $0.kind == "huggingface" && $0.path == "/x/hf/hub" })
        #expect(stores.contains { $0.kind == "ollama" && $0.path == "/x/ollama" })
        #expect(stores.contains { $0.kind == "llama.cpp" && $0.path == "/x/llama" })
        #expect(stores.contains { $0.kind == "lmstudio" && $0.path == "/home/u/.lmstudio/models" })
        let defaults = LocalModelStores.standardStores(environment: [:], home: "/home/u")
        #expect(defaults.contains { $0.path == "/home/u/.cache/huggingface/hub" })
        #expect(defaults.contains { $0.path == "/home/u/.ollama/models" })
    }

    @Test("finds models in each store, names them as the store does, flags copies and unreadable files")
    func scan() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(at: root) }
        let stores = [
            ModelStore(kind: "ollama", path: root.appendingPathComponent("ollama").path, exists: true),
            ModelStore(kind: "huggingface", path: root.appendingPathComponent("hf").path, exists: true),
            ModelStore(kind: "lmstudio", path: root.appendingPathComponent("lmstudio").path, exists: true),
        ]
        let found = stores.flatMap { LocalModelStores.models(in: $0) }
        #expect(
            found.map(\.name).sorted() == ["test/tiny-GGUF:broken.gguf", "test/tiny-GGUF:tiny-F16.gguf", "tiny:latest"])
        let machine = try CatalogTests.machine(ram: 16 << 30, gpus: [])
        let report = ModelScanner.scan(stores: stores, found: found, machine: machine)
        #expect(report.models.count == 3)
        let ollama = try #require(report.models.first { $0.store == "ollama" })
        #expect(ollama.format == "GGUF")
        #expect(ollama.architecture == "llama")
        #expect(ollama.fit == .cpu)
        #expect(report.models.filter { $0.duplicateOf != nil }.count == 1)
        #expect(report.models.contains { $0.error?.contains("not a GGUF") == true })
        #expect(report.duplicateBytes > 0)
    }
}
