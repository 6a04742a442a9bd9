import ArbiterCLI
import ArbiterTestSupport
import Foundation
import Testing

/// A replay that fails leaves existing output files as they were: every row skipped is
/// a failure too (exit 1), so neither `--decisions` nor `--report` is replaced.
@Suite struct ReplayFailedRunTests {
    @Test func aReplayThatDecidesNothingKeepsExistingOutputs() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = folder.appending(path: "allbad.csv")
        try "at,sku,cost,price,msrp,competitor_price,stock,sales_7d\n2026-11-23T10:00:00Z,A,10.00,20.00,30.00,,lots,1\n"
            .write(to: history, atomically: true, encoding: .utf8)
        let decisions = folder.appending(path: "keep.csv")
        let report = folder.appending(path: "keep.html")
        try "line,old\n1,keep\n".write(to: decisions, atomically: true, encoding: .utf8)
        try "<p>old</p>".write(to: report, atomically: true, encoding: .utf8)
        let policy = Golden.repositoryRoot.appending(path: "Policies/garden_pricing.policy").path(percentEncoded: false)
        let sink = OutputSink.capturing()
        let status = await ArbiterCommand.run(arguments: [
            "replay", policy, "--history", history.path(percentEncoded: false), "--decisions", decisions.path(percentEncoded: false),
            "--report", report.path(percentEncoded: false), "--quiet",
        ], output: sink)
        #expect(status == 1)
        #expect(sink.standardError.contains("no row could be decided: all 1 were skipped"), "\(sink.standardError)")
        #expect(try String(contentsOf: decisions, encoding: .utf8) == "line,old\n1,keep\n")
        #expect(try String(contentsOf: report, encoding: .utf8) == "<p>old</p>")
        #expect(!FileManager.default.fileExists(atPath: decisions.path(percentEncoded: false) + ".partial"))
    }
}
