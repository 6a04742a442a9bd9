import ArbiterRuntime
import Testing

@Suite("WindowCalendar: budget windows")
struct WindowCalendarTests {
    /// One row: window length, zone (nil for UTC), the instant, and the expected window.
    struct Case: Sendable, CustomTestStringConvertible {
        var length: DurationValue
        var zone: String?
        var at: String
        var start: String
        var end: String

        var testDescription: String { "\(length) \(zone ?? "UTC") at \(at)" }
    }

    static let cases: [Case] = [
        // Clock hours.
        Case(length: .hours(1), zone: nil, at: "2027-03-20T08:59:59.999999Z",
             start: "2027-03-20T08:00:00Z", end: "2027-03-20T09:00:00Z"),
        Case(length: .hours(1), zone: nil, at: "1969-12-31T23:30:00Z",
             start: "1969-12-31T23:00:00Z", end: "1970-01-01T00:00:00Z"),
        Case(length: .hours(1), zone: "Europe/Paris", at: "2027-03-28T01:30:00Z",
             start: "2027-03-28T01:00:00Z", end: "2027-03-28T02:00:00Z"),
        Case(length: .hours(1), zone: "Asia/Kolkata", at: "2027-03-20T08:10:00Z",
             start: "2027-03-20T07:30:00Z", end: "2027-03-20T08:30:00Z"),
        // UTC calendar days and the year boundary.
        Case(length: .days(1), zone: nil, at: "2026-12-31T23:59:59.999999Z",
             start: "2026-12-31T00:00:00Z", end: "2027-01-01T00:00:00Z"),
        Case(length: .days(1), zone: nil, at: "2027-01-01T00:00:00Z",
             start: "2027-01-01T00:00:00Z", end: "2027-01-02T00:00:00Z"),
        // Paris days: 24 h in winter, 23 h when clocks go forward, 25 h when they go back.
        Case(length: .days(1), zone: "Europe/Paris", at: "2027-01-15T12:00:00Z",
             start: "2027-01-14T23:00:00Z", end: "2027-01-15T23:00:00Z"),
        Case(length: .days(1), zone: "Europe/Paris", at: "2027-03-28T12:00:00Z",
             start: "2027-03-27T23:00:00Z", end: "2027-03-28T22:00:00Z"),
        Case(length: .days(1), zone: "Europe/Paris", at: "2027-10-31T12:00:00Z",
             start: "2027-10-30T22:00:00Z", end: "2027-10-31T23:00:00Z"),
        Case(length: .days(1), zone: "Europe/Paris", at: "2026-12-31T23:30:00Z",
             start: "2026-12-31T23:00:00Z", end: "2027-01-01T23:00:00Z"),
        // Santiago springs forward at local midnight: the day starts at the jump.
        Case(length: .days(1), zone: "America/Santiago", at: "2027-09-05T12:00:00Z",
             start: "2027-09-05T04:00:00Z", end: "2027-09-06T03:00:00Z"),
        // ISO weeks: Sunday 23:59:59 is the old week, Monday 00:00 the new one.
        Case(length: .days(7), zone: nil, at: "2027-03-21T23:59:59Z",
             start: "2027-03-15T00:00:00Z", end: "2027-03-22T00:00:00Z"),
        Case(length: .days(7), zone: nil, at: "2027-03-22T00:00:00Z",
             start: "2027-03-22T00:00:00Z", end: "2027-03-29T00:00:00Z"),
        Case(length: .days(7), zone: nil, at: "2027-01-01T12:00:00Z",
             start: "2026-12-28T00:00:00Z", end: "2027-01-04T00:00:00Z"),
        Case(length: .days(7), zone: "Europe/Paris", at: "2027-03-28T21:59:59Z",
             start: "2027-03-21T23:00:00Z", end: "2027-03-28T22:00:00Z"),
        Case(length: .days(7), zone: "Europe/Paris", at: "2027-03-28T22:00:00Z",
             start: "2027-03-28T22:00:00Z", end: "2027-04-04T22:00:00Z"),
        // Other lengths: fixed buckets aligned to the epoch, zone ignored.
        Case(length: .minutes(15), zone: nil, at: "2027-03-20T08:14:59Z",
             start: "2027-03-20T08:00:00Z", end: "2027-03-20T08:15:00Z"),
        Case(length: .days(2), zone: "Europe/Paris", at: "2027-03-20T12:00:00Z",
             start: "2027-03-19T00:00:00Z", end: "2027-03-21T00:00:00Z"),
        Case(length: .seconds(15), zone: nil, at: "1969-12-31T23:59:59Z",
             start: "1969-12-31T23:59:45Z", end: "1970-01-01T00:00:00Z"),
    ]

    @Test("finds the window containing an instant", arguments: cases)
    func findsWindow(row: Case) throws {
        let zone = try row.zone.map { identifier throws(ValueParseError) in try TimeZoneOffsets.named(identifier) }
        let calendar = try WindowCalendar(length: row.length, zone: zone)
        let window = try calendar.window(containing: instant(row.at))
        #expect(window.start == instant(row.start))
        #expect(window.end == instant(row.end))
        #expect(window.contains(instant(row.at)))
        #expect(!window.contains(window.end))
    }

    @Test("DST days in Paris last 23 and 25 hours")
    func dstDayLengths() throws {
        let calendar = try WindowCalendar(length: .days(1), zone: TimeZoneOffsets.named("Europe/Paris"))
        #expect(try calendar.window(containing: instant("2027-03-28T12:00:00Z")).length == .hours(23))
        #expect(try calendar.window(containing: instant("2027-10-31T12:00:00Z")).length == .hours(25))
        #expect(try calendar.window(containing: instant("2027-06-01T12:00:00Z")).length == .hours(24))
    }

    @Test("every instant of a DST week maps into a consistent window")
    func consecutiveWindowsTile() throws {
        let calendar = try WindowCalendar(length: .days(1), zone: TimeZoneOffsets.named("Europe/Paris"))
        var at = instant("2027-10-28T00:00:00Z")
        var previous = try calendar.window(containing: at)
        for _ in 0..<(7 * 24 * 4) {
            at = try at.adding(.minutes(15))
            let window = try calendar.window(containing: at)
            #expect(window.contains(at))
            #expect(window == previous || window.start == previous.end)
            previous = window
        }
    }

    @Test("elapsed share follows real time", arguments: [
        ("2027-03-28T12:00:00Z", "0.565217391304347826"),
        ("2027-03-27T23:00:00Z", "0"),
        ("2027-03-28T10:30:00Z", "0.5"),
        ("2027-03-28T21:59:59.999999Z", "0.999999999987922705"),
    ])
    func elapsedShare(at: String, share: String) throws {
        let calendar = try WindowCalendar(length: .days(1), zone: TimeZoneOffsets.named("Europe/Paris"))
        let window = try calendar.window(containing: instant(at))
        #expect(window.elapsedShare(at: instant(at)) == exact(share))
    }

    @Test("elapsed share is clamped outside the window")
    func elapsedShareOutside() {
        let window = CalendarWindow(start: instant("2027-03-20"), end: instant("2027-03-21"))
        #expect(window.elapsedShare(at: instant("2027-03-19")) == .zero)
        #expect(window.elapsedShare(at: instant("2027-03-22")) == .one)
        #expect(window.description == "[2027-03-20T00:00:00Z, 2027-03-21T00:00:00Z)")
    }

    @Test("alignment follows the length")
    func alignment() throws {
        #expect(try WindowCalendar(length: .hours(1)).alignment == .clockHour)
        #expect(try WindowCalendar(length: .hours(24)).alignment == .calendarDay)
        #expect(try WindowCalendar(length: .weeks(1)).alignment == .isoWeek)
        #expect(try WindowCalendar(length: .days(30)).alignment == .epochBuckets)
        #expect(throws: EvaluationError.invalidArgument(.nonPositiveWindow)) { try WindowCalendar(length: .zero) }
        #expect(throws: ValueParseError.unknownTimeZone("Mars/Base")) { try TimeZoneOffsets.named("Mars/Base") }
    }

    @Test("zones are cached and shared")
    func zoneCache() throws {
        let first = try TimeZoneOffsets.named("Europe/Paris")
        let second = try TimeZoneOffsets.named("Europe/Paris")
        #expect(first === second)
        #expect(first.offsetSeconds(at: instant("2027-01-15T12:00:00Z")) == 3_600)
        #expect(first.offsetSeconds(at: instant("2027-07-15T12:00:00Z")) == 7_200)
        #expect(first.offsetSeconds(at: instant("2027-03-28T00:59:59Z")) == 3_600)
        #expect(first.offsetSeconds(at: instant("2027-03-28T01:00:00Z")) == 7_200)
        #expect(try TimeZoneOffsets.named("Asia/Tokyo").offsetSeconds(at: instant("2027-07-15")) == 32_400)
    }

    @Test("windows from many tasks agree")
    func concurrentLookups() async throws {
        let calendar = try WindowCalendar(length: .days(1), zone: TimeZoneOffsets.named("Europe/Berlin"))
        let expected = try calendar.window(containing: instant("2027-10-31T12:00:00Z"))
        try await withThrowingTaskGroup(of: CalendarWindow.self) { group in
            for task in 0..<50 {
                group.addTask {
                    let hour = Int64(task % 20)
                    return try calendar.window(containing: instant("2027-10-31T00:00:00Z").adding(.hours(hour)))
                }
            }
            for try await window in group {
                #expect(window == expected)
            }
        }
    }
}
