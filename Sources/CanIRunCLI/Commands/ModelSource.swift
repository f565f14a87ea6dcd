import ArgumentParser
import CanIRunCore
import CanIRunNetwork
import Foundation

/// Flags for commands that can read models over the network.
struct RemoteOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(HelpMessage.offlineFlag.text(.current)))
    var offline = false

    @Flag(
        name: [.customShort("v"), .customLong("verbose")], help: ArgumentHelp(HelpMessage.verboseFlag.text(.current)))
    var verbose = false
}

/// A model read for a command, from the disk or the network.
struct LoadedModel {
    var spec: ModelSpec
    /// A path or a URL.
    var location: String
    var notes: [String]
    var transfers: TransferLog?
    /// config.json of a safetensors checkpoint (local folder or Hub repository): lets `check` predict every
    /// quantization.
    var config: ConfigJSON? = nil
    /// The Hub repository it came from.
    var repository: String? = nil
}

/// Turns a MODEL argument into a model description: a local file or folder, a Hugging Face repository, or an Ollama
/// registry model (see `ModelReference`).
enum ModelSource {
    static func load(
        _ text: String, offline: Bool = false, verbose: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: (any HTTPTransport)? = nil
    ) async throws -> LoadedModel {
        let reference = ModelReference.parse(text) { FileManager.default.fileExists(atPath: expandTilde($0)) }
        if case .localPath(let path) = reference {
            let spec = try ModelFileLoader.loadSpec(path: expandTilde(path))
            var config: ConfigJSON?
            if spec.format == "safetensors" {
                var folder = expandTilde(path)
                if folder.hasSuffix(".safetensors") { folder = (folder as NSString).deletingLastPathComponent }
                let file = (folder as NSString).appendingPathComponent("config.json")
                config = FileManager.default.contents(atPath: file).flatMap(ConfigJSON.parse)
            }
            return LoadedModel(spec: spec, location: path, notes: [], transfers: nil, config: config)
        }
        var settings = RemoteSettings.fromEnvironment(
            environment, home: NSHomeDirectory(),
            readFile: { path in
                guard let data = FileManager.default.contents(atPath: path), data.count < 4096 else { return nil }
                return String(data: data, encoding: .utf8)
            })
        if offline { settings.offline = true }
        let log = TransferLog()
        let progress = ProgressLine(enabled: !verbose)
        defer {
            progress.clear()
            if verbose { reportTransfers(log) }
        }
        func run(_ transport: any HTTPTransport) async throws -> LoadedModel {
            let fetcher = RemoteFetcher(
                transport: transport, cache: settings.cacheDirectory.map(HTTPResponseCache.init(directory:)),
                offline: settings.offline, log: log)
            let remote: RemoteModel
            switch reference {
            case .huggingFace(let hub):
                progress.show(
                    NetworkMessage.readingHub.text(
                        .current,
                        [
                            "model": hub.description,
                            "host": settings.hubEndpoint.host ?? NetworkMessage.theHub.text(.current),
                        ]))
                remote = try await HuggingFaceHub(settings: settings, fetcher: fetcher).loadModel(hub)
            case .ollama(let ollama, let explicit):
                progress.show(NetworkMessage.readingOllama.text(.current, ["model": ollama.description]))
                do {
                    remote = try await OllamaRegistry(settings: settings, fetcher: fetcher).loadModel(ollama)
                } catch RemoteModelError.notFound(let resource, _) {
                    throw RemoteModelError.notFound(
                        resource: explicit ? resource : "\(text) (no such file here, and no Ollama model \(resource))",
                        suggestions: ollamaSuggestions(ollama))
                }
            case .localPath:
                preconditionFailure("handled above")
            }
            var repository: String?
            if case .huggingFace(let hub) = reference { repository = hub.repository }
            return LoadedModel(
                spec: remote.spec, location: remote.location, notes: remote.notes, transfers: log,
                config: remote.config, repository: repository)
        }
        if let transport { return try await run(transport) }
        return try await AsyncHTTPTransport.with(userAgent: "canirun/\(CanIRunVersion.string)") { try await run($0) }
    }

    /// Ollama names from the catalog close to a missing one.
    static func ollamaSuggestions(_ reference: OllamaReference) -> [String] {
        let wanted = reference.name + ":" + reference.tag
        let names = ModelCatalog.embedded.models.flatMap { $0.ollama.map(\.tag) }
        let sameName = names.filter { $0.hasPrefix(reference.name + ":") }
        if !sameName.isEmpty { return Array(sameName.prefix(6)) }
        return Array(names.sorted { FuzzyMatch.distance(wanted, $0) < FuzzyMatch.distance(wanted, $1) }.prefix(5))
    }

    static func expandTilde(_ path: String) -> String {
        path.hasPrefix("~/") ? NSHomeDirectory() + String(path.dropFirst(1)) : path
    }

    /// `--verbose`: one line per request on standard error, then the total.
    static func reportTransfers(_ log: TransferLog) {
        var text = ""
        for entry in log.entries {
            let source = entry.fromCache ? NetworkMessage.fromCache.text(.current) : "HTTP \(entry.status)"
            text += "  \(source.padding(toLength: 9, withPad: " ", startingAt: 0)) \(ByteCount(entry.bytes))"
            text += "  \(entry.url)\(entry.range.map { " [\($0)]" } ?? "")\n"
        }
        text +=
            "  "
            + NetworkMessage.requestTotal.text(
                .current, ["count": "\(log.entries.count)", "bytes": ByteCount(log.networkBytes).description]) + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// A one-line status on standard error while something slow runs, only when standard error is a terminal; cleared
/// when done.
final class ProgressLine: @unchecked Sendable {
    // @unchecked: used from one task at a time (show, then clear).
    private let enabled: Bool
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
        shown = true
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        shown = false
    }
}
