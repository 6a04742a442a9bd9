/// The HTML pages `arbiter replay --report FILE` writes: one self-contained file each.
public enum HTMLReport {
    /// The page for one policy: `report.html`.
    public static func page(_ report: ReplayReport) -> String {
        report.html
    }

    /// The page for `--compare`: the comparison, then both versions' charts and tables,
    /// rendered with the reports given (which take the place of the comparison's own).
    public static func page(old: ReplayReport, new: ReplayReport, comparison: CompareReport) -> String {
        comparison.with(old: old, new: new).html
    }
}
