import Foundation

/// `canirun scan`: the models already on this machine's disk, judged against it.
public struct ScanReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public struct Entry: Codable, Sendable, Equatable {
        public var name: String
        public var path: String
        public var store: String
        /// `GGUF` or `safetensors`.
        public var format: String?
        public var architecture: String?
        public var quantization: String?
        public var fileBytes: Int64
        public var parameters: UInt64?
        public var fit: FitVerdict?
        public var gpuLayers: Int?
        public var totalLayers: Int?
        public var maxContext: Int?
        public var speed: SpeedEstimate?
        /// The same file found earlier in the list (another store, or a copy).
        public var duplicateOf: String?
        public var error: String?
    }

    public var schemaVersion: Int
    public var stores: [ModelStore]
    public var models: [Entry]
    public var totalBytes: Int64
    /// Bytes taken by second copies of the same model file.
    public var duplicateBytes: Int64
}

public enum ModelScanner {
    /// Reads every found model's header and plans it on the machine, spread over the cores.
    public static func scan(stores: [ModelStore], found: [FoundModel], machine: HardwareSnapshot) -> ScanReport {
        let slots = ResultSlots<(ScanReport.Entry, String?)>(count: found.count)
        // A few workers, each taking every n-th model with one read buffer reused from file to file.
        let workers = min(found.count, max(1, ProcessInfo.processInfo.activeProcessorCount * 2))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let scratch = ReadScratch()
            for index in stride(from: worker, to: found.count, by: workers) {
                slots.set(index, judge(found[index], machine: machine, scratch: scratch))
            }
        }
        var entries: [ScanReport.Entry] = []
        var seen: [String: String] = [:]
        var total: Int64 = 0
        var duplicates: Int64 = 0
        for case let (entry, identity)? in slots.values {
            var entry = entry
            total += entry.fileBytes
            if let identity {
                if let first = seen[identity] {
                    entry.duplicateOf = first
                    duplicates += entry.fileBytes
                } else {
                    seen[identity] = entry.path
                }
            }
            entries.append(entry)
        }
        return ScanReport(
            schemaVersion: ScanReport.currentSchemaVersion, stores: stores, models: entries, totalBytes: total,
            duplicateBytes: duplicates)
    }

    /// One model: its header, its placement, and an identity for finding copies (the same size, tensor count,
    /// parameter count, architecture and file type: the same converted file).
    static func judge(_ model: FoundModel, machine: HardwareSnapshot, scratch: ReadScratch? = nil) -> (
        ScanReport.Entry, String?
    ) {
        var entry = ScanReport.Entry(
            name: model.name, path: model.path, store: model.store, format: nil, architecture: nil, quantization: nil,
            fileBytes: 0, parameters: nil, fit: nil, gpuLayers: nil, totalLayers: nil, maxContext: nil, speed: nil,
            duplicateOf: nil, error: nil)
        do {
            let spec = try ModelFileLoader.loadSpec(path: model.path, scratch: scratch)
            entry.format = spec.format
            entry.architecture = spec.architecture
            entry.quantization = spec.fileType ?? spec.tensorTypes.max { $0.value.bytes < $1.value.bytes }?.key
            entry.fileBytes = Int64(spec.fileBytes)
            entry.parameters = spec.parameterCount
            if spec.format == "GGUF" {
                let placement = try PlacementPlanner().plan(model: spec, settings: RunSettings(), machine: machine)
                entry.fit = placement.verdict
                entry.gpuLayers = placement.gpuLayers
                entry.totalLayers = placement.totalLayers
                entry.maxContext = placement.verdict == .none ? 0 : placement.contextLength
                if placement.verdict != .none {
                    entry.speed = PlacementSpeed.speed(model: spec, memory: placement.estimate, machine: machine)
                }
            }
            let identity =
                "\(spec.fileBytes)-\(spec.tensorCount)-\(spec.parameterCount)-\(spec.architecture)-\(spec.fileType ?? "")"
            return (entry, identity)
        } catch {
            entry.error = error.localizedDescription
            if let size = (try? FileManager.default.attributesOfItem(atPath: model.path))?[.size] as? NSNumber {
                entry.fileBytes = size.int64Value
            }
            return (entry, nil)
        }
    }
}
