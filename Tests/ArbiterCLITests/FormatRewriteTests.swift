import ArbiterCLI
import ArbiterTestSupport
import Foundation
import Testing

/// `arbiter fmt` rewriting files a golden fixture cannot set up: a read-only file, a
/// private one, one with a second hard link, one reached through a symbolic link.
@Suite struct FormatRewriteTests {
    static let unformatted = "policy a {\ndrives scaling\n}\n"
    static let formatted = "policy a {\n  drives scaling\n}\n"

    /// A fresh folder holding `a.policy` (unformatted), removed by the caller.
    static func folder() throws -> (folder: URL, file: URL) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appending(path: "a.policy")
        try Data(unformatted.utf8).write(to: file)
        return (folder, file)
    }

    static func run(_ arguments: [String]) async -> (status: Int32, output: String, error: String) {
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: arguments, output: sink)
        return (status, sink.standardOutput, sink.standardError)
    }

    static func permissions(_ file: URL) throws -> Int {
        try #require((FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test func theFixtureIsNotFormattedAndFormatsToTheExpectedText() async throws {
        let (folder, file) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = await Self.run(["fmt", file.path, "--stdout"])
        #expect(result.status == 0)
        #expect(result.output == Self.formatted)
    }

    @Test func aReadOnlyFileIsRefusedAndLeftAsItWas() async throws {
        let (folder, file) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file.path)
        let result = await Self.run(["fmt", file.path])
        #expect(result.status == 2)
        #expect(result.error == "error: cannot write \(file.path): the file is read-only\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.unformatted)
        #expect(try Self.permissions(file) == 0o444)
    }

    @Test func aPrivateFileStaysPrivate() async throws {
        let (folder, file) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let result = await Self.run(["fmt", file.path])
        #expect(result.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.formatted)
        #expect(try Self.permissions(file) == 0o600)
    }

    @Test func aHardLinkedFileIsRewrittenInPlaceSoBothNamesShowTheNewText() async throws {
        let (folder, file) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = folder.appending(path: "other-name.txt")
        try FileManager.default.linkItem(at: file, to: other)
        let result = await Self.run(["fmt", file.path])
        #expect(result.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.formatted)
        #expect(try String(contentsOf: other, encoding: .utf8) == Self.formatted)
    }

    @Test func aSymbolicLinkIsKeptAndItsTargetRewritten() async throws {
        let (folder, file) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appending(path: "link.policy")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        let result = await Self.run(["fmt", link.path])
        #expect(result.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == file.path)
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.formatted)
    }

    /// A link given by name that leads nowhere says so, for `fmt`, `check`, `eval` and `test`.
    @Test func aBrokenLinkGivenByNameSaysWhereItLeads() async throws {
        let (folder, _) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dangling = folder.appending(path: "dangling.policy")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "gone.policy")
        let loop = folder.appending(path: "loop.policy")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        for command in [["fmt"], ["check"], ["eval", "--input", "-"], ["test"]] {
            let broken = await Self.run([command[0], dangling.path] + command.dropFirst())
            #expect(broken.status == 2)
            #expect(broken.error.contains("\(dangling.path) is a symbolic link to gone.policy, which does not exist"), "\(command): \(broken.error)")
            let looping = await Self.run([command[0], loop.path] + command.dropFirst())
            #expect(looping.error.contains("\(loop.path) is a symbolic link that leads back to itself"), "\(command): \(looping.error)")
        }
        let policy = Golden.repositoryRoot.appending(path: "Policies/garden_pricing.policy").path(percentEncoded: false)
        let replay = await Self.run(["replay", policy, "--history", dangling.path])
        #expect(replay.status == 2)
        #expect(replay.error.contains("\(dangling.path) is a symbolic link to gone.policy, which does not exist"), "\(replay.error)")
    }
}
