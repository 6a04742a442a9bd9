import ArbiterChecker

/// An input in the engine's form: one value per input slot of one compiled policy.
///
/// Decoding (`CompiledPolicy.input(from:)`) validates every field once; deciding then
/// reads slots by index. Benchmarks and replay build these ahead of time.
public struct DecisionInput: Sendable, Hashable {
    /// One value per input slot; `.none` for a missing optional.
    public var values: [RuntimeValue]
    /// Notes about the input, such as fields the policy does not declare.
    public var warnings: [String]

    /// Creates an input from slot values.
    public init(values: [RuntimeValue], warnings: [String] = []) {
        self.values = values
        self.warnings = warnings
    }
}

extension CompiledPolicy {
    /// Validates and converts a JSON object to the engine's input form.
    ///
    /// Errors name the field's path: `$.cost: expected money, got "abc"`. Unknown fields
    /// are listed in `warnings`. See docs/semantics.md §2 for the accepted spellings.
    public func input(from json: JSONValue) -> Result<DecisionInput, DecisionError> {
        guard case .object(let members) = json else {
            return .failure(DecisionError(message: "$: expected an object, got \(json.shortDescription)", path: "$"))
        }
        var byName: [String: JSONValue] = [:]
        for (name, value) in members {
            // Which of two values was meant cannot be known: neither is used.
            if byName.updateValue(value, forKey: name) != nil, inputs.contains(where: { $0.name == name }) {
                return .failure(DecisionError(message: "$.\(name): the field is given twice", path: "$." + name))
            }
        }
        var values: [RuntimeValue] = []
        values.reserveCapacity(inputs.count)
        for field in inputs {
            let path = "$." + field.name
            guard let raw = byName[field.name], raw != .null else {
                if field.isOptional {
                    values.append(.none)
                    continue
                }
                let message = byName[field.name] == .null ? "required field is null" : "required field is missing"
                return .failure(DecisionError(message: "\(path): \(message)", path: path))
            }
            switch InputValueDecoder.decode(raw, as: field.type, currency: currency, zone: zone) {
            case .success(let value):
                if let problem = keyProblem(value, slot: values.count) {
                    return .failure(DecisionError(message: "\(path): \(problem)", path: path))
                }
                values.append(value)
            case .failure(let problem):
                return .failure(DecisionError(message: "\(path): \(problem)", path: path))
            }
        }
        let valueWarnings = values.indices.compactMap { controlValueWarning(values[$0], slot: $0) }
        return .success(DecisionInput(values: values, warnings: unknownFieldWarnings(members) + valueWarnings))
    }

    /// Why a value cannot be the key input's, or nil: an empty or blank key (§2). State is
    /// kept per key, so every input without one would share a single key's changes,
    /// windows and approvals.
    func keyProblem(_ value: RuntimeValue, slot: Int) -> String? {
        guard slot == keyInput, case .text(let text) = value, text.allSatisfy(\.isWhitespace) else { return nil }
        return "the key is \(text.isEmpty ? "empty" : "blank"): decisions keep their state per key, "
            + "and every input without one would share it"
    }

    /// The warning that lists an input's fields the policy does not declare, if any.
    func unknownFieldWarnings(_ members: [(String, JSONValue)]) -> [String] {
        let declared = Set(inputs.map(\.name))
        var seen = Set<String>()
        let unknown = members.map(\.0).filter { !declared.contains($0) && seen.insert($0).inserted }
        // A misspelt field leaves the one it meant missing: name it (`conversoin`: did
        // you mean `conversion`?) when that one is not given.
        let given = Set(members.map(\.0))
        let absent = inputs.map(\.name).filter { !given.contains($0) }
        let shown = unknown.map { name in
            Suggestion.closest(to: name, among: absent).map { "`\(name)` (did you mean `\($0)`?)" } ?? "`\(name)`"
        }
        return unknown.isEmpty ? [] : ["unknown input fields ignored: " + shown.joined(separator: ", ")]
    }

    /// Decides for a JSON input: decoding errors give an `error` decision.
    public func decide(json: JSONValue, at now: Instant, store: any StateStore, options: DecisionOptions = DecisionOptions()) -> Decision {
        switch input(from: json) {
        case .success(let input):
            return decide(input, at: now, store: store, options: options)
        case .failure(let error):
            var key = ""
            if case .string(let text)? = json[inputs[keyInput].name] { key = text }
            // Unknown fields are listed whatever the outcome (§2).
            var warnings: [String] = []
            if case .object(let members) = json { warnings = unknownFieldWarnings(members) }
            return errorDecision(key: key, at: now, message: error.message, path: error.path, warnings: warnings)
        }
    }
}

/// Why an input value was refused: `expected money, got "abc"`.
struct InputProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
    /// `expected money, got "abc"`; built only on failure, never on the decoding hot path.
    init(expecting type: ValueType, got raw: JSONValue) {
        self.description = "expected \(type.displayName), got \(raw.shortDescription)"
    }

    /// A number that reads but does not fit says why: its digits or its size.
    init(expecting type: ValueType, got raw: JSONValue, parsing text: some StringProtocol) {
        var description = "expected \(type.displayName), got \(raw.shortDescription)"
        do {
            _ = try Exact(parsing: text)
        } catch .tooPrecise {
            description += " (more than 18 fractional digits)"
        } catch .outOfRange {
            description += " (out of range: at most about 1.7 × 10²⁰)"
        } catch {}
        self.description = description
    }
}

/// Converts one JSON value to a runtime value of a declared type.
enum InputValueDecoder {
    /// A `date` is midnight in `zone`, the policy's time zone, as date literals are.
    static func decode(_ raw: JSONValue, as type: ValueType, currency: Currency?, zone: TimeZoneOffsets = .utc) -> Result<RuntimeValue, InputProblem> {
        switch type.nonOptional {
        case .text:
            guard case .string(let text) = raw else { return .failure(InputProblem(expecting: type, got: raw)) }
            return .success(.text(text))
        case .enumeration(let cases):
            guard case .string(let text) = raw, cases.contains(text) else { return .failure(InputProblem(expecting: type, got: raw)) }
            return .success(.text(text))
        case .bool:
            switch raw {
            case .bool(let flag): return .success(.bool(flag))
            case .string(let text):
                switch text.trimmingSpaces() {
                case "true": return .success(.bool(true))
                case "false": return .success(.bool(false))
                default: return .failure(InputProblem(expecting: type, got: raw))
                }
            default: return .failure(InputProblem(expecting: type, got: raw))
            }
        case .int:
            guard let text = numberText(raw) else { return .failure(InputProblem(expecting: type, got: raw)) }
            guard let value = Int64(text) else {
                // Any number text whose value is whole, as JSON Schema's `integer` takes
                // it and as numbers and money are read: `1_000`, `1e3`, `1000.0`.
                var problem = InputProblem(expecting: type, got: raw)
                do {
                    let exact = try Exact(parsing: text)
                    if exact.isIntegral, let whole = try? exact.int64Value() { return .success(.int(whole)) }
                    problem.description += exact.isIntegral ? " (out of range for a 64-bit int)" : " (not a whole number)"
                    return .failure(problem)
                } catch {
                    if error == .outOfRange { problem.description += " (out of range for a 64-bit int)" }
                    if error == .tooPrecise { problem.description += " (not a whole number)" }
                    return .failure(problem)
                }
            }
            return .success(.int(value))
        case .number:
            guard let text = numberText(raw) else { return .failure(InputProblem(expecting: type, got: raw)) }
            guard let value = try? Exact(parsing: text) else { return .failure(InputProblem(expecting: type, got: raw, parsing: text)) }
            return .success(.exact(value))
        case .percent:
            if case .string(let given) = raw, case let text = given.trimmingSpaces(), text.hasSuffix("%") {
                let number = text.dropLast().trimmingSpaces()
                guard let value = try? Exact(parsing: number) else { return .failure(InputProblem(expecting: type, got: raw, parsing: number)) }
                // Read exactly, as every number is (§2): a percent whose fraction needs more
                // than 18 digits (`1e-17%`) would be rounded, so it is refused.
                guard let fraction = try? value.divided(by: Exact(100)), (try? fraction.multiplied(by: Exact(100))) == value else {
                    var problem = InputProblem(expecting: type, got: raw)
                    problem.description += " (more than 16 fractional digits in a percent: its fraction would need more than 18)"
                    return .failure(problem)
                }
                return .success(.exact(fraction))
            }
            guard let text = numberText(raw) else { return .failure(InputProblem(expecting: type, got: raw)) }
            guard let value = try? Exact(parsing: text) else { return .failure(InputProblem(expecting: type, got: raw, parsing: text)) }
            return .success(.exact(value))
        case .money:
            var amountText: Substring
            switch raw {
            case .number(let text): amountText = Substring(text)
            case .string(let text): amountText = Substring(text.trimmingSpaces())
            default: return .failure(InputProblem(expecting: type, got: raw))
            }
            if let space = amountText.utf8.lastIndex(of: UInt8(ascii: " ")) {
                let code = amountText[amountText.index(after: space)...]
                if let currency, code != currency.code {
                    let head = amountText[..<space].trimmingSpaces()
                    let given = "got \"\(amountText)\""
                    if code.uppercased() == currency.code {
                        return .failure(InputProblem("expected money in \(currency.code), \(given): currency codes are upper-case (\"\(head) \(currency.code)\")"))
                    }
                    if head.uppercased() == currency.code, (try? Exact(parsing: code)) != nil {
                        return .failure(InputProblem("expected money in \(currency.code), \(given): the code goes after the amount (\"\(code) \(currency.code)\")"))
                    }
                    guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                        return .failure(InputProblem(expecting: type, got: raw))
                    }
                    return .failure(InputProblem("expected money in \(currency.code), got \(code)"))
                }
                amountText = amountText[..<space]
            }
            guard let value = try? Exact(parsing: amountText) else { return .failure(InputProblem(expecting: type, got: raw, parsing: amountText)) }
            return .success(.exact(value))
        case .duration:
            switch raw {
            case .number(let text):
                return seconds(text, given: raw)
            case .string(let given):
                let text = given.trimmingSpaces()
                do {
                    return .success(.duration(try DurationValue(parsing: text)))
                } catch {
                    // Text without a unit that is a number is a number of seconds, as a
                    // JSON number is (a history's CSV cell `150`, as for percents).
                    // A refusal quotes the value as given: `got "0.0000001"`, a string.
                    if (try? Exact(parsing: text)) != nil { return seconds(text, given: raw) }
                    var problem = InputProblem(expecting: type, got: raw)
                    if error == .tooPrecise { problem.description += " (finer than a microsecond)" }
                    if error == .outOfRange { problem.description += " (out of range)" }
                    return .failure(problem)
                }
            default: return .failure(InputProblem(expecting: type, got: raw))
            }
        case .time:
            guard case .string(let given) = raw else { return .failure(InputProblem(expecting: type, got: raw)) }
            let text = given.trimmingSpaces()
            do {
                return .success(.instant(try Instant(parsing: text)))
            } catch {
                var problem = InputProblem(expecting: type, got: raw)
                if let reason = error.timeReason { problem.description += " (\(reason))" }
                return .failure(problem)
            }
        case .date:
            guard case .string(let text) = raw else { return .failure(InputProblem(expecting: type, got: raw)) }
            do {
                let date = try CalendarDate(parsing: text.trimmingSpaces())
                return .success(.instant(Instant(secondsSinceEpoch: zone.utcSecond(forLocalSecond: date.daysSinceEpoch * 86_400))))
            } catch {
                // `2026-02-29` reads as a date that does not exist: say so, as for a time.
                var problem = InputProblem(expecting: type, got: raw)
                if error == .invalidDate || error == .outOfRange { problem.description += " (\(error))" }
                return .failure(problem)
            }
        case .optional, .error:
            return .failure(InputProblem(expecting: type, got: raw))
        }
    }

    /// A duration given as a number of seconds (`90`, `"1.5"`); a refusal shows `raw`, the
    /// value as given.
    private static func seconds(_ text: String, given raw: JSONValue) -> Result<RuntimeValue, InputProblem> {
        // ±(2⁶³ − 1) µs is `unbounded`, no finite duration: out of range as well.
        guard let seconds = try? Exact(parsing: text), let micros = try? seconds.multiplied(by: Exact(1_000_000)).int64Value(),
              micros != .max, micros != -.max else {
            // Finer than a microsecond is refused, as `"0.0001ms"` and literals are; a
            // number of seconds past a duration's range (or an `Exact`'s) says so.
            var problem = InputProblem(expecting: .duration, got: raw, parsing: text)
            if let seconds = try? Exact(parsing: text) {
                if let micros = try? seconds.multiplied(by: Exact(1_000_000)), !micros.isIntegral {
                    problem.description += " (finer than a microsecond)"
                } else {
                    problem.description += " (out of range: a duration is at most about 292,000 years)"
                }
            }
            return .failure(problem)
        }
        return .success(.duration(DurationValue(microseconds: micros)))
    }

    /// The text of a JSON number, or of a string holding one.
    private static func numberText(_ raw: JSONValue) -> String? {
        switch raw {
        case .number(let text): text
        case .string(let text): text.trimmingSpaces()
        default: nil
        }
    }
}

extension StringProtocol {
    /// The text without the spaces around it (only U+0020), as inputs are read (§2).
    public func trimmingSpaces() -> String {
        // Fast path: most cells have no surrounding spaces. Bytes, not characters: grapheme
        // breaking made this a twentieth of a replay's time.
        let space = UInt8(ascii: " ")
        var bytes = Substring(self).utf8
        if bytes.first != space, bytes.last != space { return String(self) }
        while bytes.first == space { bytes = bytes.dropFirst() }
        while bytes.last == space { bytes = bytes.dropLast() }
        return String(Substring(bytes))
    }
}
