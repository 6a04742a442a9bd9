// Writing an exact decimal as text.
//
// `description` is the canonical form: every digit that matters and nothing else
// (`19.99`, `0.3`, `-5`, `0.000000000000000001`), with no exponent and no digit
// separators, so `Exact(parsing: x.description) == x` always holds. `formatted` is the
// display form for money and reports: a fixed number of fractional digits, rounded by a
// `RoundingRule` and padded with zeros (`21.99`, `1240.00`).
//
// Both write ASCII bytes into a stack buffer and make the string from it: a value of up
// to 15 characters is a small string, and allocates nothing.

extension Exact: CustomStringConvertible {
    /// The value as a percent (× 100) with its `%`: `0.15` is `15%`, `-0.0125` is
    /// `-1.25%`. Written by moving the decimal point, so it is exact for every value, even
    /// one whose hundredfold is past the range (`2000000000000000000` is
    /// `200000000000000000000%`).
    public var percentDescription: String {
        var text = description
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        var whole = String(parts[0]) + fraction.prefix(2)
        fraction.removeFirst(2)
        while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction) + "%"
    }

    /// The exact value with no trailing zeros: `19.99`, `0.3`, `-5`.
    public var description: String {
        let magnitude = units.magnitude
        let fraction = UInt64(magnitude % UInt128(Exact.unitsPerOne))
        var digits = Exact.fractionDigits
        var trimmed = fraction
        if fraction == 0 {
            digits = 0
        } else {
            while trimmed % 10 == 0 {
                trimmed /= 10
                digits -= 1
            }
        }
        return Exact.text(
            whole: magnitude / UInt128(Exact.unitsPerOne),
            fraction: UInt128(trimmed),
            fractionDigits: digits,
            isNegative: units < 0)
    }

    /// The value rounded by `rule` and written with exactly `fractionDigits` digits after
    /// the point: `formatted(fractionDigits: 2)` gives `21.99` or `1240.00`.
    ///
    /// Rounding here cannot overflow, so this never fails. A value that rounds to zero is
    /// written without a minus sign (`-0.001` gives `0.00`).
    ///
    /// - Precondition: `fractionDigits` is in `0...18`.
    public func formatted(fractionDigits: Int, rule: RoundingRule = .halfEven) -> String {
        precondition((0...Exact.fractionDigits).contains(fractionDigits), "fraction digits out of range")
        let step = Exact.powerOfTen(Exact.fractionDigits - fractionDigits)
        let magnitude = roundedMagnitude(step: step, rule: rule)
        let (whole, fraction) = magnitude.quotientAndRemainder(dividingBy: UInt128(Exact.unitsPerOne))
        return Exact.text(
            whole: whole,
            fraction: fraction / step,
            fractionDigits: fractionDigits,
            isNegative: units < 0 && magnitude != 0)
    }

    /// Writes `[-]whole[.fraction]`, padding `fraction` to `fractionDigits` digits.
    static func text(whole: UInt128, fraction: UInt128, fractionDigits: Int, isNegative: Bool) -> String {
        // Sign, up to 39 whole digits, a point and up to 18 fractional digits.
        // Written on the stack first: a string made with room for the longest value would
        // be on the heap however short, and most values fit a small (inline) string.
        let capacity = 1 + 39 + 1 + Exact.fractionDigits
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var end = 0
            if isNegative {
                buffer[end] = UInt8(ascii: "-")
                end += 1
            }
            end = writeDigits(of: whole, minimumCount: 1, into: buffer, at: end)
            if fractionDigits > 0 {
                buffer[end] = UInt8(ascii: ".")
                end += 1
                end = writeDigits(of: fraction, minimumCount: fractionDigits, into: buffer, at: end)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<end]), as: UTF8.self)
        }
    }

    /// Writes the decimal digits of `value`, left-padded with zeros to `minimumCount`,
    /// and returns the index after the last digit written.
    static func writeDigits(
        of value: UInt128, minimumCount: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        // Fractions and ordinary amounts fit 64 bits, where division is a single
        // instruction instead of a 128-bit library call.
        if let small = UInt64(exactly: value) {
            return writeDigits(of: small, minimumCount: minimumCount, into: buffer, at: start)
        }
        let (high, low) = value.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
        let end = writeDigits(of: UInt64(high), minimumCount: max(1, minimumCount - 19), into: buffer, at: start)
        return writeDigits(of: UInt64(low), minimumCount: 19, into: buffer, at: end)
    }

    private static func writeDigits(
        of value: UInt64, minimumCount: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var count = 1
        var rest = value / 10
        while rest != 0 {
            count += 1
            rest /= 10
        }
        count = max(count, minimumCount)
        rest = value
        var index = start + count
        while index > start {
            index -= 1
            buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return start + count
    }
}
