import ArbiterCLI
import ArbiterTestSupport
import Foundation
import Testing

/// Output files are written beside the file and renamed into place: a symbolic link is
/// written through (the link stays a link), and what cannot be renamed onto (`-`, a
/// device, a named pipe), is the run's own standard output or error (`/dev/stdout`, or
/// the file a shell redirected it to) or is an input under another name (a hard link) is
/// refused before any work.
@Suite struct OutputPathTests {
    let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-outputs-\(UUID().uuidString)")
    let policy = Golden.repositoryRoot.appending(path: "Policies/garden_pricing.policy").path(percentEncoded: false)
    let history = Golden.repositoryRoot.appending(path: "Tests/Fixtures/cli/inputs/small_history.csv").path(percentEncoded: false)

    func path(_ name: String) -> String { folder.appending(path: name).path(percentEncoded: false) }

    func run(_ arguments: [String]) async -> (status: Int32, error: String) {
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: arguments, output: sink)
        return (status, sink.standardError)
    }

    @Test func aSymbolicLinkIsWrittenThroughAndStaysALink() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (flag, name) in [("--decisions", "decisions.csv"), ("--report", "report.html")] {
            try "old".write(toFile: path(name), atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: path("link-" + name), withDestinationPath: path(name))
            let result = await run(["replay", policy, "--history", history, flag, path("link-" + name), "--quiet"])
            #expect(result.status == 0, "\(result.error)")
            let kind = try FileManager.default.attributesOfItem(atPath: path("link-" + name))[.type] as? FileAttributeType
            #expect(kind == .typeSymbolicLink, "\(flag)")
            #expect(try String(contentsOfFile: path(name), encoding: .utf8) != "old", "\(flag)")
        }
        try FileManager.default.createSymbolicLink(atPath: path("sample-link.csv"), withDestinationPath: path("sample.csv"))
        try "old".write(toFile: path("sample.csv"), atomically: true, encoding: .utf8)
        let sample = await run(["sample-history", "garden_pricing", "--days", "1", "--output", path("sample-link.csv")])
        #expect(sample.status == 0, "\(sample.error)")
        #expect(try String(contentsOfFile: path("sample.csv"), encoding: .utf8).hasPrefix("at,"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path("sample-link.csv")) == path("sample.csv"))
    }

    /// Every output file keeps the permissions of the file it replaces (a private 0600
    /// report stays private), and a read-only one is refused, as `fmt` refuses one.
    @Test func outputsKeepTheirPermissionsAndReadOnlyOnesAreRefused() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tests = Golden.repositoryRoot.appending(path: "Policies").path(percentEncoded: false)
        let runs: [(name: String, arguments: (String) -> [String])] = [
            ("decisions.csv", { ["replay", self.policy, "--history", self.history, "--decisions", $0, "--quiet"] }),
            ("report.html", { ["replay", self.policy, "--history", self.history, "--report", $0, "--quiet"] }),
            ("sample.csv", { ["sample-history", "garden_pricing", "--days", "1", "--output", $0] }),
            ("results.xml", { ["test", tests, "--format", "junit", "--output", $0] }),
        ]
        for run in runs {
            let target = path(run.name)
            try "old".write(toFile: target, atomically: true, encoding: .utf8)
            chmod(target, 0o600)
            let written = await self.run(run.arguments(target))
            #expect(written.status == 0, "\(run.name): \(written.error)")
            #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(run.name)")
            #expect(try String(contentsOfFile: target, encoding: .utf8) != "old", "\(run.name)")
            chmod(target, 0o444)
            let refused = await self.run(run.arguments(target))
            #expect(refused.status == 2, "\(run.name)")
            #expect(refused.error.contains("is read-only"), "\(run.name): \(refused.error)")
        }
    }

    /// Two hard links to one policy file in a folder are one file, read once, as two
    /// spellings of one path or a symbolic link are: not a policy declared twice.
    @Test func hardLinksToOnePolicyAreReadOnce() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: policy, toPath: path("garden_pricing.policy"))
        try FileManager.default.linkItem(atPath: path("garden_pricing.policy"), toPath: path("same.policy"))
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: ["check", folder.path(percentEncoded: false)], output: sink)
        #expect(status == 0, "\(sink.standardOutput)\(sink.standardError)")
        #expect(sink.standardOutput.contains("checked 1 policy in 1 file"), "\(sink.standardOutput)")
    }

    /// The human report written to a file is whole: a run that passes says so there too.
    @Test func aHumanReportInAFileHoldsTheSummary() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tests = Golden.repositoryRoot.appending(path: "Policies").path(percentEncoded: false)
        let result = await run(["test", tests, "--output", path("results.txt")])
        #expect(result.status == 0, "\(result.error)")
        let text = try String(contentsOfFile: path("results.txt"), encoding: .utf8)
        #expect(text.hasSuffix(" passed, 0 failed\n"), "\(text)")
    }

    @Test(arguments: [
        ("-", "writes this to a file, not to standard output"),
        ("/dev/null", "is a device, not a file"),
        ("/dev/stdout", "is this run's standard output or error"),
        ("/dev/stderr", "is this run's standard output or error"),
        ("/dev/fd/1", "is this run's standard output or error"),
    ])
    func whatIsNotAFileIsRefused(output: String, message: String) async {
        let result = await run(["replay", policy, "--history", history, "--decisions", output, "--quiet"])
        #expect(result.status != 0)
        #expect(result.error.contains(message), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: "-"))
    }

    /// `--decisions out.txt > out.txt`: the file the shell opened for standard output is
    /// refused by what it is, not only by name, so the report is not overwritten.
    @Test func theFileStandardOutputIsRedirectedToIsRefused() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        FileManager.default.createFile(atPath: path("out.txt"), contents: nil)
        let process = Process()
        process.executableURL = try ReplayInterruptTests.arbiter()
        process.arguments = ["replay", policy, "--history", history, "--decisions", path("out.txt"), "--quiet"]
        let output = try #require(FileHandle(forWritingAtPath: path("out.txt")))
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try output.close()
        #expect(process.terminationStatus == 2)
        #expect(try String(contentsOfFile: path("out.txt"), encoding: .utf8).isEmpty)
    }

    @Test func aDanglingLinkOrAHardLinkToAnInputIsRefused() async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: path("dangling.csv"), withDestinationPath: path("missing.csv"))
        let dangling = await run(["replay", policy, "--history", history, "--decisions", path("dangling.csv"), "--quiet"])
        #expect(dangling.status != 0)
        #expect(dangling.error.contains("is a symbolic link to a missing file"), "\(dangling.error)")
        try FileManager.default.copyItem(atPath: history, toPath: path("history.csv"))
        try FileManager.default.linkItem(atPath: path("history.csv"), toPath: path("hard.csv"))
        let hard = await run(["replay", policy, "--history", path("history.csv"), "--decisions", path("hard.csv"), "--quiet"])
        #expect(hard.status != 0)
        #expect(hard.error.contains("is an input of this replay"), "\(hard.error)")
    }
}
