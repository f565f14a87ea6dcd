import Foundation

/// What a MODEL argument names.
///
/// - a local path: a `.gguf` file, a safetensors folder or file (anything that exists, or looks like a path);
/// - Hugging Face: `hf:org/repo`, `org/repo` (llama.cpp's `-hf` form), `https://huggingface.co/org/repo/...`,
///   `hf.co/org/repo` (Ollama's form), each with `@revision` and `:Q4_K_M` (a quantization) or `:file.gguf`;
/// - Ollama: `ollama:name[:tag]`, `ollama:namespace/name:tag`, or a bare `name:tag` / `name`, which is also how
///   catalog ids look: the caller tries the catalog first for those.
public enum ModelReference: Equatable, Sendable {
    case localPath(String)
    case huggingFace(HuggingFaceReference)
    case ollama(OllamaReference, explicit: Bool)

    public static func parse(_ text: String, exists: (String) -> Bool) -> ModelReference {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if exists(trimmed) { return .localPath(trimmed) }
        let lower = trimmed.lowercased()
        for prefix in ["hf:", "hf://", "huggingface:"] where lower.hasPrefix(prefix) {
            if let reference = HuggingFaceReference(shortForm: String(trimmed.dropFirst(prefix.count))) {
                return .huggingFace(reference)
            }
        }
        for prefix in ["https://", "http://", ""] {
            for host in ["huggingface.co/", "hf.co/", "www.huggingface.co/"] where lower.hasPrefix(prefix + host) {
                if let reference = HuggingFaceReference(urlPath: String(trimmed.dropFirst(prefix.count + host.count))) {
                    return .huggingFace(reference)
                }
            }
        }
        if lower.hasPrefix("ollama:"), let reference = OllamaReference(String(trimmed.dropFirst(7))) {
            return .ollama(reference, explicit: true)
        }
        for prefix in ["https://ollama.com/", "ollama.com/", "registry.ollama.ai/"] where lower.hasPrefix(prefix) {
            if let reference = OllamaReference(String(trimmed.dropFirst(prefix.count))) {
                return .ollama(reference, explicit: true)
            }
        }
        let looksLikePath =
            trimmed.hasPrefix("/") || trimmed.hasPrefix("./") || trimmed.hasPrefix("../") || trimmed.hasPrefix("~")
            || lower.hasSuffix(".gguf") || lower.hasSuffix(".safetensors") || trimmed.isEmpty
        if looksLikePath { return .localPath(trimmed) }
        if trimmed.contains("/"), let reference = HuggingFaceReference(shortForm: trimmed) {
            return .huggingFace(reference)
        }
        if let reference = OllamaReference(trimmed) { return .ollama(reference, explicit: false) }
        return .localPath(trimmed)
    }
}

/// A repository on the Hugging Face Hub and, optionally, which file or quantization in it.
public struct HuggingFaceReference: Equatable, Sendable {
    /// `org/name`.
    public var repository: String
    public var revision: String?
    /// A file path inside the repository.
    public var file: String?
    /// A quantization name such as `Q4_K_M`, matched against the GGUF file names.
    public var quantization: String?

    public init(repository: String, revision: String? = nil, file: String? = nil, quantization: String? = nil) {
        self.repository = repository
        self.revision = revision
        self.file = file
        self.quantization = quantization
    }

    /// `org/repo[@revision][:Q4_K_M | :file.gguf]`.
    init?(shortForm: String) {
        var rest = Substring(shortForm)
        var selector: Substring?
        if let colon = rest.firstIndex(of: ":") {
            selector = rest[rest.index(after: colon)...]
            rest = rest[..<colon]
        }
        if let at = rest.firstIndex(of: "@") {
            revision = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
            if revision?.isEmpty == true { return nil }
        }
        guard Self.isRepository(rest) else { return nil }
        repository = String(rest)
        if let selector, !selector.isEmpty {
            if selector.lowercased().hasSuffix(".gguf") || selector.contains("/") {
                file = String(selector)
            } else {
                quantization = selector.uppercased()
            }
        }
    }

    /// The path part of a Hub URL: `org/repo`, `org/repo/blob/REV/path`, `.../resolve/REV/path`, `.../tree/REV`,
    /// or Ollama's `org/repo:Q4_K_M`.
    init?(urlPath: String) {
        let path = urlPath.split(separator: "?").first.map(String.init) ?? urlPath
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2 else { return nil }
        if parts.count == 2 {
            self.init(shortForm: path)
            return
        }
        let repository = parts[0] + "/" + parts[1]
        guard Self.isRepository(repository[...]) else { return nil }
        var revision: String?
        var file: String?
        if parts.count >= 4, ["blob", "resolve", "tree"].contains(parts[2]) {
            revision = String(parts[3])
            if parts.count > 4 { file = parts[4...].joined(separator: "/") }
        }
        self.init(repository: String(repository), revision: revision, file: file)
    }

    /// Hub repository ids: `namespace/name`, letters, digits, `-`, `_`, `.`.
    static func isRepository(_ text: Substring) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 96 && !part.hasPrefix(".")
                && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
    }

    public var description: String {
        repository + (revision.map { "@" + $0 } ?? "") + (quantization.map { ":" + $0 } ?? "")
            + (file.map { ":" + $0 } ?? "")
    }
}

/// A model in the Ollama registry: `namespace/name:tag`, namespace `library` for the official models.
public struct OllamaReference: Equatable, Sendable {
    public var namespace: String
    public var name: String
    public var tag: String

    public init(namespace: String = "library", name: String, tag: String = "latest") {
        self.namespace = namespace
        self.name = name
        self.tag = tag
    }

    /// `name`, `name:tag`, `namespace/name:tag`, `library/name:tag`.
    init?(_ text: String) {
        var rest = Substring(text)
        var tag = "latest"
        if let colon = rest.lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, !tag.isEmpty, tag.count <= 128 else { return nil }
        func valid(_ part: Substring) -> Bool {
            !part.isEmpty && part.count <= 80
                && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
        guard parts.allSatisfy(valid), valid(Substring(tag)) else { return nil }
        namespace = parts.count == 2 ? String(parts[0]).lowercased() : "library"
        name = String(parts.last ?? "").lowercased()
        self.tag = tag.lowercased()
    }

    public var description: String {
        (namespace == "library" ? "" : namespace + "/") + name + ":" + tag
    }
}
