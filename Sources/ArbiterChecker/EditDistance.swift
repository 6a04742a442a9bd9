/// Edit distances between names, for "did you mean" hints.
public enum EditDistance {
    /// The Damerau-Levenshtein distance: the fewest insertions, deletions, substitutions
    /// and transpositions of two adjacent characters that turn `source` into `target`.
    ///
    /// This is the unrestricted distance (Lowrance and Wagner), not the "optimal string
    /// alignment" variant: `ca` → `abc` is 2 (transpose, then insert), not 3. Names are
    /// compared byte by byte; Arbiter's names are ASCII. O(|source| × |target|) time.
    public static func damerauLevenshtein(_ source: String, _ target: String) -> Int {
        let a = Array(source.utf8)
        let b = Array(target.utf8)
        let m = a.count
        let n = b.count
        if m == 0 { return n }
        if n == 0 { return m }
        let infinity = m + n
        let width = n + 2
        // `table[(i + 1) * width + (j + 1)]` is the distance between the first i bytes of
        // `a` and the first j bytes of `b`; row and column 0 hold the sentinel `infinity`.
        var table = [Int](repeating: 0, count: (m + 2) * width)
        table[0] = infinity
        for i in 0...m {
            table[(i + 1) * width] = infinity
            table[(i + 1) * width + 1] = i
        }
        for j in 0...n {
            table[j + 1] = infinity
            table[width + j + 1] = j
        }
        // The last row in which each byte value occurred in `a`.
        var lastRow = [Int](repeating: 0, count: 256)
        for i in 1...m {
            var lastMatchColumn = 0
            for j in 1...n {
                let k = lastRow[Int(b[j - 1])]
                let l = lastMatchColumn
                var cost = 1
                if a[i - 1] == b[j - 1] {
                    cost = 0
                    lastMatchColumn = j
                }
                let substitution = table[i * width + j] + cost
                let insertion = table[(i + 1) * width + j] + 1
                let deletion = table[i * width + j + 1] + 1
                let transposition = table[k * width + l] + (i - k - 1) + 1 + (j - l - 1)
                table[(i + 1) * width + j + 1] = min(substitution, insertion, deletion, transposition)
            }
            lastRow[Int(a[i - 1])] = i
        }
        return table[(m + 1) * width + n + 1]
    }
}
