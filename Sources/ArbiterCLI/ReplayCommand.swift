import Arbiter
import ArbiterReplay
import ArbiterSyntax
import ArgumentParser
import Foundation

/// `arbiter replay FILE… --history PATH`: what would this policy have done?
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Dry-run a policy against history and report what it would have done.",
        discussion: """
            History is CSV or JSON Lines (optionally .gz): a time column (`at`), the key column \
            and the input fields. Rows are replayed in time order with a virtual clock and the \
            replay's own in-memory state. Exit codes: 0 done (a history with no rows too), 1 policy errors, a bad row with --strict, \
            a damaged .gz history, or rows of \
            which none could be decided, 2 could not run.
            """
    )

    @ArgumentParser.Argument(help: "Policy files or folders.")
    var paths: [String]

    @Option(help: "The history file: .csv, .jsonl, optionally .gz; - reads standard input.")
    var history: String

    @Option(help: "The policy to replay (optional when the files hold one policy).")
    var policy: String?

    @Option(help: "The time column's name.")
    var timeColumn = "at"

    @Flag(help: "Carry each key's decided values to its next row instead of the recorded ones.")
    var feedback = false

    @Flag(help: "Treat pending approvals as granted at once.")
    var approveAll = false

    @Option(help: "Another version of the policy to replay side by side.")
    var compare: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Write every decision to a .csv or .jsonl file.")
    var decisions: String?

    @Option(help: "Write the report to a file: a self-contained HTML page (.html), JSON (.json) or text (.txt, .md).")
    var report: String?

    @Flag(help: "Stop at the first bad row.")
    var strict = false

    // `.unconditional`: `--jobs -1` is a value to refuse with the range, not a missing one.
    @Option(parsing: .unconditional, help: "Evaluate keys in parallel (policies without budgets or count); 1 to 256.")
    var jobs = 1

    static let maximumJobs = 256

    @Flag(help: "No progress bar.")
    var quiet = false

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    func run() async throws {
        let output = OutputSink.current
        try CouldNotRun.requireAtLeast(1, jobs, option: "jobs")
        // Each lane keeps its own working memory: far more lanes than cores only cost.
        guard jobs <= ReplayCommand.maximumJobs else {
            throw CouldNotRun("--jobs must be at most \(ReplayCommand.maximumJobs), got \(jobs)")
        }
        // A history that is not there (a link to nothing, say) is named before any work.
        if history != "-", !FileManager.default.fileExists(atPath: history) { throw FilePaths.missing(history, what: "file") }
        let targets = try checkOutputs()
        let plan = try PolicyAnalysis.compiledPolicy(paths, named: policy, color: color)
        var plans = [plan]
        if let compare {
            plans.append(try PolicyAnalysis.compiledPolicy([compare], named: policy ?? plan.name, color: color, role: "--compare"))
        }
        var options = ReplayOptions()
        options.timeColumn = timeColumn
        options.feedback = feedback
        options.approveAll = approveAll
        options.strict = strict
        options.jobs = jobs
        let replayer = Replayer(plans: plans, options: options)
        let progress = ProgressBar(enabled: !quiet && ProgressBar.standardErrorIsTerminal)
        let observer = try ReportObserver(plans: plans, history: HistorySource.displayName(of: history), decisionsPath: targets.decisions, progress: progress)
        // Rows were read and none could be decided (a --time-column naming another column,
        // a file of another policy): what was asked was not done, however the report reads,
        // so the run fails, and like any failed run leaves existing output files as they were.
        var nothingDecided = false
        do {
            try replayer.run(path: history, observer: observer)
            progress.finish()
            nothingDecided = (observer.comparison?.old ?? observer.reports[0]).decisions == 0 && observer.skippedCount > 0
            if nothingDecided {
                observer.writer?.discard()
            } else {
                let mode = targets.decisions.flatMap(FilePaths.mode(of:))
                try observer.finish()
                if let decisions = targets.decisions { FilePaths.restoreMode(mode, of: decisions) }
            }
        } catch {
            // A run that fails leaves an existing --decisions file as it was.
            observer.writer?.discard()
            progress.finish()
            guard let error = error as? ReplayError else { throw error }
            if case .badHistory = error {
                output.error("error: \(error.description)\n")
                throw ExitStatus.failure
            }
            throw CouldNotRun(error.description)
        }
        if jobs > 1, !replayer.canRunKeysInParallel {
            output.error("note: --jobs \(jobs) ignored: the policy pools state across keys (a budget or count)\n")
        }
        for message in observer.skippedMessages { output.error("warning: skipped \(message.escapingControlCharacters())\n") }
        if observer.skippedCount > observer.skippedMessages.count {
            output.error("warning: \(observer.skippedCount - observer.skippedMessages.count) more rows skipped\n")
        }
        let reports = observer.comparison.map { [$0.old, $0.new] } ?? observer.reports
        output.write(json ? jsonText(reports, observer.comparison) : summaryText(reports, observer.comparison))
        if let report, let reportTarget = targets.report, !nothingDecided {
            let content: String
            switch ReportFormat(path: report) {
            case .html?, nil:
                content = observer.comparison.map { HTMLReport.page(old: reports[0], new: reports[1], comparison: $0) } ?? HTMLReport.page(reports[0])
            case .json?: content = jsonText(reports, observer.comparison)
            case .text?: content = summaryText(reports, observer.comparison)
            }
            let mode = FilePaths.mode(of: reportTarget)
            do {
                try Data(content.utf8).write(to: URL(filePath: reportTarget), options: .atomic)
            } catch {
                throw CouldNotRun("cannot write \(report): \(error.localizedDescription)")
            }
            FilePaths.restoreMode(mode, of: reportTarget)
            // A note, not the summary: standard output stays the summary (or the JSON) alone.
            output.error("report written to \(report)\n")
        }
        if nothingDecided {
            output.error("error: no row could be decided: all \(observer.skippedCount) were skipped\n")
            throw ExitStatus.failure
        }
    }
}

extension ReplayCommand {
    /// Refuses a `--decisions` or `--report` path that names the history or a policy
    /// file (it would be truncated before or while it is read), or that cannot be written
    /// (a folder, a missing parent folder): found before the replay, not after it.
    /// Returns the paths to write (`FilePaths.checkOutput`: a link's file).
    func checkOutputs() throws -> (decisions: String?, report: String?) {
        let inputs = [history] + paths + (compare.map { [$0] } ?? [])
        let decisionsTarget = try decisions.map { try FilePaths.checkOutput($0, flag: "--decisions", inputs: inputs, of: "replay") }
        let reportTarget = try report.map { try FilePaths.checkOutput($0, flag: "--report", inputs: inputs, of: "replay") }
        if let decisions, decisions.lowercased().hasSuffix(".gz") {
            throw CouldNotRun("--decisions writes plain CSV or JSON Lines, not gzip: name it .csv or .jsonl, got \(decisions)")
        }
        if let decisions, !DecisionsWriter.namesAFormat(decisions) {
            throw CouldNotRun("--decisions: the file's name says its format: .csv or .jsonl (or .ndjson); got \(decisions)")
        }
        if let decisions, let report, FilePaths.identity(decisions) == FilePaths.identity(report) || FilePaths.sameFile(decisions, report) {
            throw CouldNotRun("--decisions and --report name the same file (\(report)); give each its own")
        }
        if let report, ReportFormat(path: report) == nil {
            throw CouldNotRun("--report: the file's name says its format: .html (a page), .json or .txt (or .md); got \(report)")
        }
        return (decisionsTarget, reportTarget)
    }

    /// The report as `--json` prints it: with `--compare`, both reports and the comparison.
    func jsonText(_ reports: [ReplayReport], _ comparison: CompareReport?) -> String {
        let value = comparison.map { JSONValue.object([("old", reports[0].json), ("new", reports[1].json), ("compare", $0.json)]) } ?? reports[0].json
        return value.text(pretty: true) + "\n"
    }

    /// The text summary: with `--compare`, each version's under a rule naming its files
    /// (both may be called `garden_pricing`), then the comparison.
    func summaryText(_ reports: [ReplayReport], _ comparison: CompareReport?) -> String {
        guard let comparison else { return reports[0].text }
        return "── \(paths.joined(separator: " ")) ──\n" + reports[0].text
            + "\n── \(compare ?? "other version") ──\n" + reports[1].text + "\n── comparison ──\n" + comparison.text
    }

    /// What `--report` writes, by the file's extension.
    enum ReportFormat {
        case html, json, text

        /// Nil for a name of no known extension.
        init?(path: String) {
            let name = path.lowercased()
            if name.hasSuffix(".html") || name.hasSuffix(".htm") {
                self = .html
            } else if name.hasSuffix(".json") {
                self = .json
            } else if name.hasSuffix(".txt") || name.hasSuffix(".md") {
                self = .text
            } else {
                return nil
            }
        }
    }
}

/// Feeds the reports, the comparison and the decisions file as rows are replayed.
final class ReportObserver: ReplayObserver {
    let plans: [CompiledPolicy]
    let history: String
    let writer: DecisionsWriter?
    let progressBar: ProgressBar
    /// Written once per row by the one replay lane that calls the observer: no dynamic
    /// exclusivity check (about 1% of a replay).
    @exclusivity(unchecked) var reports: [ReplayReport] = []
    var comparison: CompareReport?
    var skippedMessages: [String] = []
    var skippedCount = 0

    init(plans: [CompiledPolicy], history: String, decisionsPath: String?, progress: ProgressBar) throws {
        self.plans = plans
        self.history = history
        self.progressBar = progress
        do {
            self.writer = try decisionsPath.map { try DecisionsWriter(path: $0, controls: plans[0].controls.map(\.name)) }
        } catch let error as ReplayError {
            throw CouldNotRun(error.description)
        }
    }

    func begin(sorted: Bool) throws {
        // With --compare the comparison keeps both reports itself; they are read back
        // from it, so each decision is folded into a report once.
        reports = plans.count > 1 ? [] : [ReplayReport(plan: plans[0], historyFile: history)]
        comparison = plans.count > 1 ? CompareReport(old: plans[0], new: plans[1], historyFile: history) : nil
        if !sorted {
            for index in reports.indices { reports[index].noteUnsorted() }
            comparison?.noteUnsorted()
        }
        skippedMessages = []
        skippedCount = 0
        try writer?.reset()
    }

    func row(line: Int, decisions: [Decision]) throws {
        if decisions.count > 1 {
            comparison?.add(old: decisions[0], new: decisions[1], line: line)
        } else {
            reports[0].add(decisions[0], line: line)
        }
        try writer?.write(decisions[0], line: line)
    }

    func row(line: Int, deciders: [Decider]) throws {
        // The summary alone is folded from the compact decisions; the comparison and the
        // decisions file need them rendered.
        guard deciders.count == 1, writer == nil, !reports.isEmpty else {
            try row(line: line, decisions: deciders.map { $0.decision() })
            return
        }
        reports[0].add(deciders[0], line: line)
    }

    func reportForLanes() -> ReplayReport? {
        guard plans.count == 1, writer == nil, !reports.isEmpty else { return nil }
        return ReplayReport(plan: plans[0], historyFile: history)
    }

    func lanesFinished(_ lanes: [ReplayReport]) throws {
        for lane in lanes { reports[0].merge(lane: lane) }
    }

    func skipped(_ error: HistoryError) {
        skippedCount += 1
        if skippedMessages.count < ReplayReport.skippedRowsKept { skippedMessages.append(error.description) }
        let message = (error.field.map { "`\($0)`: " } ?? "") + error.message
        for index in reports.indices { reports[index].addSkippedRow(message, line: error.line, column: error.column) }
        comparison?.addSkippedRow(message, line: error.line, column: error.column)
    }

    func progress(rows: Int, fraction: Double?) {
        progressBar.update(rows: rows, fraction: fraction)
    }

    func finish() throws {
        try writer?.close()
    }
}
