import ArbiterTestSupport
import Foundation
import Testing

/// An interrupted replay leaves neither `OUT.partial` nor a changed `OUT`, and dies of
/// the signal it received (exit status 128 + n to a shell), as README.md says of
/// `--decisions`.
///
/// The replay runs as a child process (the `arbiter` built beside the test bundle),
/// reading its history from a named pipe that the test keeps open: the replay has
/// started writing decisions and waits for more rows when the signal arrives.
@Suite(.serialized) struct ReplayInterruptTests {
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func anInterruptedReplayRemovesItsPartialFile(signal signalNumber: Int32) throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "interrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipePath = folder.appending(path: "history.csv").path(percentEncoded: false)
        let outPath = folder.appending(path: "decisions.csv").path(percentEncoded: false)
        try #require(mkfifo(pipePath, 0o600) == 0)
        // A decisions file from an earlier run, which an interrupted replay must not touch.
        try "earlier\n".write(toFile: outPath, atomically: false, encoding: .utf8)

        let process = Process()
        process.executableURL = try Self.arbiter()
        process.arguments = ["replay", Golden.repositoryRoot.appending(path: "Policies/garden_pricing.policy").path(percentEncoded: false),
                             "--history", pipePath, "--decisions", outPath, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Open the pipe once the replay reads it (polling: a replay that failed to start
        // must fail the test, not hang it), write some rows and keep it open.
        var writer: Int32 = -1
        for _ in 0..<600 where writer < 0 && process.isRunning {
            writer = open(pipePath, O_WRONLY | O_NONBLOCK)
            if writer < 0 { usleep(50_000) }
        }
        try #require(writer >= 0, "the replay never opened its history")
        defer { close(writer) }
        let rows = "at,sku,cost,price,msrp,competitor_price,stock,sales_7d\n"
            + (0..<50).map { "2027-02-01T06:00:\(String(format: "%02d", $0))Z,SKU-\($0),2.82,7.40,7.40,6.99,174,25\n" }.joined()
        let written = rows.utf8CString.withUnsafeBufferPointer { write(writer, $0.baseAddress!, rows.utf8.count) }
        #expect(written == rows.utf8.count)

        // The partial file exists while the replay runs.
        let partialPath = outPath + ".partial"
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: partialPath) { usleep(50_000) }
        try #require(FileManager.default.fileExists(atPath: partialPath), "the replay never created \(partialPath)")
        usleep(200_000)

        kill(process.processIdentifier, signalNumber)
        for _ in 0..<600 where process.isRunning { usleep(50_000) }
        try #require(!process.isRunning, "the replay did not stop on signal \(signalNumber)")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signalNumber)
        #expect(!FileManager.default.fileExists(atPath: partialPath))
        #expect(try String(contentsOfFile: outPath, encoding: .utf8) == "earlier\n")
    }

    /// The `arbiter` executable `swift test` built beside the test bundle.
    static func arbiter() throws -> URL {
        var folder = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On macOS the bundle is a folder: .build/debug/X.xctest/Contents/MacOS/X.
        while folder.lastPathComponent != "debug", folder.lastPathComponent != "release", folder.pathComponents.count > 1,
              !FileManager.default.isExecutableFile(atPath: folder.appending(path: "arbiter").path(percentEncoded: false)) {
            folder = folder.deletingLastPathComponent()
        }
        let binary = folder.appending(path: "arbiter")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path(percentEncoded: false)),
                     "no arbiter executable beside the test bundle (\(folder.path(percentEncoded: false)))")
        return binary
    }
}
