// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "canirun",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "canirun", targets: ["canirun"]),
        .library(name: "CanIRunCore", targets: ["CanIRunCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Pure domain code: hardware snapshots and their parsers, model-file readers, estimates.
        // No printing, no argument parsing; I/O only behind small protocols at the edges.
        .target(
            name: "CanIRunCore",
            swiftSettings: strictSettings
        ),
        // The HTTP client behind the core's `HTTPTransport` protocol (Hugging Face Hub, Ollama registry).
        .target(
            name: "CanIRunNetwork",
            dependencies: [
                "CanIRunCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        // Commands, option groups and renderers (tables, JSON).
        .target(
            name: "CanIRunCLI",
            dependencies: [
                "CanIRunCore",
                "CanIRunNetwork",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "canirun",
            dependencies: ["CanIRunCLI"],
            swiftSettings: strictSettings
        ),
        // In-process micro-benchmarks (see bench/README.md).
        .executableTarget(
            name: "canirun-bench",
            dependencies: ["CanIRunCore"],
            path: "Sources/CanIRunBench",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CanIRunCoreTests",
            dependencies: ["CanIRunCore"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CanIRunCLITests",
            dependencies: [
                "CanIRunCLI", "CanIRunCore", "CanIRunNetwork",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
