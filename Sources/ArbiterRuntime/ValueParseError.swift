/// An error met while reading a value (number, money, date, time, duration) from text.
///
/// Offsets count UTF-8 bytes from the start of the parsed text, so a caller holding the
/// text's span in a source file can point a caret at the exact character. Messages never
/// repeat the text itself: it may be an input value.
public enum ValueParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is empty (or only a sign).
    case empty
    /// A character that cannot stand at this position.
    case unexpectedCharacter(offset: Int)
    /// The text stops where more was required, such as after `.` or `e`.
    case unexpectedEnd
    /// An `_` digit separator that does not stand between two digits.
    case misplacedUnderscore(offset: Int)
    /// The value needs more precision than the type holds (18 fractional digits for
    /// exact decimals, one microsecond for durations).
    case tooPrecise
    /// The value does not fit the type's range.
    case outOfRange
    /// A calendar date that does not exist, such as month 13 or 30 February.
    case invalidDate
    /// A time of day that does not exist, such as `24:30` or `10:61`.
    case invalidTime
    /// A malformed or out-of-range UTC offset.
    case invalidOffset
    /// A date-time without `Z` or a numeric UTC offset.
    case missingOffset
    /// A duration without a known unit.
    case unknownUnit(offset: Int)
    /// A currency code missing from the ISO 4217 table.
    case unknownCurrency(String)
    /// A time zone identifier the system's time zone database does not know.
    case unknownTimeZone(String)

    /// A one-line, lowercase message without a final period.
    public var description: String {
        switch self {
        case .empty:
            "empty value"
        case .unexpectedCharacter(let offset):
            "unexpected character at offset \(offset)"
        case .unexpectedEnd:
            "unexpected end of value"
        case .misplacedUnderscore(let offset):
            "digit separator `_` at offset \(offset) must stand between two digits"
        case .tooPrecise:
            "value is more precise than the type can hold"
        case .outOfRange:
            "value is out of range"
        case .invalidDate:
            "no such calendar date"
        case .invalidTime:
            "no such time of day"
        case .invalidOffset:
            "invalid utc offset"
        case .missingOffset:
            "date-time needs `Z` or an offset such as `+02:00`"
        case .unknownUnit(let offset):
            "unknown duration unit at offset \(offset), expected one of `us` `ms` `s` `m` `h` `d` `w`"
        case .unknownCurrency(let code):
            "unknown currency `\(code)`"
        case .unknownTimeZone(let identifier):
            "unknown time zone `\(identifier)`"
        }
    }
}

extension ValueParseError {
    /// Why text that reads as a time is refused (`no such calendar date`), or nil when it
    /// is no time at all (a plain "expected a time" says enough then).
    public var timeReason: String? {
        switch self {
        case .tooPrecise: "more than 9 fractional digits of a second"
        case .missingOffset, .invalidDate, .invalidTime, .invalidOffset, .outOfRange: description
        default: nil
        }
    }
}
