import Foundation

/// What-if changes to a machine: other GPUs, other amounts of memory, another core count.
public struct HardwareOverrides: Sendable, Equatable {
    /// GPU names from the database, or `none` for a machine without GPUs. Empty: keep the GPUs as they are.
    public var gpuNames: [String] = []
    public var vramBytes: Int64?
    public var ramBytes: Int64?
    public var cpuCores: Int?

    public init(gpuNames: [String] = [], vramBytes: Int64? = nil, ramBytes: Int64? = nil, cpuCores: Int? = nil) {
        self.gpuNames = gpuNames
        self.vramBytes = vramBytes
        self.ramBytes = ramBytes
        self.cpuCores = cpuCores
    }

    public var isEmpty: Bool { gpuNames.isEmpty && vramBytes == nil && ramBytes == nil && cpuCores == nil }
}

public enum HardwareOverrideError: Error, Equatable, LocalizedError {
    case unknownGPU(name: String, suggestions: [String])
    case invalidSnapshot(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .unknownGPU(let name, let suggestions):
            let hint = suggestions.isEmpty ? "" : " Did you mean: \(suggestions.joined(separator: ", "))?"
            return "Unknown GPU '\(name)'.\(hint) See `canirun gpus` for the list."
        case .invalidSnapshot(let path, let reason):
            return
                "Cannot read the machine file \(path): \(reason). Save one with `canirun system --json > machine.json`."
        }
    }
}

extension HardwareSnapshot {
    /// Loads a saved `canirun system --json`.
    public static func load(jsonData: Data, path: String) throws -> HardwareSnapshot {
        do {
            var snapshot = try JSONDecoder().decode(HardwareSnapshot.self, from: jsonData)
            guard snapshot.schemaVersion <= currentSchemaVersion else {
                throw HardwareOverrideError.invalidSnapshot(
                    path: path, reason: "schema version \(snapshot.schemaVersion) is newer than this canirun")
            }
            snapshot.source = "file"
            return snapshot
        } catch let error as HardwareOverrideError {
            throw error
        } catch let error as DecodingError {
            throw HardwareOverrideError.invalidSnapshot(path: path, reason: error.readableDescription)
        }
    }

    /// This machine with the what-if changes applied.
    public func applying(_ overrides: HardwareOverrides, database suppliedDatabase: GPUDatabase? = nil) throws
        -> HardwareSnapshot
    {
        guard !overrides.isEmpty else { return self }
        let database = suppliedDatabase ?? .embedded
        var result = self
        result.source = "what-if"
        var notes: [String] = []
        if let ram = overrides.ramBytes {
            result.memory = MemoryInfo(
                totalBytes: ram, availableBytes: ram, swapTotalBytes: 0, swapFreeBytes: 0, usableBytes: 0,
                reserveBytes: 0, reserveReason: "")
            MemoryBudget.applyRAMBudget(&result.memory)
            notes.append("RAM set to \(ByteCount(ram))")
        }
        if let cores = overrides.cpuCores {
            result.cpu.physicalCores = cores
            result.cpu.logicalCores = cores
            result.cpu.performanceCores = nil
            result.cpu.efficiencyCores = nil
            notes.append("\(cores) CPU cores")
        }
        let names = overrides.gpuNames
        if names.map({ $0.lowercased() }) == ["none"] {
            result.gpus = []
            notes.append("no GPU")
        } else if !names.isEmpty {
            result.gpus = try names.enumerated().map { index, name in
                guard let spec = database.match(name: name) else {
                    throw HardwareOverrideError.unknownGPU(
                        name: name, suggestions: database.suggestions(for: name, limit: 3).map(\.name))
                }
                return Self.whatIfGPU(spec: spec, index: index, vramBytes: overrides.vramBytes, memory: result.memory)
            }
            notes.append("GPU " + result.gpus.map(\.name).joined(separator: " + "))
        } else if let vram = overrides.vramBytes {
            if result.gpus.isEmpty {
                result.gpus = [
                    GPUDevice(
                        index: 0, name: "GPU (what-if)", vendor: .unknown, backend: .vulkan, memoryTotalBytes: vram,
                        memoryFreeBytes: vram, unifiedMemory: false)
                ]
            } else {
                for index in result.gpus.indices {
                    result.gpus[index].memoryTotalBytes = vram
                    result.gpus[index].memoryFreeBytes = vram
                }
            }
            notes.append("VRAM set to \(ByteCount(vram))")
        }
        for index in result.gpus.indices {
            if result.gpus[index].unifiedMemory, overrides.ramBytes != nil, overrides.gpuNames.isEmpty {
                result.gpus[index].memoryFreeBytes = min(
                    result.gpus[index].memoryTotalBytes, result.memory.availableBytes)
            }
            MemoryBudget.applyGPUBudget(&result.gpus[index], memory: result.memory)
        }
        result.warnings = ["what-if machine: " + notes.joined(separator: ", ")]
        return result
    }

    static func whatIfGPU(spec: GPUSpec, index: Int, vramBytes: Int64?, memory: MemoryInfo) -> GPUDevice {
        let total: Int64
        if spec.unifiedMemory {
            total =
                vramBytes
                ?? (spec.vendor == .apple
                    ? DarwinSnapshotBuilder.defaultWorkingSet(totalBytes: memory.totalBytes) : memory.totalBytes)
        } else {
            total = vramBytes ?? spec.largestMemoryBytes ?? 0
        }
        let backend: GPUBackend =
            switch spec.vendor {
            case .nvidia: .cuda
            case .amd: .rocm
            case .intel: .sycl
            case .apple: .metal
            case .unknown: .vulkan
            }
        return GPUDevice(
            index: index, name: spec.name, vendor: spec.vendor, backend: backend, memoryTotalBytes: total,
            memoryFreeBytes: spec.unifiedMemory ? min(total, memory.availableBytes) : total,
            memoryBandwidthBytesPerSecond: spec.memoryBandwidthBytesPerSecond, unifiedMemory: spec.unifiedMemory,
            computeCapability: spec.computeCapability, databaseID: spec.id, fp16TFLOPS: spec.fp16TFLOPS,
            gpuCores: spec.vendor == .apple ? spec.gpuCores : nil)
    }
}

extension DecodingError {
    /// "at gpus[0].memoryTotalBytes: expected Int64" style text with the JSON path.
    public var readableDescription: String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? "." + key.stringValue }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "(top level)" : text)
        }
        switch self {
        case .typeMismatch(let type, let context):
            return "at \(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "at \(path(context.codingPath)): missing \(type) value"
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath + [key])): required key missing"
        case .dataCorrupted(let context):
            var detail = context.debugDescription
            while detail.hasSuffix(".") { detail.removeLast() }
            return "at \(path(context.codingPath)): \(detail)"
        @unknown default:
            return "\(self)"
        }
    }
}
