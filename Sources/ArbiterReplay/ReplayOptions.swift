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
    case missingColumn(field: String, file: String, closest: String?, columns: [String])
    /// The time column is missing.
    case missingTimeColumn(name: String, file: String, closest: String?)
    /// A bad row with `--strict`, or a file that cannot be read at all.
    case badHistory(HistoryError)
    /// The history file cannot be opened.
    case unreadable(String)

    /// One line (two with a hint).
    public var description: String {
        switch self {
        case .missingColumn(let field, let file, let closest, let columns):
            if let closest { return "\(file): no column for required input `\(field)`; did you mean `\(closest)`?" }
            return "\(file): no column for required input `\(field)`; the columns are \(columns.map { "`\($0)`" }.joined(separator: ", "))"
        case .missingTimeColumn(let name, let file, let closest):
            return "\(file): no time column `\(name)`" + (closest.map { "; did you mean `\($0)`? (or pass --time-column \($0))" } ?? "; pass --time-column NAME")
        case .badHistory(let error):
            return error.description
        case .unreadable(let message):
            return message
        }
    }
}
