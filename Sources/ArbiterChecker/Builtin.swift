/// The built-in functions of the language.
///
/// Value functions compute on their arguments. State functions read the history of a
/// control from the state store; their first argument must be a control's name.
public enum Builtin: String, Sendable, Hashable, CaseIterable {
    /// `abs(x)`: the magnitude, of the same type.
    case abs
    /// `min(a, b, …)`: the smallest of two or more values of one kind.
    case min
    /// `max(a, b, …)`: the largest of two or more values of one kind.
    case max
    /// `ceil(x)`: rounds up; an int for numbers and percents, money for money.
    case ceil
    /// `floor(x)`: rounds down; an int for numbers and percents, money for money.
    case floor
    /// `round(x, step)`: the nearest multiple of `step`, of the type of `x`.
    case round
    /// `clamp(x, lo, hi)`: `x` moved into `[lo, hi]`.
    case clamp
    /// `ends_with(x, ending)`: whether the fractional part of `x` is `ending` (`.99`).
    case endsWith = "ends_with"
    /// `current(x)`: the control's value before the decision.
    case current
    /// `change(x)`: the signed relative change, proposed vs current, a percent.
    case change
    /// `increase(x)`: how much the proposal raises the control (0 if it lowers it).
    case increase
    /// `decrease(x)`: how much the proposal lowers the control (0 if it raises it).
    case decrease
    /// `changes(x, W)`: the number of applied changes of the control in the window.
    case changes
    /// `since_change(x)`: the time since the control last changed.
    case sinceChange = "since_change"
    /// `count(c, by f)`: how many keys in the caller's group `f` hold a true or
    /// non-default value of control `c`.
    case count

    /// Whether the function reads the state store; its first argument is a control.
    public var isStateFunction: Bool {
        switch self {
        case .current, .change, .increase, .decrease, .changes, .sinceChange, .count: true
        default: false
        }
    }

    /// The number of arguments: the least and, unless variadic, the most.
    public var arity: (minimum: Int, maximum: Int?) {
        switch self {
        case .abs, .ceil, .floor, .current, .change, .increase, .decrease, .sinceChange: (1, 1)
        case .min, .max: (2, nil)
        case .round, .endsWith, .changes, .count: (2, 2)
        case .clamp: (3, 3)
        }
    }

    /// How the call is written, for messages: `round(x, step)`.
    public var signature: String {
        switch self {
        case .abs, .ceil, .floor: "\(rawValue)(x)"
        case .current, .change, .increase, .decrease, .sinceChange: "\(rawValue)(control)"
        case .min, .max: "\(rawValue)(a, b, …)"
        case .round: "round(x, step)"
        case .clamp: "clamp(x, low, high)"
        case .endsWith: "ends_with(x, 0.99)"
        case .changes: "changes(control, 1d)"
        case .count: "count(control, by field)"
        }
    }
}
