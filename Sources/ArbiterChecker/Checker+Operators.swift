import ArbiterSyntax
import Foundation

extension Checker {
    // MARK: - Arithmetic

    /// The type of `left op right` by the unit algebra; a mismatch names both types.
    mutating func arithmeticType(_ op: ArithmeticOperator, _ left: Expr, _ leftType: ValueType,
                                 _ right: Expr, _ rightType: ValueType, _ expression: Expr) -> ValueType {
        if let result = UnitAlgebra.arithmetic(op, leftType, rightType) { return result }
        let l = leftType.displayName
        let r = rightType.displayName
        let message = switch op {
        case .add: "cannot add \(r) to \(l)"
        case .subtract: "cannot subtract \(r) from \(l)"
        case .multiply: "cannot multiply \(l) by \(r)"
        case .divide: "cannot divide \(l) by \(r)"
        }
        var diagnostic = Diagnostic(.invalidArithmetic, message, at: expression.span, label: "\(l) \(op.rawValue) \(r)")
        let additive = op == .add || op == .subtract
        switch (leftType, rightType) {
        case (.money, .percent) where additive, (.percent, .money) where op == .add:
            let (amount, percent) = leftType == .money ? (left, right) : (right, left)
            diagnostic.help = percentHint(amount: amount, percent: percent, raise: op == .add)
        case (.money, .money) where op == .multiply:
            diagnostic.help = "multiply money by a number or a percent, as in `\(text(left.span)) * 90%`"
        case (_, .money) where op == .divide && leftType.isDimensionless:
            diagnostic.help = "divide money by a number, or money by money to get a ratio"
        case (.date, _) where additive, (_, .date) where additive:
            diagnostic.help = "dates have no arithmetic, only comparisons (`a < b`); a `time` has it: `t1 - t2` is a duration and `t + 1d` a time"
        default:
            if additive {
                addUnitHint(to: &diagnostic, bare: right, bareType: rightType, unitType: leftType)
                addUnitHint(to: &diagnostic, bare: left, bareType: leftType, unitType: rightType)
            }
        }
        report(diagnostic)
        return .error
    }

    /// "to raise a price by a percent write `price * 110%`".
    private func percentHint(amount: Expr, percent: Expr, raise: Bool) -> String {
        let noun = family == .pricing || family == nil ? "a price" : "an amount"
        var base = text(amount.span)
        if case .binary = amount.unparenthesized.kind, !base.hasPrefix("(") { base = "(\(base))" }
        let verb = raise ? "raise" : "lower"
        if case .literal(.percent(let written)) = percent.unparenthesized.kind, let value = LiteralValue.decimal(written) {
            let factor = raise ? 100 + value : 100 - value
            return "to \(verb) \(noun) by a percent write `\(base) * \(factor)%`"
        }
        let sign = raise ? "+" : "-"
        return "to \(verb) \(noun) by a percent multiply it: `\(base) * (100% \(sign) \(text(percent.span)))`"
    }

    // MARK: - Comparisons

    mutating func comparisonType(_ op: ComparisonOperator, _ left: Expr, _ right: Expr, window: Window?,
                                 _ expression: Expr, _ scope: Scope) -> ValueType {
        let leftType = type(of: left, scope)
        let rightType = type(of: right, scope)
        if let window {
            checkWindow(window.text, at: window.span)
            if rateDirection(of: left) != nil, op != .lessEqual, op != .less {
                report(Diagnostic(.misplacedWindow, "a rate limit takes `<=` or `<`, not `\(op.rawValue)`", at: window.span,
                                  label: "window not allowed with `\(op.rawValue)`",
                                  help: "bound the movement from above: `\(text(left.span)) <= \(text(right.span)) per \(window.text)`"))
            } else if rateDirection(of: left) == nil {
                report(Diagnostic(.misplacedWindow, "a `per` window does not apply to this comparison", at: window.span,
                                  label: "window not allowed here",
                                  help: "a window limits movement over time, in `x`'s own unit: `increase(x) <= 4 per 15s` or `decrease(x) < 2.00 EUR per 1d`; for a relative change write `change(x) within 10% per 1d`"))
            }
        }
        if leftType == .error || rightType == .error { return .bool }
        if checkEnumCase(left, leftType, right) || checkEnumCase(right, rightType, left) { return .bool }
        guard !UnitAlgebra.canCompare(op, leftType, rightType) else { return .bool }
        if leftType.kind == rightType.kind {
            let kind = leftType.isTextual ? "text" : leftType.displayName
            report(Diagnostic(.invalidComparison, "cannot order \(kind) values", at: expression.span,
                              label: "`\(op.rawValue)` needs an order",
                              help: "only numbers, percents, money, durations, times and dates are ordered; compare \(kind) values with `==` or `!=`"))
        } else {
            reportMismatch(left, leftType, right, rightType, at: expression.span)
        }
        return .bool
    }

    /// "cannot compare duration with money", with "write `0 EUR`" for a bare number.
    mutating func reportMismatch(_ left: Expr, _ leftType: ValueType, _ right: Expr, _ rightType: ValueType, at span: Span) {
        var diagnostic = Diagnostic(
            .invalidComparison, "cannot compare \(leftType.displayName) with \(rightType.displayName)", at: span,
            label: "\(quoted(left, otherwise: "the left side")) is \(leftType.displayName), \(quoted(right, otherwise: "the right side")) is \(rightType.displayName)")
        addUnitHint(to: &diagnostic, bare: right, bareType: rightType, unitType: leftType)
        addUnitHint(to: &diagnostic, bare: left, bareType: leftType, unitType: rightType)
        if diagnostic.help == nil {
            diagnostic.help = "compare values of one kind: numbers and percents, money with money, durations with durations"
        }
        report(diagnostic)
    }

    /// Reports a string literal compared with an enum that lacks it; true when reported.
    private mutating func checkEnumCase(_ subject: Expr, _ subjectType: ValueType, _ other: Expr) -> Bool {
        guard case .enumeration(let cases) = subjectType,
              case .literal(.string(let value)) = other.unparenthesized.kind, !cases.contains(value) else { return false }
        let owner = if case .name(let name) = subject.unparenthesized.kind { "`\(name)`" } else { "this value" }
        reportNotACase(value, of: owner, cases: cases, at: other.span, fixing: other.unparenthesized.span)
        return true
    }

    mutating func betweenType(_ subject: Expr, _ low: Expr, _ high: Expr, _ scope: Scope) -> ValueType {
        let subjectType = type(of: subject, scope)
        let lowType = type(of: low, scope)
        let highType = type(of: high, scope)
        guard subjectType != .error else { return .bool }
        if !subjectType.isOrdered {
            report(Diagnostic(.invalidComparison, "cannot order \(subjectType.isTextual ? "text" : subjectType.displayName) values", at: subject.span,
                              label: "`between` needs an order",
                              help: "only numbers, percents, money, durations, times and dates are ordered"))
            return .bool
        }
        for (bound, boundType) in [(low, lowType), (high, highType)] where boundType != .error {
            if !UnitAlgebra.canCompare(.lessEqual, subjectType, boundType) {
                reportMismatch(subject, subjectType, bound, boundType, at: bound.span)
            }
        }
        return .bool
    }

    /// `change(x) within P per W`.
    mutating func withinType(_ subject: Expr, _ tolerance: Expr, _ window: Window, _ expression: Expr, _ scope: Scope) -> ValueType {
        _ = type(of: subject, scope)
        let toleranceType = type(of: tolerance, scope)
        checkWindow(window.text, at: window.span)
        if case .call(let callee, _) = subject.unparenthesized.kind, callee.name == "change" {
            // The form `within` is made for.
        } else {
            let example = if case .name(let name) = subject.unparenthesized.kind { name } else { "x" }
            report(Diagnostic(.misplacedWindow, "`within` only applies to `change(…)`", at: subject.span,
                              label: "not a `change(…)`",
                              help: "write `change(\(example)) within 10% per 1d`: the relative change over the window"))
        }
        if toleranceType != .percent, toleranceType != .error {
            report(Diagnostic(.invalidOperand, "`within` needs a percent, found \(toleranceType.displayName)", at: tolerance.span,
                              label: "this is \(toleranceType.displayName)",
                              help: "write the tolerance as a percent, such as `10%`"))
        } else if case .quantity(let value, _)? = constant(tolerance), value < 0 {
            report(Diagnostic(.invalidOperand, "a `within` tolerance is a size on either side, not negative", at: tolerance.span,
                              label: "this is negative",
                              help: "write `within \(text(tolerance.span).drop { $0 == "-" || $0 == " " })`: the change may go either way by that much"))
        }
        return .bool
    }

    /// The direction of `increase(x)` or `decrease(x)`, nil for anything else.
    func rateDirection(of expression: Expr) -> RateDirection? {
        guard case .call(let callee, _) = expression.unparenthesized.kind else { return nil }
        return RateDirection(rawValue: callee.name)
    }

    /// Reports a window or expiry that no duration holds (E0005: past about 292,000
    /// years, finer than a microsecond), unless `rangeChecked` (its literal was checked
    /// as an expression), or of zero length.
    mutating func checkWindow(_ written: String, at span: Span, rangeChecked: Bool = false) {
        if rangeChecked {
            if LiteralValue.rangeProblem(.duration(written)) != nil { return }
        } else if reportRangeProblem(of: .duration(written), at: span) {
            return
        }
        guard let length = LiteralValue.milliseconds(written), length <= 0 else { return }
        report(Diagnostic(.emptyWindow, "`\(written)` is a duration of zero length", at: span,
                          label: "empty", help: "a window or expiry must be longer than zero, such as `1d`"))
    }
}
