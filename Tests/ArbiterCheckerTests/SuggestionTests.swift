import ArbiterChecker
import Testing

/// Damerau-Levenshtein distances and the "did you mean" choice.
@Suite struct SuggestionTests {
    struct Pair: Sendable, CustomTestStringConvertible {
        var source: String
        var target: String
        var distance: Int
        var testDescription: String { "\(source) → \(target) = \(distance)" }
    }

    static let pairs: [Pair] = [
        Pair(source: "", target: "", distance: 0),
        Pair(source: "", target: "abc", distance: 3),
        Pair(source: "abc", target: "", distance: 3),
        Pair(source: "stock", target: "stock", distance: 0),
        Pair(source: "stok", target: "stock", distance: 1),
        Pair(source: "prcie", target: "price", distance: 1),
        Pair(source: "kitten", target: "sitting", distance: 3),
        Pair(source: "ca", target: "abc", distance: 2),
        Pair(source: "abcdef", target: "badcfe", distance: 3),
        Pair(source: "margin", target: "marign", distance: 1),
        Pair(source: "a", target: "b", distance: 1),
        Pair(source: "pricing", target: "prcing", distance: 1),
    ]

    @Test(arguments: pairs)
    func distance(_ pair: Pair) {
        #expect(EditDistance.damerauLevenshtein(pair.source, pair.target) == pair.distance)
        #expect(EditDistance.damerauLevenshtein(pair.target, pair.source) == pair.distance)
    }

    @Test func suggestsCloseNames() {
        let names = ["sku", "cost", "price", "stock", "sales_7d"]
        #expect(Suggestion.closest(to: "stok", among: names) == "stock")
        #expect(Suggestion.closest(to: "prcie", among: names) == "price")
        #expect(Suggestion.closest(to: "Stock", among: names) == "stock")
        #expect(Suggestion.closest(to: "sales7d", among: names) == "sales_7d")
        #expect(Suggestion.closest(to: "remain", among: ["used", "remaining", "limit", "pace"]) == "remaining")
    }

    @Test func staysQuietWhenNothingIsClose() {
        let names = ["sku", "cost", "price", "stock"]
        #expect(Suggestion.closest(to: "backorders", among: names) == nil)
        #expect(Suggestion.closest(to: "x", among: ["y"]) == nil)
        #expect(Suggestion.closest(to: "stock", among: names) == nil)
        #expect(Suggestion.closest(to: "zzzz", among: []) == nil)
    }

    @Test func prefersTheNearestAndThenTheFirst() {
        #expect(Suggestion.closest(to: "cots", among: ["cast", "cost"]) == "cost")
        #expect(Suggestion.closest(to: "pric", among: ["price", "prick"]) == "price")
        #expect(Suggestion.closest(to: "EUX", among: ["EUR", "EUX1"]) == "EUR")
    }

    @Test func listsNames() {
        #expect(Suggestion.list(["a", "b"]) == "`a`, `b`")
        #expect(Suggestion.list(["a", "b", "c", "d"], limit: 2) == "`a`, `b` and 2 more")
    }
}
