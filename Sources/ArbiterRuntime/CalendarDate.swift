// A date in the proleptic Gregorian calendar, with pure integer conversions.
//
// `daysSinceEpoch` and `init(daysSinceEpoch:)` are Howard Hinnant's `days_from_civil`
// and `civil_from_days` algorithms (http://howardhinnant.github.io/date_algorithms.html).
// They shift the year to start on 1 March, so the leap day is the last day of the
// shifted year, and split time into 400-year eras of 146 097 days; each conversion is a
// handful of integer divisions with no tables, no loops and no Foundation `Calendar`.
// They are exact for every date whose day count fits `Int64`.

/// A calendar date (year, month, day) in the proleptic Gregorian calendar, without a
/// time zone: the `date` type of the policy language and the building block of `Instant`.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year; year 0 is 1 BC, as in ISO 8601.
    public let year: Int64
    /// The month, 1 (January) through 12 (December).
    public let month: Int
    /// The day of the month, starting at 1.
    public let day: Int

    /// Creates a date after checking that it exists.
    ///
    /// - Throws: `ValueParseError.invalidDate` for month 13, 30 February, 31 April and so on.
    public init(year: Int64, month: Int, day: Int) throws(ValueParseError) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month) else {
            throw .invalidDate
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date a number of days after 1970-01-01 (before it, for a negative count).
    public init(daysSinceEpoch days: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = Int(month)
        day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
    }

    /// The number of days from 1970-01-01 to this date (negative before it).
    public var daysSinceEpoch: Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The ISO weekday: 1 for Monday through 7 for Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (ISO weekday 4).
        Int((daysSinceEpoch + 3).flooredRemainder(dividingBy: 7)) + 1
    }

    /// The date `count` days later (earlier, for a negative count).
    public func adding(days count: Int64) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// Whether a year has 366 days.
    public static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month of a year, or 0 for a month outside `1...12`.
    public static func daysInMonth(year: Int64, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeapYear(year) ? 29 : 28
        default: 0
        }
    }

    /// Orders dates chronologically.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The ISO 8601 form, `2027-03-20`; years outside `0...9999` get a sign.
    public var description: String {
        var text = ""
        if year < 0 {
            text += "-"
        } else if year > 9999 {
            text += "+"
        }
        text += CalendarDate.padded(year.magnitude, width: 4)
        text += "-" + CalendarDate.padded(UInt64(month), width: 2)
        text += "-" + CalendarDate.padded(UInt64(day), width: 2)
        return text
    }

    /// Reads a date in the ISO 8601 form `YYYY-MM-DD`.
    ///
    /// - Throws: `ValueParseError` for malformed text or a date that does not exist.
    public init(parsing text: some StringProtocol) throws(ValueParseError) {
        let instant = try Instant.parse(text, allowing: .dateOnly)
        self = instant.date
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func padded(_ value: UInt64, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
