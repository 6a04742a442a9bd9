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
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "line,at,key,outcome,price_from,price_to,fired,guards\n")
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }
}
