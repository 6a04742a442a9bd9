import Arbiter
import Yams

/// Walks a test file's YAML tree, checking fields and types as it goes.
struct TestFileReader {
    let path: String

    init(path: String) { self.path = path }

    func problem(_ node: Node?, _ message: String) -> TestFileProblem {
        TestFileProblem(file: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    /// A Yams error as a problem at its mark.
    func yamlProblem(_ error: YamlError) -> TestFileProblem {
        YAMLConversion.problem(error, file: path)
    }

    /// The members of a mapping node, refusing keys outside `allowed`.
    func members(_ node: Node, _ what: String, allowed: Set<String>?) throws(TestFileProblem) -> [(String, Node, Node)] {
        guard case .mapping(let mapping) = node else { throw problem(node, "\(what) must be a mapping") }
        var result: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw problem(key, "\(what): keys must be text") }
            if let allowed, !allowed.contains(name) {
                throw problem(key, "unknown field `\(name)` in \(what); expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            result.append((name, key, value))
        }
        return result
    }

    func scalar(_ node: Node, _ what: String) throws(TestFileProblem) -> String {
        guard case .scalar(let scalar) = node else { throw problem(node, "\(what) must be a single value") }
        return scalar.string
    }

    func time(_ node: Node, _ what: String) throws(TestFileProblem) -> String {
        let text = try scalar(node, what)
        do throws(ValueParseError) {
            _ = try Instant(parsing: text)
        } catch {
            let reason = error.timeReason.map { " (\($0))" } ?? ""
            throw problem(node, "\(what) must be a time such as 2026-11-23T10:00:00Z, got \"\(text)\"\(reason)")
        }
        return text
    }

    mutating func file(_ root: Node) throws(TestFileProblem) -> PolicyTestFile {
        let fields = try members(root, "the test file", allowed: PolicyTestFile.fileFields)
        func field(_ name: String) -> Node? { fields.first { $0.0 == name }?.2 }
        guard let policyNode = field("policy") else { throw problem(root, "the test file needs `policy`: a policy name or a path") }
        let policy = try scalar(policyNode, "`policy`")
        let sharedNow = try field("now").map { node throws(TestFileProblem) in try time(node, "`now`") }
        var sharedState: (JSONValue, [String: YAMLConversion.Place])?
        if let node = field("state") {
            _ = try members(node, "`state`", allowed: nil)
            sharedState = (YAMLConversion.json(from: node), YAMLConversion.places(of: node))
        }
        guard let casesNode = field("cases") else { throw problem(root, "the test file needs `cases`") }
        guard case .sequence(let list) = casesNode else { throw problem(casesNode, "`cases` must be a list") }
        var cases: [PolicyTestCase] = []
        var names: Set<String> = []
        for node in list {
            let testCase = try testCase(node, now: sharedNow, state: sharedState)
            if !names.insert(testCase.name).inserted { throw problem(node, "duplicate case name `\(testCase.name)`") }
            cases.append(testCase)
        }
        return PolicyTestFile(path: path, policy: policy, policyLine: policyNode.mark?.line ?? 1, policyColumn: policyNode.mark?.column ?? 1, cases: cases)
    }

    func testCase(_ node: Node, now sharedNow: String?, state sharedState: (JSONValue, [String: YAMLConversion.Place])?) throws(TestFileProblem) -> PolicyTestCase {
        let fields = try members(node, "a case", allowed: PolicyTestFile.caseFields)
        func field(_ name: String) -> Node? { fields.first { $0.0 == name }?.2 }
        guard let nameNode = field("name") else { throw problem(node, "a case needs a `name`") }
        let name = try scalar(nameNode, "`name`")
        // A blank name could not be told apart in a report (`FAIL ` and nothing after it).
        guard !name.allSatisfy(\.isWhitespace) else { throw problem(nameNode, "a case's `name` must not be empty") }
        let now = try field("now").map { node throws(TestFileProblem) in try time(node, "`now`") } ?? sharedNow
        var state = sharedState
        if let stateNode = field("state") {
            _ = try members(stateNode, "`state`", allowed: nil)
            state = (YAMLConversion.json(from: stateNode), YAMLConversion.places(of: stateNode))
        }
        var input: JSONValue?
        if let inputNode = field("input") {
            _ = try members(inputNode, "`input`", allowed: nil)
            input = YAMLConversion.json(from: inputNode)
        }
        var steps: [PolicyTestStep] = []
        if let stepsNode = field("steps") {
            if let expect = field("expect") { throw problem(expect, "case `\(name)`: give `expect` in each step, not beside `steps`") }
            guard case .sequence(let list) = stepsNode, !list.isEmpty else { throw problem(stepsNode, "`steps` must be a non-empty list") }
            for (offset, stepNode) in list.enumerated() {
                let stepFields = try members(stepNode, "a step", allowed: PolicyTestFile.stepFields)
                func stepField(_ name: String) -> Node? { stepFields.first { $0.0 == name }?.2 }
                let stepNow = try stepField("now").map { node throws(TestFileProblem) in try time(node, "`now`") } ?? now
                guard let stepNow else { throw problem(stepNode, "case `\(name)`: step \(offset + 1) needs `now`") }
                var overlay: JSONValue?
                if let inputNode = stepField("input") {
                    _ = try members(inputNode, "`input`", allowed: nil)
                    overlay = YAMLConversion.json(from: inputNode)
                }
                guard let stepInput = YAMLConversion.merged(input, overlay) else { throw problem(stepNode, "case `\(name)`: step \(offset + 1) needs `input`") }
                guard let expectNode = stepField("expect") else { throw problem(stepNode, "case `\(name)`: step \(offset + 1) needs `expect`") }
                steps.append(PolicyTestStep(now: stepNow, input: stepInput, expect: try expect(expectNode)))
            }
        } else {
            guard let now else { throw problem(node, "case `\(name)` needs `now` (or a file-level `now`)") }
            guard let input else { throw problem(node, "case `\(name)` needs `input`") }
            guard let expectNode = field("expect") else { throw problem(node, "case `\(name)` needs `expect`") }
            steps = [PolicyTestStep(now: now, input: input, expect: try expect(expectNode))]
        }
        return PolicyTestCase(name: name, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, state: state?.0,
                              statePlaces: state?.1 ?? [:], steps: steps)
    }
}
