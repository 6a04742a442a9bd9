import ArbiterChecker
import ArbiterSyntax

/// An evaluation error with the place that raised it.
struct Failure: Error {
    var message: String
    var site: Int
}

/// The working memory of one decision: slot arrays, let caches and the store.
///
/// The interpreter (`Evaluation+Expressions.swift`) walks `Code` over these arrays; no
/// name is looked up. An `Evaluation` lives for one decision.
final class Evaluation {
    let plan: CompiledPolicy
    let store: any StateStore
    let now: Instant
    let key: String
    var inputs: [RuntimeValue]
    var current: [RuntimeValue]
    var proposed: [RuntimeValue]
    var letCache: [[RuntimeValue?]]
    var budgetUse: [Exact?]
    /// Each budget's window at `now`, computed once per decision.
    var budgetWindows: [CalendarWindow?]
    var tracing: Bool
    var trace: [TraceEntry] = []

    init(plan: CompiledPolicy, store: any StateStore, now: Instant, key: String, inputs: [RuntimeValue], tracing: Bool) {
        self.plan = plan
        self.store = store
        self.now = now
        self.key = key
        self.inputs = inputs
        self.current = []
        self.proposed = []
        self.letCache = [Array(repeating: nil, count: plan.lets.count), Array(repeating: nil, count: plan.lets.count)]
        self.budgetUse = Array(repeating: nil, count: plan.budgets.count)
        self.budgetWindows = Array(repeating: nil, count: plan.budgets.count)
        self.tracing = tracing
    }

    func address(_ control: Int) -> ControlAddress {
        ControlAddress(policy: plan.name, key: key, control: plan.controls[control].name)
    }

    /// The window of budget `slot` that contains `now`.
    func budgetWindow(_ slot: Int) throws(Failure) -> CalendarWindow {
        if let window = budgetWindows[slot] { return window }
        let calendar = plan.budgets[slot].calendar
        let window = try checked(-1) { () throws(EvaluationError) in try calendar.window(containing: now) }
        budgetWindows[slot] = window
        return window
    }

    /// Runs a store call, turning its error into an evaluation failure at `site`.
    func storeCall<T>(_ site: Int, _ body: () throws(StateStoreError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            throw Failure(message: "state store: \(error)", site: site)
        }
    }

    /// Arithmetic that fails with the place of the node.
    func checked<T>(_ site: Int, _ body: () throws(EvaluationError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            throw Failure(message: error.description, site: site)
        }
    }

    /// Adds a trace entry; callers check `tracing` first so no text is built otherwise.
    func note(_ kind: String, _ name: String, _ detail: String) {
        trace.append(TraceEntry(kind: kind, name: name, detail: detail))
    }

    /// Renders a value of a control or input for messages and decisions.
    func display(_ value: RuntimeValue, as type: ValueType) -> DecisionValue {
        switch value {
        case .none: return .none
        case .int(let number): return type == .int ? .int(number) : .number(Exact(number))
        case .exact(let number):
            if type.nonOptional == .money, let currency = plan.currency {
                return .money(currency.format(number))
            }
            return .number(number)
        case .bool(let flag): return .bool(flag)
        case .text(let text): return .text(text)
        case .duration(let duration): return .text(duration.description)
        case .instant(let instant):
            guard type.nonOptional == .date else { return .text(instant.description) }
            // A date is midnight in the policy's zone: show that local day.
            let offset = plan.zone.offsetSeconds(at: instant) * Instant.microsecondsPerSecond
            return .text(Instant(microsecondsSinceEpoch: instant.microsecondsSinceEpoch &+ offset).dateDescription)
        }
    }

    func describe(_ value: RuntimeValue, as type: ValueType) -> String {
        let shown = display(value, as: type)
        if case .money(let text) = shown, let currency = plan.currency { return "\(text) \(currency.code)" }
        if case .number(let number) = shown, type == .percent {
            return ((try? number.multiplied(by: Exact(100)))?.description ?? number.description) + "%"
        }
        return shown.description
    }
}
