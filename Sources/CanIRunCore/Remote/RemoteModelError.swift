import Foundation

/// Why a model on the Hugging Face Hub or the Ollama registry could not be read. Each message says what to do.
public enum RemoteModelError: Error, Equatable, Sendable, LocalizedError {
    /// 401 or 403. `gated` when the Hub says the repository needs its license accepted.
    case accessDenied(resource: String, gated: Bool, hasToken: Bool, host: String)
    case notFound(resource: String, suggestions: [String])
    case rateLimited(host: String, retryAfterSeconds: Int?)
    case timedOut(host: String)
    case unreachable(host: String, reason: String)
    /// Offline mode (`HF_HUB_OFFLINE=1`) and nothing cached for this request.
    case offline(resource: String)
    case badResponse(resource: String, reason: String)
    /// The repository has no file for the requested quantization, or no model file at all.
    case noModelFile(repository: String, wanted: String?, available: [String])

    public var errorDescription: String? {
        switch self {
        case .accessDenied(let resource, let gated, let hasToken, let host):
            if gated {
                return
                    "\(resource) is gated: accept its license on https://\(host)/\(resource), then "
                    + (hasToken
                        ? "check that your token (HF_TOKEN or `hf auth login`) belongs to the account that accepted it."
                        : "create a read token at https://\(host)/settings/tokens and set HF_TOKEN or run `hf auth login`.")
            }
            return hasToken
                ? "Access to \(resource) was refused with your token; check that it is valid and has read access."
                : "Access to \(resource) was refused: it is private or gated. Set HF_TOKEN to a token with access."
        case .notFound(let resource, let suggestions):
            let hint = suggestions.isEmpty ? "" : " Did you mean: \(suggestions.joined(separator: ", "))?"
            return "\(resource) was not found; check the name and the revision.\(hint)"
        case .rateLimited(let host, let retryAfter):
            let wait = retryAfter.map { " (it asked to wait \($0) s)" } ?? ""
            return "\(host) is limiting requests\(wait); try again later, or set HF_TOKEN: signed-in requests get a "
                + "higher limit."
        case .timedOut(let host):
            return "\(host) did not answer in time; check the connection or try again."
        case .unreachable(let host, let reason):
            return "Cannot reach \(host) (\(reason)); check the connection, or use HF_HUB_OFFLINE=1 to answer from "
                + "what canirun has cached."
        case .offline(let resource):
            return "\(resource) is not in canirun's cache and HF_HUB_OFFLINE=1 forbids the network; unset it or run "
                + "once while online."
        case .badResponse(let resource, let reason):
            return "Unexpected answer for \(resource): \(reason)."
        case .noModelFile(let repository, let wanted, let available):
            let list = available.isEmpty ? "none" : available.prefix(12).joined(separator: ", ")
            if let wanted {
                return "\(repository) has no file for \(wanted). Available: \(list)."
            }
            return "\(repository) has no GGUF or safetensors weights canirun can read. Files: \(list)."
        }
    }
}
