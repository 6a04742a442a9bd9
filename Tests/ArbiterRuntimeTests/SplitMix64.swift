import ArbiterRuntime

/// A small seeded random number generator (SplitMix64), so property tests are
/// reproducible: the same seed always gives the same cases.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// An exact value with up to `integerDigits` whole digits and up to
    /// `fractionDigits` fractional digits, either sign.
    mutating func exact(integerDigits: Int = 12, fractionDigits: Int = 18) -> Exact {
        let wholeDigits = Int.random(in: 0...integerDigits, using: &self)
        let fractionCount = Int.random(in: 0...fractionDigits, using: &self)
        let whole = Int128(UInt64.random(in: 0..<tenToThe(wholeDigits), using: &self))
        let fraction = Int128(UInt64.random(in: 0..<tenToThe(fractionCount), using: &self))
        let units = whole * Exact.unitsPerOne + fraction * Int128(tenToThe(18 - fractionCount))
        return Exact(units: Bool.random(using: &self) ? -units : units)
    }

    /// Any exact value at all, from the whole `Int128` range of units.
    mutating func anyExact() -> Exact {
        let high = UInt128(next()) << 64
        return Exact(units: Int128(bitPattern: high | UInt128(next())))
    }

    private func tenToThe(_ exponent: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent {
            result *= 10
        }
        return result
    }
}
