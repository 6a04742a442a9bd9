import Arbiter

// What the replay reads from one row, whatever holds it: a decoded row (`PendingRow`:
// JSON Lines, a sorted file, the parallel pipeline, a CSV record that is not plain) or a
// plain CSV record read in place in the reader's buffer (`PlainRecord`). The pass is
// generic over it, so both give the same decisions, skipped rows and messages; only the
// plain record saves making a `String` and a `JSONValue` per cell.

/// One history row as the replay reads it.
protocol ReplayRow {
    /// The row's line in the file.
    var line: Int { get }
    /// The cell in `column` as a value; nil when the row has no such cell.
    func value(_ column: Int) -> JSONValue?
    /// The 1-based column at which the cell starts, for messages.
    func cellColumn(_ column: Int) -> Int?
    /// The line on which the cell starts (a record's cells can span lines), for messages.
    func cellLine(_ column: Int) -> Int
    /// Runs `body` on the UTF-8 of the cell in `column`: empty when the row has no such
    /// cell or the cell is not text.
    func withCell<Result>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result
    /// Decodes the cell in `column` into `decider`'s input `slot`.
    func load(_ column: Int, into decider: Decider, slot: Int) -> SlotValueError?
}

/// A row whose cells are decoded values (`HistoryRow`, `ReplayPass.PendingRow`).
protocol DecodedRow: ReplayRow {
    var values: [JSONValue] { get }
    var cellColumns: [Int] { get }
    var cellLines: [Int] { get }
}

extension HistoryRow: DecodedRow {}
extension ReplayPass.PendingRow: DecodedRow {}

extension DecodedRow {
    func value(_ column: Int) -> JSONValue? {
        column < values.count ? values[column] : nil
    }

    func cellColumn(_ column: Int) -> Int? {
        column < cellColumns.count ? cellColumns[column] : nil
    }

    func cellLine(_ column: Int) -> Int {
        column < cellLines.count ? cellLines[column] : line
    }

    func withCell<Result>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        guard column < values.count, case .string(var cell) = values[column] else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try cell.withUTF8(body)
    }

    func load(_ column: Int, into decider: Decider, slot: Int) -> SlotValueError? {
        decider.loadInput(value(column), slot: slot)
    }
}

/// A plain CSV record (one line, unquoted ASCII cells, as many as the header's) read in
/// place: cell `i` is `bytes[starts[i]..<ends[i]]`, and the record starts at
/// `recordStart`. Valid only inside `CSVReader.withRecord` or `ParallelReplay.Batch.withRecord`.
struct PlainRecord: ReplayRow {
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<Int>
    let ends: UnsafeBufferPointer<Int>
    let recordStart: Int
    let line: Int

    /// The bytes from the record's start to the end of its last cell.
    var recordBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[recordStart..<(ends.last ?? recordStart)])
    }

    /// A cell's bytes.
    func slice(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[starts[column]..<ends[column]])
    }

    /// As `CSVRecordScanner.scan` gives it: `.string`, or `.null` when empty.
    func value(_ column: Int) -> JSONValue? {
        guard column < starts.count else { return nil }
        let cell = slice(column)
        return cell.isEmpty ? .null : .string(String(decoding: cell, as: UTF8.self))
    }

    func cellColumn(_ column: Int) -> Int? {
        column < starts.count ? starts[column] - recordStart + 1 : nil
    }

    /// A plain record is on one line.
    func cellLine(_ column: Int) -> Int { line }

    func withCell<Result>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(column < starts.count ? slice(column) : UnsafeBufferPointer(start: nil, count: 0))
    }

    func load(_ column: Int, into decider: Decider, slot: Int) -> SlotValueError? {
        guard column < starts.count else { return decider.loadInput(nil, slot: slot) }
        let cell = slice(column)
        return cell.isEmpty ? decider.loadInput(.null, slot: slot) : decider.loadInput(utf8: cell, slot: slot)
    }
}
