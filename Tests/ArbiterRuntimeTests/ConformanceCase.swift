// Loading of the conformance cases in `Tests/Conformance/*.yaml`.
//
// A file holds optional inline `policies:` (name → source text) and a list of `cases:`.
// A case names a policy (an inline one of its file, or one of `Policies/`), a decision
// time `now`, an optional prior `state` (the `StateSnapshot` format), an `input` and an
// `expect`; or a list of `steps`, each with its own `now`, `input` (merged over the
// case's `input`) and `expect`, run one after another on the same store. Everything is
// read into `JSONValue` with numbers kept as their text, exactly as the CLI reads input.

import Arbiter
import ArbiterPolicyTests
import ArbiterTestSupport
import Foundation
import Testing
import Yams

/// One step of a case: a decision at `now` for `input`, and what it must show.
struct ConformanceStep: Sendable {
    /// 1-based position, for messages.
    var index: Int
    var now: String
    var input: JSONValue
    var expect: JSONValue
}

/// One conformance case, a test case of its own.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    /// `Tests/Conformance/<topic>.yaml`.
    var file: String
    /// The line of the case in its file.
    var line: Int
    var name: String
    /// The key under which `ConformanceCatalog.policies` holds the compiled policy.
    var policyKey: String
    var policyName: String
    var state: JSONValue?
    var steps: [ConformanceStep]

    var testDescription: String {
        let topic = (file as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
        return "\(topic): \(name)"
    }
}

/// Every case of every file, and the compiled policies they use.
struct ConformanceCatalog: Sendable {
    var cases: [ConformanceCase] = []
    /// Compiled policies by key (`Policies/NAME` or `FILE#NAME`), or why one failed.
    var policies: [String: Result<CompiledPolicy, PolicyProblem>] = [:]
    /// Problems found while loading (unreadable YAML, unknown fields, missing policies).
    var problems: [String] = []
    /// Files read.
    var files: [String] = []

    struct PolicyProblem: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    static let shared = ConformanceCatalog.load()

    static var folder: URL { Golden.repositoryRoot.appending(path: "Tests/Conformance") }

    static func load() -> ConformanceCatalog {
        var catalog = ConformanceCatalog()
        catalog.loadExamplePolicies()
        for url in Golden.files(under: folder, extension: "yaml") {
            catalog.loadFile(url)
        }
        return catalog
    }

    /// Compiles `Policies/*.policy` together, as `arbiter` loads a folder.
    private mutating func loadExamplePolicies() {
        let urls = Golden.files(under: Golden.repositoryRoot.appending(path: "Policies"), extension: "policy")
        var sources: [(path: String, text: String)] = []
        for url in urls {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                problems.append("\(Golden.relativePath(url)): unreadable")
                continue
            }
            sources.append((Golden.relativePath(url), text))
        }
        do {
            let engine = try Engine(sources: sources, store: InMemoryStateStore())
            for (name, plan) in engine.policies { policies["Policies/\(name)"] = .success(plan) }
        } catch {
            problems.append("Policies/: \(error.description)")
        }
    }

    private mutating func loadFile(_ url: URL) {
        let file = Golden.relativePath(url)
        files.append(file)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            problems.append("\(file): unreadable")
            return
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                problems.append("\(file): empty")
                return
            }
            root = node
        } catch {
            problems.append("\(file): invalid YAML: \(error)")
            return
        }
        guard let mapping = root.mapping else {
            problems.append("\(file): expected a mapping with `policies` and `cases`")
            return
        }
        for key in mapping.keys.compactMap(\.string) where key != "policies" && key != "cases" {
            problems.append("\(file): unknown top-level field `\(key)`")
        }
        var inline: [String: String] = [:]
        if let policiesNode = mapping["policies"] {
            guard let members = policiesNode.mapping else {
                problems.append("\(file): `policies` must map names to policy text")
                return
            }
            for (nameNode, sourceNode) in members {
                guard let name = nameNode.string, let source = sourceNode.string else {
                    problems.append("\(file): `policies` must map names to policy text")
                    continue
                }
                inline[name] = source
                let key = "\(file)#\(name)"
                do {
                    let engine = try Engine(sources: [(path: key, text: source)], store: InMemoryStateStore())
                    if let plan = engine.policies[name] ?? (engine.policies.count == 1 ? engine.policies.values.first : nil) {
                        policies[key] = .success(plan)
                    } else {
                        policies[key] = .failure(PolicyProblem(description: "\(key): holds \(engine.policies.keys.sorted()), not `\(name)`"))
                    }
                } catch {
                    policies[key] = .failure(PolicyProblem(description: "\(key) does not compile:\n\(error.description)"))
                    problems.append("\(key) does not compile:\n\(error.description)")
                }
            }
        }
        guard let caseList = mapping["cases"]?.sequence else {
            problems.append("\(file): `cases` must be a list")
            return
        }
        var names: Set<String> = []
        for node in caseList {
            let line = (node.mark?.line ?? 0)
            guard node.mapping != nil else {
                problems.append("\(file):\(line): a case must be a mapping")
                continue
            }
            let entry = YAMLConversion.json(from: node)
            switch makeCase(entry, file: file, line: line, inline: inline) {
            case .success(let conformanceCase):
                if !names.insert(conformanceCase.name).inserted {
                    problems.append("\(file):\(line): duplicate case name `\(conformanceCase.name)`")
                }
                cases.append(conformanceCase)
            case .failure(let problem):
                problems.append("\(file):\(line): \(problem.description)")
            }
        }
    }

    private static let caseFields: Set<String> = ["name", "policy", "now", "state", "input", "steps", "expect"]
    private static let stepFields: Set<String> = ["now", "input", "expect"]

    private func makeCase(_ entry: JSONValue, file: String, line: Int, inline: [String: String]) -> Result<ConformanceCase, PolicyProblem> {
        guard case .object(let members) = entry else { return .failure(PolicyProblem(description: "a case must be a mapping")) }
        if let unknown = members.first(where: { !Self.caseFields.contains($0.0) }) {
            return .failure(PolicyProblem(description: "unknown case field `\(unknown.0)`"))
        }
        guard case .string(let name)? = entry["name"], !name.isEmpty else { return .failure(PolicyProblem(description: "a case needs a `name`")) }
        guard case .string(let policy)? = entry["policy"] else { return .failure(PolicyProblem(description: "case `\(name)` needs a `policy`")) }
        let policyKey: String
        if inline[policy] != nil {
            policyKey = "\(file)#\(policy)"
        } else if policies["Policies/\(policy)"] != nil {
            policyKey = "Policies/\(policy)"
        } else {
            return .failure(PolicyProblem(description: "case `\(name)`: no policy `\(policy)` in the file's `policies` or in Policies/"))
        }
        var state: JSONValue?
        if let raw = entry["state"], raw != .null { state = raw }
        let baseInput = entry["input"]
        var steps: [ConformanceStep] = []
        if case .array(let rawSteps)? = entry["steps"] {
            if entry["expect"] != nil { return .failure(PolicyProblem(description: "case `\(name)`: give `expect` in each step, not beside `steps`")) }
            for (offset, raw) in rawSteps.enumerated() {
                guard case .object(let stepMembers) = raw else { return .failure(PolicyProblem(description: "case `\(name)`: step \(offset + 1) must be a mapping")) }
                if let unknown = stepMembers.first(where: { !Self.stepFields.contains($0.0) }) {
                    return .failure(PolicyProblem(description: "case `\(name)`: unknown step field `\(unknown.0)`"))
                }
                guard case .string(let now)? = raw["now"] ?? entry["now"] else {
                    return .failure(PolicyProblem(description: "case `\(name)`: step \(offset + 1) needs `now`"))
                }
                guard let input = YAMLConversion.merged(baseInput, raw["input"]) else {
                    return .failure(PolicyProblem(description: "case `\(name)`: step \(offset + 1) needs `input`"))
                }
                guard let expect = raw["expect"], case .object(let fields) = expect, !fields.isEmpty else {
                    return .failure(PolicyProblem(description: "case `\(name)`: step \(offset + 1) needs a non-empty `expect`"))
                }
                steps.append(ConformanceStep(index: offset + 1, now: now, input: input, expect: expect))
            }
            if steps.isEmpty { return .failure(PolicyProblem(description: "case `\(name)`: `steps` is empty")) }
        } else {
            guard case .string(let now)? = entry["now"] else { return .failure(PolicyProblem(description: "case `\(name)` needs `now`")) }
            guard let input = baseInput else { return .failure(PolicyProblem(description: "case `\(name)` needs `input`")) }
            guard let expect = entry["expect"], case .object(let fields) = expect, !fields.isEmpty else {
                return .failure(PolicyProblem(description: "case `\(name)` needs a non-empty `expect`"))
            }
            steps = [ConformanceStep(index: 1, now: now, input: input, expect: expect)]
        }
        return .success(ConformanceCase(file: file, line: line, name: name, policyKey: policyKey, policyName: policy, state: state, steps: steps))
    }
}
