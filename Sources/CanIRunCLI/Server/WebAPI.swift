import CanIRunCore
import Foundation

/// The answers behind `canirun serve`'s JSON API (`/api/v1/...`), as plain functions of the query so they are tested
/// without a server. Each returns the same JSON the matching CLI command prints with `--json`.
struct WebAPI: Sendable {
    /// The detected machine, probed once when the server starts.
    var detected: HardwareSnapshot
    var catalog: ModelCatalog
    var cache: ResponseCache

    struct Failure: Error, Equatable {
        var status: Int
        var message: String
    }

    /// The machine a request asks about: the detected one, or a what-if from `gpu` (repeatable, or `none`), `vram`,
    /// `ram` and `cpuCores`, as the CLI's flags.
    func machine(_ query: [String: [String]]) throws -> HardwareSnapshot {
        let gpus = (query["gpu"] ?? []).filter { !$0.isEmpty }
        for name in gpus where name.lowercased() != "none" && GPUDatabase.embedded.match(name: name) == nil {
            throw Failure(status: 400, message: "unknown GPU '\(name)'; list them at /api/v1/gpus")
        }
        func size(_ key: String) throws -> Int64? {
            guard let text = query[key]?.first, !text.isEmpty else { return nil }
            guard let bytes = parseByteCount(text, memoryUnits: true)?.bytes else {
                throw Failure(status: 400, message: "\(key) '\(text)' is not a size; try 24GB")
            }
            return bytes
        }
        var cores: Int?
        if let text = query["cpuCores"]?.first, !text.isEmpty {
            guard let value = Int(text), (1...4096).contains(value) else {
                throw Failure(status: 400, message: "cpuCores must be between 1 and 4096")
            }
            cores = value
        }
        let overrides = HardwareOverrides(
            gpuNames: gpus, vramBytes: try size("vram"), ramBytes: try size("ram"), cpuCores: cores)
        do {
            return try detected.applying(overrides)
        } catch {
            throw Failure(status: 400, message: error.localizedDescription)
        }
    }

    func system(_ query: [String: [String]]) throws -> String {
        try JSONOutput.encode(try machine(query))
    }

    /// Ranking the catalog takes tens of milliseconds; the answer for the same question is kept.
    func recommend(_ query: [String: [String]]) async throws -> String {
        let machine = try machine(query)
        let useCase = query["useCase"]?.first.flatMap { $0.isEmpty ? nil : $0 }
        if let useCase, !["chat", "code", "reasoning", "vision", "embedding", "tools"].contains(useCase) {
            throw Failure(status: 400, message: "useCase must be chat, code, reasoning, vision, embedding or tools")
        }
        let limit = query["limit"]?.first.flatMap(Int.init) ?? 20
        guard (1...200).contains(limit) else { throw Failure(status: 400, message: "limit must be 1 to 200") }
        let key = "recommend|\(Self.key(query, ["gpu", "vram", "ram", "cpuCores"]))|\(useCase ?? "")|\(limit)"
        if let cached = await cache.value(for: key) { return cached }
        let catalog = catalog
        let json = try JSONOutput.encode(
            Recommender(machine: machine, catalog: catalog).recommend(useCase: useCase, limit: limit))
        await cache.store(json, for: key)
        return json
    }

    func check(_ model: String, _ query: [String: [String]]) throws -> String {
        let (found, tag) = try catalogModel(model)
        return try JSONOutput.encode(try ModelAdvisor(machine: machine(query)).check(found, ollamaTag: tag))
    }

    /// `model` (catalog id), `quant` (default Q4_K_M), `context` (default: planned for the machine): the memory
    /// llama.cpp would allocate for the predicted file, placed on the machine.
    func estimate(_ query: [String: [String]]) throws -> String {
        guard let id = query["model"]?.first, !id.isEmpty else {
            throw Failure(status: 400, message: "model is required, e.g. ?model=qwen3-8b&quant=Q4_K_M&context=8192")
        }
        let (found, _) = try catalogModel(id)
        let quantName = query["quant"]?.first ?? "Q4_K_M"
        guard let fileType = QuantizationFileType(rawValue: quantName) else {
            throw Failure(status: 400, message: "quant '\(quantName)' is not a GGUF file type such as Q4_K_M")
        }
        var context: Int?
        if let text = query["context"]?.first, !text.isEmpty {
            guard let value = Int(text), value >= 256, value <= 10_485_760 else {
                throw Failure(status: 400, message: "context must be a number of tokens from 256")
            }
            context = min(value, found.contextLength)
        }
        do {
            let spec = try ModelAdvisor.predictedSpec(found, fileType: fileType)
            let report = try EstimateReport.make(
                model: spec, path: found.id, settings: RunSettings(contextLength: context), machine: machine(query),
                planPlacement: true)
            return try JSONOutput.encode(report)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(status: 422, message: error.localizedDescription)
        }
    }

    func gpus() throws -> String {
        struct Entry: Encodable {
            var id: String
            var name: String
            var vendor: String
            var memoryGiB: [Double]
        }
        let entries = GPUDatabase.embedded.entries.map {
            Entry(id: $0.id, name: $0.name, vendor: $0.vendor.rawValue, memoryGiB: $0.memorySizesGiB)
        }
        return try JSONOutput.encode(entries)
    }

    /// The lesson as JSON plus its rendered text in the asked language.
    func explain(_ query: [String: [String]]) throws -> String {
        struct Answer: Encodable {
            var language: String
            var text: String
            var lesson: LessonReport
        }
        let language = Language(code: query["lang"]?.first ?? "en") ?? .english
        let lesson = Lesson.make(machine: try machine(query), includeExample: true, catalog: catalog)
        let sink = StringOutputSink()
        LessonRenderer(style: Style(enabled: false), language: language)
            .render(lesson, topics: LessonTopic.allCases, to: sink)
        return try JSONOutput.encode(Answer(language: language.rawValue, text: sink.text, lesson: lesson))
    }

    func catalogModel(_ text: String) throws -> (CatalogModel, String?) {
        switch catalog.find(text) {
        case .found(let model, let tag): return (model, tag)
        case .ambiguous(let candidates):
            throw Failure(
                status: 404,
                message: "'\(text)' matches several models: " + candidates.map(\.id).joined(separator: ", "))
        case .notFound(let suggestions):
            throw Failure(
                status: 404,
                message: "no model '\(text)' in the catalog; did you mean "
                    + suggestions.map(\.id).joined(separator: ", ") + "?")
        }
    }

    static func key(_ query: [String: [String]], _ names: [String]) -> String {
        names.map { "\($0)=\((query[$0] ?? []).joined(separator: ","))" }.joined(separator: "&")
    }
}

/// Answers kept for the server's lifetime (a few hundred at most: one per distinct what-if question).
actor ResponseCache {
    private var storage: [String: String] = [:]

    func value(for key: String) -> String? { storage[key] }

    func store(_ value: String, for key: String) {
        if storage.count >= 256 { storage.removeAll() }
        storage[key] = value
    }
}
