import Arbiter

/// Reads a CSV history (RFC 4180) record by record, streaming over the file's chunks.
///
/// The first non-blank record is the header; its names must be distinct. A UTF-8 byte
/// order mark at the start is skipped. Cells may be quoted, with commas, doubled quotes
/// and line breaks inside; records end with LF or CRLF, the last one with or without a
/// line break; blank lines are skipped. Every cell is a `.string`, an empty one `.null`.
///
/// A malformed record (a cell count that differs from the header's, a stray quote,
/// invalid UTF-8, an unterminated quote) throws a `HistoryError` with its line and column;
/// the next call goes on with the following record.
public struct CSVReader: HistoryReader, HistoryProgress {
    /// The header's names, in order.
    public private(set) var columns: [String] = []
    /// Where the header row lies, for errors about its columns.
    public private(set) var headerPlace = HeaderPlace(line: 1, cellColumns: [])

    private let file: HistoryFile
    private var scanner: CSVRecordScanner
    // INVARIANT: `buffer[position...]` are the bytes not yet scanned; `position` is at the
    // start of line `line`.
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var sourceEnded = false

    /// Reads the header of `file`; the reader then goes on with its records.
    public init(file: HistoryFile) throws(HistoryError) {
        self.file = file
        scanner = CSVRecordScanner(file: file.name, header: [])
        while buffer.count < 3, !sourceEnded { try readMore() }
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        guard let header = try nextRow() else {
            // Of the whole file (no line: the reader is past the last one).
            throw HistoryError(file: file.name, line: 0, message: line > 1 ? "no header row: the file holds only blank lines"
                                                                          : "the file is empty; expected a header row")
        }
        var seen: [String: Int] = [:]
        var names: [String] = []
        for (index, value) in header.values.enumerated() {
            let name = if case .string(let text) = value { text } else { "" }
            // Unnamed columns (a spreadsheet's trailing commas) name no field: any number
            // of them may be given.
            if !name.isEmpty, let first = seen[name] {
                throw HistoryError(file: file.name, line: header.line, column: header.cellColumns[index], field: name,
                                   message: "duplicate column name (also column \(first + 1) of the header)")
            }
            seen[name] = index
            names.append(name)
        }
        columns = names
        headerPlace = HeaderPlace(line: header.line, cellColumns: header.cellColumns)
        scanner.header = names
    }

    /// Reads CSV from bytes in memory, `chunkSize` bytes at a time (tests).
    public init(bytes: [UInt8], name: String = "history.csv", chunkSize: Int = HistoryFile.defaultChunkSize) throws(HistoryError) {
        try self.init(file: HistoryFile(bytes: bytes, name: name, chunkSize: chunkSize))
    }

    /// The next record, nil at the end of the file.
    public mutating func nextRow() throws(HistoryError) -> HistoryRow? {
        while true {
            let scan = buffer.withUnsafeBufferPointer { bytes in
                scanner.scan(bytes, from: position, line: line, isFinal: sourceEnded)
            }
            switch scan {
            case .record(let row, let next, let nextLine):
                position = next
                line = nextLine
                return row
            case .blank(let next, let nextLine):
                position = next
                line = nextLine
            case .malformed(let error, let next, let nextLine):
                position = next
                line = nextLine
                throw error
            case .end:
                return nil
            case .needsMore:
                try readMore()
            }
        }
    }

    /// Where the cells of a plain record (`nextPlainRecord`) lie in the reader's buffer.
    struct PlainCells {
        /// The record's line.
        var line = 0
        /// The buffer offset of the record's start.
        var recordStart = 0
        var starts: [Int] = []
        var ends: [Int] = []
    }

    /// The next record: `.plain` with its cells noted in `cells` (read them with
    /// `withRecord` before the next call), `.row` for a record that is not plain, nil at
    /// the end. Malformed records throw as `nextRow` does.
    enum PlainRead {
        case plain
        case row(HistoryRow)
    }

    mutating func nextPlainRecord(into cells: inout PlainCells) throws(HistoryError) -> PlainRead? {
        let next = buffer.withUnsafeBufferPointer { bytes in
            scanner.scanPlain(bytes, from: position, isFinal: sourceEnded, starts: &cells.starts, ends: &cells.ends)
        }
        if let next {
            cells.line = line
            cells.recordStart = position
            position = next
            line += 1
            return .plain
        }
        return try nextRow().map(PlainRead.row)
    }

    /// Runs `body` on the plain record `nextPlainRecord` noted in `cells`.
    func withRecord<Result>(_ cells: PlainCells, _ body: (PlainRecord) throws -> Result) rethrows -> Result {
        try buffer.withUnsafeBufferPointer { bytes in
            try cells.starts.withUnsafeBufferPointer { starts in
                try cells.ends.withUnsafeBufferPointer { ends in
                    try body(PlainRecord(bytes: bytes, starts: starts, ends: ends, recordStart: cells.recordStart, line: cells.line))
                }
            }
        }
    }

    /// The share of the file read so far.
    public var fractionRead: Double { file.fractionRead }

    /// Refills the buffer (see `HistoryFile.refill`).
    private mutating func readMore() throws(HistoryError) {
        try file.refill(&buffer, position: &position, sourceEnded: &sourceEnded, line: line)
    }
}
