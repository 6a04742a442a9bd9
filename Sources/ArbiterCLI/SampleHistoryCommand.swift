import Arbiter
import ArbiterReplay
import ArbiterSyntax
import ArgumentParser
import Foundation

/// `arbiter sample-history POLICY`: write a realistic, seeded history for an example policy.
struct SampleHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-history",
        abstract: "Write a seeded, realistic history for one of the example policies (CSV).",
        discussion: """
            POLICY is garden_pricing, search_ads, storefront_autoscale or category_ranking, \
            or a policy file holding one of them (Policies/garden_pricing.policy).
            """
    )

    @ArgumentParser.Argument(help: "The example policy, by name or by its file.")
    var policy: String

    // `.unconditional`: `--days -1` is a value to refuse with the range, not a missing one.
    @Option(parsing: .unconditional, help: "Days of history.")
    var days = 90

    @Option(parsing: .unconditional, help: "Keys (skus, campaigns, services); default: 300, 8, 1 or 150 by policy.")
    var keys: Int?

    @Option(parsing: .unconditional, help: "The random seed; the same seed gives the same file (2027 made Policies/history/).")
    var seed: UInt64 = 2027

    @Option(help: "The file to write (.csv, or .csv.gz).")
    var output: String

    func run() async throws {
        // The file is CSV (gzip-compressed for `.gz`), named so: replay reads a file by
        // its name, and a policy or a notes file must not be overwritten by a typo.
        let name = output.lowercased()
        guard name.hasSuffix(".csv") || name.hasSuffix(".csv.gz") else {
            throw CouldNotRun("--output: sample-history writes CSV; name the file .csv or .csv.gz, got \(output)")
        }
        let target = try FilePaths.checkOutput(output, flag: "--output", inputs: [], of: "sample-history")
        let example = try Self.exampleName(policy)
        let mode = FilePaths.mode(of: target)
        do {
            try SampleHistory.write(policy: example, days: days, keys: keys, seed: seed, to: target)
        } catch {
            throw CouldNotRun(error.description)
        }
        FilePaths.restoreMode(mode, of: target)
        OutputSink.current.write("wrote \(output)\n")
    }

    /// The example's name: `argument` itself, or for a path (a `.policy` name or one
    /// with a `/`, as the other commands take policies) the name of the one policy the
    /// file holds, which must read the columns the example's history has: a copy that
    /// renamed or added a required input could not replay what is written for it.
    static func exampleName(_ argument: String) throws -> String {
        guard argument.hasSuffix(".policy") || argument.contains("/") else { return argument }
        guard argument.hasSuffix(".policy") else {
            throw CouldNotRun("\(argument) is not a policy file: sample-history takes an example policy by name (garden_pricing) or by its .policy file")
        }
        let analysis = try PolicyAnalysis.load([argument])
        if let error = analysis.diagnostics.first(where: { $0.severity == .error }),
           let source = analysis.sources.first(where: { $0.id == error.span.file }) {
            let (line, column) = source.location(of: error.span.start)
            throw CouldNotRun("\(argument) is not a policy that checks: \(source.path):\(line):\(column): \(error.message) (`arbiter check \(argument)` shows the errors)")
        }
        let plans: [String: CompiledPolicy]
        do { plans = try Engine.compile(analysis.sources) } catch { throw CouldNotRun(error.description) }
        guard plans.count == 1, let plan = plans.values.first else {
            let names = plans.keys.sorted().joined(separator: ", ")
            throw CouldNotRun("\(argument) holds \(plans.isEmpty ? "no policy" : "\(plans.count) policies (\(names))"); "
                + "sample-history takes one example policy, by name or by its file")
        }
        let name = plan.name
        guard SampleHistory.policies.contains(name) else { return name }
        // The header of the example's history: `at`, the key, the inputs.
        let header = (try? SampleHistory.csv(policy: name, days: 1, keys: 1, seed: 0))?.prefix { $0 != "\n" }
        let columns = Set(header.map { $0.split(separator: ",").map(String.init) } ?? [])
        let missing = plan.inputs.filter { !columns.contains($0.name) && !$0.isOptional }.map(\.name)
        if !missing.isEmpty {
            throw CouldNotRun("\(argument): policy `\(name)` reads \(missing.map { "`\($0)`" }.joined(separator: ", ")), which the sample history of "
                + "`\(name)` has no column for (it has \(columns.subtracting(["at"]).sorted().joined(separator: ", "))); "
                + "the sample is written for the example policy's inputs")
        }
        return name
    }
}
