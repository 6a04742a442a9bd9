import ArbiterCLI
import ArbiterTestSupport
import Foundation
import Testing

/// `arbiter test` on test files a golden fixture cannot hold: bytes that are not UTF-8,
/// a document whose aliases expand past the limit, folders reached through a link.
@Suite struct TestCommandFileTests {
    /// A fresh folder holding `tiny_discount.policy`, removed by the caller.
    static func folderWithPolicy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let policy = try Data(contentsOf: Golden.fixturesFolder("cli").appending(path: "inputs/tests_strict/tiny_discount.policy"))
        try policy.write(to: folder.appending(path: "tiny_discount.policy"))
        return folder
    }

    static let passingTest = """
        policy: tiny_discount
        now: 2026-11-23T10:00:00Z
        cases:
          - name: overstock is discounted
            input: {sku: A-1, price: "20.00", stock: 150}
            expect: {controls: {price: "18.00"}}

        """

    static func run(_ arguments: [String]) async -> (status: Int32, output: String, error: String) {
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: arguments, output: sink)
        return (status, sink.standardOutput, sink.standardError)
    }

    @Test func aTestFileThatIsNotUTF8IsRefusedAtTheBadByte() async throws {
        let folder = try Self.folderWithPolicy()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Latin-1 `é` in the second case's name, on line 4.
        var bytes = Array("policy: tiny_discount\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: caf".utf8)
        bytes += [0xE9]
        bytes += Array("\n    input: {sku: A-1, price: \"20.00\", stock: 150}\n    expect: {outcome: applied}\n".utf8)
        let file = folder.appending(path: "latin1_test.yaml")
        try Data(bytes).write(to: file)
        let result = await Self.run(["test", file.path(percentEncoded: false)])
        #expect(result.status == 1)
        let all = result.output + result.error
        #expect(all.contains("latin1_test.yaml:4:14: the file is not valid UTF-8"), "\(all)")
        #expect(!all.contains("UTF-16"))
    }

    @Test func aTestFileSavedAsUTF16IsToldSo() async throws {
        let folder = try Self.folderWithPolicy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "wide_test.yaml")
        try #require(Self.passingTest.data(using: .utf16LittleEndian).map { Data([0xFF, 0xFE]) + $0 }).write(to: file)
        let result = await Self.run(["test", file.path(percentEncoded: false)])
        #expect(result.status == 1)
        #expect((result.output + result.error).contains("it looks like UTF-16: save it as UTF-8"))
    }

    @Test func aliasesThatExpandPastTheLimitAreRefusedNotWalked() async throws {
        let folder = try Self.folderWithPolicy()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Ten levels of ten: 10^10 values once expanded, in a dozen lines.
        var yaml = "policy: tiny_discount\nnow: 2026-11-23T10:00:00Z\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "cases: []\n"
        let file = folder.appending(path: "bomb_test.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let result = await Self.run(["test", file.path(percentEncoded: false)])
        #expect(result.status == 1)
        let all = result.output + result.error
        #expect(all.contains("more than 1000000 values once its aliases (`*name`) are expanded"), "\(all)")
        // At the key whose value ran past the limit: `l5` holds 1.1 million.
        #expect(all.contains("bomb_test.yaml:8:1:"), "\(all)")
    }

    @Test func aFolderGivenThroughASymbolicLinkIsSearched() async throws {
        let folder = try Self.folderWithPolicy()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.passingTest.write(to: folder.appending(path: "tiny_discount_test.yaml"), atomically: true, encoding: .utf8)
        let link = FileManager.default.temporaryDirectory.appending(path: "arbiter-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder)
        defer { try? FileManager.default.removeItem(at: link) }
        let result = await Self.run(["test", link.path(percentEncoded: false)])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("1 passed, 0 failed"))
    }

    @Test func aDanglingLinkNamedLikeATestIsSkippedWithAWarning() async throws {
        let folder = try Self.folderWithPolicy()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.passingTest.write(to: folder.appending(path: "tiny_discount_test.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appending(path: "gone_test.yaml").path(percentEncoded: false),
                                                   withDestinationPath: "/nonexistent/gone_test.yaml")
        let result = await Self.run(["test", folder.path(percentEncoded: false)])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.error.contains("gone_test.yaml: a symbolic link to a file that does not exist"))
        #expect(result.output.contains("1 passed, 0 failed"))
    }

    /// A named pipe called like a test or a policy file is skipped with a warning, as
    /// reading a pipe nobody writes would wait forever; `check` skips it too.
    @Test func aNamedPipeInAFolderIsSkippedNotWaitedOn() async throws {
        let folder = try Self.folderWithPolicy()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.passingTest.write(to: folder.appending(path: "tiny_discount_test.yaml"), atomically: true, encoding: .utf8)
        for name in ["pipe_test.yaml", "pipe.policy"] {
            #expect(mkfifo(folder.appending(path: name).path(percentEncoded: false), 0o644) == 0)
        }
        let tested = await Self.run(["test", folder.path(percentEncoded: false)])
        #expect(tested.status == 0, "\(tested.output)\(tested.error)")
        #expect(tested.error.contains("pipe_test.yaml: it is a named pipe, not a file"))
        #expect(tested.output.contains("1 passed, 0 failed"))
        let checked = await Self.run(["check", folder.path(percentEncoded: false)])
        #expect(checked.status == 0, "\(checked.output)\(checked.error)")
        #expect(checked.error.contains("pipe.policy: it is a named pipe, not a file"))
    }

    /// A policy path and a folder together: the folder's tests all run (a failing one
    /// fails the run), and of the tests beside the policy only those naming it.
    @Test func aPolicyPathAndAFolderRunTheFoldersTestsToo() async throws {
        let folder = try Self.folderWithPolicy()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.passingTest.write(to: folder.appending(path: "tiny_test.yaml"), atomically: true, encoding: .utf8)
        // Beside the policy, naming another policy: not this run's business.
        try "policy: other\ncases: []\n".write(to: folder.appending(path: "zz_test.yaml"), atomically: true, encoding: .utf8)
        let other = folder.appending(path: "other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let policy = try Data(contentsOf: folder.appending(path: "tiny_discount.policy"))
        try policy.write(to: other.appending(path: "tiny_discount.policy"))
        try Self.passingTest.replacingOccurrences(of: "\"18.00\"", with: "\"17.00\"")
            .write(to: other.appending(path: "failing_test.yaml"), atomically: true, encoding: .utf8)
        let policyPath = folder.appending(path: "tiny_discount.policy").path(percentEncoded: false)
        let alone = await Self.run(["test", policyPath])
        #expect(alone.status == 0, "\(alone.output)\(alone.error)")
        #expect((alone.output + alone.error).contains("1 passed, 0 failed"), "\(alone.output)\(alone.error)")
        let both = await Self.run(["test", policyPath, other.path(percentEncoded: false)])
        #expect(both.status == 1)
        #expect((both.output + both.error).contains("1 passed, 1 failed"), "\(both.output)\(both.error)")
        // The same test reached twice runs once.
        let twice = await Self.run(["test", policyPath, folder.appending(path: "tiny_test.yaml").path(percentEncoded: false)])
        #expect((twice.output + twice.error).contains("1 passed, 0 failed"), "\(twice.output)\(twice.error)")
    }

    /// No policy tested: a minimum coverage is not met (100% of nothing is not coverage).
    @Test func minimumCoverageIsNotMetWhenNothingWasTested() async throws {
        let folder = try Self.folderWithPolicy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "nothing_test.yaml")
        try "policy: no_such_policy\ncases: []\n".write(to: file, atomically: true, encoding: .utf8)
        let result = await Self.run(["test", file.path(percentEncoded: false), "--format", "json", "--min-coverage", "50"])
        #expect(result.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let coverage = try #require(json?["coverage"] as? [String: Any], "\(result.output)")
        #expect(coverage["met"] as? Bool == false)
        #expect(result.error.contains("no policy was tested, so --min-coverage 50% is not met"), "\(result.error)")
    }
}
