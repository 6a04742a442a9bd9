// Approvals, as the in-memory store keeps them.
//
// Each record lives in one `Entry`, a small class shared by the three views of the
// queue: by id, in creation order for listing and pruning, and from (policy, key) to the
// one pending approval of that key. Sharing the entry means no view copies a record (a
// record holds four dictionaries and several strings), a status change is one write, and
// pruning walks the creation order without hashing an id it keeps. The queue lives
// inside the store's lock (`Locked`) and is never copied, so the shared entries are never seen
// by two queues.
//
// Expiry is lazy: a record past `expiresAt` is marked expired when something reads or
// decides it, judged against the `now` the caller passes. Listing sweeps every pending
// record first, so a list by status is always consistent with that `now`.

/// Approval records with at most one pending approval per policy and key.
struct ApprovalQueue {
    private struct PolicyKey: Hashable {
        var policy: String
        var key: String

        /// Hashes the key only: a store's keys mostly share one or a few policy names,
        /// and hashing the name again on every decision bought no spread. Equality still
        /// compares both.
        func hash(into hasher: inout Hasher) {
            hasher.combine(key)
        }
    }

    /// One approval: the request as filed, and where it stands. The request is a `let`
    /// and the status fields are stored apart, so reading a field copies nothing.
    private final class Entry {
        let request: ApprovalRequest
        var status = ApprovalStatus.pending
        var decidedAt: Instant?
        var decidedBy: String?
        var supersededBy: String?

        init(_ request: ApprovalRequest) {
            self.request = request
        }

        func isDue(toExpireAt now: Instant) -> Bool {
            status == .pending && now >= request.expiresAt
        }

        /// The record as the store's readers see it.
        var record: ApprovalRecord {
            var record = ApprovalRecord(request: request)
            record.status = status
            record.decidedAt = decidedAt
            record.decidedBy = decidedBy
            record.supersededBy = supersededBy
            return record
        }
    }

    private var byID: [String: Entry] = [:]
    private var creationOrder: [Entry] = []
    /// INVARIANT: maps each (policy, key) to the entry of its record with status
    /// `pending`, and has no entry for a key without one.
    private var pendingByKey: [PolicyKey: Entry] = [:]

    /// Files a request; throws `duplicateApprovalID` if its id is taken.
    mutating func create(_ request: ApprovalRequest) throws(StateStoreError) -> ApprovalRecord {
        guard byID[request.id] == nil else { throw .duplicateApprovalID(request.id) }
        return insert(request).record
    }

    /// Files a request unless one with its id exists (a retried decision); returns
    /// whether it filed.
    mutating func file(_ request: ApprovalRequest) -> Bool {
        // One hash of the id for the common case, a new request: store it, and put the
        // existing entry back in the rare one, a retry.
        let entry = Entry(request)
        if let existing = byID.updateValue(entry, forKey: request.id) {
            byID[request.id] = existing
            expireIfDue(existing, now: request.createdAt)
            return false
        }
        insert(entry)
        return true
    }

    /// Adds a record for a request whose id is new, superseding (or expiring) the key's
    /// older pending record.
    @discardableResult
    private mutating func insert(_ request: ApprovalRequest) -> Entry {
        let entry = Entry(request)
        byID[request.id] = entry
        insert(entry)
        return entry
    }

    /// Files an entry already in `byID`.
    private mutating func insert(_ entry: Entry) {
        let request = entry.request
        creationOrder.append(entry)
        if let older = pendingByKey.updateValue(entry, forKey: PolicyKey(policy: request.policy, key: request.key)) {
            if older.isDue(toExpireAt: request.createdAt) {
                older.status = .expired
                older.decidedAt = older.request.expiresAt
            } else if older.status == .pending {
                older.status = .superseded
                older.decidedAt = request.createdAt
                older.supersededBy = request.id
            }
        }
    }

    /// Marks the pending request of a policy and key superseded by a newer decision that
    /// did not itself ask for approval.
    mutating func supersedePending(policy: String, key: String, at now: Instant) {
        guard let entry = pendingByKey.removeValue(forKey: PolicyKey(policy: policy, key: key)) else { return }
        if entry.isDue(toExpireAt: now) {
            entry.status = .expired
            entry.decidedAt = entry.request.expiresAt
        } else if entry.status == .pending {
            entry.status = .superseded
            entry.decidedAt = now
        }
    }

    mutating func decide(
        id: String, status: ApprovalStatus, by approver: String, now: Instant
    ) throws(StateStoreError) -> ApprovalRecord {
        guard let entry = byID[id] else { throw .approvalNotFound(id: id) }
        if entry.isDue(toExpireAt: now) {
            expireIfDue(entry, now: now)
            throw .approvalExpired(id: id)
        }
        guard entry.status == .pending else {
            throw .approvalNotPending(id: id, status: entry.status)
        }
        entry.status = status
        entry.decidedAt = now
        entry.decidedBy = approver
        forgetPending(entry)
        return entry.record
    }

    mutating func record(id: String, now: Instant) -> ApprovalRecord? {
        guard let entry = byID[id] else { return nil }
        expireIfDue(entry, now: now)
        return entry.record
    }

    mutating func records(status: ApprovalStatus, now: Instant) -> [ApprovalRecord] {
        for entry in creationOrder { expireIfDue(entry, now: now) }
        return creationOrder.compactMap { $0.status == status ? $0.record : nil }
    }

    /// Forgets the records that left `pending` before `instant` (approved, rejected,
    /// expired or superseded), expiring due ones first. Pending records stay.
    mutating func prune(settledBefore instant: Instant) {
        var kept = 0
        for index in creationOrder.indices {
            let entry = creationOrder[index]
            expireIfDue(entry, now: instant)
            if entry.status != .pending, (entry.decidedAt ?? entry.request.createdAt) < instant {
                byID[entry.request.id] = nil
            } else {
                creationOrder[kept] = entry
                kept += 1
            }
        }
        creationOrder.removeLast(creationOrder.count - kept)
    }

    /// Marks a pending record expired if `now` is at or past its expiry.
    private mutating func expireIfDue(_ entry: Entry, now: Instant) {
        guard entry.isDue(toExpireAt: now) else { return }
        entry.status = .expired
        entry.decidedAt = entry.request.expiresAt
        forgetPending(entry)
    }

    /// Drops the key's pending index entry if it is this entry's.
    private mutating func forgetPending(_ entry: Entry) {
        let policyKey = PolicyKey(policy: entry.request.policy, key: entry.request.key)
        if pendingByKey[policyKey] === entry { pendingByKey[policyKey] = nil }
    }
}
