import ArbiterChecker
import ArbiterSyntax
import ArgumentParser
import Foundation

/// `arbiter bench`: benchmarks that print figures (never timed tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print its figures.",
        subcommands: [BenchCheckCommand.self, BenchDecideCommand.self]
    )
}

/// `arbiter bench check`: parse and check a generated policy of many rules and guards.
struct BenchCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and check a generated policy file (default: 5,000 rules and 5,000 guards, 20,000 lines).",
        discussion: "Build in release mode first: swift run -c release arbiter bench check"
    )

    @Option(help: "Rules in the generated policy.")
    var rules = 5_000

    @Option(help: "Guards in the generated policy.")
    var guards = 5_000

    @Option(help: "Timed repetitions of each size; the best and the median are reported.")
    var repetitions = 10

    func run() async throws {
        let output = OutputSink.current
        try CouldNotRun.requireAtLeast(0, rules, option: "rules")
        try CouldNotRun.requireAtLeast(0, guards, option: "guards")
        try CouldNotRun.requireAtLeast(1, repetitions, option: "repetitions")
        // Memory growth: peak resident size after checking files of 1/4, 1/2 and the full size.
        for fraction in [4, 2, 1] {
            let text = LargePolicy.text(rules: rules / fraction, guards: guards / fraction)
            let lines = text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            var timings: [Duration] = []
            var diagnostics = 0
            for _ in 0..<repetitions {
                let clock = ContinuousClock()
                let start = clock.now
                let source = SourceFile(path: "generated.policy", text: text)
                let parsed = Parser.parse(source)
                let checked = Checker.check([parsed.file])
                timings.append(clock.now - start)
                diagnostics = parsed.diagnostics.count + checked.diagnostics.count
            }
            timings.sort()
            let best = timings[0]
            let median = timings[timings.count / 2]
            let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
            let medianSeconds = Double(median.components.seconds) + Double(median.components.attoseconds) / 1e18
            output.write(String(format: "%6d lines, %5d rules, %5d guards: best %.4f s, median %.4f s, %.0f lines/s, %d diagnostics, peak RSS %.1f MB\n",
                                lines, rules / fraction, guards / fraction, seconds, medianSeconds,
                                Double(lines) / seconds, diagnostics, PeakMemory.megabytes()))
        }
    }
}

/// The generated policy of `arbiter bench check`.
enum LargePolicy {
    static func text(rules: Int, guards: Int) -> String {
        var text = """
            policy generated {
              drives pricing
              key sku
              currency EUR

              input {
                sku: text
                cost: money
                price: money
                stock: int
                sales_7d: int
              }

              control price

            """
        text.reserveCapacity(rules * 90 + guards * 50)
        for index in 0..<rules {
            text += "  rule r\(index) {\n    when stock > \(index) and sales_7d < \(index % 50 + 1) and cost < \(index % 90 + 10).50 EUR set price = price * \(90 + index % 10)%\n  }\n"
        }
        for index in 0..<guards {
            text += "  guard g\(index): price >= cost * \(100 + index % 20)% else warn\n"
        }
        return text + "}\n"
    }
}

/// The process's peak resident memory.
enum PeakMemory {
    static func megabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
            return digits / 1024
        }
        return 0
    }
}
