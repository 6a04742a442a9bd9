/// Where an approval stands.
///
/// ```
/// pending ──approve (before expiresAt)──▶ approved
///    │ ────reject  (before expiresAt)──▶ rejected
///    │ ────now >= expiresAt──────────────▶ expired     (never applied silently)
///    └─────newer request, same key───────▶ superseded
/// ```
public enum ApprovalStatus: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Waiting for a person in the named role.
    case pending
    /// Approved in time; the proposed values may be applied.
    case approved
    /// Rejected by a person.
    case rejected
    /// Not decided before `expiresAt`; treated as rejected.
    case expired
    /// Replaced by a newer request for the same policy and key.
    case superseded

    /// The lowercase status name used on the wire and in the CLI.
    public var description: String { rawValue }
}

/// A decision's request for approval, as the engine files it.
public struct ApprovalRequest: Hashable, Sendable {
    /// A unique identifier chosen by the engine (stable, so replays give the same ids).
    public var id: String {
        get { identifier.description }
        set { identifier = ApprovalID(newValue) }
    }
    /// The id, as the store keys it (see `ApprovalID`).
    var identifier: ApprovalID
    /// The policy that asks.
    public var policy: String
    /// The entity the decision is about.
    public var key: String
    /// The role that must decide, such as `pricing-lead`.
    public var role: String
    /// When the request was made.
    public var createdAt: Instant
    /// The first instant at which the request is expired.
    public var expiresAt: Instant
    /// The proposed values and the recording, as one array (see `ApprovalValues`).
    var values: ApprovalValues

    /// The proposed control values, by control name.
    public var proposed: [String: RuntimeValue] {
        get { values.proposed }
        set { values.proposed = newValue }
    }

    /// What granting the request records, beyond `proposed`: the values before the
    /// decision, the key's group fields (for `count`), and budget spends.
    public var recording: ApprovalRecording {
        get { values.recording }
        set { values.recording = newValue }
    }

    /// Creates a request.
    public init(
        id: String, policy: String, key: String, role: String,
        proposed: [String: RuntimeValue], createdAt: Instant, expiresAt: Instant,
        recording: ApprovalRecording = ApprovalRecording()
    ) {
        self.init(id: ApprovalID(id), policy: policy, key: key, role: role, createdAt: createdAt, expiresAt: expiresAt,
                  values: ApprovalValues(proposed: proposed, recording: recording))
    }

    /// Creates a request from values in a policy's layout, as the engine files them.
    init(id: ApprovalID, policy: String, key: String, role: String, createdAt: Instant, expiresAt: Instant, values: ApprovalValues) {
        identifier = id
        self.policy = policy
        self.key = key
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.values = values
    }
}

/// What an approved request records in state, besides its proposed values.
public struct ApprovalRecording: Hashable, Sendable {
    /// The control values before the decision, by control name (the `from` of each change).
    public var current: [String: RuntimeValue]
    /// The key's group fields, by input name, for `count(control, by field)`.
    public var groups: [String: RuntimeValue]
    /// What the decision spends of each `spends` budget, by budget name.
    public var spends: [String: Exact]

    /// Creates a recording.
    public init(current: [String: RuntimeValue] = [:], groups: [String: RuntimeValue] = [:], spends: [String: Exact] = [:]) {
        self.current = current
        self.groups = groups
        self.spends = spends
    }
}

/// An approval as the store keeps it: the request, its status and who decided it when.
///
/// A request expires at `expiresAt`: it can be approved or rejected while
/// `now < expiresAt`, and from `expiresAt` on it reads as `expired`. Expiry is always
/// judged against a `now` the caller passes, never the wall clock, so replay can run
/// through a week of approvals in a second.
public struct ApprovalRecord: Hashable, Sendable {
    /// The unique identifier.
    public var id: String
    /// The policy that asked.
    public var policy: String
    /// The entity the decision is about.
    public var key: String
    /// The role that must decide.
    public var role: String
    /// When the request was made.
    public var createdAt: Instant
    /// The first instant at which the request is expired.
    public var expiresAt: Instant
    /// Where the approval stands.
    public var status: ApprovalStatus
    /// When it left `pending`, if it has: the decision time, the expiry time, or the
    /// creation time of the superseding request.
    public var decidedAt: Instant?
    /// Who approved or rejected it, if someone did.
    public var decidedBy: String?
    /// The id of the request that superseded it, if one did.
    public var supersededBy: String?
    /// The proposed values and the recording, as the request had them.
    var values: ApprovalValues

    /// The proposed control values, by control name.
    public var proposed: [String: RuntimeValue] {
        get { values.proposed }
        set { values.proposed = newValue }
    }

    /// What granting it records besides `proposed`.
    public var recording: ApprovalRecording {
        get { values.recording }
        set { values.recording = newValue }
    }

    /// Creates a pending record from a request.
    public init(request: ApprovalRequest) {
        id = request.id
        policy = request.policy
        key = request.key
        role = request.role
        createdAt = request.createdAt
        expiresAt = request.expiresAt
        values = request.values
        status = .pending
    }

    /// Whether the record is pending and past its expiry at `now`.
    public func isDue(toExpireAt now: Instant) -> Bool {
        status == .pending && now >= expiresAt
    }
}
