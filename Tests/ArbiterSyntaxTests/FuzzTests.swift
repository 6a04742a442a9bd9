import ArbiterChecker
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The parser on hostile input: it never crashes, never hangs, keeps every span inside
/// the file, and past its nesting limit reports once instead of overflowing the stack.
/// The checker runs on every mutation too (it checks files with parse errors as far as
/// they go), under the same invariants.
@Suite struct FuzzTests {
    // MARK: - Random mutations

    /// The example policies and the valid parse fixtures, the seeds of every mutation.
    static let seeds: [[UInt8]] = {
        let folders = [Golden.repositoryRoot.appending(path: "Policies"), Golden.fixturesFolder("parse/valid")]
        return folders.flatMap { Golden.files(under: $0, extension: "policy") }
            .compactMap { try? Data(contentsOf: $0) }
            .map { Array($0) }
            .filter { !$0.isEmpty }
    }()

    /// Checks what must hold for any input; returns the failures as text.
    static func checkInvariants(_ bytes: [UInt8], path: String = "fuzz.policy") -> [String] {
        checkInvariants(of: Parser.parse(SourceFile(path: path, bytes: bytes)))
    }

    static func checkInvariants(of result: ParseResult) -> [String] {
        let source = result.file.source
        var failures = problems(in: result.diagnostics, of: source, phase: "parser")
        // Dumping and rendering walk the whole tree and every span.
        _ = TreeDump.dump(result.file, spans: true)
        _ = DiagnosticRenderer(files: [source]).render(result.diagnostics)
        let checked = Checker.check([result])
        failures += problems(in: checked.diagnostics, of: source, phase: "checker")
        _ = DiagnosticRenderer(files: [source]).render(checked.diagnostics)
        return failures
    }

    private static func problems(in diagnostics: [Diagnostic], of source: SourceFile, phase: String) -> [String] {
        var failures: [String] = []
        for diagnostic in diagnostics {
            let span = diagnostic.span
            if span.file != source.id { failures.append("\(phase): `\(diagnostic.message)` points into another file") }
            if !(0 <= span.start && span.start <= span.end && span.end <= source.bytes.count) {
                failures.append("\(phase): span \(span.start)..<\(span.end) of `\(diagnostic.message)` is outside the \(source.bytes.count) bytes")
            }
            if diagnostic.message.isEmpty || diagnostic.message.contains("\n") {
                failures.append("\(phase): the message `\(diagnostic.message)` is empty or spans lines")
            }
        }
        return failures
    }

    enum Mutation: CaseIterable {
        case deleteToken, duplicateToken, swapTokens, insertBytes, insertToken, truncate
    }

    /// Applies one to three random mutations to a seed, at token boundaries where it has any.
    static func mutate(_ seed: [UInt8], using random: inout EBNF.SplitMix64) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let tokens = Lexer.lex(SourceFile(path: "seed", bytes: bytes)).tokens.dropLast()
                .map { $0.start..<$0.end }
            let mutation = Mutation.allCases.randomElement(using: &random)!
            switch mutation {
            case .deleteToken where !tokens.isEmpty:
                bytes.removeSubrange(tokens.randomElement(using: &random)!)
            case .duplicateToken where !tokens.isEmpty:
                let token = tokens.randomElement(using: &random)!
                bytes.insert(contentsOf: Array(bytes[token]) + [32], at: token.lowerBound)
            case .swapTokens where tokens.count >= 2:
                var pair = [tokens.randomElement(using: &random)!, tokens.randomElement(using: &random)!]
                pair.sort { $0.lowerBound < $1.lowerBound }
                guard pair[0].upperBound <= pair[1].lowerBound else { continue }
                let first = Array(bytes[pair[0]])
                let second = Array(bytes[pair[1]])
                bytes.replaceSubrange(pair[1], with: first)
                bytes.replaceSubrange(pair[0], with: second)
            case .insertToken:
                let spellings = ["(", ")", "{", "}", "if", "then", "else", "not", "-", "..", "per", "1d", "\"", "#", ":", "?",
                                 "between", "and", "within", "exists", "by", "rule", "policy", "12.5 EUR", "2027-02-30", "\\"]
                let text = Array((spellings.randomElement(using: &random)! + " ").utf8)
                let at = tokens.isEmpty ? 0 : tokens.randomElement(using: &random)!.lowerBound
                bytes.insert(contentsOf: text, at: at)
            case .insertBytes:
                let count = Int.random(in: 1...8, using: &random)
                // Mostly printable ASCII, sometimes anything: NUL, control bytes, invalid UTF-8.
                let inserted: [UInt8] = (0..<count).map { _ in
                    Int.random(in: 0..<4, using: &random) == 0 ? UInt8.random(in: 0...255, using: &random)
                        : UInt8.random(in: 32...126, using: &random)
                }
                bytes.insert(contentsOf: inserted, at: Int.random(in: 0...bytes.count, using: &random))
            case .truncate:
                bytes.removeSubrange(Int.random(in: 0...bytes.count, using: &random)...)
            default:
                continue
            }
        }
        return bytes
    }

    /// 12,000 mutations in four seeded batches (the batches run in parallel).
    @Test(arguments: 0..<4)
    func mutatedPoliciesKeepTheInvariants(batch: Int) {
        #expect(Self.seeds.count >= 10)
        var random = EBNF.SplitMix64(seed: 0xA5B1_7E12 &+ UInt64(batch))
        var failed = 0
        var diagnosed = 0
        for iteration in 0..<3000 {
            let seed = Self.seeds[iteration % Self.seeds.count]
            let mutated = Self.mutate(seed, using: &random)
            let result = Parser.parse(SourceFile(path: "fuzz.policy", bytes: mutated))
            let failures = Self.checkInvariants(of: result)
            if !failures.isEmpty {
                failed += 1
                if failed <= 3 {
                    Issue.record("batch \(batch) mutation \(iteration): \(failures)\n\(String(decoding: mutated, as: UTF8.self))")
                }
            }
            if !result.diagnostics.isEmpty { diagnosed += 1 }
        }
        #expect(failed == 0)
        // The mutations are not all harmless, nor all fatal.
        #expect(diagnosed > 300 && diagnosed < 3000, "\(diagnosed) of 3000 mutations have diagnostics")
    }

    /// Differential check on clean-lexing mutations: the parser accepts a file without a
    /// diagnostic exactly when it is a sentence of the grammar (as the parser reads the
    /// closed word sets, see `EBNF.lenient`).
    @Test(arguments: 0..<2)
    func parserAcceptsExactlyTheGrammar(batch: Int) {
        let grammar = EBNF.lenient(EBNF.Grammar.file)
        var random = EBNF.SplitMix64(seed: 0x5EED_0000 &+ UInt64(batch))
        var compared = 0
        var disagreements = 0
        for iteration in 0..<1500 {
            let mutated = Self.mutate(Self.seeds[iteration % Self.seeds.count], using: &random)
            let source = SourceFile(path: "differential.policy", bytes: mutated)
            guard String(validating: mutated, as: UTF8.self) != nil, let words = EBNF.words(of: source) else { continue }
            let diagnostics = Parser.parse(source).diagnostics
            let grammatical = EBNF.Recognizer(grammar: grammar, words: words).accepts()
            compared += 1
            if diagnostics.isEmpty != grammatical {
                disagreements += 1
                if disagreements <= 3 {
                    let rendered = DiagnosticRenderer(files: [source]).render(diagnostics)
                    Issue.record("""
                        parser \(diagnostics.isEmpty ? "accepts" : "rejects") but the grammar \(diagnostics.isEmpty ? "rejects" : "accepts"):
                        \(String(decoding: mutated, as: UTF8.self))
                        \(rendered)
                        """)
                }
            }
        }
        #expect(disagreements == 0)
        #expect(compared > 500)
    }

    // MARK: - Edge cases

    static func parse(_ text: String) -> (SourceFile, ParseResult) {
        let source = SourceFile(path: "edge.policy", text: text)
        return (source, Parser.parse(source))
    }

    static func parse(bytes: [UInt8]) -> (SourceFile, ParseResult) {
        let source = SourceFile(path: "edge.policy", bytes: bytes)
        return (source, Parser.parse(source))
    }

    @Test func emptyFile() {
        let (_, result) = Self.parse("")
        #expect(result.diagnostics.isEmpty)
        #expect(result.file.policies.isEmpty)
        #expect(TreeDump.dump(result.file).isEmpty)
    }

    @Test func whitespaceAndCommentsOnly() {
        let (_, result) = Self.parse(" \n\t\r\n# only a comment\n\u{0C}")
        #expect(result.diagnostics.isEmpty)
        #expect(result.file.comments.count == 1)
    }

    @Test(arguments: 0..<20)
    func binaryGarbage(seed: Int) {
        var random = EBNF.SplitMix64(seed: UInt64(seed))
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
        #expect(Self.checkInvariants(bytes).isEmpty)
        let (_, result) = Self.parse(bytes: bytes)
        #expect(!result.diagnostics.isEmpty)
        // Garbage that is valid UTF-8: control bytes and punctuation.
        let ascii = (0..<4096).map { _ in UInt8.random(in: 0...127, using: &random) }
        #expect(Self.checkInvariants(ascii).isEmpty)
        #expect(!Self.parse(bytes: ascii).1.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ([0x80], 0),                                     // a lone continuation byte
        ([0x61, 0x62, 0xFF, 0x63], 2),                   // a byte that never occurs in UTF-8
        ([0x61, 0xE2, 0x82], 1),                         // a sequence cut off by the end of the file
        ([0x61, 0xC0, 0xAF], 1),                         // an overlong encoding of `/`
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),             // an encoded surrogate
        ([0x23, 0x20, 0xC3, 0xA9, 0x20, 0xC3, 0x28], 5), // `# é` then a broken sequence in a comment
    ] as [([UInt8], Int)])
    func invalidUTF8IsReportedAtTheFirstBadByte(_ bytes: [UInt8], _ offset: Int) throws {
        let (_, result) = Self.parse(bytes: bytes)
        #expect(result.diagnostics.count == 1)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .invalidUTF8)
        #expect(diagnostic.span.start == offset)
        #expect(diagnostic.span.end == offset + 1)
    }

    @Test func oneMegabyteLineOfItems() {
        var line = "policy wide { drives pricing key sku"
        var count = 0
        while line.utf8.count < 1_000_000 {
            line += " rule r\(count) { when stock > \(count) and price < 12.50 EUR set price = price * 90% }"
            count += 1
        }
        line += " }"
        let (_, result) = Self.parse(line)
        #expect(result.diagnostics.isEmpty)
        #expect(result.file.policies.first?.items.count == count + 2)
    }

    @Test func oneMegabyteComment() {
        let (_, result) = Self.parse("policy p { # " + String(repeating: "é", count: 500_000) + "\n}")
        #expect(result.diagnostics.isEmpty)
        #expect(result.file.comments.first?.span.length == 2 + 1_000_000)
    }

    @Test func oneMegabyteString() throws {
        let (_, result) = Self.parse("policy p { let s = \"" + String(repeating: "ab\\\"", count: 250_000) + "\" }")
        #expect(result.diagnostics.isEmpty)
        let item = try #require(result.file.policies.first?.items.first)
        guard case .let(let declaration) = item.kind, case .literal(.string(let text)) = declaration.value.kind else {
            Issue.record("expected a let of a string")
            return
        }
        #expect(text.utf8.count == 750_000)
    }

    @Test func oneMegabyteOfGarbageOnOneLine() {
        let (_, result) = Self.parse("policy p { let x = " + String(repeating: "@~$", count: 350_000) + " }")
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.code == .unexpectedCharacter)
    }

    /// Ten thousand levels of each nestable form: one diagnostic, no stack overflow, and
    /// the parser goes on with the next item.
    static let deepExpressions: [(String, String)] = [
        ("parentheses", String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)),
        ("if conditions", String(repeating: "if ", count: 10_000) + "a" + String(repeating: " then b else c", count: 10_000)),
        ("if branches", String(repeating: "if a then ", count: 10_000) + "b" + String(repeating: " else c", count: 10_000)),
        ("not", String(repeating: "not ", count: 10_000) + "a"),
        ("unary minus", String(repeating: "-", count: 10_000) + "a"),
        ("unary minus with spaces", String(repeating: "- ", count: 10_000) + "a"),
        ("calls", String(repeating: "f(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)),
        ("coalesce chain", Array(repeating: "a", count: 10_000).joined(separator: " ?? ")),
        ("addition chain", Array(repeating: "a", count: 10_000).joined(separator: " + ")),
        ("and chain", Array(repeating: "a", count: 10_000).joined(separator: " and ")),
        ("unclosed parentheses", String(repeating: "(", count: 10_000)),
        ("mixed", String(repeating: "(not -f(if a then ", count: 3_000) + "b"),
    ]

    @Test(arguments: deepExpressions)
    func deepNestingIsOneDiagnostic(_ name: String, _ expression: String) throws {
        let (source, result) = Self.parse("policy deep {\n  let x = \(expression)\n  let after = 1\n}\n")
        let rendered = DiagnosticRenderer(files: [source]).render(result.diagnostics)
        #expect(result.diagnostics.count == 1, "\(name):\n\(rendered.prefix(2000))")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .nestedTooDeeply)
        #expect(diagnostic.message == "expression nested too deeply")
        let names = result.file.policies.first?.items.compactMap { item -> String? in
            if case .let(let declaration) = item.kind { return declaration.name.name }
            return nil
        }
        #expect(names?.last == "after", "\(name): the item after the deep one is parsed")
    }

    /// In a rule or a budget the rest of a too-deep expression is skipped to the next
    /// clause: the `else`s of its `if`s are not taken for a budget's `else` clause, each
    /// reported again (one per `else`, 5,000 of them), while a budget's own `else` after
    /// the expression still is one.
    @Test(arguments: [
        String(repeating: "if a then 1 else\n", count: 5_000) + "2",
        String(repeating: "if a then ", count: 5_000) + "1" + String(repeating: " else 2", count: 5_000),
        String(repeating: "if if ", count: 2_000) + "a" + String(repeating: " then a else b then 1 else 2", count: 2_000),
    ])
    func deepConditionalInAClauseIsOneDiagnostic(_ expression: String) throws {
        let rule = "policy p {\n  rule r {\n    when a\n    set price = \(expression)\n    active 2027-01-01..2027-02-01\n  }\n  let after = 1\n}\n"
        let (_, ruleResult) = Self.parse(rule)
        #expect(ruleResult.diagnostics.map(\.code) == [.nestedTooDeeply], "\(ruleResult.diagnostics.prefix(3).map(\.message))")
        let budget = "policy p {\n  budget b: 5 EUR per 1d {\n    spends \(expression)\n    else block\n  }\n  let after = 1\n}\n"
        let (_, budgetResult) = Self.parse(budget)
        #expect(budgetResult.diagnostics.map(\.code) == [.nestedTooDeeply], "\(budgetResult.diagnostics.prefix(3).map(\.message))")
        guard case .budget(let declaration) = try #require(budgetResult.file.policies.first?.items.first).kind else {
            Issue.record("no budget")
            return
        }
        #expect(declaration.clauses.contains { if case .otherwise = $0 { true } else { false } }, "the budget's own `else` clause is read")
    }

    /// Exactly `maximumDepth` levels parse; one more is reported.
    @Test(arguments: ["(", "not ", "-", "f(", "if a then "])
    func nestingLimitIsExact(_ opener: String) {
        func expression(_ depth: Int) -> String {
            switch opener {
            case "(", "f(": String(repeating: opener, count: depth) + "1" + String(repeating: ")", count: depth)
            case "if a then ": String(repeating: opener, count: depth) + "b" + String(repeating: " else c", count: depth)
            default: String(repeating: opener, count: depth) + "a"
            }
        }
        let limit = Parser.maximumDepth
        #expect(Self.parse("policy p { let x = \(expression(limit)) }").1.diagnostics.isEmpty)
        #expect(Self.parse("policy p { let x = \(expression(limit + 1)) }").1.diagnostics.map(\.code) == [.nestedTooDeeply])
    }

    /// The deepest expressions the parser accepts, parsed and dumped on a thread with a
    /// 512 KiB stack, the default for secondary threads (and Swift concurrency's) on
    /// macOS; an unoptimised build needs the most stack, so this holds in release too.
    static let deepestLegalExpressions: [String] = {
        let limit = Parser.maximumDepth
        return [
            String(repeating: "(", count: limit) + "1" + String(repeating: ")", count: limit),
            String(repeating: "f(", count: limit) + "1" + String(repeating: ")", count: limit),
            String(repeating: "not ", count: limit) + "a",
            String(repeating: "-", count: limit) + "a",
            String(repeating: "if a then ", count: limit) + "b" + String(repeating: " else c", count: limit),
            Array(repeating: "a", count: limit + 1).joined(separator: " ?? "),
            String(repeating: "(", count: limit / 4) + String(repeating: "f(", count: limit / 4)
                + String(repeating: "not ", count: limit / 4) + String(repeating: "-", count: limit / 4) + "a"
                + String(repeating: ")", count: limit / 2),
        ]
    }()

    @Test(arguments: deepestLegalExpressions)
    func deepestLegalExpressionFitsInASmallStack(_ expression: String) async {
        let text = "policy p { let x = \(expression) }"
        let (count, dump): (Int, String) = await withCheckedContinuation { continuation in
            let thread = Thread {
                let result = Parser.parse(SourceFile(path: "deep.policy", text: text))
                continuation.resume(returning: (result.diagnostics.count, TreeDump.dump(result.file)))
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(count == 0)
        #expect(dump.contains("(let x "))
    }

    @Test func unterminatedStringAtEndOfFile() throws {
        let (source, result) = Self.parse("policy p { let s = \"abc")
        let codes = result.diagnostics.map(\.code)
        #expect(codes == [.unclosedBlock, .unterminatedString])
        let string = try #require(result.diagnostics.first { $0.code == .unterminatedString })
        #expect(source.text(of: string.span) == "\"abc")
    }

    @Test(arguments: [
        ("policy p {", "this policy block is not closed"),
        ("policy p { input { a: int", "this input block is not closed"),
        ("policy p { rule r { when a", "this rule is not closed"),
        ("policy p { budget b: 1 per 1d { spends 1", "this budget is not closed"),
        ("policy p { approve when a { by \"x\"", "this approve block is not closed"),
    ])
    func unterminatedBlocks(_ text: String, _ message: String) {
        let (_, result) = Self.parse(text)
        #expect(result.diagnostics.contains { $0.code == .unclosedBlock && $0.message == message })
        #expect(result.diagnostics.allSatisfy { $0.code == .unclosedBlock }, "\(result.diagnostics.map(\.message))")
    }

    @Test func crlfLineEndings() throws {
        let text = "policy p {\r\n  drives pricing\r\n  let x = 1 @ 2\r\n}\r\n"
        let (source, result) = Self.parse(text)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(source.location(of: diagnostic.span.start) == (3, 13))
        let rendered = DiagnosticRenderer(files: [source]).render(diagnostic)
        #expect(!rendered.contains("\r"))
        #expect(rendered.contains("3 |   let x = 1 @ 2\n"))
        let (_, clean) = Self.parse(text.replacingOccurrences(of: " @ 2", with: ""))
        #expect(clean.diagnostics.isEmpty)
    }

    @Test func columnsCountUnicodeScalarsAndTabs() throws {
        let (source, result) = Self.parse("policy p {\n\tlet s = \"é\" @\n}\n")
        let diagnostic = try #require(result.diagnostics.first)
        // A tab and `let s = "é" ` are 13 scalars (`é` is one scalar of two bytes), so `@` is column 14.
        #expect(source.location(of: diagnostic.span.start) == (2, 14))
        let rendered = DiagnosticRenderer(files: [source]).render(diagnostic)
        #expect(rendered.contains("edge.policy:2:14"))
        // The snippet shows the tab as four spaces and puts the caret under `@`.
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let code = try #require(lines.first { $0.hasPrefix("2 | ") })
        let caret = try #require(lines.first { $0.contains("^") })
        let codeColumn = try #require(code.firstIndex(of: "@")).utf16Offset(in: code)
        let caretColumn = try #require(caret.firstIndex(of: "^")).utf16Offset(in: caret)
        #expect(codeColumn == caretColumn)
    }

    @Test func longLinesShowTheSameWindowWhetherASCIIOrNot() throws {
        // An ASCII line's columns are its bytes (no walk from the line's start); a line
        // with `é` earlier counts scalars. Both put the caret under the same `@`.
        let filler = String(repeating: "x ", count: 400)
        for lead in ["let s = \"a\" ", "let s = \"\u{E9}\" "] {
            let (source, result) = Self.parse("policy p {\n  \(lead)\(filler)@ \(filler)\n}\n")
            let diagnostic = try #require(result.diagnostics.first { $0.message.contains("@") })
            let column = 3 + lead.unicodeScalars.count + filler.count
            #expect(source.location(of: diagnostic.span.start) == (2, column), "\(lead)")
            let rendered = DiagnosticRenderer(files: [source]).render(diagnostic)
            #expect(rendered.contains("edge.policy:2:\(column)"))
            let lines = rendered.split(separator: "\n").map(String.init)
            let code = try #require(lines.first { $0.hasPrefix("2 | ") })
            #expect(code.hasPrefix("2 | …") && code.hasSuffix("…"), "\(code)")
            let caret = try #require(lines.first { $0.contains("^") })
            #expect(try #require(code.firstIndex(of: "@")).utf16Offset(in: code) == (try #require(caret.firstIndex(of: "^"))).utf16Offset(in: caret))
        }
    }

    @Test func decomposedCharactersCountEachScalar() throws {
        // `e` + combining acute accent is one character but two scalars.
        let (source, result) = Self.parse("policy p { let s = \"e\u{301}\" @ }")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(source.location(of: diagnostic.span.start).column == 25)
    }
}
