import Arbiter

extension CompareReport {
    /// The comparison for machines; see docs/replay-report.md. `arbiter replay --compare
    /// … --json` prints `{"old": old.json, "new": new.json, "compare": json}`.
    ///
    /// ```text
    /// schema          "arbiter.replay-compare/1"
    /// compared, differing, outcome_changed, value_changed, differing_keys   (counts)
    /// figures         [{name, old, new, delta}]        strings, as in the text report
    /// transitions     {old outcome: {new outcome: count}}   all 36 cells
    /// top_keys        [{key, rows, differing, examples: [{line, at, current, old: {outcome, value},
    ///                  new: {outcome, value}}]}]       at most 10 keys, 3 examples each
    /// ```
    public var json: JSONValue {
        let number = ReplayReport.number
        var members: [(String, JSONValue)] = [
            ("schema", .string("arbiter.replay-compare/1")),
            ("compared", number(compared)),
            ("differing", number(differing)),
            ("outcome_changed", number(outcomeChanged)),
            ("value_changed", number(valueChanged)),
            ("differing_keys", number(differingKeys)),
        ]
        members.append(("figures", .array(keyFigures.map { figure in
            .object([("name", .string(figure.name)), ("old", .string(figure.old)), ("new", .string(figure.new)),
                     ("delta", .string(figure.delta))])
        })))
        members.append(("transitions", .object(Outcome.allCases.map { from in
            (from.rawValue, .object(Outcome.allCases.map { to in (to.rawValue, number(transitions(from: from, to: to))) }))
        })))
        members.append(("top_keys", .array(topKeys().map(Self.keyJSON))))
        return .object(members)
    }

    private static func keyJSON(_ difference: KeyDifference) -> JSONValue {
        let examples: [JSONValue] = difference.examples.map { example in
            .object([
                ("line", ReplayReport.number(example.line)),
                ("at", .string(example.at.description)),
                ("current", .string(example.current)),
                ("old", .object([("outcome", .string(example.oldOutcome.rawValue)), ("value", .string(example.oldValue))])),
                ("new", .object([("outcome", .string(example.newOutcome.rawValue)), ("value", .string(example.newValue))])),
            ])
        }
        return .object([
            ("key", .string(difference.key)),
            ("rows", ReplayReport.number(difference.rows)),
            ("differing", ReplayReport.number(difference.differing)),
            ("examples", .array(examples)),
        ])
    }
}
