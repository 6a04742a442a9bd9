import ArbiterChecker
import ArbiterSyntax
import Crypto
import Foundation

/// Why a checked policy could not be compiled.
public struct CompileError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, lowercase, one line.
    public var message: String
    /// Where, when known.
    public var span: Span?

    /// The message.
    public var description: String { message }
}

/// Compiles checked policies to plans.
///
/// The compiler is a short list of stages over one `CheckedPolicy`: resolve the header
/// (currency, zone, key), lay out slots (inputs, controls, lets), then lower every
/// expression to `Code` — names to slots by the checker's `references`, operator modes by
/// its `types`, literals to values. A policy with checker errors is refused.
public struct Compiler {
    let checked: CheckedPolicy
    let source: SourceFile
    let zone: TimeZoneOffsets
    var sites: [Span] = []
    var nodes: [PlanNode] = []
    var constants: [RuntimeValue] = []
    var arguments: [Code] = []
    var longestWindow = DurationValue.zero
    /// Each comparison's operand types, by its site (`CompiledPolicy.comparisonTypes`).
    var comparisonTypes: [Int: ComparisonTypes] = [:]

    /// Compiles one checked policy from its source file.
    /// The version of a policy compiled from `source`: the SHA-256 of the file's bytes.
    public static func version(of source: SourceFile) -> String {
        "sha256:" + SHA256.hash(data: source.bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Compiles one checked policy from its source file; `version` is `version(of:
    /// source)`, given when known (a file of many policies is hashed once, not per policy).
    public static func compile(_ checked: CheckedPolicy, source: SourceFile, version: String? = nil) throws(CompileError) -> CompiledPolicy {
        guard !checked.hasErrors else { throw CompileError(message: "policy `\(checked.name)` has errors and cannot be compiled") }
        let zone: TimeZoneOffsets
        do {
            zone = try TimeZoneOffsets.named(checked.timeZone.identifier)
        } catch {
            throw CompileError(message: "unknown time zone `\(checked.timeZone.identifier)`")
        }
        var compiler = Compiler(checked: checked, source: source, zone: zone)
        return try compiler.run(version: version ?? Self.version(of: source))
    }

    private mutating func run(version: String) throws(CompileError) -> CompiledPolicy {
        guard let family = checked.family, let keyInput = checked.keyField else {
            throw CompileError(message: "policy `\(checked.name)` lacks `drives` or `key`")
        }
        var currency: Currency?
        if let code = checked.currency {
            do { currency = try Currency(code: code) } catch { throw CompileError(message: "unknown currency `\(code)`") }
        }
        let inputs = checked.inputs.map { PlanInput(name: $0.name, type: $0.type, isOptional: $0.isOptional) }
        var groupInputs: [Int: [Int]] = [:]
        collectGroups(into: &groupInputs)
        var controls: [PlanControl] = []
        for control in checked.controls {
            let source: PlanControl.Source
            switch control.source {
            case .input(let slot):
                source = .input(slot)
            case .defaultValue(let expression):
                source = .defaultValue(try constant(expression, as: control.type))
            }
            controls.append(PlanControl(name: control.name, type: control.type, source: source,
                                        resolve: control.resolve, groupInputs: groupInputs[control.slot] ?? []))
        }
        var lets: [PlanLet] = []
        for binding in checked.lets {
            lets.append(PlanLet(name: binding.name, code: [try lower(binding.value, .current), try lower(binding.value, .proposed)],
                                type: checked.type(of: binding.value)))
        }
        var goals: [PlanGoal] = []
        for goal in checked.goals {
            var value: Code?
            var valueType: ValueType?
            if case .comparison(_, let left, _, nil) = goal.condition.unparenthesized.kind {
                value = try lower(left, .proposed)
                valueType = checked.type(of: left).nonOptional
            }
            goals.append(PlanGoal(name: goal.name, condition: try lower(goal.condition, .proposed), value: value, valueType: valueType))
        }
        var rules: [PlanRule] = []
        for rule in checked.rules {
            var assignments: [(control: Int, value: Code)] = []
            var assignmentSites: [Int] = []
            for assignment in rule.assignments {
                assignments.append((assignment.control, try lower(assignment.value, .current)))
                assignmentSites.append(site(assignment.value.span))
            }
            var active: (Instant, Instant)?
            if let range = rule.active {
                // The checker's range, recomputed from the bounds as written in exact
                // microseconds (its `Date`s are binary floating point).
                active = (try moment(range.from.text, at: range.from.span), try moment(range.to.text, at: range.to.span))
            }
            rules.append(PlanRule(name: rule.name, condition: try rule.condition.map { expression throws(CompileError) in try lower(expression, .current) },
                                  assignments: assignments, assignmentSites: assignmentSites, active: active))
        }
        let approvals = try checked.approvals.map { approval throws(CompileError) in
            PlanApproval(condition: try lower(approval.condition, .proposed), text: source.shownText(of: approval.condition.span), role: approval.role,
                         expires: try approval.expires.map { token throws(CompileError) in try expiry(token) })
        }
        let defaultExpiry = approvals.first.flatMap { approval in approval.expires.map { ($0, site: approval.expiresSite) } }
        let defaultRole = approvals.first?.role
        var guards: [PlanGuard] = []
        for guardItem in checked.guards {
            guards.append(PlanGuard(
                name: guardItem.name, condition: try lower(guardItem.condition, .proposed), text: source.shownText(of: guardItem.condition.span),
                form: try form(guardItem.form),
                action: guardItem.enforcement.action, role: guardItem.enforcement.role ?? defaultRole,
                expires: try guardItem.enforcement.expires.map { token throws(CompileError) in try expiry(token) } ?? defaultExpiry))
        }
        var budgets: [PlanBudget] = []
        for budget in checked.budgets {
            guard let measure = budget.measure else { throw CompileError(message: "budget `\(budget.name)` has no measure") }
            let length = try duration(budget.window.text, at: budget.window.span)
            let calendar: WindowCalendar
            do { calendar = try WindowCalendar(length: length, zone: zone) } catch {
                throw CompileError(message: "invalid budget window `\(budget.window.text)`", span: budget.window.span)
            }
            let limitValue = try constant(budget.limit, as: budget.type)
            guard let limit = limitValue.exactValue else { throw CompileError(message: "invalid budget limit", span: budget.limit.span) }
            let compiledMeasure: PlanBudget.Measure = switch measure {
            case .spends(let expression): .spends(try lower(expression, .proposed))
            case .tracks(let slot): .tracks(slot)
            }
            budgets.append(PlanBudget(
                name: budget.name, limit: limit, isMoney: budget.type == .money, calendar: calendar, measure: compiledMeasure,
                action: budget.enforcement.action, role: budget.enforcement.role ?? defaultRole,
                expires: try budget.enforcement.expires.map { token throws(CompileError) in try expiry(token) } ?? defaultExpiry,
                site: site(budget.syntax.name.span)))
        }
        return CompiledPolicy(
            name: checked.name, version: version, family: family, source: source,
            currency: currency, zone: zone, inputs: inputs, keyInput: keyInput, controls: controls, lets: lets,
            goals: goals, rules: rules, guards: guards, budgets: budgets, approvals: approvals, sites: sites,
            nodes: nodes, constants: constants, arguments: arguments, longestWindow: longestWindow, comparisonTypes: comparisonTypes)
    }

    /// A `DATE` (midnight in the policy's zone) or `TIME` bound as an instant.
    func moment(_ text: String, at span: Span) throws(CompileError) -> Instant {
        do {
            if text.count == 10 {
                let date = try CalendarDate(parsing: text)
                let localSecond = date.daysSinceEpoch * 86_400
                return Instant(secondsSinceEpoch: zone.utcSecond(forLocalSecond: localSecond))
            }
            return try Instant(parsing: text)
        } catch {
            throw CompileError(message: "invalid date or time `\(text)`", span: span)
        }
    }

    /// Finds every `count(c, by f)` so applied values of `c` are stored with `f`.
    private func collectGroups(into groups: inout [Int: [Int]]) {
        // Every expression that can read `count`: a group field left out here would never
        // be stored, and the count would miss the other keys.
        var expressions: [Expr] = checked.guards.map(\.condition) + checked.lets.map(\.value) + checked.approvals.map(\.condition)
        expressions += checked.rules.compactMap(\.condition) + checked.rules.flatMap { $0.assignments.map(\.value) }
        expressions += checked.goals.map(\.condition)
        for budget in checked.budgets {
            if case .spends(let amount)? = budget.measure { expressions.append(amount) }
        }
        for expression in expressions { visitCounts(expression, &groups) }
    }

    private func visitCounts(_ expression: Expr, _ groups: inout [Int: [Int]]) {
        switch expression.kind {
        case .call(let callee, let arguments):
            if callee.name == "count", arguments.count == 2, case .expression(let target) = arguments[0], case .by(let field) = arguments[1],
               case .control(let control)? = checked.references[target.span], case .input(let input)? = checked.references[field.span] {
                if !(groups[control] ?? []).contains(input) { groups[control, default: []].append(input) }
            }
            for argument in arguments { if case .expression(let inner) = argument { visitCounts(inner, &groups) } }
        case .unary(_, let inner), .exists(let inner), .parenthesized(let inner):
            visitCounts(inner, &groups)
        case .binary(_, let left, let right), .comparison(_, let left, let right, _):
            visitCounts(left, &groups); visitCounts(right, &groups)
        case .between(let value, let low, let high), .conditional(let value, let low, let high):
            visitCounts(value, &groups); visitCounts(low, &groups); visitCounts(high, &groups)
        case .within(let value, let tolerance, _):
            visitCounts(value, &groups); visitCounts(tolerance, &groups)
        case .literal, .name, .member, .missing:
            break
        }
    }

    mutating func site(_ span: Span) -> Int {
        sites.append(span)
        return sites.count - 1
    }

    /// An `expires` duration with the site of its token.
    private mutating func expiry(_ token: LiteralToken) throws(CompileError) -> (DurationValue, site: Int) {
        (try duration(token.text, at: token.span), site: site(token.span))
    }

    mutating func duration(_ text: String, at span: Span) throws(CompileError) -> DurationValue {
        do {
            // A literal's number may have `_` between digits (`1_000ms`), as any NUMBER.
            let value = try DurationValue(parsing: text.replacingOccurrences(of: "_", with: ""))
            if value > longestWindow { longestWindow = value }
            return value
        } catch {
            throw CompileError(message: "invalid duration `\(text)`", span: span)
        }
    }

    private mutating func form(_ form: GuardForm) throws(CompileError) -> PlanGuardForm {
        switch form {
        case .lowerBound(let control, let bound, let inclusive):
            return .lowerBound(control: control, bound: try lower(bound, .proposed), inclusive: inclusive)
        case .upperBound(let control, let bound, let inclusive):
            return .upperBound(control: control, bound: try lower(bound, .proposed), inclusive: inclusive)
        case .between(let control, let low, let high):
            return .between(control: control, low: try lower(low, .proposed), high: try lower(high, .proposed))
        case .within(let control, let tolerance, let window):
            return .within(control: control, tolerance: try lower(tolerance, .proposed), window: try duration(window.text, at: window.span))
        case .rateLimit(let control, let direction, let limit, let window, let inclusive):
            return .rateLimit(control: control, direction: direction, limit: try lower(limit, .proposed),
                              window: try duration(window.text, at: window.span), inclusive: inclusive)
        case .general:
            return .general
        }
    }

    /// Evaluates a constant expression (a control default, a budget limit).
    private mutating func constant(_ expression: Expr, as type: ValueType) throws(CompileError) -> RuntimeValue {
        let code = try lower(expression, .current)
        if let value = constantValue(code) { return Self.coerce(value, to: type) }
        if case .negate(let operand, _) = nodes[code.index], let value = constantValue(operand) {
            switch value {
            case .int(let number): return Self.coerce(.int(-number), to: type)
            case .exact(let number): return .exact(Exact(units: -number.units))
            default: break
            }
        }
        throw CompileError(message: "expected a constant", span: expression.span)
    }

    /// Widens an int to an exact value where the type asks for one.
    static func coerce(_ value: RuntimeValue, to type: ValueType) -> RuntimeValue {
        if case .int(let number) = value, type != .int { return .exact(Exact(number)) }
        return value
    }
}
