/// One display/compute device under `/sys/class/drm/cardN/device`, as read from sysfs text files.
public struct DRMDevice: Sendable, Equatable {
    public var card: String
    /// Lower-case hex without `0x`: `1002` AMD, `10de` NVIDIA, `8086` Intel.
    public var vendorID: String
    public var deviceID: String
    public var driver: String?
    public var busID: String?
    public var productName: String?
    public var vramTotalBytes: Int64?
    public var vramUsedBytes: Int64?
    public var gttTotalBytes: Int64?
    public var gttUsedBytes: Int64?

    public var pciID: String { "\(vendorID):\(deviceID)" }
}

public enum DRMDeviceParser {
    /// `0x1002\n` → `1002`.
    public static func parseHexID(_ text: String) -> String? {
        var value = text.trimmingWhitespace().lowercased()
        if value.hasPrefix("0x") { value.removeFirst(2) }
        guard !value.isEmpty, value.count <= 8, value.allSatisfy(\.isHexDigit) else { return nil }
        while value.count < 4 { value = "0" + value }
        return value
    }

    /// A sysfs byte count such as `mem_info_vram_total`.
    public static func parseBytes(_ text: String) -> Int64? {
        guard let value = Int64(text.trimmingWhitespace()), value >= 0 else { return nil }
        return value
    }

    /// A size written in decimal, or in hex with a `0x` prefix.
    public static func parseSizeDecimalOrHex(_ text: String) -> Int64? {
        let trimmed = text.trimmingWhitespace().lowercased()
        if trimmed.hasPrefix("0x") { return Int64(trimmed.dropFirst(2), radix: 16).flatMap { $0 >= 0 ? $0 : nil } }
        return parseBytes(trimmed)
    }

    /// What a device's `uevent` file says: `DRIVER=amdgpu`, `PCI_SLOT_NAME=0000:03:00.0`, `PCI_ID=8086:56A5`.
    public struct Uevent: Sendable, Equatable {
        public var driver: String?
        public var busID: String?
        public var vendorID: String?
        public var deviceID: String?
    }

    public static func parseUevent(_ text: String) -> Uevent {
        var result = Uevent()
        for line in text.lines() {
            guard let (key, value) = String(line).splitKeyValue(separator: "=") else { continue }
            switch key {
            case "DRIVER": result.driver = value
            case "PCI_SLOT_NAME": result.busID = value.lowercased()
            case "PCI_ID":
                let parts = value.split(separator: ":")
                if parts.count == 2 {
                    result.vendorID = parseHexID(String(parts[0]))
                    result.deviceID = parseHexID(String(parts[1]))
                }
            default: break
            }
        }
        return result
    }

    /// Vendors whose DRM devices are GPUs people could run models on. Virtual and BMC display adapters
    /// (virtio, QXL, VMware, ASPEED, Matrox) are left out.
    public static let computeVendors: Set<String> = ["1002", "10de", "8086"]
}
