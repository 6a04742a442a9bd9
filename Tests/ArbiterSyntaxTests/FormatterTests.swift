import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The canonical formatter: golden layouts, idempotence, and that formatting keeps the
/// meaning and every comment.
///
/// `Formatter` is spelled `ArbiterSyntax.Formatter` here because Foundation declares
/// one too (only a use as a type is actually ambiguous; the full name makes it plain).
@Suite struct FormatterTests {
    /// `Tests/Fixtures/fmt/**/*.policy`, each with a sibling `.out`.
    static let goldenCases = Golden.fixtures("fmt")

    /// Every policy file of the repository that parses without a diagnostic: the fmt
    /// fixtures, the fixtures of every other phase, and the example policies.
    static let corpus: [URL] = {
        // Resolved, because the enumerator does not descend into a folder given as a link.
        let root = Golden.repositoryRoot
        let files = Golden.files(under: root.appending(path: "Tests/Fixtures").resolvingSymlinksInPath(), extension: "policy")
            + Golden.files(under: root.appending(path: "Policies").resolvingSymlinksInPath(), extension: "policy")
        return files.filter { Parser.parse(load($0)).diagnostics.isEmpty }
    }()

    static func load(_ url: URL) -> SourceFile {
        let bytes = (try? Data(contentsOf: url)).map(Array.init) ?? []
        return SourceFile(path: Golden.relativePath(url), bytes: bytes)
    }

    static func format(_ source: SourceFile) -> String {
        ArbiterSyntax.Formatter.format(Parser.parse(source).file)
    }

    static func format(_ text: String) -> String {
        format(SourceFile(path: "test.policy", text: text))
    }

    /// The comments' texts without trailing whitespace (the formatter trims it), sorted.
    static func commentTexts(_ file: PolicyFile) -> [String] {
        file.comments.map { comment in
            var text = Substring(file.source.text(of: comment.span))
            while let last = text.last, last == " " || last == "\t" || last == "\r" || last == "\u{0C}" { text.removeLast() }
            return String(text)
        }.sorted()
    }

    // MARK: - Golden layouts

    @Test(arguments: goldenCases)
    func matchesGolden(_ url: URL) {
        let source = Self.load(url)
        let parsed = Parser.parse(source)
        #expect(parsed.diagnostics.isEmpty, "fmt fixtures must parse cleanly: \(DiagnosticRenderer(files: [source]).render(parsed.diagnostics))")
        let actual = ArbiterSyntax.Formatter.format(parsed.file)
        let golden = url.deletingPathExtension().appendingPathExtension("out")
        let difference = Golden.check(actual, against: golden)
        #expect(difference == nil, "\(difference ?? "")")
    }

    @Test func fixturesExist() {
        #expect(Self.goldenCases.count >= 12)
        #expect(Self.corpus.filter { $0.deletingLastPathComponent().lastPathComponent == "Policies" }.count == 4)
    }

    // MARK: - Properties on every clean policy

    @Test(arguments: corpus)
    func isIdempotent(_ url: URL) {
        let once = Self.format(Self.load(url))
        let twice = Self.format(once)
        #expect(once == twice, "\(Golden.diff(expected: once, actual: twice))")
    }

    @Test(arguments: corpus)
    func keepsTheMeaning(_ url: URL) {
        let original = Parser.parse(Self.load(url))
        let formattedText = ArbiterSyntax.Formatter.format(original.file)
        let formatted = Parser.parse(SourceFile(path: "formatted.policy", text: formattedText))
        #expect(formatted.diagnostics.isEmpty, "\(DiagnosticRenderer(files: [formatted.file.source]).render(formatted.diagnostics))")
        let before = TreeDump.dump(original.file)
        let after = TreeDump.dump(formatted.file)
        #expect(before == after, "\(Golden.diff(expected: before, actual: after))")
    }

    @Test(arguments: corpus)
    func keepsEveryComment(_ url: URL) {
        let original = Parser.parse(Self.load(url))
        let formatted = Parser.parse(SourceFile(path: "formatted.policy", text: ArbiterSyntax.Formatter.format(original.file)))
        #expect(Self.commentTexts(original.file) == Self.commentTexts(formatted.file))
    }

    @Test(arguments: corpus)
    func endsWithOneNewlineAndUsesNoTabsOutsideComments(_ url: URL) {
        let text = Self.format(Self.load(url))
        #expect(text.isEmpty || (text.hasSuffix("\n") && !text.hasSuffix("\n\n")))
        #expect(!text.contains("\r"))
        for line in text.split(separator: "\n") {
            let code = line.prefix { $0 != "#" }
            #expect(!code.contains("\t"), "tab in `\(line)`")
            #expect(line.last != " ", "trailing space in `\(line)`")
        }
    }

    // MARK: - Random layouts

    /// Re-spells a file token by token with random spaces, tabs, line breaks, blank lines,
    /// CRLFs and comments (trailing and own-line) between the tokens. Whitespace and
    /// comments never change the tokens, so the parse must stay the same.
    static func scramble(_ source: SourceFile, seed: UInt64) -> (text: String, comments: Int) {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        func random(_ bound: UInt64) -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (state >> 33) % bound
        }
        var text = ""
        var comments = 0
        for token in Lexer.lex(source).tokens where token.kind != .endOfFile {
            text += String(decoding: source.bytes[token.start..<token.end], as: UTF8.self)
            switch random(12) {
            case 0:
                comments += 1
                text += "  # c\(comments)\n"
            case 1:
                comments += 1
                text += "\n\t# own \(comments)\r\n"
            case 2: text += "\n\n\n"
            case 3: text += "\r\n"
            case 4: text += "\t"
            case 5: text += "\n   "
            default: text += " "
            }
        }
        return (text, comments)
    }

    @Test(arguments: corpus)
    func survivesRandomLayouts(_ url: URL) {
        let source = Self.load(url)
        let expected = TreeDump.dump(Parser.parse(source).file)
        for seed in 1...25 {
            let (text, comments) = Self.scramble(source, seed: UInt64(seed))
            let scrambled = Parser.parse(SourceFile(path: "scrambled.policy", text: text))
            // The scrambling itself must keep the parse; otherwise the test proves nothing.
            #expect(scrambled.diagnostics.isEmpty && TreeDump.dump(scrambled.file) == expected, "seed \(seed)")
            let once = ArbiterSyntax.Formatter.format(scrambled.file)
            let reparsed = Parser.parse(SourceFile(path: "formatted.policy", text: once))
            #expect(reparsed.diagnostics.isEmpty, "seed \(seed)")
            #expect(TreeDump.dump(reparsed.file) == expected, "seed \(seed)")
            #expect(reparsed.file.comments.count == comments, "seed \(seed)")
            #expect(Self.commentTexts(reparsed.file) == Self.commentTexts(scrambled.file), "seed \(seed)")
            let twice = Self.format(once)
            #expect(once == twice, "seed \(seed):\n\(Golden.diff(expected: once, actual: twice))")
        }
    }

    // MARK: - Cases a fixture cannot express

    @Test func emptyFileStaysEmpty() {
        #expect(Self.format("") == "")
        #expect(Self.format("\n\n  \n") == "")
    }

    @Test func fileOfCommentsOnly() {
        #expect(Self.format("\n  # one\n\n\n\t# two   \n") == "# one\n\n# two\n")
    }

    @Test func crlfAndTabsBecomeLFAndSpaces() {
        let input = "policy p {\r\n\tdrives pricing\t# family\r\n\r\n\tkey sku\r\n}\r\n"
        let expected = "policy p {\n  drives pricing                 # family\n\n  key sku\n}\n"
        #expect(Self.format(input) == expected)
    }

    @Test(arguments: [
        (#""\u{41}""#, #""A""#),
        (#""a\"b\\c""#, #""a\"b\\c""#),
        ("\"tab\there\"", #""tab\there""#),
        (#""bell\u{7}""#, #""bell\u{7}""#),
        (#""\u{2028}\u{202e}""#, #""\u{2028}\u{202E}""#),
        (#""caf\u{e9}""#, "\"café\""),
    ])
    func stringsAreEscapedCanonically(_ written: String, _ canonical: String) {
        let output = Self.format("policy p { timezone \(written) }")
        #expect(output == "policy p {\n  timezone \(canonical)\n}\n")
    }

    @Test func doubleNegationKeepsItsTokensApart() {
        let output = Self.format("policy p { let x = --1 - -(-2) }")
        #expect(output == "policy p {\n  let x = - -1 - -(-2)\n}\n")
    }

    @Test func longExpressionsStayOnOneLine() {
        let conditions = (0..<40).map { "x > \($0)" }.joined(separator: " and ")
        let output = Self.format("policy p { goal \(conditions) }")
        #expect(output == "policy p {\n  goal \(conditions)\n}\n")
    }
}
