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
        for result in results {
            guard let key = keyOfFile[result.file] else { continue }
            for decision in result.decisions { byKey[key]?.record(decision) }
        }
        policies = keys.compactMap { byKey[$0] }
    }

    /// Covered items of every policy, in percent (100 when there is nothing to cover).
    var percent: Double {
        let total = policies.reduce(0) { $0 + $1.items.count }
        let covered = policies.reduce(0) { $0 + $1.coveredCount }
        return total == 0 ? 100 : Double(covered) * 100 / Double(total)
    }

    /// `87.5`, `100`.
    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
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
        let total = policies.reduce(0) { $0 + $1.items.count }
        let covered = policies.reduce(0) { $0 + $1.coveredCount }
        return out + "coverage \(Self.format(percent))% (\(covered) of \(total))\n"
    }
}
