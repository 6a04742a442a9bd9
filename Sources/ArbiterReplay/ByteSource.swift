#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the bytes of a history file come from, a buffer at a time.
///
/// Sources are layered: a file or memory at the bottom, a gzip decoder on top of it, and
/// a replaying source that hands back bytes already peeked at.
protocol ByteSource: AnyObject {
    /// Fills the start of `buffer` and returns how many bytes were written; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HistoryError) -> Int
    /// The share of the underlying (possibly compressed) bytes consumed so far, 0…1.
    var fractionRead: Double { get }
}

/// A file read with POSIX `read`; the descriptor is closed with the source.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let name: String
    private let size: Int
    private var consumed = 0

    /// Opens `path` for reading.
    init(path: String, name: String) throws(HistoryError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw HistoryError(file: name, line: 0, message: "cannot open the file: \(FileByteSource.lastError())")
        }
        var status = stat()
        self.size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        self.descriptor = descriptor
        self.name = name
    }

    deinit {
        close(descriptor)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HistoryError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = systemRead(descriptor, base, buffer.count)
            if count >= 0 {
                consumed += count
                return count
            }
            if errno == EINTR { continue }
            throw HistoryError(file: name, line: 0, message: "cannot read the file: \(FileByteSource.lastError())")
        }
    }

    var fractionRead: Double {
        size > 0 ? min(1, Double(consumed) / Double(size)) : 1
    }

    private static func lastError() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}

/// POSIX `read`, named apart from the `ByteSource` requirement that would shadow it.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Bytes already in memory (tests, and peeked prefixes).
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// A source over `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HistoryError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }

    var fractionRead: Double {
        bytes.isEmpty ? 1 : Double(offset) / Double(bytes.count)
    }
}

/// Hands out `prefix` first (bytes read ahead to sniff the format), then the base source.
final class ReplayingByteSource: ByteSource {
    private let base: any ByteSource
    private var prefix: [UInt8]
    private var offset = 0

    /// A source that replays `prefix` before reading on from `base`.
    init(prefix: [UInt8], base: any ByteSource) {
        self.prefix = prefix
        self.base = base
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HistoryError) -> Int {
        if offset < prefix.count {
            let count = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
            }
            offset += count
            if offset == prefix.count {
                prefix = []
                offset = 0
            }
            return count
        }
        return try base.read(into: buffer)
    }

    var fractionRead: Double { base.fractionRead }
}
