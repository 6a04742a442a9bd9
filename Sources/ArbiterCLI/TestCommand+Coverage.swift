import Arbiter
import ArbiterPolicyTests
import Foundation

/// Coverage of each tested policy by the cases that ran, and its table.
struct CoverageTable {
    /// One per tested policy, in the order first tested.
    var policies: [PolicyCoverage] = []

    init(suites: [TestSuite], results: [CaseResult]) {
        var keys: [String] = []
        var byKey: [String: PolicyCoverage] = [:]
        var keyOfFile: [String: String] = [:]
        for suite in suites {
            keyOfFile[suite.file.path] = suite.target.key
            if byKey[suite.target.key] == nil {
                keys.append(suite.target.key)
                byKey[suite.target.key] = PolicyCoverage(policy: suite.target.tree, source: suite.target.source)
            }
        }
        // Only passing cases cover anything, as only they kill mutants: a failing case
        // shows the policy does something other than its test says.
        for result in results where result.passed {
            guard let key = keyOfFile[result.file] else { continue }
            for decision in result.decisions { byKey[key]?.record(decision) }
        }
        policies = keys.compactMap { byKey[$0] }
    }

    /// Whether coverage reaches `minimum`: never when no policy was tested (100% of
    /// nothing would read as full coverage).
    func meets(_ minimum: Double) -> Bool {
        !policies.isEmpty && percent >= minimum
    }

    /// Covered items of every policy, in percent (100 when there is nothing to cover).
    var percent: Double {
        let (covered, total) = counts
        return total == 0 ? 100 : Double(covered) * 100 / Double(total)
    }

    /// `87.5`, `100`.
    static func format(_ value: Double) -> String {
        // Out of range (`inf`, `1e19` as a --min-coverage) as given, never through `Int`.
        guard value.isFinite, abs(value) < 1e15 else { return value.isNaN ? "nan" : String(format: "%g", value) }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    /// A percent for reports: two decimals (`66.67`), or every digit when two would
    /// hide which side of `minimum` it is on (33.333… below 33.334).
    static func percentFigure(_ value: Double, against minimum: Double? = nil) -> String {
        let rounded = (value * 100).rounded() / 100
        if let minimum, (value < minimum) != (rounded < minimum) { return "\(value)" }
        return givenFigure(rounded)
    }

    /// A figure as given (`33.34`, `80`), never rounded.
    static func givenFigure(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// Covered and total items of every policy.
    var counts: (covered: Int, total: Int) {
        (policies.reduce(0) { $0 + $1.coveredCount }, policies.reduce(0) { $0 + $1.items.count })
    }

    /// `coverage 66.7% is below --min-coverage 80%`.
    func shortfall(minimum: Double) -> String {
        if policies.isEmpty { return "no policy was tested, so --min-coverage \(Self.format(minimum))% is not met" }
        // One decimal unless it would show two equal figures (66.7% below 66.7%): then
        // as many as tell them apart (66.667% below 66.67%), the minimum as given.
        var (shown, limit) = (Self.format(percent), Self.format(minimum))
        if shown == limit {
            limit = Self.givenFigure(minimum)
            for digits in 2...12 {
                shown = String(format: "%.\(digits)f", percent)
                if Double(shown).map({ $0 < minimum }) == true, shown != limit { break }
            }
        }
        return "coverage \(shown)% is below --min-coverage \(limit)%"
    }

    /// The `coverage` member of the JSON report: totals, `min_coverage` and whether it
    /// was met (when given), and per policy its counts and what no case exercised.
    func json(minimum: Double?) -> JSONValue {
        func number(_ value: Double) -> JSONValue { .number(Self.percentFigure(value)) }
        let (covered, total) = counts
        var members: [(String, JSONValue)] = [
            ("percent", policies.isEmpty ? .null : .number(Self.percentFigure(percent, against: minimum))),
            ("covered", .number(String(covered))), ("total", .number(String(total))),
        ]
        if let minimum {
            members.append(("min_coverage", .number(Self.givenFigure(minimum))))
            members.append(("met", .bool(meets(minimum))))
        }
        members.append(("policies", .array(policies.map { policy in
            .object([
                ("policy", .string(policy.policy)), ("percent", number(policy.percent)),
                ("covered", .number(String(policy.coveredCount))), ("total", .number(String(policy.items.count))),
                ("missed", .array(policy.missed.map { item in
                    .object([("kind", .string(item.kind.rawValue)), ("name", .string(item.name))])
                })),
            ])
        })))
        return .object(members)
    }

    /// A JUnit `testsuite` named `coverage`: one case per policy, passing, whose output
    /// lists what no case exercised, and with `--min-coverage` a `min-coverage` case that
    /// fails below it; the percentages are the suite's properties.
    func junitSuite(minimum: Double?) -> TestRunReport.JUnitSuite {
        let escape = TestRunReport.escape
        let belowMinimum = minimum.map { !meets($0) } ?? false
        let tests = policies.count + (minimum == nil ? 0 : 1)
        var out = "  <testsuite name=\"coverage\" tests=\"\(tests)\" failures=\"\(belowMinimum ? 1 : 0)\">\n"
        out += "    <properties>\n"
        out += "      <property name=\"coverage\" value=\"\(policies.isEmpty ? "none" : Self.percentFigure(percent, against: minimum))\"/>\n"
        if let minimum { out += "      <property name=\"min-coverage\" value=\"\(Self.givenFigure(minimum))\"/>\n" }
        for policy in policies {
            out += "      <property name=\"coverage.\(TestRunReport.escapeAttribute(policy.policy))\" value=\"\(Self.percentFigure(policy.percent))\"/>\n"
        }
        out += "    </properties>\n"
        for policy in policies {
            let open = "    <testcase classname=\"coverage\" name=\"\(TestRunReport.escapeAttribute(policy.policy))\""
            if policy.missed.isEmpty {
                out += open + "/>\n"
            } else {
                let missed = policy.missed.map { "\($0.kind.rawValue) `\($0.name)`" }.joined(separator: ", ")
                out += open + ">\n      <system-out>never exercised: \(escape(missed))</system-out>\n    </testcase>\n"
            }
        }
        if let minimum {
            let open = "    <testcase classname=\"coverage\" name=\"min-coverage\""
            out += belowMinimum
                ? open + ">\n      <failure message=\"\(TestRunReport.escapeAttribute(shortfall(minimum: minimum)))\"/>\n    </testcase>\n"
                : open + "/>\n"
        }
        return TestRunReport.JUnitSuite(xml: out + "  </testsuite>\n", tests: tests, failures: belowMinimum ? 1 : 0)
    }

    /// The table, then one line per policy listing what no case exercised.
    var text: String {
        // No policy was tested (every test file failed to load): there is nothing to cover,
        // and "100% (0 of 0)" would read as full coverage.
        if policies.isEmpty { return "coverage: no policy was tested\n" }
        let width = max(6, policies.map(\.policy.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
        var out = "coverage:\n  " + pad("policy", width) + "  rules  guards  approvals  budgets  covered\n"
        for policy in policies {
            var cells: [String] = []
            for kind in CoverageItem.Kind.allCases {
                let items = policy.items.filter { $0.kind == kind }
                let cell = items.isEmpty ? "-" : "\(items.filter(\.covered).count)/\(items.count)"
                cells.append(cell)
            }
            out += "  " + pad(policy.policy, width) + "  " + pad(cells[0], 5) + "  " + pad(cells[1], 6) + "  " + pad(cells[2], 9)
            out += "  " + pad(cells[3], 7) + "  " + Self.format(policy.percent) + "%\n"
        }
        for policy in policies where !policy.missed.isEmpty {
            let missed = policy.missed.map { "\($0.kind.rawValue) `\($0.name)`" }.joined(separator: ", ")
            out += "  \(policy.policy) never exercised: \(missed)\n"
        }
        let (covered, total) = counts
        return out + "coverage \(Self.format(percent))% (\(covered) of \(total))\n"
    }
}
