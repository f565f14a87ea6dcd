import CanIRunCore
import CanIRunNetwork
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Ollama server on this machine, if one runs: what it holds in memory now.
enum LocalOllama {
    /// Models loaded by the Ollama server at `OLLAMA_HOST` (default 127.0.0.1:11434) when it listens on this
    /// machine; empty when none answers. A closed port costs one refused connect, so commands stay fast without
    /// Ollama.
    static func runningModels(environment: [String: String] = ProcessInfo.processInfo.environment) async
        -> [OllamaRunningModel]
    {
        guard let url = OllamaServer.baseURL(environment: environment), let host = url.host,
            ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host), let port = url.port,
            isListening(port: port, timeoutMilliseconds: 100)
        else { return [] }
        return
            (try? await AsyncHTTPTransport.with(userAgent: "canirun/\(CanIRunVersion.string)") { transport in
                var fetcher = RemoteFetcher(transport: transport, cache: nil)
                fetcher.timeout = .seconds(2)
                fetcher.maximumRetries = 0
                return try await OllamaServer(baseURL: url, fetcher: fetcher).runningModels()
            }) ?? []
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`, within the timeout.
    static func isListening(port: Int, timeoutMilliseconds: Int32) -> Bool {
        #if os(Linux)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return false }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
        return failure == 0
    }
}
