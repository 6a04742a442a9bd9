import Arbiter

/// Receives a replay's results in row order.
///
/// `begin` is called before the first row; it is called again (and everything seen so
/// far must be forgotten) when the replay finds the file out of time order and starts
/// over on the sorted rows.
public protocol ReplayObserver: AnyObject {
    /// A pass starts; `sorted` is false when the rows were sorted in memory first.
    func begin(sorted: Bool) throws
    /// One row's decisions, one per policy being replayed, in the order given.
    func row(line: Int, decisions: [Decision]) throws
    /// One row decided: each policy's `Decider` holds its decision in compact form until
    /// the next row. The default renders the decisions and calls `row(line:decisions:)`;
    /// an observer that only counts can read the deciders and skip rendering text.
    func row(line: Int, deciders: [Decider]) throws
    /// With `--jobs`, an observer that only summarises one policy may return an empty
    /// report of it: each lane then folds its own rows into a copy, and `lanesFinished`
    /// receives the copies to merge (`ReplayReport.merge(lane:)`); skipped rows and
    /// `error` decisions still arrive in row order. The default, nil, hands every decision
    /// over in row order.
    func reportForLanes() -> ReplayReport?
    /// The lanes' reports, after the last row (see `reportForLanes`).
    func lanesFinished(_ reports: [ReplayReport]) throws
    /// A row that was skipped (bad cell, wrong type, bad time).
    func skipped(_ error: HistoryError)
    /// Progress, about every 10,000 rows: rows done and the share of the file read (if known).
    func progress(rows: Int, fraction: Double?)
}

extension ReplayObserver {
    /// Progress is optional.
    public func progress(rows: Int, fraction: Double?) {}

    /// Every decision is handed over.
    public func reportForLanes() -> ReplayReport? { nil }

    /// Nothing to merge.
    public func lanesFinished(_ reports: [ReplayReport]) throws {}

    /// Renders every decision.
    public func row(line: Int, deciders: [Decider]) throws {
        try row(line: line, decisions: deciders.map { $0.decision() })
    }
}
