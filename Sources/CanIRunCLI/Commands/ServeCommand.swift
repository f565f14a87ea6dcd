import ArgumentParser
import CanIRunCore
import Foundation
import Hummingbird
import Logging

extension CanIRun {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "A local web page: this machine, what fits it, each model's memory, and the lesson.",
            discussion: """
                Serves a page and a JSON API (/api/v1/system, /recommend, /check/MODEL, /estimate, /gpus, \\
                /explain) that mirrors the CLI's --json. Everything comes from the binary: the page works with no \\
                internet, and nothing leaves the machine. Binds to 127.0.0.1 unless --host says otherwise.

                Examples:
                  canirun serve
                  canirun serve --port 9000
                  curl 'http://127.0.0.1:8080/api/v1/recommend?gpu=RTX%204090&limit=5'
                """)

        @Option(help: "Address to listen on (127.0.0.1 keeps it to this machine).")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on.")
        var port = 8080

        func validate() throws {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535.") }
        }

        func run() async throws {
            let machine = try await HardwareOptions.detectedIncludingOllama()
            let api = WebAPI(detected: machine, catalog: .embedded, cache: ResponseCache())
            let host = host
            let port = port
            // Only warnings and errors from the server itself; LOG_LEVEL=info or debug shows more.
            var logger = Logger(label: "canirun")
            logger.logLevel =
                ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            let app = Application(
                router: WebServer.router(api: api),
                configuration: .init(address: .hostname(host, port: port), serverName: "canirun"),
                onServerRunning: { _ in
                    FileHandle.standardError.write(
                        Data("canirun: serving http://\(host):\(port)/ (Ctrl-C stops)\n".utf8))
                },
                logger: logger)
            // Rank once before the first visit, so the page's first table comes from the cache.
            _ = try? await api.recommend([:])
            do {
                try await app.runService()
            } catch {
                let text = String(describing: error)
                if text.contains("Address already in use") || text.contains("errno: 98") || text.contains("errno: 48") {
                    throw failure(
                        "\(host):\(port) is already in use; choose another port with --port, e.g. --port \(port + 1).",
                        code: ExitCodes.unreadable)
                }
                if text.contains("Permission denied") || text.contains("errno: 13") {
                    throw failure(
                        "no permission to listen on \(host):\(port); ports below 1024 need privileges, use --port 8080.",
                        code: ExitCodes.unreadable)
                }
                throw failure("cannot serve on \(host):\(port): \(text)", code: ExitCodes.unreadable)
            }
        }
    }
}
