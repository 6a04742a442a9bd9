import ArbiterReplay
import Testing

/// One CSV input and everything reading it must produce.
struct CSVCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var expected: [String]

    init(_ name: String, _ input: String, _ expected: [String]) {
        self.init(name, Array(input.utf8), expected)
    }

    init(_ name: String, _ input: [UInt8], _ expected: [String]) {
        self.name = name
        self.input = input
        self.expected = expected
    }

    var testDescription: String { name }

    static let all: [CSVCase] = [
        CSVCase("plain rows", "at,sku\n2027,A\n2028,B\n", ["columns: at|sku", #"2: "2027"@1 "A"@6"#, #"3: "2028"@1 "B"@6"#]),
        CSVCase("comma inside quotes", "a,b\n\"x,y\",z\n", ["columns: a|b", #"2: "x,y"@1 "z"@7"#]),
        CSVCase("doubled quotes", "a,b\n\"say \"\"hi\"\"\",z\n", ["columns: a|b", #"2: "say \"hi\""@1 "z"@14"#]),
        CSVCase("line break inside quotes", "a,b\n\"one\ntwo\",z\n3,4\n",
                ["columns: a|b", #"2: "one\ntwo"@1 "z"@6"#, #"4: "3"@1 "4"@3"#]),
        CSVCase("CRLF", "a,b\r\n1,2\r\n3,4\r\n", ["columns: a|b", #"2: "1"@1 "2"@3"#, #"3: "3"@1 "4"@3"#]),
        CSVCase("CRLF inside quotes", "a\r\n\"x\r\ny\"\r\n", ["columns: a", #"2: "x\r\ny"@1"#]),
        CSVCase("byte order mark", "\u{FEFF}a,b\n1,2\n", ["columns: a|b", #"2: "1"@1 "2"@3"#]),
        CSVCase("no final line break", "a,b\n1,2", ["columns: a|b", #"2: "1"@1 "2"@3"#]),
        CSVCase("final CR alone", "a,b\r\n1,2\r", ["columns: a|b", #"2: "1"@1 "2"@3"#]),
        CSVCase("quoted cell at the end of the file", "a,b\n1,\"x\"", ["columns: a|b", #"2: "1"@1 "x"@3"#]),
        CSVCase("trailing comma at the end of the file", "a,b\n1,", ["columns: a|b", #"2: "1"@1 nil@3"#]),
        CSVCase("blank lines", "\na,b\n\n1,2\n\r\n\n3,4\n\n", ["columns: a|b", #"4: "1"@1 "2"@3"#, #"7: "3"@1 "4"@3"#]),
        CSVCase("empty cells are null", "a,b,c\n,x,\n\"\",\"\",y\n", ["columns: a|b|c", #"2: nil@1 "x"@2 nil@4"#, #"3: nil@1 nil@4 "y"@7"#]),
        CSVCase("columns count scalars", "a,b,c\né,日本,x\n", ["columns: a|b|c", #"2: "é"@1 "日本"@3 "x"@6"#]),
        CSVCase("spaces are kept", "a,b\n 1 , 2\n", ["columns: a|b", #"2: " 1 "@1 " 2"@5"#]),
        CSVCase("extra cell", "a,b\n1,2,3\n4,5\n",
                ["columns: a|b", "error: history.csv:2:5: extra cell: the row has 3 cells, the header 2", #"3: "4"@1 "5"@3"#]),
        CSVCase("missing cell", "a,b,c\n1,2\n4,5,6\n",
                ["columns: a|b|c", "error: history.csv:2:4: `c`: missing cell: the row has 2 cells, the header 3", #"3: "4"@1 "5"@3 "6"@5"#]),
        CSVCase("missing cell after a multi-line cell", "a,b,c\n\"x\ny\",2\n",
                ["columns: a|b|c", "error: history.csv:3:5: `c`: missing cell: the row has 2 cells, the header 3"]),
        CSVCase("unterminated quote", "a,b\n1,\"abc\n2,3\n4,5\n",
                ["columns: a|b",
                 "error: history.csv:2:3: `b`: unterminated quoted cell (no closing quote before the end of the file)",
                 #"3: "2"@1 "3"@3"#, #"4: "4"@1 "5"@3"#]),
        CSVCase("unterminated quote on the last line", "a,b\n1,2\n3,\"x",
                ["columns: a|b", #"2: "1"@1 "2"@3"#,
                 "error: history.csv:3:3: `b`: unterminated quoted cell (no closing quote before the end of the file)"]),
        // A stray quote whose "closing" quote, lines later, opens a later cell: only the
        // line it opens on is lost, not the rows up to that quote.
        CSVCase("unterminated quote closed by a later cell's quote", "a,b\n1,\"x\n2,3\n\"4\",5\n",
                ["columns: a|b",
                 "error: history.csv:2:3: `b`: unterminated quoted cell (its quote is not closed on its line; the next quote, at line 4, column 1, is followed by text)",
                 #"3: "2"@1 "3"@3"#, #"4: "4"@1 "5"@5"#]),
        // A file whose lines end in a lone CR counts a CR inside a quoted cell as a line
        // too, and resumes after a bad record at the next CR.
        CSVCase("CR-only lines across a quoted cell", "a,b\r\"x\ry\",1\r2,3x\"\r4,5\r",
                ["columns: a|b", #"2: "x\ry"@1 "1"@4"#,
                 "error: history.csv:4:5: `b`: quote inside an unquoted cell (quote the whole cell and double the quote)",
                 #"5: "4"@1 "5"@3"#]),
        CSVCase("quote inside an unquoted cell", "a,b\n1,ab\"c\n3,4\n",
                ["columns: a|b", "error: history.csv:2:5: `b`: quote inside an unquoted cell (quote the whole cell and double the quote)",
                 #"3: "3"@1 "4"@3"#]),
        CSVCase("text after a closing quote", "a,b\n\"x\"y,2\n3,4\n",
                ["columns: a|b", "error: history.csv:2:4: `a`: unexpected text after the closing quote of a cell", #"3: "3"@1 "4"@3"#]),
        CSVCase("invalid UTF-8", Array("a,b\n1,".utf8) + [0xFF, 0x41] + Array("\n3,4\n".utf8),
                ["columns: a|b", "error: history.csv:2:3: `b`: invalid UTF-8", #"3: "3"@1 "4"@3"#]),
        CSVCase("duplicate column", "a,b,a\n1,2,3\n", ["error: history.csv:1:5: `a`: duplicate column name (also column 1 of the header)"]),
        // A spreadsheet's trailing commas: unnamed columns, as many as there are.
        CSVCase("unnamed columns repeat", "a,b,,\n1,2,,\n", ["columns: a|b||", #"2: "1"@1 "2"@3 nil@5 nil@6"#]),
        // Rows may leave the cells of trailing unnamed columns out, but no named one.
        CSVCase("rows without the unnamed columns' cells", "a,b,,\n1,2\n3,4,\n5\n",
                ["columns: a|b||", #"2: "1"@1 "2"@3 nil@3 nil@3"#, #"3: "3"@1 "4"@3 nil@5 nil@5"#,
                 "error: history.csv:4:2: `b`: missing cell: the row has 1 cells, the header 4"]),
        CSVCase("empty file", "", ["error: history.csv: the file is empty; expected a header row"]),
        CSVCase("only blank lines", "\u{FEFF}\n\r\n", ["error: history.csv: no header row: the file holds only blank lines"]),
        CSVCase("one blank line", "\n", ["error: history.csv: no header row: the file holds only blank lines"]),
        CSVCase("header only", "a,b\n", ["columns: a|b"]),
    ]
}

@Suite struct CSVReaderTests {
    @Test(arguments: CSVCase.all)
    func reads(_ testCase: CSVCase) {
        #expect(HistoryTranscript.csv(testCase.input) == testCase.expected)
    }

    @Test(arguments: CSVCase.all, [1, 2, 3, 7, 64])
    func chunkBoundariesDoNotMatter(_ testCase: CSVCase, chunkSize: Int) {
        #expect(HistoryTranscript.csv(testCase.input, chunkSize: chunkSize) == testCase.expected)
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4_096])
    func longHistoryReadsTheSameInAnyChunks(chunkSize: Int) throws {
        let text = try SampleHistory.csv(policy: "garden_pricing", days: 3, keys: 20, seed: 7)
        let whole = HistoryTranscript.csv(text)
        #expect(whole.count == 61)
        #expect(HistoryTranscript.csv(text, chunkSize: chunkSize) == whole)
    }

    @Test func recordLongerThanManyChunks() {
        let long = String(repeating: "x,\"\"y\n", count: 2_000)
        let text = "a,b\n1,\"" + long + "\"\n2,3\n"
        let lines = HistoryTranscript.csv(text, chunkSize: 5)
        #expect(lines.count == 3)
        #expect(lines.last == #"2003: "2"@1 "3"@3"#)
    }

    /// A record that never ends (a device, a binary file) stops the replay once it passes
    /// the limit, at the line it starts on, instead of filling memory.
    @Test(arguments: [1, 7, 64])
    func aRecordPastTheLimitStopsTheFile(chunkSize: Int) throws {
        let file = try HistoryFile(bytes: Array(("a,b\n1,2\n3," + String(repeating: "x", count: 500) + "\n4,5\n").utf8),
                                   name: "endless.csv", chunkSize: chunkSize)
        file.maximumRecordBytes = 100
        var reader = try CSVReader(file: file)
        #expect(try reader.nextRow()?.values == [.string("1"), .string("2")])
        let error = try #require(throws: HistoryError.self) { try reader.nextRow() }
        #expect(error.isFatal)
        #expect(error.description == "endless.csv:3: a record longer than 100 bytes starts here (no line end, or a quote never closed): "
            + "is this a CSV or JSON Lines history?")
    }

    @Test func rowsCarryTheirValuesAndColumns() throws {
        var reader = try CSVReader(bytes: Array("at,price\n2027-02-01T06:00:00Z,24.90\n".utf8))
        let row = try #require(try reader.nextRow())
        #expect(row.values == [.string("2027-02-01T06:00:00Z"), .string("24.90")])
        #expect(row.cellColumns == [1, 22])
        #expect(try reader.nextRow() == nil)
        #expect(try reader.nextRow() == nil)
        #expect(reader.fractionRead == 1)
    }
}
