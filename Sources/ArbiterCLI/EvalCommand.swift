import Arbiter
import ArbiterSyntax
import ArgumentParser
import Foundation

/// `arbiter eval FILE --policy NAME --input FILE`: one decision, optionally explained.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a policy for one input and print the decision.",
        discussion: """
            The input is a JSON or YAML object (`-` reads standard input). --state is a JSON or \
            YAML object whose sections, each optional, are `changes` (applied changes of \
            controls), `values` (current values of controls without an input), `spends` and \
            `tracked` (budget use) and `approvals` (the queue); README.md shows each, docs/semantics.md says what it means. Exit codes: 0 a decision was made, 1 the policy has errors or the \
            decision is `error`, 2 could not run.
            """
    )

    @ArgumentParser.Argument(help: "Policy files or folders.")
    var paths: [String]

    @Option(help: "The policy to evaluate (optional when the files hold one policy).")
    var policy: String?

    @Option(help: "The input: a JSON or YAML file, or - for standard input.")
    var input: String?

    @Option(help: "Prior state: a JSON or YAML file.")
    var state: String?

    @Option(help: "The decision time: an ISO-8601 time with Z or an offset, or a date meaning its midnight UTC (default: now).")
    var now: String?

    @Flag(help: "Add a trace: lets, rules, guards, budgets and approvals with their values.")
    var explain = false

    @Flag(help: "Print the compiled plan instead of deciding.")
    var dumpPlan = false

    @Option(help: "Output format: human or json.")
    var format: DiagnosticFormat = .human

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    func run() async throws {
        let output = OutputSink.current
        let plan = try PolicyAnalysis.compiledPolicy(paths, named: policy, color: color)
        if dumpPlan {
            // It decides nothing: an option for a decision would be ignored.
            let ignored = [(input != nil, "--input"), (state != nil, "--state"), (now != nil, "--now"),
                           (explain, "--explain"), (format == .json, "--format json")].filter(\.0).map(\.1)
            if let first = ignored.first {
                throw CouldNotRun("--dump-plan prints the compiled plan as text and decides nothing; drop \(first)")
            }
            output.write(PlanPrinter.print(plan))
            return
        }
        guard let input else { throw CouldNotRun("missing --input (a JSON or YAML file, or - for standard input)") }
        if input == "-", state == "-" {
            throw CouldNotRun("--input and --state cannot both read standard input; give one of them a file")
        }
        var at = Instant.now()
        if let now {
            do {
                at = try Instant(parsing: now.trimmingSpaces())
            } catch {
                throw CouldNotRun("--now: expected a time such as 2026-11-23T10:00:00Z or a date such as 2026-11-23, got \"\(now)\": \(error.timeReason ?? error.description)")
            }
        }
        let inputValue = try StructuredInput.read(input)
        let store = InMemoryStateStore()
        if let state {
            let document = try StructuredInput.readDocument(state)
            do throws(StateFileError) {
                try StateSnapshot.load(document.value, for: plan, into: store, asOf: at)
            } catch {
                // At the entry the error names, as a test's state is reported.
                let message = error.description
                let name = state == "-" ? "standard input" : state
                let place = StructuredInput.place(of: message, in: document.data).map { ":\($0.line):\($0.column)" } ?? ""
                throw CouldNotRun("\(name)\(place): \(message)")
            }
        }
        let decision = plan.decide(json: inputValue, at: at, store: store, options: DecisionOptions(dryRun: false, explain: explain))
        switch format {
        case .json: output.write(decision.json.text(pretty: true) + "\n")
        case .human: output.write(DecisionText.render(decision, plan: plan))
        }
        if decision.outcome == .error { throw ExitStatus.failure }
    }
}

/// The human-readable form of a decision.
enum DecisionText {
    /// The decision as lines of text. A key, a text value or a message quoting an input
    /// may hold control characters (an escape sequence could recolour or clear the
    /// terminal, a line feed would break a line in two): they are shown as `\u{…}`
    /// escapes, as replay shows a skipped row's.
    ///
    /// With the policy's `plan`, a percent control's or goal's value is shown as a percent
    /// (`85%`), as the trace shows it; JSON keeps the fraction (`0.85`).
    static func render(_ decision: Decision, plan: CompiledPolicy? = nil) -> String {
        let percentControls = Set(plan?.controls.filter { $0.type.nonOptional == .percent }.map(\.name) ?? [])
        let percentGoals = Set(plan?.goals.filter { $0.valueType?.nonOptional == .percent }.map(\.name) ?? [])
        func shown(_ value: DecisionValue, percent: Bool) -> String {
            guard percent, case .number(let fraction) = value else { return value.description }
            return fraction.percentDescription
        }
        // Money in the summary with its currency, as the trace shows it (`500 JPY`).
        func withCode(_ value: DecisionValue, shown text: String? = nil) -> String {
            let text = text ?? value.description
            guard case .money = value, let code = plan?.currency?.code else { return text }
            return text + " " + code
        }
        var lines: [String] = []
        lines.append("\(decision.policy) \(decision.key.isEmpty ? "(no key)" : decision.key) at \(decision.at): \(decision.outcome.rawValue)")
        if let error = decision.error {
            lines.append("  error: \(error.description)")
        }
        for control in decision.controls {
            let percent = percentControls.contains(control.name)
            lines.append("  \(control.name): \(shown(control.from, percent: percent)) → proposed \(shown(control.proposed, percent: percent)) → "
                + shown(control.to, percent: percent))
        }
        lines.append("  fired: \(decision.fired.isEmpty ? "none" : decision.fired.joined(separator: ", "))")
        let budgetNames = Set(plan?.budgets.map(\.name) ?? [])
        for event in decision.guards {
            let kind = budgetNames.contains(event.guardName) ? "budget" : "guard"
            // On a hold a failed guard acts on nothing (§8): said, so `hold` and `blocked`
            // on one screen do not read as two answers.
            let noEffect = decision.outcome == .hold && [.blocked, .escalated, .conflict].contains(event.result)
            lines.append("  \(kind) \(event.guardName) (\(event.enforcement)): \(event.result.rawValue)"
                + (noEffect ? " (no effect: nothing changes)" : "") + ": \(event.detail)")
        }
        if let approval = decision.approval {
            var line = "  approval: by \(approval.role)"
            if !approval.values.isEmpty {
                line += " of " + approval.values.map { "\($0.name) \(shown($0.value, percent: percentControls.contains($0.name)))" }.joined(separator: ", ")
            }
            if let expires = approval.expiresAt { line += ", expires \(expires)" }
            if let id = approval.id { line += ", id \(id)" }
            lines.append(line + " (\(approval.reasons.joined(separator: "; ")))")
        }
        for goal in decision.goals {
            let value = goal.value.map { " (\(withCode($0, shown: shown($0, percent: percentGoals.contains(goal.name)))))" } ?? ""
            lines.append("  goal \(goal.name): \(goal.met ? "met" : "missed")" + value + (goal.error.map { " (\($0))" } ?? ""))
        }
        for budget in decision.budgets {
            lines.append("  budget \(budget.name): used \(withCode(budget.used)), remaining \(withCode(budget.remaining))")
        }
        for warning in decision.warnings { lines.append("  warning: \(warning)") }
        if let trace = decision.trace {
            lines.append("trace:")
            for entry in trace { lines.append("  \(entry.kind)\(entry.name.isEmpty ? "" : " " + entry.name): \(entry.detail)") }
        }
        return lines.map { $0.escapingControlCharacters(keepingLineFeeds: false) + "\n" }.joined()
    }
}
