import ArbiterChecker

extension CompiledPolicy {
    /// Converts values given per input slot (a history row's cells, already mapped to
    /// slots) to the engine's input form. `nil` or `.null` means missing. A failure names
    /// the slot and the problem (`expected money, got "abc"`), without the `$.` path.
    public func input(slotValues: [JSONValue?]) -> Result<DecisionInput, SlotValueError> {
        var values: [RuntimeValue] = []
        values.reserveCapacity(inputs.count)
        for slot in inputs.indices {
            switch decodeSlot(slot < slotValues.count ? slotValues[slot] : nil, slot: slot) {
            case .success(let value): values.append(value)
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(DecisionInput(values: values))
    }

    /// Converts one input slot's raw value (`nil` or `.null`: missing).
    func decodeSlot(_ raw: JSONValue?, slot: Int) -> Result<RuntimeValue, SlotValueError> {
        guard let raw, raw != .null else {
            if hot.inputIsOptional[slot] { return .success(.none) }
            return .failure(SlotValueError(slot: slot, message: "required field is missing"))
        }
        // A history cell is text; the common types read it directly. Anything these do not
        // take (spaces, a currency code, another type) goes to the general decoder, which
        // accepts it or names the problem.
        if case .string(let text) = raw {
            switch hot.inputKinds[slot] {
            case .text: if slot != keyInput { return .success(.text(text)) }
            case .int: if let value = Int64(text) { return .success(.int(value)) }
            case .number, .money: if let value = try? Exact(parsing: text) { return .success(.exact(value)) }
            case .other: break
            }
        }
        let field = inputs[slot]
        switch InputValueDecoder.decode(raw, as: field.type, currency: currency, zone: zone) {
        case .success(let value):
            if let problem = keyProblem(value, slot: slot) { return .failure(SlotValueError(slot: slot, message: problem)) }
            return .success(value)
        case .failure(let problem): return .failure(SlotValueError(slot: slot, message: problem.description))
        }
    }

    /// A warning for an input that is a money control's current value with more digits
    /// than the currency's minor unit (a value set outside Arbiter), or nil. The value is
    /// used as given and shown with all its digits; any change sets whole minor units (§2).
    func controlValueWarning(_ value: RuntimeValue, slot: Int) -> String? {
        guard hot.inputFeedsMoneyControl[slot], case .exact(let amount) = value, let currency,
              let rounded = try? currency.rounded(amount), rounded != amount else { return nil }
        return "$.\(inputs[slot].name): \(amount) has more digits than \(currency.code)'s minor unit (\(currency.minorUnit)); "
            + "a change of `\(inputs[slot].name)` sets whole minor units"
    }
}

extension CompiledPolicy {
    /// The value of a non-empty text cell given as UTF-8 bytes, for the kinds
    /// `decodeSlot` reads directly (text, int, number, money), or nil when it must go
    /// through `decodeSlot` (another kind, or text these do not take). The value is the
    /// one `decodeSlot(.string(text), slot:)` gives.
    func decodeSlot(utf8 bytes: UnsafeBufferPointer<UInt8>, slot: Int) -> RuntimeValue? {
        switch hot.inputKinds[slot] {
        case .text:
            let value = RuntimeValue.text(String(decoding: bytes, as: UTF8.self))
            // A blank key goes to the general decoder, which refuses it (`keyProblem`).
            return slot == keyInput && keyProblem(value, slot: slot) != nil ? nil : value
        case .int: return Self.int64(utf8: bytes).map(RuntimeValue.int)
        case .number, .money: return (try? Exact(parsingUTF8: bytes)).map(RuntimeValue.exact)
        case .other: return nil
        }
    }

    /// `Int64(text)` for `[+-]digits` up to 18 digits (which cannot overflow); nil for
    /// anything else, which `Int64(text)` then reads or refuses.
    private static func int64(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        let digits = bytes.count - index
        guard digits > 0, digits <= 18 else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }
}

/// Why one input slot's value was refused.
public struct SlotValueError: Error, Sendable, Hashable {
    /// The input slot.
    public var slot: Int
    /// What is wrong: `expected money, got "abc"`.
    public var message: String
}

extension RuntimeValue {
    /// The runtime value a decision shows as `shown` for a control of `type`.
    public init?(_ shown: DecisionValue, type: ValueType) {
        switch shown {
        case .money(let text):
            guard let amount = try? Exact(parsing: text) else { return nil }
            self = .exact(amount)
        case .number(let value): self = .exact(value)
        case .int(let value): self = type == .int ? .int(value) : .exact(Exact(value))
        case .bool(let value): self = .bool(value)
        case .text(let text):
            switch type {
            case .duration:
                guard let duration = try? DurationValue(parsing: text) else { return nil }
                self = .duration(duration)
            case .time, .date:
                guard let instant = try? Instant(parsing: text) else { return nil }
                self = .instant(instant)
            default:
                self = .text(text)
            }
        case .none: self = .none
        }
    }
}
