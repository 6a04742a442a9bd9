/// The reserved words: they cannot name inputs, lets, controls, rules or anything else.
///
/// Words that only mean something in one position (type names such as `money`, the
/// families `pricing` and `scaling`, enforcements such as `clamp`, `max`/`min` after
/// `resolve … by`, `one of`) are contextual and stay usable as names.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case policy, drives, key, currency, timezone, input, control, resolve
    case `let`, goal, rule, active, when, set, `guard`, budget, spends, tracks
    case approve, expires, by, `else`, and, or, not, `if`, then, `true`, `false`
    case exists, between, within, per

    /// Keywords that start an item inside a policy block; the parser resynchronises on them.
    public var startsItem: Bool {
        switch self {
        case .drives, .key, .currency, .timezone, .input, .control, .resolve, .let, .goal,
             .rule, .guard, .budget, .approve:
            true
        default:
            false
        }
    }
}

/// Words that have a meaning in one position of the grammar but remain usable as names.
public enum ContextualWord {
    /// Type names.
    public static let types: [String] = ["int", "number", "money", "percent", "duration", "time", "date", "bool", "text"]
    /// Actuator families.
    public static let families: [String] = ["pricing", "bidding", "merchandising", "scaling"]
    /// Guard enforcements.
    public static let enforcements: [String] = ["clamp", "block", "escalate", "warn"]
    /// `resolve … by` strategies.
    public static let strategies: [String] = ["max", "min"]
    /// Words of the enum type form.
    public static let enumWords: [String] = ["one", "of"]
}
