// Laying a budget window length on the calendar.
//
// A budget says `20000 EUR per 7d`. People read that as "per week", and a finance team
// reconciles per calendar week, not per rolling 168 hours that start at the epoch; so
// three lengths are calendar-aligned and everything else is a fixed bucket:
//
// | length      | window                                               | in a time zone       |
// |-------------|------------------------------------------------------|----------------------|
// | `1h`        | the clock hour, `hh:00:00` to the next `hh:00:00`    | local clock hour     |
// | `1d`        | the calendar day, midnight to midnight               | 23 h or 25 h on DST days |
// | `7d` (`1w`) | the ISO week, Monday 00:00 to the next Monday 00:00  | local Mondays        |
// | other       | fixed buckets of that length aligned to the Unix epoch (UTC) | zone ignored |
//
// Epoch alignment makes other buckets deterministic and identical on every instance:
// `15m` windows start at :00, :15, :30, :45 UTC; `2d` windows start on even days since
// 1970-01-01; `30d` windows are *not* months. The zone is ignored for them because a
// fixed real-time length cannot follow a local clock that jumps.
//
// A calendar day in a zone runs from the local midnight to the next local midnight,
// both converted with the offsets in force then, so it lasts 23 or 25 hours on
// daylight-saving days. If a midnight does not exist locally (a zone that springs
// forward at 00:00), the day starts at the transition. A clock hour in a zone is one
// real hour ending at a local `:00`.

/// Maps instants to the calendar window of a given length that contains them.
public struct WindowCalendar: Sendable {
    /// How a window length is laid on the calendar.
    public enum Alignment: Hashable, Sendable {
        /// `1h`: clock hours.
        case clockHour
        /// `1d`: calendar days.
        case calendarDay
        /// `7d`: ISO weeks starting on Monday.
        case isoWeek
        /// Any other length: fixed buckets aligned to the Unix epoch, in UTC.
        case epochBuckets
    }

    /// The window length the budget declares.
    public let length: DurationValue

    /// How `length` is laid on the calendar.
    public let alignment: Alignment

    /// The zone whose local calendar the windows follow, or nil for UTC.
    public let zone: TimeZoneOffsets?

    /// Creates a calendar for windows of `length`, following `zone`'s local calendar
    /// (UTC when nil).
    ///
    /// - Throws: `EvaluationError.invalidArgument(.nonPositiveWindow)` unless `length > 0`.
    public init(length: DurationValue, zone: TimeZoneOffsets? = nil) throws(EvaluationError) {
        guard length.microseconds > 0 else { throw .invalidArgument(.nonPositiveWindow) }
        self.length = length
        self.zone = zone === TimeZoneOffsets.utc ? nil : zone
        switch length.microseconds {
        case DurationValue.Unit.hours.microseconds: alignment = .clockHour
        case DurationValue.Unit.days.microseconds: alignment = .calendarDay
        case DurationValue.Unit.weeks.microseconds: alignment = .isoWeek
        default: alignment = .epochBuckets
        }
    }

    /// The window containing `instant`.
    ///
    /// - Throws: `EvaluationError.overflow` within one window of the representable range.
    public func window(containing instant: Instant) throws(EvaluationError) -> CalendarWindow {
        let time = instant.microsecondsSinceEpoch
        switch alignment {
        case .epochBuckets:
            return try fixedWindow(at: time, length: length.microseconds, offset: 0)
        case .clockHour:
            let offset = zone.map { $0.offsetSeconds(at: instant) * Instant.microsecondsPerSecond } ?? 0
            return try fixedWindow(at: time, length: length.microseconds, offset: offset)
        case .calendarDay, .isoWeek:
            let offset = zone.map { $0.offsetSeconds(at: instant) * Instant.microsecondsPerSecond } ?? 0
            let localTime = try time.checkedAdding(offset)
            var firstDay = localTime.flooredQuotient(dividingBy: Instant.microsecondsPerDay)
            var dayCount: Int64 = 1
            if alignment == .isoWeek {
                // Day 0 (1970-01-01) was a Thursday: three days after a Monday.
                firstDay -= (firstDay + 3).flooredRemainder(dividingBy: 7)
                dayCount = 7
            }
            return CalendarWindow(
                start: try instantAtLocalMidnight(ofDay: firstDay),
                end: try instantAtLocalMidnight(ofDay: firstDay.checkedAdding(dayCount)))
        }
    }

    /// The bucket `[start, start + length)` containing `time`, where buckets are aligned
    /// so that `start + offset` is a multiple of `length`.
    private func fixedWindow(at time: Int64, length: Int64, offset: Int64) throws(EvaluationError) -> CalendarWindow {
        let localTime = try time.checkedAdding(offset)
        let start = try time.checkedSubtracting(localTime.flooredRemainder(dividingBy: length))
        let end = try start.checkedAdding(length)
        return CalendarWindow(start: Instant(microsecondsSinceEpoch: start), end: Instant(microsecondsSinceEpoch: end))
    }

    /// The instant of local midnight at the start of a day counted from 1970-01-01.
    private func instantAtLocalMidnight(ofDay day: Int64) throws(EvaluationError) -> Instant {
        let localSecond = try day.checkedMultiplied(by: 86_400)
        let second = zone?.utcSecond(forLocalSecond: localSecond) ?? localSecond
        return Instant(microsecondsSinceEpoch: try second.checkedMultiplied(by: Instant.microsecondsPerSecond))
    }
}

/// A half-open span of time `[start, end)`: one budget window, such as the UTC day
/// 2027-03-20 or the ISO week starting Monday 2027-03-15 in Paris.
///
/// Windows are produced by `WindowCalendar`; a budget ledger keys its entries by the
/// window's `start`.
public struct CalendarWindow: Hashable, Sendable, CustomStringConvertible {
    /// The first instant inside the window.
    public let start: Instant

    /// The first instant after the window.
    public let end: Instant

    /// Creates a window.
    ///
    /// - Precondition: `start < end`.
    public init(start: Instant, end: Instant) {
        precondition(start < end, "a window must end after it starts")
        self.start = start
        self.end = end
    }

    /// The real time the window spans: 23 hours for a Paris day when clocks go forward.
    public var length: DurationValue {
        DurationValue(microseconds: end.microsecondsSinceEpoch &- start.microsecondsSinceEpoch)
    }

    /// Whether `start <= instant < end`.
    public func contains(_ instant: Instant) -> Bool {
        start <= instant && instant < end
    }

    /// The share of the window elapsed at `instant` as a fraction in lowest terms:
    /// `(0, 1)` before the window, `(1, 1)` at or after its end.
    public func elapsedFraction(at instant: Instant) -> (elapsed: Int64, total: Int64) {
        if instant <= start { return (0, 1) }
        if instant >= end { return (1, 1) }
        var elapsed = instant.microsecondsSinceEpoch &- start.microsecondsSinceEpoch
        var total = end.microsecondsSinceEpoch &- start.microsecondsSinceEpoch
        var (a, b) = (elapsed, total)
        while b != 0 { (a, b) = (b, a % b) }
        elapsed /= a
        total /= a
        return (elapsed, total)
    }

    /// The share of the window elapsed at `instant`, from 0 at `start` to 1 at `end`,
    /// measured in real time and rounded half-even at the 18th digit. Instants before
    /// the window give 0 and instants after it give 1.
    ///
    /// Budget pace is `used ÷ (limit × elapsedShare)`; at the very start of a window the
    /// share is 0 and the caller decides what pace means there.
    public func elapsedShare(at instant: Instant) -> Exact {
        if instant <= start { return .zero }
        if instant >= end { return .one }
        let elapsed = UInt128(instant.microsecondsSinceEpoch &- start.microsecondsSinceEpoch)
        let total = UInt128(end.microsecondsSinceEpoch &- start.microsecondsSinceEpoch)
        // INVARIANT: elapsed < total < 2⁶⁴, so elapsed × 10¹⁸ < 2¹²⁸ and the quotient
        // is below 10¹⁸: neither the product nor the share can overflow.
        let share = RoundingRule.halfEven.roundedQuotient(
            of: elapsed * UInt128(Exact.unitsPerOne), dividingBy: total, isNegative: false) ?? 0
        return Exact(units: Int128(share))
    }

    /// `[start, end)` in ISO 8601 UTC form.
    public var description: String {
        "[\(start), \(end))"
    }
}
