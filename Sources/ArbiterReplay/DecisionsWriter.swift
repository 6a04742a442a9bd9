import Arbiter
import Foundation

/// `--decisions OUT.csv|OUT.jsonl`: one line per decision in replay order.
///
/// CSV columns: `line` (the history's line), `at`, `key`, `outcome`, then
/// `<control>_from` and `<control>_to` for each control, `fired` and `guards` (names
/// joined by `|`). JSON Lines: the decision's JSON plus `line`.
public final class DecisionsWriter {
    private let handle: FileHandle
    private let isCSV: Bool
    private let controls: [String]
    private var buffer = ""

    /// Creates (truncating) the file and writes the CSV header.
    public init(path: String, controls: [String]) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ReplayError.unreadable("cannot write \(path)")
        }
        self.handle = handle
        self.isCSV = !(path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson"))
        self.controls = controls
        if isCSV {
            buffer = (["line", "at", "key", "outcome"] + controls.flatMap { ["\($0)_from", "\($0)_to"] } + ["fired", "guards"])
                .joined(separator: ",") + "\n"
        }
    }

    /// Starts over (the replay restarted on sorted rows).
    public func reset() throws {
        buffer = ""
        try handle.truncate(atOffset: 0)
        if isCSV {
            buffer = (["line", "at", "key", "outcome"] + controls.flatMap { ["\($0)_from", "\($0)_to"] } + ["fired", "guards"])
                .joined(separator: ",") + "\n"
        }
    }

    /// Appends one decision.
    public func write(_ decision: Decision, line: Int) throws {
        if isCSV {
            var cells = [String(line), decision.at.description, decision.key, decision.outcome.rawValue]
            for name in controls {
                let control = decision.controls[name]
                cells.append(control?.from.description ?? "")
                cells.append(control?.to.description ?? "")
            }
            cells.append(decision.fired.joined(separator: "|"))
            cells.append(decision.guards.map(\.guardName).joined(separator: "|"))
            buffer += cells.map(Self.csvCell).joined(separator: ",") + "\n"
        } else {
            guard case .object(let members) = decision.json else { return }
            buffer += JSONValue.object([("line", .number(String(line)))] + members).text() + "\n"
        }
        if buffer.utf8.count > 1 << 20 { try flush() }
    }

    /// Writes what is buffered.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    /// Flushes and closes.
    public func close() throws {
        try flush()
        try handle.close()
    }

    static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
