/// The two history formats.
public enum HistoryFormat: Sendable, Hashable {
    /// Comma-separated values with a header row (RFC 4180).
    case csv
    /// One JSON object per line.
    case jsonLines

    /// The format a file name announces: `.csv`, `.jsonl` or `.ndjson`, each also
    /// followed by `.gz`; nil for any other name.
    public init?(fileName: String) {
        var name = fileName.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".csv") {
            self = .csv
        } else if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") {
            self = .jsonLines
        } else {
            return nil
        }
    }
}

extension HistoryFile {
    /// Opens a history file and the reader for its format: chosen by the file's name
    /// (`HistoryFormat(fileName:)`), or else by its content (JSON Lines when the first
    /// byte that is not white space is `{`, CSV otherwise).
    public static func reader(path: String, chunkSize: Int = HistoryFile.defaultChunkSize) throws(HistoryError) -> any HistoryReader {
        try HistoryFile(path: path, chunkSize: chunkSize).reader()
    }

    /// The reader for this file's format (see `reader(path:chunkSize:)`).
    public func reader() throws(HistoryError) -> any HistoryReader {
        switch try format() {
        case .csv: try CSVReader(file: self)
        case .jsonLines: JSONLinesReader(file: self)
        }
    }

    /// The file's format, by name or else by content; reads ahead without consuming.
    public func format() throws(HistoryError) -> HistoryFormat {
        if let format = HistoryFormat(fileName: name) { return format }
        return try firstSignificantByte() == UInt8(ascii: "{") ? .jsonLines : .csv
    }
}
