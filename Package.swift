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
    ],
    targets: [
        .target(name: "ArbiterSyntax"),
        .target(name: "ArbiterChecker", dependencies: ["ArbiterSyntax"]),
        .target(name: "ArbiterRuntime", dependencies: ["ArbiterSyntax", "ArbiterChecker"]),
        .target(name: "Arbiter", dependencies: ["ArbiterSyntax", "ArbiterChecker", "ArbiterRuntime"]),
        .target(
            name: "ArbiterCLI",
            dependencies: [
                "Arbiter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "arbiter", dependencies: ["ArbiterCLI"]),
        .target(name: "ArbiterTestSupport", path: "Tests/ArbiterTestSupport"),
        .testTarget(name: "ArbiterSyntaxTests", dependencies: ["ArbiterSyntax", "ArbiterTestSupport"]),
        .testTarget(name: "ArbiterCheckerTests", dependencies: ["ArbiterChecker", "ArbiterTestSupport"]),
        .testTarget(name: "ArbiterRuntimeTests", dependencies: ["ArbiterRuntime", "Arbiter", "ArbiterTestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "ArbiterCLITests", dependencies: ["ArbiterCLI", "ArbiterTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
