import ArbiterRuntime
import Testing

@Suite("StateStore: budget ledgers")
struct StateStoreBudgetTests {
    @Test("spends within the limit, refuses beyond it", arguments: StateStoreFactory.all)
    func checkAndSpend(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let day = try StoreFixtures.day("2027-03-20T12:00:00Z")
        let limit = exact("100")
        func spend(_ amount: String) throws -> (allowed: Bool, usedBefore: Exact) {
            try store.checkAndSpend(policy: "search_ads", budget: "ads", window: day, amount: exact(amount), limit: limit)
        }
        #expect(try spend("60") == (true, .zero))
        #expect(try spend("40.01") == (false, exact("60")))
        #expect(try spend("40") == (true, exact("60")))
        #expect(try spend("0.01") == (false, exact("100")))
        #expect(try spend("0") == (true, exact("100")))
        #expect(try spend("-10") == (true, exact("100")))
        #expect(try spend("10") == (true, exact("90")))
        #expect(try store.budgetUsed(policy: "search_ads", budget: "ads", window: day) == exact("100"))
        #expect(try store.budgetSpends(policy: "search_ads", budget: "ads", window: day)
                == [exact("60"), exact("40"), exact("-10"), exact("10")])
    }

    @Test("use reads right when spends alternate between budgets and windows, before and after pruning",
          arguments: StateStoreFactory.all)
    func alternatingLedgers(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let today = try StoreFixtures.day("2027-03-20T12:00:00Z")
        let tomorrow = try StoreFixtures.day("2027-03-21T12:00:00Z")
        func spend(_ budget: String, _ window: CalendarWindow, _ amount: String) throws {
            _ = try store.checkAndSpend(policy: "p", budget: budget, window: window, amount: exact(amount), limit: exact("100"))
        }
        try spend("a", today, "1")
        try spend("b", today, "2")
        try spend("a", today, "3")
        #expect(try store.budgetUsed(policy: "p", budget: "a", window: today) == exact("4"))
        try spend("a", tomorrow, "5")
        #expect(try store.budgetUsed(policy: "p", budget: "b", window: today) == exact("2"))
        #expect(try store.budgetUsed(policy: "p", budget: "a", window: today) == exact("4"))
        try store.pruneBudgets(endingBefore: today.end)
        #expect(try store.budgetUsed(policy: "p", budget: "a", window: today) == .zero)
        try spend("a", tomorrow, "6")
        #expect(try store.budgetUsed(policy: "p", budget: "a", window: tomorrow) == exact("11"))
        #expect(try store.budgetSpends(policy: "p", budget: "a", window: tomorrow) == [exact("5"), exact("6")])
    }

    @Test("windows and budgets are separate ledgers", arguments: StateStoreFactory.all)
    func separateLedgers(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let today = try StoreFixtures.day("2027-03-20T12:00:00Z")
        let tomorrow = try StoreFixtures.day("2027-03-21T12:00:00Z")
        _ = try store.checkAndSpend(policy: "p", budget: "a", window: today, amount: exact("5"), limit: exact("5"))
        #expect(try store.checkAndSpend(policy: "p", budget: "a", window: tomorrow, amount: exact("5"),
                                        limit: exact("5")).allowed)
        #expect(try store.checkAndSpend(policy: "p", budget: "b", window: today, amount: exact("5"),
                                        limit: exact("5")).allowed)
        #expect(try store.checkAndSpend(policy: "q", budget: "a", window: today, amount: exact("5"),
                                        limit: exact("5")).allowed)
        #expect(try !store.checkAndSpend(policy: "p", budget: "a", window: today, amount: exact("0.01"),
                                         limit: exact("5")).allowed)
        try store.pruneBudgets(endingBefore: today.end)
        #expect(try store.budgetUsed(policy: "p", budget: "a", window: today) == .zero)
        #expect(try store.budgetUsed(policy: "p", budget: "a", window: tomorrow) == exact("5"))
    }

    @Test("tracks sum the latest value per key", arguments: StateStoreFactory.all)
    func tracks(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let day = try StoreFixtures.day("2027-03-20T12:00:00Z")
        func track(_ key: String, _ value: String, _ at: String) throws {
            try store.track(policy: "search_ads", budget: "ads", window: day, key: key, value: exact(value), at: instant(at))
        }
        try track("brand", "120.50", "2027-03-20T08:00:00Z")
        try track("generic", "300", "2027-03-20T08:00:00Z")
        try track("brand", "180.25", "2027-03-20T10:00:00Z")
        try track("brand", "150", "2027-03-20T09:00:00Z")  // late and older: ignored
        #expect(try store.budgetUsed(policy: "search_ads", budget: "ads", window: day) == exact("480.25"))
        let spend = try store.checkAndSpend(policy: "search_ads", budget: "ads", window: day,
                                            amount: exact("20"), limit: exact("600"))
        #expect(spend == (true, exact("480.25")))
        #expect(try store.budgetUsed(policy: "search_ads", budget: "ads", window: day) == exact("500.25"))
    }

    @Test("concurrent checkAndSpend never overspends", arguments: StateStoreFactory.all)
    func concurrentSpending(factory: StateStoreFactory) async throws {
        let store = try factory.make()
        let day = try StoreFixtures.day("2027-03-20T12:00:00Z")
        let limit = exact("500")
        let results = try await withThrowingTaskGroup(of: (allowed: Bool, usedBefore: Exact).self) { group in
            for _ in 0..<200 {
                group.addTask {
                    try store.checkAndSpend(policy: "garden_pricing", budget: "markdown", window: day,
                                            amount: exact("7"), limit: limit)
                }
            }
            var collected: [(allowed: Bool, usedBefore: Exact)] = []
            for try await result in group {
                collected.append(result)
            }
            return collected
        }
        let allowed = results.filter(\.allowed)
        #expect(allowed.count == 71)
        #expect(try store.budgetUsed(policy: "garden_pricing", budget: "markdown", window: day) == exact("497"))
        // Every successful spend saw a different "used before": 0, 7, 14, …, 490.
        #expect(Set(allowed.map(\.usedBefore)).count == 71)
    }

    @Test("concurrent spends of random amounts stay within the limit", arguments: StateStoreFactory.all)
    func concurrentRandomSpending(factory: StateStoreFactory) async throws {
        let store = try factory.make()
        let day = try StoreFixtures.day("2027-03-20T12:00:00Z")
        let limit = exact("1000")
        var generator = SplitMix64(seed: 11)
        let amounts = (0..<300).map { _ in Exact(mantissa: Int64.random(in: 1...5_000, using: &generator), fractionDigits: 2) }
        let granted = try await withThrowingTaskGroup(of: Exact.self) { group in
            for amount in amounts {
                group.addTask {
                    let result = try store.checkAndSpend(policy: "p", budget: "b", window: day, amount: amount, limit: limit)
                    return result.allowed ? amount : .zero
                }
            }
            var total = Exact.zero
            for try await amount in group {
                total = try total.adding(amount)
            }
            return total
        }
        #expect(granted <= limit)
        #expect(try store.budgetUsed(policy: "p", budget: "b", window: day) == granted)
    }
}
