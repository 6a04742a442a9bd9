// Current control values and the counts behind `count(control, by field)`.
//
// `guard pin_cap: count(pinned, by category) <= 3` runs on every decision of a
// merchandising policy; scanning every key of the catalogue each time would be O(keys).
// The index therefore keeps, next to each key's value, a counter per
// `(policy, control, group field, group value)` of the keys that are *active* (neither
// missing nor the control's default). Setting a value moves the key's contribution from
// its old groups to its new ones, so both the update and the count are O(group fields).

/// Current control values with per-group counts of active keys.
struct ControlValueIndex {
    private struct Entry {
        var value: RuntimeValue
        var isActive: Bool
        var groups: [String: RuntimeValue]
    }

    private struct GroupCounter: Hashable {
        var policy: String
        var control: String
        var field: String
        var value: RuntimeValue
    }

    private var entries: [ControlAddress: Entry] = [:]
    /// INVARIANT: `activeCounts[g]` is the number of entries that are active and whose
    /// groups map `g.field` to `g.value`; zero counts are removed.
    private var activeCounts: [GroupCounter: Int] = [:]

    mutating func set(
        _ value: RuntimeValue, default defaultValue: RuntimeValue,
        groups: [String: RuntimeValue], for control: ControlAddress
    ) {
        if let old = entries[control], old.isActive {
            adjust(control: control, groups: old.groups, by: -1)
        }
        let entry = Entry(value: value, isActive: value.isActive(comparedTo: defaultValue), groups: groups)
        entries[control] = entry
        if entry.isActive {
            adjust(control: control, groups: groups, by: 1)
        }
    }

    func value(for control: ControlAddress) -> RuntimeValue? {
        entries[control]?.value
    }

    func countActive(policy: String, control: String, groupField: String, groupValue: RuntimeValue, excluding excludedKey: String?) -> Int {
        let count = activeCounts[GroupCounter(policy: policy, control: control, field: groupField, value: groupValue)] ?? 0
        // The left-out key counts here only if it is active in this very group.
        guard let excludedKey, let entry = entries[ControlAddress(policy: policy, key: excludedKey, control: control)],
              entry.isActive, entry.groups[groupField] == groupValue else { return count }
        return count - 1
    }

    private mutating func adjust(control: ControlAddress, groups: [String: RuntimeValue], by delta: Int) {
        for (field, value) in groups {
            let counter = GroupCounter(policy: control.policy, control: control.control, field: field, value: value)
            let count = (activeCounts[counter] ?? 0) + delta
            activeCounts[counter] = count == 0 ? nil : count
        }
    }
}
