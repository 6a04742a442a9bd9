// Reading an exact decimal from text.
//
// Accepted: an optional sign, digits, an optional `.` followed by digits, and an optional
// exponent (`e` or `E`, optional sign, digits). An `_` may separate two digits anywhere
// in a digit run (`20_000`, `0.000_1`). Examples: `19.99`, `-0.01`, `+5`, `1e3`,
// `2.5E-2`, `20_000`. Digits are required on both sides of a point (`.5` and `5.` are
// refused), and no spaces are allowed.
//
// Parsing is exact or fails: a value that needs more than 18 fractional digits gives
// `ValueParseError.tooPrecise` (trailing zeros do not count: `1.000000000000000000000`
// is fine), and a value outside the range gives `ValueParseError.outOfRange`. The parser
// walks the UTF-8 bytes once and does not allocate.

extension Exact {
    /// Reads an exact decimal such as `19.99`, `-0.01`, `1e3` or `20_000`.
    ///
    /// - Throws: `ValueParseError` naming the byte offset of the first offending character.
    public init(parsing text: some StringProtocol) throws(ValueParseError) {
        var string = String(text)
        self = try string.withUTF8 { bytes in Exact.parse(utf8: bytes) }.get()
    }

    /// Reads an exact decimal from UTF-8 bytes, such as a number token in a JSON or CSV
    /// buffer, without making a `String`.
    ///
    /// - Throws: `ValueParseError` naming the byte offset of the first offending character.
    public init(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(ValueParseError) {
        self = try Exact.parse(utf8: bytes).get()
    }

    private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<Exact, ValueParseError> {
        if let plain = parsePlain(bytes) { return .success(plain) }
        var reader = ExactTextReader()
        do throws(ValueParseError) {
            for offset in bytes.indices {
                try reader.read(bytes[offset], at: offset)
            }
            return .success(try reader.finish())
        } catch {
            return .failure(error)
        }
    }

    /// The common form, `-12.34` or `1234`: an optional minus, digits, and an optional
    /// point followed by digits, 19 bytes at most, so every digit fits in a `UInt64` and
    /// at most 18 are fractional. Anything else is nil and goes to the full reader, which
    /// gives the same value for this form.
    @inline(__always)
    private static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Exact? {
        let count = bytes.count
        guard count > 0, count <= 19 else { return nil }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var digits: UInt64 = 0
        let integerStart = index
        while index < count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            digits = digits &* 10 &+ UInt64(digit)
            index += 1
        }
        guard index > integerStart else { return nil }
        var fractionCount = 0
        if index < count {
            guard bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            let fractionStart = index
            while index < count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
                digits = digits &* 10 &+ UInt64(digit)
                index += 1
            }
            fractionCount = index - fractionStart
            guard fractionCount > 0, index == count else { return nil }
        }
        var scale: Int64 = 1
        for _ in fractionCount..<Exact.fractionDigits { scale &*= 10 }
        let magnitude = Int128(digits) * Int128(scale)
        return Exact(units: negative ? -magnitude : magnitude)
    }
}

extension Exact: LosslessStringConvertible {
    /// Reads an exact decimal, returning nil for text `init(parsing:)` refuses.
    public init?(_ description: String) {
        guard let value = try? Exact(parsing: description) else { return nil }
        self = value
    }
}

/// The state machine behind `Exact.init(parsing:)`, fed one UTF-8 byte at a time.
struct ExactTextReader {
    private enum Phase {
        case start, signed, integer, point, fraction, exponentMark, exponentSigned, exponent
    }

    private var phase = Phase.start
    private var isNegative = false
    /// The significant digits read so far, without the point.
    private var digits: UInt128 = 0
    /// How many fractional digits `digits` holds.
    private var fractionCount = 0
    /// How many integer digits `digits` holds, leading zeros left out.
    private var integerCount = 0
    /// Fractional zeros read but not yet folded into `digits`: they only count when a
    /// non-zero digit follows, so trailing zeros never overflow or add precision.
    private var pendingZeros = 0
    private var exponent = 0
    private var exponentIsNegative = false
    private var previousWasDigit = false
    private var pendingUnderscore: Int?

    mutating func read(_ byte: UInt8, at offset: Int) throws(ValueParseError) {
        if byte == UInt8(ascii: "_") {
            guard previousWasDigit else { throw .misplacedUnderscore(offset: offset) }
            previousWasDigit = false
            pendingUnderscore = offset
            return
        }
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 {
            try readDigit(UInt128(digit))
            previousWasDigit = true
            pendingUnderscore = nil
            return
        }
        if let underscore = pendingUnderscore { throw .misplacedUnderscore(offset: underscore) }
        previousWasDigit = false
        switch (phase, byte) {
        case (.start, UInt8(ascii: "-")), (.start, UInt8(ascii: "+")):
            isNegative = byte == UInt8(ascii: "-")
            phase = .signed
        case (.integer, UInt8(ascii: ".")):
            phase = .point
        case (.integer, UInt8(ascii: "e")), (.integer, UInt8(ascii: "E")),
             (.fraction, UInt8(ascii: "e")), (.fraction, UInt8(ascii: "E")):
            phase = .exponentMark
        case (.exponentMark, UInt8(ascii: "-")), (.exponentMark, UInt8(ascii: "+")):
            exponentIsNegative = byte == UInt8(ascii: "-")
            phase = .exponentSigned
        default:
            throw .unexpectedCharacter(offset: offset)
        }
    }

    private mutating func readDigit(_ digit: UInt128) throws(ValueParseError) {
        switch phase {
        case .start, .signed, .integer:
            phase = .integer
            digits = try Self.appending(digit, to: digits, zeros: 0, failure: .outOfRange)
            if digits != 0 { integerCount += 1 }
        case .point, .fraction:
            phase = .fraction
            if digit == 0 {
                pendingZeros += 1
            } else {
                // Out of digits: too precise, unless the whole part alone is past the
                // range (about 1.7 × 10²⁰, 21 digits), which is the problem to name.
                digits = try Self.appending(digit, to: digits, zeros: pendingZeros,
                                            failure: integerCount > 21 ? .outOfRange : .tooPrecise)
                fractionCount += pendingZeros + 1
                pendingZeros = 0
            }
        case .exponentMark, .exponentSigned, .exponent:
            phase = .exponent
            // Exponents beyond any representable value saturate; `finish` then reports
            // the range or precision problem (or zero, for zero digits).
            exponent = min(exponent * 10 + Int(digit), 10_000)
        }
    }

    /// `value × 10^(zeros + 1) + digit`, or throws `failure` on overflow.
    private static func appending(
        _ digit: UInt128, to value: UInt128, zeros: Int, failure: ValueParseError
    ) throws(ValueParseError) -> UInt128 {
        var result = value
        for _ in 0...zeros {
            let (shifted, overflow) = result.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw failure }
            result = shifted
        }
        let (sum, overflow) = result.addingReportingOverflow(digit)
        guard !overflow else { throw failure }
        return sum
    }

    func finish() throws(ValueParseError) -> Exact {
        if let underscore = pendingUnderscore { throw .misplacedUnderscore(offset: underscore) }
        switch phase {
        case .start:
            throw .empty
        case .signed, .point, .exponentMark, .exponentSigned:
            throw .unexpectedEnd
        case .integer, .fraction, .exponent:
            break
        }
        guard digits != 0 else { return .zero }
        let scale = Exact.fractionDigits - fractionCount + (exponentIsNegative ? -exponent : exponent)
        let magnitude: UInt128
        if scale >= 0 {
            guard scale <= 38 else { throw .outOfRange }
            let (scaled, overflow) = digits.multipliedReportingOverflow(by: Exact.powerOfTen(scale))
            guard !overflow else { throw .outOfRange }
            magnitude = scaled
        } else {
            // `digits` has at most 39 decimal digits, so dividing by 10³⁹ or more always
            // leaves a remainder.
            guard -scale <= 38 else { throw .tooPrecise }
            let (quotient, remainder) = digits.quotientAndRemainder(dividingBy: Exact.powerOfTen(-scale))
            guard remainder == 0 else { throw .tooPrecise }
            magnitude = quotient
        }
        guard let value = Exact(magnitude: magnitude, negative: isNegative) else { throw .outOfRange }
        return value
    }
}
