import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CanIRunCLI
@testable import CanIRunCore

@Suite("canirun serve")
struct WebServerTests {
    static func application() -> some ApplicationProtocol {
        let api = WebAPI(
            detected: CommandLineTests.machine("this-vm"), catalog: .embedded, cache: ResponseCache())
        return Application(router: WebServer.router(api: api))
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: buffer))
        return try #require(object as? [String: Any])
    }

    @Test("the page is one self-contained document: no script, style or font from another host")
    func page() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("id=\"context-slider\"") && text.contains("id=\"lang-es\""))
                #expect(!text.contains("http://") && !text.contains("https://"))
            }
        }
    }

    @Test("the API mirrors the CLI's JSON: system, recommend, check, estimate, gpus, explain")
    func api() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/system?gpu=RTX%204090&ram=64GB", method: .get) { response in
                #expect(response.status == .ok)
                let machine = try JSONDecoder().decode(HardwareSnapshot.self, from: Data(buffer: response.body))
                #expect(machine.gpus.first?.name.contains("4090") == true)
                #expect(machine.memory.totalBytes == 64 << 30)
            }
            try await client.execute(uri: "/api/v1/recommend?gpu=RTX%203060&limit=3", method: .get) { response in
                let report = try JSONDecoder().decode(RecommendReport.self, from: Data(buffer: response.body))
                #expect(report.models.count == 3)
                #expect(report.schemaVersion == RecommendReport.currentSchemaVersion)
            }
            try await client.execute(uri: "/api/v1/check/llama3.1:8b?gpu=RTX%203060", method: .get) { response in
                let report = try JSONDecoder().decode(CheckReport.self, from: Data(buffer: response.body))
                #expect(report.model.id.contains("llama-3.1-8b"))
                #expect(report.quantizations.contains { $0.recommended })
            }
            var totals: [Int64] = []
            for context in [2048, 32768] {
                let uri = "/api/v1/estimate?model=qwen2.5-7b-instruct&quant=Q4_K_M&context=\(context)&gpu=RTX%203060"
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    let report = try JSONDecoder().decode(EstimateReport.self, from: Data(buffer: response.body))
                    totals.append(report.memory.total)
                }
            }
            #expect(totals.count == 2 && totals[1] > totals[0])
            try await client.execute(uri: "/api/v1/gpus", method: .get) { response in
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect((list?.count ?? 0) == GPUDatabase.embedded.entries.count)
            }
            try await client.execute(uri: "/api/v1/explain?lang=es", method: .get) { response in
                let answer = try Self.json(response.body)
                #expect(answer["language"] as? String == "es")
                #expect((answer["text"] as? String)?.contains("cuantización") == true)
            }
        }
    }

    @Test("bad questions get 400/404 with a JSON error that says what to fix")
    func errors() async throws {
        try await Self.application().test(.router) { client in
            for (uri, status, phrase) in [
                ("/api/v1/system?gpu=Voodoo%205", HTTPResponse.Status.badRequest, "unknown GPU"),
                ("/api/v1/system?ram=lots", .badRequest, "not a size"),
                ("/api/v1/recommend?useCase=poetry", .badRequest, "useCase"),
                ("/api/v1/check/no-such-model-xyz", .notFound, "did you mean"),
                ("/api/v1/estimate", .badRequest, "model is required"),
                ("/api/v1/estimate?model=qwen2.5-7b-instruct&quant=Q9", .badRequest, "not a GGUF file type"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    let message = try Self.json(response.body)["error"] as? String ?? ""
                    #expect(message.contains(phrase), "\(uri): \(message)")
                }
            }
        }
    }

    @Test("serve on a port already taken says so and exits instead of failing with a raw bind error")
    func portInUse() async throws {
        let binary = try #require(CommandLineTests.builtBinary(), "canirun binary not built")
        try await LoopbackHTTPServer.with(handler: { _ in ServedResponse(status: 200) }) { server in
            let port = try #require(server.baseURL.port)
            let result = try CommandLineTests.run(
                binary, ["serve", "--port", String(port)], environment: ["OLLAMA_HOST": "192.0.2.1:1"])
            #expect(result.status == 1)
            #expect(result.error.contains("already in use") && result.error.contains("--port"))
        }
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(
        "a real headless Chromium loads the page, moves the context slider, sees the memory change, switches to Spanish",
        .enabled(if: chromium != nil, "needs Chromium (Debian's chromium; .ci/run installs it)"))
    func browser() async throws {
        let chromium = try #require(Self.chromium)
        try await Self.application().test(.live) { client in
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)/?selftest=1&lang=en"
            let profile = FileManager.default.temporaryDirectory.appendingPathComponent("canirun-chromium-\(UUID())")
            defer { try? FileManager.default.removeItem(at: profile) }
            let common = [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=\(profile.path)", "--virtual-time-budget=20000", "--window-size=1280,2200",
            ]
            let dom = try await Self.run(chromium, common + ["--dump-dom", url])
            // The mark the page's self-test leaves: <div id="selftest">SELFTEST PASS …</div>.
            let mark =
                dom.range(of: "<div id=\"selftest\">").map { String(dom[$0.upperBound...].prefix(300)) }
                ?? "no mark in: " + String(dom.suffix(300))
            #expect(mark.hasPrefix("SELFTEST PASS"), "\(mark)")
            #expect(mark.contains("Modelos que corren aquí"))
            // A picture for a person to look at; not checked, not committed.
            let screenshot = FileManager.default.temporaryDirectory.appendingPathComponent("canirun-serve.png")
            _ = try await Self.run(chromium, common + ["--screenshot=\(screenshot.path)", url])
        }
    }

    /// Runs a program off the cooperative pool and returns its standard output (60 s at most).
    static func run(_ program: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: program)
                process.arguments = arguments
                let output = Pipe()
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let timer = DispatchWorkItem { process.terminate() }
                DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: timer)
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                timer.cancel()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}
