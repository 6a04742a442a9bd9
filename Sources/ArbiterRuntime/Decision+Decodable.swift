import Foundation

extension Decision: Decodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads the JSON shape that `encode(to:)` writes. A string value that reads as a
    /// decimal is taken as money (decisions print money as strings), any other as text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        func string(_ name: String) throws -> String { try container.decode(String.self, forKey: Key(name)) }
        policy = try string("policy")
        version = try string("version")
        key = try string("key")
        let atText = try string("at")
        guard let instant = try? Instant(parsing: atText) else {
            throw DecodingError.dataCorruptedError(forKey: Key("at"), in: container, debugDescription: "invalid time \(atText)")
        }
        at = instant
        guard let decodedOutcome = Outcome(rawValue: try string("outcome")) else {
            throw DecodingError.dataCorruptedError(forKey: Key("outcome"), in: container, debugDescription: "unknown outcome")
        }
        outcome = decodedOutcome
        var controlItems: [ControlOutcome] = []
        if container.contains(Key("controls")) {
            let controlsContainer = try container.nestedContainer(keyedBy: Key.self, forKey: Key("controls"))
            for name in controlsContainer.allKeys {
                let entry = try controlsContainer.nestedContainer(keyedBy: Key.self, forKey: name)
                func value(_ field: String) throws -> DecisionValue { try entry.decode(DecodedValue.self, forKey: Key(field)).value }
                controlItems.append(ControlOutcome(name: name.stringValue, from: try value("from"),
                                                   proposed: try value("proposed"), to: try value("to")))
            }
        }
        controls = ControlOutcomes(controlItems)
        fired = try container.decodeIfPresent([String].self, forKey: Key("fired")) ?? []
        guards = try container.decodeIfPresent([DecodedGuard].self, forKey: Key("guards"))?.map(\.event) ?? []
        approval = try container.decodeIfPresent(DecodedApproval.self, forKey: Key("approval"))?.need
        goals = []
        if container.contains(Key("goals")) {
            let goalsContainer = try container.nestedContainer(keyedBy: Key.self, forKey: Key("goals"))
            for name in goalsContainer.allKeys {
                let goal = try goalsContainer.decode(DecodedGoal.self, forKey: name)
                goals.append(GoalResult(name: name.stringValue, value: goal.value?.value, met: goal.met, error: goal.error))
            }
        }
        budgets = []
        if container.contains(Key("budgets")) {
            let budgetsContainer = try container.nestedContainer(keyedBy: Key.self, forKey: Key("budgets"))
            for name in budgetsContainer.allKeys {
                let entry = try budgetsContainer.nestedContainer(keyedBy: Key.self, forKey: name)
                func value(_ field: String) throws -> DecisionValue { try entry.decode(DecodedValue.self, forKey: Key(field)).value }
                budgets.append(BudgetReport(name: name.stringValue, used: try value("used"), remaining: try value("remaining"),
                                            spent: try entry.decodeIfPresent(DecodedValue.self, forKey: Key("spent"))?.value ?? .none))
            }
        }
        warnings = try container.decodeIfPresent([String].self, forKey: Key("warnings")) ?? []
        if let decodedError = try container.decodeIfPresent(DecodedError.self, forKey: Key("error")) {
            error = DecisionError(message: decodedError.message, path: decodedError.path, line: decodedError.line, column: decodedError.column)
        } else if outcome == .error {
            throw DecodingError.keyNotFound(Key("error"), DecodingError.Context(
                codingPath: container.codingPath, debugDescription: "a decision with outcome `error` names its error"))
        } else {
            error = nil
        }
        trace = try container.decodeIfPresent([[String: String]].self, forKey: Key("trace"))?.map { entry in
            TraceEntry(kind: entry["kind"] ?? "", name: entry["name"] ?? "", detail: entry["detail"] ?? "")
        }
    }
}

private struct DecodedValue: Decodable {
    var value: DecisionValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .none
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            value = .int(integer)
        } else if let number = try? container.decode(Decimal.self), let exact = try? Exact(parsing: number.description) {
            value = .number(exact)
        } else {
            let text = try container.decode(String.self)
            value = (try? Exact(parsing: text)) != nil ? .money(text) : .text(text)
        }
    }
}

private struct DecodedGoal: Decodable {
    var value: DecodedValue?
    var met: Bool
    var error: String?
}

private struct DecodedError: Decodable {
    var message: String
    var path: String?
    var line: Int?
    var column: Int?
}

private struct DecodedGuard: Decodable {
    var event: GuardEvent

    private enum CodingKeys: String, CodingKey {
        case guardName = "guard", enforcement, result, detail
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let resultText = try container.decode(String.self, forKey: .result)
        guard let result = GuardEvent.Result(rawValue: resultText) else {
            throw DecodingError.dataCorruptedError(forKey: .result, in: container, debugDescription: "unknown guard result `\(resultText)`")
        }
        event = GuardEvent(guardName: try container.decode(String.self, forKey: .guardName),
                           enforcement: try container.decode(String.self, forKey: .enforcement),
                           result: result, detail: try container.decodeIfPresent(String.self, forKey: .detail) ?? "")
    }
}

private struct DecodedApproval: Decodable {
    var need: ApprovalNeed

    private enum CodingKeys: String, CodingKey {
        case id, role, values, expiresAt = "expires_at", reasons
    }

    private struct ControlName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var expiresAt: Instant?
        if let text = try container.decodeIfPresent(String.self, forKey: .expiresAt) {
            // Never "does not expire" for a time that does not read.
            guard let instant = try? Instant(parsing: text) else {
                throw DecodingError.dataCorruptedError(forKey: .expiresAt, in: container, debugDescription: "invalid time \(text)")
            }
            expiresAt = instant
        }
        var values: [AwaitedValue] = []
        if container.contains(.values) {
            let valuesContainer = try container.nestedContainer(keyedBy: ControlName.self, forKey: .values)
            for name in valuesContainer.allKeys {
                values.append(AwaitedValue(name: name.stringValue, value: try valuesContainer.decode(DecodedValue.self, forKey: name).value))
            }
        }
        need = ApprovalNeed(id: try container.decodeIfPresent(String.self, forKey: .id), role: try container.decode(String.self, forKey: .role),
                            expiresAt: expiresAt, reasons: try container.decodeIfPresent([String].self, forKey: .reasons) ?? [], values: values)
    }
}
