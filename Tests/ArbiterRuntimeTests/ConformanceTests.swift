// The conformance suite: every case of `Tests/Conformance/*.yaml` is one test case.
//
// Each case runs on a fresh `InMemoryStateStore` (loaded with the case's `state`), one
// decision per step, recorded as `arbiter eval` records them. Only the fields given in a
// step's `expect` are compared; every mismatch is reported with the file, the case, the
// field, expected and actual, and the decision's JSON. See docs/semantics.md for what
// the cases assert.

import Arbiter
import ArbiterPolicyTests
import ArbiterTestSupport
import Foundation
import Testing

@Suite("Conformance")
struct ConformanceTests {
    static let catalog = ConformanceCatalog.shared

    @Test("every conformance file loads and every policy compiles")
    func filesLoad() {
        #expect(!Self.catalog.files.isEmpty, "no files in Tests/Conformance")
        for problem in Self.catalog.problems {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test("the suite has at least 150 cases")
    func caseCount() {
        #expect(Self.catalog.cases.count >= 150, "only \(Self.catalog.cases.count) conformance cases")
    }

    @Test("case", arguments: ConformanceCatalog.shared.cases)
    func conformance(_ conformanceCase: ConformanceCase) {
        let plan: CompiledPolicy
        switch Self.catalog.policies[conformanceCase.policyKey] {
        case .success(let compiled)?: plan = compiled
        case .failure(let problem)?:
            Issue.record(Comment(rawValue: "\(conformanceCase.file):\(conformanceCase.line): \(conformanceCase.name): \(problem.description)"))
            return
        case nil:
            Issue.record(Comment(rawValue: "\(conformanceCase.file):\(conformanceCase.line): \(conformanceCase.name): no policy `\(conformanceCase.policyName)`"))
            return
        }
        let first = run(conformanceCase, plan, check: true)
        // Same policy, input, state and now give the same decisions.
        let second = run(conformanceCase, plan, check: false)
        #expect(first == second, "\(conformanceCase.file): \(conformanceCase.name): a second run on a fresh store decided differently")
    }

    /// Runs the steps on a fresh store; returns each decision's JSON text.
    private func run(_ conformanceCase: ConformanceCase, _ plan: CompiledPolicy, check: Bool) -> [String] {
        let store = InMemoryStateStore()
        let place = "\(conformanceCase.file):\(conformanceCase.line): \(conformanceCase.name)"
        if let state = conformanceCase.state {
            do {
                try StateSnapshot.load(state, for: plan, into: store, asOf: conformanceCase.steps.first.flatMap { try? Instant(parsing: $0.now) })
            } catch {
                if check { Issue.record(Comment(rawValue: "\(place): state: \(error.description)")) }
                return []
            }
        }
        var texts: [String] = []
        for step in conformanceCase.steps {
            guard let now = try? Instant(parsing: step.now) else {
                if check { Issue.record(Comment(rawValue: "\(place): step \(step.index): `now` is not a time: \(step.now)")) }
                return texts
            }
            let decision = plan.decide(json: step.input, at: now, store: store, options: DecisionOptions(dryRun: false, explain: false))
            let text = decision.json.text(pretty: true)
            texts.append(text)
            guard check else { continue }
            var comparison = DecisionComparison(decision: decision, store: store, now: now, plan: plan)
            comparison.compare(step.expect)
            if !comparison.mismatches.isEmpty {
                let stepText = conformanceCase.steps.count > 1 ? " (step \(step.index) of \(conformanceCase.steps.count), now \(step.now))" : ""
                var message = "\(place)\(stepText)\n"
                for mismatch in comparison.mismatches { message += "  \(mismatch)\n" }
                message += "decision:\n\(text)"
                Issue.record(Comment(rawValue: message))
            }
        }
        return texts
    }
}
