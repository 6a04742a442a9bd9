import Arbiter

/// One record of a history file: its place and its cells, aligned with the reader's columns.
public struct HistoryRow: Sendable {
    /// The 1-based line on which the record starts (a quoted CSV cell may span lines).
    public var line: Int
    /// One value per column known when the row was read: CSV cells are `.string`
    /// (an empty cell is `.null`); JSON Lines values are as written.
    public var values: [JSONValue]
    /// The 1-based column at which each cell starts (CSV), for error messages; empty for JSON Lines.
    public var cellColumns: [Int]
    /// The line on which each cell starts, when the record spans lines (a quoted cell
    /// holds a line break); empty when every cell is on `line`.
    public var cellLines: [Int]

    /// Creates a row.
    public init(line: Int, values: [JSONValue], cellColumns: [Int] = [], cellLines: [Int] = []) {
        self.line = line
        self.values = values
        self.cellColumns = cellColumns
        self.cellLines = cellLines
    }
}

/// A problem in a history file, with its place.
public struct HistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as named by the user.
    public var file: String
    /// 1-based line; 0 when the problem concerns the file as a whole (it cannot be opened).
    public var line: Int
    /// 1-based column, when known.
    public var column: Int?
    /// The column's name (the field), when known.
    public var field: String?
    /// What is wrong, lowercase, one line.
    public var message: String
    /// Whether the problem damns the whole file, not one record (a gzip stream whose
    /// checksum fails): a replay stops at it, with or without `--strict`.
    public var isFatal: Bool

    /// Creates an error.
    public init(file: String, line: Int, column: Int? = nil, field: String? = nil, message: String, isFatal: Bool = false) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.isFatal = isFatal
    }

    /// `history.csv:12:9: `cost`: expected money, got "abc"` (`history.csv: …` for line 0).
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        if line > 0, let column { text += ":\(column)" }
        text += ": "
        if let field { text += "`\(field)`: " }
        return text + message
    }
}

/// Reads a history file record by record, streaming: memory does not grow with the file.
///
/// `columns` may grow while reading (a JSON Lines record with a new key); rows carry
/// values for the columns known when they were read.
public protocol HistoryReader {
    /// The column names known so far (CSV: the header row).
    var columns: [String] { get }
    /// Whether `columns` can grow as records bring new names (JSON Lines): a required
    /// field no record has brought yet is then missing from a row, not from the file.
    var columnsGrow: Bool { get }
    /// The next row, nil at the end. A malformed record throws with its place; the
    /// reader can go on with the next record after a throw.
    mutating func nextRow() throws(HistoryError) -> HistoryRow?
}

extension HistoryReader {
    public var columnsGrow: Bool { false }
}
