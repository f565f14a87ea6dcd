import Foundation

/// What crossed the network (or came from the cache) while answering one command: shown with `--verbose`, and how
/// the "under 1 % of the file" promise is checked.
public final class TransferLog: @unchecked Sendable {
    // @unchecked: every access to `entries` holds `lock`.
    private let lock = NSLock()
    private var storage: [Entry] = []

    public struct Entry: Sendable, Equatable {
        public var url: String
        public var range: String?
        public var status: Int
        public var bytes: Int
        public var fromCache: Bool
    }

    public init() {}

    func append(_ entry: Entry) {
        lock.lock()
        storage.append(entry)
        lock.unlock()
    }

    public var entries: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    /// Body bytes received over the network (cache hits excluded).
    public var networkBytes: Int { entries.filter { !$0.fromCache }.reduce(0) { $0 + $1.bytes } }
}

/// GET requests as the Hub and the registry need them: redirects followed (credentials dropped when the host
/// changes, as huggingface_hub does for its CDN), 429/503 retried after `Retry-After` within a bound, answers cached,
/// offline mode served from the cache, and every failure turned into a `RemoteModelError` with a fix.
public struct RemoteFetcher: Sendable {
    public var transport: any HTTPTransport
    public var cache: HTTPResponseCache?
    /// `HF_HUB_OFFLINE=1`: answer from the cache only.
    public var offline: Bool
    public var log: TransferLog
    public var maximumRedirects = 5
    public var maximumRetries = 2
    /// A `Retry-After` longer than this is reported instead of waited for.
    public var maximumRetryWait: Duration = .seconds(10)
    public var timeout: Duration = .seconds(30)
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    public init(
        transport: any HTTPTransport, cache: HTTPResponseCache?, offline: Bool = false, log: TransferLog = TransferLog()
    ) {
        self.transport = transport
        self.cache = cache
        self.offline = offline
        self.log = log
    }

    /// How long a cached answer is used without asking again.
    public enum Freshness: Sendable {
        /// Never cached (listings that change).
        case uncached
        /// Used for this long, then asked again (falls back to the stale copy when the network is down).
        case seconds(TimeInterval)
    }

    /// A 200 or 206 answer to `request`, or a `RemoteModelError`.
    /// - Parameter resource: how the error messages name what was asked for (`org/repo`, `llama3.2:1b`).
    public func get(
        _ request: HTTPRequest, resource: String, maximumBodyBytes: Int, freshness: Freshness
    ) async throws -> HTTPResponse {
        let host = request.url.host ?? request.url.absoluteString
        var stale: HTTPResponse?
        if let cache, case .seconds(let lifetime) = freshness, let (response, age) = cache.lookup(request) {
            if offline || age <= lifetime {
                log.append(
                    .init(
                        url: request.url.absoluteString, range: request.headers["range"],
                        status: response.status, bytes: response.body.count, fromCache: true))
                return response
            }
            stale = response
        }
        if offline { throw RemoteModelError.offline(resource: resource) }

        var current = request
        var redirects = 0
        var retries = 0
        while true {
            let response: HTTPResponse
            do {
                response = try await transport.send(current, maximumBodyBytes: maximumBodyBytes, timeout: timeout)
            } catch let error as TransportError {
                if let stale { return stale }
                switch error {
                case .unreachable(let host, let reason): throw RemoteModelError.unreachable(host: host, reason: reason)
                case .timedOut(let host): throw RemoteModelError.timedOut(host: host)
                case .bodyTooLarge(let limit):
                    throw RemoteModelError.badResponse(
                        resource: resource, reason: "the answer is larger than \(limit) bytes (was Range ignored?)")
                }
            }
            log.append(
                .init(
                    url: current.url.absoluteString, range: current.headers["range"],
                    status: response.status, bytes: response.body.count, fromCache: false))
            switch response.status {
            case 200, 206:
                if case .seconds = freshness { cache?.store(response, for: request) }
                return response
            case 301, 302, 303, 307, 308:
                guard redirects < maximumRedirects, let location = response.headers["location"],
                    let next = URL(string: location, relativeTo: current.url)?.absoluteURL
                else {
                    throw RemoteModelError.badResponse(
                        resource: resource, reason: "too many redirects, or a redirect without a Location")
                }
                redirects += 1
                var headers = current.headers
                if next.host != current.url.host { headers["authorization"] = nil }
                current = HTTPRequest(url: next, headers: headers)
            case 429, 503:
                let wait = response.headers["retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                let seconds = wait ?? 1
                guard retries < maximumRetries, Duration.seconds(seconds) <= maximumRetryWait else {
                    if let stale { return stale }
                    throw RemoteModelError.rateLimited(host: current.url.host ?? host, retryAfterSeconds: wait)
                }
                retries += 1
                try await sleep(.seconds(seconds))
            case 401, 403:
                let code = response.headers["x-error-code"]
                if code == "RepoNotFound" { throw RemoteModelError.notFound(resource: resource, suggestions: []) }
                let message =
                    (response.headers["x-error-message"] ?? "")
                    + String(decoding: response.body.prefix(2048), as: UTF8.self)
                throw RemoteModelError.accessDenied(
                    resource: resource, gated: code == "GatedRepo" || message.lowercased().contains("gated"),
                    hasToken: current.headers["authorization"] != nil, host: current.url.host ?? host)
            case 404:
                throw RemoteModelError.notFound(resource: resource, suggestions: [])
            case 416:
                throw RemoteModelError.badResponse(resource: resource, reason: "the byte range is past the file's end")
            default:
                if let stale, response.status >= 500 { return stale }
                throw RemoteModelError.badResponse(resource: resource, reason: "HTTP status \(response.status)")
            }
        }
    }

    /// Bytes `[start, end)` of a file, with the file's total size from `Content-Range`. A server that ignores
    /// `Range` and answers 200 with a body that starts at 0 is accepted when the body covers the range.
    public func getRange(
        _ request: HTTPRequest, _ range: Range<UInt64>, resource: String, freshness: Freshness
    ) async throws -> (bytes: [UInt8], fileSize: UInt64?) {
        let length = Int(range.upperBound - range.lowerBound)
        let response = try await get(
            request.withRange(range), resource: resource, maximumBodyBytes: length + 64 * 1024, freshness: freshness)
        if response.status == 206 {
            let total = response.headers["content-range"].flatMap(Self.totalSize(contentRange:))
            return (Array(response.body.prefix(length)), total)
        }
        // 200: the whole (small) file.
        let start = Int(range.lowerBound)
        guard start <= response.body.count else { return ([], UInt64(response.body.count)) }
        return (Array(response.body[start..<min(response.body.count, start + length)]), UInt64(response.body.count))
    }

    /// The total of `Content-Range: bytes 0-1023/4096` (nil for `*`).
    static func totalSize(contentRange: String) -> UInt64? {
        guard let slash = contentRange.lastIndex(of: "/") else { return nil }
        return UInt64(contentRange[contentRange.index(after: slash)...].trimmingCharacters(in: .whitespaces))
    }
}
