import ArbiterReplay
import Foundation
import Testing

@Suite struct HistoryFileTests {
    static let csvText = "at,sku,price\n2027-02-01T06:00:00Z,A,\"1,50\"\n2027-02-01T06:00:12Z,B,2.00\n"

    @Test(arguments: [1, 2, 7, 64, HistoryFile.defaultChunkSize])
    func gzipRoundTrip(chunkSize: Int) throws {
        let plain = HistoryTranscript.csv(Self.csvText)
        let compressed = try Gzip.compress(Array(Self.csvText.utf8))
        #expect(HistoryTranscript.csv(compressed, name: "h.csv.gz", chunkSize: chunkSize) == plain)
        // The magic is enough, whatever the name.
        #expect(HistoryTranscript.csv(compressed, name: "h.csv", chunkSize: chunkSize) == plain)
    }

    @Test func gzipOfALargeHistory() throws {
        let text = try SampleHistory.csv(policy: "search_ads", days: 4, keys: 8, seed: 3)
        let compressed = try Gzip.compress(Array(text.utf8))
        #expect(compressed.count < text.utf8.count / 3)
        let file = try HistoryFile(bytes: compressed, name: "ads.csv.gz", chunkSize: 4_096)
        #expect(file.isCompressed)
        var reader = try CSVReader(file: file)
        #expect(HistoryTranscript.readAll(&reader) == Array(HistoryTranscript.csv(text).dropFirst()))
    }

    @Test func concatenatedMembersAreOneStream() throws {
        let first = try Gzip.compress(Array("a,b\n1,2\n".utf8))
        let second = try Gzip.compress(Array("3,4\n".utf8))
        #expect(HistoryTranscript.csv(first + second, name: "h.csv.gz", chunkSize: 3) == ["columns: a|b", #"2: "1"@1 "2"@3"#, #"3: "3"@1 "4"@3"#])
    }

    @Test func corruptGzipIsAnError() throws {
        var compressed = try Gzip.compress(Array(String(repeating: Self.csvText, count: 20).utf8))
        for index in 12..<compressed.count - 8 { compressed[index] ^= 0x5A }
        let lines = HistoryTranscript.csv(compressed, name: "h.csv.gz", chunkSize: 64)
        #expect(lines.contains { $0.hasPrefix("error: h.csv.gz:") && $0.contains("corrupt gzip stream") })
    }

    /// A checksum that fails, or bytes after the stream that are not gzip, damn the whole
    /// file: the error names no line and is fatal (a replay stops at it).
    @Test(arguments: ["checksum", "length", "garbage", "zeros"])
    func aDamagedGzipFileIsAFatalError(damage: String) throws {
        var compressed = try Gzip.compress(Array(Self.csvText.utf8))
        switch damage {
        case "checksum": compressed[compressed.count - 8] ^= 0xFF
        case "length": compressed[compressed.count - 4] ^= 0xFF
        case "garbage": compressed += Array("garbage".utf8)
        default: compressed += [0, 0, 0, 0]
        }
        var reader = try CSVReader(file: HistoryFile(bytes: compressed, name: "h.csv.gz", chunkSize: 7))
        var failure: HistoryError?
        for _ in 0..<10 {
            do {
                guard try reader.nextRow() != nil else { break }
            } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure)
        #expect(error.isFatal)
        #expect(error.line == 0)
        #expect(error.description.hasPrefix("h.csv.gz: "))
        #expect(error.message.contains(damage == "checksum" ? "incorrect data check" : damage == "length" ? "incorrect length check" : "trailing garbage"))
    }

    @Test func truncatedGzipIsAnError() throws {
        let compressed = try Gzip.compress(Array(Self.csvText.utf8))
        let lines = HistoryTranscript.csv(Array(compressed.dropLast(6)), name: "h.csv.gz")
        #expect(lines.last == "error: h.csv.gz:4: the gzip stream is truncated")
    }

    /// A stream cut off inside a record: the record is reported, not read with the cells
    /// it was cut to (`2.0` for `2.00` would be decided).
    @Test func truncatedGzipDropsTheRecordItCuts() throws {
        let text = "at,sku,price\n2027-02-01T06:00:00Z,A,1.50\n2027-02-01T06:00:12Z,B,2.00"
        // Without its 8-byte trailer, the stream stops after its last byte of data.
        let compressed = Array(try Gzip.compress(Array(text.utf8)).dropLast(8))
        let lines = HistoryTranscript.csv(compressed, name: "h.csv.gz")
        #expect(lines == ["columns: at|sku|price", #"2: "2027-02-01T06:00:00Z"@1 "A"@22 "1.50"@24"#,
                          "error: h.csv.gz:3: the gzip stream is truncated"])
    }

    /// `sample-history --output X.csv.gz` writes gzip that replay reads back as the CSV.
    @Test func sampleHistoryWritesGzip() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "h.csv.gz").path(percentEncoded: false)
        try SampleHistory.write(policy: "search_ads", days: 2, seed: 3, to: path)
        let written = try Data(contentsOf: URL(filePath: path))
        #expect(Array(written.prefix(2)) == [0x1F, 0x8B])
        let file = try HistoryFile(path: path)
        var reader = try CSVReader(file: file)
        let text = try SampleHistory.csv(policy: "search_ads", days: 2, seed: 3)
        #expect(HistoryTranscript.readAll(&reader) == Array(HistoryTranscript.csv(text).dropFirst()))
    }

    @Test func notGzipDespiteTheName() {
        let lines = HistoryTranscript.csv(Array(Self.csvText.utf8), name: "h.csv.gz")
        #expect(lines == ["error: h.csv.gz:1: corrupt gzip stream: incorrect header check"])
    }

    @Test func missingFile() {
        #expect(throws: HistoryError(file: "/nonexistent/h.csv", line: 0, message: "cannot open the file: no such file or directory")) {
            _ = try HistoryFile.reader(path: "/nonexistent/h.csv")
        }
        let error = HistoryError(file: "/nonexistent/h.csv", line: 0, column: 3, message: "cannot open the file")
        #expect(error.description == "/nonexistent/h.csv: cannot open the file")
    }

    @Test(arguments: [
        ("h.csv", HistoryFormat.csv), ("H.CSV.GZ", .csv), ("h.jsonl", .jsonLines), ("h.ndjson.gz", .jsonLines),
    ])
    func formatByName(name: String, format: HistoryFormat) {
        #expect(HistoryFormat(fileName: name) == format)
    }

    @Test func formatByContent() throws {
        #expect(HistoryFormat(fileName: "history.txt") == nil)
        let json = try HistoryFile(bytes: Array("\u{FEFF}\n  {\"at\": \"2027-02-01\"}\n".utf8), name: "history", chunkSize: 1)
        #expect(try json.format() == .jsonLines)
        var reader = try json.reader()
        #expect(reader is JSONLinesReader)
        #expect(HistoryTranscript.readAll(&reader) == [#"2: "2027-02-01""#])
        let csv = try HistoryFile(bytes: Array("at\n2027-02-01\n".utf8), name: "history", chunkSize: 1)
        #expect(try csv.reader() is CSVReader)
    }

    @Test func readerFromAPath() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "history.csv.gz").path(percentEncoded: false)
        try Data(Gzip.compress(Array(Self.csvText.utf8))).write(to: URL(filePath: path))
        var reader = try HistoryFile.reader(path: path, chunkSize: 5)
        #expect(reader.columns == ["at", "sku", "price"])
        #expect(HistoryTranscript.readAll(&reader) == Array(HistoryTranscript.csv(Self.csvText).dropFirst()))
        #expect((reader as? any HistoryProgress)?.fractionRead == 1)
    }
}

/// gzip compression for the tests: the compressor `sample-history --output X.csv.gz` uses.
enum Gzip {
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        try GzipCompressor.compress(bytes)
    }
}
