// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Arbiter",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Arbiter", targets: ["Arbiter"]),
        .executable(name: "arbiter", targets: ["arbiter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "ArbiterSyntax"),
        .target(name: "ArbiterChecker", dependencies: ["ArbiterSyntax"]),
        .target(name: "ArbiterRuntime", dependencies: ["ArbiterSyntax", "ArbiterChecker", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Arbiter", dependencies: ["ArbiterSyntax", "ArbiterChecker", "ArbiterRuntime"]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "ArbiterReplay", dependencies: ["Arbiter", "ArbiterSyntax", "CZlib"]),
        .target(name: "ArbiterPolicyTests", dependencies: ["Arbiter", "ArbiterSyntax", "ArbiterChecker", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "ArbiterCLI",
            dependencies: [
                "Arbiter",
                "ArbiterReplay",
                "ArbiterPolicyTests",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "arbiter", dependencies: ["ArbiterCLI"]),
        .target(name: "ArbiterTestSupport", path: "Tests/ArbiterTestSupport"),
        .testTarget(name: "ArbiterSyntaxTests", dependencies: ["ArbiterSyntax", "ArbiterChecker", "ArbiterTestSupport"]),
        .testTarget(name: "ArbiterCheckerTests", dependencies: ["ArbiterChecker", "ArbiterTestSupport"]),
        .testTarget(name: "ArbiterRuntimeTests", dependencies: ["ArbiterRuntime", "Arbiter", "ArbiterPolicyTests", "ArbiterTestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "ArbiterTests", dependencies: ["Arbiter", "ArbiterSyntax", "ArbiterTestSupport"]),
        .testTarget(name: "ArbiterReplayTests", dependencies: ["ArbiterReplay", "ArbiterTestSupport"]),
        .testTarget(name: "ArbiterCLITests", dependencies: ["ArbiterCLI", "ArbiterTestSupport"]),
        .testTarget(name: "ArbiterPolicyTestsTests", dependencies: ["ArbiterPolicyTests", "Arbiter", "ArbiterSyntax", "ArbiterTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
