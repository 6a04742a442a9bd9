import Arbiter
import ArbiterTestSupport
import Foundation
import Testing

/// Approvals end to end: a pending decision, then a person approves, rejects, or a newer
/// decision makes the request stale (docs/semantics.md §9).
@Suite struct ApprovalFlowTests {
    static let at = Instant(secondsSinceEpoch: 1_806_451_200) // 2027-03-31T00:00:00Z, spring campaign active

    static func pinned(_ sku: String, category: String = "tools") -> [String: (any Sendable)?] {
        ["sku": sku, "category": category, "stock": 80, "margin": "0.30", "campaign": "spring", "return_rate": "0.05"]
    }

    @Test func approvingRecordsTheValuesSoCountSeesThem() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        var ids: [String] = []
        for index in 1...3 {
            let decision = try await engine.decide("category_ranking", input: Self.pinned("SKU-\(index)"), at: Self.at)
            #expect(decision.outcome == .pendingApproval)
            #expect(decision.approval?.role == "e-merchandiser")
            ids.append(try #require(decision.approval?.id))
        }
        #expect(try engine.approvals(status: .pending, at: Self.at).count == 3)
        for id in ids { try engine.approve("category_ranking", approval: id, by: "ana", at: Self.at.adding(.hours(1))) }
        // Three pinned in `tools`: a fourth pin breaks the cap of 3 and is blocked.
        let fourth = try await engine.decide("category_ranking", input: Self.pinned("SKU-4"), at: Self.at.adding(.hours(2)))
        #expect(fourth.outcome == .blocked)
        #expect(fourth.guards.first?.guardName == "pin_cap")
        // Another category is not affected.
        let other = try await engine.decide("category_ranking", input: Self.pinned("SKU-5", category: "seeds"), at: Self.at.adding(.hours(2)))
        #expect(other.outcome == .pendingApproval)
    }

    @Test func aFiledRequestNamesItsValues() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let pinned = try await engine.decide("category_ranking", input: Self.pinned("SKU-1"), at: Self.at)
        let rankingID = try #require(pinned.approval?.id)
        let ranking = try #require(try engine.store.approval(id: rankingID, now: Self.at))
        #expect(ranking.proposed == ["boost": .exact(Exact(1)), "pinned": .bool(true)])
        #expect(ranking.recording == ApprovalRecording(current: ["boost": .exact(Exact(1)), "pinned": .bool(false)],
                                                       groups: ["category": .text("tools")], spends: [:]))
        let input: [String: (any Sendable)?] = ["sku": "SKU-9", "cost": "900.00", "price": "1100.00", "msrp": "1200.00",
                                                 "competitor_price": "1090.00", "stock": 40, "sales_7d": 3]
        let priced = try await engine.decide("garden_pricing", input: input, at: Self.at)
        let pricingID = try #require(priced.approval?.id)
        let pricing = try #require(try engine.store.approval(id: pricingID, now: Self.at))
        #expect(pricing.proposed == ["price": .exact(try Exact(parsing: "1089.99"))])
        // markdown spends max(1100 - 1089.99, 0) * 3 / 7.
        #expect(pricing.recording == ApprovalRecording(current: ["price": .exact(Exact(1100))], groups: [:],
                                                       spends: ["markdown": try Exact(parsing: "4.29")]))
        // A request made of dictionaries reads back as given, and compares by its values.
        var request = ApprovalRequest(id: pricing.id, policy: pricing.policy, key: pricing.key, role: pricing.role, proposed: pricing.proposed,
                                      createdAt: pricing.createdAt, expiresAt: pricing.expiresAt, recording: pricing.recording)
        #expect(ApprovalRecord(request: request) == pricing)
        request.recording.groups["region"] = RuntimeValue.none
        #expect(request.recording.groups == ["region": RuntimeValue.none])
        #expect(ApprovalRecord(request: request) != pricing)
    }

    @Test func approvingRecordsAChangeThatWindowsCount() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let input: [String: (any Sendable)?] = ["sku": "SKU-9", "cost": "900.00", "price": "1100.00", "msrp": "1200.00",
                                                 "competitor_price": "1090.00", "stock": 40, "sales_7d": 3]
        let pending = try await engine.decide("garden_pricing", input: input, at: Self.at)
        #expect(pending.outcome == .pendingApproval) // a price above 1000 EUR waits for the pricing lead
        // The decision names the value approving records (undercut: 1090.00 − 0.01), as
        // its `to` stays the current value until then.
        #expect(pending.approval?.values == [AwaitedValue(name: "price", value: .money("1089.99"))])
        #expect(pending.finalValue(of: pending.controls[0]) == .money("1089.99"))
        #expect(pending.controls[0].to == .money("1100.00"))
        let id = try #require(pending.approval?.id)
        let record = try engine.approve("garden_pricing", approval: id, by: "lead", at: Self.at.adding(.minutes(30)))
        #expect(record.status == .approved)
        // The churn guard now counts the approved change in its window.
        let plan = try engine.policy("garden_pricing")
        let changes = try engine.store.changeCount(for: ControlAddress(policy: "garden_pricing", key: "SKU-9", control: "price"),
                                                   in: LookbackWindow(now: Self.at.adding(.hours(1)), length: .days(1)))
        #expect(changes == 1)
        #expect(plan.name == "garden_pricing")
    }

    @Test func rejectingOrExpiringRecordsNothing() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let first = try await engine.decide("category_ranking", input: Self.pinned("SKU-1"), at: Self.at)
        try engine.reject("category_ranking", approval: try #require(first.approval?.id), by: "ana", at: Self.at.adding(.hours(1)))
        let second = try await engine.decide("category_ranking", input: Self.pinned("SKU-2"), at: Self.at)
        // `expires 48h`: approving after that fails and records nothing.
        let secondID = try #require(second.approval?.id)
        let late = try Self.at.adding(.hours(49))
        #expect(storeError { () throws(EngineError) in try engine.approve("category_ranking", approval: secondID, by: "ana", at: late) }
                == .approvalExpired(id: secondID))
        #expect(try engine.approvals(status: .expired, at: Self.at.adding(.hours(49))).count == 1)
        #expect(try engine.approvals(status: .rejected, at: Self.at.adding(.hours(49))).count == 1)
        let count = try engine.store.countActive(policy: "category_ranking", control: "pinned", groupField: "category", groupValue: .text("tools"), excluding: nil)
        #expect(count == 0)
    }

    @Test func aNewerDecisionThatAsksNobodySupersedesThePendingRequest() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let pending = try await engine.decide("category_ranking", input: Self.pinned("SKU-1"), at: Self.at)
        let id = try #require(pending.approval?.id)
        var noCampaign = Self.pinned("SKU-1")
        noCampaign["campaign"] = nil
        let newer = try await engine.decide("category_ranking", input: noCampaign, at: Self.at.adding(.minutes(5)))
        #expect(newer.outcome != .pendingApproval)
        let record = try #require(try engine.store.approval(id: id, now: Self.at.adding(.minutes(6))))
        #expect(record.status == .superseded)
        let later = try Self.at.adding(.minutes(7))
        #expect(storeError { () throws(EngineError) in try engine.approve("category_ranking", approval: id, by: "ana", at: later) }
                == .approvalNotPending(id: id, status: .superseded))
    }
}

@Suite struct ApprovalOwnershipTests {
    @Test func anotherPolicysApprovalIsRefusedAndStaysPending() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let pinned = try await engine.decide("category_ranking", input: ApprovalFlowTests.pinned("SKU-1"), at: ApprovalFlowTests.at)
        let id = try #require(pinned.approval?.id)
        let at = ApprovalFlowTests.at
        #expect(storeError { () throws(EngineError) in try engine.approve("garden_pricing", approval: id, by: "ana", at: at) }
                == .approvalOfAnotherPolicy(id: id, policy: "category_ranking"))
        #expect(storeError { () throws(EngineError) in try engine.reject("garden_pricing", approval: id, by: "ana", at: at) }
                == .approvalOfAnotherPolicy(id: id, policy: "category_ranking"))
        #expect(storeError { () throws(EngineError) in try engine.approve("garden_pricing", approval: "apr_0000000000000000", by: "ana", at: at) }
                == .approvalNotFound(id: "apr_0000000000000000"))
        #expect(try engine.approvals(status: .pending, at: ApprovalFlowTests.at).map(\.id) == [id])
        #expect(try engine.approve("category_ranking", approval: id, by: "ana", at: ApprovalFlowTests.at).status == .approved)
    }
}

@Suite struct ApprovalGrantTests {
    /// A grant whose spend would take the budget's use past the number range is refused
    /// before anything is recorded: the request stays pending.
    @Test func aSpendPastTheRangeLeavesTheRequestPending() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let at = ApprovalFlowTests.at
        let input: [String: (any Sendable)?] = ["sku": "SKU-9", "cost": "900.00", "price": "1100.00", "msrp": "1200.00",
                                                 "competitor_price": "1090.00", "stock": 40, "sales_7d": 3]
        let priced = try await engine.decide("garden_pricing", input: input, at: at)
        let id = try #require(priced.approval?.id)
        let plan = try engine.policy("garden_pricing")
        let window = try plan.budgets[0].calendar.window(containing: at)
        _ = try engine.store.checkAndSpend(policy: "garden_pricing", budget: "markdown", window: window,
                                           amount: Exact(units: .max - 1), limit: .greatest)
        #expect(storeError { () throws(EngineError) in try engine.approve("garden_pricing", approval: id, by: "ana", at: at) }
                == .arithmetic(.overflow(.addition)))
        #expect(try engine.approvals(status: .pending, at: at).map(\.id) == [id])
        let address = ControlAddress(policy: "garden_pricing", key: "SKU-9", control: "price")
        #expect(try engine.store.lastChange(for: address, asOf: at) == nil)
    }
}

@Suite struct ApprovalRetryTests {
    /// A retry finds its request pending and files nothing new; finding it settled, it
    /// says so instead of waiting on a request nobody can grant.
    @Test func aRetryOfADecidedRequestIsAnError() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let at = ApprovalFlowTests.at
        let first = try await engine.decide("category_ranking", input: ApprovalFlowTests.pinned("SKU-1"), at: at)
        let id = try #require(first.approval?.id)
        let retry = try await engine.decide("category_ranking", input: ApprovalFlowTests.pinned("SKU-1"), at: at)
        #expect(retry.outcome == .pendingApproval)
        #expect(retry.approval?.id == id)
        try engine.reject("category_ranking", approval: id, by: "ana", at: at)
        let late = try await engine.decide("category_ranking", input: ApprovalFlowTests.pinned("SKU-1"), at: at)
        #expect(late.outcome == .error)
        #expect(late.error?.message.contains("\(id) was filed before and is rejected") == true, "\(late.error?.message ?? "")")
    }

    /// The two ways of writing `é` are one key: one request, one id.
    @Test func aKeyInEitherNormalFormNamesOneRequest() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let composed = try await engine.decide("category_ranking", input: ApprovalFlowTests.pinned("SKU-\u{E9}"), at: ApprovalFlowTests.at)
        let decomposed = try await engine.decide("category_ranking", input: ApprovalFlowTests.pinned("SKU-e\u{301}"), at: ApprovalFlowTests.at)
        #expect(composed.approval?.id != nil)
        #expect(composed.approval?.id == decomposed.approval?.id)
        #expect(try engine.approvals(status: .pending, at: ApprovalFlowTests.at).count == 1)
    }
}

/// The store's error an engine call threw (typed: `EngineError.store`), or nil.
func storeError(_ body: () throws(EngineError) -> Void) -> StateStoreError? {
    do {
        try body()
        return nil
    } catch {
        guard case .store(let error) = error else { return nil }
        return error
    }
}
