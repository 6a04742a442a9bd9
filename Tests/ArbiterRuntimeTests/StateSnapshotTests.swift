import Arbiter
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// A state file (`arbiter eval --state`, a test's `state:`) is checked as strictly as an
/// input: what it cannot mean is an error naming the field, never a silent change of the
/// decision.
@Suite struct StateSnapshotTests {
    static let plans: [String: CompiledPolicy] = {
        let folder = Golden.repositoryRoot.appending(path: "Policies")
        var sources: [SourceFile] = []
        for name in ["garden_pricing", "search_ads", "category_ranking"] {
            let url = folder.appending(path: "\(name).policy")
            sources.append(SourceFile(path: url.path(percentEncoded: false), text: (try? String(contentsOf: url, encoding: .utf8)) ?? ""))
        }
        return (try? Engine.compile(sources)) ?? [:]
    }()

    static let now = Instant(secondsSinceEpoch: 1_795_428_000)  // 2026-11-23T10:00:00Z

    struct Refusal: CustomStringConvertible, Sendable {
        var policy: String
        var state: String
        var message: String
        var description: String { message }
    }

    static let refusals: [Refusal] = [
        Refusal(policy: "garden_pricing", state: """
            {"values": [{"key": "SKU-2", "control": "price", "value": "5.00"}]}
            """, message: "$.values[0].control: `price`'s current value is the input `price`, and no `count` reads a stored one"),
        Refusal(policy: "garden_pricing", state: """
            {"approvals": [{"id": "apr_1", "key": "A", "role": "pricing-lead", "at": "2026-11-23T09:00:00Z", "expires": "2026-11-23T08:00:00Z"}]}
            """, message: "$.approvals[0].expires: 2026-11-23T08:00:00Z is not after its `at` 2026-11-23T09:00:00Z"),
        Refusal(policy: "garden_pricing", state: """
            {"changes": [{"key": "A", "control": "price", "at": "2026-11-23T01:00:00Z", "from": "25.20", "to": "25.00"}], "changes": []}
            """, message: "$.changes: given twice"),
        Refusal(policy: "garden_pricing", state: """
            {"changes": [{"key": "A", "control": "price", "at": "2026-11-23T01:00:00Z", "from": "25.20", "to": "25.00", "from": "99"}]}
            """, message: "$.changes[0].from: given twice"),
        Refusal(policy: "garden_pricing", state: """
            {"changes": [{"key": "A", "control": "price", "at": "2026-11-23T01:00:00Z", "from": "25.20", "to": "25.00", "by": "bob"}]}
            """, message: "$.changes[0].by: unknown field; expected one of key, control, at, from, to"),
        Refusal(policy: "garden_pricing", state: """
            {"changes": [{"key": "A", "control": "price", "at": "2026-11-23T01:00:00Z", "from": "24.90", "to": "24.90"}]}
            """, message: "$.changes[0]: `from` and `to` are both \"24.90\"; a recorded change moves its control"),
        Refusal(policy: "garden_pricing", state: """
            {"changes": [{"key": "A", "control": "price", "at": "2026-11-23T11:00:00Z", "from": "25.20", "to": "25.00"}]}
            """, message: "$.changes[0].at: 2026-11-23T11:00:00Z is after the decision time 2026-11-23T10:00:00Z"),
        Refusal(policy: "garden_pricing", state: """
            {"approvals": [{"id": "apr_1", "key": "A", "role": "pricing-lead", "at": "2026-11-23T09:00:00Z", "expire": "2026-11-23T09:30:00Z"}]}
            """, message: "$.approvals[0].expire: unknown field; expected one of id, key, role, at, expires, proposed"),
        Refusal(policy: "garden_pricing", state: """
            {"approvals": [{"id": "apr_1", "key": "A", "role": "pricing-lead", "at": "2026-11-23T09:00:00Z", "proposed": "19.99"}]}
            """, message: "$.approvals[0].proposed: expected an object of control values"),
        Refusal(policy: "garden_pricing", state: """
            {"tracked": [{"budget": "markdown", "key": "A", "at": "2026-11-23T08:00:00Z", "value": "19999.00"}]}
            """, message: "$.tracked[0].budget: budget `markdown` spends its use, so its entries go under `spends`"),
        Refusal(policy: "search_ads", state: """
            {"spends": [{"budget": "ads", "at": "2026-11-23T08:00:00Z", "amount": "4999.00"}]}
            """, message: "$.spends[0].budget: budget `ads` tracks its use, so its entries go under `tracked`"),
        Refusal(policy: "garden_pricing", state: """
            {"spends": [{"budget": "markdown", "at": "2026-11-23T08:00:00Z", "amount": "0.001"}]}
            """, message: "$.spends[0].amount: 0.001 has more digits than EUR's minor unit"),
        Refusal(policy: "search_ads", state: """
            {"tracked": [{"budget": "ads", "key": "C-1", "at": "2026-11-23T11:00:00Z", "value": "4950.00"}]}
            """, message: "$.tracked[0].at: 2026-11-23T11:00:00Z is after the decision time"),
        // A misspelt control or budget gets the nearest name.
        Refusal(policy: "garden_pricing", state: """
            {"changes": [{"key": "A", "control": "prize", "at": "2026-11-23T08:00:00Z", "from": "30.00", "to": "29.00"}]}
            """, message: "$.changes[0].control: policy `garden_pricing` has no control `prize`; did you mean `price`?"),
        Refusal(policy: "garden_pricing", state: """
            {"spends": [{"budget": "markdwon", "at": "2026-11-23T08:00:00Z", "amount": "1.00"}]}
            """, message: "$.spends[0].budget: policy `garden_pricing` has no budget `markdwon`; did you mean `markdown`?"),
        // A time that reads as one but is refused says why, as an input's does.
        Refusal(policy: "garden_pricing", state: """
            {"spends": [{"budget": "markdown", "at": "2026-02-29T08:00:00Z", "amount": "1.00"}]}
            """, message: "$.spends[0].at: expected a time such as 2026-11-23T10:00:00Z, got \"2026-02-29T08:00:00Z\" (no such calendar date)"),
        // A time that is not text, or is missing, asks for a time, not for text.
        Refusal(policy: "garden_pricing", state: """
            {"changes": [{"key": "A", "control": "price", "at": 1764000000, "from": "30.00", "to": "29.00"}]}
            """, message: "$.changes[0].at: expected a time such as 2026-11-23T10:00:00Z, got 1764000000"),
        Refusal(policy: "garden_pricing", state: """
            {"spends": [{"budget": "markdown", "amount": "1.00"}]}
            """, message: "$.spends[0].at: expected a time such as 2026-11-23T10:00:00Z, got nothing"),
        Refusal(policy: "garden_pricing", state: """
            {"approvals": [{"id": "apr_1", "key": "A", "role": "pricing-lead", "at": "2026-11-23T09:00:00Z"},
                           {"id": "apr_1", "key": "B", "role": "pricing-lead", "at": "2026-11-23T09:00:00Z"}]}
            """, message: "$.approvals[1].id: "),
        Refusal(policy: "garden_pricing", state: """
            {"spends": [{"budget": "markdown", "at": "2026-11-23T08:00:00Z", "amount": "99999999999999999999.00"},
                        {"budget": "markdown", "at": "2026-11-23T09:00:00Z", "amount": "99999999999999999999.00"}]}
            """, message: "$.spends[1].amount: the spends of budget `markdown` in its window add up past the largest amount"),
        Refusal(policy: "category_ranking", state: """
            {"values": [{"key": "SKU-201", "control": "pinned", "value": true}]}
            """, message: "$.values[0].groups: `pinned` is counted by `category`; give it, such as {category: …}"),
        Refusal(policy: "category_ranking", state: """
            {"values": [{"key": "SKU-201", "control": "pinned", "value": true, "groups": {"category": "seeds"}},
                        {"key": "SKU-201", "control": "pinned", "value": false, "groups": {"category": "seeds"}}]}
            """, message: "$.values[1]: `pinned` of key `SKU-201` already has a value, at $.values[0]"),
        Refusal(policy: "category_ranking", state: """
            {"values": [{"key": "SKU-201", "control": "pinned", "value": true, "groups": {"category": "seeds", "sku": "SKU-201"}}]}
            """, message: "$.values[0].groups.sku: `pinned` is not counted by `sku`; it is counted by `category`"),
        Refusal(policy: "category_ranking", state: """
            {"values": [{"key": "SKU-201", "control": "pinned", "value": true, "groups": "seeds"}]}
            """, message: "$.values[0].groups: expected an object of input fields"),
    ]

    /// State files for policies the examples do not cover, by name.
    static let extraPlans: [String: CompiledPolicy] = {
        let source = """
            policy live_input {
              drives merchandising
              key sku
              input { sku: text  category: text  live: bool  want: bool }
              control live
              rule turn { set live = want }
              guard live_cap: count(live, by category) <= 2 else block
            }
            """
        return (try? Engine.compile([SourceFile(path: "live_input.policy", text: source)])) ?? [:]
    }()

    static let moreRefusals: [Refusal] = [
        // An input control that `count` reads needs its groups, as a stored one does.
        Refusal(policy: "live_input", state: """
            {"changes": [{"key": "B", "control": "live", "at": "2026-11-23T09:00:00Z", "from": false, "to": true}]}
            """, message: "$.changes[0]: `live` of key `B` is counted by `category`; give its current value and groups in `values`"),
        Refusal(policy: "garden_pricing", state: """
            {"approvals": [{"id": "apr_new", "key": "SKU-5", "role": "pricing-lead", "at": "2026-11-23T09:00:00Z"},
                           {"id": "apr_old", "key": "SKU-5", "role": "pricing-lead", "at": "2026-11-23T08:00:00Z"}]}
            """, message: "$.approvals[1].key: key `SKU-5` already has an approval pending at that time, at $.approvals[0]"),
        // Pending at once only in part: the later is made before the earlier expires.
        Refusal(policy: "garden_pricing", state: """
            {"approvals": [{"id": "apr_1", "key": "A", "role": "pricing-lead", "at": "2026-11-23T08:00:00Z", "expires": "2026-11-23T09:00:00Z"},
                           {"id": "apr_2", "key": "A", "role": "pricing-lead", "at": "2026-11-23T08:59:00Z"}]}
            """, message: "$.approvals[1].key: key `A` already has an approval pending at that time, at $.approvals[0]"),
    ]

    /// A request that expired before the key's next one was made is no conflict, in either
    /// order: the earlier reads as expired and the later as pending.
    @Test(arguments: [false, true])
    func anExpiredApprovalAndALaterOneForOneKeyLoad(reversed: Bool) throws {
        let plan = try #require(Self.plans["garden_pricing"])
        var entries = [
            #"{"id": "apr_1", "key": "A", "role": "pricing-lead", "at": "2026-11-23T08:00:00Z", "expires": "2026-11-23T08:15:00Z", "proposed": {"price": "65.00"}}"#,
            #"{"id": "apr_2", "key": "A", "role": "pricing-lead", "at": "2026-11-23T08:15:00Z", "proposed": {"price": "66.00"}}"#,
        ]
        if reversed { entries.reverse() }
        let store = InMemoryStateStore()
        try StateSnapshot.load(try JSONValue.parse("{\"approvals\": [" + entries.joined(separator: ", ") + "]}"), for: plan, into: store, asOf: Self.now)
        #expect(store.approval(id: "apr_1", now: Self.now)?.status == .expired)
        #expect(store.approval(id: "apr_2", now: Self.now)?.status == .pending)
    }

    /// Two changes of one control, or two tracked reports of one key, at one instant (a
    /// replay's repeated rows record them) count in the order listed: the later is latest.
    @Test func twoEntriesAtOneInstantCountInTheOrderListed() throws {
        let ads = try #require(Self.plans["search_ads"])
        let store = InMemoryStateStore()
        try StateSnapshot.load(try JSONValue.parse("""
            {"tracked": [{"budget": "ads", "key": "C-2", "at": "2026-11-23T09:00:00Z", "value": "1500.00"},
                         {"budget": "ads", "key": "C-2", "at": "2026-11-23T09:00:00+00:00", "value": "1000.00"}]}
            """), for: ads, into: store, asOf: Self.now)
        let window = try ads.budgets[0].calendar.window(containing: Self.now)
        #expect(try store.budgetUsed(policy: "search_ads", budget: "ads", window: window) == Exact(1000))
        let garden = try #require(Self.plans["garden_pricing"])
        let changes = InMemoryStateStore()
        try StateSnapshot.load(try JSONValue.parse("""
            {"changes": [{"key": "A", "control": "price", "at": "2026-11-23T05:00:00Z", "from": "30.00", "to": "24.90"},
                         {"key": "A", "control": "price", "at": "2026-11-23T05:00:00Z", "from": "24.90", "to": "22.41"}]}
            """), for: garden, into: changes, asOf: Self.now)
        let address = ControlAddress(policy: "garden_pricing", key: "A", control: "price")
        #expect(changes.changeCount(for: address, in: LookbackWindow(now: Self.now, length: DurationValue(microseconds: 86_400_000_000))) == 2)
        #expect(try changes.lastChange(for: address, asOf: Self.now)?.to == .exact(Exact(mantissa: 2241, fractionDigits: 2)))
    }

    /// Changes listed newest first load as oldest first do (and as fast: each is an append).
    @Test func changesInAnyOrderLoadTheSame() throws {
        let plan = try #require(Self.plans["garden_pricing"])
        var entries: [String] = []
        for hour in 0..<9 {
            entries.append(#"{"key": "A", "control": "price", "at": "2026-11-23T0\#(hour):00:00Z", "from": "\#(30 - hour).00", "to": "\#(29 - hour).00"}"#)
        }
        let window = LookbackWindow(now: Self.now, length: DurationValue(microseconds: 5 * 3_600_000_000))
        let address = ControlAddress(policy: "garden_pricing", key: "A", control: "price")
        var seen: [[RecordedChange]] = []
        for order in [entries, entries.reversed()] {
            let store = InMemoryStateStore()
            try StateSnapshot.load(try JSONValue.parse(#"{"changes": [\#(order.joined(separator: ","))]}"#), for: plan, into: store, asOf: Self.now)
            seen.append(store.changes(for: address, in: window))
        }
        #expect(seen[0] == seen[1])
        #expect(seen[0].map(\.to) == [.exact(Exact(23)), .exact(Exact(22)), .exact(Exact(21))])  // at 06:00, 07:00, 08:00
    }

    @Test(arguments: refusals + moreRefusals)
    func refused(_ refusal: Refusal) throws {
        let plan = try #require(Self.plans[refusal.policy] ?? Self.extraPlans[refusal.policy])
        let state = try JSONValue.parse(refusal.state)
        do {
            try StateSnapshot.load(state, for: plan, into: InMemoryStateStore(), asOf: Self.now)
            Issue.record("accepted: \(refusal.state)")
        } catch {
            #expect(error.description.hasPrefix(refusal.message), "got: \(error.description)")
        }
    }

    @Test func aValidStateLoadsAndIsRead() throws {
        let plan = try #require(Self.plans["garden_pricing"])
        let state = try JSONValue.parse("""
            {"changes": [{"key": "A", "control": "price", "at": "2026-11-23T01:00:00Z", "from": "25.20", "to": "25.00"},
                         {"key": "A", "control": "price", "at": "2026-11-23T10:00:00Z ", "from": "25.00", "to": "24.90"}],
             "spends": [{"budget": "markdown", "at": " 2026-11-23T08:00:00Z", "amount": "12.50"}],
             "approvals": [{"id": "apr_1", "key": "A", "role": "pricing-lead", "at": "2026-11-23T09:00:00Z",
                            "expires": "2026-11-24T09:00:00Z", "proposed": {"price": "19.99"}}]}
            """)
        let store = InMemoryStateStore()
        // An entry at the decision time itself is before it, as `(now − W, now]` counts it;
        // spaces around a time are ignored, as in an input.
        try StateSnapshot.load(state, for: plan, into: store, asOf: Self.now)
        let address = ControlAddress(policy: "garden_pricing", key: "A", control: "price")
        #expect(store.changeCount(for: address, in: LookbackWindow(now: Self.now, length: DurationValue(microseconds: 86_400_000_000))) == 2)
    }

    /// `expires: null`, as a JSON writer gives an absent value, is "never", as leaving it out is.
    @Test func anApprovalExpiringNullNeverExpires() throws {
        let plan = try #require(Self.plans["garden_pricing"])
        let state = try JSONValue.parse("""
            {"approvals": [{"id": "apr_1", "key": "A", "role": "pricing-lead", "at": "2026-11-23T09:00:00Z", "expires": null}]}
            """)
        let store = InMemoryStateStore()
        try StateSnapshot.load(state, for: plan, into: store, asOf: Self.now)
        #expect(store.approval(id: "apr_1", now: Self.now)?.expiresAt == .distantFuture)
    }
}
