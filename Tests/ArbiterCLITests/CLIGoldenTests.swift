import ArbiterCLI
import ArbiterTestSupport
import Foundation
import Testing

/// Golden tests of the `arbiter` command line, run in-process.
///
/// Each `Tests/Fixtures/cli/<case>.cmd` holds the arguments on one line (paths relative to
/// the repository root). The sibling `.out` holds what the command printed on standard
/// output and standard error, and its exit status; paths in it are relative to the root.
@Suite struct CLIGoldenTests {
    static let cases = Golden.files(under: Golden.fixturesFolder("cli"), extension: "cmd")

    @Test(arguments: cases)
    func command(_ url: URL) async throws {
        let line = try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let transcript = await CLIRunner.transcript(of: line)
        let golden = url.deletingPathExtension().appendingPathExtension("out")
        if let difference = Golden.check(transcript, against: golden) {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test func casesExist() {
        #expect(Self.cases.count >= 10)
    }

    /// `--now` reads as a time input does: spaces around it are ignored.
    @Test func nowIgnoresSpacesAroundIt() async {
        let root = Golden.repositoryRoot.path(percentEncoded: false)
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: [
            "eval", root + "/Policies/garden_pricing.policy", "--input", root + "/Tests/Fixtures/cli/inputs/garden_input.json",
            "--now", "  2026-11-23T10:00:00Z ",
        ], output: sink)
        #expect(status == 0, "\(sink.standardError)")
        #expect(sink.standardOutput.hasPrefix("garden_pricing SKU-00042 at 2026-11-23T10:00:00Z: "), "\(sink.standardOutput)")
    }

    /// A policy file whose name is not valid UTF-8 cannot be opened by name: it is
    /// reported and the folder's other files are still checked.
    @Test func aFileNameThatIsNotUTF8IsSkippedWithAWarning() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = try Data(contentsOf: Golden.repositoryRoot.appending(path: "Policies/garden_pricing.policy"))
        try policy.write(to: folder.appending(path: "good.policy"))
        let badName = Array(folder.path(percentEncoded: false).utf8) + Array("/bad".utf8) + [0xFF] + Array(".policy".utf8)
        // Created through the C library, which takes the name's bytes as they are.
        let fd = (badName + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(fd >= 0)
        close(fd)
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: ["check", folder.path(percentEncoded: false)], output: sink)
        #expect(status == 0)
        #expect(sink.standardOutput.contains("checked 1 policy in 1 file: 0 errors, 1 warning"))
        #expect(sink.standardError.contains("its name is not valid UTF-8"))
        // The skipped file is a warning: --deny-warnings fails, and JSON lists it.
        let denied = OutputSink.capturing()
        #expect(await ArbiterCommand.run(arguments: ["check", folder.path(percentEncoded: false), "--deny-warnings"], output: denied) == 1)
        let json = OutputSink.capturing()
        _ = await ArbiterCommand.run(arguments: ["check", folder.path(percentEncoded: false), "--format", "json"], output: json)
        #expect(json.standardOutput.contains("\"warnings\" : 1"), "\(json.standardOutput)")
        #expect(json.standardOutput.contains("/bad\u{FFFD}.policy"), "\(json.standardOutput)")
        // Named on the command line, it arrives repaired: the message says why it is not found.
        let named = OutputSink.capturing()
        let repaired = folder.path(percentEncoded: false) + "/bad\u{FFFD}.policy"
        #expect(await ArbiterCommand.run(arguments: ["check", repaired], output: named) == 2)
        #expect(named.standardError.contains("a name that is not valid UTF-8 cannot be given on the command line"), "\(named.standardError)")
    }
}

/// Runs `arbiter` in-process with paths resolved against the repository root.
enum CLIRunner {
    static func transcript(of line: String) async -> String {
        let root = Golden.repositoryRoot.path(percentEncoded: false)
        let rootPrefix = root.hasSuffix("/") ? root : root + "/"
        let arguments = line.split(separator: " ").map(String.init).map { argument -> String in
            guard !argument.hasPrefix("-"), FileManager.default.fileExists(atPath: rootPrefix + argument) else { return argument }
            return rootPrefix + argument
        }
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: arguments, output: sink)
        func relative(_ text: String) -> String { text.replacingOccurrences(of: rootPrefix, with: "") }
        var out = "$ arbiter \(line)\n"
        out += relative(sink.standardOutput)
        if !sink.standardError.isEmpty { out += "--- stderr\n" + relative(sink.standardError) }
        out += "--- exit \(status)\n"
        return out
    }
}
