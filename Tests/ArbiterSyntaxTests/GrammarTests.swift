import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// Grammar/arbiter.ebnf is normative: these tests keep the parser and it in step.
///
/// - Every random sentence derived from the grammar parses without a diagnostic.
/// - Every valid golden fixture and example policy is a sentence of the grammar, and
///   together the valid fixtures use every production.
/// - Error fixtures are not sentences; and for a table of tricky expressions the parser
///   and the grammar agree on what is accepted.
@Suite struct GrammarTests {
    static let grammar = EBNF.Grammar.file
    static let lenientGrammar = EBNF.lenient(grammar)

    static func load(_ url: URL) throws -> SourceFile {
        SourceFile(path: Golden.relativePath(url), bytes: Array(try Data(contentsOf: url)))
    }

    static let validFixtures = Golden.files(under: Golden.fixturesFolder("parse/valid"), extension: "policy")
    static let lenientFixtures = Golden.files(under: Golden.fixturesFolder("parse/lenient"), extension: "policy")
    static let errorFixtures = Golden.files(under: Golden.fixturesFolder("parse/errors"), extension: "policy")
    static let examples = Golden.files(under: Golden.repositoryRoot.appending(path: "Policies"), extension: "policy")

    // MARK: - The grammar file itself

    @Test func everyReferenceIsDefinedAndEveryProductionReachable() throws {
        let grammar = Self.grammar
        #expect(grammar.names.first == "policy_file")
        for name in grammar.names {
            for target in grammar.references(of: name) {
                #expect(grammar.rules[target] != nil, "`\(name)` refers to `\(target)`, which is not defined")
            }
        }
        var reached: Set<String> = ["policy_file"]
        var pending = ["policy_file"]
        while let name = pending.popLast() {
            for target in grammar.references(of: name) where grammar.rules[target] != nil && !reached.contains(target) {
                reached.insert(target)
                pending.append(target)
            }
        }
        #expect(Set(grammar.names).subtracting(reached).isEmpty, "unreachable: \(Set(grammar.names).subtracting(reached).sorted())")
        for token in ["IDENT", "CURRENCY", "NUMBER", "PERCENT", "DURATION", "DATE", "TIME", "STRING"] {
            #expect(grammar.isLexical(token), "`\(token)` should be a `? … ?` lexical token")
        }
    }

    @Test func readerFollowsTheNotation() throws {
        let grammar = try EBNF.Grammar.read("""
            (* a comment with "quotes" and ? marks ? *)
            start = "a" | { item } [ "b" ] ( "c" | "d" ) ;
            item  = ? a token; described "in words" ? ;
            """)
        #expect(grammar.names == ["start", "item"])
        #expect(grammar["start"] == .choice([
            .terminal("a"),
            .sequence([.repetition(.reference("item")), .optional(.terminal("b")), .choice([.terminal("c"), .terminal("d")])]),
        ]))
        #expect(grammar["item"] == .special(#"a token; described "in words""#))
        #expect(grammar.isLexical("item"))
        #expect(grammar.terminals == ["a", "b", "c", "d"])
    }

    @Test(arguments: [
        "start = \"a\"",
        "start = \"a\" ; start = \"b\" ;",
        "start = [ \"a\" ;",
        "start = \"a ;",
        "start = ;",
        "start = \"a\" ; (* open",
        "start = \"a\" @ ;",
    ])
    func readerRejectsMalformedGrammars(_ text: String) {
        #expect(throws: EBNF.ReadError.self) { try EBNF.Grammar.read(text) }
    }

    // MARK: - Random sentences

    /// A random program: mostly one policy (a file of one policy), sometimes a whole file.
    static func derivedProgram(_ index: Int) -> String {
        var derivation = EBNF.Derivation(grammar: grammar, seed: UInt64(index) &* 0x2545_F491_4F6C_DD1D, maximumDepth: 18 + index % 30)
        return derivation.text(from: index % 10 == 0 ? "policy_file" : "policy")
    }

    /// 3,000 random programs in three seeded batches; each must parse without a diagnostic.
    @Test(arguments: 0..<3)
    func derivedProgramsParseWithoutDiagnostics(batch: Int) {
        var failures = 0
        for index in 0..<1000 {
            let seed = batch * 1000 + index
            let text = Self.derivedProgram(seed)
            let source = SourceFile(path: "derived-\(seed).policy", text: text)
            let result = Parser.parse(source)
            if !result.diagnostics.isEmpty {
                failures += 1
                if failures <= 5 {
                    let rendered = DiagnosticRenderer(files: [source]).render(result.diagnostics)
                    Issue.record("program \(seed) has diagnostics:\n\(text)\n\(rendered)")
                }
            }
            // The recognizer must accept what the grammar derives, or the tests built on it are unsound.
            if let words = EBNF.words(of: source) {
                let accepted = EBNF.Recognizer(grammar: Self.grammar, words: words).accepts()
                #expect(accepted, "the recognizer rejects derived program \(seed):\n\(text)")
            } else {
                Issue.record("the lexer rejects derived program \(seed):\n\(text)")
            }
        }
        #expect(failures == 0, "\(failures) of 1000 derived programs have diagnostics")
    }

    @Test func derivationsAreVariedAndReproducible() {
        let programs = (0..<200).map(Self.derivedProgram)
        #expect(programs == (0..<200).map(Self.derivedProgram))
        #expect(Set(programs).count > 170)
        #expect(programs.map { $0.split(separator: " ").count }.max()! > 100)
    }

    /// The derived programs reach every production, so the test above checks them all.
    @Test func derivationsReachEveryProduction() {
        var used: Set<String> = []
        for index in 0..<1000 {
            guard let words = EBNF.words(of: SourceFile(path: "p", text: Self.derivedProgram(index))) else { continue }
            used.formUnion(EBNF.Recognizer(grammar: Self.grammar, words: words, trackUsage: true).recognize() ?? [])
        }
        #expect(Set(Self.grammar.names).subtracting(used).isEmpty, "never derived: \(Set(Self.grammar.names).subtracting(used).sorted())")
    }

    // MARK: - Fixtures and examples against the grammar

    @Test func fixturesExist() {
        #expect(Self.validFixtures.count >= 10)
        #expect(Self.errorFixtures.count >= 10)
        #expect(!Self.lenientFixtures.isEmpty)
    }

    @Test(arguments: validFixtures + examples)
    func validPolicyIsASentenceOfTheGrammar(_ url: URL) throws {
        let source = try Self.load(url)
        let words = try #require(EBNF.words(of: source), "the lexer rejects \(source.path)")
        let accepted = EBNF.Recognizer(grammar: Self.grammar, words: words).accepts()
        #expect(accepted, "\(source.path) parses but is not a sentence of Grammar/arbiter.ebnf")
    }

    @Test func everyProductionIsExercisedByAValidFixture() throws {
        var used: [String: String] = [:]
        for url in Self.validFixtures {
            let source = try Self.load(url)
            guard let words = EBNF.words(of: source) else { continue }
            let productions = EBNF.Recognizer(grammar: Self.grammar, words: words, trackUsage: true).recognize() ?? []
            for name in productions where used[name] == nil { used[name] = source.path }
        }
        for name in Self.grammar.names {
            let exercised = used[name] != nil
            #expect(exercised, "no valid fixture under Tests/Fixtures/parse/valid uses the production `\(name)`")
        }
        // Every terminal appears in some valid fixture too (a production may be used
        // without each of its alternatives).
        var spelled: Set<String> = []
        for url in Self.validFixtures {
            guard let words = EBNF.words(of: try Self.load(url)) else { continue }
            for word in words where word.kind != .string { spelled.insert(word.text) }
        }
        for terminal in Self.grammar.terminals {
            let found = spelled.contains(terminal)
            #expect(found, "no valid fixture spells the terminal `\(terminal)`")
        }
    }

    @Test(arguments: errorFixtures)
    func errorFixtureIsNotASentence(_ url: URL) throws {
        let source = try Self.load(url)
        let diagnostics = Parser.parse(source).diagnostics
        #expect(!diagnostics.isEmpty, "\(source.path) is under errors/ but parses cleanly")
        // Too deep an expression is grammatical; the limit is the parser's.
        guard !diagnostics.contains(where: { $0.code == .nestedTooDeeply }), let words = EBNF.words(of: source) else { return }
        let accepted = EBNF.Recognizer(grammar: Self.lenientGrammar, words: words).accepts()
        #expect(!accepted, "\(source.path) has parse errors but is a sentence of the grammar")
    }

    @Test(arguments: lenientFixtures)
    func lenientFixtureParsesButNeedsTheChecker(_ url: URL) throws {
        let source = try Self.load(url)
        #expect(Parser.parse(source).diagnostics.isEmpty)
        let words = try #require(EBNF.words(of: source))
        let strictly = EBNF.Recognizer(grammar: Self.grammar, words: words).accepts()
        let leniently = EBNF.Recognizer(grammar: Self.lenientGrammar, words: words).accepts()
        #expect(!strictly, "\(source.path) is grammatical: move it to valid/")
        #expect(leniently)
    }

    // MARK: - Parser and grammar agree

    /// Expressions at the edges of the precedence table: whether each is accepted.
    static let expressions: [(String, Bool)] = [
        ("if a then b else c", true),
        ("if if a then b else c then d else e", true),
        ("if a then b else if c then d else e", true),
        ("(if a then 1 else 2) + 1", true),
        ("1 + if a then 1 else 2", false),
        ("not if a then b else c", false),
        ("f(if a then 1 else 2, by g)", true),
        ("not not a", true),
        ("a and not b or not c", true),
        ("not a == b", true),
        ("a == not b", false),
        ("a == (not b)", true),
        ("1 + not a", false),
        ("- not a", false),
        ("- - a", true),
        ("-a * -b", true),
        ("a < b < c", false),
        ("a < b and b < c", true),
        ("a exists exists", false),
        ("a exists and b exists", true),
        ("a == b exists", false),
        ("a ?? b ?? c", true),
        ("a ?? b == c", true),
        ("a between 1 and 2 and c", true),
        ("a between 1 and 2 < 3", false),
        ("a between 1", false),
        ("a within 5% per 1d", true),
        ("a within 5%", false),
        ("a within 5% per 1", false),
        ("a < 3 per 15s", true),
        ("a + 3 per 15s", false),
        ("increase(x) <= max(4, current(x)) per 15s", true),
        ("count(pinned, by category) <= 3", true),
        ("f(by)", false),
        ("f()", true),
        ("f(a,)", false),
        ("f(x)(y)", false),
        ("b.remaining", true),
        ("a.b.c", false),
        ("a.b(c)", false),
        ("12.50 EUR", true),
        ("12.50 EUR EUR", false),
        ("2027-03-20", true),
        ("2027-03-20T08:00:00Z", true),
        ("300ms + 2w", true),
        ("()", false),
        ("((a))", true),
        ("a +", false),
        ("true and false", true),
        ("\"text\" == \"a\\tb\"", true),
    ]

    @Test(arguments: expressions)
    func parserAndGrammarAgree(_ expression: String, _ accepted: Bool) {
        let source = SourceFile(path: "expression.policy", text: "policy p { let v = \(expression) }")
        let diagnostics = Parser.parse(source).diagnostics
        let rendered = DiagnosticRenderer(files: [source]).render(diagnostics)
        #expect(diagnostics.isEmpty == accepted, "parser on `\(expression)`:\n\(rendered)")
        let grammatical = EBNF.Recognizer(grammar: Self.grammar, words: EBNF.words(of: source) ?? []).accepts()
        #expect(grammatical == accepted, "grammar on `\(expression)`")
    }
}
