extension SampleHistory {
    /// search_ads: one row per campaign at the start of every hour (UTC).
    static func searchAds(_ span: SampleSpan, _ writer: SampleCSVWriter) throws(SampleHistoryError) {
        try writer.row(["at", "campaign", "bid", "spend_today", "revenue_7d", "spend_7d", "conversions_7d", "impression_share"])
        var campaigns = (0..<span.keys).map { AdCampaign(index: $0, seed: span.seed) }
        // The pool spends about 4,000 EUR on a plain winter day: the 5,000 EUR budget binds
        // on busy spring days.
        let planned = campaigns.reduce(0) { $0 + $1.profile.dailySpend }
        for index in campaigns.indices { campaigns[index].scale = 4_000 / planned }
        // A week of warm-up fills the 7-day sums.
        for day in -7..<span.days {
            for hour in 0..<24 {
                let at = SampleCSVWriter.time(span.seconds(day: day) + Int64(hour * 3_600))
                for index in campaigns.indices {
                    campaigns[index].beginHour(day: day, hour: hour)
                    if day >= 0 { try writer.row(campaigns[index].cells(at: at)) }
                    campaigns[index].spendHour(day: day, hour: hour)
                }
            }
        }
    }
}

/// What kind of campaign: its size, how well it converts, its usual bid.
private struct AdProfile {
    var name: String
    /// EUR per day before scaling.
    var dailySpend: Double
    /// Revenue per EUR spent (0: never converts).
    var roas: Double
    /// EUR per order.
    var orderValue: Double
    /// Cents.
    var bid: Int
    /// Impression share at the usual bid.
    var share: Double

    static let known = [
        AdProfile(name: "brand-exact", dailySpend: 450, roas: 11.0, orderValue: 70, bid: 45, share: 0.88),
        AdProfile(name: "generic-garden-tools", dailySpend: 900, roas: 3.4, orderValue: 60, bid: 110, share: 0.35),
        AdProfile(name: "shopping-hoses", dailySpend: 600, roas: 6.5, orderValue: 40, bid: 85, share: 0.55),
        AdProfile(name: "shopping-mowers", dailySpend: 700, roas: 7.5, orderValue: 420, bid: 235, share: 0.42),
        AdProfile(name: "competitor-terms", dailySpend: 350, roas: 1.8, orderValue: 55, bid: 140, share: 0.22),
        AdProfile(name: "longtail-gloves", dailySpend: 120, roas: 8.5, orderValue: 25, bid: 35, share: 0.70),
        AdProfile(name: "video-awareness", dailySpend: 110, roas: 0, orderValue: 50, bid: 60, share: 0.15),
        AdProfile(name: "spring-sale-broad", dailySpend: 500, roas: 4.6, orderValue: 65, bid: 95, share: 0.30),
        AdProfile(name: "shopping-planters", dailySpend: 280, roas: 2.4, orderValue: 55, bid: 70, share: 0.40),
        AdProfile(name: "dsa-catalogue", dailySpend: 400, roas: 4.2, orderValue: 50, bid: 60, share: 0.38),
        AdProfile(name: "display-remarketing", dailySpend: 300, roas: 5.0, orderValue: 60, bid: 50, share: 0.60),
        AdProfile(name: "shopping-seeds", dailySpend: 250, roas: 5.5, orderValue: 18, bid: 30, share: 0.65),
    ]

    /// The profile of campaign `index`: a known one, or a random one past them.
    static func profile(_ index: Int, random: inout SampleRandom) -> AdProfile {
        if index < known.count { return known[index] }
        return AdProfile(name: "campaign-" + SampleShape.padded(index + 1, width: 3), dailySpend: random.uniform(80...600),
                         roas: random.chance(0.1) ? 0 : random.uniform(1.2...10), orderValue: random.uniform(20...200),
                         bid: random.int(20...220), share: random.uniform(0.15...0.8))
    }
}

/// One campaign hour by hour: bid, spend today, and 7-day sums over 168 hourly slots.
private struct AdCampaign {
    private var random: SampleRandom
    let profile: AdProfile
    var scale = 1.0
    private var bid: Int
    private var spendToday = 0
    private var share: Double
    private var roasDrift = 1.0
    private var dayFactor = 1.0
    private var spend = Array(repeating: 0, count: 168)
    private var revenue = Array(repeating: 0, count: 168)
    private var conversions = Array(repeating: 0, count: 168)
    private var sums = (spend: 0, revenue: 0, conversions: 0)
    private var slot = 0

    init(index: Int, seed: UInt64) {
        random = SampleRandom(seed: seed, stream: UInt64(index) + 1)
        profile = AdProfile.profile(index, random: &random)
        bid = profile.bid
        share = profile.share
    }

    /// Midnight resets today's spend; at 09:00 a traffic manager sometimes moves the bid.
    mutating func beginHour(day: Int, hour: Int) {
        if hour == 0 {
            spendToday = 0
            dayFactor = max(0.5, 1 + 0.12 * random.normal())
            roasDrift = max(0.4, roasDrift + 0.03 * random.normal() - 0.1 * (roasDrift - 1))
        }
        if hour == 9, random.chance(0.15) {
            let relative = Double(bid) / Double(profile.bid)
            let factor = relative > 1.4 ? random.uniform(0.8...0.95) : relative < 0.7 ? random.uniform(1.05...1.25) : random.uniform(0.85...1.2)
            bid = min(280, max(5, Int((Double(bid) * factor).rounded())))
        }
        let busy = SampleShape.hourly[hour] / 0.8 - 1
        let target = profile.share + 0.3 * (Double(bid) / Double(profile.bid) - 1) - 0.06 * busy
        share = 0.7 * share + 0.3 * target + 0.02 * random.normal()
    }

    /// The row at the start of the hour.
    func cells(at time: String) -> [String] {
        [time, profile.name, SampleCSVWriter.money(bid), SampleCSVWriter.money(spendToday), SampleCSVWriter.money(sums.revenue),
         SampleCSVWriter.money(sums.spend), String(sums.conversions), SampleCSVWriter.fraction(min(0.98, max(0.02, share)))]
    }

    /// The hour's spend, conversions and revenue.
    mutating func spendHour(day: Int, hour: Int) {
        let season = 0.85 + 0.35 * SampleShape.ramp(Double(day), from: 25, to: 70)
        let launch = profile.name == "spring-sale-broad" ? 0.3 + 1.2 * SampleShape.ramp(Double(day), from: 35, to: 50) : 1
        let weekend = SampleShape.isWeekend(day: day) ? 1.1 : 1
        let hourShare = SampleShape.hourly[hour] / SampleShape.hourly.reduce(0, +)
        let bidFactor = 0.35 + 0.65 * Double(bid) / Double(profile.bid)
        let noise = max(0.1, 1 + 0.25 * random.normal())
        let euros = profile.dailySpend * scale * season * launch * weekend * dayFactor * hourShare * bidFactor * noise
        let spent = Int((euros * 100).rounded())
        let converted = random.count(mean: euros * profile.roas * roasDrift / profile.orderValue)
        let earned = Int((Double(converted) * profile.orderValue * 100 * max(0.3, 1 + 0.25 * random.normal())).rounded())
        sums.spend += spent - spend[slot]
        sums.revenue += earned - revenue[slot]
        sums.conversions += converted - conversions[slot]
        spend[slot] = spent
        revenue[slot] = earned
        conversions[slot] = converted
        slot = (slot + 1) % 168
        spendToday += spent
    }
}
