import ArbiterReplay
import Testing

@Suite struct JSONLinesReaderTests {
    static let growing = """
        {"at": "2027-02-01T06:00:00Z", "sku": "A"}

        {"sku": "B", "at": "2027-02-01T07:00:00Z", "price": 24.90}\r
        {"at": "2027-02-01T08:00:00Z", "competitor_price": null, "sku": "C"}
        """

    @Test(arguments: [1, 2, 3, 7, 64, HistoryFile.defaultChunkSize])
    func columnsGrowAsKeysAppear(chunkSize: Int) {
        #expect(HistoryTranscript.jsonLines(Array(Self.growing.utf8), chunkSize: chunkSize) == [
            #"1: "2027-02-01T06:00:00Z" "A""#,
            #"3: "2027-02-01T07:00:00Z" "B" 24.90"#,
            #"4: "2027-02-01T08:00:00Z" "C" nil nil"#,
            "columns: at|sku|price|competitor_price",
        ])
    }

    @Test(arguments: [1, 5, HistoryFile.defaultChunkSize])
    func badLinesAreReportedAndSkipped(chunkSize: Int) {
        let text = "\u{FEFF}{\"a\": 1}\n{\"a\": }\nnot json\n  [1, 2]\n{\"é\": \"x\", \"a\": tru}\n{\"a\": 2}"
        #expect(HistoryTranscript.jsonLines(Array(text.utf8), chunkSize: chunkSize) == [
            "1: 1",
            "error: history.jsonl:2:7: invalid JSON: unexpected character in JSON",
            "error: history.jsonl:3:2: invalid JSON: invalid literal, expected `null`",
            "error: history.jsonl:4:3: expected a JSON object, got an array",
            "error: history.jsonl:5:20: invalid JSON: invalid literal, expected `true`",
            "6: 2",
            "columns: a",
        ])
    }

    /// A field given twice is refused when the replay reads it; another keeps its first
    /// value, as `eval` ignores an unknown field however often it comes.
    @Test func aFieldGivenTwiceMattersOnlyWhenRead() throws {
        var reader = try JSONLinesReader(bytes: Array("{\"at\": 1, \"note\": \"a\", \"note\": \"b\"}\n{\"at\": 1, \"at\": 2}\n".utf8))
        reader.fieldsRead = ["at"]
        #expect(try reader.nextRow()?.values == [.number("1"), .string("a")])
        let error = try #require(throws: HistoryError.self) { try reader.nextRow() }
        #expect(error.description == "history.jsonl:2: `at`: the field is given twice")
    }

    @Test func emptyFileHasNoRows() throws {
        var reader = try JSONLinesReader(bytes: Array("\n \n".utf8))
        #expect(try reader.nextRow() == nil)
        #expect(reader.columns.isEmpty)
    }

    /// Which of two values was meant cannot be known (semantics §2): the record is an
    /// error, and the next one is read.
    @Test func aKeyGivenTwiceIsAnError() throws {
        var reader = try JSONLinesReader(bytes: Array("{\"a\": 1, \"a\": 2}\n{\"a\": 3}\n".utf8))
        #expect(throws: HistoryError(file: "history.jsonl", line: 1, field: "a", message: "the field is given twice")) {
            _ = try reader.nextRow()
        }
        let row = try #require(try reader.nextRow())
        #expect(row.values == [.number("3")])
    }
}
