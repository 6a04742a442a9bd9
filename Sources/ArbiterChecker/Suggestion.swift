/// "Did you mean …?" hints and lists of what is in scope.
public enum Suggestion {
    /// The largest edit distance at which a candidate still counts as close to `name`:
    /// one edit per three characters, at least one.
    public static func threshold(for name: String) -> Int {
        max(1, name.utf8.count / 3)
    }

    /// The candidate closest to `name`, when one is close enough to be a likely typo.
    ///
    /// A candidate that differs only in letter case always counts. Otherwise the distance
    /// must be within `threshold(for:)` and smaller than the candidate's length (so `x` is
    /// never offered for `y`). Failing that, a candidate that starts with the name (of at
    /// least three characters: `remain` for `remaining`) counts. Ties go to the earliest
    /// candidate.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let limit = threshold(for: name)
        let lowered = name.lowercased()
        var best: (name: String, distance: Int)?
        var extended: String?
        for candidate in candidates where candidate != name && !candidate.isEmpty {
            if extended == nil, name.utf8.count >= 3, candidate.hasPrefix(name) { extended = candidate }
            if candidate.lowercased() == lowered { return candidate }
            // The distance is at least the difference in length: skip the table when that
            // already exceeds the limit.
            if abs(candidate.utf8.count - name.utf8.count) > limit { continue }
            let distance = EditDistance.damerauLevenshtein(name, candidate)
            guard distance <= limit, distance < candidate.utf8.count else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.name ?? extended
    }

    /// The names in backticks, separated by commas, at most `limit` of them:
    /// "`a`, `b`, `c` and 4 more".
    public static func list(_ names: [String], limit: Int = 12) -> String {
        let shown = names.prefix(limit).map { "`\($0)`" }.joined(separator: ", ")
        let rest = names.count - min(names.count, limit)
        return rest > 0 ? "\(shown) and \(rest) more" : shown
    }
}
