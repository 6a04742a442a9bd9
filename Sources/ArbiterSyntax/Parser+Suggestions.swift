// Suggestions for misspelt words.
//
// When a word stands where a keyword should (`adn`, `rul`, `sett`, `expire`), the
// diagnostic's help names the keyword it is nearest to, if it is near enough to be a typo.
// Names of inputs, functions and the like are suggested by the checker, which knows them.

extension Parser {
    /// The candidate nearest to `word`, if it is near enough to be a typo of it: one edit
    /// for short words, two for longer ones (a swap of two neighbours counts as one).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = word.utf8.count <= 4 ? 1 : 2
        let scored = candidates.map { ($0, editDistance(Array(word.utf8), Array($0.utf8))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit, best.0 != word else { return nil }
        return best.0
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and
    /// swaps of adjacent bytes.
    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// Help for a word found where a clause should start: it may be a misspelt operator
    /// that ended the previous expression early, or a misspelt clause keyword.
    func clauseTypoHelp(clauses: [String]) -> String? {
        guard kind == .identifier else { return nil }
        let operators = ["and", "or", "not", "exists", "between", "within", "per"]
        let word = text(of: current)
        if index > 0, tokens[index - 1].kind == .number,
           !source.bytes[tokens[index - 1].end..<current.start].contains(UInt8(ascii: "\n")) {
            // `500 adn`: a misspelt operator first; `1 eur`: a code in the wrong case.
            if let near = Parser.closest(to: word, among: operators + clauses) { return "did you mean `\(near)`?" }
            let upper = word.uppercased()
            if upper != word, upper.utf8.count == 3, upper.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) {
                return "currency codes are upper-case: `\(text(of: tokens[index - 1])) \(upper)`"
            }
            return "after a number, write a currency code (`12.50 EUR`) or a duration unit without a space (`15s`)"
        }
        return Parser.closest(to: word, among: clauses + operators).map { "did you mean `\($0)`?" }
    }
}
