import Arbiter

extension ReplayReport {
    /// The size of a change relative to the value before it, `|to − from| ÷ |from|`.
    public enum ChangeSize: Int, Sendable, Hashable, CaseIterable {
        /// At most 1%.
        case upToOnePercent
        /// More than 1%, at most 5%.
        case upToFivePercent
        /// More than 5%, at most 10%.
        case upToTenPercent
        /// More than 10%, at most 25%.
        case upToTwentyFivePercent
        /// More than 25%, or any change from zero.
        case overTwentyFivePercent

        /// `≤1%` … `>25%`.
        public var label: String {
            switch self {
            case .upToOnePercent: "≤1%"
            case .upToFivePercent: "≤5%"
            case .upToTenPercent: "≤10%"
            case .upToTwentyFivePercent: "≤25%"
            case .overTwentyFivePercent: ">25%"
            }
        }

        /// The JSON member name: `le_1pct` … `gt_25pct`.
        public var jsonName: String {
            switch self {
            case .upToOnePercent: "le_1pct"
            case .upToFivePercent: "le_5pct"
            case .upToTenPercent: "le_10pct"
            case .upToTwentyFivePercent: "le_25pct"
            case .overTwentyFivePercent: "gt_25pct"
            }
        }

        /// The upper bound of the bucket as a ratio, nil for the last.
        var bound: Exact? {
            switch self {
            case .upToOnePercent: Exact(mantissa: 1, fractionDigits: 2)
            case .upToFivePercent: Exact(mantissa: 5, fractionDigits: 2)
            case .upToTenPercent: Exact(mantissa: 10, fractionDigits: 2)
            case .upToTwentyFivePercent: Exact(mantissa: 25, fractionDigits: 2)
            case .overTwentyFivePercent: nil
            }
        }

        /// The bucket of a change from `from` to `to` (which differ).
        static func of(from: Exact, to: Exact) -> ChangeSize {
            guard !from.isZero,
                  let delta = try? to.subtracting(from).absoluteValue(),
                  let base = try? from.absoluteValue(),
                  let ratio = try? delta.divided(by: base)
            else { return .overTwentyFivePercent }
            return allCases.first { size in size.bound.map { ratio <= $0 } ?? true } ?? .overTwentyFivePercent
        }
    }

    /// The applied changes of one control: how many went up and down, by size.
    ///
    /// A change is an `applied` or `clamped` decision whose `to` differs from `from`.
    public struct ChangeDistribution: Sendable, Hashable {
        /// The control's name.
        public var control: String
        /// Increases, indexed by `ChangeSize.rawValue`.
        public internal(set) var up = Array(repeating: 0, count: ChangeSize.allCases.count)
        /// Decreases, indexed by `ChangeSize.rawValue`.
        public internal(set) var down = Array(repeating: 0, count: ChangeSize.allCases.count)
        /// Changes of a value that is not a number (text, bool), counted apart.
        public internal(set) var other = 0

        /// Creates an empty distribution.
        public init(control: String) { self.control = control }

        /// Increases of one size.
        public func up(_ size: ChangeSize) -> Int { up[size.rawValue] }
        /// Decreases of one size.
        public func down(_ size: ChangeSize) -> Int { down[size.rawValue] }
        /// All increases.
        public var totalUp: Int { up.reduce(0, +) }
        /// All decreases.
        public var totalDown: Int { down.reduce(0, +) }
        /// Every change.
        public var total: Int { totalUp + totalDown + other }

        /// Records the move from `from` to `to`; returns whether it was a change.
        mutating func record(from: DecisionValue, to: DecisionValue) -> Bool {
            record(from: ReplayReport.amount(from), to: ReplayReport.amount(to), differs: from != to)
        }

        /// Records a move given as amounts (nil when a value is not numeric) and whether
        /// the values differ at all; returns whether it changed.
        mutating func record(from old: Exact?, to new: Exact?, differs: Bool) -> Bool {
            if let old, let new {
                guard old != new else { return false }
                let size = ChangeSize.of(from: old, to: new)
                if new > old { up[size.rawValue] += 1 } else { down[size.rawValue] += 1 }
                return true
            }
            guard differs else { return false }
            other += 1
            return true
        }
    }
}
