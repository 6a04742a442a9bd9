import Arbiter

extension ReplayReport {
    /// Number formatting shared by the renderers: integer arithmetic only, so the output
    /// does not depend on the locale or on floating-point rounding.
    enum Numbers {
        /// `1234567` → `1,234,567`.
        static func grouped(_ value: Int) -> String {
            let digits = String(value.magnitude)
            var out = ""
            for (index, character) in digits.enumerated() {
                if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
                out.append(character)
            }
            return value < 0 ? "-" + out : out
        }

        /// `part ÷ whole` as a percentage with one decimal, `51.4%`; `–` when `whole` is 0.
        static func percent(_ part: Int, of whole: Int) -> String {
            guard whole > 0 else { return "–" }
            let tenths = roundedHalfEven(part * 1000, whole)
            return "\(tenths / 10).\(tenths % 10)%"
        }

        /// `part ÷ whole` with four decimals, as a JSON number (`0.9244`); nil when `whole` is 0.
        static func ratio(_ part: Int, of whole: Int) -> String? {
            guard whole > 0 else { return nil }
            let scaled = roundedHalfEven(part * 10_000, whole)
            let fraction = String(scaled % 10_000)
            return "\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
        }

        /// `dividend ÷ divisor` (both ≥ 0, divisor > 0) rounded half-even, as every
        /// rounding in Arbiter is: 597 of 800 is 0.7462, not 0.7463.
        static func roundedHalfEven(_ dividend: Int, _ divisor: Int) -> Int {
            let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
            let twice = remainder * 2
            return twice > divisor || (twice == divisor && quotient % 2 == 1) ? quotient + 1 : quotient
        }

        /// An exact amount as a `Double`, for drawing only.
        static func double(_ value: Exact) -> Double {
            Double(value.units) / Double(Exact.unitsPerOne)
        }
    }
}
