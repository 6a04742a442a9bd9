import Arbiter

/// Reads a JSON Lines history: one JSON object per line, streaming over the file's chunks.
///
/// Columns are the object keys in the order they first appear, so `columns` grows when a
/// record brings a new key; each row has one value per column known after reading it,
/// `.null` for keys the record lacks. Blank lines are skipped, a CR before the LF is
/// ignored, and a UTF-8 byte order mark at the start is skipped. A line that is not a JSON
/// object throws a `HistoryError` with its line (and the column of the JSON error); the
/// next call goes on with the following line.
public struct JSONLinesReader: HistoryReader, HistoryProgress {
    /// The keys seen so far, in order of first appearance.
    public private(set) var columns: [String] = []

    /// Records bring their own keys.
    public var columnsGrow: Bool { true }

    /// The fields a record may not give twice, nil for all: a replay reads only the time
    /// and the policies' inputs, and keeps the first value of any other field given twice.
    public var fieldsRead: Set<String>?

    private let file: HistoryFile
    private var columnIndex: [String: Int] = [:]
    // INVARIANT: `buffer[position...]` are the bytes not yet read, starting line `line`.
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var sourceEnded = false
    private var startChecked = false

    /// A reader over `file`.
    public init(file: HistoryFile) {
        self.file = file
    }

    /// Reads JSON Lines from bytes in memory, `chunkSize` bytes at a time (tests).
    public init(bytes: [UInt8], name: String = "history.jsonl", chunkSize: Int = HistoryFile.defaultChunkSize) throws(HistoryError) {
        self.init(file: try HistoryFile(bytes: bytes, name: name, chunkSize: chunkSize))
    }

    /// The next record, nil at the end of the file.
    public mutating func nextRow() throws(HistoryError) -> HistoryRow? {
        if !startChecked {
            while buffer.count < 3, !sourceEnded { try readMore() }
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            startChecked = true
        }
        while true {
            guard let lineEnd = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) ?? (sourceEnded ? buffer.count : nil) else {
                try readMore()
                continue
            }
            if position == buffer.count, sourceEnded { return nil }
            let lineNumber = line
            var contentEnd = lineEnd
            if contentEnd > position, buffer[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let content = Array(buffer[position..<contentEnd])
            position = min(lineEnd + 1, buffer.count)
            line += 1
            if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return try row(content, line: lineNumber)
        }
    }

    /// The share of the file read so far.
    public var fractionRead: Double { file.fractionRead }

    private mutating func row(_ content: [UInt8], line: Int) throws(HistoryError) -> HistoryRow {
        let value: JSONValue
        do {
            value = try JSONValue.parse(content)
        } catch {
            let byteOffset = min(max(error.column - 1, 0), content.count)
            let scalars = byteOffset - content[..<byteOffset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 1 : 0) }
            throw HistoryError(file: file.name, line: line, column: scalars + 1, message: "invalid JSON: \(error.message)")
        }
        guard case .object(let members) = value else {
            let column = (content.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? 0) + 1
            throw HistoryError(file: file.name, line: line, column: column, message: "expected a JSON object, got \(value.shortDescription)")
        }
        for (key, _) in members where columnIndex[key] == nil {
            columnIndex[key] = columns.count
            columns.append(key)
        }
        var values = [JSONValue?](repeating: nil, count: columns.count)
        for (key, member) in members {
            let column = columnIndex[key]!
            // Which of two values was meant cannot be known (semantics §2), as in `eval`.
            guard values[column] == nil else {
                guard fieldsRead?.contains(key) ?? true else { continue }
                throw HistoryError(file: file.name, line: line, field: key, message: "the field is given twice")
            }
            values[column] = member
        }
        return HistoryRow(line: line, values: values.map { $0 ?? .null })
    }

    /// Refills the buffer (see `HistoryFile.refill`).
    private mutating func readMore() throws(HistoryError) {
        try file.refill(&buffer, position: &position, sourceEnded: &sourceEnded, line: line)
    }
}
