import ArbiterSyntax
import ArgumentParser
import Foundation

/// `arbiter fmt PATH…`: rewrite policy files in the canonical layout.
struct FormatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format policy files in the canonical layout.",
        discussion: """
            Rewrites the files in place unless --check or --stdout is given. A file with \
            syntax errors is left alone and its errors are shown. Exit codes: 0 done (or \
            already formatted), 1 a file would change (--check) or has syntax errors, 2 could not run.
            """
    )

    @ArgumentParser.Argument(help: "Policy files or folders.")
    var paths: [String]

    @Flag(help: "Change nothing; list the files that are not formatted and exit 1 if any.")
    var check = false

    @Flag(help: "Print the formatted text instead of rewriting the files (several files: each after a `# ==> FILE <==` line).")
    var stdout = false

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    func run() async throws {
        let output = OutputSink.current
        // With both, --check would be silently ignored and a CI step always pass.
        if check, stdout { throw CouldNotRun("--check and --stdout cannot be used together: --check changes and prints nothing but the files that would change") }
        let files = try PolicySources.discover(paths)
        if files.isEmpty { throw CouldNotRun("no .policy files found in \(paths.joined(separator: ", "))") }
        var failed = false
        var changed: [String] = []
        for path in files {
            let source = try PolicySources.load(path)
            let parsed = Parser.parse(source)
            if parsed.diagnostics.hasErrors {
                let renderer = DiagnosticRenderer(files: [source], color: color.enabled(for: output))
                for diagnostic in parsed.diagnostics { output.error(renderer.render(diagnostic) + "\n") }
                output.error("error: \(path) has syntax errors and was not formatted\n")
                failed = true
                continue
            }
            let formatted = Formatter.format(parsed.file)
            let original = String(decoding: source.bytes, as: UTF8.self)
            if stdout {
                // Several files: each under a comment naming it, so the output still
                // parses and says where each text belongs.
                if files.count > 1 { output.write("# ==> \(path.escapingControlCharacters()) <==\n") }
                output.write(formatted)
                continue
            }
            guard formatted != original else { continue }
            changed.append(path)
            if check {
                output.write("would reformat \(path)\n")
            } else {
                try Self.rewrite(path, with: formatted)
                output.write("formatted \(path)\n")
            }
        }
        if check, !changed.isEmpty {
            output.write("\(plural(changed.count, "file", "files")) would be reformatted\n")
            throw ExitStatus.failure
        }
        if failed { throw ExitStatus.failure }
    }

    /// Replaces a file's text as the file it is: through a symbolic link to its target
    /// (not replacing the link), keeping its permissions (a 0600 file stays private).
    ///
    /// A read-only file (one the user cannot write, or with no write permission for
    /// anyone, which even root is refused here) is an error, not replaced. The text is
    /// written to a new file renamed over the old one, so a crash leaves one or the
    /// other whole; when that would change what the file is (another owner's file, a
    /// file with hard links, a folder the user cannot write), it is written in place.
    static func rewrite(_ path: String, with text: String) throws {
        let files = FileManager.default
        let target = URL(filePath: path).resolvingSymlinksInPath()
        let attributes = (try? files.attributesOfItem(atPath: target.path)) ?? [:]
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue
        if !files.isWritableFile(atPath: target.path) || permissions.map({ $0 & 0o222 == 0 }) == true {
            throw CouldNotRun("cannot write \(path): the file is read-only")
        }
        let links = (attributes[.referenceCount] as? NSNumber)?.intValue ?? 1
        let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value
        let folder = target.deletingLastPathComponent().path
        let inPlace = links > 1 || owner.map { $0 != geteuid() } == true || !files.isWritableFile(atPath: folder)
        do {
            if inPlace {
                try Data(text.utf8).write(to: target)
            } else {
                try Data(text.utf8).write(to: target, options: .atomic)
                if let permissions { try files.setAttributes([.posixPermissions: permissions], ofItemAtPath: target.path) }
            }
        } catch {
            throw CouldNotRun("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
