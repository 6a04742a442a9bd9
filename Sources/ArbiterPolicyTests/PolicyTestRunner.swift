import Arbiter
import ArbiterChecker

/// The result of one case.
public struct CaseResult: Sendable {
    /// The test file's path.
    public var file: String
    /// The case's name.
    public var name: String
    /// Where the case starts.
    public var line: Int
    /// Where the case starts.
    public var column: Int
    /// One line per difference (`step 2: outcome: expected applied, got blocked`).
    public var failures: [String]
    /// The decisions made, one per step that ran.
    public var decisions: [Decision]

    /// Whether the case's `state` could not be loaded, so no decision was made (a
    /// mutant that drops what the state names fails so, without deciding differently).
    public var stateFailed = false

    /// Whether every step matched its `expect`.
    public var passed: Bool { failures.isEmpty }
}

/// Runs test cases on compiled policies.
public enum PolicyTestRunner {
    /// Runs `testCase` of `file` on a fresh in-memory store loaded with the case's state;
    /// for a mutant, state the mutant no longer reads is passed over (`StateSnapshot`).
    public static func run(_ testCase: PolicyTestCase, file: String, on plan: CompiledPolicy, mutant: Bool = false) -> CaseResult {
        var result = CaseResult(file: file, name: testCase.name, line: testCase.line, column: testCase.column, failures: [], decisions: [])
        let store = InMemoryStateStore()
        if let state = testCase.state {
            do {
                try StateSnapshot.load(state, for: plan, into: store, asOf: testCase.steps.first.flatMap { try? Instant(parsing: $0.now) },
                                       ignoringUnread: mutant)
            } catch {
                // At the entry the error names (`$.spends[0].amount: …`), not at the case.
                if let place = YAMLConversion.place(of: error.description, in: testCase.statePlaces) {
                    result.line = place.line
                    result.column = place.column
                }
                result.failures.append("state: \(error.description)")
                result.stateFailed = true
                return result
            }
        }
        let numbered = testCase.steps.count > 1
        var previous: Instant?
        for (offset, step) in testCase.steps.enumerated() {
            let prefix = numbered ? "step \(offset + 1): " : ""
            guard let now = try? Instant(parsing: step.now) else {
                result.failures.append("\(prefix)now: not a time: \(step.now)")
                return result
            }
            // A step decides on what the steps before it recorded: an earlier `now` would
            // read changes from its future, which a state file may not hold either.
            if let previous, now < previous {
                result.failures.append("\(prefix)now: \(now) is before the previous step's \(previous); steps go forward in time")
                return result
            }
            previous = now
            // A field the policy does not have (a typo) would leave the field it meant
            // missing, and the case would test something other than it says.
            if case .object(let members) = step.input {
                let known = plan.inputs.map(\.name)
                for (name, _) in members where !known.contains(name) {
                    let hint = Suggestion.closest(to: name, among: known).map { "; did you mean `\($0)`?" } ?? ""
                    result.failures.append("\(prefix)input: `\(name)` is not an input field of policy `\(plan.name)`\(hint)")
                }
            }
            let decision = plan.decide(json: step.input, at: now, store: store, options: DecisionOptions(dryRun: false, explain: false))
            result.decisions.append(decision)
            var comparison = DecisionComparison(decision: decision, store: store, now: now, plan: plan, comparesValues: true, isMutant: mutant)
            comparison.compare(step.expect)
            result.failures += comparison.mismatches.map { prefix + $0 }
        }
        return result
    }

    /// Whether the case's name contains `filter` (case-insensitive); every case for nil.
    public static func matches(_ testCase: PolicyTestCase, filter: String?) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return testCase.name.localizedCaseInsensitiveContains(filter)
    }
}
