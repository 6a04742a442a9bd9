import ArbiterRuntime
import Testing

@Suite("CalendarDate: integer calendar arithmetic")
struct CalendarDateTests {
    @Test("known dates convert to day counts and back", arguments: [
        (1970, 1, 1, Int64(0), 4),
        (1969, 12, 31, -1, 3),
        (2000, 2, 29, 11_016, 2),
        (2000, 3, 1, 11_017, 3),
        (2026, 11, 23, 20_780, 1),
        (2027, 3, 20, 20_897, 6),
        (2027, 1, 1, 20_819, 5),
        (1900, 3, 1, -25_508, 4),
        (0, 1, 1, -719_528, 6),
        (9999, 12, 31, 2_932_896, 5),
    ])
    func knownDates(year: Int64, month: Int, day: Int, days: Int64, weekday: Int) throws {
        let date = try CalendarDate(year: year, month: month, day: day)
        #expect(date.daysSinceEpoch == days)
        #expect(CalendarDate(daysSinceEpoch: days) == date)
        #expect(date.isoWeekday == weekday)
    }

    @Test("day counts round-trip across 800 years, every 97 days")
    func roundTrips() {
        var previous = CalendarDate(daysSinceEpoch: -150_000)
        for days in stride(from: Int64(-149_903), through: 150_000, by: 97) {
            let date = CalendarDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(previous < date)
            previous = date
        }
    }

    @Test("consecutive days step through every month correctly")
    func consecutiveDays() throws {
        var date = try CalendarDate(year: 1999, month: 12, day: 31)
        for _ in 0..<(366 * 5) {
            let next = date.adding(days: 1)
            if next.day == 1 {
                #expect(date.day == CalendarDate.daysInMonth(year: date.year, month: date.month))
                #expect(next.month == date.month % 12 + 1)
            } else {
                #expect(next.day == date.day + 1 && next.month == date.month)
            }
            date = next
        }
    }

    @Test("impossible dates are typed errors", arguments: [
        (2027, 13, 1), (2027, 0, 10), (2027, 2, 29), (2027, 2, 30), (2028, 2, 30),
        (2027, 4, 31), (2027, 1, 0), (1900, 2, 29),
    ])
    func impossibleDates(year: Int64, month: Int, day: Int) {
        #expect(throws: ValueParseError.invalidDate) { try CalendarDate(year: year, month: month, day: day) }
    }

    @Test("leap years follow the Gregorian rule")
    func leapYears() {
        #expect(CalendarDate.isLeapYear(2000))
        #expect(CalendarDate.isLeapYear(2028))
        #expect(!CalendarDate.isLeapYear(1900))
        #expect(!CalendarDate.isLeapYear(2027))
        #expect(CalendarDate.daysInMonth(year: 2028, month: 2) == 29)
    }

    @Test("reads and writes ISO dates")
    func text() throws {
        let date = try CalendarDate(parsing: "2027-03-20")
        #expect(date == (try CalendarDate(year: 2027, month: 3, day: 20)))
        #expect(date.description == "2027-03-20")
        #expect(CalendarDate(daysSinceEpoch: -719_529).description == "-0001-12-31")
        #expect(throws: ValueParseError.unexpectedCharacter(offset: 10)) {
            try CalendarDate(parsing: "2027-03-20T10:00:00Z")
        }
        #expect(throws: ValueParseError.invalidDate) { try CalendarDate(parsing: "2027-02-30") }
    }
}
