import Arbiter
import Foundation

/// `--decisions OUT.csv|OUT.jsonl`: one line per decision in replay order.
///
/// CSV columns: `line` (the history's line), `at`, `key`, `outcome`, then
/// `<control>_from` and `<control>_to` for each control, `fired` and `guards` (names
/// joined by `|`), `error` (an `error` decision's message) and `warnings` (joined by
/// `; `). JSON Lines: the decision's JSON plus `line`.
///
/// The lines go to `OUT.partial` beside the file, which `close()` renames to `OUT`: a replay
/// that fails (or is stopped) leaves an existing `OUT` as it was, and `discard()` removes
/// the partial file.
public final class DecisionsWriter {
    private let handle: FileHandle
    private let isCSV: Bool
    private let controls: [String]
    private var buffer = ""
    private let path: String
    private let partialPath: String

    /// Creates the partial file and writes the CSV header.
    public init(path: String, controls: [String]) throws {
        let partialPath = path + ".partial"
        guard FileManager.default.createFile(atPath: partialPath, contents: nil), let handle = FileHandle(forWritingAtPath: partialPath) else {
            throw ReplayError.unreadable("cannot write \(partialPath)")
        }
        self.handle = handle
        self.path = path
        self.partialPath = partialPath
        PartialFileCleanup.register(partialPath)
        self.isCSV = !Self.isJSONLines(path)
        self.controls = controls
        if isCSV { buffer = header }
    }

    /// The CSV header line.
    private var header: String {
        (["line", "at", "key", "outcome"] + controls.flatMap { ["\($0)_from", "\($0)_to"] } + ["fired", "guards", "error", "warnings"])
            .joined(separator: ",") + "\n"
    }

    /// Starts over (the replay restarted on sorted rows).
    public func reset() throws {
        buffer = ""
        try handle.truncate(atOffset: 0)
        if isCSV { buffer = header }
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
            cells.append(decision.error?.message ?? "")
            cells.append(decision.warnings.joined(separator: "; "))
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

    /// Flushes, closes, and puts the file in place of `OUT`.
    public func close() throws {
        try flush()
        try handle.close()
        PartialFileCleanup.unregister()
        if rename(partialPath, path) != 0 {
            unlink(partialPath)
            throw ReplayError.unreadable("cannot write \(path): \(String(cString: strerror(errno)).lowercased())")
        }
    }

    /// Closes and removes the partial file, leaving `OUT` as it was.
    public func discard() {
        PartialFileCleanup.unregister()
        try? handle.close()
        unlink(partialPath)
    }

    /// Whether `path` names JSON Lines (`.jsonl`, `.ndjson`); any other name is written as CSV.
    static func isJSONLines(_ path: String) -> Bool {
        let name = path.lowercased()
        return name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson")
    }

    /// Whether `path`'s name says a format the writer writes: `.csv`, `.jsonl` or `.ndjson`.
    public static func namesAFormat(_ path: String) -> Bool {
        isJSONLines(path) || path.lowercased().hasSuffix(".csv")
    }

    static func csvCell(_ text: String) -> String {
        // By byte: "\r\n" is one `Character`, equal to neither "\r" nor "\n".
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Removes the partial decisions file when the process is interrupted (Ctrl-C) or
/// terminated, then dies of the same signal: a stopped replay leaves neither a
/// half-written `OUT.partial` nor a changed `OUT`. One file at a time, as a replay
/// writes one. The handler only calls `unlink`, `signal` and `raise`, which are safe
/// in a signal handler; the path is a C string made before the handler can run.
enum PartialFileCleanup {
    nonisolated(unsafe) private static var path: UnsafeMutablePointer<CChar>?
    /// The handlers before `register`, put back by `unregister` (a program embedding the
    /// replay keeps its own).
    nonisolated(unsafe) private static var previous: [Int32: __sighandler_t?] = [:]
    private static let signals = [SIGINT, SIGTERM, SIGHUP]

    static func register(_ partialPath: String) {
        unregister()
        path = strdup(partialPath)
        for signalNumber in signals {
            previous[signalNumber] = signal(signalNumber) { received in
                if let path = PartialFileCleanup.path { unlink(path) }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    static func unregister() {
        guard let registered = path else { return }
        path = nil
        for signalNumber in signals { signal(signalNumber, previous[signalNumber] ?? SIG_DFL) }
        previous = [:]
        free(registered)
    }
}
