/// An error from a `StateStore`.
///
/// Approval errors name the approval's id (an id the caller chose, not an input value).
/// Persistent stores map their storage failures to `backend`, without query text or
/// values in the message.
public enum StateStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No approval has this id.
    case approvalNotFound(id: String)
    /// The approval expired before it was decided; it is now recorded as expired.
    case approvalExpired(id: String)
    /// The approval was already decided, superseded or expired.
    case approvalNotPending(id: String, status: ApprovalStatus)
    /// An approval with this id already exists.
    case duplicateApprovalID(String)
    /// The approval was filed by another policy than the one asked to decide it.
    case approvalOfAnotherPolicy(id: String, policy: String)
    /// A sum or difference kept by the store left the value range.
    case arithmetic(EvaluationError)
    /// The storage behind the store failed.
    case backend(String)

    /// A one-line, lowercase message without a final period.
    public var description: String {
        switch self {
        case .approvalNotFound(let id):
            "no approval with id `\(id)`"
        case .approvalExpired(let id):
            "approval `\(id)` expired before it was decided"
        case .approvalNotPending(let id, let status):
            "approval `\(id)` is already \(status)"
        case .duplicateApprovalID(let id):
            "an approval with id `\(id)` already exists"
        case .approvalOfAnotherPolicy(let id, let policy):
            "approval `\(id)` was filed by policy `\(policy)`; decide it with that policy"
        case .arithmetic(let error):
            error.description
        case .backend(let message):
            "state storage failed: \(message)"
        }
    }
}
