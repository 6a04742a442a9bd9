import Arbiter
import ArbiterReplay
import ArbiterTestSupport
import Foundation
import Testing

@Suite struct SampleHistoryTests {
    /// The seed of the committed samples under `Policies/history`.
    static let committedSeed: UInt64 = 2027
    static let committedDays = 90

    static func policy(_ name: String) throws -> CompiledPolicy {
        let url = Golden.repositoryRoot.appending(path: "Policies/\(name).policy")
        let engine = try Engine(policies: url, store: InMemoryStateStore())
        return try #require(engine.policies[name])
    }

    static func sampleURL(_ name: String) -> URL {
        Golden.repositoryRoot.appending(path: "Policies/history/\(name).csv")
    }

    @Test(arguments: SampleHistory.policies)
    func sameSeedSameBytes(policy: String) throws {
        let first = try SampleHistory.csv(policy: policy, days: 3, keys: 4, seed: 42)
        #expect(try SampleHistory.csv(policy: policy, days: 3, keys: 4, seed: 42) == first)
        #expect(try SampleHistory.csv(policy: policy, days: 3, keys: 4, seed: 43) != first)
        let path = FileManager.default.temporaryDirectory.appending(path: "sample-\(UUID().uuidString).csv").path(percentEncoded: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SampleHistory.write(policy: policy, days: 3, keys: 4, seed: 42, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first)
        // Written through `OUT.partial`, renamed at the end: nothing is left beside it.
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }

    @Test func aFailedWriteLeavesWhatWasThereAndNoPartial() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder named like the output, with a file in it: the whole history is
        // generated into the partial file, then the rename is refused.
        let target = folder.appending(path: "history.csv")
        let inside = target.appending(path: "kept.txt")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "kept\n".write(to: inside, atomically: true, encoding: .utf8)
        #expect(throws: SampleHistoryError.self) {
            try SampleHistory.write(policy: "search_ads", days: 2, seed: 1, to: target.path(percentEncoded: false))
        }
        #expect(!FileManager.default.fileExists(atPath: target.path(percentEncoded: false) + ".partial"))
        #expect(try String(contentsOf: inside, encoding: .utf8) == "kept\n")
    }

    @Test func unknownPolicyAndCounts() {
        #expect(throws: SampleHistoryError.unknownPolicy("nope", known: SampleHistory.policies)) {
            _ = try SampleHistory.csv(policy: "nope", days: 1, seed: 1)
        }
        #expect(throws: SampleHistoryError.invalidCount(name: "days", value: 0)) {
            _ = try SampleHistory.csv(policy: "search_ads", days: 0, seed: 1)
        }
        // Past 9999-12-31 no time can be written (§3), and replay would refuse every row.
        #expect(throws: SampleHistoryError.tooManyDays(2_912_048, maximum: 2_912_047)) {
            _ = try SampleHistory.csv(policy: "search_ads", days: 2_912_048, seed: 1)
        }
        // Each key's state is held while writing: a hundred million keys would not fit.
        #expect(throws: SampleHistoryError.tooManyKeys(100_000_000, maximum: 100_000)) {
            _ = try SampleHistory.csv(policy: "search_ads", days: 1, keys: 100_000_000, seed: 1)
        }
    }

    @Test(arguments: SampleHistory.policies)
    func headerIsTheTimeAndThePolicyInputs(policy: String) throws {
        let plan = try Self.policy(policy)
        let expected = ["at", plan.inputs[plan.keyInput].name] + plan.inputs.enumerated().filter { $0.offset != plan.keyInput }.map(\.element.name)
        let reader = try HistoryFile.reader(path: Self.sampleURL(policy).path(percentEncoded: false))
        #expect(reader.columns == expected)
        let generated = try SampleHistory.csv(policy: policy, days: 1, keys: 1, seed: 1)
        #expect(generated.prefix { $0 != "\n" } == expected.joined(separator: ","))
    }

    /// The committed samples are exactly what the generator writes; `UPDATE_GOLDEN=1`
    /// rewrites them.
    @Test(arguments: SampleHistory.policies)
    func committedSampleIsRegenerated(policy: String) throws {
        let url = Self.sampleURL(policy)
        let generated = try SampleHistory.csv(policy: policy, days: Self.committedDays, seed: Self.committedSeed)
        if Golden.isUpdating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try SampleHistory.write(policy: policy, days: Self.committedDays, seed: Self.committedSeed, to: url.path(percentEncoded: false))
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == generated, "\(Golden.relativePath(url)) is not what the generator writes (run with UPDATE_GOLDEN=1 to rewrite)")
    }

    /// Every row of every committed sample decodes as the policy's input, in time order.
    @Test(arguments: SampleHistory.policies)
    func committedSampleDecodes(policy: String) throws {
        let plan = try Self.policy(policy)
        var reader = try HistoryFile.reader(path: Self.sampleURL(policy).path(percentEncoded: false))
        let columnOf = Dictionary(uniqueKeysWithValues: reader.columns.enumerated().map { ($1, $0) })
        let slots = plan.inputs.map { columnOf[$0.name] }
        var previous = Instant.distantPast
        var rows = 0
        var problems: [String] = []
        while let row = try reader.nextRow() {
            rows += 1
            guard case .string(let text) = row.values[0], let at = try? Instant(parsing: text) else {
                problems.append("line \(row.line): bad time")
                continue
            }
            if at < previous { problems.append("line \(row.line): out of time order") }
            previous = at
            if case .failure(let error) = plan.input(slotValues: slots.map { $0.map { row.values[$0] } }) {
                problems.append("line \(row.line): `\(plan.inputs[error.slot].name)`: \(error.message)")
            }
            if problems.count > 5 { break }
        }
        #expect(problems.isEmpty)
        let keys = try #require(SampleHistory.defaultKeys(for: policy))
        let rowsPerKey = policy == "search_ads" ? 24 * Self.committedDays : policy == "storefront_autoscale" ? 288 * Self.committedDays : Self.committedDays
        #expect(rows == keys * rowsPerKey)
    }
}
