import CZlib

/// Compresses bytes into a gzip stream with zlib, block by block: `sample-history
/// --output h.csv.gz` writes what `replay` reads back through `GzipByteSource`.
public final class GzipCompressor {
    /// zlib refused to start or to go on (its status).
    public struct Failure: Error {
        public var status: Int32
    }

    // INVARIANT: zlib keeps a pointer back to its `z_stream`, so it lives at a fixed
    // address allocated here, never in a Swift property that could move.
    private let stream: UnsafeMutablePointer<z_stream>
    private var output = [UInt8](repeating: 0, count: 64 * 1024)

    public init() throws(Failure) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit2_(stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw Failure(status: status)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `bytes` (with `finish`, ends the stream) and hands each block of
    /// compressed output to `emit`.
    public func compress(_ bytes: [UInt8], finish: Bool, emit: ([UInt8]) throws -> Void) throws {
        var input = bytes
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        try input.withUnsafeMutableBufferPointer { source in
            stream.pointee.next_in = source.baseAddress
            stream.pointee.avail_in = uInt(source.count)
            while true {
                let (status, produced) = output.withUnsafeMutableBufferPointer { target in
                    stream.pointee.next_out = target.baseAddress
                    stream.pointee.avail_out = uInt(target.count)
                    let status = deflate(stream, flush)
                    return (status, target.count - Int(stream.pointee.avail_out))
                }
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw Failure(status: status) }
                if produced > 0 { try emit(Array(output[..<produced])) }
                // Done when the input is taken and, finishing, the stream has ended.
                if finish ? status == Z_STREAM_END : (stream.pointee.avail_in == 0 && produced < output.count) { break }
            }
        }
    }

    /// The whole gzip stream of `bytes`.
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        var compressed: [UInt8] = []
        try GzipCompressor().compress(bytes, finish: true) { compressed += $0 }
        return compressed
    }
}
