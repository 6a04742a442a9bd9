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

    @Option(help: "The random seed; the same seed gives the same file (2027 made Policies/history/).")
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
        do {
            try SampleHistory.write(policy: example, days: days, keys: keys, seed: seed, to: target)
        } catch {
            throw CouldNotRun(error.description)
        }
        OutputSink.current.write("wrote \(output)\n")
    }

    /// The example's name: `argument` itself, or for a path (a `.policy` name or one
    /// with a `/`, as the other commands take policies) the name of the one policy the
    /// file holds.
    static func exampleName(_ argument: String) throws -> String {
        guard argument.hasSuffix(".policy") || argument.contains("/") else { return argument }
        let parsed = Parser.parse(try PolicySources.load(argument))
        let names = parsed.file.policies.map(\.name.name)
        guard names.count == 1 else {
            throw CouldNotRun("\(argument) holds \(names.count == 0 ? "no policy" : "\(names.count) policies (\(names.joined(separator: ", ")))"); "
                + "sample-history takes one example policy, by name or by its file")
        }
        return names[0]
    }
}
