import ArbiterReplay
@testable import ArbiterRuntime

/// Synthetic decisions for the report tests, built directly (no policy is evaluated).
enum ReportSamples {
    /// An instant from ISO 8601 text; traps on bad text (test data only).
    static func time(_ text: String) -> Instant {
        guard let instant = Instant(text) else { fatalError("bad time \(text)") }
        return instant
    }

    /// A garden-pricing-like decision with a `price` control.
    static func decision(
        key: String = "SKU-1", at: String = "2026-01-05T10:00:00Z", outcome: Outcome = .applied,
        from: String = "20.00", to: String = "20.00", fired: [String] = [], guards: [(String, GuardEvent.Result)] = [],
        approval: String? = nil, goals: [(String, Bool)] = [], budget: String? = nil, error: String? = nil,
        policy: String = "garden_pricing"
    ) -> Decision {
        Decision(
            policy: policy, version: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            key: key, at: time(at), outcome: outcome,
            controls: [ControlOutcome(name: "price", from: .money(from), proposed: .money(to), to: .money(to))],
            fired: fired,
            guards: guards.map { GuardEvent(guardName: $0.0, enforcement: "clamp", result: $0.1, detail: "") },
            approval: approval.map { ApprovalNeed(id: nil, role: $0, expiresAt: nil, reasons: []) },
            goals: goals.map { GoalResult(name: $0.0, value: nil, met: $0.1, error: nil) },
            budgets: budget.map { [BudgetReport(name: "markdown", used: .money($0), remaining: .money("0.00"), spent: .money("0.00"))] } ?? [],
            warnings: [],
            error: error.map { DecisionError(message: $0, path: nil, line: nil, column: nil) })
    }

    /// An empty report shaped like `Policies/garden_pricing.policy`.
    static func gardenReport(policy: String = "garden_pricing") -> ReplayReport {
        var report = ReplayReport(
            policy: policy, version: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            controls: ["price"], rules: ["undercut", "clearance"], guards: ["floor", "ceiling", "step", "churn"],
            goals: ["margin"], budgets: [(name: "markdown", limit: "20000.00 EUR per 7d")])
        report.historyFile = "Policies/garden_history.csv"
        return report
    }

    /// A deterministic generator (SplitMix64), so samples are the same on every run.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A whole number in `0..<bound`.
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// A plausible replay of `days` days, `keys` keys and `perDay` decisions per key and
    /// day, starting Monday 2026-01-05; fed into `report` as it is generated.
    static func feedSample(into report: inout ReplayReport, days: Int = 60, keys: Int = 20, perDay: Int = 3, seed: UInt64 = 7) {
        generate(days: days, keys: keys, perDay: perDay, seed: seed,
                 decision: { report.add($0, line: $1) }, skipped: { report.addSkippedRow($0, line: $1, column: $2) })
    }

    /// Generates the sample: `decision` gets each decision and its line, `skipped` each bad row.
    static func generate(days: Int, keys: Int, perDay: Int, seed: UInt64 = 7, decision emit: (Decision, Int) -> Void,
                         skipped: (String, Int, Int) -> Void) {
        var random = Random(state: seed)
        var prices = (0..<keys).map { 1_000 + 150 * $0 + random.below(900) }  // cents
        var used = 0  // cents, reset each Monday
        var line = 1
        let start = time("2026-01-05T00:00:00Z")
        for day in 0..<days {
            if day % 7 == 0 { used = 0 }
            for slot in 0..<perDay {
                for key in 0..<keys {
                    line += 1
                    let seconds = Int64(day) * 86_400 + Int64(slot * 20 / perDay + 1) * 3_600 + Int64(key) * 60
                    let at = Instant(microsecondsSinceEpoch: start.microsecondsSinceEpoch + seconds * 1_000_000)
                    let roll = random.below(1_000)
                    // Later days apply more and hold less, so the stacked chart shows a trend.
                    let heldShare = 420 - day * 3
                    var outcome: Outcome
                    switch roll {
                    case ..<12: outcome = .error
                    case ..<60: outcome = .blocked
                    case ..<120: outcome = .pendingApproval
                    case ..<max(200, heldShare): outcome = .hold
                    case ..<(max(200, heldShare) + 150): outcome = .clamped
                    default: outcome = .applied
                    }
                    let from = prices[key]
                    var to = from
                    var fired: [String] = []
                    var guards: [(String, GuardEvent.Result)] = []
                    if outcome != .hold, outcome != .error {
                        let sizes = [0, 1, 2, 3, 4, 4, 5, 6, 8, 9, 12, 15, 20, 30]
                        let percent = sizes[random.below(sizes.count)] + 1
                        let down = random.below(10) < 6
                        to = max(100, from + (down ? -1 : 1) * from * percent / 100)
                        fired.append(down ? "undercut" : "restock")
                        if random.below(12) == 0 { fired.append("clearance") }
                    }
                    switch outcome {
                    case .clamped: guards.append((["floor", "step", "step", "ceiling"][random.below(4)], .clamped))
                    case .blocked: guards.append(("churn", .blocked))
                    case .pendingApproval: guards.append(("step", .escalated))
                    default: if random.below(40) == 0 { guards.append(("floor", .warned)) }
                    }
                    if outcome.isApplied, to < from { used += (from - to) * 50 }
                    if outcome.isApplied { prices[key] = to }
                    let decision = Self.decision(
                        key: "SKU-\(1_000 + key)", at: at.description, outcome: outcome, from: cents(from),
                        to: outcome == .error ? cents(from) : cents(to), fired: fired, guards: guards,
                        approval: outcome == .pendingApproval ? (random.below(5) == 0 ? "category-manager" : "pricing-lead") : nil,
                        goals: outcome == .error ? [] : [("margin", random.below(100) < 84)],
                        budget: outcome == .error ? nil : cents(used),
                        error: outcome == .error ? ["$.cost: expected money, got \"n/a\"", "division by zero"][random.below(2)] : nil)
                    emit(decision, line)
                }
            }
            if day % 17 == 3 { skipped("`stock`: expected int, got \"lots\"", line + 1, 31); line += 1 }
        }
    }

    /// A comparison of the sample with a stricter version: changes over 8% are clamped to
    /// 8%, and one pending approval in three is blocked instead.
    static func compareSample(days: Int = 60, keys: Int = 20, perDay: Int = 3) -> CompareReport {
        var newReport = gardenReport()
        newReport.version = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
        var compare = CompareReport(old: gardenReport(), new: newReport)
        var pending = 0
        generate(days: days, keys: keys, perDay: perDay, decision: { old, line in
            var new = old
            new.version = newReport.version
            let control = old.controls[0]
            if old.outcome.isApplied, let from = Exact(control.from.description), let to = Exact(control.to.description), !from.isZero,
               let ratio = try? to.subtracting(from).divided(by: from), ratio.magnitudeExceeds(percent: 8) {
                let limit = (try? from.multiplied(by: ratio.isNegative ? Exact(mantissa: 92, fractionDigits: 2) : Exact(mantissa: 108, fractionDigits: 2)))
                    ?? from
                let clamped = (try? limit.rounded(fractionDigits: 2)) ?? limit
                new.outcome = .clamped
                new.controls = [ControlOutcome(name: "price", from: control.from, proposed: control.proposed, to: .money(clamped.formatted(fractionDigits: 2)))]
                new.guards = [GuardEvent(guardName: "step", enforcement: "clamp", result: .clamped, detail: "")]
            } else if old.outcome == .pendingApproval {
                pending += 1
                if pending % 3 == 0 {
                    new.outcome = .blocked
                    new.approval = nil
                    new.guards = [GuardEvent(guardName: "churn", enforcement: "block", result: .blocked, detail: "")]
                }
            }
            compare.add(old: old, new: new, line: line)
        }, skipped: { compare.addSkippedRow($0, line: $1, column: $2) })
        return compare
    }

    /// `1999` → `19.99`.
    static func cents(_ value: Int) -> String {
        let fraction = value % 100
        return "\(value / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// A sample report over `days` days.
    static func sampleReport(days: Int = 60, keys: Int = 20, perDay: Int = 3, policy: String = "garden_pricing") -> ReplayReport {
        var report = gardenReport(policy: policy)
        feedSample(into: &report, days: days, keys: keys, perDay: perDay)
        return report
    }
}

extension Exact {
    /// Whether `|self| > percent ÷ 100`.
    func magnitudeExceeds(percent: Int64) -> Bool {
        guard let magnitude = try? absoluteValue() else { return true }
        return magnitude > Exact(mantissa: percent, fractionDigits: 2)
    }
}
