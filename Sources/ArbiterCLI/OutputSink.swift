import Foundation
import Synchronization

/// Where a command writes: the process's standard streams, or buffers in tests.
public final class OutputSink: Sendable {
    private let buffers = Mutex<(out: String, err: String)>((out: "", err: ""))
    private let buffered: Bool
    /// Whether standard output is a terminal (for colour and progress bars).
    public let isTerminal: Bool

    private init(buffered: Bool, isTerminal: Bool) {
        self.buffered = buffered
        self.isTerminal = isTerminal
    }

    /// The sink commands write to; tests bind a capturing one around `ArbiterCommand.run`.
    @TaskLocal public static var current: OutputSink = .standard

    /// The process's standard output and standard error.
    public static var standard: OutputSink {
        OutputSink(buffered: false, isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// In-memory buffers, for tests.
    public static func capturing() -> OutputSink { OutputSink(buffered: true, isTerminal: false) }

    /// Writes to standard output.
    public func write(_ text: String) {
        if buffered {
            buffers.withLock { $0.out += text }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Writes to standard error.
    public func error(_ text: String) {
        if buffered {
            buffers.withLock { $0.err += text }
        } else {
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// What was written to standard output (buffers only).
    public var standardOutput: String { buffers.withLock { $0.out } }
    /// What was written to standard error (buffers only).
    public var standardError: String { buffers.withLock { $0.err } }
}

