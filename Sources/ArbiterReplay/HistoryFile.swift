/// A history file opened for streaming: its content, a chunk at a time, gunzipped when
/// it is compressed.
///
/// A file is compressed when its name ends in `.gz` or its first bytes are the gzip magic
/// `1f 8b`. Memory does not grow with the file: one chunk of input (and, for gzip, one of
/// compressed input) is held at a time.
///
/// ```swift
/// var reader = try HistoryFile.reader(path: "Policies/history/garden_pricing.csv")
/// while let row = try reader.nextRow() { … }
/// ```
public final class HistoryFile {
    /// The chunk size used unless one is given: 256 KiB.
    public static let defaultChunkSize = 256 * 1024

    /// The file as named by the user, for error messages.
    public let name: String
    /// The most bytes one `read(appendingTo:)` hands out.
    public let chunkSize: Int
    /// Whether the content is gunzipped on the way.
    public let isCompressed: Bool
    /// The longest record a reader holds before it stops the replay (64 MB unless given).
    public var maximumRecordBytes = 64 << 20

    private let source: any ByteSource
    /// Content read ahead by `firstSignificantByte()`, handed out before reading on.
    private var readAhead: [UInt8] = []
    private var readAheadOffset = 0

    /// Opens the file at `path` for reading in chunks of `chunkSize` bytes.
    public convenience init(path: String, chunkSize: Int = HistoryFile.defaultChunkSize) throws(HistoryError) {
        let file = try FileByteSource(path: path, name: path)
        try self.init(source: file, name: path, chunkSize: chunkSize)
    }

    /// Reads `bytes` as if they were a file called `name` (tests, standard input).
    public convenience init(bytes: [UInt8], name: String, chunkSize: Int = HistoryFile.defaultChunkSize) throws(HistoryError) {
        try self.init(source: MemoryByteSource(bytes), name: name, chunkSize: chunkSize)
    }

    init(source raw: any ByteSource, name: String, chunkSize: Int) throws(HistoryError) {
        self.name = name
        self.chunkSize = max(chunkSize, 1)
        // Sniff the first two bytes for the gzip magic, then replay them.
        var magic = [UInt8](repeating: 0, count: 2)
        var count = 0
        while count < 2 {
            let read = try raw.read(into: &magic, at: count)
            if read == 0 { break }
            count += read
        }
        let replayed = ReplayingByteSource(prefix: Array(magic[..<count]), base: raw)
        let compressed = Self.hasSuffix(name, ".gz") || (count == 2 && magic == [0x1f, 0x8b])
        isCompressed = compressed
        source = compressed ? try GzipByteSource(base: replayed, name: name, chunkSize: self.chunkSize) : replayed
    }

    /// Appends up to `chunkSize` bytes of content to `buffer`; returns how many, 0 at the end.
    ///
    /// Errors (an unreadable file, a corrupt gzip stream) have line 0: the caller knows
    /// the line it was reading and puts it in.
    public func read(appendingTo buffer: inout [UInt8]) throws(HistoryError) -> Int {
        if readAheadOffset < readAhead.count {
            let end = min(readAhead.count, readAheadOffset + chunkSize)
            buffer.append(contentsOf: readAhead[readAheadOffset..<end])
            let count = end - readAheadOffset
            readAheadOffset = end
            if readAheadOffset == readAhead.count {
                readAhead = []
                readAheadOffset = 0
            }
            return count
        }
        return try source.read(appendingTo: &buffer, chunkSize: chunkSize)
    }

    /// The share of the file read so far (of its compressed bytes, for gzip), 0…1.
    public var fractionRead: Double { source.fractionRead }

    /// The first byte of content that is not white space or a UTF-8 byte order mark,
    /// without consuming anything; nil for a blank file.
    public func firstSignificantByte() throws(HistoryError) -> UInt8? {
        var ahead = Array(readAhead[readAheadOffset...])
        defer {
            readAhead = ahead
            readAheadOffset = 0
        }
        var ended = false
        while ahead.count < 3, !ended {
            ended = try source.read(appendingTo: &ahead, chunkSize: chunkSize) == 0
        }
        var scanned = ahead.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while true {
            while scanned < ahead.count {
                let byte = ahead[scanned]
                if byte != 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return byte }
                scanned += 1
            }
            if ended { return nil }
            ended = try source.read(appendingTo: &ahead, chunkSize: chunkSize) == 0
        }
    }

    static func hasSuffix(_ name: String, _ suffix: String) -> Bool {
        name.lowercased().hasSuffix(suffix)
    }
}

extension ByteSource {
    /// Fills `array[start...]` from the source; returns how many bytes were written.
    fileprivate func read(into array: inout [UInt8], at start: Int) throws(HistoryError) -> Int {
        let result = array.withUnsafeMutableBytes { bytes -> Result<Int, HistoryError> in
            do throws(HistoryError) {
                return .success(try read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[start...])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Appends up to `chunkSize` bytes to `buffer`; returns how many.
    fileprivate func read(appendingTo buffer: inout [UInt8], chunkSize: Int) throws(HistoryError) -> Int {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunkSize))
        let count: Int
        do {
            count = try read(into: &buffer, at: start)
        } catch {
            buffer.removeSubrange(start...)
            throw error
        }
        buffer.removeSubrange((start + count)...)
        return count
    }
}

extension HistoryFile {
    /// Drops the bytes before `position` and appends at least as many new bytes as are
    /// kept (or the rest of the file), so rescanning a long record stays linear overall.
    /// A read error marks the source ended and is thrown with the reader's `line`.
    /// `64 MB`, or the bytes when fewer than one MB (tests set a small limit).
    private static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }

    func refill(_ buffer: inout [UInt8], position: inout Int, sourceEnded: inout Bool, line: Int) throws(HistoryError) {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let kept = buffer.count
        // The bytes kept are one record not yet ended: one this long is no history's (a
        // device such as /dev/zero, a binary file, a quote never closed in a huge file),
        // and reading on would hold all of it in memory.
        if kept > maximumRecordBytes {
            throw HistoryError(file: name, line: line, message: "a record longer than \(Self.megabytes(maximumRecordBytes)) starts here "
                + "(no line end, or a quote never closed): is this a CSV or JSON Lines history?", isFatal: true)
        }
        var added = 0
        repeat {
            let count: Int
            do {
                count = try read(appendingTo: &buffer)
            } catch {
                // The rest of the file cannot be read: what is buffered is all there is,
                // but for a record cut off by the failure (a truncated gzip stream stops
                // mid-line), which is dropped: the error reports it, and its cells are
                // not what was written.
                sourceEnded = true
                if let lastNewline = buffer.lastIndex(of: UInt8(ascii: "\n")) {
                    buffer.removeSubrange((lastNewline + 1)...)
                } else {
                    buffer.removeAll()
                }
                var located = error
                // A fatal error concerns the file, not the record at `line`.
                located.line = error.isFatal ? 0 : line
                throw located
            }
            if count == 0 {
                sourceEnded = true
                return
            }
            added += count
        } while added < kept
    }
}
