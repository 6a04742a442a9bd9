import ArbiterCLI
import ArbiterTestSupport
import Foundation
import Testing

/// `--report FILE` writes the format its name says: `.html` a page, `.json` what `--json`
/// prints, `.txt` or `.md` the text summary; any other name is refused before the run.
@Suite struct ReplayReportFileTests {
    let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-report-files-\(UUID().uuidString)")
    let policy = Golden.repositoryRoot.appending(path: "Policies/garden_pricing.policy").path(percentEncoded: false)
    let other = Golden.repositoryRoot.appending(path: "Tests/Fixtures/cli/inputs/garden_pricing_v2.policy").path(percentEncoded: false)
    let history = Golden.repositoryRoot.appending(path: "Tests/Fixtures/cli/inputs/small_history.csv").path(percentEncoded: false)

    func path(_ name: String) -> String { folder.appending(path: name).path(percentEncoded: false) }

    func run(_ arguments: [String]) async -> (status: Int32, output: String, error: String) {
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: arguments, output: sink)
        return (status, sink.standardOutput, sink.standardError)
    }

    @Test(arguments: [[], ["--compare"]])
    func eachNameGetsItsFormat(compare: [String]) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = ["replay", policy, "--history", history, "--quiet"] + (compare.isEmpty ? [] : ["--compare", other])
        let json = await run(base + ["--json"])
        let text = await run(base)
        #expect(json.status == 0 && text.status == 0, "\(json.error)\(text.error)")
        for name in ["r.json", "r.txt", "r.md", "r.HTML", "r.htm"] {
            let result = await run(base + ["--json", "--report", path(name)])
            #expect(result.status == 0, "\(name): \(result.error)")
            let written = try String(contentsOfFile: path(name), encoding: .utf8)
            switch name {
            case "r.json": #expect(written == json.output)
            case "r.txt", "r.md": #expect(written == text.output)
            default: #expect(written.hasPrefix("<!DOCTYPE html>"), "\(name)")
            }
        }
    }

    @Test(arguments: ["r.csv", "report", "r.json.gz"])
    func aNameOfNoKnownFormatIsRefusedBeforeTheRun(name: String) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = await run(["replay", policy, "--history", history, "--quiet", "--report", path(name)])
        #expect(result.status != 0)
        #expect(result.output.isEmpty, "the run went ahead: \(result.output)")
        #expect(result.error.contains("--report: the file's name says its format: .html (a page), .json or .txt (or .md); got \(path(name))"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: path(name)))
    }
}
