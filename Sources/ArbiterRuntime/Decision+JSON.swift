import Foundation

extension Decision {
    /// The decision as JSON, in the shape of DESIGN.md "Decisions".
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("policy", .string(policy)),
            ("version", .string(version)),
            ("key", .string(key)),
            ("at", .string(at.description)),
            ("outcome", .string(outcome.rawValue)),
            ("controls", .object(controls.map { control in
                (control.name, .object([("from", control.from.json), ("proposed", control.proposed.json), ("to", control.to.json)]))
            })),
            ("fired", .array(fired.map { .string($0) })),
            ("guards", .array(guards.map { event in
                .object([("guard", .string(event.guardName)), ("enforcement", .string(event.enforcement)),
                         ("result", .string(event.result.rawValue)), ("detail", .string(event.detail))])
            })),
            ("approval", approval.map { need in
                .object([("id", need.id.map { .string($0) } ?? .null), ("role", .string(need.role)),
                         ("values", .object(need.values.map { ($0.name, $0.value.json) })),
                         ("expires_at", need.expiresAt.map { .string($0.description) } ?? .null),
                         ("reasons", .array(need.reasons.map { .string($0) }))])
            } ?? .null),
            ("goals", .object(goals.map { goal in
                var fields: [(String, JSONValue)] = [("value", goal.value?.json ?? .null), ("met", .bool(goal.met))]
                if let error = goal.error { fields.append(("error", .string(error))) }
                return (goal.name, .object(fields))
            })),
            ("budgets", .object(budgets.map { budget in
                (budget.name, .object([("used", budget.used.json), ("remaining", budget.remaining.json), ("spent", budget.spent.json)]))
            })),
        ]
        if !warnings.isEmpty { members.append(("warnings", .array(warnings.map { .string($0) }))) }
        if let error {
            var fields: [(String, JSONValue)] = [("message", .string(error.message))]
            if let path = error.path { fields.append(("path", .string(path))) }
            if let line = error.line, let column = error.column {
                fields.append(("line", .number(String(line))))
                fields.append(("column", .number(String(column))))
            }
            members.append(("error", .object(fields)))
        }
        if let trace {
            members.append(("trace", .array(trace.map { entry in
                .object([("kind", .string(entry.kind)), ("name", .string(entry.name)), ("detail", .string(entry.detail))])
            })))
        }
        return .object(members)
    }
}

extension Decision: Encodable {
    /// Encodes the JSON shape of `json`; numbers are encoded exactly as `Decimal`.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

extension JSONValue: Encodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes the value; numbers go through `Decimal`, which keeps their digits.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let text):
            var container = encoder.singleValueContainer()
            if let integer = Int64(text) {
                try container.encode(integer)
            } else {
                try container.encode(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0)
            }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (name, value) in members { try container.encode(value, forKey: Key(stringValue: name)) }
        }
    }
}
