import ArbiterRuntime
import Testing

@Suite("StateStore: approvals")
struct StateStoreApprovalTests {
    static func request(
        _ id: String, key: String = "SKU-1", at createdAt: String = "2027-03-20T10:00:00Z", expiresIn hours: Int64 = 24
    ) throws -> ApprovalRequest {
        let created = instant(createdAt)
        return ApprovalRequest(
            id: id, policy: "garden_pricing", key: key, role: "pricing-lead",
            proposed: ["price": .exact(exact("1099.00"))],
            createdAt: created, expiresAt: try created.adding(.hours(hours)))
    }

    @Test("a new request is pending and can be read back", arguments: StateStoreFactory.all)
    func create(factory: StateStoreFactory) throws {
        let store = try factory.make()
        let record = try store.createApproval(Self.request("apr-1"))
        #expect(record.status == .pending)
        #expect(record.proposed["price"] == .exact(exact("1099")))
        #expect(try store.approval(id: "apr-1", now: instant("2027-03-20T11:00:00Z")) == record)
        #expect(try store.approval(id: "apr-404", now: instant("2027-03-20T11:00:00Z")) == nil)
        #expect(throws: StateStoreError.duplicateApprovalID("apr-1")) { try store.createApproval(Self.request("apr-1")) }
    }

    @Test("filing is once per id: a retried request files nothing new", arguments: StateStoreFactory.all)
    func fileOnce(factory: StateStoreFactory) throws {
        let store = try factory.make()
        #expect(try store.fileApproval(Self.request("apr-1")))
        #expect(try !store.fileApproval(Self.request("apr-1", at: "2027-03-20T10:30:00Z")))
        let now = instant("2027-03-20T11:00:00Z")
        let record = try #require(try store.approval(id: "apr-1", now: now))
        #expect(record.status == .pending)
        #expect(record.createdAt == instant("2027-03-20T10:00:00Z"))
        #expect(try store.fileApproval(Self.request("apr-2", at: "2027-03-20T10:30:00Z")))
        #expect(try store.approval(id: "apr-1", now: now)?.status == .superseded)
        #expect(try store.approvals(status: .pending, now: now).map(\.id) == ["apr-2"])
    }

    @Test("a newer request for the same key supersedes the pending one", arguments: StateStoreFactory.all)
    func supersede(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.createApproval(Self.request("apr-1"))
        try store.createApproval(Self.request("apr-other", key: "SKU-2"))
        try store.createApproval(Self.request("apr-2", at: "2027-03-20T11:00:00Z"))
        let now = instant("2027-03-20T12:00:00Z")
        let old = try #require(try store.approval(id: "apr-1", now: now))
        #expect(old.status == .superseded)
        #expect(old.supersededBy == "apr-2")
        #expect(old.decidedAt == instant("2027-03-20T11:00:00Z"))
        #expect(try store.approvals(status: .pending, now: now).map(\.id) == ["apr-other", "apr-2"])
        #expect(throws: StateStoreError.approvalNotPending(id: "apr-1", status: .superseded)) {
            try store.approve(id: "apr-1", by: "alice", now: now)
        }
    }

    @Test("an older request already expired is recorded as expired, not superseded",
          arguments: StateStoreFactory.all)
    func supersedeExpired(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.createApproval(Self.request("apr-1", expiresIn: 1))
        try store.createApproval(Self.request("apr-2", at: "2027-03-20T11:00:00Z"))
        let old = try #require(try store.approval(id: "apr-1", now: instant("2027-03-20T12:00:00Z")))
        #expect(old.status == .expired)
        #expect(old.decidedAt == instant("2027-03-20T11:00:00Z"))
    }

    @Test("approve and reject before expiry", arguments: StateStoreFactory.all)
    func decide(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.createApproval(Self.request("apr-1"))
        try store.createApproval(Self.request("apr-2", key: "SKU-2"))
        let lastMoment = instant("2027-03-21T09:59:59.999999Z")
        let approved = try store.approve(id: "apr-1", by: "alice", now: lastMoment)
        #expect(approved.status == .approved)
        #expect(approved.decidedBy == "alice")
        #expect(approved.decidedAt == lastMoment)
        let rejected = try store.reject(id: "apr-2", by: "bob", now: instant("2027-03-20T10:30:00Z"))
        #expect(rejected.status == .rejected)
        #expect(throws: StateStoreError.approvalNotPending(id: "apr-1", status: .approved)) {
            try store.reject(id: "apr-1", by: "bob", now: lastMoment)
        }
        #expect(throws: StateStoreError.approvalNotFound(id: "apr-9")) {
            try store.approve(id: "apr-9", by: "alice", now: lastMoment)
        }
        // A decided key takes new requests without superseding anything.
        try store.createApproval(Self.request("apr-3", at: "2027-03-21T12:00:00Z"))
        #expect(try store.approval(id: "apr-1", now: instant("2027-03-21T12:00:00Z"))?.status == .approved)
    }

    @Test("approving or rejecting at or after expiry fails and records the expiry",
          arguments: StateStoreFactory.all)
    func expiry(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.createApproval(Self.request("apr-1"))
        try store.createApproval(Self.request("apr-2", key: "SKU-2"))
        let expiry = instant("2027-03-21T10:00:00Z")
        #expect(throws: StateStoreError.approvalExpired(id: "apr-1")) {
            try store.approve(id: "apr-1", by: "alice", now: expiry)
        }
        let record = try #require(try store.approval(id: "apr-1", now: expiry))
        #expect(record.status == .expired)
        #expect(record.decidedAt == expiry)
        #expect(record.decidedBy == nil)
        #expect(throws: StateStoreError.approvalExpired(id: "apr-2")) {
            try store.reject(id: "apr-2", by: "bob", now: instant("2027-03-22T00:00:00Z"))
        }
        #expect(throws: StateStoreError.approvalNotPending(id: "apr-1", status: .expired)) {
            try store.approve(id: "apr-1", by: "alice", now: expiry)
        }
    }

    @Test("listing by status judges expiry against the given now", arguments: StateStoreFactory.all)
    func listing(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.createApproval(Self.request("apr-1", expiresIn: 1))
        try store.createApproval(Self.request("apr-2", key: "SKU-2", expiresIn: 48))
        try store.createApproval(Self.request("apr-3", key: "SKU-3", expiresIn: 48))
        try store.reject(id: "apr-3", by: "bob", now: instant("2027-03-20T10:05:00Z"))
        let before = instant("2027-03-20T10:30:00Z")
        #expect(try store.approvals(status: .pending, now: before).map(\.id) == ["apr-1", "apr-2"])
        let after = instant("2027-03-20T11:00:00Z")
        #expect(try store.approvals(status: .pending, now: after).map(\.id) == ["apr-2"])
        #expect(try store.approvals(status: .expired, now: after).map(\.id) == ["apr-1"])
        #expect(try store.approvals(status: .rejected, now: after).map(\.id) == ["apr-3"])
        #expect(try store.approvals(status: .approved, now: after).isEmpty)
    }

    @Test("error messages follow the style")
    func messages() {
        #expect(StateStoreError.approvalExpired(id: "apr-1").description == "approval `apr-1` expired before it was decided")
        #expect(StateStoreError.approvalNotPending(id: "apr-1", status: .approved).description
                == "approval `apr-1` is already approved")
        #expect(StateStoreError.approvalNotFound(id: "x").description == "no approval with id `x`")
    }

    @Test("pruning forgets settled approvals and keeps pending ones", arguments: StateStoreFactory.all)
    func prune(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.createApproval(Self.request("apr-1"))
        try store.createApproval(Self.request("apr-2", at: "2027-03-20T11:00:00Z"))      // supersedes apr-1 at 11:00
        try store.createApproval(Self.request("apr-3", key: "SKU-2", expiresIn: 1))       // expires at 11:00
        try store.createApproval(Self.request("apr-4", key: "SKU-3", expiresIn: 48))      // stays pending
        try store.supersedePending(policy: "garden_pricing", key: "SKU-2", at: instant("2027-03-20T10:30:00Z"))
        try store.pruneApprovals(settledBefore: instant("2027-03-20T10:45:00Z"))
        let now = instant("2027-03-20T12:00:00Z")
        #expect(try store.approval(id: "apr-3", now: now) == nil)                          // superseded at 10:30
        #expect(try store.approval(id: "apr-1", now: now)?.status == .superseded)          // settled after the cut
        try store.pruneApprovals(settledBefore: now)
        #expect(try store.approval(id: "apr-1", now: now) == nil)
        #expect(try store.approvals(status: .pending, now: now).map(\.id) == ["apr-2", "apr-4"])
    }

    @Test("requests filed after a prune are listed in creation order, found by id, and supersede as before",
          arguments: StateStoreFactory.all)
    func fileAfterPrune(factory: StateStoreFactory) throws {
        let store = try factory.make()
        for (index, key) in ["SKU-1", "SKU-2", "SKU-3", "SKU-4", "SKU-5"].enumerated() {
            try store.createApproval(Self.request("apr-\(index + 1)", key: key))
        }
        try store.supersedePending(policy: "garden_pricing", key: "SKU-1", at: instant("2027-03-20T10:10:00Z"))
        try store.supersedePending(policy: "garden_pricing", key: "SKU-3", at: instant("2027-03-20T10:10:00Z"))
        try store.pruneApprovals(settledBefore: instant("2027-03-20T10:20:00Z"))
        // Two new requests, where the pruned ones were kept in a store that reuses room.
        try store.createApproval(Self.request("apr-6", key: "SKU-6", at: "2027-03-20T10:30:00Z"))
        try store.createApproval(Self.request("apr-7", key: "SKU-1", at: "2027-03-20T10:40:00Z"))
        let now = instant("2027-03-20T11:00:00Z")
        #expect(try store.approvals(status: .pending, now: now).map(\.id) == ["apr-2", "apr-4", "apr-5", "apr-6", "apr-7"])
        #expect(try store.approval(id: "apr-1", now: now) == nil)
        #expect(try store.approval(id: "apr-3", now: now) == nil)
        #expect(try store.approval(id: "apr-7", now: now)?.key == "SKU-1")
        try store.createApproval(Self.request("apr-8", key: "SKU-6", at: "2027-03-20T10:50:00Z"))
        let superseded = try #require(try store.approval(id: "apr-6", now: now))
        #expect(superseded.status == .superseded)
        #expect(superseded.supersededBy == "apr-8")
        #expect(superseded.decidedAt == instant("2027-03-20T10:50:00Z"))
        #expect(try store.approvals(status: .superseded, now: now).map(\.id) == ["apr-6"])
        #expect(throws: StateStoreError.duplicateApprovalID("apr-2")) { try store.createApproval(Self.request("apr-2")) }
    }

    @Test("newer is by decision time: a request or decision that arrives late supersedes nothing",
          arguments: StateStoreFactory.all)
    func lateArrivals(factory: StateStoreFactory) throws {
        let store = try factory.make()
        try store.createApproval(Self.request("apr-10", at: "2027-03-20T10:00:00Z"))
        // Made at 09:00, filed after the 10:00 one: it is the older, and is superseded.
        try store.createApproval(Self.request("apr-9", at: "2027-03-20T09:00:00Z"))
        // A hold decision of 09:30, arriving late, leaves the 10:00 request pending.
        try store.supersedePending(policy: "garden_pricing", key: "SKU-1", at: instant("2027-03-20T09:30:00Z"))
        let now = instant("2027-03-20T11:00:00Z")
        #expect(try store.approvals(status: .pending, now: now).map(\.id) == ["apr-10"])
        let late = try #require(try store.approval(id: "apr-9", now: now))
        #expect(late.status == .superseded)
        #expect(late.supersededBy == "apr-10")
        #expect(late.decidedAt == instant("2027-03-20T10:00:00Z"))
        // A decision at 10:30 is newer.
        try store.supersedePending(policy: "garden_pricing", key: "SKU-1", at: instant("2027-03-20T10:30:00Z"))
        #expect(try store.approvals(status: .pending, now: now).isEmpty)
    }
}
