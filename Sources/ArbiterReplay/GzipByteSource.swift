import CZlib

/// Decompresses a gzip stream from a base source with zlib, a buffer at a time.
///
/// Concatenated members (`cat a.gz b.gz`) are read one after the other. A stream that
/// ends early is reported as truncated; bad data gets zlib's own description. After an
/// error the source is finished: further reads return 0.
final class GzipByteSource: ByteSource {
    private let base: any ByteSource
    private let name: String
    // INVARIANT: zlib keeps a pointer back to its `z_stream`, so it lives at a fixed
    // address allocated here, never in a Swift property that could move.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false
    private var finished = false
    /// An error met after some output was produced: that output is returned first.
    private var pendingError: HistoryError?

    /// Prepares to inflate `base`, reading compressed input `chunkSize` bytes at a time.
    init(base: any ByteSource, name: String, chunkSize: Int) throws(HistoryError) {
        self.base = base
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: max(chunkSize, 1), alignment: 16)
        let status = inflateInit2_(stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            throw HistoryError(file: name, line: 0, message: "cannot start gzip decompression (zlib status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HistoryError) -> Int {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        let capacity = Int(stream.pointee.avail_out)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0, !inputEnded {
                let count = try self.base.read(into: input)
                if count == 0 {
                    inputEnded = true
                } else {
                    stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(count)
                }
            }
            if stream.pointee.avail_in == 0, inputEnded {
                if memberEnded {
                    finished = true
                    break
                }
                return try fail("the gzip stream is truncated", produced: capacity - Int(stream.pointee.avail_out))
            }
            if memberEnded {
                // More input after a complete member: the next member of a concatenation,
                // or bytes that are not gzip (gzip itself warns of "trailing garbage").
                // Either way the file is not what was written: no row is skipped for it.
                guard stream.pointee.next_in[0] == 0x1f, stream.pointee.avail_in < 2 || stream.pointee.next_in[1] == 0x8b else {
                    return try fail("the gzip stream is followed by bytes that are not gzip data (trailing garbage): the file is damaged",
                                    produced: capacity - Int(stream.pointee.avail_out), fatal: true)
                }
                inflateReset(stream)
                memberEnded = false
            }
            switch inflate(stream, Z_NO_FLUSH) {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                memberEnded = true
            case let status:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                // A member's checksum or length that fails damns every row it held, all
                // of them already read: the replay stops, with or without --strict.
                if detail == "incorrect data check" || detail == "incorrect length check" {
                    return try fail("corrupt gzip stream: \(detail): the rows read from it are not the ones written",
                                    produced: capacity - Int(stream.pointee.avail_out), fatal: true)
                }
                return try fail("corrupt gzip stream: \(detail)", produced: capacity - Int(stream.pointee.avail_out))
            }
        }
        return capacity - Int(stream.pointee.avail_out)
    }

    var fractionRead: Double { base.fractionRead }

    /// Ends the stream with an error, after returning what was produced before it.
    private func fail(_ message: String, produced: Int, fatal: Bool = false) throws(HistoryError) -> Int {
        finished = true
        let error = HistoryError(file: name, line: 0, message: message, isFatal: fatal)
        guard produced > 0 else { throw error }
        pendingError = error
        return produced
    }
}
