import ArbiterRuntime
import Testing

@Suite("StateStore: current values and counts")
struct StateStoreControlTests {
    static func pinned(_ sku: String) -> ControlAddress {
        ControlAddress(policy: "category_ranking", key: sku, control: "pinned")
    }

    @Test("counts keys holding true per group", arguments: StateStoreFactory.all)
    func countsPinned(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let rows: [(String, Bool, String)] = [
            ("SKU-1", true, "garden"), ("SKU-2", true, "garden"), ("SKU-3", false, "garden"),
            ("SKU-4", true, "kitchen"),
        ]
        for (sku, value, category) in rows {
            try store.setCurrentValue(.bool(value), default: .bool(false),
                                      groups: ["category": .text(category)], for: Self.pinned(sku))
        }
        func count(_ category: String) throws -> Int {
            try store.countActive(policy: "category_ranking", control: "pinned",
                                  groupField: "category", groupValue: .text(category), excluding: nil)
        }
        #expect(try count("garden") == 2)
        #expect(try count("kitchen") == 1)
        #expect(try count("toys") == 0)

        // Unpinning, moving category and pinning again keep the counts right.
        try store.setCurrentValue(.bool(false), default: .bool(false),
                                  groups: ["category": .text("garden")], for: Self.pinned("SKU-1"))
        try store.setCurrentValue(.bool(true), default: .bool(false),
                                  groups: ["category": .text("garden")], for: Self.pinned("SKU-4"))
        try store.setCurrentValue(.bool(true), default: .bool(false),
                                  groups: ["category": .text("garden")], for: Self.pinned("SKU-4"))
        #expect(try count("garden") == 2)
        #expect(try count("kitchen") == 0)
        #expect(try store.currentValue(for: Self.pinned("SKU-1")) == .bool(false))
        #expect(try store.currentValue(for: Self.pinned("SKU-9")) == nil)
    }

    @Test("non-default numeric values count; defaults and none do not", arguments: StateStoreFactory.all)
    func countsNonDefault(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let boost = { (sku: String) in ControlAddress(policy: "category_ranking", key: sku, control: "boost") }
        let groups: [String: RuntimeValue] = ["category": .text("garden"), "brand": .text("acme")]
        try store.setCurrentValue(.exact(exact("1.5")), default: .exact(.one), groups: groups, for: boost("A"))
        try store.setCurrentValue(.exact(exact("1.0")), default: .exact(.one), groups: groups, for: boost("B"))
        try store.setCurrentValue(.none, default: .exact(.one), groups: groups, for: boost("C"))
        try store.setCurrentValue(.exact(.zero), default: .exact(.one), groups: groups, for: boost("D"))
        #expect(try store.countActive(policy: "category_ranking", control: "boost",
                                      groupField: "category", groupValue: .text("garden"), excluding: nil) == 2)
        #expect(try store.countActive(policy: "category_ranking", control: "boost",
                                      groupField: "brand", groupValue: .text("acme"), excluding: nil) == 2)
        #expect(try store.countActive(policy: "other_policy", control: "boost",
                                      groupField: "brand", groupValue: .text("acme"), excluding: nil) == 0)
    }

    @Test("a left-out key is not counted in its group, and changes nothing in another", arguments: StateStoreFactory.all)
    func countsExcludingAKey(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let boost = { (sku: String) in ControlAddress(policy: "category_ranking", key: sku, control: "boost") }
        try store.setCurrentValue(.exact(exact("2")), default: .exact(.one), groups: ["category": .text("x")], for: boost("K1"))
        try store.setCurrentValue(.exact(exact("2")), default: .exact(.one), groups: ["category": .text("y")], for: boost("A"))
        try store.setCurrentValue(.exact(.one), default: .exact(.one), groups: ["category": .text("x")], for: boost("B"))
        func count(_ category: String, excluding key: String?) throws -> Int {
            try store.countActive(policy: "category_ranking", control: "boost",
                                  groupField: "category", groupValue: .text(category), excluding: key)
        }
        #expect(try count("x", excluding: nil) == 1)
        #expect(try count("x", excluding: "K1") == 0)
        // A is active, but in group y: leaving it out of group x takes nothing away.
        #expect(try count("x", excluding: "A") == 1)
        #expect(try count("y", excluding: "A") == 0)
        // B holds the default, so it was never counted.
        #expect(try count("x", excluding: "B") == 1)
        #expect(try count("x", excluding: "nobody") == 1)
    }
}
