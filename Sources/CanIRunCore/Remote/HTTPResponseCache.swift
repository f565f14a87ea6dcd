import Foundation

/// Successful responses kept on disk, so a second look at the same model costs no network and works offline.
///
/// One file per request under `directory`, named by a 64-bit FNV-1a hash of the URL and range; the file starts with
/// one JSON line (the request key, status, a few headers, the time stored) followed by the body. The key is compared
/// on read, so a hash collision is a miss, not a wrong answer. Unreadable or foreign files are misses.
public struct HTTPResponseCache: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `XDG_CACHE_HOME/canirun/http`, else `~/Library/Caches/canirun/http` on macOS, else `~/.cache/canirun/http`.
    public static func defaultDirectory(environment: [String: String], home: String) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/canirun/http" }
        #if os(macOS)
            return home + "/Library/Caches/canirun/http"
        #else
            return home + "/.cache/canirun/http"
        #endif
    }

    struct EntryHeader: Codable {
        var key: String
        var status: Int
        var headers: [String: String]
        var storedAt: Double
    }

    /// Headers worth keeping: what the readers look at.
    static let keptHeaders: Set<String> = ["content-range", "content-type", "content-length", "etag", "x-repo-commit"]

    static func key(for request: HTTPRequest) -> String {
        request.url.absoluteString + " " + (request.headers["range"] ?? "")
    }

    /// FNV-1a, 64 bits (Fowler–Noll–Vo): stable across runs and platforms, unlike `Hasher`.
    static func fileName(for key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".http"
    }

    /// The stored response and its age in seconds, or nil.
    public func lookup(_ request: HTTPRequest, now: Date = Date()) -> (response: HTTPResponse, age: TimeInterval)? {
        let key = Self.key(for: request)
        let path = directory + "/" + Self.fileName(for: key)
        guard let data = FileManager.default.contents(atPath: path),
            let newline = data.firstIndex(of: UInt8(ascii: "\n")),
            let header = try? JSONDecoder().decode(EntryHeader.self, from: data[data.startIndex..<newline]),
            header.key == key
        else { return nil }
        let body = [UInt8](data[(newline + 1)...])
        if let length = header.headers["content-length"].flatMap(Int.init), length != body.count { return nil }
        return (
            HTTPResponse(status: header.status, headers: header.headers, body: body),
            now.timeIntervalSince1970 - header.storedAt
        )
    }

    /// Stores a response; failures (read-only disk, no home) are ignored: the cache is an optimisation.
    public func store(_ response: HTTPResponse, for request: HTTPRequest, now: Date = Date()) {
        let key = Self.key(for: request)
        var headers = response.headers.filter { Self.keptHeaders.contains($0.key) }
        headers["content-length"] = String(response.body.count)
        let header = EntryHeader(
            key: key, status: response.status, headers: headers, storedAt: now.timeIntervalSince1970)
        guard var data = try? JSONEncoder().encode(header) else { return }
        data.append(UInt8(ascii: "\n"))
        data.append(contentsOf: response.body)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + Self.fileName(for: key)
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
