import Arbiter
import ArbiterTestSupport
import Foundation
import Testing

/// Decisions that record state, run at once, decide as one after another would
/// (`DeciderPool`): a guard that reads a window sees every change recorded before it.
@Suite struct EngineConcurrencyTests {
    static let churny = """
        policy churny {
          drives pricing
          key sku
          currency EUR
          input {
            sku: text
            price: money
            target: money
          }
          control price
          rule follow {
            when target != price
            set price = target
          }
          guard churn: changes(price, 1d) < 3 else block
        }
        """

    static func input(_ sku: String, _ index: Int) -> [String: (any Sendable)?] {
        ["sku": sku, "price": "10.00", "target": "\(11 + index).00"]
    }

    @Test("concurrent decisions for one key keep to a window guard, per key", arguments: 1...3)
    func windowGuardHoldsUnderConcurrency(round: Int) async throws {
        let engine = try Engine(sources: [(path: "churny.policy", text: Self.churny)], store: .inMemory)
        let at = Instant(secondsSinceEpoch: 1_795_000_000)
        let outcomes = try await withThrowingTaskGroup(of: (String, Outcome).self) { group in
            // Many decisions of few keys, so tasks on different threads overlap on a key.
            for index in 0..<400 {
                let sku = "SKU-\(index % 2)"
                group.addTask { (sku, try await engine.decide("churny", input: Self.input(sku, index), at: at).outcome) }
            }
            var outcomes: [String: [Outcome]] = [:]
            for try await (sku, outcome) in group { outcomes[sku, default: []].append(outcome) }
            return outcomes
        }
        // One after another: three changes apply, the fourth and later are blocked.
        for sku in ["SKU-0", "SKU-1"] {
            #expect(outcomes[sku]?.filter(\.isApplied).count == 3, "\(sku)")
            #expect(outcomes[sku]?.filter { $0 == .blocked }.count == 197)
        }
    }

    @Test func policiesReadingOtherKeysDecideOneAtATime() throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        // A budget is pooled over keys; `count` reads other keys' pins.
        #expect(try engine.policy("garden_pricing").readsOtherKeys)
        #expect(try engine.policy("category_ranking").readsOtherKeys)
        let churny = try Engine(sources: [(path: "churny.policy", text: Self.churny)], store: .inMemory)
        #expect(try churny.policy("churny").readsOtherKeys == false)
    }
}
