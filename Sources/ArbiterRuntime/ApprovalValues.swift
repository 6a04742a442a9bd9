// The values an approval request carries.
//
// A request names its proposed control values, the values before the decision, the
// key's group fields and what it spends of each budget. The engine files one for every
// decision that waits for approval, so a busy policy files many, and the store forgets
// them again once settled. As four dictionaries they took four allocations and hashed
// every name, and freeing them cost as much again: a third of a stateful decision that
// filed one. Here they are one array in a fixed order, whose names come from a `Layout`
// the policy makes once and every request shares. The dictionaries of the public API
// (`ApprovalRequest.proposed`, `.recording`) are built when they are read, which only
// the approval API and tests do.

/// An approval request's values, one array with shared names (see above). Two compare
/// equal when they name the same values, whatever their layouts.
struct ApprovalValues: Hashable, Sendable {
    /// The names, in the order of the values: controls (proposed, then current), group
    /// fields, budgets.
    final class Layout: Sendable {
        let controls: [String]
        let groups: [String]
        let budgets: [String]

        init(controls: [String], groups: [String], budgets: [String]) {
            self.controls = controls
            self.groups = groups
            self.budgets = budgets
        }

        var count: Int { 2 * controls.count + groups.count + budgets.count }

        static let empty = Layout(controls: [], groups: [], budgets: [])
    }

    let layout: Layout
    /// INVARIANT: `layout.count` values: each control's proposed value, each control's
    /// current value, each group field, each budget's spend (`.exact`); nil where the
    /// request has none.
    private(set) var values: [RuntimeValue?]

    /// Values in the layout's order (see `values`).
    init(layout: Layout, values: [RuntimeValue?]) {
        precondition(values.count == layout.count, "approval values do not match their layout")
        self.layout = layout
        self.values = values
    }

    /// Values given as dictionaries, in a layout of their sorted names.
    init(proposed: [String: RuntimeValue], recording: ApprovalRecording) {
        let controls = Set(proposed.keys).union(recording.current.keys).sorted()
        let groups = recording.groups.keys.sorted()
        let budgets = recording.spends.keys.sorted()
        layout = Layout(controls: controls, groups: groups, budgets: budgets)
        values = controls.map { proposed[$0] } + controls.map { recording.current[$0] }
            + groups.map { recording.groups[$0] } + budgets.map { recording.spends[$0].map(RuntimeValue.exact) }
    }

    /// The proposed values by control name; setting it lays the values out anew.
    var proposed: [String: RuntimeValue] {
        get { dictionary(names: layout.controls, from: 0) }
        set { self = ApprovalValues(proposed: newValue, recording: recording) }
    }

    /// The recording; setting it lays the values out anew.
    var recording: ApprovalRecording {
        get {
            let controls = layout.controls.count
            var spends: [String: Exact] = [:]
            let spendStart = 2 * controls + layout.groups.count
            for (index, name) in layout.budgets.enumerated() {
                if case .exact(let amount)? = values[spendStart + index] { spends[name] = amount }
            }
            return ApprovalRecording(current: dictionary(names: layout.controls, from: controls),
                                     groups: dictionary(names: layout.groups, from: 2 * controls), spends: spends)
        }
        set { self = ApprovalValues(proposed: proposed, recording: newValue) }
    }

    static func == (left: Self, right: Self) -> Bool {
        left.proposed == right.proposed && left.recording == right.recording
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(proposed)
    }

    private func dictionary(names: [String], from start: Int) -> [String: RuntimeValue] {
        var dictionary: [String: RuntimeValue] = [:]
        for (index, name) in names.enumerated() {
            if let value = values[start + index] { dictionary[name] = value }
        }
        return dictionary
    }
}
