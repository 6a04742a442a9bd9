import Arbiter

/// Seeded generators of realistic histories for the four example policies, as CSV with
/// a header `at,<key>,<inputs…>` and rows in time order.
///
/// The same policy, days, keys and seed always give the same bytes. Every history starts
/// on 2027-02-01 (a Monday), so a 90-day history covers category_ranking's spring window
/// (2027-03-20 … 2027-04-30). What each one simulates:
///
/// - `garden_pricing`: one row per sku a day; fixed costs, drifting prices, competitor
///   prices that move, go missing, run promotions and price wars; stock with restocks and a
///   spring season; weekly sales that follow price elasticity.
/// - `search_ads`: one row per campaign an hour; spend accumulating through the day and
///   reset at midnight, 7-day revenue, spend and conversions of winners and losers,
///   impression share.
/// - `storefront_autoscale`: one row per service every 5 minutes; a daily traffic curve,
///   the replicas an existing autoscaler chose, cpu and p95 latency, one spike day.
/// - `category_ranking`: one row per sku a day over five categories; stock (with
///   stock-outs), margin and return rate, the `spring` campaign for some skus in
///   March–April.
public enum SampleHistory {
    /// The policies a history can be generated for.
    public static let policies = ["category_ranking", "garden_pricing", "search_ads", "storefront_autoscale"]

    /// The first day of every sample history, 2027-02-01, in days since 1970-01-01.
    static let startDay: Int64 = 20_850

    /// The number of keys a policy's history has unless told otherwise (what the
    /// committed samples use); nil for an unknown policy.
    public static func defaultKeys(for policy: String) -> Int? {
        switch policy {
        case "garden_pricing": 300
        case "search_ads": 8
        case "storefront_autoscale": 1
        case "category_ranking": 150
        default: nil
        }
    }

    /// Writes the history of `policy` over `days` days and `keys` keys (nil: the default)
    /// to the file at `path`, streaming.
    public static func write(policy: String, days: Int, keys: Int? = nil, seed: UInt64, to path: String) throws(SampleHistoryError) {
        let (generate, keyCount) = try plan(policy: policy, days: days, keys: keys)
        let writer = try SampleCSVWriter(path: path)
        try generate(SampleSpan(days: days, keys: keyCount, seed: seed), writer)
        try writer.finish()
    }

    /// The history of `policy` over `days` days and `keys` keys (nil: the default), as CSV text.
    public static func csv(policy: String, days: Int, keys: Int? = nil, seed: UInt64) throws(SampleHistoryError) -> String {
        let (generate, keyCount) = try plan(policy: policy, days: days, keys: keys)
        let writer = SampleCSVWriter()
        try generate(SampleSpan(days: days, keys: keyCount, seed: seed), writer)
        return try writer.finish()
    }

    /// Days from 2027-02-01 to 9999-12-31, both included.
    static let maximumDays = 2_912_047

    /// The most keys a history has: each key's state is kept while the file is written
    /// (a million search_ads campaigns took 4 GiB), and a replay's sample needs far fewer.
    static let maximumKeys = 100_000

    private typealias Generator = (SampleSpan, SampleCSVWriter) throws(SampleHistoryError) -> Void

    private static func plan(policy: String, days: Int, keys: Int?) throws(SampleHistoryError) -> (Generator, Int) {
        guard let defaultKeys = defaultKeys(for: policy) else { throw .unknownPolicy(policy, known: policies) }
        guard days >= 1 else { throw .invalidCount(name: "days", value: days) }
        // Rows start on 2027-02-01; the last day a time can name is 9999-12-31 (§3).
        guard days <= maximumDays else { throw .tooManyDays(days, maximum: maximumDays) }
        let keyCount = keys ?? defaultKeys
        guard keyCount >= 1 else { throw .invalidCount(name: "keys", value: keyCount) }
        guard keyCount <= maximumKeys else { throw .tooManyKeys(keyCount, maximum: maximumKeys) }
        let generator: Generator = switch policy {
        case "garden_pricing": gardenPricing
        case "search_ads": searchAds
        case "storefront_autoscale": storefrontAutoscale
        default: categoryRanking
        }
        return (generator, keyCount)
    }
}

/// What to generate: how many days and keys, from which seed.
struct SampleSpan {
    /// Days of rows, from 2027-02-01.
    var days: Int
    /// Keys (skus, campaigns, services).
    var keys: Int
    /// The seed.
    var seed: UInt64

    /// Seconds since the epoch at the start of day `day` (0 is 2027-02-01).
    func seconds(day: Int) -> Int64 {
        (SampleHistory.startDay + Int64(day)) * 86_400
    }
}

/// Why a sample history could not be generated.
public enum SampleHistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No generator for this policy.
    case unknownPolicy(String, known: [String])
    /// Days or keys below 1.
    case invalidCount(name: String, value: Int)
    /// The output file cannot be written.
    case unwritable(path: String, reason: String)
    /// More days than fit before the year 10000.
    case tooManyDays(Int, maximum: Int)
    /// More keys than a history is written with.
    case tooManyKeys(Int, maximum: Int)

    /// One line.
    public var description: String {
        switch self {
        case .unknownPolicy(let name, let known):
            "no sample history for policy `\(name)`; known: \(known.map { "`\($0)`" }.joined(separator: ", "))"
        case .invalidCount(let name, let value):
            "--\(name) must be at least 1, got \(value)"
        case .unwritable(let path, let reason):
            "cannot write `\(path)`: \(reason)"
        case .tooManyDays(let days, let maximum):
            "--days must be at most \(maximum) (from 2027-02-01 to 9999-12-31, the last day a time can name), got \(days)"
        case .tooManyKeys(let keys, let maximum):
            "--keys must be at most \(maximum), got \(keys)"
        }
    }
}
