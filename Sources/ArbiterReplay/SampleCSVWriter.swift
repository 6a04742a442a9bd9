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
final class SampleCSVWriter {
    private var pending: [UInt8] = []
    private var collected: [UInt8] = []
    private let descriptor: Int32?
    private let path: String

    /// A writer that keeps the text in memory.
    init() {
        descriptor = nil
        path = ""
    }

    /// A writer to the file at `path`, created or truncated.
    init(path: String) throws(SampleHistoryError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw .unwritable(path: path, reason: String(cString: strerror(errno)).lowercased())
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        if let descriptor { close(descriptor) }
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
        try flush()
        return String(decoding: collected, as: UTF8.self)
    }

    private func flush() throws(SampleHistoryError) {
        guard let descriptor else {
            collected.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
            return
        }
        var offset = 0
        while offset < pending.count {
            let written = pending[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path: path, reason: String(cString: strerror(errno)).lowercased())
            }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
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
