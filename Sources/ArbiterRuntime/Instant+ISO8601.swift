// Instants as ISO 8601 text.
//
// Reading accepts these forms (a strict RFC 3339 profile of ISO 8601, plus bare dates):
//
//     2027-03-20                      midnight UTC at the start of the date
//     2027-03-20T08:00Z               seconds may be left out
//     2027-03-20T08:00:00Z            `T` may also be `t` or a space, `Z` may be `z`
//     2027-03-20T08:00:00.250Z        up to 9 fractional digits (`.` or `,`), as literals
//     2027-03-20T10:00:00+02:00       offsets `+hh:mm`, `+hhmm` or `+hh`
//
// A date-time without `Z` or an offset is refused (`ValueParseError.missingOffset`):
// guessing a zone would make the same history mean different things on different
// machines. Fields are range-checked (month 13, 30 February, 24:00 and leap second
// `:60` are errors). Fractional digits past the sixth are dropped (truncated toward the
// past), since instants hold microseconds. The reader walks the UTF-8 bytes once.
//
// Writing always gives UTC with `Z`, seconds always present, and fractional seconds only
// when they are not zero, without trailing zeros: `2026-11-23T10:00:00Z`,
// `2026-11-23T10:00:00.25Z`. This is the form decisions, the decision log and reports
// use, and `Instant(parsing:)` reads it back to the same instant.

extension Instant {
    /// Reads an ISO 8601 date (`2027-03-20`, midnight UTC) or date-time with `Z` or an
    /// offset (`2027-03-20T08:00:00Z`, `2027-03-20T10:00:00.5+02:00`).
    ///
    /// - Throws: `ValueParseError` naming the byte offset of the first problem, or
    ///   `.invalidDate`, `.invalidTime`, `.invalidOffset`, `.missingOffset`.
    public init(parsing text: some StringProtocol) throws(ValueParseError) {
        self = try Instant.parse(text, allowing: .dateOrDateTime)
    }

    /// Reads an ISO 8601 date or date-time from its UTF-8 bytes (a history cell read in
    /// place), as `init(parsing:)` does; nil for text it refuses.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var reader = ISO8601Reader(bytes: bytes)
        guard case .success(let instant) = reader.read(.dateOrDateTime) else { return nil }
        self = instant
    }

    /// Which forms a parse accepts.
    enum TextForm {
        case dateOnly
        case dateOrDateTime
    }

    static func parse(_ text: some StringProtocol, allowing form: TextForm) throws(ValueParseError) -> Instant {
        var string = String(text)
        let result = string.withUTF8 { bytes in
            var reader = ISO8601Reader(bytes: bytes)
            return reader.read(form)
        }
        return try result.get()
    }
}

extension Instant: LosslessStringConvertible {
    /// Reads an ISO 8601 date or date-time, returning nil for text `init(parsing:)` refuses.
    public init?(_ description: String) {
        guard let instant = try? Instant(parsing: description) else { return nil }
        self = instant
    }
}

/// A cursor over the UTF-8 bytes of an ISO 8601 date or date-time.
struct ISO8601Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func read(_ form: Instant.TextForm) -> Result<Instant, ValueParseError> {
        do throws(ValueParseError) {
            return .success(try instant(form))
        } catch {
            return .failure(error)
        }
    }

    private mutating func instant(_ form: Instant.TextForm) throws(ValueParseError) -> Instant {
        guard !bytes.isEmpty else { throw .empty }
        let year = try number(digits: 4)
        try expect(UInt8(ascii: "-"))
        let month = try number(digits: 2)
        try expect(UInt8(ascii: "-"))
        let day = try number(digits: 2)
        let date = try CalendarDate(year: Int64(year), month: month, day: day)
        if index == bytes.count { return Instant(date: date) }
        let separator = bytes[index]
        guard form == .dateOrDateTime,
              separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
        else {
            throw .unexpectedCharacter(offset: index)
        }
        index += 1
        let hour = try number(digits: 2)
        try expect(UInt8(ascii: ":"))
        let minute = try number(digits: 2)
        var second = 0
        var microsecond: Int64 = 0
        if peek == UInt8(ascii: ":") {
            index += 1
            second = try number(digits: 2)
            if peek == UInt8(ascii: ".") || peek == UInt8(ascii: ",") {
                index += 1
                microsecond = try fractionAsMicroseconds()
            }
        }
        guard hour <= 23, minute <= 59, second <= 59 else { throw .invalidTime }
        let offset = try offsetSeconds()
        guard index == bytes.count else { throw .unexpectedCharacter(offset: index) }
        let seconds = date.daysSinceEpoch * 86_400 + Int64(hour * 3_600 + minute * 60 + second) - offset
        let instant = Instant(microsecondsSinceEpoch: seconds * Instant.microsecondsPerSecond + microsecond)
        // An offset can carry a time at the ends of the years 0000–9999 past them
        // (`9999-12-31T23:59:59-14:00`), to a time no four-digit year can write.
        guard Instant.writableRange.contains(instant) else { throw .outOfRange }
        return instant
    }

    private var peek: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func expect(_ byte: UInt8) throws(ValueParseError) {
        guard let next = peek else { throw .unexpectedEnd }
        guard next == byte else { throw .unexpectedCharacter(offset: index) }
        index += 1
    }

    private mutating func digit() throws(ValueParseError) -> Int {
        guard let next = peek else { throw .unexpectedEnd }
        let value = next &- UInt8(ascii: "0")
        guard value < 10 else { throw .unexpectedCharacter(offset: index) }
        index += 1
        return Int(value)
    }

    private mutating func number(digits count: Int) throws(ValueParseError) -> Int {
        var value = 0
        for _ in 0..<count {
            value = value * 10 + (try digit())
        }
        return value
    }

    /// Reads one to nine fractional digits (nanoseconds, as time literals allow) and
    /// keeps the first six as microseconds; a tenth digit is `tooPrecise`.
    private mutating func fractionAsMicroseconds() throws(ValueParseError) -> Int64 {
        var value: Int64 = try Int64(digit())
        var kept = 1
        var read = 1
        while let next = peek, next &- UInt8(ascii: "0") < 10 {
            if kept < 6 {
                value = value * 10 + Int64(next &- UInt8(ascii: "0"))
                kept += 1
            }
            read += 1
            guard read <= 9 else { throw .tooPrecise }
            index += 1
        }
        for _ in kept..<6 {
            value *= 10
        }
        return value
    }

    /// Reads `Z` or a numeric offset and returns it in seconds east of UTC.
    private mutating func offsetSeconds() throws(ValueParseError) -> Int64 {
        guard let sign = peek else { throw .missingOffset }
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            index += 1
            return 0
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
            throw .unexpectedCharacter(offset: index)
        }
        index += 1
        let hours = try number(digits: 2)
        var minutes = 0
        if peek == UInt8(ascii: ":") {
            index += 1
            minutes = try number(digits: 2)
        } else if peek != nil {
            minutes = try number(digits: 2)
        }
        guard hours <= 23, minutes <= 59 else { throw .invalidOffset }
        let magnitude = Int64(hours * 3_600 + minutes * 60)
        return sign == UInt8(ascii: "-") ? -magnitude : magnitude
    }
}

extension Instant: CustomStringConvertible {
    /// The ISO 8601 UTC form, `2026-11-23T10:00:00Z`, with fractional seconds only when
    /// they are not zero.
    public var description: String {
        let microsecondOfDay = self.microsecondOfDay
        let secondOfDay = microsecondOfDay / Instant.microsecondsPerSecond
        var fraction = microsecondOfDay % Instant.microsecondsPerSecond
        var text = date.description
        text += "T" + CalendarDate.padded(UInt64(secondOfDay / 3_600), width: 2)
        text += ":" + CalendarDate.padded(UInt64(secondOfDay / 60 % 60), width: 2)
        text += ":" + CalendarDate.padded(UInt64(secondOfDay % 60), width: 2)
        if fraction != 0 {
            var width = 6
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            text += "." + CalendarDate.padded(UInt64(fraction), width: width)
        }
        return text + "Z"
    }

    /// The UTC date alone, `2026-11-23`.
    public var dateDescription: String {
        date.description
    }

    /// The instant in a time zone's local time with its offset, such as
    /// `2027-03-28T03:00:00+02:00`, for reports read by people in that zone.
    public func description(in zone: TimeZoneOffsets) -> String {
        let offset = zone.offsetSeconds(at: self)
        let local = Instant(microsecondsSinceEpoch: microsecondsSinceEpoch &+ offset * Instant.microsecondsPerSecond)
        var text = local.description
        text.removeLast()
        if offset == 0 { return text + "Z" }
        let magnitude = UInt64(offset.magnitude)
        text += offset < 0 ? "-" : "+"
        text += CalendarDate.padded(magnitude / 3_600, width: 2)
        text += ":" + CalendarDate.padded(magnitude / 60 % 60, width: 2)
        return text
    }
}
