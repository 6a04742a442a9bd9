import Foundation

/// A one-line progress bar on standard error: rows done, rows per second, time left.
/// Drawn only on a terminal and without `--quiet`.
final class ProgressBar {
    private let enabled: Bool
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Whether standard error is a terminal.
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    func update(rows: Int, fraction: Double?) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDraw > .milliseconds(100) || fraction == 1 else { return }
        lastDraw = now
        let elapsed = seconds(now - start)
        let rate = elapsed > 0 ? Double(rows) / elapsed : 0
        var line = "\r"
        if let fraction {
            let width = 30
            let filled = Int((fraction * Double(width)).rounded(.down))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
            line += String(format: "%3.0f%% ", fraction * 100)
            if fraction > 0.01, fraction < 1 {
                line += String(format: "%.0fs left, ", elapsed / fraction - elapsed)
            }
        }
        line += "\(rows) rows, " + String(format: "%.0f rows/s", rate) + "   "
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
