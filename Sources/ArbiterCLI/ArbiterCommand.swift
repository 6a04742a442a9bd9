import ArbiterSyntax
import ArgumentParser

/// The `arbiter` command: parses its arguments and dispatches to a subcommand.
///
/// Exit codes are the same for every subcommand (`ExitStatus`): 0 success, 1 the
/// policies (or their tests, or the decision) failed validation, 2 could not run.
public struct ArbiterCommand: AsyncParsableCommand {
    /// The command's configuration.
    public static let configuration = CommandConfiguration(
        commandName: "arbiter",
        abstract: "Check, format and evaluate Arbiter policies.",
        discussion: "Exit codes: 0 success, 1 the policies have errors, 2 could not run.",
        version: "0.1.0",
        subcommands: [CheckCommand.self, FormatCommand.self, EvalCommand.self, TestCommand.self, ReplayCommand.self, SampleHistoryCommand.self, BenchCommand.self]
    )

    /// Creates the command (used by ArgumentParser).
    public init() {}

    /// Runs `arbiter` with the given arguments and returns its exit status, never exiting.
    ///
    /// `main.swift` calls this with the process arguments; tests call it in-process.
    public static func run(arguments: [String], output: OutputSink = .standard) async -> Int32 {
        await OutputSink.$current.withValue(output) { await dispatch(arguments, output: output) }
    }

    private static func dispatch(_ arguments: [String], output: OutputSink) async -> Int32 {
        // `arbiter help nosuch` would print the main help and succeed, as if it had found one.
        let commands = configuration.subcommands.map { $0._commandName }
        if arguments.count >= 2, arguments[0] == "help", !arguments[1].hasPrefix("-"), !commands.contains(arguments[1]) {
            output.error("error: no command `\(arguments[1].escapingControlCharacters())`; the commands are \(commands.joined(separator: ", "))\n")
            return ExitStatus.couldNotRun.rawValue
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.success.rawValue
        } catch let status as ExitStatus {
            return status.rawValue
        } catch let failure as CouldNotRun {
            // A message may quote a state file's or an input's text: a control character
            // in it is shown as an escape, never sent to the terminal.
            output.error("error: \(failure.message.escapingControlCharacters())\n")
            return ExitStatus.couldNotRun.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                output.write(message + "\n")
                return ExitStatus.success.rawValue
            }
            output.error(message + "\n")
            return ExitStatus.couldNotRun.rawValue
        }
    }
}

/// The exit statuses shared by every subcommand.
public enum ExitStatus: Int32, Error, Sendable {
    /// Everything checked, passed or ran.
    case success = 0
    /// The policies, tests or inputs failed validation.
    case failure = 1
    /// The command could not run: a missing file, bad flags, an unreadable input.
    case couldNotRun = 2
}

/// An error that stops a command before it could do its job; exit status 2.
public struct CouldNotRun: Error, Sendable {
    /// One line, lowercase, saying what went wrong.
    public var message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    /// Throws `--NAME must be at least MINIMUM, got VALUE` for a count option below its minimum.
    static func requireAtLeast(_ minimum: Int, _ value: Int, option name: String) throws(CouldNotRun) {
        guard value >= minimum else { throw CouldNotRun("--\(name) must be at least \(minimum), got \(value)") }
    }
}
