import Arbiter
import ArbiterPolicyTests
import ArbiterSyntax
import Foundation
import Yams

/// A compiled policy under test, with the source and tree its mutants are made from.
struct PolicyTarget {
    /// The policy's name.
    var name: String
    /// Where it was found: `path#name` (the file's resolved path), the key coverage and
    /// mutants are grouped by.
    var key: String
    var plan: CompiledPolicy
    var source: SourceFile
    var tree: Policy
}

/// Reads test files and finds and compiles their policies, once per folder or file.
struct TestTargetLoader {
    /// Compiled policy sets by the folder or file they were loaded from.
    private var loaded: [String: Result<[String: PolicyTarget], CouldNotRun>] = [:]
    /// Why a policy of a folder did not load, by `identity#name`: a folder with a broken
    /// file loads its other files, and only a test naming a policy of the broken file fails.
    private var broken: [String: CouldNotRun] = [:]
    /// The files left out so, with why, until a test names one of their policies (each is
    /// warned about once the tests are loaded: no test reads it, but it is broken).
    private(set) var unnamedBrokenFiles: [(path: String, failure: CouldNotRun)] = []

    /// Reads `path` and finds its policy; a problem at a place when either fails.
    mutating func load(_ path: String) -> Result<(file: PolicyTestFile, target: PolicyTarget), TestFileProblem> {
        let data: Data
        do {
            data = try FilePaths.contents(of: path)
        } catch {
            return .failure(TestFileProblem(file: path, line: 1, column: 1, message: error.message))
        }
        let file: PolicyTestFile
        // A byte order mark, which some editors write, is not part of the YAML.
        // Not repaired: a bad byte read as U+FFFD would change a key or a value unseen.
        guard let text = String(validating: data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...], as: UTF8.self) else {
            let place = UTF8Validation.firstInvalidByte(in: data)
            let utf16 = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
            return .failure(TestFileProblem(file: path, line: place?.line ?? 1, column: place?.column ?? 1,
                                            message: "the file is not valid UTF-8" + (utf16 ? " (it looks like UTF-16: save it as UTF-8)" : "")))
        }
        do { file = try PolicyTestFile.parse(text, path: path) } catch { return .failure(error) }
        func problem(_ message: String) -> TestFileProblem {
            TestFileProblem(file: path, line: file.policyLine, column: file.policyColumn, message: message)
        }
        let folder = (path as NSString).deletingLastPathComponent
        let (isPath, location) = Self.policyLocation(file.policy, namedBy: path)
        if isPath {
            guard FileManager.default.fileExists(atPath: location) else {
                return .failure(problem("no policy file `\(file.policy)`" + (file.policy.hasPrefix("/") ? "" : " beside the test (looked for \(location))")))
            }
        }
        switch targets(in: location) {
        case .failure(let failure): return .failure(problem(failure.message))
        case .success(let targets):
            if isPath {
                guard targets.count == 1, let only = targets.values.first else {
                    if targets.isEmpty { return .failure(problem("`\(file.policy)` holds no policy")) }
                    let names = targets.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
                    let besideTest = FilePaths.identity((location as NSString).deletingLastPathComponent) == FilePaths.identity(folder.isEmpty ? "." : folder)
                    // A name is looked up in the test's own folder: naming one helps only there.
                    let advice = besideTest ? "name one of them instead" : "put the test beside it and name one of them, or give a file that holds one policy"
                    return .failure(problem("`\(file.policy)` holds \(targets.count) policies (\(names)); \(advice)"))
                }
                return .success((file, only))
            }
            guard let target = targets[file.policy] else {
                if let failure = broken["\(FilePaths.identity(location))#\(file.policy)"] {
                    unnamedBrokenFiles.removeAll { $0.failure.message == failure.message }
                    return .failure(problem(failure.message))
                }
                let known = targets.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
                return .failure(problem("unknown policy `\(file.policy)`; \(location) holds \(known.isEmpty ? "none" : known)"))
            }
            return .success((file, target))
        }
    }

    /// Notes the policy a test file that did not load names, when its `policy:` can still
    /// be read (the file failed for another reason, such as a missing `now`): a broken
    /// policy file it names is then no longer one that no test names.
    mutating func noteNamedPolicy(ofTestThatFailed path: String) {
        guard let data = try? FilePaths.contents(of: path), let text = String(validating: data, as: UTF8.self),
              let root = try? Yams.compose(yaml: text), let policy = root["policy"]?.string else { return }
        let (isPath, location) = Self.policyLocation(policy, namedBy: path)
        if isPath {
            unnamedBrokenFiles.removeAll { FilePaths.identity($0.path) == FilePaths.identity(location) }
        } else if let failure = broken["\(FilePaths.identity(location))#\(policy)"] {
            unnamedBrokenFiles.removeAll { $0.failure.message == failure.message }
        }
    }

    /// Where a test file's `policy:` points: for a path (a `.policy` name or one with a
    /// `/`), the file, beside the test wherever `arbiter test` runs (an absolute path as
    /// it is); for a name, the test's own folder, whose policies it is looked up among.
    static func policyLocation(_ policy: String, namedBy testPath: String) -> (isPath: Bool, location: String) {
        let folder = (testPath as NSString).deletingLastPathComponent
        guard policy.hasSuffix(".policy") || policy.contains("/") else { return (false, folder.isEmpty ? "." : folder) }
        return (true, policy.hasPrefix("/") || folder.isEmpty ? policy : (folder as NSString).appendingPathComponent(policy))
    }

    /// Whether the test file at `path`, whose policy did not load, may name one of
    /// `policyFiles` (identities): it does not when it names a policy by name that none of
    /// them declares, or a policy file that is none of them. A file that does not parse
    /// may name anything.
    mutating func mayName(_ path: String, oneOf policyFiles: [String]) -> Bool {
        guard let data = try? FilePaths.contents(of: path), let text = String(validating: data, as: UTF8.self),
              let file = try? PolicyTestFile.parse(text, path: path) else { return true }
        let (isPath, location) = Self.policyLocation(file.policy, namedBy: path)
        if isPath { return policyFiles.contains(FilePaths.identity(location)) }
        return policyFiles.contains { policyFile in
            guard case .success(let targets) = targets(in: policyFile) else { return true }
            return targets[file.policy] != nil
        }
    }

    /// The policies of a folder (its own `*.policy` files, not its subfolders': a test
    /// names a policy beside it) or a file, parsed, checked and compiled.
    private mutating func targets(in location: String) -> Result<[String: PolicyTarget], CouldNotRun> {
        // By the file itself, not its spelling: `tiny.policy` and `./tiny.policy` named by
        // two test files are one policy, for coverage and mutants alike.
        let identity = FilePaths.identity(location)
        if let cached = loaded[identity] { return cached }
        let result: Result<[String: PolicyTarget], CouldNotRun>
        do {
            var isFolder: ObjCBool = false
            var files = [location]
            if FileManager.default.fileExists(atPath: location, isDirectory: &isFolder), isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: location)) ?? []
                files = names.filter { $0.hasSuffix(".policy") && !$0.hasPrefix(".") }.sorted().map { (location as NSString).appendingPathComponent($0) }.filter {
                    var isSubfolder: ObjCBool = false
                    return FileManager.default.fileExists(atPath: $0, isDirectory: &isSubfolder) && !isSubfolder.boolValue
                        && FilePaths.special($0) == nil
                }
            }
            if files.isEmpty {
                loaded[identity] = .success([:])
                return .success([:])
            }
            let analysis = try PolicyAnalysis.load(files)
            if let failure = Self.failure(of: analysis, location: location) {
                guard files.count > 1 else { throw failure }
                // One broken file must not fail the tests of the others: each file alone.
                var targets: [String: PolicyTarget] = [:]
                for file in files {
                    let alone = try PolicyAnalysis.load([file])
                    let names = alone.parsed.flatMap(\.file.policies).map(\.name.name)
                    if let failure = Self.failure(of: alone, location: file) {
                        for name in names { broken["\(identity)#\(name)"] = failure }
                        unnamedBrokenFiles.append((file, failure))
                        continue
                    }
                    for (name, target) in try Self.compiled(alone) {
                        if let other = targets[name] {
                            broken["\(identity)#\(name)"] = CouldNotRun("policy `\(name)` is declared in both \(other.source.path) and \(target.source.path)")
                        } else if broken["\(identity)#\(name)"] == nil {
                            targets[name] = target
                        }
                    }
                }
                for key in broken.keys where key.hasPrefix("\(identity)#") { targets[String(key.dropFirst(identity.count + 1))] = nil }
                result = .success(targets)
            } else {
                result = .success(try Self.compiled(analysis))
            }
        } catch let failure as CouldNotRun {
            result = .failure(failure)
        } catch {
            result = .failure(CouldNotRun("\(error)"))
        }
        loaded[identity] = result
        return result
    }

    /// The first error of an analysis as a failure naming where it is (it may not be in
    /// the test's own policy); nil when there is none.
    private static func failure(of analysis: PolicyAnalysis, location: String) -> CouldNotRun? {
        guard let first = analysis.diagnostics.first(where: { $0.severity == .error }) else { return nil }
        let place = analysis.sources.first { $0.id == first.span.file }.map { source in
            let (line, column) = source.location(of: first.span.start)
            return "\(source.path):\(line):\(column): "
        } ?? ""
        return CouldNotRun("the policies in \(location) have errors: \(place)\(first.message) (`arbiter check \(location)` shows them)")
    }

    /// The policies of an analysis without errors, compiled, by name.
    private static func compiled(_ analysis: PolicyAnalysis) throws -> [String: PolicyTarget] {
        let compiled: [String: CompiledPolicy]
        do { compiled = try Engine.compile(analysis.sources) } catch { throw CouldNotRun(error.description) }
        var targets: [String: PolicyTarget] = [:]
        for parsed in analysis.parsed {
            for tree in parsed.file.policies {
                guard let plan = compiled[tree.name.name] else { continue }
                let name = tree.name.name
                let key = "\(FilePaths.identity(parsed.file.source.path))#\(name)"
                targets[name] = PolicyTarget(name: name, key: key, plan: plan, source: parsed.file.source, tree: tree)
            }
        }
        return targets
    }
}
