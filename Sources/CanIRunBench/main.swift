import CanIRunCore
import Foundation

// In-process micro-benchmarks: `canirun-bench MODEL.gguf` prints a Markdown table of median timings.
// See bench/README.md for the numbers and how they were taken.

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func measure(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        samples.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
    }
    return median(samples)
}

/// A GGUF metadata value as plain JSON (numbers, booleans, strings, arrays of them).
func plainJSON(_ value: GGUFValue) -> Any {
    switch value {
    case .uint8(let v): Int(v)
    case .int8(let v): Int(v)
    case .uint16(let v): Int(v)
    case .int16(let v): Int(v)
    case .uint32(let v): Int(v)
    case .int32(let v): Int(v)
    case .uint64(let v): Int(clamping: v)
    case .int64(let v): Int(v)
    case .float32(let v): Double(v)
    case .float64(let v): v
    case .bool(let v): v
    case .string(let v): v
    case .array(_, _, let values): (values ?? []).map(plainJSON)
    }
}

/// `canirun-bench layout CONFIG.json [FILETYPE ...]`: the tensors (F16) and architecture keys canirun predicts for
/// a converted config.json, and the recipe's type for each tensor at the file types named, as JSON, for
/// bench/llama-memory/check_layouts.py to write a GGUF that llama.cpp loads and quantizes.
func printLayout(configPath: String, fileTypes: [String]) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: configPath))
    guard let config = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw LayoutError.missingKey("config object")
    }
    let layout = try LayoutHyperparameters(config: config)
    let extras = PredictionExtras(config: config)
    let tensors = try GGUFTensorLayout.tensors(for: layout)
    let recipe = QuantizationRecipe(fileType: .f16)
    let spec = try ModelSpec.predicted(layout: layout, extras: extras, recipe: recipe)
    let metadata = ModelSpec.predictedMetadata(layout, extras: extras, fileType: .f16)
    // The types llama-quantize's recipe gives each tensor for the file types asked (Q4_K_M, Q8_0 ...).
    var planned: [String: [String: String]] = [:]
    for label in fileTypes {
        guard let fileType = QuantizationFileType(rawValue: label) else { throw LayoutError.missingKey(label) }
        let recipe = QuantizationRecipe(fileType: fileType)
        let typed = try ModelSpec.predicted(layout: layout, extras: extras, recipe: recipe)
        planned[label] = Dictionary(uniqueKeysWithValues: typed.tensors.map { ($0.name, $0.type.name) })
    }
    let object: [String: Any] = [
        "planned": planned,
        "architecture": layout.architecture, "vocabSize": layout.vocabSize,
        "predictedFileBytes": Int(spec.fileBytes), "predictedTensorBytes": Int(spec.tensorDataBytes),
        "metadata": metadata.mapValues(plainJSON),
        "tensors": tensors.map { ["name": $0.name, "dims": $0.dimensions.map { Int($0) }, "type": $0.type.name] },
    ]
    let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    FileHandle.standardOutput.write(json)
}

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.first else {
    print("usage: canirun-bench MODEL.gguf | canirun-bench layout CONFIG.json [FILETYPE ...]")
    exit(64)
}
if path == "layout" {
    do {
        let configPath = arguments.dropFirst().first ?? "config.json"
        try printLayout(configPath: configPath, fileTypes: Array(arguments.dropFirst(2)))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("canirun-bench: \(error)\n".utf8))
        exit(1)
    }
}

do {
    let file = try ModelFileLoader.readGGUF(path: path)
    let spec = ModelSpec(gguf: file)
    let settings = RunSettings(contextLength: 8192)
    let base = LinuxHardwareProbe().probe()
    let machine = try base.applying(HardwareOverrides(gpuNames: ["RTX 4060"], ramBytes: 32 << 30))

    let parse = try measure(50) { _ = try ModelFileLoader.readGGUF(path: path) }
    let derive = measure(200) { _ = ModelSpec(gguf: file) }
    let estimate = try measure(2000) {
        _ = try MemoryEstimator().estimate(model: spec, settings: settings, target: .cpuOnlyAVX2)
    }
    let plan = try measure(100) {
        _ = try PlacementPlanner().plan(model: spec, settings: RunSettings(), machine: machine)
    }
    let probe = measure(50) { _ = LinuxHardwareProbe().probe() }
    let memory = try MemoryEstimator().estimate(
        model: spec, settings: settings, target: EstimateTarget(machine: machine))
    let speed = measure(2000) {
        _ = SpeedEstimator().estimate(model: spec, memory: memory, machine: machine, context: 4096)
    }
    let catalogDecode = measure(10) { _ = ModelCatalog.decodeEmbedded() }
    _ = ModelCatalog.embedded
    let lesson = measure(20) { _ = Lesson.make(machine: machine) }
    print("| measurement (\((path as NSString).lastPathComponent), \(file.tensors.count) tensors) | median |")
    print("|---|---|")
    print(
        "| read GGUF header (\(ByteCount(file.bytesRead)) read) | \(formatFixed(parse / 1000, fractionDigits: 2)) ms |")
    print("| derive ModelSpec | \(formatFixed(derive, fractionDigits: 1)) µs |")
    print("| one memory estimate | \(formatFixed(estimate, fractionDigits: 1)) µs |")
    print(
        "| auto placement with context search (RTX 4060 what-if) | \(formatFixed(plan / 1000, fractionDigits: 2)) ms |")
    print("| hardware probe (this machine) | \(formatFixed(probe / 1000, fractionDigits: 2)) ms |")
    print(
        "| one speed prediction (RTX 4060 what-if, all layers offloaded) | \(formatFixed(speed, fractionDigits: 1)) µs |"
    )
    print(
        "| decode the embedded model catalog (\(ModelCatalog.embedded.models.count) entries) | "
            + "\(formatFixed(catalogDecode / 1000, fractionDigits: 2)) ms |")
    print(
        "| the explain lesson, catalog decoded (RTX 4060 what-if) | \(formatFixed(lesson / 1000, fractionDigits: 2)) ms |"
    )
} catch {
    print("canirun-bench: \(error.localizedDescription)")
    exit(1)
}
