extension SampleHistory {
    /// storefront_autoscale: one row per service every 5 minutes.
    static func storefrontAutoscale(_ span: SampleSpan, _ writer: SampleCSVWriter) throws(SampleHistoryError) {
        try writer.row(["at", "service", "replicas", "cpu", "p95_latency"])
        // The spring campaign's launch morning brings a flash crowd (or mid-history, if shorter).
        let spikeDay = span.days > 47 ? 47 : span.days / 2
        // A slow deploy raises latency at the same load one afternoon.
        let regressionDay = span.days > 63 ? 63 : -100
        var services = (0..<span.keys).map { ServiceLoad(index: $0, seed: span.seed) }
        for day in -1..<span.days {
            for step in 0..<288 {
                let minute = step * 5
                let at = SampleCSVWriter.time(span.seconds(day: day) + Int64(minute * 60))
                for index in services.indices {
                    let spike = day == spikeDay ? ServiceLoad.spike(minute: minute) : 1
                    let regression = index == 0 && day == regressionDay && (840..<930).contains(minute)
                    let cells = services[index].step(day: day, minute: minute, spike: spike, regression: regression, at: at)
                    if day >= 0 { try writer.row(cells) }
                }
            }
        }
    }
}

/// One service: the load it sees, and the replicas its existing autoscaler runs.
private struct ServiceLoad {
    private var random: SampleRandom
    private let name: String
    /// Replicas' worth of work at the evening peak of a plain winter day.
    private let peak: Double
    private var replicas: Int
    private var noise = 0.0
    /// The demand of the last two steps: the old autoscaler sees metrics 10 minutes late.
    private var lagged: [Double] = [0, 0]
    private var sinceScaleDown = 0

    private static let known: [(String, Double)] = [
        ("storefront-web", 14), ("checkout-api", 6), ("search-api", 9), ("catalog-api", 8), ("image-proxy", 5),
    ]

    init(index: Int, seed: UInt64) {
        random = SampleRandom(seed: seed, stream: UInt64(index) + 1)
        if index < Self.known.count {
            (name, peak) = Self.known[index]
        } else {
            name = "service-" + SampleShape.padded(index + 1, width: 2)
            peak = random.uniform(3...12)
        }
        replicas = max(3, Int(peak / 2))
    }

    /// The flash crowd's multiplier: up from 10:00 to 10:20, held to 11:30, gone by 13:00.
    static func spike(minute: Int) -> Double {
        let height = 2.2
        switch minute {
        case 600..<620: return 1 + height * Double(minute - 600) / 20
        case 620..<690: return 1 + height
        case 690..<780: return 1 + height * Double(780 - minute) / 90
        default: return 1
        }
    }

    /// Five minutes: the load moves, the old autoscaler reacts, cpu and latency follow.
    mutating func step(day: Int, minute: Int, spike: Double, regression: Bool, at time: String) -> [String] {
        noise = 0.9 * noise + 0.04 * random.normal()
        let curve = 0.2 + 0.8 * SampleShape.daily(minute: minute) / 1.55
        let weekend = SampleShape.isWeekend(day: day) ? 1.15 : 1
        let growth = 1 + 0.45 * SampleShape.ramp(Double(day), from: 20, to: 80)
        let demand = max(0.2, peak * curve * weekend * growth * spike * (1 + noise))
        let seen = lagged[0]
        lagged = [lagged[1], demand]
        let desired = Int((seen / 0.65).rounded(.up))
        sinceScaleDown += 1
        if desired > replicas {
            replicas += min(desired - replicas, max(2, replicas / 2))
        } else if desired < replicas - 1, sinceScaleDown >= 3 {
            replicas -= 1
            sinceScaleDown = 0
        }
        replicas = min(48, max(3, replicas))
        let cpu = min(0.99, max(0.03, demand / Double(replicas) + 0.015 * random.normal()))
        var latency = 70 / (1 - min(cpu, 0.96)) * max(0.6, 1 + 0.08 * random.normal())
        if regression { latency += 650 + 80 * random.normal() }
        if random.chance(0.003) { latency += random.uniform(250...700) }
        let milliseconds = max(20, Int(latency.rounded()))
        return [time, name, String(replicas), SampleCSVWriter.fraction(cpu), SampleCSVWriter.milliseconds(milliseconds)]
    }
}
