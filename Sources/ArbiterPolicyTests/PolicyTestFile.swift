// Reading of policy test files (`NAME_test.yaml`).
//
// A file names a `policy` and gives `cases`; optional `state` and `now` apply to every
// case that does not give its own. A case gives `input` and `expect`, or `steps`: inputs
// at successive times for the same key (each laid over the case's `input`), each with
// its own `expect`. Everything is checked while reading, so a misspelt field or a value
// of the wrong type is reported at its line and column before anything runs.

import Arbiter
import Yams

/// A problem in a test file, at a place: printed as `file:line:column: message`.
public struct TestFileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The test file's path.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// One line, lowercase.
    public var message: String

    /// Creates a problem.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// One decision of a case: an input at a time, and what it must show.
public struct PolicyTestStep: Sendable {
    /// The decision time, ISO 8601.
    public var now: String
    /// The input, numbers kept as their text.
    public var input: JSONValue
    /// The `expect` mapping: only what it gives is compared.
    public var expect: JSONValue
}

/// One named case of a test file.
public struct PolicyTestCase: Sendable {
    /// The case's name, unique in its file.
    public var name: String
    /// Where the case starts.
    public var line: Int
    /// Where the case starts.
    public var column: Int
    /// Prior state (the `StateSnapshot` format), the file's when the case gives none.
    public var state: JSONValue?
    /// Where each value of `state` is written, by its path (`$.spends[0].amount`).
    public var statePlaces: [String: YAMLConversion.Place] = [:]
    /// The decisions, run one after another on the same store.
    public var steps: [PolicyTestStep]
}

/// A parsed test file.
public struct PolicyTestFile: Sendable {
    /// The file's path as found.
    public var path: String
    /// The `policy` field: a policy name in the same folder, or a path to a policy file.
    public var policy: String
    /// Where the `policy` field's value is.
    public var policyLine: Int
    /// Where the `policy` field's value is.
    public var policyColumn: Int
    /// The cases in written order.
    public var cases: [PolicyTestCase]

    static let fileFields: Set<String> = ["policy", "state", "now", "cases"]
    static let caseFields: Set<String> = ["name", "input", "state", "now", "expect", "steps"]
    static let stepFields: Set<String> = ["now", "input", "expect"]

    /// Parses the text of a test file; throws the first problem found.
    public static func parse(_ text: String, path: String) throws(TestFileProblem) -> PolicyTestFile {
        var reader = TestFileReader(path: path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw reader.problem(nil, "the file is empty; expected `policy` and `cases`") }
            root = node
        } catch let problem as TestFileProblem {
            throw problem
        } catch let error as YamlError {
            throw reader.yamlProblem(error)
        } catch {
            throw reader.problem(nil, "invalid YAML: \(error)")
        }
        if let problem = YAMLConversion.expansionProblem(of: root, file: path, textBytes: text.utf8.count) { throw problem }
        if let problem = YAMLConversion.mergeKeyProblem(of: root, file: path) { throw problem }
        if let problem = YAMLConversion.tagProblem(of: root, file: path) { throw problem }
        return try reader.file(root)
    }
}
