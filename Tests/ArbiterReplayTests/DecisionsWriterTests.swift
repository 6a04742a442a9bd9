import Arbiter
@testable import ArbiterReplay
import Foundation
import Testing

@Suite struct DecisionsWriterTests {
    /// A cell with a comma, a quote or a line break of any kind is quoted; "\r\n" is one
    /// `Character`, so a check by character missed it and split the record.
    @Test(arguments: [("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("B\nX", "\"B\nX\""),
                      ("B\r\nX", "\"B\r\nX\""), ("B\rX", "\"B\rX\""), ("plain", "plain")])
    func quotesWhatCSVNeedsQuoted(cell: String, written: String) {
        #expect(DecisionsWriter.csvCell(cell) == written)
    }

    /// The file appears when the writer closes; until then an existing one is untouched,
    /// and a discarded writer leaves it as it was.
    @Test func theFileIsReplacedOnlyOnClose() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-decisions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "d.csv").path(percentEncoded: false)
        try Data("precious\n".utf8).write(to: URL(filePath: path))

        let discarded = try DecisionsWriter(path: path, controls: ["price"])
        discarded.discard()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))

        let kept = try DecisionsWriter(path: path, controls: ["price"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
        try kept.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "line,at,key,outcome,price_from,price_to,fired,guards,error,warnings\n")
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }

    /// A CSV row says why a decision is an error and what it warned of, as its JSON does.
    @Test func csvCarriesTheErrorAndTheWarnings() throws {
        let policy = """
            policy tiny {
              drives pricing
              key sku
              currency EUR
              input { sku: text  price: money }
              control price
            }
            """
        let plan = try #require(try Engine(sources: [(path: "tiny.policy", text: policy)], store: InMemoryStateStore()).policies["tiny"])
        let decision = plan.errorDecision(key: "A-1", at: Instant(secondsSinceEpoch: 0), message: "$.price: expected money, got \"x\"",
                                          path: "$.price", warnings: ["first", "second"])
        let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-decisions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "d.csv").path(percentEncoded: false)
        let writer = try DecisionsWriter(path: path, controls: ["price"])
        try writer.write(decision, line: 2)
        try writer.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last == "2,1970-01-01T00:00:00Z,A-1,error,,,,,\"$.price: expected money, got \"\"x\"\"\",first; second")
    }
}
