import Arbiter

extension CompareReport {
    /// One figure of both versions side by side.
    public struct Figure: Sendable, Hashable {
        /// What is measured: `decisions`, `applied`, `goal margin`, `budget markdown peak`.
        public var name: String
        /// The old version's value, as text.
        public var old: String
        /// The new version's value, as text.
        public var new: String
        /// `new − old` as text (`+30`, `-1.4 pt`, `0`), empty when it cannot be computed.
        public var delta: String
        /// The sign of the difference: -1, 0 or 1.
        public var sign: Int
    }

    /// The key figures of both versions: decisions, each outcome, changes, approvals,
    /// goal attainment and budget peaks.
    public var keyFigures: [Figure] {
        var figures = [Self.count("decisions", old.decisions, new.decisions)]
        for outcome in Outcome.allCases { figures.append(Self.count(outcome.rawValue, old.outcomes[outcome], new.outcomes[outcome])) }
        figures.append(Self.count("changes", old.changedDecisions, new.changedDecisions))
        figures.append(Self.count("approvals needed", old.approvalsNeeded, new.approvalsNeeded))
        for name in Self.union(old.goals.map(\.name), new.goals.map(\.name)) {
            let before = old.goals.first { $0.name == name }
            let after = new.goals.first { $0.name == name }
            figures.append(Self.attainment("goal \(name)", before, after))
        }
        for name in Self.union(old.budgets.map(\.name), new.budgets.map(\.name)) {
            let before = old.budgets.first { $0.name == name }?.peak
            let after = new.budgets.first { $0.name == name }?.peak
            figures.append(Self.amount("budget \(name) peak", before, after))
        }
        return figures
    }

    /// The names of `first`, then those only in `second`.
    static func union(_ first: [String], _ second: [String]) -> [String] {
        first + second.filter { !first.contains($0) }
    }

    static func count(_ name: String, _ old: Int, _ new: Int) -> Figure {
        let delta = new - old
        let numbers = ReplayReport.Numbers.self
        return Figure(name: name, old: numbers.grouped(old), new: numbers.grouped(new),
                      delta: delta > 0 ? "+" + numbers.grouped(delta) : numbers.grouped(delta), sign: delta.signum())
    }

    static func attainment(_ name: String, _ old: ReplayReport.GoalAttainment?, _ new: ReplayReport.GoalAttainment?) -> Figure {
        func tenths(_ goal: ReplayReport.GoalAttainment?) -> Int? {
            guard let goal, goal.evaluated > 0 else { return nil }
            return (goal.met * 1000 + goal.evaluated / 2) / goal.evaluated
        }
        func text(_ goal: ReplayReport.GoalAttainment?) -> String {
            guard let goal else { return "–" }
            return ReplayReport.Numbers.percent(goal.met, of: goal.evaluated)
        }
        guard let before = tenths(old), let after = tenths(new) else {
            return Figure(name: name, old: text(old), new: text(new), delta: "", sign: 0)
        }
        let delta = after - before
        let magnitude = "\(abs(delta) / 10).\(abs(delta) % 10) pt"
        return Figure(name: name, old: text(old), new: text(new),
                      delta: delta == 0 ? "0 pt" : (delta > 0 ? "+" : "-") + magnitude, sign: delta.signum())
    }

    static func amount(_ name: String, _ old: ReplayReport.BudgetPoint?, _ new: ReplayReport.BudgetPoint?) -> Figure {
        guard let old, let new, let difference = try? new.used.subtracting(old.used) else {
            return Figure(name: name, old: old?.text ?? "–", new: new?.text ?? "–", delta: "", sign: 0)
        }
        let digits = [old.text, new.text].map { text in text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0 }.max() ?? 0
        let formatted = difference.formatted(fractionDigits: min(18, digits))
        return Figure(name: name, old: old.text, new: new.text, delta: difference > .zero ? "+" + formatted : formatted,
                      sign: difference.signum)
    }
}
