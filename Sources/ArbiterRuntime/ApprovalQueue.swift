// Approvals, as the in-memory store keeps them.
//
// Records are kept by id, in creation order for listing, with an index from
// (policy, key) to the one pending approval of that key. Expiry is lazy: a record past
// `expiresAt` is marked expired when something reads or decides it, judged against the
// `now` the caller passes. Listing sweeps every pending record first, so a list by
// status is always consistent with that `now`.

/// Approval records with at most one pending approval per policy and key.
struct ApprovalQueue {
    private struct PolicyKey: Hashable {
        var policy: String
        var key: String
    }

    private var records: [String: ApprovalRecord] = [:]
    private var creationOrder: [String] = []
    /// INVARIANT: maps each (policy, key) to the id of its record with status `pending`,
    /// and has no entry for a key without one.
    private var pendingByKey: [PolicyKey: String] = [:]

    mutating func create(_ request: ApprovalRequest) throws(StateStoreError) -> ApprovalRecord {
        guard records.index(forKey: request.id) == nil else { throw .duplicateApprovalID(request.id) }
        let policyKey = PolicyKey(policy: request.policy, key: request.key)
        if let olderID = pendingByKey[policyKey], let older = records.index(forKey: olderID) {
            // Fields are read and written through the index: copying a record copies its
            // dictionaries.
            if records.values[older].isDue(toExpireAt: request.createdAt) {
                records.values[older].status = .expired
                records.values[older].decidedAt = records.values[older].expiresAt
            } else if records.values[older].status == .pending {
                records.values[older].status = .superseded
                records.values[older].decidedAt = request.createdAt
                records.values[older].supersededBy = request.id
            }
        }
        let record = ApprovalRecord(request: request)
        records[request.id] = record
        creationOrder.append(request.id)
        pendingByKey[policyKey] = request.id
        return record
    }

    /// Marks the pending request of a policy and key superseded by a newer decision that
    /// did not itself ask for approval.
    mutating func supersedePending(policy: String, key: String, at now: Instant) {
        let policyKey = PolicyKey(policy: policy, key: key)
        guard let id = pendingByKey[policyKey] else { return }
        expireIfDue(id, now: now)
        if records[id]?.status == .pending {
            records[id]?.status = .superseded
            records[id]?.decidedAt = now
        }
        pendingByKey[policyKey] = nil
    }

    mutating func decide(
        id: String, status: ApprovalStatus, by approver: String, now: Instant
    ) throws(StateStoreError) -> ApprovalRecord {
        guard let record = records[id] else { throw .approvalNotFound(id: id) }
        if record.isDue(toExpireAt: now) {
            expireIfDue(id, now: now)
            throw .approvalExpired(id: id)
        }
        guard record.status == .pending else {
            throw .approvalNotPending(id: id, status: record.status)
        }
        var decided = record
        decided.status = status
        decided.decidedAt = now
        decided.decidedBy = approver
        records[id] = decided
        pendingByKey[PolicyKey(policy: record.policy, key: record.key)] = nil
        return decided
    }

    mutating func record(id: String, now: Instant) -> ApprovalRecord? {
        expireIfDue(id, now: now)
        return records[id]
    }

    mutating func records(status: ApprovalStatus, now: Instant) -> [ApprovalRecord] {
        let due = pendingByKey.values.filter { records[$0]?.isDue(toExpireAt: now) == true }
        for id in due {
            expireIfDue(id, now: now)
        }
        return creationOrder.compactMap { id in
            guard let record = records[id], record.status == status else { return nil }
            return record
        }
    }

    /// Marks a pending record expired if `now` is at or past its expiry.
    /// Forgets the records that left `pending` before `instant` (approved, rejected,
    /// expired or superseded), expiring due ones first. Pending records stay.
    mutating func prune(settledBefore instant: Instant) {
        let due = pendingByKey.values.filter { id in
            records.index(forKey: id).map { records.values[$0].isDue(toExpireAt: instant) } ?? false
        }
        for id in due { expireIfDue(id, now: instant) }
        // Removed in place: rebuilding the dictionary copied every pending record each time.
        var kept = 0
        for index in creationOrder.indices {
            let id = creationOrder[index]
            guard let position = records.index(forKey: id) else { continue }
            let status = records.values[position].status
            if status != .pending, (records.values[position].decidedAt ?? records.values[position].createdAt) < instant {
                records.remove(at: position)
            } else {
                creationOrder[kept] = id
                kept += 1
            }
        }
        creationOrder.removeLast(creationOrder.count - kept)
    }

    private mutating func expireIfDue(_ id: String, now: Instant) {
        guard let record = records[id], record.isDue(toExpireAt: now) else { return }
        records[id]?.status = .expired
        records[id]?.decidedAt = record.expiresAt
        pendingByKey[PolicyKey(policy: record.policy, key: record.key)] = nil
    }
}
