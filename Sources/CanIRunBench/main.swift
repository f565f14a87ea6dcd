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

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.first else {
    print("usage: canirun-bench MODEL.gguf")
    exit(64)
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
