import Arbiter
import Foundation

/// Generated inputs and the hand-written baseline of `arbiter bench decide`.
enum GardenPricingBench {
    struct Row {
        var sku: String
        var cost: Int64
        var price: Int64
        var msrp: Int64
        var competitor: Int64?
        var stock: Int64
        var sales: Int64

        var json: JSONValue {
            func money(_ cents: Int64) -> JSONValue { .string("\(cents / 100).\(String(format: "%02d", cents % 100))") }
            var members: [(String, JSONValue)] = [
                ("sku", .string(sku)), ("cost", money(cost)), ("price", money(price)), ("msrp", money(msrp)),
                ("stock", .number(String(stock))), ("sales_7d", .number(String(sales))),
            ]
            if let competitor { members.append(("competitor_price", money(competitor))) }
            return .object(members)
        }
    }

    /// Seeded, varied rows: prices around cost, competitors above and below, stock levels.
    static func rows(count: Int) -> [Row] {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<count).map { index in
            let cost = Int64(500 + next() % 5_000)
            let price = cost * Int64(120 + next() % 80) / 100
            let msrp = price * Int64(100 + next() % 40) / 100
            let competitor: Int64? = next() % 4 == 0 ? nil : price * Int64(80 + next() % 40) / 100
            return Row(sku: "SKU-\(index)", cost: cost, price: price, msrp: msrp, competitor: competitor,
                       stock: Int64(next() % 800), sales: Int64(next() % 40))
        }
    }

    /// `garden_pricing` without the guards that read state (step, churn) and the budget.
    static func withoutStatefulParts(_ text: String) -> String {
        var lines: [String] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.contains("budget markdown") { skipping = true }
            if skipping {
                if line.trimmingCharacters(in: .whitespaces) == "}" { skipping = false }
                continue
            }
            if line.contains("guard step") || line.contains("guard churn") { continue }
            lines.append(String(line))
        }
        return lines.joined(separator: "\n")
    }

    /// (a)'s result by hand: whether the decision is applied or clamped.
    static func handWritten(_ row: Row) -> Bool {
        var proposed = row.price
        if let competitor = row.competitor, competitor < row.price, row.stock > 20 {
            proposed = competitor - 1
        } else if row.stock > 500, row.sales < 5 {
            // price * 90%, rounded half-even to cents.
            let scaled = row.price * 90
            var cents = scaled / 100
            let remainder = scaled % 100
            if remainder > 50 || (remainder == 50 && cents % 2 == 1) { cents += 1 }
            proposed = cents
        }
        // floor: price >= cost * 110%, rounded up to cents.
        let floor = (row.cost * 110 + 99) / 100
        if proposed < floor { proposed = floor }
        if proposed > row.msrp { proposed = row.msrp }
        if proposed == row.price { return false }
        // approve when abs(change) > 15% or price > 1000 EUR.
        let change = abs(proposed - row.price) * 100
        if change > row.price * 15 || proposed > 100_000 { return false }
        return true
    }
}

/// Counts heap allocations when the process runs with ordo-one's malloc interposer
/// preloaded (`Scripts/bench-decide.sh` builds it and sets `LD_PRELOAD`); without it,
/// `isAvailable` is false and no allocation figures are printed.
final class AllocationCounter: @unchecked Sendable {
    private typealias Enable = @convention(c) () -> Void
    private typealias Statistics = @convention(c) (
        UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?,
        UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?
    ) -> Void
    private let statistics: Statistics?

    init() {
        let handle = dlopen(nil, RTLD_NOW)
        if let enable = dlsym(handle, "malloc_interposer_enable"), let read = dlsym(handle, "malloc_interposer_get_stats") {
            unsafeBitCast(enable, to: Enable.self)()
            statistics = unsafeBitCast(read, to: Statistics.self)
        } else {
            statistics = nil
        }
    }

    /// Whether the interposer is loaded.
    var isAvailable: Bool { statistics != nil }

    /// Allocations so far (malloc, calloc, realloc, posix_memalign).
    var count: Int64 {
        guard let statistics else { return 0 }
        var mallocs: Int64 = 0
        var ignored: Int64 = 0
        var small: Int64 = 0
        var large: Int64 = 0
        var frees: Int64 = 0
        var freed: Int64 = 0
        statistics(&mallocs, &ignored, &small, &large, &frees, &freed)
        _ = (ignored, small, large, frees, freed)
        return mallocs
    }
}
