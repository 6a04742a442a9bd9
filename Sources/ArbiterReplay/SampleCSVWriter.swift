import Arbiter
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the CSV of a sample history, to memory or to a file in 256 KiB blocks, and
/// spells its values the way replay reads them (money `24.90`, fractions `0.82`,
/// durations `450ms`, times `2027-02-01T06:00:00Z`).
///
/// A file is written as `OUT.partial` and renamed to `OUT` by `finish()`, as replay's
/// decisions file is: a run stopped by an error or a signal leaves `OUT` as it was and
/// no partial file, never a shorter history that reads as whole.
final class SampleCSVWriter {
    private var pending: [UInt8] = []
    private var collected: [UInt8] = []
    private let descriptor: Int32?
    private let path: String
    private let partialPath: String
    private var finished = false
    /// For a path ending in `.gz`: the text goes to the file gzip-compressed.
    private let compressor: GzipCompressor?

    /// A writer that keeps the text in memory.
    init() {
        descriptor = nil
        path = ""
        partialPath = ""
        compressor = nil
    }

    /// A writer to the file at `path`, through `path.partial`.
    init(path: String) throws(SampleHistoryError) {
        let partialPath = path + ".partial"
        let descriptor = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw .unwritable(path: partialPath, reason: String(cString: strerror(errno)).lowercased())
        }
        if path.lowercased().hasSuffix(".gz") {
            do {
                compressor = try GzipCompressor()
            } catch {
                close(descriptor)
                unlink(partialPath)
                throw .unwritable(path: path, reason: "cannot start gzip compression (zlib status \(error.status))")
            }
        } else {
            compressor = nil
        }
        self.descriptor = descriptor
        self.path = path
        self.partialPath = partialPath
        PartialFileCleanup.register(partialPath)
    }

    deinit {
        guard let descriptor else { return }
        close(descriptor)
        if !finished {
            PartialFileCleanup.unregister()
            unlink(partialPath)
        }
    }

    /// One record: the cells joined by commas (quoted when they need it).
    func row(_ cells: [String]) throws(SampleHistoryError) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { pending.append(UInt8(ascii: ",")) }
            if cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                pending.append(UInt8(ascii: "\""))
                for byte in cell.utf8 {
                    if byte == UInt8(ascii: "\"") { pending.append(byte) }
                    pending.append(byte)
                }
                pending.append(UInt8(ascii: "\""))
            } else {
                pending.append(contentsOf: cell.utf8)
            }
        }
        pending.append(UInt8(ascii: "\n"))
        if pending.count >= 256 * 1024 { try flush() }
    }

    /// Writes what is pending; returns the whole text for an in-memory writer.
    @discardableResult
    func finish() throws(SampleHistoryError) -> String {
        try flush(finishing: true)
        if descriptor != nil {
            finished = true
            PartialFileCleanup.unregister()
            if rename(partialPath, path) != 0 {
                let reason = String(cString: strerror(errno)).lowercased()
                unlink(partialPath)
                throw .unwritable(path: path, reason: reason)
            }
        }
        return String(decoding: collected, as: UTF8.self)
    }

    private func flush(finishing: Bool = false) throws(SampleHistoryError) {
        guard let descriptor else {
            collected.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
            return
        }
        if let compressor {
            do {
                try compressor.compress(pending, finish: finishing) { block in try Self.writeAll(block, to: descriptor, path: path) }
            } catch let error as SampleHistoryError {
                throw error
            } catch {
                throw .unwritable(path: path, reason: "gzip compression failed")
            }
        } else {
            try Self.writeAll(pending, to: descriptor, path: path)
        }
        pending.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(SampleHistoryError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path: path, reason: String(cString: strerror(errno)).lowercased())
            }
            offset += written
        }
    }

    /// `24.90` for 2490 cents.
    static func money(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return sign + String(magnitude / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// `0.82` for 0.8234: a fraction with two digits, clamped to 0…1.
    static func fraction(_ value: Double) -> String {
        let hundredths = Int((min(1, max(0, value)) * 100).rounded())
        if hundredths == 100 { return "1.00" }
        return (hundredths < 10 ? "0.0" : "0.") + String(hundredths)
    }

    /// `450ms`.
    static func milliseconds(_ value: Int) -> String {
        String(value) + "ms"
    }

    /// The ISO-8601 UTC spelling of a time given in seconds since the epoch.
    static func time(_ seconds: Int64) -> String {
        Instant(secondsSinceEpoch: seconds).description
    }
}
