// Durations as text.
//
// Reading: an optional sign, then one or more components, each a number and a unit:
// `300ms`, `15s`, `5m`, `24h`, `7d`, `2w`, `1h30m`, `1.5s`, `-5m`. Units are `w`, `d`,
// `h`, `m`, `s`, `ms`, `us` (or `µs`); a day is always 24 hours and a week 7 days.
// A fractional component must come out as a whole number of microseconds (`1.5ms` is
// fine, `0.1us` is `ValueParseError.tooPrecise`).
//
// Writing: the largest unit in which the duration is a whole number, so the text reads
// like the policy that produced it: 5 minutes is `5m`, 90 minutes `90m`, 14 days `2w`,
// 1500 ms `1500ms`, zero `0s`. A duration that is not a whole number of milliseconds
// (a strict bound's clamp, a time difference) is written with a fraction, in `ms` below a
// second (`1.5ms`) and in `s` above (`300.000001s`): a policy's literals have no `us`, and
// the text should be one a policy can hold. Reading the text back gives the same duration.

extension DurationValue: CustomStringConvertible {
    /// The duration in the largest unit that divides it (`300ms`, `15s`, `5m`, `2w`), or
    /// with a fraction of `ms` or `s` when it is not a whole number of milliseconds
    /// (`1.5ms`, `300.000001s`).
    public var description: String {
        guard microseconds != 0 else { return "0s" }
        // `since_change(x)` of a control that never changed, which no text reads back.
        if isUnbounded { return microseconds > 0 ? "unbounded" : "-unbounded" }
        for unit in Unit.allCases where unit != .microseconds && microseconds % unit.microseconds == 0 {
            return "\(microseconds / unit.microseconds)\(unit.rawValue)"
        }
        let unit: Unit = microseconds.magnitude < UInt64(Unit.seconds.microseconds) ? .milliseconds : .seconds
        let perUnit = UInt64(unit.microseconds)
        var fraction = String(microseconds.magnitude % perUnit)
        fraction = String(repeating: "0", count: String(perUnit).count - 1 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(microseconds < 0 ? "-" : "")\(microseconds.magnitude / perUnit).\(fraction)\(unit.rawValue)"
    }

    /// Reads a duration such as `300ms`, `15s`, `5m`, `24h`, `7d`, `2w` or `1h30m`.
    ///
    /// - Throws: `ValueParseError.unknownUnit`, `.unexpectedCharacter`, `.tooPrecise` or
    ///   `.outOfRange`, with byte offsets into the text.
    public init(parsing text: some StringProtocol) throws(ValueParseError) {
        var string = String(text)
        let result = string.withUTF8 { bytes in DurationReader(bytes: bytes).read() }
        microseconds = try result.get()
    }
}

extension DurationValue: LosslessStringConvertible {
    /// Reads a duration, returning nil for text `init(parsing:)` refuses.
    public init?(_ description: String) {
        guard let duration = try? DurationValue(parsing: description) else { return nil }
        self = duration
    }
}

/// A cursor over the UTF-8 bytes of a duration.
struct DurationReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func read() -> Result<Int64, ValueParseError> {
        var reader = self
        do throws(ValueParseError) {
            return .success(try reader.total())
        } catch {
            return .failure(error)
        }
    }

    private var peek: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func total() throws(ValueParseError) -> Int64 {
        guard !bytes.isEmpty else { throw .empty }
        var isNegative = false
        if peek == UInt8(ascii: "-") || peek == UInt8(ascii: "+") {
            isNegative = peek == UInt8(ascii: "-")
            index += 1
        }
        guard peek != nil else { throw .unexpectedEnd }
        var sum: Int64 = 0
        while peek != nil {
            let component = try self.component()
            let (next, overflow) = isNegative
                ? sum.subtractingReportingOverflow(component)
                : sum.addingReportingOverflow(component)
            guard !overflow else { throw .outOfRange }
            sum = next
        }
        // ±Int64.max microseconds is `DurationValue.unbounded`, which no text names.
        guard sum != .max, sum != -.max else { throw .outOfRange }
        return sum
    }

    /// Reads `digits[.digits]unit` and returns its length in microseconds. Intermediate
    /// values are `Int128`, so a fraction times a unit cannot overflow before the check.
    private mutating func component() throws(ValueParseError) -> Int64 {
        var whole: Int128 = 0
        var sawDigit = false
        while let byte = peek, byte &- UInt8(ascii: "0") < 10 {
            whole = whole * 10 + Int128(byte &- UInt8(ascii: "0"))
            guard whole <= Int128(Int64.max) else { throw .outOfRange }
            sawDigit = true
            index += 1
        }
        guard sawDigit else { throw peek == nil ? .unexpectedEnd : .unexpectedCharacter(offset: index) }
        var fraction: Int128 = 0
        var fractionDigits = 0
        var pendingZeros = 0
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let first = peek, first &- UInt8(ascii: "0") < 10 else {
                throw peek == nil ? .unexpectedEnd : .unexpectedCharacter(offset: index)
            }
            while let byte = peek, byte &- UInt8(ascii: "0") < 10 {
                let digit = Int128(byte &- UInt8(ascii: "0"))
                index += 1
                if digit == 0 {
                    pendingZeros += 1
                    continue
                }
                fractionDigits += pendingZeros + 1
                guard fractionDigits <= 18 else { throw .tooPrecise }
                for _ in 0..<pendingZeros {
                    fraction *= 10
                }
                fraction = fraction * 10 + digit
                pendingZeros = 0
            }
        }
        let unit = Int128(try self.unit().microseconds)
        var scale: Int128 = 1
        for _ in 0..<fractionDigits {
            scale *= 10
        }
        let (fractionMicroseconds, remainder) = (fraction * unit).quotientAndRemainder(dividingBy: scale)
        guard remainder == 0 else { throw .tooPrecise }
        let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
        guard !overflow, let total = Int64(exactly: product + fractionMicroseconds) else {
            throw .outOfRange
        }
        return total
    }

    private mutating func unit() throws(ValueParseError) -> DurationValue.Unit {
        let start = index
        guard let first = peek else { throw .unknownUnit(offset: start) }
        index += 1
        let unit: DurationValue.Unit
        switch first {
        case UInt8(ascii: "w"): unit = .weeks
        case UInt8(ascii: "d"): unit = .days
        case UInt8(ascii: "h"): unit = .hours
        case UInt8(ascii: "s"): unit = .seconds
        case UInt8(ascii: "m"):
            if peek == UInt8(ascii: "s") {
                index += 1
                unit = .milliseconds
            } else {
                unit = .minutes
            }
        case UInt8(ascii: "u"):
            guard peek == UInt8(ascii: "s") else { throw .unknownUnit(offset: start) }
            index += 1
            unit = .microseconds
        case 0xC2:
            // `µ` is U+00B5, encoded C2 B5.
            guard peek == 0xB5, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "s") else {
                throw .unknownUnit(offset: start)
            }
            index += 2
            unit = .microseconds
        default:
            throw .unknownUnit(offset: start)
        }
        return unit
    }
}
