/// One GPU as `nvidia-smi --query-gpu=... --format=csv,noheader,nounits` reports it.
public struct NvidiaSMIGPU: Sendable, Equatable {
    public var index: Int
    public var name: String
    public var uuid: String?
    public var busID: String?
    /// `vendor:device` lower-case hex, from `pci.device_id` (`0x268410DE` → `10de:2684`).
    public var pciID: String?
    public var memoryTotalBytes: Int64?
    public var memoryUsedBytes: Int64?
    public var memoryFreeBytes: Int64?
    public var computeCapability: String?
    public var driverVersion: String?
}

public enum NvidiaSMIParser {
    /// The fields canirun asks for, in order.
    public static let fields = [
        "index", "name", "uuid", "pci.bus_id", "pci.device_id", "memory.total", "memory.used", "memory.free",
        "compute_cap", "driver_version",
    ]
    /// Drivers older than 510 do not know `compute_cap`; this query leaves it out.
    public static let legacyFields = fields.filter { $0 != "compute_cap" }

    public static func arguments(fields: [String]) -> [String] {
        ["--query-gpu=" + fields.joined(separator: ","), "--format=csv,noheader,nounits"]
    }

    /// Parses the CSV lines. Unknown values (`[N/A]`, `[Not Supported]`, `N/A`) become nil. Lines with the
    /// wrong number of fields are skipped and reported in `skippedLines`.
    public static func parse(_ text: String, fields: [String] = fields) -> (
        gpus: [NvidiaSMIGPU], skippedLines: [String]
    ) {
        var gpus: [NvidiaSMIGPU] = []
        var skipped: [String] = []
        for rawLine in text.lines() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            let values = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard values.count == fields.count else {
                skipped.append(line)
                continue
            }
            var record: [String: String] = [:]
            for (field, value) in zip(fields, values) where !isUnknown(value) { record[field] = value }
            guard let name = record["name"] else {
                skipped.append(line)
                continue
            }
            let index = record["index"].flatMap(Int.init) ?? gpus.count
            gpus.append(
                NvidiaSMIGPU(
                    index: index, name: name, uuid: record["uuid"], busID: record["pci.bus_id"].map(normalizeBusID),
                    pciID: record["pci.device_id"].flatMap(pciID(fromDeviceID:)),
                    memoryTotalBytes: record["memory.total"].flatMap(mebibytes),
                    memoryUsedBytes: record["memory.used"].flatMap(mebibytes),
                    memoryFreeBytes: record["memory.free"].flatMap(mebibytes),
                    computeCapability: record["compute_cap"], driverVersion: record["driver_version"]))
        }
        return (gpus, skipped)
    }

    /// True when stderr/stdout says a requested field is unknown to this driver.
    public static func isInvalidFieldError(_ text: String) -> Bool {
        text.contains("is not a valid field to query")
    }

    static func isUnknown(_ value: String) -> Bool {
        let lower = value.lowercased()
        return value.isEmpty || lower.hasPrefix("[n/a") || lower == "n/a" || lower.hasPrefix("[not supported")
            || lower == "not supported" || lower.hasPrefix("[unknown")
    }

    static func mebibytes(_ value: String) -> Int64? {
        guard let number = Double(value), number >= 0, number < 1e12 else { return nil }
        return Int64((number * 1_048_576).rounded())
    }

    /// `0x268410DE` is device 0x2684 of vendor 0x10DE.
    static func pciID(fromDeviceID value: String) -> String? {
        var hex = value.lowercased()
        if hex.hasPrefix("0x") { hex.removeFirst(2) }
        guard hex.count == 8, hex.allSatisfy(\.isHexDigit) else { return nil }
        let device = hex.prefix(4)
        let vendor = hex.suffix(4)
        return "\(vendor):\(device)"
    }

    /// nvidia-smi prints `00000000:01:00.0`; sysfs uses `0000:01:00.0`.
    static func normalizeBusID(_ value: String) -> String {
        let lower = value.lowercased()
        let parts = lower.split(separator: ":")
        guard parts.count == 3, parts[0].count == 8 else { return lower }
        return "\(parts[0].suffix(4)):\(parts[1]):\(parts[2])"
    }
}
