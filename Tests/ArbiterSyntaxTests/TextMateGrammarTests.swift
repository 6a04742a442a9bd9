import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// Grammar/arbiter.tmLanguage.json: it loads, every regex compiles, every word of the
/// language is highlighted, and literals get their intended scopes.
///
/// Editors run TextMate grammars with Oniguruma; these tests use ICU through
/// `NSRegularExpression`. The grammar keeps to the syntax both share (no `\h`, no
/// possessive or conditional groups, fixed-width look-behind only).
@Suite struct TextMateGrammarTests {
    static let url = Golden.repositoryRoot.appending(path: "Grammar/arbiter.tmLanguage.json")

    static func load() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try #require(object as? [String: Any], "the grammar is not a JSON object")
    }

    /// Every rule object of the grammar, top-level patterns and repository alike.
    static func rules(_ grammar: [String: Any]) -> [[String: Any]] {
        var found: [[String: Any]] = []
        func walk(_ rule: [String: Any]) {
            found.append(rule)
            for nested in rule["patterns"] as? [[String: Any]] ?? [] { walk(nested) }
        }
        for rule in grammar["patterns"] as? [[String: Any]] ?? [] { walk(rule) }
        for case let (_, entry as [String: Any]) in grammar["repository"] as? [String: Any] ?? [:] { walk(entry) }
        return found
    }

    @Test func identifiesTheLanguage() throws {
        let grammar = try Self.load()
        #expect(grammar["scopeName"] as? String == "source.arbiter")
        #expect(grammar["fileTypes"] as? [String] == ["policy"])
        #expect(grammar["name"] as? String == "Arbiter")
    }

    @Test func everyRegexCompiles() throws {
        let grammar = try Self.load()
        var count = 0
        for rule in Self.rules(grammar) {
            for key in ["match", "begin", "end"] {
                guard let pattern = rule[key] as? String else { continue }
                count += 1
                #expect(throws: Never.self, "\(key): \(pattern)") { _ = try NSRegularExpression(pattern: pattern) }
                // Oniguruma-only or ICU-only spellings would compile here yet mean something else there.
                #expect(!pattern.contains("\\h") && !pattern.contains("\\H"), "`\\h` differs between Oniguruma and ICU: \(pattern)")
                #expect(!pattern.contains("(?<") || pattern.contains("(?<=") || pattern.contains("(?<!"), "named groups: \(pattern)")
            }
        }
        #expect(count > 30)
    }

    @Test func everyIncludeResolvesAndEveryRuleDoesSomething() throws {
        let grammar = try Self.load()
        let repository = try #require(grammar["repository"] as? [String: Any])
        var included: Set<String> = []
        for rule in Self.rules(grammar) {
            if let include = rule["include"] as? String {
                #expect(include.hasPrefix("#") && repository[String(include.dropFirst())] != nil, "unknown include \(include)")
                included.insert(String(include.dropFirst()))
            } else if rule["match"] != nil {
                #expect(rule["name"] != nil || rule["captures"] != nil, "a match without a scope: \(rule)")
            } else if rule["begin"] != nil {
                #expect(rule["end"] != nil, "a begin without an end: \(rule)")
            } else {
                #expect(rule["patterns"] != nil, "a rule that does nothing: \(rule)")
            }
        }
        #expect(included == Set(repository.keys), "repository entries never included: \(Set(repository.keys).subtracting(included).sorted())")
    }

    // MARK: - Words

    /// The quoted words of Grammar/arbiter.ebnf, found by a regex over the file.
    static let ebnfWords: [String] = {
        guard let text = try? String(contentsOf: EBNF.Grammar.fileURL, encoding: .utf8),
              let regex = try? NSRegularExpression(pattern: #""([a-z][a-z_]*)""#) else { return [] }
        // Skip the header comment, whose examples are not terminals.
        let body = text.components(separatedBy: "*)").dropFirst().joined(separator: "*)") as NSString
        let words = regex.matches(in: body as String, range: NSRange(location: 0, length: body.length))
            .map { body.substring(with: $0.range(at: 1)) }
        return Array(Set(words)).sorted()
    }()

    static let languageWords = Keyword.allCases.map(\.rawValue) + LexerTests.contextualWords

    /// The scope of the first rule whose regex matches all of `word`; the generic name
    /// rule does not count.
    static func scopeMatchingWholeWord(_ word: String, in grammar: [String: Any]) -> String? {
        for rule in rules(grammar) {
            guard let pattern = rule["match"] as? String ?? rule["begin"] as? String,
                  let scope = rule["name"] as? String ?? (rule["captures"] != nil ? "captures" : nil),
                  scope != "variable.other.arbiter",
                  let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let range = NSRange(location: 0, length: (word as NSString).length)
            if let match = regex.firstMatch(in: word, range: range), match.range == range { return scope }
        }
        return nil
    }

    @Test func theEBNFHasWords() {
        #expect(Self.ebnfWords.count > 50)
        // The regex finds exactly the word terminals the EBNF reader finds.
        #expect(Set(Self.ebnfWords) == Set(EBNF.Grammar.file.terminals.filter { $0.first!.isLetter }))
        #expect(Self.ebnfWords.contains("policy") && Self.ebnfWords.contains("merchandising") && Self.ebnfWords.contains("one"))
    }

    @Test(arguments: ebnfWords)
    func everyEBNFWordIsHighlighted(_ word: String) throws {
        let grammar = try Self.load()
        #expect(Self.scopeMatchingWholeWord(word, in: grammar) != nil, "no pattern of the TextMate grammar matches `\(word)`")
    }

    @Test(arguments: languageWords)
    func everyReservedAndContextualWordIsHighlighted(_ word: String) throws {
        let grammar = try Self.load()
        #expect(Self.scopeMatchingWholeWord(word, in: grammar) != nil, "no pattern of the TextMate grammar matches `\(word)`")
    }

    @Test(arguments: Keyword.allCases)
    func reservedWordsAreKeywordsOrConstants(_ keyword: Keyword) throws {
        let grammar = try Self.load()
        let scope = try #require(Self.scopeMatchingWholeWord(keyword.rawValue, in: grammar))
        #expect(scope.hasPrefix("keyword.") || scope.hasPrefix("constant.language."), "`\(keyword.rawValue)` is \(scope)")
    }

    // MARK: - Scopes in context

    /// Expected scopes: in `line`, the text `token` (its first occurrence) has `scope`
    /// among its scopes.
    static let spotChecks: [(line: String, token: String, scope: String)] = [
        ("set price = 12.50 EUR", "12.50", "constant.numeric.money.arbiter"),
        ("set price = 12.50 EUR", "EUR", "support.constant.currency.arbiter"),
        ("budget b: 20000 EUR per 7d {", "20000", "constant.numeric.money.arbiter"),
        ("goal margin >= 15%", "15%", "constant.numeric.percent.arbiter"),
        ("goal p95 <= 300ms", "300ms", "constant.numeric.duration.arbiter"),
        ("expires 15s", "15s", "constant.numeric.duration.arbiter"),
        ("expires 5m", "5m", "constant.numeric.duration.arbiter"),
        ("expires 24h", "24h", "constant.numeric.duration.arbiter"),
        ("per 7d", "7d", "constant.numeric.duration.arbiter"),
        ("per 2w", "2w", "constant.numeric.duration.arbiter"),
        ("active 2027-03-20 .. 2027-04-30", "2027-03-20", "constant.numeric.date.arbiter"),
        ("active 2027-03-20..2027-04-30", "2027-04-30", "constant.numeric.date.arbiter"),
        ("active 2027-03-20T08:00:00Z .. 2027-03-21T08:00:00+01:00", "2027-03-20T08:00:00Z", "constant.numeric.datetime.arbiter"),
        ("let x = 2027 - 3 - 20", "2027", "constant.numeric.decimal.arbiter"),
        ("let x = 20_000", "20_000", "constant.numeric.decimal.arbiter"),
        ("let x = 0.05", "0.05", "constant.numeric.decimal.arbiter"),
        ("set pinned = true", "true", "constant.language.boolean.arbiter"),
        (#"by "pricing-lead""#, "pricing-lead", "string.quoted.double.arbiter"),
        (#"let s = "say \"hi\"\n""#, #"\""#, "constant.character.escape.arbiter"),
        (#"let s = "\u{1F600}""#, #"\u{1F600}"#, "constant.character.escape.arbiter"),
        (#"let s = "C:\path""#, #"\p"#, "invalid.illegal.escape.arbiter"),
        (##"let s = "# not a comment""##, "#", "string.quoted.double.arbiter"),
        ("drives pricing   # actuator family", "# actuator", "comment.line.number-sign.arbiter"),
        ("policy garden_pricing {", "policy", "keyword.control.arbiter"),
        ("policy garden_pricing {", "garden_pricing", "entity.name.type.policy.arbiter"),
        (#"rule undercut "Match" {"#, "undercut", "entity.name.function.arbiter"),
        ("guard floor: price >= cost else clamp", "floor", "entity.name.function.arbiter"),
        ("goal healthy: margin > 0", "healthy", "entity.name.function.arbiter"),
        ("let margin = (price - cost) / price", "margin", "entity.name.variable.let.arbiter"),
        ("control boost: number = 1.0", "boost", "entity.name.variable.control.arbiter"),
        ("control boost: number = 1.0", "number", "storage.type.arbiter"),
        ("competitor_price: money?", "money", "storage.type.arbiter"),
        ("competitor_price: money?", "?", "keyword.operator.optional.arbiter"),
        (#"season: one of "spring", "fall""#, "one", "storage.type.enum.arbiter"),
        ("drives merchandising", "merchandising", "support.constant.family.arbiter"),
        ("guard g: x > 1 else escalate by \"lead\"", "escalate", "support.constant.enforcement.arbiter"),
        ("guard g: x > 1 else clamp", "clamp", "support.constant.enforcement.arbiter"),
        ("set x = clamp(x, 0, 1)", "clamp", "support.function.builtin.arbiter"),
        ("resolve replicas by max", "max", "support.constant.strategy.arbiter"),
        ("set r = max(4, current(r))", "max", "support.function.builtin.arbiter"),
        ("set r = max(4, current(r))", "current", "support.function.state.arbiter"),
        ("guard churn: changes(price, 1d) < 3 else block", "changes", "support.function.state.arbiter"),
        ("guard pin: count(pinned, by category) <= 3 else block", "count", "support.function.state.arbiter"),
        ("when ads.pace > 120%", "pace", "variable.other.property.arbiter"),
        ("when if_fn(x)", "if_fn", "variable.function.arbiter"),
        ("when (a) and not (b)", "not", "keyword.operator.word.arbiter"),
        ("when a exists and b between 1 and 2", "between", "keyword.operator.word.arbiter"),
        ("when a ?? b", "??", "keyword.operator.coalesce.arbiter"),
        ("when a != b", "!=", "keyword.operator.comparison.arbiter"),
        ("when a && b", "&&", "invalid.illegal.operator.arbiter"),
        ("when !a", "!", "invalid.illegal.operator.arbiter"),
        ("when stock > 20", "stock", "variable.other.arbiter"),
        ("when stock > 20", ">", "keyword.operator.comparison.arbiter"),
    ]

    @Test(arguments: spotChecks)
    func literalsAndWordsGetTheirScopes(_ line: String, _ token: String, _ scope: String) throws {
        let tokenizer = try TextMateTokenizer(grammar: Self.load())
        let scopes = try tokenizer.scopes(of: token, in: line)
        #expect(scopes.contains(scope), "`\(token)` in `\(line)` has \(scopes)")
    }

    @Test func unterminatedStringEndsAtTheEndOfTheLine() throws {
        let tokenizer = try TextMateTokenizer(grammar: Self.load())
        let lines = tokenizer.tokenize(["let s = \"abc", "let t = 1"])
        let scopes = try TextMateTokenizer.scopes(of: "let", in: lines[1], line: "let t = 1")
        #expect(scopes.contains("keyword.control.arbiter"))
    }

    /// Every token of the example policies is scoped by some rule: the grammar has no
    /// gaps (apart from whitespace) on real text.
    @Test func examplePoliciesHaveNoUnscopedText() throws {
        let tokenizer = try TextMateTokenizer(grammar: Self.load())
        let examples = Golden.files(under: Golden.repositoryRoot.appending(path: "Policies"), extension: "policy")
            + Golden.files(under: Golden.fixturesFolder("parse/valid"), extension: "policy")
        #expect(!examples.isEmpty)
        for url in examples {
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: .newlines)
            for (line, tokens) in zip(lines, tokenizer.tokenize(lines)) {
                for token in tokens where token.scopes == ["source.arbiter"] {
                    let text = (line as NSString).substring(with: token.range)
                    let blank = text.allSatisfy(\.isWhitespace)
                    #expect(blank, "`\(text)` in `\(line)` (\(Golden.relativePath(url))) has no scope")
                }
            }
        }
    }
}

/// A small TextMate tokenizer: enough of the algorithm to check a grammar's scopes.
///
/// At each position every rule of the current context is tried; the earliest match wins,
/// ties go to the context's `end` and then to the first rule. `match` rules scope their
/// text (and captures); `begin` rules push a context until their `end`.
struct TextMateTokenizer {
    struct Token {
        var range: NSRange
        var scopes: [String]
    }

    private final class Rule {
        var name: String?
        var match: NSRegularExpression?
        var begin: NSRegularExpression?
        var end: NSRegularExpression?
        var captures: [Int: String] = [:]
        var beginCaptures: [Int: String] = [:]
        var endCaptures: [Int: String] = [:]
        var patterns: [Rule] = []
    }

    private let root: [Rule]
    /// Like TextMate: a search from the middle of a line still sees the text before it.
    private static let options: NSRegularExpression.MatchingOptions = [.withTransparentBounds, .withoutAnchoringBounds]

    init(grammar: [String: Any]) throws {
        let repository = grammar["repository"] as? [String: Any] ?? [:]
        func captures(_ object: Any?) -> [Int: String] {
            var result: [Int: String] = [:]
            for case let (key, value as [String: Any]) in object as? [String: Any] ?? [:] {
                if let index = Int(key), let name = value["name"] as? String { result[index] = name }
            }
            return result
        }
        func rules(_ patterns: Any?) throws -> [Rule] {
            var result: [Rule] = []
            for case let object as [String: Any] in patterns as? [Any] ?? [] {
                if let include = object["include"] as? String {
                    let entry = try #require(repository[String(include.dropFirst())] as? [String: Any])
                    result += entry["patterns"] != nil && entry["match"] == nil && entry["begin"] == nil
                        ? try rules(entry["patterns"]) : try rules([entry])
                    continue
                }
                let rule = Rule()
                rule.name = object["name"] as? String
                rule.match = try (object["match"] as? String).map { try NSRegularExpression(pattern: $0) }
                rule.begin = try (object["begin"] as? String).map { try NSRegularExpression(pattern: $0) }
                rule.end = try (object["end"] as? String).map { try NSRegularExpression(pattern: $0) }
                rule.captures = captures(object["captures"])
                rule.beginCaptures = captures(object["beginCaptures"])
                rule.endCaptures = captures(object["endCaptures"])
                rule.patterns = try rules(object["patterns"])
                result.append(rule)
            }
            return result
        }
        root = try rules(grammar["patterns"])
    }

    /// Tokenizes lines, carrying open `begin` contexts from one line to the next.
    func tokenize(_ lines: [String]) -> [[Token]] {
        var stack: [Rule] = []
        return lines.map { tokenize(line: $0, stack: &stack) }
    }

    private func tokenize(line: String, stack: inout [Rule]) -> [Token] {
        let text = line as NSString
        var tokens: [Token] = []
        var position = 0
        func scopes() -> [String] { ["source.arbiter"] + stack.compactMap(\.name) }
        func emit(_ range: NSRange, _ extra: [String]) {
            if range.length > 0 { tokens.append(Token(range: range, scopes: scopes() + extra)) }
        }
        func emitMatch(_ match: NSTextCheckingResult, name: String?, captures: [Int: String]) {
            // Split the match at its captures; each part gets the rule's scope and its capture's.
            var cursor = match.range.location
            for index in captures.keys.sorted() where index > 0 && index < match.numberOfRanges {
                let range = match.range(at: index)
                guard range.location != NSNotFound, range.location >= cursor else { continue }
                emit(NSRange(location: cursor, length: range.location - cursor), [name].compactMap { $0 })
                emit(range, [name, captures[index]].compactMap { $0 })
                cursor = range.location + range.length
            }
            let whole = captures[0].map { [$0] } ?? []
            emit(NSRange(location: cursor, length: match.range.location + match.range.length - cursor), [name].compactMap { $0 } + whole)
        }
        while position <= text.length {
            let patterns = stack.last?.patterns ?? root
            let searchRange = NSRange(location: position, length: text.length - position)
            var best: (match: NSTextCheckingResult, rule: Rule?)?
            if let end = stack.last?.end, let match = end.firstMatch(in: line, options: Self.options, range: searchRange) {
                best = (match, nil)
            }
            for rule in patterns {
                guard let regex = rule.match ?? rule.begin,
                      let match = regex.firstMatch(in: line, options: Self.options, range: searchRange) else { continue }
                if best == nil || match.range.location < best!.match.range.location { best = (match, rule) }
            }
            guard let (match, rule) = best else { break }
            emit(NSRange(location: position, length: match.range.location - position), [])
            if let rule {
                if rule.match != nil {
                    emitMatch(match, name: rule.name, captures: rule.captures)
                } else {
                    stack.append(rule)
                    emitMatch(match, name: nil, captures: rule.beginCaptures)
                }
            } else {
                emitMatch(match, name: nil, captures: stack.last?.endCaptures ?? [:])
                stack.removeLast()
            }
            position = match.range.location + max(match.range.length, match.range.length == 0 && rule != nil ? 1 : 0)
            if match.range.length == 0, rule == nil, position >= text.length { break }
        }
        if position < text.length { emit(NSRange(location: position, length: text.length - position), []) }
        return tokens
    }

    /// The scopes of the token where `token` first occurs in a one-line text.
    func scopes(of token: String, in line: String) throws -> [String] {
        try Self.scopes(of: token, in: tokenize([line])[0], line: line)
    }

    static func scopes(of token: String, in tokens: [Token], line: String) throws -> [String] {
        let location = (line as NSString).range(of: token).location
        try #require(location != NSNotFound, "`\(token)` is not in `\(line)`")
        let found = try #require(tokens.first { NSLocationInRange(location, $0.range) }, "no token at `\(token)` in `\(line)`")
        return found.scopes
    }
}
