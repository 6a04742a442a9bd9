import ArgumentParser
import Foundation

/// `--color auto|always|never`.
public enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never

    /// Whether to colour output written to a sink.
    func enabled(for output: OutputSink) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" { return false }
            return output.isTerminal
        }
    }
}
