import ArbiterRuntime
import Testing

@Suite("Instant: ISO 8601 text and arithmetic")
struct InstantTests {
    @Test("reads dates and date-times", arguments: [
        ("2027-03-20", Int64(1_805_500_800_000_000)),
        ("2027-03-20T08:00:00Z", 1_805_529_600_000_000),
        ("2027-03-20T08:00Z", 1_805_529_600_000_000),
        ("2027-03-20t08:00:00z", 1_805_529_600_000_000),
        ("2027-03-20 08:00:00Z", 1_805_529_600_000_000),
        ("2027-03-20T10:00:00+02:00", 1_805_529_600_000_000),
        ("2027-03-20T10:00:00+0200", 1_805_529_600_000_000),
        ("2027-03-20T10:00:00+02", 1_805_529_600_000_000),
        ("2027-03-20T03:00:00-05:00", 1_805_529_600_000_000),
        ("2027-03-20T08:00:00.5Z", 1_805_529_600_500_000),
        ("2027-03-20T08:00:00,25Z", 1_805_529_600_250_000),
        ("2027-03-20T08:00:00.123456789Z", 1_805_529_600_123_456),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59.999999Z", -1),
        ("2026-11-23T10:00:00Z", 1_795_428_000_000_000),
    ])
    func reads(text: String, microseconds: Int64) throws {
        #expect(try Instant(parsing: text).microsecondsSinceEpoch == microseconds)
    }

    @Test("refuses malformed or impossible instants", arguments: [
        ("", ValueParseError.empty),
        ("2027-13-01", .invalidDate),
        ("2027-02-30", .invalidDate),
        ("2027-02-29T00:00:00Z", .invalidDate),
        ("2027-03-20T24:00:00Z", .invalidTime),
        ("2027-03-20T10:60:00Z", .invalidTime),
        ("2027-03-20T23:59:60Z", .invalidTime),
        ("2027-03-20T10:00:00", .missingOffset),
        ("2027-03-20T10:00:00+25:00", .invalidOffset),
        ("2027-03-20T10:00:00+02:75", .invalidOffset),
        ("2027-3-20", .unexpectedCharacter(offset: 6)),
        ("2027-03-20T10", .unexpectedEnd),
        ("2027-03-20T10:00:00.Z", .unexpectedCharacter(offset: 20)),
        ("2027-03-20T10:00:00Zjunk", .unexpectedCharacter(offset: 20)),
        ("2027-03-20X10:00:00Z", .unexpectedCharacter(offset: 10)),
    ])
    func refuses(text: String, error: ValueParseError) {
        #expect(throws: error) { try Instant(parsing: text) }
    }

    @Test("writes UTC with fractional seconds only when present", arguments: [
        ("2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z"),
        ("2026-11-23T12:00:00+02:00", "2026-11-23T10:00:00Z"),
        ("2027-03-20T08:00:00.500Z", "2027-03-20T08:00:00.5Z"),
        ("2027-03-20T08:00:00.000001Z", "2027-03-20T08:00:00.000001Z"),
        ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ("2027-03-20", "2027-03-20T00:00:00Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ])
    func writes(text: String, expected: String) throws {
        #expect(try Instant(parsing: text).description == expected)
    }

    @Test("description round-trips for random instants")
    func roundTrips() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<1_000 {
            // Years 0000 to 9999.
            let micros = Int64.random(in: -62_167_219_200_000_000...253_402_300_799_999_999, using: &generator)
            let value = Instant(microsecondsSinceEpoch: micros)
            #expect(try Instant(parsing: value.description) == value)
        }
    }

    /// An offset can carry a time at the ends of the years 0000–9999 past them; such a
    /// time could not be written back, so it is out of range. At the ends it is not.
    @Test("an offset that carries a time past the four-digit years is out of range")
    func offsetsPastTheRange() throws {
        #expect(throws: ValueParseError.outOfRange) { try Instant(parsing: "9999-12-31T23:59:59-14:00") }
        #expect(throws: ValueParseError.outOfRange) { try Instant(parsing: "9999-12-31T23:59:59-00:01") }
        #expect(throws: ValueParseError.outOfRange) { try Instant(parsing: "0000-01-01T00:00:00+01:00") }
        #expect(try Instant(parsing: "9999-12-31T23:59:59.999999Z") == Instant.writableRange.upperBound)
        #expect(try Instant(parsing: "0000-01-01T00:00:00Z") == Instant.writableRange.lowerBound)
        #expect(try Instant(parsing: "9999-12-31T23:59:59+14:00").description == "9999-12-31T09:59:59Z")
        #expect(try Instant(parsing: "0000-01-01T00:00:00-01:00").description == "0000-01-01T01:00:00Z")
        "0000-01-01T00:00:00+01:00".utf8.withContiguousStorageIfAvailable { #expect(Instant(utf8: $0) == nil) }
    }

    @Test("arithmetic with durations")
    func arithmetic() throws {
        let start = instant("2027-03-20T08:00:00Z")
        #expect(try start.adding(.hours(24)) == instant("2027-03-21T08:00:00Z"))
        #expect(try start.subtracting(.minutes(5)) == instant("2027-03-20T07:55:00Z"))
        #expect(try instant("2027-03-21T08:00:00Z").duration(since: start) == .days(1))
        #expect(throws: EvaluationError.overflow(.addition)) { try Instant.distantFuture.adding(.seconds(1)) }
        #expect(Instant.epoch.saturatingSubtracting(DurationValue(microseconds: .max)) < .epoch)
        #expect(Instant.distantPast.saturatingSubtracting(.seconds(1)) == .distantPast)
        #expect(start.date.description == "2027-03-20")
        #expect(start.dateDescription == "2027-03-20")
    }

    @Test("local description in a time zone")
    func localDescription() throws {
        let paris = try TimeZoneOffsets.named("Europe/Paris")
        #expect(instant("2027-03-28T01:00:00Z").description(in: paris) == "2027-03-28T03:00:00+02:00")
        #expect(instant("2027-01-15T12:00:00Z").description(in: paris) == "2027-01-15T13:00:00+01:00")
        #expect(instant("2027-01-15T12:00:00Z").description(in: .utc) == "2027-01-15T12:00:00Z")
    }

    @Test("now reads the wall clock")
    func now() {
        #expect(Instant.now() > instant("2024-01-01"))
    }
}
