import ArbiterRuntime
import Testing

/// Property tests over seeded random values: each seed runs a few hundred cases, and a
/// failure names the seed, so it can be replayed exactly.
@Suite("Exact: properties")
struct ExactPropertyTests {
    static let seeds: [UInt64] = [1, 42, 2026, 0xDEAD_BEEF]
    static let casesPerSeed = 500

    @Test("(a + b) - b == a", arguments: seeds)
    func additionInverts(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<Self.casesPerSeed {
            let a = generator.exact()
            let b = generator.exact()
            #expect(try a.adding(b).subtracting(b) == a)
            #expect(try a.adding(b) == b.adding(a))
        }
    }

    @Test("parse(description(x)) == x over the whole range", arguments: seeds)
    func descriptionRoundTrips(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<Self.casesPerSeed {
            let small = generator.exact()
            let any = generator.anyExact()
            #expect(try Exact(parsing: small.description) == small)
            #expect(try Exact(parsing: any.description) == any)
        }
    }

    @Test("products of short decimals are exact: (a × b) ÷ b == a", arguments: seeds)
    func multiplicationIsExact(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<Self.casesPerSeed {
            let a = generator.exact(integerDigits: 9, fractionDigits: 9)
            let b = generator.exact(integerDigits: 9, fractionDigits: 9)
            let product = try a.multiplied(by: b)
            if !b.isZero {
                #expect(try product.divided(by: b) == a)
            }
        }
    }

    @Test("rounding lands on the step and moves the right way", arguments: seeds)
    func roundingRespectsRules(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<Self.casesPerSeed {
            let value = generator.exact()
            let digits = Int.random(in: 0...18, using: &generator)
            let step = Exact(units: Exact(mantissa: 1, fractionDigits: digits).units)
            let halfStep = try step.divided(by: 2)
            let down = try value.rounded(fractionDigits: digits, rule: .down)
            let up = try value.rounded(fractionDigits: digits, rule: .up)
            let even = try value.rounded(fractionDigits: digits, rule: .halfEven)
            #expect(down <= value && value <= up)
            #expect(try up.subtracting(down) <= step)
            #expect(try even.subtracting(value).absoluteValue() <= halfStep)
            #expect(try even.rounded(toMultipleOf: step) == even)
            #expect(try Exact(parsing: value.formatted(fractionDigits: digits)) == even)
        }
    }

    @Test("ordering agrees with the sign of the difference", arguments: seeds)
    func orderingMatchesSubtraction(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<Self.casesPerSeed {
            let a = generator.exact()
            let b = generator.exact()
            #expect((a < b) == (try a.subtracting(b)).isNegative)
        }
    }

    @Test("Int64 helpers agree with Int128 arithmetic", arguments: seeds)
    func checkedInt64MatchesWideArithmetic(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<Self.casesPerSeed {
            let a = Int64(bitPattern: generator.next()) >> Int64.random(in: 0...62, using: &generator)
            let b = Int64(bitPattern: generator.next()) >> Int64.random(in: 0...62, using: &generator)
            let sum = Int128(a) + Int128(b)
            let product = Int128(a) * Int128(b)
            if let expected = Int64(exactly: sum) {
                #expect(try a.checkedAdding(b) == expected)
            } else {
                #expect(throws: EvaluationError.overflow(.addition)) { try a.checkedAdding(b) }
            }
            if let expected = Int64(exactly: product) {
                #expect(try a.checkedMultiplied(by: b) == expected)
            } else {
                #expect(throws: EvaluationError.overflow(.multiplication)) { try a.checkedMultiplied(by: b) }
            }
        }
    }
}
