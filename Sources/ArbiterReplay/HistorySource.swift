#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A history as a replay reads it: opened once per pass, and a replay may need several
/// (a file that turns out not to be in time order is read again to be sorted; `--strict`
/// reads again to find the first bad row in time order).
///
/// A regular file is opened by its path each time. Anything else can be read only once:
/// standard input (`-`), a pipe (`/dev/stdin`, `<(zcat h.csv.gz)`), a device. Its bytes
/// are streamed as they come, so the first pass decides while the pipe still fills, and
/// are also copied, as read (compressed or not), to a temporary file that is unlinked at
/// once, so nothing is left behind however the run ends; a later pass reads that copy,
/// then what the pipe still holds. Messages name the history as the user did (`<stdin>`
/// for `-`).
public final class HistorySource {
    /// The history as messages name it.
    let name: String
    private let path: String
    /// The copy of a history that can be read only once.
    private let spool: Spool?

    /// How messages and reports name the history at `path`: `<stdin>` for `-`.
    public static func displayName(of path: String) -> String {
        path == "-" ? "<stdin>" : path
    }

    /// Opens the history at `path` (`-`: standard input); one that is not a regular file
    /// is opened now and copied as it is read.
    init(path: String) throws(HistoryError) {
        self.path = path
        name = HistorySource.displayName(of: path)
        if path == "-" {
            spool = Spool(origin: STDIN_FILENO, ownsOrigin: false, name: name)
            return
        }
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG, (status.st_mode & S_IFMT) != S_IFDIR else {
            // A regular file, or what `open` will refuse with its own message.
            spool = nil
            return
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw HistoryError(file: name, line: 0, message: "cannot open the file: \(Spool.lastError())")
        }
        spool = Spool(origin: descriptor, ownsOrigin: true, name: name)
    }

    /// A new reader from the start of the history.
    func reader(chunkSize: Int = HistoryFile.defaultChunkSize) throws(HistoryError) -> any HistoryReader {
        let source: any ByteSource = if let spool { SpooledByteSource(spool) } else { try FileByteSource(path: path, name: name) }
        return try HistoryFile(source: source, name: name, chunkSize: chunkSize).reader()
    }
}

/// A history that can be read once, and the copy of what has been read of it.
final class Spool {
    private let origin: Int32
    private let ownsOrigin: Bool
    let name: String
    /// The unlinked temporary copy; -1 when it could not be made.
    private var copy: Int32 = -1
    /// Bytes read from the origin so far, and of them those in the copy (fewer only when
    /// writing the copy failed: `copyProblem` says why).
    private(set) var consumed = 0
    private var copied = 0
    private var copyProblem: String?
    private(set) var ended = false

    init(origin: Int32, ownsOrigin: Bool, name: String) {
        self.origin = origin
        self.ownsOrigin = ownsOrigin
        self.name = name
        let folder = FileManager.default.temporaryDirectory.path
        var template = Array("\(folder)/arbiter-history-XXXXXX".utf8CString)
        copy = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if copy >= 0 {
            unlink(String(cString: template))
        } else {
            copyProblem = "no temporary copy could be made in \(folder): \(Spool.lastError())"
        }
    }

    deinit {
        if copy >= 0 { close(copy) }
        if ownsOrigin { close(origin) }
    }

    /// Fills the start of `buffer` with the history's bytes from `offset`; 0 at the end.
    /// Below `consumed` they come from the copy, at `consumed` from the origin (and are
    /// copied).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(HistoryError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if offset < consumed {
            guard offset < copied else {
                throw HistoryError(file: name, line: 0, message: "cannot read the history a second time (to sort it, or to find the first bad row): \(copyProblem ?? "its copy is short")")
            }
            while true {
                let count = pread(copy, base, min(buffer.count, copied - offset), off_t(offset))
                if count > 0 { return count }
                if count < 0, errno == EINTR { continue }
                throw HistoryError(file: name, line: 0, message: "cannot read the temporary copy: \(count < 0 ? Spool.lastError() : "it ended early")")
            }
        }
        guard !ended else { return 0 }
        var count: Int
        repeat {
            count = systemRead(origin, base, buffer.count)
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw HistoryError(file: name, line: 0, message: "cannot read the file: \(Spool.lastError())") }
        if count == 0 {
            ended = true
            return 0
        }
        if copyProblem == nil {
            var written = 0
            while written < count {
                let step = pwrite(copy, base + written, count - written, off_t(copied + written))
                if step < 0, errno == EINTR { continue }
                guard step > 0 else {
                    copyProblem = "its temporary copy failed: \(step < 0 ? Spool.lastError() : "nothing was written")"
                    break
                }
                written += step
            }
            if copyProblem == nil { copied += count }
        }
        consumed += count
        return count
    }

    static func lastError() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}

/// POSIX `read`, named apart from the `ByteSource` requirement that would shadow it.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// One pass over a spooled history, from its own offset.
final class SpooledByteSource: ByteSource {
    private let spool: Spool
    private var offset = 0

    init(_ spool: Spool) {
        self.spool = spool
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HistoryError) -> Int {
        let count = try spool.read(into: buffer, at: offset)
        offset += count
        return count
    }

    /// Known only once the origin has ended (a pipe has no size), as for a file of unknown size.
    var fractionRead: Double {
        spool.ended && spool.consumed > 0 ? min(1, Double(offset) / Double(spool.consumed)) : 1
    }
}
