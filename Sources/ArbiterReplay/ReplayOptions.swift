/// How a replay runs (`arbiter replay` flags).
public struct ReplayOptions: Sendable {
    /// The time column's name.
    public var timeColumn = "at"
    /// Carry each key's decided values to its next row instead of using the recorded ones.
    public var feedback = false
    /// Treat every pending approval as granted at once.
    public var approveAll = false
    /// Stop at the first bad row.
    public var strict = false
    /// Keys evaluated in parallel (only for policies that pool nothing across keys).
    public var jobs = 1
    /// Read plain CSV records in place (`ReplayRow.swift`); tests turn it off to compare
    /// with the general path.
    var readsPlainCells = true

    /// Creates default options.
    public init() {}
}

/// Why a replay could not run.
public enum ReplayError: Error, Sendable, CustomStringConvertible {
    /// A required input field has no column.
    case missingColumn(field: String, file: String, closest: String?, columns: [String], header: HeaderPlace? = nil)
    /// The time column is missing.
    case missingTimeColumn(name: String, file: String, closest: String?, columns: [String], header: HeaderPlace? = nil)
    /// A bad row with `--strict`, or a file that cannot be read at all.
    case badHistory(HistoryError)
    /// The history file cannot be opened.
    case unreadable(String)

    /// One line (two with a hint).
    public var description: String {
        switch self {
        case .missingColumn(let field, let file, let closest, let columns, let header):
            let place = Self.place(file: file, header: header, pointing: closest, columns: columns)
            if let closest { return "\(place): no column for required input `\(field)`; did you mean `\(closest)`?" }
            return "\(place): no column for required input `\(field)`; the columns are \(columns.map { "`\($0)`" }.joined(separator: ", "))"
        case .missingTimeColumn(let name, let file, let closest, let columns, let header):
            let place = Self.place(file: file, header: header, pointing: closest, columns: columns)
            if let closest { return "\(place): no time column `\(name)`; did you mean `\(closest)`? (or pass --time-column \(closest))" }
            let listed = columns.isEmpty ? "" : "; the columns are \(columns.map { "`\($0)`" }.joined(separator: ", "))"
            return "\(place): no time column `\(name)`\(listed); pass --time-column NAME"
        case .badHistory(let error):
            return error.description
        case .unreadable(let message):
            return message
        }
    }

    /// `file:line:column` at the header cell named `name`, `file:line` at a header without
    /// it, `file` for a history without a header row (JSON Lines).
    private static func place(file: String, header: HeaderPlace?, pointing name: String?, columns: [String]) -> String {
        guard let header else { return file }
        if let name, let index = columns.firstIndex(of: name), index < header.cellColumns.count {
            return "\(file):\(header.line):\(header.cellColumns[index])"
        }
        return "\(file):\(header.line)"
    }

    /// The error placed at a CSV history's header row; other errors as they are.
    func placed(at header: HeaderPlace?) -> ReplayError {
        guard let header else { return self }
        switch self {
        case .missingColumn(let field, let file, let closest, let columns, nil):
            return .missingColumn(field: field, file: file, closest: closest, columns: columns, header: header)
        case .missingTimeColumn(let name, let file, let closest, let columns, nil):
            return .missingTimeColumn(name: name, file: file, closest: closest, columns: columns, header: header)
        default:
            return self
        }
    }
}

/// Where a CSV history's header row lies: its line and the column each cell starts at.
public struct HeaderPlace: Sendable, Equatable {
    /// The header's line, 1-based.
    public var line: Int
    /// The column (1-based, in characters) at which each header cell starts.
    public var cellColumns: [Int]

    /// Creates a place.
    public init(line: Int, cellColumns: [Int]) {
        self.line = line
        self.cellColumns = cellColumns
    }
}
