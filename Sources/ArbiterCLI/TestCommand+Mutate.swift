import Arbiter
import ArbiterPolicyTests
import ArbiterSyntax
import Foundation
import Synchronization

/// Runs every tested policy's cases on its mutants and reports the survivors.
struct MutationRun {
    let suites: [TestSuite]
    let results: [CaseResult]

    /// What became of one mutant.
    enum Fate: Sendable {
        case killed, survived, invalid
    }

    /// The report: each surviving mutant at its place, then the score.
    func execute() -> String {
        // The cases of each policy that pass on the original: a failing case kills nothing.
        let passing = Set(results.filter(\.passed).map { "\($0.file)\u{0}\($0.name)" })
        var order: [String] = []
        var targets: [String: PolicyTarget] = [:]
        var cases: [String: [(file: String, testCase: PolicyTestCase)]] = [:]
        for suite in suites {
            if targets[suite.target.key] == nil {
                order.append(suite.target.key)
                targets[suite.target.key] = suite.target
            }
            for testCase in suite.file.cases where passing.contains("\(suite.file.path)\u{0}\(testCase.name)") {
                cases[suite.target.key, default: []].append((suite.file.path, testCase))
            }
        }
        var jobs: [(target: PolicyTarget, mutant: Mutant)] = []
        for key in order {
            guard let target = targets[key], cases[key]?.isEmpty == false else { continue }
            jobs += PolicyMutator.mutants(of: target.tree, in: target.source).map { (target, $0) }
        }
        let fates = Mutex([Fate](repeating: .invalid, count: jobs.count))
        let work = jobs
        let caseSets = cases
        // Two workers (the machines this runs on have two cores), each taking every other mutant.
        let workers = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: work.count, by: workers) {
                let job = work[index]
                let fate = Self.fate(of: job.mutant, target: job.target, cases: caseSets[job.target.key] ?? [])
                fates.withLock { $0[index] = fate }
            }
        }
        let outcome = fates.withLock { $0 }
        var out = "mutants:\n"
        var survivors = ""
        var killed = 0, survived = 0, invalid = 0
        let width = order.compactMap { targets[$0]?.name.count }.max() ?? 0
        for key in order {
            guard let target = targets[key] else { continue }
            let mine = jobs.indices.filter { jobs[$0].target.key == key }
            guard !mine.isEmpty else { continue }
            let dead = mine.filter { if case .killed = outcome[$0] { true } else { false } }.count
            let broken = mine.filter { if case .invalid = outcome[$0] { true } else { false } }.count
            let name = target.name + String(repeating: " ", count: width - target.name.count)
            out += "  \(name)  \(dead) of \(mine.count - broken) killed\n"
        }
        for (index, job) in jobs.enumerated() {
            switch outcome[index] {
            case .killed: killed += 1
            case .invalid: invalid += 1
            case .survived:
                survived += 1
                survivors += "\(job.target.source.path):\(job.mutant.line):\(job.mutant.column): survived: \(job.mutant.change)\n"
            }
        }
        let valid = killed + survived
        out += survivors
        // A header over nothing says nothing: without a passing case no mutant was tried.
        guard valid > 0 else {
            return (out == "mutants:\n" ? "" : out) + "no mutation score: no mutant was run (mutants run on the passing cases only)\n"
        }
        let score = Double(killed) * 100 / Double(valid)
        out += "mutation score \(CoverageTable.format(score))% (\(killed) of \(valid) mutants killed, \(invalid) did not compile)\n"
        return out
    }

    /// Compiles the mutant alone and runs the cases on it until one fails.
    static func fate(of mutant: Mutant, target: PolicyTarget, cases: [(file: String, testCase: PolicyTestCase)]) -> Fate {
        let source = SourceFile(path: target.source.path, text: mutant.apply(to: target.source))
        guard let compiled = try? Engine.compile([source]), let plan = compiled[target.name] else { return .invalid }
        for entry in cases {
            let result = PolicyTestRunner.run(entry.testCase, file: entry.file, on: plan, mutant: true)
            // A case whose state the mutant cannot load even so made no decision: it tells
            // the mutant apart by its setup, not by what it decides.
            if !result.passed, !result.stateFailed { return .killed }
        }
        return .survived
    }
}
