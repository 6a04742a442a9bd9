import Synchronization

/// Identifies one source file among those a run has loaded.
public struct FileID: Hashable, Sendable, Comparable {
    /// The raw number; unique within a process.
    public let rawValue: UInt32

    /// Creates an identifier from its raw number.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Orders identifiers by their raw number.
    public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.rawValue < rhs.rawValue }

    private static let counter = Atomic<UInt32>(1)

    /// A fresh identifier, unique within this process.
    public static func next() -> FileID {
        FileID(rawValue: counter.add(1, ordering: .relaxed).oldValue)
    }
}

/// One policy file: its path, its bytes and a lazily computed line table.
///
/// Spans point into `bytes`; lines and columns are computed only when a diagnostic is
/// rendered, never while lexing or parsing.
public final class SourceFile: Sendable {
    /// The file's identity, used by every `Span` into it.
    public let id: FileID
    /// The path as the user gave it; shown in diagnostics.
    public let path: String
    /// The raw contents, exactly as read.
    public let bytes: [UInt8]
    /// Byte offsets at which each line starts (line 1 starts at 0).
    public let lineStarts: [Int]
    /// Whether each line is ASCII only: its columns are then its bytes, found without
    /// counting (a diagnostic far along a long line costs no walk from the line's start).
    private let asciiLines: [Bool]

    /// Creates a source file from raw bytes.
    public init(path: String, bytes: [UInt8], id: FileID = .next()) {
        self.id = id
        self.path = path
        self.bytes = bytes
        // A byte order mark is not part of line 1: columns start after it.
        var starts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        var ascii: [Bool] = []
        var high: UInt8 = 0
        for offset in starts[0]..<bytes.count {
            let byte = bytes[offset]
            high |= byte
            if byte == UInt8(ascii: "\n") {
                starts.append(offset + 1)
                ascii.append(high < 0x80)
                high = 0
            }
        }
        ascii.append(high < 0x80)
        self.lineStarts = starts
        self.asciiLines = ascii
    }

    /// Creates a source file from text.
    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The 1-based line and column of a byte offset; columns count Unicode scalars.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        if asciiLines[low] { return (low + 1, max(1, clamped - lineStarts[low] + 1)) }
        var column = 1
        var index = lineStarts[low]
        while index < clamped {
            // Count every byte that starts a scalar (not a UTF-8 continuation byte).
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return (low + 1, column)
    }

    /// The byte range of a 1-based line without its line terminator.
    private func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return 0..<0 }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return start..<end
    }

    /// The scalars of a 1-based line (as `lineText` shows them) in `columns`, 0-based, of
    /// its `count`; for an ASCII line only that part is read.
    func lineScalars(_ line: Int) -> (count: Int, slice: (Range<Int>) -> [Unicode.Scalar]) {
        let range = lineRange(line)
        guard line >= 1, line <= asciiLines.count, asciiLines[line - 1] else {
            let scalars = Array(lineText(line).unicodeScalars)
            return (scalars.count, { Array(scalars[$0]) })
        }
        return (range.count, { columns in
            self.bytes[(range.lowerBound + columns.lowerBound)..<(range.lowerBound + columns.upperBound)]
                .map { $0 == UInt8(ascii: "\r") ? " " : Unicode.Scalar($0) }
        })
    }

    /// The text of a 1-based line without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let range = lineRange(line)
        let start = range.lowerBound, end = range.upperBound
        // A carriage return inside the line (a file ending lines with CR alone) would
        // send a terminal back to the start of the line: shown as a space, one column.
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return text.contains("\r") ? String(text.unicodeScalars.map { $0 == "\r" ? " " : Character($0) }) : text
    }

    /// The text a span covers.
    public func text(of span: Span) -> String {
        let start = max(0, min(span.start, bytes.count))
        let end = max(start, min(span.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The text of a span as a message or a report quotes it: comments dropped and each
    /// run of spaces, tabs and line breaks one space, so an expression written over lines
    /// with comments reads as one line (`price < 10 EUR or stock > 1000`).
    public func shownText(of span: Span) -> String {
        let raw = text(of: span)
        guard raw.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" || $0 == "#" }) else { return raw }
        var out = ""
        var inString = false, escaped = false, inComment = false, space = false
        for character in raw {
            if inComment {
                if character == "\n" || character == "\r\n" { inComment = false; space = true }
                continue
            }
            if inString {
                out.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "#": inComment = true
            case " ", "\t", "\n", "\r", "\r\n": space = true
            default:
                if space, !out.isEmpty { out.append(" ") }
                space = false
                out.append(character)
                if character == "\"" { inString = true }
            }
        }
        return out
    }

    /// The span of the whole file.
    public var wholeSpan: Span { Span(file: id, start: 0, end: bytes.count) }
}
