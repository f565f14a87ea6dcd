import ArgumentParser
import CanIRunCore
import Foundation
import Hummingbird
import Logging

extension CanIRun {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: HelpMessage.serveAbstract.text(.current),
            discussion: HelpMessage.serveDiscussion.text(.current))

        @Option(help: ArgumentHelp(HelpMessage.hostOption.text(.current)))
        var host = "127.0.0.1"

        @Option(help: ArgumentHelp(HelpMessage.portOption.text(.current)))
        var port = 8080

        @OptionGroup var languageOption: LanguageOptions

        func validate() throws {
            guard (1...65535).contains(port) else { throw ValidationError(ErrorMessage.badPort.text(.current)) }
        }

        func run() async throws {
            let machine = try await HardwareOptions.detectedIncludingOllama()
            let api = WebAPI(detected: machine, catalog: .embedded, cache: ResponseCache())
            let host = host
            let port = port
            let language = languageOption.language
            let address = "\(host):\(port)"
            // The page opens in the language of the command line (it has its own switch too).
            let url = "http://\(address)/" + (language == .english ? "" : "?lang=\(language.rawValue)")
            // Only warnings and errors from the server itself; LOG_LEVEL=info or debug shows more.
            var logger = Logger(label: "canirun")
            logger.logLevel =
                ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            let app = Application(
                router: WebServer.router(api: api),
                configuration: .init(address: .hostname(host, port: port), serverName: "canirun"),
                onServerRunning: { _ in
                    FileHandle.standardError.write(
                        Data(("canirun: " + ErrorMessage.serving.text(language, ["url": url]) + "\n").utf8))
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
                        ErrorMessage.portInUse.text(language, ["address": address, "next": "\(port + 1)"]),
                        code: ExitCodes.unreadable)
                }
                if text.contains("Permission denied") || text.contains("errno: 13") {
                    throw failure(
                        ErrorMessage.portNeedsPrivileges.text(language, ["address": address]),
                        code: ExitCodes.unreadable)
                }
                throw failure(
                    ErrorMessage.cannotServe.text(language, ["address": address, "error": text]),
                    code: ExitCodes.unreadable)
            }
        }
    }
}
