@testable import ArbiterReplay
import Foundation
import Testing

/// A history that can be read only once (a pipe) is read again from its copy, then from
/// what the pipe still holds, whatever a pass left unread.
@Suite struct HistorySourceTests {
    /// Every row of a reader, as the values' text.
    static func rows(_ reader: any HistoryReader) throws -> [String] {
        var reader = reader
        var rows: [String] = []
        while let row = try reader.nextRow() { rows.append("\(row.line): \(row.values)") }
        return rows
    }

    @Test(arguments: [7, 64, 4096])
    func aSecondPassReadsTheCopyThenThePipe(chunkSize: Int) throws {
        let text = "at,sku,price\n" + (0..<500).map { "2027-02-01T06:\(String(format: "%02d", $0 / 60)):\(String(format: "%02d", $0 % 60))Z,SKU-\($0),\($0).50\n" }.joined()
        let pipe = Pipe()
        let writer = Thread {
            pipe.fileHandleForWriting.write(Data(text.utf8))
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let path = "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"
        let source = try HistorySource(path: path)
        #expect(source.name == path)
        // A first pass that stops after a few rows, as one that finds a row out of order.
        var first = try source.reader(chunkSize: chunkSize)
        for _ in 0..<3 { _ = try first.nextRow() }
        // The second pass reads every row; so does a third, now all from the copy.
        let second = try Self.rows(source.reader(chunkSize: chunkSize))
        let third = try Self.rows(source.reader(chunkSize: chunkSize))
        let expected = try Self.rows(HistoryFile(bytes: Array(text.utf8), name: "h.csv").reader())
        #expect(second.count == 500)
        #expect(second == expected)
        #expect(third == expected)
        // The first pass, left behind, still reads on where it stopped.
        #expect(try Self.rows(first) == Array(expected.dropFirst(3)))
        try? pipe.fileHandleForReading.close()
    }

    @Test func standardInputIsNamedAsSuch() {
        #expect(HistorySource.displayName(of: "-") == "<stdin>")
        #expect(HistorySource.displayName(of: "h.csv") == "h.csv")
    }
}
