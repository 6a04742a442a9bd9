import Arbiter
import ArbiterSyntax

/// Everything one `arbiter test` run found: case results, bad files, skipped cases.
public struct TestRunReport: Sendable {
    /// Every case that ran, in file order.
    public var results: [CaseResult]
    /// Test files that could not be read or run; each counts as a failure.
    public var problems: [TestFileProblem]
    /// Cases left out by a filter, in file order: each file's path and the case's name.
    public var skippedCases: [(file: String, name: String)] = []
    /// How many cases a filter left out.
    public var skipped: Int { skippedCases.count }
    /// Why the run failed although no case or file did (`no case ran: …`), or nil.
    public var runFailure: String?

    /// Creates a report.
    public init(results: [CaseResult] = [], problems: [TestFileProblem] = [], skippedCases: [(file: String, name: String)] = []) {
        self.results = results
        self.problems = problems
        self.skippedCases = skippedCases
    }

    /// Cases that matched their expectations.
    public var passed: Int { results.filter(\.passed).count }
    /// Failing cases plus bad files.
    public var failed: Int { results.count - passed + problems.count }

    /// `N passed, N failed` (and `, N skipped` when a filter left cases out).
    public var summary: String {
        "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }

    /// The human report: each failing case or bad file with its differences. A case's
    /// name or a value from its input may hold control characters: each line shows them
    /// as `\u{…}` escapes, so none can recolour the terminal or break the line.
    public var failureText: String {
        var lines: [String] = []
        for problem in problems { lines.append(problem.description) }
        for result in results where !result.passed {
            lines.append("\(result.file):\(result.line):\(result.column): FAIL \(result.name)")
            for failure in result.failures { lines.append("    \(failure)") }
        }
        return lines.map { $0.escapingControlCharacters(keepingLineFeeds: false) + "\n" }.joined()
    }

    /// The JSON report: totals, then every case and every bad file.
    public var json: JSONValue {
        let cases: [JSONValue] = results.map { result in
            .object([
                ("file", .string(result.file)), ("line", .number(String(result.line))),
                ("column", .number(String(result.column))), ("name", .string(result.name)),
                ("passed", .bool(result.passed)), ("failures", .array(result.failures.map(JSONValue.string))),
            ])
        }
        let files: [JSONValue] = problems.map { problem in
            .object([
                ("file", .string(problem.file)), ("line", .number(String(problem.line))),
                ("column", .number(String(problem.column))), ("message", .string(problem.message)),
            ])
        }
        var members: [(String, JSONValue)] = [
            ("passed", .number(String(passed))), ("failed", .number(String(failed))), ("skipped", .number(String(skipped))),
        ]
        // A run that failed with no failing case says why, so a reader of the report alone
        // does not take it for a pass.
        if let runFailure { members.append(("error", .string(runFailure))) }
        return .object(members + [("cases", .array(cases)), ("problems", .array(files))])
    }

    /// JUnit XML: one `testsuite` per test file, one `testcase` per case, a `failure`
    /// element holding the differences; a bad file is a suite with one failing case.
    public var junit: String { junit(appending: nil) }

    /// A `testsuite` element another part of the run (coverage) adds to the JUnit report,
    /// with its counts for the totals.
    public struct JUnitSuite: Sendable {
        /// The element, indented as the report's suites are.
        public var xml: String
        /// Its test cases.
        public var tests: Int
        /// Its failing test cases.
        public var failures: Int

        /// Creates a suite.
        public init(xml: String, tests: Int, failures: Int) {
            self.xml = xml
            self.tests = tests
            self.failures = failures
        }
    }

    /// JUnit XML as `junit`, with `extra` as the last suite, counted in the totals.
    public func junit(appending extra: JUnitSuite?) -> String {
        // A run that failed with no failing case is one failing case of its own.
        let extra = runFailure.map { reason in
            let xml = "  <testsuite name=\"arbiter test\" tests=\"1\" failures=\"1\">\n"
                + "    <testcase classname=\"arbiter test\" name=\"run\">\n"
                + "      <failure message=\"\(Self.escapeAttribute(reason))\"/>\n    </testcase>\n  </testsuite>\n"
            return JUnitSuite(xml: (extra?.xml ?? "") + xml, tests: (extra?.tests ?? 0) + 1, failures: (extra?.failures ?? 0) + 1)
        } ?? extra
        var files: [String] = []
        for file in results.map(\.file) + problems.map(\.file) + skippedCases.map(\.file) where !files.contains(file) { files.append(file) }
        // `tests` counts skipped cases too, as JUnit readers take passed = tests − failures − skipped.
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"arbiter test\" tests=\"\(results.count + problems.count + skipped + (extra?.tests ?? 0))\" "
            + "failures=\"\(failed + (extra?.failures ?? 0))\" skipped=\"\(skipped)\">\n"
        for file in files {
            let cases = results.filter { $0.file == file }
            let bad = problems.filter { $0.file == file }
            let left = skippedCases.filter { $0.file == file }
            let failures = cases.filter { !$0.passed }.count + bad.count
            out += "  <testsuite name=\"\(Self.escapeAttribute(file))\" tests=\"\(cases.count + bad.count + left.count)\" failures=\"\(failures)\""
                + (left.isEmpty ? "" : " skipped=\"\(left.count)\"") + ">\n"
            for problem in bad {
                out += "    <testcase classname=\"\(Self.escapeAttribute(file))\" name=\"(file)\">\n"
                out += "      <failure message=\"\(Self.escapeAttribute(problem.message))\">\(Self.escape(problem.description))</failure>\n"
                out += "    </testcase>\n"
            }
            for result in cases {
                let open = "    <testcase classname=\"\(Self.escapeAttribute(file))\" name=\"\(Self.escapeAttribute(result.name))\""
                if result.passed {
                    out += open + "/>\n"
                } else {
                    out += open + ">\n"
                    let message = Self.escapeAttribute(result.failures.first ?? "")
                    out += "      <failure message=\"\(message)\">\(Self.escape(result.failures.joined(separator: "\n")))</failure>\n"
                    out += "    </testcase>\n"
                }
            }
            for skippedCase in left {
                out += "    <testcase classname=\"\(Self.escapeAttribute(file))\" name=\"\(Self.escapeAttribute(skippedCase.name))\">\n"
                out += "      <skipped message=\"left out by --filter\"/>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + (extra?.xml ?? "") + "</testsuites>\n"
    }

    /// Text for an XML attribute value: as `escape`, and tab, line feed and carriage
    /// return as character references, which a parser would otherwise read as spaces.
    public static func escapeAttribute(_ text: String) -> String {
        var out = ""
        for scalar in escape(text).unicodeScalars {
            switch scalar {
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for XML content and attribute values. XML 1.0 cannot hold control characters
    /// other than tab, line feed and carriage return, even as references: each is written
    /// as U+FFFD, so a name or message holding one keeps the report parseable.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
