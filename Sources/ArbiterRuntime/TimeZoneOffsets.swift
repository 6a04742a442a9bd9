// UTC offsets of an IANA time zone, with a cache that keeps Foundation off the hot path.
//
// A budget `per 1d` in `Europe/Paris` needs the UTC offset at two or three instants per
// decision. Asking Foundation's `TimeZone` each time means a trip through ICU or the
// tzfile reader; instead each zone keeps a sorted list of *segments*: half-open ranges
// of UTC seconds with one constant offset, ending at the zone's next transition. A
// lookup is a binary search under a `Mutex`; only a miss asks Foundation for the offset
// at the instant and for the next transition (`nextDaylightSavingTimeTransition`, which
// reports every change of offset, not only daylight-saving ones).
//
// Segments are learned forwards: a miss at second `s` records `[s, next transition)`;
// a later miss at an earlier second of the same segment extends that segment's start
// instead of adding a new one, so a zone seen for a year holds about two segments. The
// list is bounded; past the bound it is simply emptied and relearned. A miss asks
// Foundation while holding the zone's lock, which keeps the list consistent; misses are
// rare (about two a year per zone), so the lock is almost always held for a search only.
//
// Foundation's API takes a `Date`, whose seconds are a `Double`; only whole seconds
// within a few thousand years cross it, and those a `Double` holds exactly. This is the
// only place in the value layer where floating point appears.

import Foundation
import Synchronization

/// The UTC offsets of one IANA time zone, cached per zone.
public final class TimeZoneOffsets: Sendable {
    /// A range of UTC seconds `[start, end)` over which the offset is constant.
    struct Segment {
        var start: Int64
        var end: Int64
        var offset: Int64
    }

    /// The IANA identifier, such as `Europe/Paris`.
    public let identifier: String

    private let zone: TimeZone
    /// INVARIANT: sorted by `end`, ends distinct, and `start < end` in every segment.
    private let segments = Mutex<[Segment]>([])

    private static let maximumSegments = 1_024
    private static let registry = Mutex<[String: TimeZoneOffsets]>([:])

    /// Coordinated Universal Time, whose offset is always zero.
    public static let utc = TimeZoneOffsets(identifier: "UTC", zone: .gmt)

    /// The offset of a zone that never changes it (UTC, `Etc/GMT+5`): no cache, no lock.
    private let fixedOffset: Int64?

    private init(identifier: String, zone: TimeZone) {
        self.identifier = identifier
        self.zone = zone
        // No transition ever (UTC, `Etc/GMT+5`): a zone with one, however old, keeps the cache.
        fixedOffset = zone.nextDaylightSavingTimeTransition(after: .distantPast) == nil ? Int64(zone.secondsFromGMT(for: .distantPast)) : nil
    }

    /// The offsets of a named zone, shared by every caller that names it.
    ///
    /// - Throws: `ValueParseError.unknownTimeZone` for an identifier the system's time
    ///   zone database does not know.
    public static func named(_ identifier: String) throws(ValueParseError) -> TimeZoneOffsets {
        if let cached = registry.withLock({ $0[identifier] }) { return cached }
        guard let zone = TimeZone(identifier: identifier) else { throw .unknownTimeZone(identifier) }
        let created = TimeZoneOffsets(identifier: identifier, zone: zone)
        return registry.withLock { table in
            if let existing = table[identifier] { return existing }
            table[identifier] = created
            return created
        }
    }

    /// The offset east of UTC, in seconds, in force at an instant: 3600 for Paris in
    /// winter, 7200 in summer.
    /// Whether the zone is UTC under any name (`UTC`, `GMT`, `Etc/UTC`): its offset is
    /// zero and never changes.
    public var isUTC: Bool { fixedOffset == 0 }

    public func offsetSeconds(at instant: Instant) -> Int64 {
        segment(containing: instant.microsecondsSinceEpoch.flooredQuotient(dividingBy: Instant.microsecondsPerSecond)).offset
    }

    /// The UTC second at which the local wall clock reads `localSecond` (seconds since
    /// 1970-01-01T00:00:00 local time).
    ///
    /// A local time that occurs twice (when clocks go back) maps to its first
    /// occurrence. A local time that does not occur (when clocks go forward) maps to
    /// the transition itself, the first instant whose local time is later: so a day
    /// whose midnight is skipped starts when the clocks jump.
    func utcSecond(forLocalSecond localSecond: Int64) -> Int64 {
        // Real zones change offset at most once in any two days, so the offsets a day
        // before and a day after are the only candidates.
        let offsetBefore = segment(containing: localSecond - 86_400).offset
        let offsetAfter = segment(containing: localSecond + 86_400).offset
        let early = localSecond - max(offsetBefore, offsetAfter)
        let late = localSecond - min(offsetBefore, offsetAfter)
        if segment(containing: early).offset + early == localSecond { return early }
        if segment(containing: late).offset + late == localSecond { return late }
        // A gap: the instant `localSecond - offsetAfter` lies before the transition, in
        // the segment that the transition ends.
        return segment(containing: localSecond - offsetAfter).end
    }

    /// The cached segment containing a UTC second, learned from Foundation on a miss.
    func segment(containing second: Int64) -> Segment {
        if let fixedOffset { return Segment(start: .min, end: .max, offset: fixedOffset) }
        return segments.withLock { list in
            let index = Self.firstIndex(in: list, endingAfter: second)
            if index < list.count, list[index].start <= second {
                return list[index]
            }
            let learned = learnSegment(startingAt: second)
            if index < list.count, list[index].end == learned.end {
                list[index].start = second
                return list[index]
            }
            if list.count >= Self.maximumSegments {
                list.removeAll(keepingCapacity: true)
                list.append(learned)
            } else {
                list.insert(learned, at: index)
            }
            return learned
        }
    }

    /// The index of the first segment whose end is after `second`, or `list.count`.
    private static func firstIndex(in list: [Segment], endingAfter second: Int64) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].end > second {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }

    private func learnSegment(startingAt second: Int64) -> Segment {
        let date = Date(timeIntervalSince1970: TimeInterval(second))
        let offset = Int64(zone.secondsFromGMT(for: date))
        var end = Int64.max
        if let transition = zone.nextDaylightSavingTimeTransition(after: date) {
            let transitionSecond = transition.timeIntervalSince1970.rounded(.up)
            if transitionSecond < TimeInterval(Int64.max), Int64(transitionSecond) > second {
                end = Int64(transitionSecond)
            }
        }
        return Segment(start: second, end: end, offset: offset)
    }
}
