import Foundation

/// One GPU or accelerator model in canirun's database (`Data/gpus.json`, embedded in the binary).
public struct GPUSpec: Codable, Sendable, Equatable {
    public var id: String
    public var vendor: GPUVendor
    public var name: String
    public var aliases: [String]
    /// PCI device ids of this vendor, `0x2684` style.
    public var pciDeviceIDs: [String]
    public var memorySizesGiB: [Double]
    public var memoryType: String?
    public var memoryBusBits: Int?
    /// Peak memory bandwidth, decimal GB/s.
    public var memoryBandwidthGBps: Double?
    /// Dense FP16 matrix throughput.
    public var fp16TFLOPS: Double?
    public var fp32TFLOPS: Double?
    public var int8TOPS: Double?
    public var architecture: String?
    public var computeCapability: String?
    public var gpuCores: Int?
    /// `desktop`, `laptop`, `workstation`, `datacenter`, `integrated` or `soc`.
    public var formFactor: String
    public var unifiedMemory: Bool
    public var released: String?
    public var source: String

    public var memoryBandwidthBytesPerSecond: Int64? {
        memoryBandwidthGBps.map { Int64(($0 * 1e9).rounded()) }
    }

    /// The largest memory size offered, in bytes.
    public var largestMemoryBytes: Int64? {
        memorySizesGiB.max().map { Int64(($0 * 1_073_741_824).rounded()) }
    }
}

/// The GPU database: lookup by PCI id and by the names people and drivers use.
public struct GPUDatabase: Sendable {
    public let entries: [GPUSpec]
    private let byPCIID: [String: [Int]]
    private let byNormalizedName: [String: Int]

    public init(entries: [GPUSpec]) {
        self.entries = entries
        var pci: [String: [Int]] = [:]
        var names: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let vendorHex = entry.vendor.pciVendorID
            for device in entry.pciDeviceIDs {
                if let vendorHex, let normalized = DRMDeviceParser.parseHexID(device) {
                    pci["\(vendorHex):\(normalized)", default: []].append(index)
                }
            }
            for name in [entry.name, entry.id] + entry.aliases {
                let key = Self.normalize(name)
                if names[key] == nil { names[key] = index }
            }
        }
        byPCIID = pci
        byNormalizedName = names
    }

    struct File: Decodable {
        var schemaVersion: Int
        var gpus: [GPUSpec]
    }

    public init(jsonData: Data) throws {
        let file = try JSONDecoder().decode(File.self, from: jsonData)
        self.init(entries: file.gpus)
    }

    /// The database shipped inside canirun.
    public static let embedded: GPUDatabase = {
        do {
            return try GPUDatabase(jsonData: Data(EmbeddedData.gpusJSON.utf8))
        } catch {
            // The embedded file is validated by the test suite; an empty database keeps the tool usable.
            return GPUDatabase(entries: [])
        }
    }()

    /// The entry for a PCI id. Some ids cover several products (AMD's 0x744c is the 7900 XT, XTX and GRE):
    /// then the name the driver gave, or else the memory size, picks among them.
    public func entry(pciID: String, name: String? = nil, memoryBytes: Int64? = nil) -> GPUSpec? {
        guard let indices = byPCIID[pciID.lowercased()], let first = indices.first else { return nil }
        if indices.count == 1 { return entries[first] }
        let candidates = indices.map { entries[$0] }
        if let name, let named = match(name: name), candidates.contains(named) { return named }
        if let memoryBytes {
            let gib = Double(memoryBytes) / 1_073_741_824
            let closest = candidates.min { a, b in
                let da = a.memorySizesGiB.map { abs($0 - gib) }.min() ?? .infinity
                let db = b.memorySizesGiB.map { abs($0 - gib) }.min() ?? .infinity
                return da < db
            }
            if let closest { return closest }
        }
        return entries[first]
    }

    public func entry(id: String) -> GPUSpec? {
        entries.first { $0.id == id }
    }

    /// The entry whose name or alias matches exactly (ignoring case, punctuation and vendor words),
    /// or else the one whose words all appear in the query with the most words matched.
    public func match(name: String) -> GPUSpec? {
        let key = Self.normalize(name)
        if let index = byNormalizedName[key] { return entries[index] }
        let queryWords = Set(key.split(separator: " ").map(String.init))
        guard !queryWords.isEmpty else { return nil }
        var best: (index: Int, words: Int, extra: Int)?
        for (index, entry) in entries.enumerated() {
            for candidate in [entry.name] + entry.aliases {
                let words = Set(Self.normalize(candidate).split(separator: " ").map(String.init))
                guard !words.isEmpty, words.isSubset(of: queryWords) else { continue }
                let extra = queryWords.subtracting(words).count
                if let current = best,
                    words.count < current.words || (words.count == current.words && extra >= current.extra)
                {
                    continue
                }
                best = (index, words.count, extra)
            }
        }
        // A query with words the entry lacks ("laptop", "ti", "super") must not match the plain card.
        guard let best, best.extra == 0 || !queryWords.contains(where: Self.distinguishingWords.contains)
        else { return nil }
        return entries[best.index]
    }

    /// Words that change which card a name means; a name with one of these never matches an entry without it.
    static let distinguishingWords: Set<String> = ["laptop", "mobile", "max-q", "ti", "super", "xt", "xtx", "gre"]

    /// Up to `limit` entries whose names are closest to `name`, for "did you mean" suggestions.
    public func suggestions(for name: String, limit: Int = 5) -> [GPUSpec] {
        let key = Self.normalize(name)
        let scored = entries.map { entry -> (GPUSpec, Int) in
            let distances = ([entry.name, entry.id] + entry.aliases).map {
                FuzzyMatch.distance(key, Self.normalize($0))
            }
            return (entry, distances.min() ?? Int.max)
        }
        return scored.sorted { $0.1 < $1.1 }.prefix(limit).map(\.0)
    }

    static let brandWords: Set<String> = [
        "nvidia", "geforce", "amd", "radeon", "intel", "apple", "(tm)", "(r)", "graphics",
    ]

    /// Lower-case words with vendor brand words removed: `NVIDIA GeForce RTX 4090` → `rtx 4090`.
    static func normalize(_ name: String) -> String {
        let lower = name.lowercased()
        var cleaned = ""
        if lower.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII names (the usual case): among ASCII characters only a-z and 0-9 are letters or numbers.
            cleaned = String(
                decoding: lower.utf8.map { byte in
                    (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x2E
                        ? byte : 0x20
                }, as: UTF8.self)
        } else {
            for character in lower {
                if character.isLetter || character.isNumber || character == "-" || character == "." {
                    cleaned.append(character)
                } else {
                    cleaned.append(" ")
                }
            }
        }
        return cleaned.split(separator: " ").map(String.init).filter { !Self.brandWords.contains($0) }.joined(
            separator: " ")
    }
}

extension GPUVendor {
    /// PCI vendor id in lower-case hex.
    public var pciVendorID: String? {
        switch self {
        case .nvidia: "10de"
        case .amd: "1002"
        case .intel: "8086"
        case .apple, .unknown: nil
        }
    }

    public init(pciVendorID: String) {
        switch pciVendorID.lowercased() {
        case "10de": self = .nvidia
        case "1002": self = .amd
        case "8086": self = .intel
        default: self = .unknown
        }
    }
}
