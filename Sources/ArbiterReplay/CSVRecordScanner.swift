import Arbiter

// How CSV records are scanned
//
// The reader keeps one buffer of bytes and asks the scanner for the record that starts at
// an offset. The scanner is a pure function of (bytes, offset, line, is the buffer final):
// it walks the record once, cell by cell, and answers with the record, a blank line to
// skip, a malformed record to skip (with the offset to resume from), the end, or "needs
// more": the buffer stops inside the record. Then the reader drops the bytes before the
// record, appends at least as many bytes as it kept (so a long record costs amortised
// linear time) and scans the same record again from its start. A scan never changes
// state, so starting over is always safe, and a record's bytes are contiguous while it is
// scanned: each cell becomes one `String` straight from the buffer, with no per-byte
// copying. Only a quoted cell with doubled quotes is copied, to collapse them.
//
// An unquoted cell runs to a comma, CR or LF. Its bytes above `,` (digits, letters, `.`,
// `-`, `:` and every non-ASCII byte) take a single comparison each; the few below are
// checked one by one. A `"` inside an unquoted cell is an error. A quoted cell runs to a
// `"` not followed by another `"`, across commas and line breaks; what follows the closing
// quote must end the cell. A record ends at LF, CRLF, a lone CR, or the end of the file.
//
// Columns count Unicode scalars from the start of the cell's physical line: the byte
// offset minus the UTF-8 continuation bytes (`10xxxxxx`) before it on that line. The bytes
// of each cell are OR-ed together as they are scanned, so ASCII cells skip both the
// counting and UTF-8 validation.
//
// After an error inside a record (a stray quote, text after a closing quote) the scanner
// resumes at the next line (after LF, CRLF or a lone CR); after a record with the wrong
// number of cells or invalid UTF-8, after the record. A quoted cell that runs across
// lines to a quote followed by text, or to the end of the file, was opened by a stray
// quote: the line it opens on is the bad record, and scanning resumes at the line after
// it, so one typo costs one row.
//
// A replay reads most records through `scanPlain`, which makes no values: for a record
// on one line whose cells are unquoted ASCII, as many as the header's, it only notes
// where each cell starts and ends, and the replay decodes numbers straight from the
// buffer. Anything else (a quote, a non-ASCII byte, a blank line, a wrong count, the end
// of the buffer) makes it answer nil, and the record goes through `scan`, so every
// error, column and value is the one `scan` gives.

/// What scanning from a record's start found.
enum CSVScan {
    /// A complete record, and where the next one starts.
    case record(HistoryRow, next: Int, nextLine: Int)
    /// A blank line, skipped.
    case blank(next: Int, nextLine: Int)
    /// A malformed record: the error, and where to resume.
    case malformed(HistoryError, next: Int, nextLine: Int)
    /// The buffer ends inside the record: scan again from the same start with more bytes.
    case needsMore
    /// Nothing left (the buffer is final).
    case end
}

/// Scans one CSV record (RFC 4180) out of a buffer; see the essay above.
struct CSVRecordScanner {
    /// The file's name, for errors.
    let file: String
    /// The column names; empty while the header itself is scanned (no cell count check).
    var header: [String]

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Scans the record that starts at `start` on line `startLine`.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line startLine: Int, isFinal: Bool) -> CSVScan {
        let end = bytes.count
        guard start < end else { return isFinal ? .end : .needsMore }
        if bytes[start] == Self.lineFeed { return .blank(next: start + 1, nextLine: startLine + 1) }
        if bytes[start] == Self.carriageReturn {
            guard start + 1 < end else { return isFinal ? .blank(next: end, nextLine: startLine + 1) : .needsMore }
            return .blank(next: start + (bytes[start + 1] == Self.lineFeed ? 2 : 1), nextLine: startLine + 1)
        }
        let expected = header.count
        var values: [JSONValue] = []
        var columns: [Int] = []
        // Filled only once a cell starts on a later line than the record.
        var lines: [Int] = []
        values.reserveCapacity(max(expected, 8))
        columns.reserveCapacity(max(expected, 8))
        var line = startLine
        var lineStart = start
        // INVARIANT: the UTF-8 continuation bytes in `lineStart..<cellStart`.
        var lineContinuations = 0
        var problem: HistoryError?
        var extraCell: (line: Int, column: Int)?
        var index = start
        let next: Int
        while true {
            let cellStart = index
            let column = cellStart - lineStart - lineContinuations + 1
            let cellLine = line
            if expected > 0, values.count == expected, extraCell == nil { extraCell = (line, column) }
            var high: UInt8 = 0
            var crossedLine = false
            var contentStart = cellStart
            let contentEnd: Int
            var escaped = false
            if index < end, bytes[index] == Self.quote {
                index += 1
                contentStart = index
                while true {
                    guard index < end else {
                        guard isFinal else { return .needsMore }
                        // A stray quote, not a cell that runs to the end of the file: the
                        // line it opens on is the bad row, and reading goes on from the next
                        // line, so one typo does not swallow the rest of the history.
                        let error = failure(column: column, line: cellLine, field: values.count,
                                            "unterminated quoted cell (no closing quote before the end of the file)")
                        return .malformed(error, next: Self.nextLine(bytes, after: cellStart) ?? end, nextLine: cellLine + 1)
                    }
                    let byte = bytes[index]
                    if byte == Self.quote {
                        if index + 1 < end {
                            if bytes[index + 1] == Self.quote {
                                escaped = true
                                index += 2
                                continue
                            }
                        } else if !isFinal {
                            return .needsMore
                        }
                        break
                    }
                    // A line break inside the cell: LF, CRLF (counted at its LF) or a lone CR,
                    // as between records.
                    if byte == Self.lineFeed || (byte == Self.carriageReturn && (index + 1 >= end || bytes[index + 1] != Self.lineFeed)) {
                        line += 1
                        lineStart = index + 1
                        crossedLine = true
                    }
                    high |= byte
                    index += 1
                }
                contentEnd = index
                index += 1
                if index < end, bytes[index] != Self.comma, bytes[index] != Self.lineFeed, bytes[index] != Self.carriageReturn {
                    guard crossedLine else {
                        return resync(bytes, at: index, line: line, lineStart: lineStart, isFinal: isFinal,
                                      field: values.count, "unexpected text after the closing quote of a cell")
                    }
                    // The quote that "closes" the cell lines later is followed by text: it
                    // opens a later cell, and this cell's quote was never closed. The line
                    // it opens on is the bad row, and reading goes on from the next line, so
                    // one stray quote does not swallow the rows up to the next one.
                    let closing = index - 1
                    let closingColumn = closing - lineStart - Self.continuations(bytes, lineStart..<closing) + 1
                    let error = failure(column: column, line: cellLine, field: values.count,
                                        "unterminated quoted cell (its quote is not closed on its line; the next quote, "
                                        + "at line \(line), column \(closingColumn), is followed by text)")
                    return .malformed(error, next: Self.nextLine(bytes, after: cellStart) ?? end, nextLine: cellLine + 1)
                }
            } else {
                while index < end {
                    let byte = bytes[index]
                    if byte > Self.comma {
                        high |= byte
                        index += 1
                        continue
                    }
                    if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    if byte == Self.quote {
                        return resync(bytes, at: index, line: line, lineStart: lineStart, isFinal: isFinal,
                                      field: values.count, "quote inside an unquoted cell (quote the whole cell and double the quote)")
                    }
                    index += 1
                }
                if index == end, !isFinal { return .needsMore }
                contentEnd = index
            }
            let value = Self.value(bytes, contentStart..<contentEnd, isASCII: high < 0x80, escaped: escaped)
            if value == nil, problem == nil {
                problem = failure(column: column, line: cellLine, field: values.count, "invalid UTF-8")
            }
            values.append(value ?? .null)
            columns.append(column)
            if cellLine != startLine, lines.isEmpty { lines = Array(repeating: startLine, count: columns.count - 1) }
            if !lines.isEmpty { lines.append(cellLine) }
            if crossedLine {
                lineContinuations = high < 0x80 ? 0 : Self.continuations(bytes, lineStart..<index)
            } else if high >= 0x80 {
                lineContinuations += Self.continuations(bytes, cellStart..<index)
            }
            // The separator: `index < end` unless the buffer is final.
            guard index < end else {
                next = end
                break
            }
            let separator = bytes[index]
            if separator == Self.comma {
                index += 1
                continue
            }
            if separator == Self.lineFeed {
                next = index + 1
            } else if index + 1 < end {
                next = index + (bytes[index + 1] == Self.lineFeed ? 2 : 1)
            } else if isFinal {
                next = end
            } else {
                return .needsMore
            }
            break
        }
        if let problem { return .malformed(problem, next: next, nextLine: line + 1) }
        // A spreadsheet's header may end in unnamed columns (`a,b,,`) its rows leave out:
        // those cells name nothing, so a row without them is whole.
        if expected > 0, values.count < expected, header[values.count...].allSatisfy(\.isEmpty) {
            while values.count < expected {
                values.append(.null)
                columns.append(columns.last ?? 1)
                if let last = lines.last { lines.append(last) }
            }
        }
        if expected > 0, values.count != expected {
            let message = "the row has \(values.count) cells, the header \(expected)"
            if let extraCell {
                return .malformed(HistoryError(file: file, line: extraCell.line, column: extraCell.column, message: "extra cell: " + message),
                                  next: next, nextLine: line + 1)
            }
            let recordEnd = index
            let column = recordEnd - lineStart - Self.continuations(bytes, lineStart..<recordEnd) + 1
            return .malformed(failure(column: column, line: line, field: values.count, "missing cell: " + message), next: next, nextLine: line + 1)
        }
        return .record(HistoryRow(line: startLine, values: values, cellColumns: columns, cellLines: lines), next: next, nextLine: line + 1)
    }

    /// Notes the cells of a plain record (see the essay above) starting at `start` in
    /// `starts` and `ends`, and returns where the next record starts; nil when the record
    /// is not plain or the buffer ends inside it.
    func scanPlain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool,
                   starts: inout [Int], ends: inout [Int]) -> Int? {
        let expected = header.count
        guard expected > 0, start < bytes.count, bytes[start] != Self.lineFeed, bytes[start] != Self.carriageReturn else { return nil }
        // A plain record has exactly `expected` cells: the offsets are written in place,
        // without an append (and its uniqueness and capacity checks) per cell.
        if starts.count != expected {
            starts = Array(repeating: 0, count: expected)
            ends = Array(repeating: 0, count: expected)
        }
        return starts.withUnsafeMutableBufferPointer { starts in
            ends.withUnsafeMutableBufferPointer { ends in
                scanPlain(bytes, from: start, isFinal: isFinal, starts: starts, ends: ends)
            }
        }
    }

    private func scanPlain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool,
                           starts: UnsafeMutableBufferPointer<Int>, ends: UnsafeMutableBufferPointer<Int>) -> Int? {
        let end = bytes.count
        let expected = starts.count
        var high: UInt8 = 0
        var index = start
        var cell = 0
        while true {
            starts[cell] = index
            while index < end {
                let byte = bytes[index]
                if byte > Self.comma {
                    high |= byte
                } else if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn {
                    break
                } else if byte == Self.quote {
                    return nil
                }
                index += 1
            }
            ends[cell] = index
            cell += 1
            guard index < end else {
                // The last record of the file may end without a line break.
                guard isFinal, high < 0x80, cell == expected else { return nil }
                return end
            }
            let separator = bytes[index]
            if separator == Self.comma {
                guard cell < expected else { return nil }
                index += 1
                continue
            }
            guard high < 0x80, cell == expected else { return nil }
            if separator == Self.lineFeed { return index + 1 }
            // A CR: CRLF, or a lone CR; the LF may be in the next chunk.
            guard index + 1 < end else { return isFinal ? end : nil }
            return index + (bytes[index + 1] == Self.lineFeed ? 2 : 1)
        }
    }

    /// An error inside a record: reported at `position`, resuming after the next LF.
    private func resync(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, line: Int, lineStart: Int, isFinal: Bool,
                        field: Int, _ message: String) -> CSVScan {
        let next = Self.nextLine(bytes, after: position)
        if next == nil, !isFinal { return .needsMore }
        let column = position - lineStart - Self.continuations(bytes, lineStart..<position) + 1
        return .malformed(failure(column: column, line: line, field: field, message), next: next ?? bytes.count, nextLine: line + 1)
    }

    /// Where the line after the one holding `position` starts: past its LF, CRLF or lone
    /// CR; nil when the buffer ends first (or ends with a CR whose LF may follow).
    static func nextLine(_ bytes: UnsafeBufferPointer<UInt8>, after position: Int) -> Int? {
        var index = position
        while index < bytes.count {
            let byte = bytes[index]
            if byte == lineFeed { return index + 1 }
            if byte == carriageReturn {
                guard index + 1 < bytes.count else { return nil }
                return bytes[index + 1] == lineFeed ? index + 2 : index + 1
            }
            index += 1
        }
        return nil
    }

    private func failure(column: Int, line: Int, field index: Int, _ message: String) -> HistoryError {
        HistoryError(file: file, line: line, column: column, field: index < header.count ? header[index] : nil, message: message)
    }

    /// A cell's value: nil for invalid UTF-8, `.null` when empty.
    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isASCII: Bool, escaped: Bool) -> JSONValue? {
        guard !range.isEmpty else { return .null }
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if escaped {
            var collapsed: [UInt8] = []
            collapsed.reserveCapacity(range.count)
            var afterQuote = false
            for byte in slice {
                if byte == quote, afterQuote {
                    afterQuote = false
                    continue
                }
                afterQuote = byte == quote
                collapsed.append(byte)
            }
            return String(validating: collapsed, as: UTF8.self).map(JSONValue.string)
        }
        if isASCII { return .string(String(decoding: slice, as: UTF8.self)) }
        return String(validating: slice, as: UTF8.self).map(JSONValue.string)
    }

    /// The UTF-8 continuation bytes in a range: bytes minus these are Unicode scalars.
    static func continuations(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for index in range where bytes[index] & 0xC0 == 0x80 { count += 1 }
        return count
    }
}
