import Arbiter

extension ReplayReport {
    /// A budget's `used` at some moment: the exact amount and the decision's text for it.
    public struct BudgetPoint: Sendable, Hashable {
        /// The amount.
        public var used: Exact
        /// The money's minor-unit digits, nil for a number.
        var fractionDigits: Int?
        /// As the decision wrote it (`"1240.00"`), made when asked: a replay records a
        /// point per decision and shows a few.
        public var text: String {
            fractionDigits.map { used.formatted(fractionDigits: $0) } ?? used.description
        }
    }

    /// The last `used` of one window (or one day).
    public struct BudgetWindowEnd: Sendable, Hashable {
        /// The window's first instant.
        public var start: Instant
        /// `used` at the last decision in the window.
        public var used: BudgetPoint
    }

    /// One budget's use over the replay.
    ///
    /// Memory grows with days (one point per UTC day) and keeps only the last
    /// `windowEndsKept` ends of windows.
    public struct BudgetUse: Sendable {
        /// The budget's name.
        public var name: String
        /// The limit as written (`"20000 EUR per 7d"`).
        public var limit: String
        /// The limit's amount, when `limit` starts with a number.
        public var limitAmount: Exact?
        /// The highest `used` seen.
        public internal(set) var peak: BudgetPoint?
        /// When `peak` was reached.
        public internal(set) var peakAt: Instant?
        /// `used` at the last decision of each UTC day.
        var dayEnds: [CalendarDate: BudgetPoint] {
            var ends = closedDays
            if let openDay { ends[openDay.date] = openDay.used }
            return ends
        }
        /// `used` at the last decision of each day but the one of the last decision, which
        /// is `openDay`: rows come in time order, so a day's point is stored once, when
        /// the next day starts, not on every row.
        private var closedDays: [CalendarDate: BudgetPoint] = [:]
        private var openDay: (date: CalendarDate, used: BudgetPoint)?
        /// Ends of finished windows, oldest first, at most `windowEndsKept`.
        var finishedWindows: [BudgetWindowEnd] = []
        /// The window of the last decision, and `used` after it.
        var currentWindow: CalendarWindow?
        var currentUsed: BudgetPoint?
        /// How windows are laid on the calendar (UTC days when unknown).
        let calendar: WindowCalendar?

        /// How many window ends are kept.
        public static let windowEndsKept = 12

        init(name: String, limit: String, calendar: WindowCalendar?) {
            self.name = name
            self.limit = limit
            let words = limit.split(separator: " ")
            self.limitAmount = words.first.flatMap { Exact(String($0)) }
            var windows = calendar
            if windows == nil, let per = words.firstIndex(of: "per"), per + 1 < words.count,
               let length = DurationValue(String(words[per + 1])) {
                windows = try? WindowCalendar(length: length)
            }
            if windows == nil { windows = try? WindowCalendar(length: .days(1)) }
            self.calendar = windows
        }

        /// `used` at the end of each UTC day that had a decision, in date order.
        public var days: [(date: CalendarDate, used: BudgetPoint)] {
            dayEnds.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }

        /// The last windows' ends, oldest first; the last one is the window still open
        /// when the history ended.
        public var windowEnds: [BudgetWindowEnd] {
            var ends = finishedWindows
            if let currentWindow, let currentUsed { ends.append(BudgetWindowEnd(start: currentWindow.start, used: currentUsed)) }
            return Array(ends.suffix(Self.windowEndsKept))
        }

        mutating func record(_ value: DecisionValue, at: Instant) {
            guard let used = ReplayReport.amount(value) else { return }
            var digits: Int?
            if case .money(let text) = value { digits = text.utf8.firstIndex(of: UInt8(ascii: ".")).map { text.utf8.distance(from: $0, to: text.utf8.endIndex) - 1 } ?? 0 }
            record(BudgetPoint(used: used, fractionDigits: digits), at: at, day: at.date)
        }

        /// Records `used` after a decision at `at`, on UTC day `day`.
        mutating func record(_ point: BudgetPoint, at: Instant, day: CalendarDate) {
            let used = point.used
            if peak.map({ used > $0.used }) ?? true {
                peak = point
                peakAt = at
            }
            if let open = openDay, open.date != day { closedDays[open.date] = open.used }
            openDay = (day, point)
            let inCurrentWindow = currentWindow.map { $0.start <= at && at < $0.end } ?? false
            if !inCurrentWindow, let calendar, let window = try? calendar.window(containing: at), window != currentWindow {
                if let currentWindow, let currentUsed {
                    finishedWindows.append(BudgetWindowEnd(start: currentWindow.start, used: currentUsed))
                    if finishedWindows.count > Self.windowEndsKept { finishedWindows.removeFirst() }
                }
                currentWindow = window
            }
            currentUsed = point
        }
    }

    /// The exact amount of a money, number or int value.
    static func amount(_ value: DecisionValue) -> Exact? {
        switch value {
        case .money(let text): Exact(text)
        case .number(let number): number
        case .int(let integer): Exact(integer)
        case .bool, .text, .none: nil
        }
    }
}
