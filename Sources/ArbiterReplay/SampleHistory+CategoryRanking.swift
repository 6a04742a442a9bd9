extension SampleHistory {
    /// category_ranking: one row per sku each morning (05:00 UTC, skus spread over the hour).
    static func categoryRanking(_ span: SampleSpan, _ writer: SampleCSVWriter) throws(SampleHistoryError) {
        try writer.row(["at", "sku", "category", "stock", "margin", "campaign", "return_rate"])
        var skus = (0..<span.keys).map { RankedSku(index: $0, seed: span.seed) }
        for day in -7..<span.days {
            let morning = span.seconds(day: day) + 5 * 3_600
            for index in skus.indices {
                skus[index].beginDay(day)
                if day >= 0 {
                    let at = SampleCSVWriter.time(morning + Int64(index * 3_600 / span.keys))
                    try writer.row(skus[index].cells(at: at, day: day))
                }
                skus[index].endDay(day)
            }
        }
    }
}

/// A merchandising category: margins and how often its goods come back.
private struct RankedCategory {
    var name: String
    var margin: ClosedRange<Double>
    var returns: ClosedRange<Double>
    var springShare: Double

    static let all = [
        RankedCategory(name: "tools", margin: 0.25...0.50, returns: 0.02...0.08, springShare: 0.25),
        RankedCategory(name: "watering", margin: 0.20...0.45, returns: 0.03...0.10, springShare: 0.35),
        RankedCategory(name: "seeds", margin: 0.40...0.65, returns: 0.00...0.03, springShare: 0.40),
        RankedCategory(name: "furniture", margin: 0.15...0.40, returns: 0.08...0.34, springShare: 0.15),
        RankedCategory(name: "lighting", margin: 0.30...0.55, returns: 0.05...0.30, springShare: 0.05),
    ]
}

/// One sku's merchandising state day by day.
private struct RankedSku {
    private var random: SampleRandom
    private let sku: String
    private let category: RankedCategory
    private var margin: Double
    private let baseReturns: Double
    private var returnRate: Double
    private var stock: Int
    private let dailySales: Double
    private let fragileSupply: Bool
    private var delivery: (day: Int, quantity: Int)?
    /// Days (from 2027-02-01) of the `spring` campaign, if the sku is in it.
    private let spring: ClosedRange<Int>?

    init(index: Int, seed: UInt64) {
        random = SampleRandom(seed: seed, stream: UInt64(index) + 1)
        sku = "SKU-" + SampleShape.padded(index + 1, width: 4)
        category = RankedCategory.all[random.int(0...RankedCategory.all.count - 1)]
        margin = random.uniform(category.margin)
        baseReturns = random.uniform(category.returns)
        returnRate = baseReturns
        dailySales = 0.5 + 7.5 * random.unit() * random.unit()
        fragileSupply = random.chance(0.12)
        stock = random.chance(0.03) ? 0 : random.int(0...300)
        if random.chance(category.springShare) {
            // Tagged from 2027-03-16 … 03-22 (some before the policy's window opens on 03-20),
            // until 04-30, or 04-25 for a few.
            spring = (43 + random.int(0...6))...(random.chance(0.2) ? 83 : 88)
        } else {
            spring = nil
        }
    }

    /// The morning: deliveries arrive; margins and return rates move a little.
    mutating func beginDay(_ day: Int) {
        if let delivery, delivery.day <= day {
            stock += delivery.quantity
            self.delivery = nil
        }
        if random.chance(0.01) { margin += (random.chance(0.5) ? 1 : -1) * random.uniform(0.02...0.06) }
        margin = min(0.8, max(0.02, margin))
        returnRate = min(0.6, max(0, returnRate + 0.15 * (baseReturns - returnRate) + 0.01 * random.normal()))
    }

    /// The row shown this morning.
    func cells(at time: String, day: Int) -> [String] {
        let campaign = spring.map { $0.contains(day) ? "spring" : "" } ?? ""
        return [time, sku, category.name, String(stock), SampleCSVWriter.fraction(margin), campaign, SampleCSVWriter.fraction(returnRate)]
    }

    /// The day's sales, and a reorder when stock runs low (late for fragile supply).
    mutating func endDay(_ day: Int) {
        let season = 0.7 + 0.7 * SampleShape.ramp(Double(day), from: 20, to: 70)
        let campaign = spring?.contains(day) == true ? 1.5 : 1
        let weekend = SampleShape.isWeekend(day: day) ? 1.25 : 1
        stock -= min(stock, random.count(mean: dailySales * season * campaign * weekend))
        if delivery == nil, stock <= Int(dailySales * 6) {
            let lead = fragileSupply ? random.int(8...25) : random.int(2...6)
            delivery = (day + lead, Int(dailySales * 30) + random.int(10...80))
        }
    }
}
