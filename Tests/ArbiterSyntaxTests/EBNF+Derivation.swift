// Random sentences of the grammar.
//
// A derivation starts from a production and expands it: a random alternative, a random
// number of repetitions (0 to 3), an optional part half of the time. Past `maximumDepth`
// nested productions, or once its share of `tokenBudget` is spent, it takes the cheapest
// alternative (fewest tokens), no repetition and no optional part, so every derivation
// ends and stays small. The budget is shared out as it flows down: each element of a
// sequence and each repetition gets an equal part of what is left, so an early
// expression cannot starve the clauses after it. Lexical tokens come from small pools
// of well-formed spellings; names include contextual words (`money`, `max`, `pricing`,
// `one`, …) because those must stay usable as names.

extension EBNF {
    /// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
    struct SplitMix64: RandomNumberGenerator {
        private var state: UInt64

        /// A generator whose sequence depends only on `seed`.
        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Well-formed spellings of each lexical token.
    enum Pool {
        /// Names: plain ones and contextual words, never reserved words nor three upper-case letters.
        static let identifiers = [
            "price", "cost", "stock", "sales_7d", "x", "_tmp", "a1", "competitor_price", "Eur", "EURO", "T",
            "money", "text", "date", "time", "duration", "pricing", "scaling", "max", "min", "clamp",
            "block", "escalate", "warn", "one", "of", "abs", "change", "count", "used", "remaining",
        ]
        static let currencies = ["EUR", "USD", "GBP", "JPY", "CHF"]
        static let numbers = ["0", "42", "0.05", "20_000", "1_000.5", "007", "3.14159"]
        static let percents = ["15%", "2.5%", "0%", "100%", "1_000%"]
        static let durations = ["300ms", "15s", "5m", "24h", "7d", "2w", "1.5h", "0s"]
        static let dates = ["2027-03-20", "2028-02-29", "2000-02-29", "1999-12-31"]
        static let times = [
            "2027-03-20T08:00:00Z", "2027-03-20T08:00Z", "2027-03-20T23:59:59.123456789+14:00",
            "2027-03-20T08:00:00-05:30",
        ]
        static let strings = [
            #""spring""#, #""pricing-lead""#, #""""#, #""a \"quoted\" word""#, #""tab\tand\\""#,
            #""\u{1F600}""#, "\"é€ 中\"", ##""# not a comment""##, #""line\nbreak\r""#,
        ]

        /// The pool for a lexical production, by its name in the grammar.
        static func spellings(of token: String) -> [String] {
            switch token {
            case "IDENT": identifiers
            case "CURRENCY": currencies
            case "NUMBER": numbers
            case "PERCENT": percents
            case "DURATION": durations
            case "DATE": dates
            case "TIME": times
            case "STRING": strings
            default: preconditionFailure("no pool for the lexical token `\(token)`")
            }
        }
    }

    /// Derives random sentences from a grammar.
    struct Derivation {
        let grammar: Grammar
        /// Past this many nested productions, expansions take the cheapest way out.
        var maximumDepth: Int
        /// Past this many tokens, expansions take the cheapest way out.
        var tokenBudget: Int
        private var random: SplitMix64
        /// The fewest tokens each production can derive.
        private let cost: [String: Int]

        /// A derivation with its own seeded generator.
        init(grammar: Grammar, seed: UInt64, maximumDepth: Int, tokenBudget: Int = 400) {
            self.grammar = grammar
            self.random = SplitMix64(seed: seed)
            self.maximumDepth = maximumDepth
            self.tokenBudget = tokenBudget
            self.cost = Derivation.costs(grammar)
        }

        /// A random sentence of `start`, as a list of tokens.
        mutating func sentence(from start: String) -> [String] {
            var tokens: [String] = []
            expand(.reference(start), depth: 0, limit: tokenBudget, into: &tokens)
            return tokens
        }

        /// A random sentence as source text: tokens separated by one space, sometimes a newline.
        mutating func text(from start: String) -> String {
            var text = ""
            for (index, token) in sentence(from: start).enumerated() {
                if index > 0 { text += Int.random(in: 0..<8, using: &random) == 0 ? "\n" : " " }
                text += token
            }
            return text
        }

        /// Expands `node`; past `limit` tokens in all it takes the cheapest way out.
        private mutating func expand(_ node: Node, depth: Int, limit: Int, into tokens: inout [String]) {
            let exhausted = depth > maximumDepth || tokens.count >= limit
            /// The limit for the next of `left` parts sharing what remains.
            func share(_ left: Int) -> Int { tokens.count + max(0, limit - tokens.count) / max(1, left) }
            switch node {
            case .terminal(let text):
                tokens.append(text)
            case .special:
                preconditionFailure("a `? … ?` must be the whole definition of a lexical token")
            case .reference(let name):
                if grammar.isLexical(name) {
                    tokens.append(Pool.spellings(of: name).randomElement(using: &random)!)
                } else {
                    expand(grammar[name], depth: depth + 1, limit: limit, into: &tokens)
                }
            case .sequence(let nodes):
                for (index, node) in nodes.enumerated() {
                    expand(node, depth: depth, limit: share(nodes.count - index), into: &tokens)
                }
            case .choice(let alternatives):
                let chosen = exhausted
                    ? alternatives.min { Derivation.cost(of: $0, cost) < Derivation.cost(of: $1, cost) }!
                    : alternatives.randomElement(using: &random)!
                expand(chosen, depth: depth, limit: limit, into: &tokens)
            case .optional(let inner):
                if !exhausted, Bool.random(using: &random) { expand(inner, depth: depth, limit: limit, into: &tokens) }
            case .repetition(let inner):
                let count = exhausted ? 0 : Int.random(in: 0...3, using: &random)
                for index in 0..<count { expand(inner, depth: depth, limit: share(count - index), into: &tokens) }
            }
        }

        /// The fewest tokens each production derives, by iteration to a fixed point.
        private static func costs(_ grammar: Grammar) -> [String: Int] {
            var cost: [String: Int] = [:]
            for name in grammar.names { cost[name] = grammar.isLexical(name) ? 1 : Int.max / 4 }
            var changed = true
            while changed {
                changed = false
                for name in grammar.names where !grammar.isLexical(name) {
                    let value = Derivation.cost(of: grammar[name], cost)
                    if value < cost[name]! {
                        cost[name] = value
                        changed = true
                    }
                }
            }
            return cost
        }

        private static func cost(of node: Node, _ cost: [String: Int]) -> Int {
            switch node {
            case .terminal, .special: 1
            case .reference(let name): cost[name] ?? Int.max / 4
            case .sequence(let nodes): min(Int.max / 4, nodes.reduce(0) { $0 + Derivation.cost(of: $1, cost) })
            case .choice(let alternatives): alternatives.map { Derivation.cost(of: $0, cost) }.min()!
            case .optional, .repetition: 0
            }
        }
    }
}
