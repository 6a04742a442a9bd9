import ArbiterChecker

extension CompiledPolicy {
    /// The guards (other than `warn`) that do not hold for a decision's final values.
    ///
    /// Decisions never apply a value that violates a guard; this re-checks that from the
    /// outside, on the same input and store state as the decision (call it before the
    /// decision is recorded, or for a dry run). Property tests use it, and an approval
    /// granted later can be re-checked with it.
    public func violatedGuards(of decision: Decision, input: DecisionInput, store: any StateStore) -> [String] {
        let evaluation = Evaluation(plan: self, store: store, now: decision.at, inputs: input.values, tracing: false)
        var current: [RuntimeValue] = []
        var final: [RuntimeValue] = []
        for (slot, control) in controls.enumerated() {
            switch control.source {
            case .input(let input): current.append(input < evaluation.inputs.count ? evaluation.inputs[input] : .none)
            case .defaultValue(let value):
                current.append((try? store.currentValue(for: evaluation.address(slot))) ?? nil ?? value)
            }
            guard let shown = decision.controls[control.name]?.to, let value = runtimeValue(shown, type: control.type) else {
                return ["control `\(control.name)` has no final value"]
            }
            final.append(value)
        }
        for slot in controls.indices {
            evaluation.current[slot] = current[slot]
            evaluation.proposed[slot] = final[slot]
        }
        var violated: [String] = []
        for guardItem in guards where guardItem.action != .warn {
            let holds = (try? evaluation.truth(guardItem.condition)) ?? false
            if !holds { violated.append(guardItem.name) }
        }
        return violated
    }

    private func runtimeValue(_ shown: DecisionValue, type: ArbiterChecker.ValueType) -> RuntimeValue? {
        switch shown {
        case .money(let text): return (try? Exact(parsing: text)).map(RuntimeValue.exact)
        case .number(let value): return .exact(value)
        case .int(let value): return type == .int ? .int(value) : .exact(Exact(value))
        case .bool(let value): return .bool(value)
        case .text(let text): return .text(text)
        case .none: return RuntimeValue.none
        }
    }
}
