/// A seeded random number generator (SplitMix64) with the few distributions the sample
/// histories need.
///
/// Everything is computed with integer arithmetic and IEEE `+ − × ÷ √` and rounding, which
/// are exact on every platform, and never with the standard library's `random(in:using:)`
/// (whose algorithm may change between releases) or `libm`: the same seed gives the same
/// bytes everywhere.
struct SampleRandom {
    private var state: UInt64

    /// A generator for `seed`; `stream` gives independent generators from one seed
    /// (one per key, so adding keys does not change the others' histories).
    init(seed: UInt64, stream: UInt64 = 0) {
        state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// Uniform in `range` (multiply-shift; the bias is below 2⁻⁴⁰ for these ranges).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// Roughly standard normal (Irwin–Hall: the sum of 12 uniforms, minus 6).
    mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return sum - 6
    }

    /// A count of events with mean `mean`: binomial(64, mean/64) for small means, else a
    /// rounded normal with the Poisson's spread.
    mutating func count(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean < 16 {
            let probability = mean / 64
            var events = 0
            for _ in 0..<64 where unit() < probability { events += 1 }
            return events
        }
        return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
    }

    /// One element, chosen with the given weights.
    mutating func pick<Element>(_ choices: [(Element, weight: Double)]) -> Element {
        let total = choices.reduce(0) { $0 + $1.weight }
        var target = unit() * total
        for (element, weight) in choices {
            target -= weight
            if target < 0 { return element }
        }
        return choices[choices.count - 1].0
    }
}

/// Small shared shapes of the sample histories.
enum SampleShape {
    /// 0 before `from`, 1 after `to`, a smooth S-curve between (smoothstep).
    static func ramp(_ value: Double, from: Double, to: Double) -> Double {
        let t = min(1, max(0, (value - from) / (to - from)))
        return t * t * (3 - 2 * t)
    }

    /// How busy a shop is at each hour of the day (UTC), from a night trough to an
    /// evening peak; the mean is about 0.8.
    static let hourly: [Double] = [
        0.30, 0.18, 0.12, 0.10, 0.10, 0.14, 0.32, 0.60, 0.85, 1.00, 1.05, 1.10,
        1.15, 1.10, 1.05, 1.05, 1.10, 1.20, 1.35, 1.50, 1.55, 1.30, 0.90, 0.55,
    ]

    /// `hourly`, linearly interpolated at a minute of the day.
    static func daily(minute: Int) -> Double {
        let hour = minute / 60
        let share = Double(minute % 60) / 60
        return hourly[hour] * (1 - share) + hourly[(hour + 1) % 24] * share
    }

    /// Whether a day (counted from a Monday) falls on a weekend.
    static func isWeekend(day: Int) -> Bool {
        (day % 7 + 7) % 7 >= 5
    }

    /// Money rounded to an attractive price ending: up to the next whole euro (half euro
    /// below 10 EUR), minus one cent (`24.99`) or ten (`24.90`).
    static func charm(_ cents: Int, tenCents: Bool) -> Int {
        let step = cents < 1_000 ? 50 : 100
        return max((cents + step - 1) / step * step - (tenCents ? 10 : 1), 9)
    }

    /// `0042` for 42 and width 4.
    static func padded(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
