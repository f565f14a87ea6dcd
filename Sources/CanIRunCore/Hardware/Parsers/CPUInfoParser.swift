/// What `/proc/cpuinfo` says about the CPU, before the probe adds topology from sysfs.
public struct ParsedCPUInfo: Sendable, Equatable {
    public var model: String?
    public var vendorID: String?
    /// Arm: `CPU implementer` (e.g. `0x41`) and `CPU part` of the first processor.
    public var armImplementer: String?
    public var armPart: String?
    /// Arm: the `CPU part` of every processor, in order (big.LITTLE chips mix parts).
    public var armPartsByProcessor: [String] = []
    public var logicalCount: Int
    /// Distinct `physical id` values (sockets); nil when the file has none (most Arm kernels).
    public var socketCount: Int?
    /// Distinct (`physical id`, `core id`) pairs; nil when the file has no `core id` lines.
    public var physicalCoreCount: Int?
    /// processor number → (physical id, core id), for splitting hybrid CPUs into core types.
    public var coreIdentity: [Int: CoreIdentity]
    /// The raw flag words (`flags` on x86, `Features` on Arm) of the first processor.
    public var rawFlags: Set<String>
    /// `cpu MHz` of the first processor (x86 kernels print it).
    public var frequencyMHz: Double? = nil

    public struct CoreIdentity: Sendable, Equatable, Hashable {
        public var physicalID: Int
        public var coreID: Int
    }
}

/// Parses Linux `/proc/cpuinfo` for x86 and Arm.
public enum CPUInfoParser {
    public static func parse(_ text: String) -> ParsedCPUInfo {
        var result = ParsedCPUInfo(
            model: nil, vendorID: nil, armImplementer: nil, armPart: nil, logicalCount: 0, socketCount: nil,
            physicalCoreCount: nil, coreIdentity: [:], rawFlags: [])
        var sockets = Set<Int>()
        var cores = Set<ParsedCPUInfo.CoreIdentity>()
        var currentProcessor: Int?
        var currentPhysicalID: Int?
        var currentCoreID: Int?
        var sawFlags = false

        func finishProcessor() {
            if let processor = currentProcessor, let core = currentCoreID {
                let identity = ParsedCPUInfo.CoreIdentity(physicalID: currentPhysicalID ?? 0, coreID: core)
                cores.insert(identity)
                result.coreIdentity[processor] = identity
            }
            if let physical = currentPhysicalID { sockets.insert(physical) }
            currentProcessor = nil
            currentPhysicalID = nil
            currentCoreID = nil
        }

        for line in text.lines() {
            guard let (key, value) = String(line).splitKeyValue(separator: ":") else { continue }
            switch key {
            case "processor":
                finishProcessor()
                if let number = Int(value) {
                    currentProcessor = number
                    result.logicalCount += 1
                }
            case "model name", "Model Name", "cpu model":
                if result.model == nil, !value.isEmpty { result.model = value }
            case "Hardware":
                if result.model == nil, !value.isEmpty { result.model = value }
            case "vendor_id":
                if result.vendorID == nil { result.vendorID = value }
            case "CPU implementer":
                if result.armImplementer == nil { result.armImplementer = value.lowercased() }
            case "CPU part":
                if result.armPart == nil { result.armPart = value.lowercased() }
                result.armPartsByProcessor.append(value.lowercased())
            case "physical id":
                currentPhysicalID = Int(value)
            case "core id":
                currentCoreID = Int(value)
            case "cpu MHz":
                if result.frequencyMHz == nil, let value = Double(value), value > 0, value < 20_000 {
                    result.frequencyMHz = value
                }
            case "flags", "Features":
                if !sawFlags {
                    sawFlags = true
                    result.rawFlags = Set(value.split(separator: " ").map { String($0).lowercased() })
                }
            default:
                break
            }
        }
        finishProcessor()
        if !sockets.isEmpty { result.socketCount = sockets.count }
        if !cores.isEmpty { result.physicalCoreCount = cores.count }
        return result
    }

    /// The features inference engines use, in a fixed order, from raw `/proc/cpuinfo` flag words.
    /// Arm spells dot product `asimddp`; canirun reports it as `dotprod` (and `asimd` also as `neon`).
    public static func inferenceFeatures(from rawFlags: Set<String>, architecture: String) -> [String] {
        if architecture == "arm64" {
            var features: [String] = []
            if rawFlags.contains("asimd") {
                features.append("asimd")
                features.append("neon")
            }
            if rawFlags.contains("asimdhp") || rawFlags.contains("fphp") { features.append("fp16") }
            if rawFlags.contains("asimddp") { features.append("dotprod") }
            for name in ["i8mm", "bf16", "sve", "sve2", "sme", "sme2"] where rawFlags.contains(name) {
                features.append(name)
            }
            return features
        }
        let x86Order = [
            "sse3", "pni", "ssse3", "sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl",
            "avx512dq", "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile", "amx_int8", "amx_bf16",
        ]
        // The kernel calls SSE3 `pni` (Prescott New Instructions).
        return x86Order.filter { rawFlags.contains($0) }.map { $0 == "pni" ? "sse3" : $0 }
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    /// `GenuineIntel` → `intel`, `AuthenticAMD` → `amd`, Arm implementer codes → their companies.
    public static func vendorName(vendorID: String?, armImplementer: String?) -> String {
        switch vendorID {
        case "GenuineIntel": return "intel"
        case "AuthenticAMD", "HygonGenuine": return vendorID == "AuthenticAMD" ? "amd" : "hygon"
        default: break
        }
        switch armImplementer {
        case "0x41": return "arm"
        case "0x61": return "apple"
        case "0xc0": return "ampere"
        case "0x4e": return "nvidia"
        case "0x51": return "qualcomm"
        case "0x48": return "hisilicon"
        case "0x46": return "fujitsu"
        case "0x43": return "cavium"
        default: return "unknown"
        }
    }

    /// Names of common Arm cores by (implementer, part), for kernels whose cpuinfo has no model name.
    /// Source: the Linux kernel's arch/arm64/include/asm/cputype.h part numbers.
    public static func armCoreName(implementer: String?, part: String?) -> String? {
        guard let implementer, let part else { return nil }
        let table: [String: String] = [
            "0x41:0xd03": "Arm Cortex-A53", "0x41:0xd05": "Arm Cortex-A55", "0x41:0xd08": "Arm Cortex-A72",
            "0x41:0xd0b": "Arm Cortex-A76", "0x41:0xd0c": "Arm Neoverse-N1", "0x41:0xd40": "Arm Neoverse-V1",
            "0x41:0xd41": "Arm Cortex-A78", "0x41:0xd42": "Arm Cortex-A78AE", "0x41:0xd44": "Arm Cortex-X1",
            "0x41:0xd46": "Arm Cortex-A510", "0x41:0xd47": "Arm Cortex-A710", "0x41:0xd48": "Arm Cortex-X2",
            "0x41:0xd49": "Arm Neoverse-N2", "0x41:0xd4f": "Arm Neoverse-V2", "0x41:0xd4d": "Arm Cortex-A715",
            "0x41:0xd4e": "Arm Cortex-X3", "0x41:0xd80": "Arm Cortex-A520", "0x41:0xd81": "Arm Cortex-A720",
            "0x41:0xd82": "Arm Cortex-X4", "0x41:0xd84": "Arm Neoverse-V3", "0x41:0xd85": "Arm Cortex-X925",
            "0x41:0xd87": "Arm Cortex-A725", "0x41:0xd8e": "Arm Neoverse-N3",
            "0xc0:0xac3": "Ampere-1", "0xc0:0xac4": "Ampere-1a", "0x3f:0x000": "Ampere Altra",
            "0x61:0x022": "Apple M1 (Icestorm)", "0x61:0x023": "Apple M1 (Firestorm)",
        ]
        return table["\(implementer):\(part)"]
    }
}

extension CPUInfoParser {
    /// Arm cores ranked by how fast a core is, from the Arm part numbers (cputype.h): X-series above the
    /// A7xx "big" cores above the A5xx "little" cores. Unknown parts rank in the middle.
    static func armCoreRank(part: String) -> Int {
        switch part {
        case "0xd44", "0xd48", "0xd4e", "0xd82", "0xd85": return 3  // Cortex-X1, X2, X3, X4, X925
        case "0xd03", "0xd05", "0xd46", "0xd80": return 1  // Cortex-A53, A55, A510, A520
        default: return 2
        }
    }

    /// Performance and efficiency cores of a chip that mixes core types: the fastest type counts as
    /// performance, every other as efficiency. nil when all cores are of one type.
    public static func armCoreTypeSplit(parts: [String]) -> (Int?, Int?) {
        guard Set(parts).count > 1 else { return (nil, nil) }
        let ranks = parts.map(armCoreRank)
        guard let top = ranks.max(), Set(ranks).count > 1 else { return (nil, nil) }
        let performance = ranks.filter { $0 == top }.count
        return (performance, parts.count - performance)
    }
}

/// Parses Linux CPU list syntax (`0-7,16-23`) into CPU numbers.
public enum CPUListParser {
    public static func parse(_ text: String) -> [Int] {
        var numbers: [Int] = []
        for part in text.trimmingWhitespace().split(separator: ",") {
            let bounds = part.split(separator: "-")
            if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high,
                high - low < 65_536
            {
                numbers.append(contentsOf: low...high)
            } else if bounds.count == 1, let single = Int(bounds[0]) {
                numbers.append(single)
            }
        }
        return numbers
    }
}
