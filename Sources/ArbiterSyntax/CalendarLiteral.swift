/// Validation of date and time literals (`2027-03-20`, `2027-03-20T08:00:00Z`).
public enum CalendarLiteral {
    /// Whether `year` is a leap year in the proleptic Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Why the text is not a valid date or time, or nil when it is.
    public static func problem(in text: String) -> String? {
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
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else {
            return "malformed date `\(text)`"
        }
        guard (1...12).contains(month) else { return "month \(month) does not exist in `\(text)`" }
        guard (1...daysIn(month: month, year: year)).contains(day) else {
            return "day \(day) does not exist in month \(month) of \(year)"
        }
        if bytes.count == 10 { return nil }
        guard bytes.count >= 17, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              let hour = number(11, 2), let minute = number(14, 2) else {
            return "malformed time `\(text)`"
        }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let value = number(index + 1, 2) else { return "malformed time `\(text)`" }
            second = value
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let digitsStart = index
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
                if index == digitsStart || index - digitsStart > 9 { return "malformed fraction of a second in `\(text)`" }
            }
        }
        guard hour < 24, minute < 60, second < 60 else { return "time of day out of range in `\(text)`" }
        guard index < bytes.count else { return "time `\(text)` needs a zone: `Z` or an offset such as `+01:00`" }
        if bytes[index] == UInt8(ascii: "Z") {
            return index + 1 == bytes.count ? nil : "malformed time `\(text)`"
        }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
              index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
              let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 4, 2),
              offsetHours <= 18, offsetMinutes < 60 else {
            return "malformed zone offset in `\(text)`"
        }
        return nil
    }
}
