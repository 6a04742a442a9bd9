import ArbiterReplay

/// Everything a history reader produced, one line per row or error, so tests compare
/// whole readings at once.
///
/// A row reads `2: "x,y"@1 nil@5` (line, then each cell with its column, when known); an
/// error reads `error: history.csv:2:5: …`.
enum HistoryTranscript {
    /// Reads CSV bytes to the end, `chunkSize` bytes at a time.
    static func csv(_ bytes: [UInt8], name: String = "history.csv", chunkSize: Int = HistoryFile.defaultChunkSize) -> [String] {
        do {
            let file = try HistoryFile(bytes: bytes, name: name, chunkSize: chunkSize)
            var reader = try CSVReader(file: file)
            return ["columns: " + reader.columns.joined(separator: "|")] + readAll(&reader)
        } catch {
            return ["error: \(error)"]
        }
    }

    /// Reads CSV text to the end.
    static func csv(_ text: String, chunkSize: Int = HistoryFile.defaultChunkSize) -> [String] {
        csv(Array(text.utf8), chunkSize: chunkSize)
    }

    /// Reads JSON Lines bytes to the end; the columns known at the end come last.
    static func jsonLines(_ bytes: [UInt8], chunkSize: Int = HistoryFile.defaultChunkSize) -> [String] {
        do {
            var reader = try JSONLinesReader(bytes: bytes, chunkSize: chunkSize)
            let rows = readAll(&reader)
            return rows + ["columns: " + reader.columns.joined(separator: "|")]
        } catch {
            return ["error: \(error)"]
        }
    }

    /// Reads any reader to the end (at most 100,000 steps, so a bug cannot hang a test).
    static func readAll(_ reader: inout some HistoryReader) -> [String] {
        var lines: [String] = []
        for _ in 0..<100_000 {
            do {
                guard let row = try reader.nextRow() else { return lines }
                lines.append(render(row))
            } catch {
                lines.append("error: \(error)")
            }
        }
        lines.append("error: the reader did not end")
        return lines
    }

    /// `2: "a"@1 nil@3`.
    static func render(_ row: HistoryRow) -> String {
        var text = "\(row.line):"
        for (index, value) in row.values.enumerated() {
            text += " "
            switch value {
            case .null: text += "nil"
            case .string(let string): text += String(reflecting: string)
            case .number(let number): text += number
            default: text += value.shortDescription
            }
            if index < row.cellColumns.count { text += "@\(row.cellColumns[index])" }
        }
        return text
    }
}
