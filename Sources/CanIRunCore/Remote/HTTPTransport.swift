import Foundation

/// One HTTP GET, as the remote readers need it.
public struct HTTPRequest: Sendable, Equatable {
    public var url: URL
    /// Header names in lower case.
    public var headers: [String: String]

    public init(url: URL, headers: [String: String] = [:]) {
        self.url = url
        self.headers = headers
    }

    /// The request for bytes `[start, end)` of the resource (RFC 9110 `Range: bytes=first-last`, inclusive).
    public func withRange(_ range: Range<UInt64>) -> HTTPRequest {
        var copy = self
        copy.headers["range"] = "bytes=\(range.lowerBound)-\(range.upperBound - 1)"
        return copy
    }
}

/// One HTTP response, with its body read in full (bodies are bounded by the caller).
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends one request and returns the answer as it came: redirects are not followed (the caller follows them, so it
/// can drop credentials on the way to another host), error statuses are not errors.
public protocol HTTPTransport: Sendable {
    /// - Parameters:
    ///   - maximumBodyBytes: a body longer than this fails with `TransportError.bodyTooLarge`.
    ///   - timeout: for the whole exchange.
    func send(_ request: HTTPRequest, maximumBodyBytes: Int, timeout: Duration) async throws -> HTTPResponse
}

/// What a transport throws when no HTTP answer came back.
public enum TransportError: Error, Equatable, Sendable {
    /// No connection: DNS failure, refused, unreachable network.
    case unreachable(host: String, reason: String)
    case timedOut(host: String)
    case bodyTooLarge(limit: Int)
}
