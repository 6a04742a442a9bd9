import Arbiter
import ArbiterReplay
import ArbiterSyntax
import ArgumentParser
import Foundation

/// `arbiter bench decide`: decisions per second for garden_pricing, three ways.
///
/// (a) `garden_pricing` without its stateful guards (step, churn) and budget;
/// (b) the full `garden_pricing` with the in-memory store, one second apart, pruned of
///     settled state every 10,000 decisions as a replay prunes it;
/// (c) a hand-written Swift function computing (a)'s result over `Int64` cents.
/// Inputs are generated (seeded) and decoded to the engine's form before timing.
struct BenchDecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Decisions per second for garden_pricing: stateless, stateful, and hand-written Swift.",
        discussion: "Build in release mode first: swift build -c release && .build/release/arbiter bench decide"
    )

    @Option(help: "Decisions per measurement.")
    var decisions = 1_000_000

    @Option(help: "Distinct inputs, cycled.")
    var distinct = 10_000

    @Option(help: "Which measurements to run: any of a, b, c.")
    var cases = "abc"

    @Option(help: "Rounds of the measurements, run in turn (a, b, c, a, b, c, …): the best round is printed, with the median.")
    var rounds = 1

    @Option(help: "The garden_pricing policy file.")
    var policyFile = "Policies/garden_pricing.policy"

    /// The policy of `--policy-file`, whole and without its stateful guards and budget,
    /// as (b) and (a) decide with it.
    private func plans() throws -> (CompiledPolicy, CompiledPolicy) {
        guard let data = FileManager.default.contents(atPath: policyFile) else {
            let reason = FileManager.default.fileExists(atPath: policyFile) ? "" : ": no such file (run from the project's folder, or give --policy-file)"
            throw CouldNotRun("cannot read \(policyFile)\(reason)")
        }
        let full = String(decoding: data, as: UTF8.self)
        let compiled: [String: CompiledPolicy]
        do { compiled = try Engine.compile([SourceFile(path: policyFile, text: full)]) } catch { throw CouldNotRun(error.description) }
        guard let plan = compiled["garden_pricing"] else {
            let names = compiled.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
            throw CouldNotRun("\(policyFile) holds no policy `garden_pricing` (it holds \(names.isEmpty ? "none" : names)); "
                + "the benchmark decides garden_pricing's inputs with a version of it")
        }
        // (a)'s copy drops `guard step`, `guard churn` and `budget markdown` by their lines.
        let statelessPath = "\(policyFile) without step, churn and markdown"
        do {
            guard let stateless = try Engine.compile([SourceFile(path: statelessPath, text: GardenPricingBench.withoutStatefulParts(full))])["garden_pricing"] else {
                throw CouldNotRun("\(statelessPath) holds no policy `garden_pricing`")
            }
            return (plan, stateless)
        } catch let error as EngineError {
            throw CouldNotRun("(a) decides the policy without its guards `step` and `churn` and budget `markdown`, and that copy does not compile "
                + "(does something else read them?): \(error.description)")
        }
    }

    func run() async throws {
        let output = OutputSink.current
        try CouldNotRun.requireAtLeast(1, decisions, option: "decisions")
        try CouldNotRun.requireAtLeast(1, distinct, option: "distinct")
        try CouldNotRun.requireAtLeast(1, rounds, option: "rounds")
        guard !cases.isEmpty, cases.allSatisfy({ "abc".contains($0) }) else {
            throw CouldNotRun("--cases takes any of a, b and c (such as `ab`), got `\(cases)`")
        }
        // Inputs beyond the decisions measured would be built and never read.
        let rows = GardenPricingBench.rows(count: min(distinct, decisions))
        // (c) reads no policy: it runs from any folder.
        var compiledFull: CompiledPolicy?
        var compiledStateless: CompiledPolicy?
        if cases.contains("a") || cases.contains("b") {
            let plans = try plans()
            compiledFull = plans.0
            compiledStateless = plans.1
        }
        let inputs = try compiledFull.map { plan in
            try rows.map { row throws -> DecisionInput in
                switch plan.input(from: row.json) {
                case .success(let input): return input
                case .failure(let problem):
                    throw CouldNotRun("\(policyFile): the benchmark's inputs are garden_pricing's, and this policy refuses one: \(problem)")
                }
            }
        } ?? []
        let now = Instant(secondsSinceEpoch: 1_795_000_000)
        let counter = AllocationCounter()

        // Each measurement is a closure that runs `decisions` decisions and returns its
        // checksum and what each decision concluded (the mix, printed under the figures,
        // says which paths it exercises); a round runs every selected one in turn, so
        // machine noise (other tenants, frequency) falls on all of them alike. The counts
        // are a local of the loop: a variable the closures capture would cost a dynamic
        // exclusivity check per decision (about 10 ns, a tenth of an empty policy's time).
        var measurements: [(label: String, body: () -> (checksum: Int, outcomes: ReplayReport.OutcomeCounts))] = []

        // Each measurement keeps one `Decider`, as a service's worker or a replay does.
        if let compiledFull, let compiledStateless {
            let storeA = InMemoryStateStore()
            let deciderA = Decider(compiledStateless)
            deciderA.decide(inputs[0], at: now, store: storeA, options: DecisionOptions(dryRun: true))
            measurements.append(("(a) garden_pricing, stateless guards", {
                var tally = OutcomeTally()
                let store: any StateStore = storeA
                let options = DecisionOptions(dryRun: true)
                var next = 0
                for _ in 0..<decisions {
                    tally.add(deciderA.decide(inputs[next], at: now, store: store, options: options))
                    next = next + 1 == inputs.count ? 0 : next + 1
                }
                return (tally.applied, tally.counts)
            }))
            measurements.append(("(b) garden_pricing, full, in-memory store", {
                // A new store each round: every round decides the same inputs at the same times.
                let storeB = InMemoryStateStore()
                let store: any StateStore = storeB
                let deciderB = Decider(compiledFull)
                var tally = OutcomeTally()
                var next = 0
                for index in 0..<decisions {
                    let at = Instant(microsecondsSinceEpoch: now.microsecondsSinceEpoch + Int64(index) * 1_000_000)
                    tally.add(deciderB.decide(inputs[next], at: at, store: store))
                    next = next + 1 == inputs.count ? 0 : next + 1
                    // As a replay does: forget what no decision can read any more, so the store
                    // stays the size of a day of decisions.
                    if index % 10_000 == 9_999 {
                        storeB.pruneChanges(before: at.saturatingSubtracting(compiledFull.longestWindow))
                        storeB.pruneBudgets(endingBefore: at)
                        storeB.pruneApprovals(settledBefore: at)
                    }
                }
                return (tally.applied, tally.counts)
            }))
        }
        measurements.append(("(c) hand-written Swift, Int64 cents", {
            var applied = 0
            var next = 0
            for _ in 0..<decisions {
                if GardenPricingBench.handWritten(rows[next]) { applied += 1 }
                next = next + 1 == rows.count ? 0 : next + 1
            }
            return (applied, ReplayReport.OutcomeCounts())
        }))
        measurements.removeAll { !cases.contains($0.label.dropFirst().prefix(1)) }

        struct Run {
            var seconds: Double
            var allocations: Int64
            var checksum: Int
        }
        var runs = Array(repeating: [Run](), count: measurements.count)
        var mixes = Array(repeating: "", count: measurements.count)
        let clock = ContinuousClock()
        for round in 0..<rounds {
            for (index, measurement) in measurements.enumerated() {
                let allocationsBefore = counter.count
                let start = clock.now
                let (checksum, outcomes) = measurement.body()
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                runs[index].append(Run(seconds: seconds, allocations: counter.count - allocationsBefore, checksum: checksum))
                if round == 0, outcomes.total > 0 {
                    mixes[index] = Outcome.allCases.filter { outcomes[$0] > 0 }.map { outcome in
                        "\(outcome.rawValue) \(String(format: "%.1f", Double(outcomes[outcome]) * 100 / Double(decisions)))%"
                    }.joined(separator: ", ")
                }
            }
        }
        for (index, measurement) in measurements.enumerated() {
            let sorted = runs[index].sorted { $0.seconds < $1.seconds }
            let best = sorted[0]
            var line = String(format: "%-46@ %12.0f decisions/s  %8.1f ns/decision", measurement.label as NSString,
                              Double(decisions) / best.seconds, best.seconds * 1e9 / Double(decisions))
            if sorted.count > 1 {
                let median = sorted[sorted.count / 2].seconds
                line += String(format: " (best of %d; median %.1f)", sorted.count, median * 1e9 / Double(decisions))
            }
            if counter.isAvailable { line += String(format: "  %6.2f allocations/decision", Double(best.allocations) / Double(decisions)) }
            // Every round decides the same inputs: a checksum that differs is a bug.
            let checksums = Set(sorted.map(\.checksum))
            line += checksums.count == 1 ? "  (checksum \(best.checksum))" : "  (checksums differ: \(checksums.sorted()))"
            output.write(line + "\n")
            if !mixes[index].isEmpty { output.write("    outcomes: " + mixes[index] + "\n") }
        }
        if !counter.isAvailable {
            output.write("allocation counts: run with LD_PRELOAD of libMallocInterposerSwift.so to count (see README)\n")
        }
    }
}

/// What a measurement's decisions concluded, counted in the loop without a call into
/// another module per decision (the harness's cost is not the engine's).
private struct OutcomeTally {
    private var applied_ = 0, clamped = 0, pending = 0, blocked = 0, hold = 0, error = 0

    mutating func add(_ outcome: Outcome) {
        switch outcome {
        case .applied: applied_ &+= 1
        case .clamped: clamped &+= 1
        case .pendingApproval: pending &+= 1
        case .blocked: blocked &+= 1
        case .hold: hold &+= 1
        case .error: error &+= 1
        }
    }

    /// Decisions that applied a change (applied or clamped), the measurement's checksum.
    var applied: Int { applied_ + clamped }

    var counts: ReplayReport.OutcomeCounts {
        var counts = ReplayReport.OutcomeCounts()
        counts[.applied] = applied_
        counts[.clamped] = clamped
        counts[.pendingApproval] = pending
        counts[.blocked] = blocked
        counts[.hold] = hold
        counts[.error] = error
        return counts
    }
}
