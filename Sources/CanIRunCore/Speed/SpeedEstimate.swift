/// A low–high band around a predicted rate.
public struct SpeedRange: Codable, Sendable, Equatable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}

/// Where the bandwidth behind a prediction came from.
public enum SpeedBasis: String, Codable, Sendable, Equatable {
    /// `canirun bench memory` measured this machine's RAM.
    case measured
    /// The GPU database (or a memory type) gave the peak bandwidth.
    case database
    /// Neither: a labelled default.
    case assumed
}

/// What one device contributes to a token.
public struct DeviceSpeedShare: Codable, Sendable, Equatable {
    public var name: String
    /// `host` or `gpu`.
    public var kind: String
    public var backend: String
    public var layers: Int
    /// Bytes read from this device's memory per generated token (weights and cache at the given context).
    public var bytesPerToken: Int64
    /// Bandwidth the prediction divides by: peak (or measured) × the backend's efficiency.
    public var effectiveBandwidthBytesPerSecond: Double
    /// Dense compute the prefill prediction divides by, FLOP/s (after efficiency).
    public var effectiveFLOPS: Double
    public var basis: SpeedBasis
}

/// Predicted llama.cpp generation (decode) and prompt-processing (prefill) speed for one model on one machine.
public struct SpeedEstimate: Codable, Sendable, Equatable {
    public var decodeTokensPerSecond: Double
    public var prefillTokensPerSecond: Double
    /// The band measured llama-bench results fell in around the prediction (see bench/speed/README.md).
    public var decodeRange: SpeedRange
    public var prefillRange: SpeedRange
    public var basis: SpeedBasis
    /// Tokens already in the cache when decode is predicted.
    public var context: Int
    /// Decode speed when the cache holds the run's whole context (the slowest point of a long chat).
    public var fullContext: Int
    public var decodeAtFullContextTokensPerSecond: Double
    public var promptTokens: Int
    /// Seconds to process the prompt and produce the first token.
    public var timeToFirstTokenSeconds: Double
    public var devices: [DeviceSpeedShare]
    public var explanation: String
}
