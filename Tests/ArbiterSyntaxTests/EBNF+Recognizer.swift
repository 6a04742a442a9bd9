// Recognising sentences of the grammar.
//
// The recognizer reads the lexer's tokens with the grammar as a packrat parser: ordered
// choice with backtracking, greedy repetition, every (production, position) memoised so a
// file takes linear time. The grammar is LL(2) in practice (every item and clause starts
// with a keyword; `goal NAME :`, calls and members need one token of look-ahead), so the
// ordered choice accepts exactly the sentences of the context-free grammar.
//
// It answers two questions the parser cannot answer about itself: is a policy the parser
// accepts really a sentence of the normative grammar, and which productions does a file
// use (to prove the golden fixtures exercise every production)?

import ArbiterSyntax

extension EBNF {
    /// A token as the grammar sees it: its kind and its text.
    struct Word: Sendable {
        var kind: TokenKind
        var text: String
    }

    /// The tokens of a source as grammar words, or nil when the file is not valid UTF-8
    /// or the lexer reported a problem (the file then has no sentence to recognise).
    static func words(of source: SourceFile) -> [Word]? {
        guard String(validating: source.bytes, as: UTF8.self) != nil else { return nil }
        let lexer = Lexer.lex(source)
        guard lexer.diagnostics.isEmpty else { return nil }
        return lexer.tokens.dropLast().map { token in
            Word(kind: token.kind, text: String(decoding: source.bytes[token.start..<token.end], as: UTF8.self))
        }
    }

    /// The grammar as the parser reads it: where the grammar lists the words of a closed
    /// set that the checker validates (families, types, `resolve` strategies,
    /// enforcements, currency codes), the parser accepts any name. Alternatives that are
    /// single words are replaced by IDENT, after the structured alternatives
    /// (`one of …`, `escalate by … expires …`) so those are still tried first.
    static func lenient(_ grammar: Grammar) -> Grammar {
        var lenient = grammar
        for name in ["family", "base_type", "strategy", "enforcement", "budget_enforcement"] {
            guard case .choice(let alternatives) = grammar[name] else { preconditionFailure("`\(name)` is no longer a choice") }
            let structured = alternatives.filter { alternative in
                if case .terminal = alternative { return false }
                return true
            }
            lenient.rules[name] = .choice(structured + [.reference("IDENT")])
        }
        guard case .sequence(let parts) = grammar["currency_item"], parts.contains(.reference("CURRENCY")) else {
            preconditionFailure("`currency_item` no longer reads CURRENCY")
        }
        lenient.rules["currency_item"] = .sequence(parts.map { $0 == .reference("CURRENCY") ? .reference("IDENT") : $0 })
        return lenient
    }

    /// A packrat recognizer of one token list.
    struct Recognizer {
        /// How far a node matched and which productions the match used.
        private struct Outcome {
            var end: Int
            var used: Set<String>
        }

        private let grammar: Grammar
        private let words: [Word]
        private let trackUsage: Bool
        private let productionIndex: [String: Int]
        private var memo: [Int: Outcome?] = [:]

        /// A recognizer of `words`; with `trackUsage` it records the productions used.
        init(grammar: Grammar, words: [Word], trackUsage: Bool = false) {
            self.grammar = grammar
            self.words = words
            self.trackUsage = trackUsage
            self.productionIndex = Dictionary(uniqueKeysWithValues: grammar.names.enumerated().map { ($1, $0) })
        }

        /// The productions of a successful parse of all the words as `start`, or nil when
        /// the words are not a sentence of `start` (the set is empty without `trackUsage`).
        func recognize(_ start: String = "policy_file") -> Set<String>? {
            var run = self
            guard let outcome = run.match(.reference(start), at: 0), outcome.end == words.count else { return nil }
            return outcome.used
        }

        /// Whether the words are a sentence of `start`.
        func accepts(_ start: String = "policy_file") -> Bool {
            recognize(start) != nil
        }

        private mutating func match(_ node: Node, at position: Int) -> Outcome? {
            switch node {
            case .terminal(let text):
                guard position < words.count, words[position].kind != .string, words[position].text == text else { return nil }
                return Outcome(end: position + 1, used: [])
            case .special:
                preconditionFailure("a `? … ?` must be the whole definition of a lexical token")
            case .reference(let name):
                let key = productionIndex[name]! * (words.count + 1) + position
                if let cached = memo[key] { return cached }
                var outcome: Outcome?
                if grammar.isLexical(name) {
                    outcome = matchesLexical(name, at: position) ? Outcome(end: position + 1, used: []) : nil
                } else {
                    outcome = match(grammar[name], at: position)
                }
                if trackUsage { outcome?.used.insert(name) }
                memo[key] = outcome
                return outcome
            case .sequence(let nodes):
                var outcome = Outcome(end: position, used: [])
                for node in nodes {
                    guard let next = match(node, at: outcome.end) else { return nil }
                    outcome.end = next.end
                    if trackUsage { outcome.used.formUnion(next.used) }
                }
                return outcome
            case .choice(let alternatives):
                for alternative in alternatives {
                    if let outcome = match(alternative, at: position) { return outcome }
                }
                return nil
            case .optional(let inner):
                return match(inner, at: position) ?? Outcome(end: position, used: [])
            case .repetition(let inner):
                var outcome = Outcome(end: position, used: [])
                while let next = match(inner, at: outcome.end), next.end > outcome.end {
                    outcome.end = next.end
                    if trackUsage { outcome.used.formUnion(next.used) }
                }
                return outcome
            }
        }

        private func matchesLexical(_ name: String, at position: Int) -> Bool {
            guard position < words.count else { return false }
            let word = words[position]
            switch name {
            case "IDENT": return word.kind == .identifier
            case "CURRENCY": return word.kind == .identifier && word.text.utf8.count == 3 && word.text.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
            case "NUMBER": return word.kind == .number
            case "PERCENT": return word.kind == .percent
            case "DURATION": return word.kind == .duration
            case "DATE": return word.kind == .date
            case "TIME": return word.kind == .time
            case "STRING": return word.kind == .string
            default: preconditionFailure("no token kind for the lexical token `\(name)`")
            }
        }
    }
}
