import Arbiter
import ArbiterTestSupport
import Foundation
import Testing

/// Properties of decisions on random inputs to the example policies (seeded, so a
/// failure reproduces): an applied or clamped decision never violates a guard, and an
/// `error` or `blocked` decision never moves a control.
@Suite struct PropertyTests {
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func money(_ range: ClosedRange<Int>) -> String {
            let cents = int(range)
            return "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
        }
        mutating func percent() -> String { "0.\(int(0...99) < 10 ? "0" : "")\(int(0...99))" }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    }

    static let engine: Engine = try! Engine(policies: Golden.repositoryRoot.appending(path: "Policies"), store: .inMemory)

    static func randomInput(_ policy: String, _ random: inout Generator) -> JSONValue {
        switch policy {
        case "garden_pricing":
            var members: [(String, JSONValue)] = [
                ("sku", .string("SKU-\(random.int(1...50))")), ("cost", .string(random.money(0...5_000))),
                // A price set outside Arbiter may carry a digit past the cent (a warning).
                ("price", .string(random.money(0...9_000) + (random.chance(10) ? "5" : ""))), ("msrp", .string(random.money(0...12_000))),
                ("stock", .number(String(random.int(0...900)))), ("sales_7d", .number(String(random.int(0...40)))),
            ]
            if random.chance(70) { members.append(("competitor_price", .string(random.money(0...9_000)))) }
            return .object(members)
        case "search_ads":
            return .object([
                ("campaign", .string("C-\(random.int(1...30))")), ("bid", .string(random.money(0...400))),
                ("spend_today", .string(random.money(0...50_000))), ("revenue_7d", .string(random.money(0...900_000))),
                ("spend_7d", .string(random.money(0...200_000))), ("conversions_7d", .number(String(random.int(0...40)))),
                ("impression_share", .number(random.percent())),
            ])
        case "storefront_autoscale":
            return .object([
                ("service", .string("svc-\(random.int(1...5))")), ("replicas", .number(String(random.int(0...60)))),
                ("cpu", .number(random.percent())), ("p95_latency", .string("\(random.int(10...2_000))ms")),
            ])
        default:
            var members: [(String, JSONValue)] = [
                ("sku", .string("SKU-\(random.int(1...50))")), ("category", .string(["tools", "seeds", "pots"][random.int(0...2)])),
                ("stock", .number(String(random.int(0...200)))), ("margin", .number(random.percent())),
                ("return_rate", .number(random.percent())),
            ]
            if random.chance(50) { members.append(("campaign", .string(random.chance(50) ? "spring" : "autumn"))) }
            return .object(members)
        }
    }

    @Test(arguments: ["garden_pricing", "search_ads", "storefront_autoscale", "category_ranking"])
    func decisionsNeverViolateGuardsNorMoveOnFailure(_ name: String) throws {
        let plan = try #require(Self.engine.policies[name])
        var random = Generator(state: 2026)
        let store = InMemoryStateStore()
        var outcomes: [Outcome: Int] = [:]
        for round in 0..<2_000 {
            let json = Self.randomInput(name, &random)
            let input = try #require(try? plan.input(from: json).get())
            // Two days of decisions, some within the same windows, recorded as they go.
            // category_ranking's spring campaign is active from 2027-03-20 to 2027-04-30.
            let start: Int64 = name == "category_ranking" ? 1_806_451_200 : 1_795_000_000
            let at = Instant(secondsSinceEpoch: start + Int64(round) * 97)
            let decision = plan.decide(input, at: at, store: store, options: DecisionOptions(dryRun: true))
            outcomes[decision.outcome, default: 0] += 1
            switch decision.outcome {
            case .applied, .clamped:
                let violated = plan.violatedGuards(of: decision, input: input, store: store)
                #expect(violated.isEmpty, "round \(round): \(decision.json.text(pretty: true)) violates \(violated)")
            case .error, .blocked, .hold:
                for control in decision.controls {
                    #expect(control.to == control.from, "round \(round): \(decision.outcome) moved \(control.name)")
                }
            case .pendingApproval:
                break
            }
            // Record about half the decisions as if applied, so the stateful guards see history.
            if decision.outcome.isApplied, round % 2 == 0 {
                _ = plan.decide(input, at: at, store: store)
            }
        }
        // The generator must reach the interesting outcomes, or the property says little.
        #expect(outcomes.count >= 3, "outcomes: \(outcomes)")
    }

    /// Lets read by guards before and after clamps, strict and `between` bounds, and
    /// block and escalate guards among them: the property must hold for any policy, not
    /// only the examples. (A let read before a clamp once kept its value and let a price
    /// above the msrp through.)
    static let interleaved = """
        policy interleaved {
          drives pricing
          key sku
          currency EUR
          input { sku: text  price: money  cost: money  msrp: money  target: money  floor_pct: percent }
          control price
          let gap = msrp - price
          let markup = (price - cost) / cost
          let floor_price = cost * (100% + floor_pct)
          rule follow { when target != price  set price = target }
          guard headroom: gap >= 0 EUR else block
          guard lowest: price >= floor_price else clamp
          guard thin: markup >= 5% else block
          guard cap: price < cost * 3 else clamp
          guard band: price between cost and msrp * 2 else clamp
          guard wide: gap <= msrp else escalate by "pricing-lead"
        }
        """

    @Test func guardsReadingLetsAroundClampsNeverLetAViolationThrough() throws {
        let engine = try Engine(sources: [(path: "interleaved.policy", text: Self.interleaved)], store: InMemoryStateStore())
        let plan = try #require(engine.policies["interleaved"])
        var random = Generator(state: 99)
        let store = InMemoryStateStore()
        var outcomes: [Outcome: Int] = [:]
        for round in 0..<3_000 {
            let cost = random.int(100...5_000)
            let json = JSONValue.object([
                ("sku", .string("SKU-\(round % 40)")), ("cost", .string(random.money(cost...cost))),
                ("price", .string(random.money(cost / 2...cost * 2))), ("msrp", .string(random.money(cost / 2...cost * 2))),
                ("target", .string(random.money(cost / 2...cost * 3))), ("floor_pct", .number(random.percent())),
            ])
            let input = try #require(try? plan.input(from: json).get())
            let decision = plan.decide(input, at: Instant(secondsSinceEpoch: 1_795_000_000 + Int64(round)), store: store,
                                       options: DecisionOptions(dryRun: true))
            outcomes[decision.outcome, default: 0] += 1
            if decision.outcome.isApplied {
                let violated = plan.violatedGuards(of: decision, input: input, store: store)
                #expect(violated.isEmpty, "round \(round): \(decision.json.text(pretty: true)) violates \(violated)")
            } else if decision.outcome != .pendingApproval {
                #expect(decision.controls.allSatisfy { $0.to == $0.from }, "round \(round): \(decision.outcome) moved a control")
            }
        }
        #expect((outcomes[.clamped] ?? 0) > 100 && (outcomes[.blocked] ?? 0) > 100 && (outcomes[.applied] ?? 0) > 100, "outcomes: \(outcomes)")
    }

    /// A `Decider` reuses its working memory: nothing of one decision may leak into the
    /// next. Its decisions must equal fresh ones, in the same order, on twin stores; and
    /// turning off `keepsUnreadState` (as a replay does) must change no decision either.
    @Test(arguments: ["garden_pricing", "search_ads", "storefront_autoscale", "category_ranking"])
    func reusedDecidersDecideAsFreshDecisions(_ name: String) throws {
        let plan = try #require(Self.engine.policies[name])
        var random = Generator(state: 7)
        let fresh = InMemoryStateStore()
        let reused = InMemoryStateStore()
        let lean = InMemoryStateStore()
        let decider = Decider(plan)
        let leanDecider = Decider(plan)
        let loaded = InMemoryStateStore()
        let loadedFresh = InMemoryStateStore()
        let loadingDecider = Decider(plan)
        var loadRandom = Generator(state: 11)
        let start: Int64 = name == "category_ranking" ? 1_806_451_200 : 1_795_000_000
        var outcomes: Set<Outcome> = []
        for round in 0..<1_500 {
            let input = try #require(try? plan.input(from: Self.randomInput(name, &random)).get())
            let at = Instant(secondsSinceEpoch: start + Int64(round) * 613)
            let options = DecisionOptions(dryRun: round % 5 == 0, explain: round % 7 == 0, approvePending: round % 11 == 0)
            let expected = plan.decide(input, at: at, store: fresh, options: options)
            let outcome = decider.decide(input, at: at, store: reused, options: options)
            #expect(outcome == expected.outcome)
            #expect(decider.decision() == expected, "round \(round)")
            var leanOptions = options
            leanOptions.keepsUnreadState = false
            leanDecider.decide(input, at: at, store: lean, options: leanOptions)
            #expect(leanDecider.decision() == expected, "round \(round), keepsUnreadState off")
            // The replay's way in: cells decoded straight into the decider's slots.
            let json = Self.randomInput(name, &loadRandom)
            let loadedInput = try #require(try? plan.input(from: json).get())
            let loadedExpected = plan.decide(loadedInput, at: at, store: loadedFresh, options: options)
            for slot in plan.inputs.indices {
                #expect(loadingDecider.loadInput(json[plan.inputs[slot].name], slot: slot) == nil)
            }
            loadingDecider.decideLoaded(at: at, store: loaded, options: options)
            #expect(loadingDecider.decision() == loadedExpected, "round \(round), loaded")
            outcomes.insert(expected.outcome)
        }
        #expect(outcomes.count >= 3, "outcomes: \(outcomes)")
    }
}
