// Approvals, as the in-memory store keeps them.
//
// The records sit in slots: two parallel arrays whose entries keep their index until they
// are pruned, when the slot is freed for a later request. Two indexes point into them: by
// id, and from (policy, key) to the one pending approval of that key. A busy policy files
// a request for every decision that waits and supersedes it at the key's next decision,
// so filing, superseding and pruning are the hot path: each is a write into a slot and
// an 8-byte entry of a `SlotIndex` (both indexes), with no object to allocate per record
// and no id text to hash (`ApprovalID`). Where a record stands (`Standing`: status, times, creation order)
// is plain data apart from the request it settles (`Filing`: strings and values), so
// superseding, expiring and pruning read and write it without retaining anything.
// The queue lives inside the store's `Mutex`.
//
// Expiry is lazy: a record past `expiresAt` is marked expired when something reads or
// decides it, judged against the `now` the caller passes. Listing sweeps every pending
// record first, so a list by status is always consistent with that `now`.

/// Approval records with at most one pending approval per policy and key.
struct ApprovalQueue {
    /// Where a record stands: plain data, copied without retaining anything.
    private struct Standing {
        /// Its rank in creation order: later requests have larger numbers.
        let sequence: Int
        let createdAt: Instant
        let expiresAt: Instant
        var status = ApprovalStatus.pending
        /// When it left `pending`.
        var decidedAt: Instant?

        init(sequence: Int, createdAt: Instant, expiresAt: Instant) {
            self.sequence = sequence
            self.createdAt = createdAt
            self.expiresAt = expiresAt
        }

        func isDue(toExpireAt now: Instant) -> Bool {
            status == .pending && now >= expiresAt
        }

        /// Whether it left `pending` before `instant`.
        func settled(before instant: Instant) -> Bool {
            status != .pending && (decidedAt ?? createdAt) < instant
        }

        /// Leaves `pending` for `status` at `instant`: expired at its expiry if it is due
        /// by then, whatever `status` says. Returns whether it was pending.
        mutating func settle(_ status: ApprovalStatus, at instant: Instant) -> Bool {
            guard self.status == .pending else { return false }
            if isDue(toExpireAt: instant) {
                self.status = .expired
                decidedAt = expiresAt
            } else {
                self.status = status
                decidedAt = instant
            }
            return true
        }
    }

    /// The request a record settles, and who settled it.
    private struct Filing {
        let request: ApprovalRequest
        var decidedBy: String?
        var supersededBy: ApprovalID?
    }

    /// INVARIANT: `standings` and `filings` have one count, and are nil at the same
    /// indexes: exactly `freeSlots`. Every other index is `byID`'s value for its id.
    private var standings: [Standing?] = []
    private var filings: [Filing?] = []
    private var freeSlots: [Int] = []
    /// INVARIANT: one entry per record, to its slot.
    private var byID = SlotIndex()
    /// INVARIANT: maps each (policy, key) to the slot of its record with status
    /// `pending`, and has no entry for a key without one.
    private var pendingByKey = SlotIndex()
    private var nextSequence = 0

    /// Files a request; throws `duplicateApprovalID` if its id is taken.
    mutating func create(_ request: ApprovalRequest) throws(StateStoreError) -> ApprovalRecord {
        let tag = request.identifier.indexTag
        guard slot(of: request.identifier, tag: tag) == nil else { throw .duplicateApprovalID(request.id) }
        let slot = freeSlots.last ?? standings.count
        byID.insert(tag, slot: slot)
        place(request, in: slot)
        return record(slot)
    }

    /// Files a request unless one with its id exists (a retried decision); returns
    /// whether it filed.
    mutating func file(_ request: ApprovalRequest) -> Bool {
        let tag = request.identifier.indexTag
        if let existing = slot(of: request.identifier, tag: tag) {
            expireIfDue(existing, now: request.createdAt)
            return false
        }
        let slot = freeSlots.last ?? standings.count
        byID.insert(tag, slot: slot)
        place(request, in: slot)
        return true
    }

    /// Puts a request whose id `byID` already maps to `slot` (the last free slot, or one
    /// past the end) in that slot, superseding (or expiring) the key's older pending record.
    private mutating func place(_ request: ApprovalRequest, in slot: Int) {
        let standing = Standing(sequence: nextSequence, createdAt: request.createdAt, expiresAt: request.expiresAt)
        nextSequence += 1
        let tag = SlotIndex.tag(request.policy, request.key)
        let older: Int?
        let position: Int
        if let found = pendingFor(request.policy, request.key, tag: tag) {
            older = pendingByKey.slot(at: found)
            pendingByKey.setSlot(slot, at: found)
            position = found
        } else {
            older = nil
            position = pendingByKey.insert(tag, slot: slot)
        }
        if slot == standings.count {
            standings.append(standing)
            filings.append(Filing(request: request))
        } else {
            freeSlots.removeLast()
            standings[slot] = standing
            filings[slot] = Filing(request: request)
        }
        guard let older else { return }
        if standings[older]!.createdAt > request.createdAt, !standings[older]!.isDue(toExpireAt: request.createdAt) {
            // A request made before the key's pending one (a decision that arrived late)
            // is the older of the two: the pending one stays, and supersedes it as of its
            // own creation.
            pendingByKey.setSlot(older, at: position)
            _ = standings[slot]!.settle(.superseded, at: standings[older]!.createdAt)
            filings[slot]!.supersededBy = filings[older]!.request.identifier
        } else if standings[older]!.settle(.superseded, at: request.createdAt), standings[older]!.status == .superseded {
            filings[older]!.supersededBy = request.identifier
        }
    }

    /// Marks the pending request of a policy and key superseded by a newer decision that
    /// did not itself ask for approval.
    mutating func supersedePending(policy: String, key: String, at now: Instant) {
        guard let position = pendingFor(policy, key, tag: SlotIndex.tag(policy, key)) else { return }
        let slot = pendingByKey.slot(at: position)
        // A decision made before the request (arriving late) is not newer than it.
        if standings[slot]!.createdAt > now, !standings[slot]!.isDue(toExpireAt: now) { return }
        pendingByKey.remove(at: position)
        _ = standings[slot]!.settle(.superseded, at: now)
    }

    mutating func decide(
        id: String, status: ApprovalStatus, by approver: String, now: Instant
    ) throws(StateStoreError) -> ApprovalRecord {
        guard let slot = slot(of: ApprovalID(id)) else { throw .approvalNotFound(id: id) }
        if standings[slot]!.isDue(toExpireAt: now) {
            expireIfDue(slot, now: now)
            throw .approvalExpired(id: id)
        }
        guard standings[slot]!.settle(status, at: now) else {
            throw .approvalNotPending(id: id, status: standings[slot]!.status)
        }
        filings[slot]!.decidedBy = approver
        forgetPending(slot)
        return record(slot)
    }

    mutating func record(id: String, now: Instant) -> ApprovalRecord? {
        guard let slot = slot(of: ApprovalID(id)) else { return nil }
        expireIfDue(slot, now: now)
        return record(slot)
    }

    mutating func records(status: ApprovalStatus, now: Instant) -> [ApprovalRecord] {
        var matching: [(sequence: Int, slot: Int)] = []
        for slot in standings.indices {
            guard standings[slot] != nil else { continue }
            expireIfDue(slot, now: now)
            if standings[slot]!.status == status { matching.append((standings[slot]!.sequence, slot)) }
        }
        return matching.sorted { $0.sequence < $1.sequence }.map { record($0.slot) }
    }

    /// Forgets the records that left `pending` before `instant` (approved, rejected,
    /// expired or superseded), expiring due ones first. Pending records stay.
    mutating func prune(settledBefore instant: Instant) {
        for slot in standings.indices {
            guard standings[slot] != nil else { continue }
            expireIfDue(slot, now: instant)
            guard standings[slot]!.settled(before: instant) else { continue }
            standings[slot] = nil
            if let filing = filings[slot].take(), let position = byID.find(filing.request.identifier.indexTag, matches: { $0 == slot }) {
                byID.remove(at: position)
            }
        }
        // Free slots at the end go; the others are reused, lowest last.
        while let last = standings.last, last == nil {
            standings.removeLast()
            filings.removeLast()
        }
        freeSlots.removeAll(keepingCapacity: true)
        for slot in standings.indices.reversed() where standings[slot] == nil { freeSlots.append(slot) }
    }

    /// The record in a slot, as the store's readers see it.
    private func record(_ slot: Int) -> ApprovalRecord {
        let standing = standings[slot]!
        let filing = filings[slot]!
        var record = ApprovalRecord(request: filing.request)
        record.status = standing.status
        record.decidedAt = standing.decidedAt
        record.decidedBy = filing.decidedBy
        record.supersededBy = filing.supersededBy?.description
        return record
    }

    /// Marks a pending record expired if `now` is at or past its expiry.
    private mutating func expireIfDue(_ slot: Int, now: Instant) {
        guard standings[slot]!.isDue(toExpireAt: now) else { return }
        _ = standings[slot]!.settle(.expired, at: now)
        forgetPending(slot)
    }

    /// Drops the key's pending index entry if it is this slot's.
    private mutating func forgetPending(_ slot: Int) {
        let request = filings[slot]!.request
        let tag = SlotIndex.tag(request.policy, request.key)
        if let position = pendingByKey.find(tag, matches: { $0 == slot }) { pendingByKey.remove(at: position) }
    }

    /// The slot of the record with this id, or nil.
    private func slot(of id: ApprovalID, tag: UInt64? = nil) -> Int? {
        byID.find(tag ?? id.indexTag) { filings[$0]!.request.identifier == id }.map(byID.slot(at:))
    }

    /// Where the pending index holds `policy` and `key`, or nil.
    private func pendingFor(_ policy: String, _ key: String, tag: UInt64) -> Int? {
        pendingByKey.find(tag) { slot in
            filings[slot]!.request.key == key && filings[slot]!.request.policy == policy
        }
    }
}
