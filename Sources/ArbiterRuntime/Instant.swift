#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time: a signed count of microseconds since 1970-01-01T00:00:00Z.
///
/// Microseconds rather than nanoseconds: an `Int64` of microseconds spans about
/// ±292 000 years, so any date a policy or a history file can name fits, while
/// nanoseconds would stop in 2262. Timestamps in decisions, state windows and budgets
/// never need finer than a microsecond. Instants are always UTC; time zones enter only
/// through `TimeZoneOffsets`, when a budget window follows a local calendar.
///
/// Parsing and formatting (ISO 8601) live in `Instant+Parsing.swift` and
/// `Instant+Formatting.swift`. Arithmetic with `DurationValue` throws
/// `EvaluationError.overflow` instead of trapping.
public struct Instant: Hashable, Comparable, Sendable {
    /// Microseconds in one second.
    public static let microsecondsPerSecond: Int64 = 1_000_000

    /// Microseconds in one day of 86 400 seconds (UTC has no leap seconds here).
    public static let microsecondsPerDay: Int64 = 86_400_000_000

    /// 1970-01-01T00:00:00Z.
    public static let epoch = Instant(microsecondsSinceEpoch: 0)

    /// The earliest representable instant, about 292 000 years before the epoch.
    public static let distantPast = Instant(microsecondsSinceEpoch: .min)

    /// The latest representable instant, about 292 000 years after the epoch.
    public static let distantFuture = Instant(microsecondsSinceEpoch: .max)

    /// The instants ISO 8601 text with a four-digit year names, 0000-01-01T00:00:00Z up to
    /// 9999-12-31T23:59:59.999999Z: every time an input, a state file or `--now` can
    /// give, and so every time arithmetic may produce (a result outside could not be
    /// read back).
    public static let writableRange = Instant(microsecondsSinceEpoch: -719_528 * microsecondsPerDay)
        ... Instant(microsecondsSinceEpoch: 2_932_897 * microsecondsPerDay - 1)

    /// Microseconds since 1970-01-01T00:00:00Z (negative before it).
    public var microsecondsSinceEpoch: Int64

    /// Creates an instant from microseconds since the epoch.
    @inlinable
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// Creates an instant from whole seconds since the epoch.
    ///
    /// - Precondition: the instant is within ±292 000 years of the epoch.
    @inlinable
    public init(secondsSinceEpoch seconds: Int64) {
        microsecondsSinceEpoch = seconds * Instant.microsecondsPerSecond
    }

    /// Midnight UTC at the start of a calendar date.
    ///
    /// - Precondition: the date is within ±292 000 years of the epoch.
    public init(date: CalendarDate) {
        microsecondsSinceEpoch = date.daysSinceEpoch * Instant.microsecondsPerDay
    }

    /// The current wall-clock time.
    ///
    /// Only the embedding engine and the server call this: every value-layer and store
    /// function takes `now` as an argument, so replay and tests stay deterministic.
    public static func now() -> Instant {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Instant(microsecondsSinceEpoch: Int64(time.tv_sec) * microsecondsPerSecond + Int64(time.tv_nsec) / 1_000)
    }

    /// The UTC calendar date of the instant.
    public var date: CalendarDate {
        CalendarDate(daysSinceEpoch: microsecondsSinceEpoch.flooredQuotient(dividingBy: Instant.microsecondsPerDay))
    }

    /// Microseconds elapsed since the start of the instant's UTC day, in `0..<86 400 000 000`.
    public var microsecondOfDay: Int64 {
        microsecondsSinceEpoch.flooredRemainder(dividingBy: Instant.microsecondsPerDay)
    }

    /// Orders instants chronologically.
    @inlinable
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// The instant `duration` later (earlier, for a negative duration).
    ///
    /// - Throws: `EvaluationError.unboundedShift` for an unbounded duration,
    ///   `EvaluationError.overflow(.addition)` beyond `Int64`, `EvaluationError.timeOutOfRange`
    ///   outside `writableRange`.
    @inlinable
    public func adding(_ duration: DurationValue) throws(EvaluationError) -> Instant {
        guard !duration.isUnbounded else { throw .unboundedShift }
        return try Instant(microsecondsSinceEpoch: microsecondsSinceEpoch.checkedAdding(duration.microseconds)).writable()
    }

    /// The instant `duration` earlier (later, for a negative duration).
    ///
    /// - Throws: `EvaluationError.unboundedShift` for an unbounded duration,
    ///   `EvaluationError.overflow(.subtraction)` beyond `Int64`, `EvaluationError.timeOutOfRange`
    ///   outside `writableRange`.
    @inlinable
    public func subtracting(_ duration: DurationValue) throws(EvaluationError) -> Instant {
        guard !duration.isUnbounded else { throw .unboundedShift }
        return try Instant(microsecondsSinceEpoch: microsecondsSinceEpoch.checkedSubtracting(duration.microseconds)).writable()
    }

    /// The instant itself when it is in `writableRange`.
    ///
    /// - Throws: `EvaluationError.timeOutOfRange`.
    @inlinable
    func writable() throws(EvaluationError) -> Instant {
        guard Instant.writableRange.contains(self) else { throw .timeOutOfRange }
        return self
    }

    /// The time from `earlier` to this instant (negative when `earlier` is later).
    ///
    /// - Throws: `EvaluationError.overflow(.subtraction)` when the gap exceeds `Int64`.
    @inlinable
    public func duration(since earlier: Instant) throws(EvaluationError) -> DurationValue {
        DurationValue(microseconds: try microsecondsSinceEpoch.checkedSubtracting(earlier.microsecondsSinceEpoch))
    }

    /// The instant `duration` earlier, or `Instant.distantPast` if that is out of range;
    /// look-back windows use it so a huge window simply covers all of history.
    @inlinable
    public func saturatingSubtracting(_ duration: DurationValue) -> Instant {
        let (result, overflow) = microsecondsSinceEpoch.subtractingReportingOverflow(duration.microseconds)
        guard overflow else { return Instant(microsecondsSinceEpoch: result) }
        return duration.microseconds > 0 ? .distantPast : .distantFuture
    }
}
