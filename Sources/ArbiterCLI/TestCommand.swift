import Arbiter
import ArbiterPolicyTests
import ArgumentParser
import Foundation

/// `arbiter test [PATH…]`: runs the policy test files (`*_test.yaml`) found under the paths.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the policy tests (*_test.yaml) found under the paths.",
        discussion: """
            Prints each failing case with its differences, then `N passed, N failed`. \
            --coverage lists the rules, guards, approve conditions and budgets no case \
            exercised; --mutate runs the cases on mutants of each tested policy. Exit codes: \
            0 all passed, 1 a case or a test file failed (or coverage is below \
            --min-coverage, or no case ran), 2 could not run.
            """
    )

    @ArgumentParser.Argument(help: "Test files or folders (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Run only the cases whose name contains this text.")
    var filter: String?

    @Option(help: "Report format: human, json or junit.")
    var format: TestReportFormat = .human

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(help: "Print which rules, guards, approve conditions and budgets no case exercised.")
    var coverage = false

    // Unconditional, so `-1` is read as the value (and refused as out of range), not as a flag.
    @Option(parsing: .unconditional, help: "Fail when coverage is below this percentage.")
    var minCoverage: Double?

    @Flag(help: "Run the cases on mutants of each tested policy and print the mutation score.")
    var mutate = false

    func run() async throws {
        let sink = OutputSink.current
        if let minCoverage, !(0...100).contains(minCoverage) {
            throw CouldNotRun("--min-coverage is a percent from 0 to 100, got \(CoverageTable.format(minCoverage))")
        }
        // Each test file once, however many of the paths lead to it. Policy files given to
        // test: of the tests found only beside them, those that name them run; every test
        // given, or found in a folder given, runs.
        let searched = paths.isEmpty ? ["."] : paths
        var files: [String] = []
        var seenFiles: Set<String> = []
        var givenTests: Set<String> = []
        for path in searched {
            let besidePolicy = path.hasSuffix(".policy")
            for file in try TestFiles.discover([path]) {
                let identity = FilePaths.identity(file)
                if !besidePolicy { givenTests.insert(identity) }
                if seenFiles.insert(identity).inserted { files.append(file) }
            }
        }
        if files.isEmpty {
            let places = searched.map { $0.hasSuffix(".policy") ? "beside \($0)" : "in \($0)" }
            throw CouldNotRun("no *_test.yaml files found \(places.joined(separator: ", "))")
        }
        let policyFiles = Set(paths.filter { $0.hasSuffix(".policy") }.map(FilePaths.identity))
        var loader = TestTargetLoader()
        var report = TestRunReport()
        var suites: [TestSuite] = []
        for path in files {
            let onlyBesidePolicy = !policyFiles.isEmpty && !givenTests.contains(FilePaths.identity(path))
            switch loader.load(path) {
            case .failure(let problem):
                // One beside a policy that names another policy is not this run's.
                if onlyBesidePolicy, !loader.mayName(path, oneOf: Array(policyFiles)) { continue }
                report.problems.append(problem)
            case .success(let suite) where onlyBesidePolicy && !policyFiles.contains(FilePaths.identity(suite.target.source.path)):
                continue
            case .success(let suite):
                var chosen = suite.file
                chosen.cases = []
                for testCase in suite.file.cases {
                    if PolicyTestRunner.matches(testCase, filter: filter) {
                        chosen.cases.append(testCase)
                    } else {
                        report.skippedCases.append((suite.file.path, testCase.name))
                    }
                }
                suites.append(TestSuite(file: chosen, target: suite.target))
            }
        }
        for problem in report.problems { loader.noteNamedPolicy(ofTestThatFailed: problem.file) }
        for (_, failure) in loader.unnamedBrokenFiles {
            sink.error("warning: \(failure.message.escapingControlCharacters(keepingLineFeeds: false)); no test names its policies\n")
        }
        if !policyFiles.isEmpty, suites.isEmpty, report.problems.isEmpty {
            let given = paths.filter { $0.hasSuffix(".policy") }.joined(separator: ", ")
            throw CouldNotRun("no test file beside \(given) names it (a NAME_test.yaml there with `policy:` its name or file)")
        }
        var target = output
        if let output {
            // Before any case runs. Every test file and every policy file a test reads is
            // an input; so is any file named like one, which a later run would read as one.
            target = try FilePaths.checkOutput(output, flag: "--output", inputs: files + suites.map(\.target.source.path), of: "test run")
        }
        for suite in suites {
            report.results += suite.file.cases.map { PolicyTestRunner.run($0, file: suite.file.path, on: suite.target.plan) }
        }
        // A run that tested nothing (a --filter with a typo, `cases: []`) must not pass.
        if report.results.isEmpty, report.problems.isEmpty {
            report.runFailure = filter.map { "no case ran: none matches --filter `\($0)`" } ?? "no case ran: the test files hold no cases"
        }
        var failed = report.failed > 0 || report.runFailure != nil
        // Coverage first: a JSON or JUnit report carries it, as the human table does.
        let table = coverage || minCoverage != nil ? CoverageTable(suites: suites, results: report.results) : nil
        let belowMinimum = table.flatMap { table in minCoverage.map { !table.meets($0) } } ?? false
        if belowMinimum { failed = true }
        var text = ""
        switch format {
        case .human: text = report.failureText
        case .json:
            var json = report.json
            if let table, case .object(var members) = json {
                members.append(("coverage", table.json(minimum: minCoverage)))
                json = .object(members)
            }
            text = json.text(pretty: true) + "\n"
        case .junit: text = report.junit(appending: table?.junitSuite(minimum: minCoverage))
        }
        if let output, let target {
            let mode = FilePaths.mode(of: target)
            // The human report in a file is whole: its failures and the summary line.
            if format == .human { text += report.summary + "\n" }
            do { try text.write(toFile: target, atomically: true, encoding: .utf8) } catch { throw CouldNotRun("cannot write \(output): \(error.localizedDescription)") }
            FilePaths.restoreMode(mode, of: target)
        } else {
            sink.write(text)
        }
        // A JSON or JUnit report on standard output stays parseable: the rest goes to standard error.
        let toStandardError = format != .human && output == nil
        let note = { (text: String) in toStandardError ? sink.error(text) : sink.write(text) }
        if let table {
            if coverage { note(table.text) }
            if belowMinimum, let minCoverage { note(table.shortfall(minimum: minCoverage) + "\n") }
        }
        if mutate {
            let run = MutationRun(suites: suites, results: report.results)
            note(run.execute())
        }
        if format == .human || output != nil { sink.write(report.summary + "\n") }
        if let reason = report.runFailure { note(reason + "\n") }
        if failed { throw ExitStatus.failure }
    }
}

/// The report formats of `arbiter test`.
enum TestReportFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json, junit
}

/// A test file with the policy its cases run on.
struct TestSuite {
    var file: PolicyTestFile
    var target: PolicyTarget
}

/// Finds test files.
enum TestFiles {
    /// Files as given, and folders searched recursively for `*_test.yaml`, in a stable order.
    static func discover(_ paths: [String]) throws -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FilePaths.missing(path)
            }
            guard isDirectory.boolValue else {
                let name = (path as NSString).lastPathComponent
                if name.hasSuffix(".policy") {
                    // A policy given to test: the test files beside it (which of them name
                    // this policy is known once they are read: `TestCommand.run`).
                    let folder = (path as NSString).deletingLastPathComponent
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
                    found += names.filter { $0.hasSuffix("_test.yaml") && !$0.hasPrefix(".") }.sorted()
                        .map { folder.isEmpty ? $0 : (folder as NSString).appendingPathComponent($0) }
                        .filter { !FilePaths.skipsSpecial($0) }
                    continue
                }
                guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else {
                    throw CouldNotRun("\(path) is not a test file: tests are YAML files named NAME_test.yaml (give one, its folder, or the .policy file they test)")
                }
                found.append(path)
                continue
            }
            // A folder given through a symbolic link is searched, as `check` searches one.
            let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL
            guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else {
                throw CouldNotRun("cannot read directory: \(path)")
            }
            var inFolder: [String] = []
            for case let url as URL in enumerator where url.lastPathComponent.hasSuffix("_test.yaml") {
                // A folder so named is searched, not read.
                var isFolder: ObjCBool = false
                let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + (root.path.hasSuffix("/") ? 0 : 1)))
                let file = path == "." ? relative : (path.hasSuffix("/") ? path + relative : path + "/" + relative)
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                    // Named in bytes that are not UTF-8 (it comes back repaired, naming no
                    // file), or a link to nothing: said, and the other files still run.
                    let dangling = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
                    OutputSink.current.error(dangling
                        ? "warning: skipped \(file): a symbolic link to a file that does not exist\n"
                        : "warning: skipped \(file): its name is not valid UTF-8, so it cannot be opened by name; rename it\n")
                    continue
                }
                if isFolder.boolValue || FilePaths.skipsSpecial(file) { continue }
                inFolder.append(file)
            }
            found += inFolder.sorted()
        }
        // One file under two spellings (`cov`, `./cov`) runs once.
        var seen = Set<String>()
        return found.filter { seen.insert(FilePaths.identity($0)).inserted }
    }
}
