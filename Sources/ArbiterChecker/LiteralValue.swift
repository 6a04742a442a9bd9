import ArbiterSyntax
import Foundation

/// The values of literals as written in a policy: numbers, durations, dates and times.
///
/// The lexer has validated the shape of every literal (and the calendar values of dates
/// and times), so these functions only return nil for text the lexer would reject.
public enum LiteralValue {
    /// The exact value of a number as written (`20_000`, `0.05`).
    ///
    /// Up to 19 significant digits are read without Foundation's parser (which is slow:
    /// the checker folds every literal of a policy); longer numbers go through it.
    public static func decimal(_ text: String) -> Decimal? {
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if seenPoint { fractionDigits += 1 }
                if digits <= 19 { significand = significand * 10 + UInt64(byte - 48) }
            case UInt8(ascii: "."):
                guard !seenPoint else { return nil }
                seenPoint = true
            case UInt8(ascii: "_"):
                continue
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        guard digits <= 19 else {
            return Decimal(string: text.replacingOccurrences(of: "_", with: ""), locale: posix)
        }
        return Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(significand))
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Why a numeric literal cannot be held by the runtime, or nil when it can: an `int`
    /// must fit 64 bits; a number, percent or money keeps 18 fractional digits (a percent
    /// two more than written) and stays below about 1.7 × 10²⁰; a duration is a whole
    /// number of microseconds that fits 64 bits.
    public static func rangeProblem(_ literal: Literal) -> String? {
        switch literal {
        case .number(let text) where isInteger(text):
            // Most literals are short: only one of 19 digits or more needs comparing, and
            // one of 20 or more is past the range without reading it (`Decimal` cannot
            // read one of more than about 165).
            let digits = wholeDigits(text)
            guard digits >= 19 else { return nil }
            let beyond = "`\(text)` is beyond the range of an int (at most 9223372036854775807; the least, -9223372036854775808, is written so)"
            guard digits == 19, let value = decimal(text) else { return beyond }
            return value > Decimal(Int64.max) ? beyond : nil
        case .number(let text):
            return exactProblem(text, shown: text, extraDigits: 0)
        case .percent(let text):
            return exactProblem(text, shown: text + "%", extraDigits: 2)
        case .money(let amount, let code):
            return exactProblem(amount, shown: "\(amount) \(code)", extraDigits: 0)
        case .duration(let text):
            let beyond = "`\(text)` is beyond the range of a duration (about 292,000 years)"
            // 2⁶³ microseconds is 19 digits: 23 whole digits of milliseconds are past it.
            if wholeDigits(String(text.prefix { $0 == "." || $0 == "_" || $0.isASCII && $0.isNumber })) > 23 { return beyond }
            guard let milliseconds = milliseconds(text) else { return nil }
            var microseconds = milliseconds * 1_000
            var whole = Decimal()
            NSDecimalRound(&whole, &microseconds, 0, .down)
            if whole != microseconds { return "`\(text)` is finer than a microsecond, the resolution of durations" }
            // 2⁶³ − 1 itself is the runtime's `unbounded` (a `since_change` that never changed).
            return microseconds >= Decimal(Int64.max) ? beyond : nil
        case .date, .time, .string, .bool:
            return nil
        }
    }

    private static func exactProblem(_ text: String, shown: String, extraDigits: Int) -> String? {
        // Fraction digits, read from the bytes (every number literal comes through here).
        var fraction = 0
        var seenPoint = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") { seenPoint = true } else if seenPoint, byte != UInt8(ascii: "_") { fraction += 1 }
        }
        if fraction + extraDigits > 18 {
            return "`\(shown)` has more fractional digits than the 18 a value keeps"
        }
        let digits = wholeDigits(text)
        guard digits >= 21 - extraDigits else { return nil }
        let beyond = "`\(shown)` is beyond the range of a number (about 1.7 × 10²⁰)"
        // Past 21 whole digits (23 for a percent) without reading it, which `Decimal`
        // cannot past about 165.
        guard digits <= 21 + extraDigits, let value = decimal(text) else { return beyond }
        let limit = greatestAmount * (extraDigits == 2 ? 100 : 1)
        return value > limit ? beyond : nil
    }

    /// The number of digits before the point, leading zeros and `_` left out.
    private static func wholeDigits(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") { break }
            if byte == UInt8(ascii: "_") || (byte == UInt8(ascii: "0") && count == 0) { continue }
            count += 1
        }
        return count
    }

    /// The largest amount a number, percent or money holds, 170141183460469231731.687303715884105727
    /// (`Int128.max` units of 10⁻¹⁸; built by arithmetic: parsing text would load
    /// Foundation's locale data, megabytes of it).
    static let greatestAmount = Decimal(1_701_411_834_604_692_317) * 100 + 31
        + Decimal(sign: .plus, exponent: -18, significand: Decimal(687_303_715_884_105_727))

    /// Whether a number literal is written without a fraction (`42`, not `42.0`).
    public static func isInteger(_ text: String) -> Bool {
        !text.contains(".")
    }

    /// The length of a duration literal (`300ms`, `1.5h`, `7d`, `2w`) in milliseconds.
    public static func milliseconds(_ duration: String) -> Decimal? {
        let units: [(suffix: String, factor: Decimal)] = [
            ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
        ]
        for unit in units where duration.hasSuffix(unit.suffix) {
            let number = String(duration.dropLast(unit.suffix.count))
            // `5m` must not be read as `5` and `m` when the literal is `5ms`.
            guard let value = decimal(number) else { continue }
            return value * unit.factor
        }
        return nil
    }

    /// The instant a date or time literal stands for. A date (`2027-03-20`) is the start of
    /// that day in `timeZone`; a time carries its own zone (`Z` or `+01:00`).
    public static func instant(_ text: String, timeZone: TimeZone) -> Date? {
        microseconds(text, timeZone: timeZone).map { Date(timeIntervalSince1970: NSDecimalNumber(decimal: $0 / 1_000_000).doubleValue) }
    }

    /// The instant a date or time literal stands for, exactly, in microseconds since
    /// 1970-01-01T00:00:00Z (a `Date` is a `Double`, which near the year 9999 cannot tell
    /// microseconds apart). Digits of a second past the sixth are dropped, as the runtime
    /// drops them (§2): two times that differ only there are one instant here too.
    public static func microseconds(_ text: String, timeZone: TimeZone) -> Decimal? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard CalendarLiteral.problem(in: text) == nil,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else { return nil }
        let midnight = daysFromCivil(year: year, month: month, day: day) * 86_400
        if bytes.count == 10 {
            let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(midnight)))
            return Decimal(midnight - offset) * 1_000_000
        }
        guard let hour = number(11, 2), let minute = number(14, 2) else { return nil }
        var seconds = Decimal(midnight + hour * 3_600 + minute * 60)
        var index = 16
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            let start = index + 1
            index += 3
            while index < bytes.count, bytes[index] == UInt8(ascii: ".") || (bytes[index] >= 48 && bytes[index] <= 57) {
                index += 1
            }
            var end = index
            if let point = bytes[start..<index].firstIndex(of: UInt8(ascii: ".")) { end = min(index, point + 7) }
            guard let second = Decimal(string: String(decoding: bytes[start..<end], as: UTF8.self)) else { return nil }
            seconds += second
        }
        if index < bytes.count, bytes[index] != UInt8(ascii: "Z"),
           let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 4, 2) {
            let offset = offsetHours * 3_600 + offsetMinutes * 60
            seconds -= Decimal(bytes[index] == UInt8(ascii: "-") ? -offset : offset)
        }
        return seconds * 1_000_000
    }

    /// The instants a time can hold (§3), in microseconds since 1970: from
    /// 0000-01-01T00:00:00Z up to, not including, 10000-01-01T00:00:00Z.
    public static let writableMicroseconds = Decimal(-62_167_219_200) * 1_000_000..<Decimal(253_402_300_800) * 1_000_000

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
