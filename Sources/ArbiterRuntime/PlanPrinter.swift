import ArbiterChecker

/// The printable form of a compiled plan (`arbiter eval --dump-plan`), like clox's
/// disassembler: slots by number, code as prefix expressions, sites as `@line:column`.
public enum PlanPrinter {
    /// Prints a whole plan.
    public static func print(_ plan: CompiledPolicy) -> String {
        var out = "plan \(plan.name) \(plan.version)\n"
        out += "  family \(plan.family.rawValue), key input#\(plan.keyInput), currency \(plan.currency?.code ?? "none"), zone \(plan.zone.identifier)\n"
        for (slot, input) in plan.inputs.enumerated() {
            out += "  input#\(slot) \(input.name): \(input.type.displayName)\(input.isOptional ? "?" : "")\n"
        }
        for (slot, control) in plan.controls.enumerated() {
            let source: String = switch control.source {
            case .input(let input): "input#\(input)"
            case .defaultValue(let value): "default \(value)"
            }
            out += "  control#\(slot) \(control.name): \(control.type.displayName) from \(source)"
            if let resolve = control.resolve { out += ", resolve by \(resolve.rawValue)" }
            if !control.groupInputs.isEmpty { out += ", grouped by " + control.groupInputs.map { "input#\($0)" }.joined(separator: " ") }
            out += "\n"
        }
        for (slot, binding) in plan.lets.enumerated() {
            out += "  let#\(slot) \(binding.name) = \(render(binding.code[0], plan))\n"
        }
        for rule in plan.rules {
            out += "  rule \(rule.name)"
            if let active = rule.active { out += " active [\(active.start), \(active.end))" }
            out += " when \(rule.condition.map { render($0, plan) } ?? "true")\n"
            for (control, value) in rule.assignments {
                out += "    set control#\(control) = \(render(value, plan))\n"
            }
        }
        for guardItem in plan.guards {
            out += "  guard \(guardItem.name) \(render(guardItem.condition, plan)) else \(guardItem.action.rawValue)"
            if let role = guardItem.role, guardItem.action == .escalate { out += " by \(role)" }
            if let expires = guardItem.expires, guardItem.action == .escalate { out += " expires \(expires)" }
            out += " [\(formName(guardItem.form))]\n"
        }
        for budget in plan.budgets {
            // A tracked budget takes no `else` (E0314): it never acts.
            let measure: String = switch budget.measure {
            case .spends(let code): "spends \(render(code, plan)) else \(budget.action.rawValue)"
            case .tracks(let input): "tracks input#\(input)"
            }
            out += "  budget \(budget.name) limit \(budget.limit) per \(budget.calendar.length) \(measure)\n"
        }
        for approval in plan.approvals {
            out += "  approve \(render(approval.condition, plan)) by \(approval.role)"
            if let expires = approval.expires { out += " expires \(expires)" }
            out += "\n"
        }
        for goal in plan.goals {
            out += "  goal \(goal.name) \(render(goal.condition, plan))\n"
        }
        return out
    }

    private static func formName(_ form: PlanGuardForm) -> String {
        switch form {
        case .lowerBound(let control, _, let inclusive): "lower bound of control#\(control)\(inclusive ? "" : ", exclusive")"
        case .upperBound(let control, _, let inclusive): "upper bound of control#\(control)\(inclusive ? "" : ", exclusive")"
        case .between(let control, _, _): "range of control#\(control)"
        case .within(let control, _, let window): "change of control#\(control) per \(window)"
        case .rateLimit(let control, let direction, _, let window, _): "\(direction.rawValue) of control#\(control) per \(window)"
        case .general: "general"
        }
    }

    /// Renders one piece of code.
    public static func render(_ code: Code, _ plan: CompiledPolicy) -> String {
        func site(_ index: Int) -> String {
            let place = plan.location(ofSite: index)
            return "@\(place.line):\(place.column)"
        }
        switch plan.nodes[code.index] {
        case .constant(let index):
            let value = plan.constants[index]
            if case .text(let text) = value { return "\"\(text)\"" }
            return value.description
        case .input(let slot): return "input#\(slot)"
        case .control(let slot, let phase): return "\(phase == .current ? "current" : "proposed")#\(slot)"
        case .letValue(let slot, let phase): return "let#\(slot)\(phase == .proposed ? "'" : "")"
        case .budget(let slot, let member): return "budget#\(slot).\(member.rawValue)"
        case .arithmetic(let op, let mode, let left, let right, let index):
            return "(\(op.rawValue):\(mode) \(render(left, plan)) \(render(right, plan)))\(site(index))"
        case .negate(let operand, _): return "(neg \(render(operand, plan)))"
        case .compare(let op, let left, let right, _, _): return "(\(op.rawValue) \(render(left, plan)) \(render(right, plan)))"
        case .and(let left, let right): return "(and \(render(left, plan)) \(render(right, plan)))"
        case .or(let left, let right): return "(or \(render(left, plan)) \(render(right, plan)))"
        case .not(let operand): return "(not \(render(operand, plan)))"
        case .exists(let operand): return "(exists \(render(operand, plan)))"
        case .coalesce(let left, let right): return "(?? \(render(left, plan)) \(render(right, plan)))"
        case .conditional(let condition, let whenTrue, let whenFalse):
            return "(if \(render(condition, plan)) \(render(whenTrue, plan)) \(render(whenFalse, plan)))"
        case .between(let value, let low, let high, _): return "(between \(render(value, plan)) \(render(low, plan)) \(render(high, plan)))"
        case .call(let function, let arguments, _, _):
            return "(\(function.rawValue)" + plan.arguments[arguments].map { " " + render($0, plan) }.joined() + ")"
        case .current(let slot): return "(current control#\(slot))"
        case .change(let slot, _): return "(change control#\(slot))"
        case .movement(let slot, let direction, _): return "(\(direction.rawValue) control#\(slot))"
        case .changeCount(let slot, let window): return "(changes control#\(slot) \(window))"
        case .sinceChange(let slot): return "(since_change control#\(slot))"
        case .count(let slot, let group): return "(count control#\(slot) by input#\(group))"
        case .within(let slot, let tolerance, let window, _): return "(within control#\(slot) \(render(tolerance, plan)) per \(window))"
        case .rateLimit(let slot, let direction, let limit, let window, let inclusive, _):
            return "(\(direction.rawValue) control#\(slot) \(inclusive ? "<=" : "<") \(render(limit, plan)) per \(window))"
        }
    }
}
