import ArbiterRuntime
import Testing

@Suite("StateStore: change history")
struct StateStoreHistoryTests {
    typealias Fixtures = StoreFixtures

    @Test("a change exactly W ago is out of (now - W, now], one microsecond later is in",
          arguments: StateStoreFactory.all)
    func windowEdges(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let window = LookbackWindow(now: Fixtures.now, length: .days(1))
        let exactlyW = Fixtures.change("2027-03-19T12:00:00Z", from: "10", to: "11")
        let justInside = Fixtures.change("2027-03-19T12:00:00.000001Z", from: "11", to: "12")
        let atNow = Fixtures.change("2027-03-20T12:00:00Z", from: "12", to: "13")
        let future = Fixtures.change("2027-03-20T12:00:00.000001Z", from: "13", to: "14")
        for change in [exactlyW, justInside, atNow, future] {
            try store.recordChange(change, for: Fixtures.price)
        }
        #expect(try store.changes(for: Fixtures.price, in: window) == [justInside, atNow])
        #expect(try store.changeCount(for: Fixtures.price, in: window) == 2)
        #expect(window.contains(justInside.at) && !window.contains(exactlyW.at))
        #expect(try store.changeCount(for: Fixtures.otherKey, in: window) == 0)
    }

    @Test("answers stay right when look-ups alternate between keys, new keys arrive and pruning drops one",
          arguments: StateStoreFactory.all)
    func alternatingLookups(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let window = LookbackWindow(now: Fixtures.now, length: .days(1))
        let old = Fixtures.change("2027-03-18T12:00:00Z", from: "9", to: "10")
        let recent = Fixtures.change("2027-03-20T08:00:00Z", from: "10", to: "11")
        try store.recordChange(old, for: Fixtures.price)
        #expect(try store.changeCount(for: Fixtures.otherKey, in: window) == 0)
        try store.recordChange(recent, for: Fixtures.otherKey)
        #expect(try store.changeCount(for: Fixtures.price, in: window) == 0)
        #expect(try store.changeCount(for: Fixtures.otherKey, in: window) == 1)
        try store.recordChange(recent, for: Fixtures.price)
        #expect(try store.changes(for: Fixtures.price, in: LookbackWindow(now: Fixtures.now, length: .days(7))) == [old, recent])
        // New keys arrive (the table grows) between look-ups of the same key.
        for index in 4..<40 {
            try store.recordChange(recent, for: ControlAddress(policy: "garden_pricing", key: "SKU-\(index)", control: "price"))
            #expect(try store.changeCount(for: Fixtures.price, in: window) == 1)
        }
        // Pruning drops SKU-1's old change and nothing of SKU-2; a third key arrives after.
        try store.pruneChanges(before: instant("2027-03-19T00:00:00Z"))
        let third = ControlAddress(policy: "garden_pricing", key: "SKU-3", control: "price")
        try store.recordChange(recent, for: third)
        #expect(try store.changes(for: Fixtures.price, in: LookbackWindow(now: Fixtures.now, length: .days(7))) == [recent])
        #expect(try store.value(of: Fixtures.otherKey, at: instant("2027-03-20T07:00:00Z"), current: .exact(exact("11"))) == .exact(exact("10")))
        #expect(try store.changeCount(for: third, in: window) == 1)
        try store.pruneChanges(before: Fixtures.now)
        #expect(try store.changeCount(for: third, in: window) == 0)
        #expect(try store.lastChange(for: Fixtures.price, asOf: Fixtures.now) == nil)
    }

    @Test("pruning that empties most controls, then changes again, in key order and out of it",
          arguments: StateStoreFactory.all)
    func pruneMostThenChangeAgain(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let week = LookbackWindow(now: Fixtures.now, length: .days(7))
        let old = Fixtures.change("2027-03-18T12:00:00Z", from: "9", to: "10")
        let recent = Fixtures.change("2027-03-20T08:00:00Z", from: "10", to: "11")
        let keys = (0..<40).map { ControlAddress(policy: "garden_pricing", key: "SKU-\($0)", control: "price") }
        // Every fourth key has a recent change; the rest only an old one.
        for (index, key) in keys.enumerated() { try store.recordChange(index % 4 == 0 ? recent : old, for: key) }
        try store.pruneChanges(before: instant("2027-03-19T00:00:00Z"))
        for (index, key) in keys.enumerated().reversed() {
            #expect(try store.changes(for: key, in: week) == (index % 4 == 0 ? [recent] : []))
        }
        // Keys change again, in another order; pruning again keeps what is recent.
        for (index, key) in keys.enumerated() where index % 3 == 0 { try store.recordChange(recent, for: key) }
        try store.pruneChanges(before: instant("2027-03-19T00:00:00Z"))
        for (index, key) in keys.enumerated() {
            let expected = (index % 4 == 0 ? [recent] : []) + (index % 3 == 0 ? [recent] : [])
            #expect(try store.changes(for: key, in: week) == expected, "key \(index)")
            #expect(try store.value(of: key, at: instant("2027-03-20T07:00:00Z"), current: .none) == (expected.isEmpty ? .none : recent.from))
        }
        try store.pruneChanges(before: Fixtures.now)
        for key in keys { #expect(try store.changeCount(for: key, in: week) == 0) }
        try store.recordChange(recent, for: keys[5])
        #expect(try store.changes(for: keys[5], in: week) == [recent])
    }

    @Test("pruning that keeps each control's latest change, for since_change", arguments: StateStoreFactory.all)
    func pruneKeepingLatest(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let week = LookbackWindow(now: Fixtures.now, length: .days(7))
        let first = Fixtures.change("2027-03-10T12:00:00Z", from: "9", to: "10")
        let second = Fixtures.change("2027-03-11T12:00:00Z", from: "10", to: "11")
        let key = ControlAddress(policy: "garden_pricing", key: "SKU-1", control: "price")
        try store.recordChange(first, for: key)
        try store.recordChange(second, for: key)
        try store.pruneChanges(before: Fixtures.now, keepingLatest: true)
        #expect(try store.lastChange(for: key, asOf: Fixtures.now) == second)
        #expect(try store.changeCount(for: key, in: week) == 0)
        try store.pruneChanges(before: Fixtures.now)
        #expect(try store.lastChange(for: key, asOf: Fixtures.now) == nil)
    }

    @Test("late changes are kept in time order", arguments: StateStoreFactory.all)
    func outOfOrder(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let first = Fixtures.change("2027-03-20T08:00:00Z", from: "10", to: "11")
        let second = Fixtures.change("2027-03-20T09:00:00Z", from: "11", to: "12")
        let sameInstant = Fixtures.change("2027-03-20T09:00:00Z", from: "12", to: "13")
        let third = Fixtures.change("2027-03-20T10:00:00Z", from: "13", to: "14")
        for change in [third, first, second, sameInstant] {
            try store.recordChange(change, for: Fixtures.price)
        }
        let window = LookbackWindow(now: Fixtures.now, length: .days(1))
        #expect(try store.changes(for: Fixtures.price, in: window) == [first, second, sameInstant, third])
    }

    @Test("the last change at or before now, for since_change", arguments: StateStoreFactory.all)
    func lastChange(factory: StateStoreFactory) throws {
        let store = try factory.make()
        #expect(try store.lastChange(for: Fixtures.price, asOf: Fixtures.now) == nil)
        let morning = Fixtures.change("2027-03-20T08:00:00Z", from: "10", to: "11")
        let noon = Fixtures.change("2027-03-20T12:00:00Z", from: "11", to: "12")
        let evening = Fixtures.change("2027-03-20T18:00:00Z", from: "12", to: "13")
        for change in [morning, noon, evening] {
            try store.recordChange(change, for: Fixtures.price)
        }
        #expect(try store.lastChange(for: Fixtures.price, asOf: Fixtures.now) == noon)
        #expect(try store.lastChange(for: Fixtures.price, asOf: instant("2027-03-20T11:59:59Z")) == morning)
        #expect(try store.lastChange(for: Fixtures.price, asOf: instant("2027-03-20T07:00:00Z")) == nil)
    }

    @Test("the value held at a past instant", arguments: StateStoreFactory.all)
    func valueAtInstant(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.recordChange(Fixtures.change("2027-03-20T08:00:00Z", from: "10", to: "11"), for: Fixtures.price)
        try store.recordChange(Fixtures.change("2027-03-20T10:00:00Z", from: "11", to: "12"), for: Fixtures.price)
        let current = RuntimeValue.exact(exact("12"))
        let rows: [(String, String)] = [
            ("2027-03-20T07:00:00Z", "10"),
            ("2027-03-20T08:00:00Z", "11"),
            ("2027-03-20T09:59:59.999999Z", "11"),
            ("2027-03-20T10:00:00Z", "12"),
            ("2027-03-20T11:00:00Z", "12"),
        ]
        for (at, expected) in rows {
            #expect(try store.value(of: Fixtures.price, at: instant(at), current: current) == .exact(exact(expected)))
        }
        #expect(try store.value(of: Fixtures.otherKey, at: Fixtures.now, current: .int(3)) == .int(3))
    }

    @Test("increases and decreases summed over a window", arguments: StateStoreFactory.all)
    func movement(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let changes = [
            Fixtures.change("2027-03-19T11:00:00Z", from: "1", to: "100"),
            Fixtures.change("2027-03-20T08:00:00Z", from: "10", to: "11.5"),
            Fixtures.change("2027-03-20T09:00:00Z", from: "11.5", to: "9"),
            Fixtures.change("2027-03-20T10:00:00Z", from: "9", to: "9.25"),
        ]
        for change in changes {
            try store.recordChange(change, for: Fixtures.price)
        }
        try store.recordChange(RecordedChange(at: instant("2027-03-20T11:00:00Z"), from: .int(2), to: .int(6)),
                               for: Fixtures.price)
        try store.recordChange(RecordedChange(at: instant("2027-03-20T11:30:00Z"), from: .text("a"), to: .text("b")),
                               for: Fixtures.price)
        let movement = try store.movement(for: Fixtures.price, in: LookbackWindow(now: Fixtures.now, length: .days(1)))
        #expect(movement.increase == exact("5.75"))
        #expect(movement.decrease == exact("2.5"))
        #expect(try movement.net() == exact("3.25"))
    }

    @Test("pruning forgets old changes only", arguments: StateStoreFactory.all)
    func pruning(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.recordChange(Fixtures.change("2027-03-01T00:00:00Z", from: "1", to: "2"), for: Fixtures.price)
        try store.recordChange(Fixtures.change("2027-03-20T00:00:00Z", from: "2", to: "3"), for: Fixtures.price)
        try store.recordChange(Fixtures.change("2027-03-02T00:00:00Z", from: "5", to: "6"), for: Fixtures.otherKey)
        try store.pruneChanges(before: instant("2027-03-10"))
        let all = LookbackWindow(now: Fixtures.now, length: .weeks(52))
        #expect(try store.changeCount(for: Fixtures.price, in: all) == 1)
        #expect(try store.changeCount(for: Fixtures.otherKey, in: all) == 0)
    }

    @Test("a key is found however it is written, among many keys, after pruning",
          arguments: StateStoreFactory.all)
    func keysFoundAmongMany(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let window = LookbackWindow(now: Fixtures.now, length: .days(1))
        let recent = Fixtures.change("2027-03-20T08:00:00Z", from: "10", to: "11")
        func address(_ key: String) -> ControlAddress { ControlAddress(policy: "garden_pricing", key: key, control: "price") }
        // Thousands of keys (the store's indexes grow several times), then every one is
        // found and a key never recorded is not.
        for index in 0..<5_000 { try store.recordChange(recent, for: address("SKU-\(index)")) }
        for index in stride(from: 0, to: 5_000, by: 7) { #expect(try store.changeCount(for: address("SKU-\(index)"), in: window) == 1) }
        #expect(try store.changeCount(for: address("SKU-5000"), in: window) == 0)
        // Equal texts with other bytes: composed and decomposed `é`, `K` and the Kelvin sign.
        try store.recordChange(recent, for: address("CAF\u{C9}"))
        try store.recordChange(recent, for: address("\u{212A}ILN"))
        #expect(try store.changeCount(for: address("CAFE\u{301}"), in: window) == 1)
        #expect(try store.changeCount(for: address("KILN"), in: window) == 1)
        #expect(try store.changeCount(for: address("SKU-42"), in: window) == 1)
        // Pruned and compacted: what is left is still found.
        try store.pruneChanges(before: Fixtures.now)
        try store.recordChange(Fixtures.change("2027-03-20T12:00:00Z", from: "11", to: "12"), for: address("KILN"))
        #expect(try store.changeCount(for: address("SKU-42"), in: window) == 0)
        #expect(try store.changeCount(for: address("\u{212A}ILN"), in: window) == 1)
    }
}
