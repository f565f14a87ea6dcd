import Foundation
import Testing

@testable import CanIRunCore

@Suite("Model catalog, predicted files and verdicts")
struct CatalogTests {
    static let catalog = ModelCatalog.embedded

    @Test("the shipped catalog decodes with at least 150 variants from 35 families, ids unique")
    func catalogSize() {
        #expect(Self.catalog.models.count >= 150)
        #expect(Set(Self.catalog.models.map(\.family)).count >= 35)
        #expect(Set(Self.catalog.models.map(\.id)).count == Self.catalog.models.count)
    }

    @Test("the embedded catalog equals the data files (run scripts/embed-data.py after editing Data/)")
    func embeddedMatchesData() throws {
        let root = EngineMeasurementTests.repositoryRoot.appendingPathComponent("Data/models")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".json") }
        // Counted as text: some configs hold Infinity, which strict JSON readers refuse (the embed script writes null).
        var count = 0
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            count += text.components(separatedBy: "\"displayName\"").count - 1
        }
        #expect(count == Self.catalog.models.count)
    }

    /// Catalog counts that include tensors the GGUF converter does not write, so the layout count differs:
    /// each names why (checked by hand against the model card).
    static let parameterCountExceptions: [String: String] = [
        "gemma-3-4b-it": "the stated count includes the SigLIP vision tower, which a GGUF keeps in a separate mmproj",
        "gemma-3-12b-it": "the stated count includes the SigLIP vision tower, which a GGUF keeps in a separate mmproj",
        "gpt-oss-20b":
            "the stated 21.5B counts MXFP4 scale bytes as weights; OpenAI's model card gives 20.91B, as here",
        "gpt-oss-120b":
            "the stated 120.4B counts MXFP4 scale bytes as weights; OpenAI's model card gives 116.83B, as here",
        "qwen3-0.6b": "tied embeddings: the stated count includes the stored copy of lm_head, the GGUF has one matrix",
        "qwen3-1.7b": "tied embeddings: the stated count includes the stored copy of lm_head, the GGUF has one matrix",
        "qwen1.5-1.8b-chat": "the stated count fits untied embeddings while the catalog config says tied: to verify",
        "qwen2.5-vl-7b-instruct":
            "the stated count includes the 0.68B vision tower, which the converter writes to the separate mmproj file",
        "glm-4.5-air":
            "the stated count includes the multi-token-prediction layer (a 47th MoE layer with its own embedding and"
            + " head, 3.62B: the whole difference), which canirun's layout leaves out because llama.cpp does not load it",
        "nemotron-3-ultra-550b-a55b":
            "the stated count includes the multi-token-prediction block (11.2B), which canirun's layout leaves out"
            + " because llama.cpp creates it with TENSOR_SKIP",
        "qwen3-next-80b-a3b-instruct":
            "the stated count includes the multi-token-prediction block (1.65B), which llama.cpp does not load",
        "qwen3.5-27b": "the stated count includes the vision tower (0.46B, mmproj) and the MTP block (0.42B)",
        "qwen3.5-35b-a3b": "the stated count includes the vision tower (0.45B, mmproj) and the MTP block (0.84B)",
        "qwen3.5-122b-a10b": "the stated count includes the vision tower (0.45B, mmproj) and the MTP block (2.52B)",
        "gemma-3n-e2b-it":
            "the stated count includes the vision and audio encoders (1.52B), which the converter leaves to the"
            + " mmproj file",
        "gemma-3n-e4b-it": "the stated count includes the vision and audio encoders (1.52B), as for E2B",
        "gemma-4-26b-a4b":
            "the stated count includes the vision tower (about 0.57B) and, as for other tied models, the stored"
            + " lm_head copy (262,144 x 2816 = 0.74B); the text model's GGUF has one matrix",
        "minicpm-2b-sft-bf16":
            "the stated 2.19B is below the architecture's own count: 40 layers of 61.0M (the model card's 2.4B without"
            + " embeddings) plus the 122,753 x 2304 tied embedding make 2.72B",
    ]

    @Test("parameter counts recomputed from each config's architecture agree with the stated count within 2 %")
    func parameterConsistency() throws {
        var checked = 0
        var failures: [String] = []
        for model in Self.catalog.models {
            guard let stated = model.parameters, stated > 0,
                let layout = try? ModelAdvisor.layout(for: model),
                let tensors = try? GGUFTensorLayout.tensors(for: layout)
            else { continue }
            let recomputed = tensors.reduce(UInt64(0)) { $0 + $1.dimensions.reduce(1, *) }
            let ratio = Double(recomputed) / Double(stated)
            checked += 1
            if abs(ratio - 1) > 0.02 && Self.parameterCountExceptions[model.id] == nil {
                failures.append("\(model.id): \(recomputed) vs \(stated)")
            }
        }
        #expect(checked >= 100)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("every entry's facts agree with each other: active ≤ total parameters, a context its config states")
    func noContradictions() {
        for model in Self.catalog.models {
            if let total = model.parameters, let active = model.activeParameters {
                #expect(active <= total, "\(model.id)")
            }
            // A context length the config states, or its config class's documented default.
            #expect(ModelConfig.contextLength(raw: model.config.value) != nil, "\(model.id): no context length")
            #expect(!model.sources.isEmpty || model.configSource != nil, "\(model.id): no source")
        }
    }

    @Test("a prediction retyped from the prepared template equals one built from scratch")
    func retypedPredictions() throws {
        for id in ["qwen2.5-7b-instruct", "gemma-3-27b-it", "qwen3-30b-a3b", "deepseek-v3", "llama-3.1-8b-instruct"] {
            guard let model = Self.catalog.models.first(where: { $0.id == id }) else { continue }
            let prepared = try ModelAdvisor.prepare(model)
            for type in [QuantizationFileType.q4_K_M, .q6_K, .q2_K, .f16] {
                let recipe = QuantizationRecipe(fileType: type)
                let fast = try ModelSpec.predicted(prepared: prepared, recipe: recipe)
                let plan = try recipe.plan(prepared.tensors)
                let slow = ModelSpec.predicted(
                    plan: plan,
                    metadata: ModelSpec.predictedMetadata(prepared.layout, extras: prepared.extras, fileType: type),
                    headerBytes: prepared.estimatedHeaderBytes, name: prepared.extras.name)
                #expect(fast == slow, "\(id) \(type.rawValue)")
            }
        }
    }

    @Test(
        "names people type find the model",
        arguments: [
            ("llama3.1:8b", "llama-3.1-8b-instruct"), ("qwen2.5:7b", "qwen2.5-7b-instruct"),
            ("gpt-oss:20b", "gpt-oss-20b"), ("Qwen/Qwen2.5-7B-Instruct", "qwen2.5-7b-instruct"),
        ])
    func find(query: String, id: String) {
        guard case .found(let model, _) = Self.catalog.find(query) else {
            Issue.record("\(query) not found")
            return
        }
        #expect(model.id == id)
    }

    @Test("every entry has a release month (YYYY-MM) with a source, and a license")
    func releaseMonths() throws {
        // GLM-5.3: no dated page was found.
        let unknown: Set<String> = ["glm-5.3"]
        let files = try FileManager.default.contentsOfDirectory(
            at: EngineMeasurementTests.repositoryRoot.appendingPathComponent("Data/models"),
            includingPropertiesForKeys: nil)
        var checked = 0
        for file in files where file.pathExtension == "json" {
            // Some configs hold Infinity, which Python's json writes and JSONSerialization refuses.
            let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "Infinity", with: "null")
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            for entry in object?["models"] as? [[String: Any]] ?? [] {
                let id = entry["id"] as? String ?? "?"
                #expect(entry["license"] is String, "\(id): no license")
                guard !unknown.contains(id) else { continue }
                let month = entry["released"] as? String ?? ""
                #expect(month.wholeMatch(of: /20[0-9]{2}-(0[1-9]|1[0-2])/) != nil, "\(id): released \(month)")
                #expect(entry["releasedSource"] is String || entry["sources"] is [String], "\(id): no source")
                checked += 1
            }
        }
        #expect(checked >= 170)
    }

    /// ollama.com lists each tag's download size (the GGUF blob) to two significant digits. Most differences beyond
    /// 4 % have known causes: vision models whose Ollama blob carries the vision tower too (Qwen2.5-VL, Qwen3-VL,
    /// Qwen3.5, Ministral 3, Mistral Small 3.1), Ollama's own conversions that keep a tied output matrix (Qwen3
    /// 0.6B/1.7B, Qwen1.5 1.8B: Qwen's llama.cpp-made GGUFs are the predicted size), old uploads quantized with
    /// earlier Q2_K/Q3_K recipes, and default tags whose quantization was inferred rather than printed.
    @Test("predicted file sizes agree with the sizes ollama.com lists for quantized tags: 85 % within 4 %")
    func ollamaPublishedSizes() throws {
        var ratios: [Double] = []
        for model in Self.catalog.models {
            guard let prepared = try? ModelAdvisor.prepare(model) else { continue }
            for tag in model.ollama {
                guard let name = tag.quantization, let published = tag.sizeGB, published > 0,
                    let type = QuantizationFileType(rawValue: name)
                else { continue }
                let spec = try ModelSpec.predicted(prepared: prepared, recipe: QuantizationRecipe(fileType: type))
                ratios.append(Double(spec.fileBytes) / 1e9 / published)
            }
        }
        let within = ratios.filter { abs($0 - 1) <= 0.04 }.count
        #expect(ratios.count >= 400)
        #expect(Double(within) >= 0.85 * Double(ratios.count), "\(within) of \(ratios.count) within 4 %")
        let median = ratios.sorted()[ratios.count / 2]
        #expect(abs(median - 1) <= 0.01, "median ratio \(median)")
    }

    @Test("Ollama download sizes are read with their unit, as ollama.com prints them")
    func ollamaSizes() {
        #expect(CatalogModel.gigabytes("4.9GB") == 4.9)
        #expect(CatalogModel.gigabytes("274MB") == 0.274)
        #expect(CatalogModel.gigabytes("1.2TB") == 1200)
        #expect(CatalogModel.gigabytes("40") == 40)
        #expect(CatalogModel.gigabytes("?") == nil)
        let nomic = Self.catalog.models.first { $0.id == "nomic-embed-text-v1.5" }
        #expect(nomic?.ollama.first { $0.tag == "nomic-embed-text:137m-v1.5-fp16" }?.sizeGB == 0.274)
    }

    @Test("embedding models get embedding commands: llama-server --embedding, Ollama's /api/embed")
    func embeddingCommands() throws {
        let advisor = ModelAdvisor(machine: try Self.machine(ram: 16 << 30, gpus: []))
        let model = try #require(Self.catalog.models.first { $0.id == "nomic-embed-text-v1.5" })
        let report = try advisor.check(model)
        let commands = try #require(report.commands)
        #expect(commands.llamaCpp.contains(" --embedding"))
        #expect(commands.ollama?.hasPrefix("ollama pull nomic-embed-text") == true)
        #expect(commands.ollama?.contains("/api/embed") == true)
        let chat = try advisor.check(try #require(Self.catalog.models.first { $0.id == "qwen3-0.6b" }))
        #expect(chat.commands?.llamaCpp.contains("--embedding") == false)
    }

    @Test("an unknown name gives suggestions")
    func suggestions() {
        guard case .notFound(let suggestions) = Self.catalog.find("lama-3.1-8b-instrct") else {
            Issue.record("expected suggestions")
            return
        }
        #expect(suggestions.contains { $0.id.hasPrefix("llama-3.1-8b") })
    }

    @Test("predicted GGUF sizes agree with the sizes published for real files within 2 %")
    func publishedSizes() throws {
        var compared = 0
        // mradermacher's README "Size/GB" column (qwen2.5-7b) reads 0.1–0.15 GB above the real files for every type
        // (Q4_K_M 4.8 where bartowski lists 4.68 GB for the same weights, which canirun predicts exactly): left out.
        for model in Self.catalog.models
        where !model.publishedGGUFSizes.isEmpty && model.id != "qwen2.5-7b" {
            guard (try? LayoutHyperparameters(config: model.config.value)) != nil else { continue }
            for (label, gigabytes) in model.publishedGGUFSizes {
                guard let type = QuantizationFileType(rawValue: label) else { continue }
                let spec = try ModelAdvisor.predictedSpec(model, fileType: type)
                let published = gigabytes * 1e9
                // Listed sizes are rounded to one or two decimals: allow that rounding on top of 2 %.
                let rounding = (gigabytes * 10).rounded() == gigabytes * 10 ? 0.05e9 : 0.005e9
                let error = abs(Double(spec.fileBytes) - published)
                #expect(error <= published * 0.02 + rounding, "\(model.id) \(label): \(spec.fileBytes) vs \(published)")
                compared += 1
            }
        }
        #expect(compared >= 10)
    }

    static func machine(ram: Int64, gpus: [String]) throws -> HardwareSnapshot {
        let base = HardwareSnapshot(
            source: "what-if", operatingSystem: OperatingSystemInfo(name: "linux"),
            cpu: CPUInfo(
                model: "test", vendor: "amd", architecture: "x86_64", sockets: 1, physicalCores: 8,
                logicalCores: 16, features: ["avx2", "fma", "f16c"]),
            memory: MemoryInfo(
                totalBytes: ram, availableBytes: ram, swapTotalBytes: 0, swapFreeBytes: 0, usableBytes: 0,
                reserveBytes: 0, reserveReason: ""),
            gpus: [], warnings: [])
        return try base.applying(HardwareOverrides(gpuNames: gpus.isEmpty ? ["none"] : gpus, ramBytes: ram))
    }

    @Test("check: a 7B model on a 24 GB GPU fits at Q8_0 with commands; nothing MLX off Apple Silicon")
    func checkOnRTX4090() throws {
        let machine = try Self.machine(ram: 32 << 30, gpus: ["RTX 4090"])
        guard case .found(let model, _) = Self.catalog.find("qwen2.5-7b-instruct") else {
            Issue.record("model missing")
            return
        }
        let report = try ModelAdvisor(machine: machine).check(model)
        #expect(report.recommended == "Q8_0")
        #expect(report.quantizations.count == ModelAdvisor.listedTypes.count)
        let q8 = try #require(report.quantizations.first { $0.name == "Q8_0" })
        #expect(q8.fit == .gpu)
        #expect(q8.maxContext == 32768)
        #expect(report.commands?.llamaCpp.contains("-hf bartowski/Qwen2.5-7B-Instruct-GGUF:Q8_0") == true)
        #expect(report.commands?.mlx == nil)
        #expect(report.commands?.vllm == nil)
    }

    @Test("check: a model too big for the machine gets no recommendation")
    func checkTooBig() throws {
        let machine = try Self.machine(ram: 8 << 30, gpus: [])
        guard case .found(let model, _) = Self.catalog.find("llama-3.3-70b-instruct") else {
            Issue.record("model missing")
            return
        }
        let report = try ModelAdvisor(machine: machine).check(model)
        #expect(report.recommended == nil)
        #expect(report.quantizations.allSatisfy { $0.fit == .none })
    }

    @Test("recommend on a 16 GB CPU-only machine ranks models that run from RAM")
    func recommendCPUOnly() throws {
        let machine = try Self.machine(ram: 16 << 30, gpus: [])
        let report = Recommender(machine: machine).recommend(useCase: nil, limit: 5)
        #expect(report.models.count == 5)
        #expect(report.models.allSatisfy { $0.fit == .cpu })
        #expect(report.models.allSatisfy { !$0.command.contains("mlx") })
        #expect(zip(report.models, report.models.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test(
        "the ranking's shortcuts change nothing: each model's pick equals check's recommendation, under its bound",
        arguments: [
            (16 << 30, [String]()), (32 << 30, ["RTX 4060"]), (64 << 30, ["RTX 4090"]), (8 << 30, [String]()),
            (64 << 30, [String]()), (16 << 30, ["RTX 3060"]),
        ])
    func rankingAgreesWithCheck(ram: Int64, gpus: [String]) throws {
        var machine = try Self.machine(ram: ram, gpus: gpus)
        if gpus.isEmpty {
            // A slow two-core machine, where most models decode under reading speed.
            machine.cpu.physicalCores = 2
            machine.cpu.logicalCores = 2
        }
        let recommender = Recommender(machine: machine, catalog: Self.catalog)
        let models = Self.catalog.models.filter { (try? LayoutHyperparameters(config: $0.config.value)) != nil }
        #expect(models.count > 100)
        for (index, model) in models.enumerated() where index % 7 == 0 || model.architecture == "gpt-oss" {
            let report = try ModelAdvisor(machine: machine).check(model)
            let picked = recommender.best(model)
            #expect(picked?.name == report.recommended, "\(model.id) on \(gpus): \(String(describing: picked?.name))")
            if let picked {
                let score = Recommender.score(model, picked)
                #expect(recommender.upperBound(model) >= score, "\(model.id): bound below its score \(score)")
            }
        }
    }

    @Test("the calculator: a 100 GB 16-bit model is 25 GB at 4 bits")
    func calculator() throws {
        let machine = try Self.machine(ram: 32 << 30, gpus: [])
        let report = QuantizationCalculator.report(
            parameters: 50_000_000_000, input: "100GB", machine: machine, model: nil)
        #expect(report.plainPrecisions.first { $0.name == "16-bit" }?.bytes == 100_000_000_000)
        #expect(report.plainPrecisions.first { $0.name == "4-bit" }?.bytes == 25_000_000_000)
        let q4 = try #require(report.ggufTypes.first { $0.name == "Q4_K_M" })
        #expect(q4.bitsPerWeight > 4.5 && q4.bitsPerWeight < 5.2)
        #expect(QuantizationCalculator.parameterCount("7B") == 7_000_000_000)
    }
}
