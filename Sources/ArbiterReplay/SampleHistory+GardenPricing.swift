extension SampleHistory {
    /// garden_pricing: one row per sku each morning (06:00 UTC, skus spread over the hour).
    static func gardenPricing(_ span: SampleSpan, _ writer: SampleCSVWriter) throws(SampleHistoryError) {
        try writer.row(["at", "sku", "cost", "price", "msrp", "competitor_price", "stock", "sales_7d"])
        var skus = (0..<span.keys).map { GardenSku(index: $0, seed: span.seed) }
        // Two weeks of warm-up give every sku a sales history and settled stock.
        for day in -14..<span.days {
            let morning = span.seconds(day: day) + 6 * 3_600
            for index in skus.indices {
                skus[index].beginDay(day)
                if day >= 0 {
                    let at = SampleCSVWriter.time(morning + Int64(index * 3_600 / span.keys))
                    try writer.row(skus[index].cells(at: at))
                }
                skus[index].endDay(day)
            }
        }
    }
}

/// A kind of garden tool: its costs, margins, demand and how seasonal it is.
private struct GardenCategory {
    var prefix: String
    var cost: ClosedRange<Int>
    var markup: ClosedRange<Double>
    var dailySales: Double
    var elasticity: Int
    var season: Double
    var weight: Double

    static let all = [
        GardenCategory(prefix: "HOSE", cost: 800...3_500, markup: 1.9...2.4, dailySales: 3.0, elasticity: 2, season: 1.0, weight: 12),
        GardenCategory(prefix: "SHEAR", cost: 600...2_500, markup: 2.0...2.6, dailySales: 2.5, elasticity: 2, season: 0.8, weight: 12),
        GardenCategory(prefix: "RAKE", cost: 700...2_200, markup: 1.8...2.3, dailySales: 1.5, elasticity: 1, season: 0.9, weight: 9),
        GardenCategory(prefix: "SPADE", cost: 1_200...3_500, markup: 1.8...2.2, dailySales: 1.2, elasticity: 1, season: 0.7, weight: 9),
        GardenCategory(prefix: "GLOVE", cost: 250...900, markup: 2.2...3.0, dailySales: 5.0, elasticity: 2, season: 0.4, weight: 10),
        GardenCategory(prefix: "SEED", cost: 80...300, markup: 2.5...3.5, dailySales: 9.0, elasticity: 1, season: 1.5, weight: 14),
        GardenCategory(prefix: "PLANT", cost: 900...6_000, markup: 1.9...2.5, dailySales: 0.6, elasticity: 2, season: 0.6, weight: 10),
        GardenCategory(prefix: "SPRK", cost: 1_000...4_500, markup: 1.9...2.4, dailySales: 1.5, elasticity: 3, season: 1.4, weight: 10),
        GardenCategory(prefix: "MOWER", cost: 15_000...72_000, markup: 1.5...1.9, dailySales: 0.3, elasticity: 3, season: 1.3, weight: 5),
        GardenCategory(prefix: "WBAR", cost: 3_500...9_000, markup: 1.7...2.1, dailySales: 0.4, elasticity: 2, season: 0.8, weight: 6),
    ]
}

/// One sku's simulated life: its prices, its competitor, its stock and sales.
private struct GardenSku {
    private var random: SampleRandom
    private let category: GardenCategory
    private let sku: String
    private let cost: Int
    private let msrp: Int
    private var price: Int
    private let tenCents: Bool
    private let baseSales: Double
    private let hasCompetitor: Bool
    private var competitorRatio: Double
    private var competitorPrice: Int?
    private var promotionDays = 0
    private var promotionDepth = 1.0
    private var priceWarDays = 0
    private var missingDays = 0
    private var stock: Int
    private let reorderPoint: Int
    private let orderQuantity: Int
    private var delivery: (day: Int, quantity: Int)?
    private var sales: [Int] = Array(repeating: 0, count: 7)

    init(index: Int, seed: UInt64) {
        random = SampleRandom(seed: seed, stream: UInt64(index) + 1)
        category = random.pick(GardenCategory.all.map { ($0, weight: $0.weight) })
        sku = category.prefix + "-" + SampleShape.padded(index + 1, width: 4)
        cost = random.int(category.cost)
        tenCents = random.chance(0.4)
        msrp = SampleShape.charm(Int(Double(cost) * random.uniform(category.markup)), tenCents: tenCents)
        price = 0
        let popularity = 0.25 + 2 * random.unit() * random.unit()
        let overstocked = random.chance(category.prefix == "PLANT" || category.prefix == "SEED" ? 0.2 : 0.04)
        baseSales = category.dailySales * popularity * (overstocked ? 0.12 : 1)
        stock = overstocked ? random.int(650...1_400) : Int(baseSales * random.uniform(12...60)) + random.int(3...20)
        reorderPoint = max(8, Int(baseSales * 10))
        orderQuantity = max(40, Int(baseSales * 40)) + random.int(0...60)
        hasCompetitor = random.chance(0.8)
        competitorRatio = random.uniform(0.9...1.1)
        price = clamped(Double(msrp) * random.uniform(0.84...1.0))
    }

    /// The market's usual price for this sku.
    private var reference: Double { Double(msrp) * 0.93 }
    private var floor: Int { cost * 115 / 100 }

    /// A price with an attractive ending, between the floor and the msrp.
    private func clamped(_ cents: Double) -> Int {
        min(msrp, max(floor, SampleShape.charm(Int(cents), tenCents: tenCents)))
    }

    /// The morning: deliveries arrive, the competitor moves, the price is revised.
    mutating func beginDay(_ day: Int) {
        if let delivery, delivery.day <= day {
            stock += delivery.quantity
            self.delivery = nil
        }
        if hasCompetitor { moveCompetitor() }
        let undercut = competitorPrice.map { $0 < price } ?? false
        if priceWarDays > 0, undercut, random.chance(0.5), let competitorPrice {
            price = max(floor, competitorPrice - random.int(1...40))
        } else if priceWarDays == 0, Double(price) < reference * 0.98, random.chance(0.12) {
            price = clamped(Double(price) * 1.04)
        } else if stock > 600, sales.reduce(0, +) < 10, random.chance(0.04) {
            price = clamped(Double(price) * 0.9)
        } else if random.chance(0.03) {
            price = clamped(Double(price) * random.uniform(0.94...1.06))
        }
    }

    private mutating func moveCompetitor() {
        competitorRatio += 0.008 * random.normal() - 0.05 * (competitorRatio - 1)
        if promotionDays > 0 {
            promotionDays -= 1
        } else if random.chance(0.015) {
            promotionDays = random.int(3...10)
            promotionDepth = random.uniform(0.75...0.9)
        }
        if priceWarDays > 0 {
            priceWarDays -= 1
        } else if random.chance(0.004) {
            priceWarDays = random.int(10...25)
        }
        if missingDays > 0 {
            missingDays -= 1
        } else if random.chance(0.01) {
            missingDays = random.int(2...6)
        }
        var target = reference * competitorRatio * (promotionDays > 0 ? promotionDepth : 1)
        if priceWarDays > 0 { target = Double(price) * random.uniform(0.95...0.99) }
        let scraped = missingDays == 0 && !random.chance(0.05)
        competitorPrice = scraped ? max(SampleShape.charm(Int(target), tenCents: !tenCents), cost) : nil
    }

    /// The row shown this morning.
    func cells(at time: String) -> [String] {
        [time, sku, SampleCSVWriter.money(cost), SampleCSVWriter.money(price), SampleCSVWriter.money(msrp),
         competitorPrice.map(SampleCSVWriter.money) ?? "", String(stock), String(sales.reduce(0, +))]
    }

    /// The day's sales, and a reorder when stock runs low.
    mutating func endDay(_ day: Int) {
        let season = 1 + category.season * (SampleShape.ramp(Double(day), from: 20, to: 70) - 0.35)
        let weekend = SampleShape.isWeekend(day: day) ? 1.3 : 1
        let ratio = reference / Double(price)
        var elasticity = 1.0
        for _ in 0..<category.elasticity { elasticity *= ratio }
        let cheaperElsewhere = competitorPrice.map { Double($0) < Double(price) * 0.97 } ?? false
        let mean = baseSales * season * weekend * elasticity * (cheaperElsewhere ? 0.8 : 1)
        let sold = min(stock, random.count(mean: mean))
        stock -= sold
        sales[(day % 7 + 7) % 7] = sold
        if delivery == nil, stock <= reorderPoint {
            let lead = random.chance(0.1) ? random.int(10...20) : random.int(3...9)
            delivery = (day + lead, Int(Double(orderQuantity) * max(1, season)))
        }
    }
}
