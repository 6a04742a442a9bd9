import ArbiterSyntax
import Foundation

/// A policy's items sorted by kind, each with its `Item` (for keyword spans).
struct ItemsByKind {
    var drives: [(Identifier, Item)] = []
    var keys: [(Identifier, Item)] = []
    var currencies: [(Identifier, Item)] = []
    var timezones: [(StringLiteral, Item)] = []
    var inputBlocks: [([InputField], Item)] = []
    var controls: [ControlDecl] = []
    var resolves: [ResolveDecl] = []
    var lets: [LetDecl] = []
    var goals: [GoalDecl] = []
    var rules: [RuleDecl] = []
    var guards: [GuardDecl] = []
    var budgets: [BudgetDecl] = []
    var approvals: [(ApproveDecl, Item)] = []
}

extension Checker {
    mutating func sortItems() {
        for item in policy.items {
            switch item.kind {
            case .drives(let family): items.drives.append((family, item))
            case .key(let field): items.keys.append((field, item))
            case .currency(let code): items.currencies.append((code, item))
            case .timezone(let zone): items.timezones.append((zone, item))
            case .input(let fields, _): items.inputBlocks.append((fields, item))
            case .control(let control): items.controls.append(control)
            case .resolve(let resolve): items.resolves.append(resolve)
            case .let(let declaration): items.lets.append(declaration)
            case .goal(let goal): items.goals.append(goal)
            case .rule(let rule): items.rules.append(rule)
            case .guard(let declaration): items.guards.append(declaration)
            case .budget(let budget): items.budgets.append(budget)
            case .approve(let approve): items.approvals.append((approve, item))
            }
        }
    }

    /// `drives`, `currency`, `timezone`, missing headers and headers given twice. `key`
    /// needs the input fields and is checked by `checkKey`.
    mutating func checkHeaders() {
        reportRepeated("drives", items.drives.map(\.1))
        reportRepeated("key", items.keys.map(\.1))
        reportRepeated("currency", items.currencies.map(\.1))
        reportRepeated("timezone", items.timezones.map(\.1))
        reportRepeated("input", items.inputBlocks.map(\.1))
        let policyName = policy.name.name.isEmpty ? "this policy" : "policy `\(policy.name.name)`"
        if let (name, _) = items.drives.first {
            if let known = ActuatorFamily(rawValue: name.name) {
                family = known
            } else if !name.name.isEmpty {
                let families = ActuatorFamily.allCases.map(\.rawValue)
                report(unknownWord(.unknownFamily, "unknown actuator family `\(name.name)`", name,
                                   label: "not an actuator family", candidates: families,
                                   listing: "the families are `pricing`, `bidding`, `merchandising` and `scaling`"))
            }
        } else {
            report(Diagnostic(.missingHeader, "\(policyName) has no `drives`", at: policy.name.span,
                              label: "missing `drives`",
                              help: "add `drives pricing` (or `bidding`, `merchandising`, `scaling`): the actuators it moves"))
        }
        if items.keys.isEmpty {
            report(Diagnostic(.missingHeader, "\(policyName) has no `key`", at: policy.name.span,
                              label: "missing `key`",
                              help: "add `key FIELD`, naming the text input field that identifies what a decision is about"))
        }
        if let (code, _) = items.currencies.first {
            currencySpan = code.span
            if ISO4217.isKnown(code.name) {
                currency = code.name
            } else {
                report(unknownWord(.unknownCurrency, "unknown currency `\(code.name)`", code,
                                   label: "not an ISO 4217 currency code", candidates: ISO4217.codes,
                                   listing: "write the ISO 4217 code of the policy's money, such as `EUR` or `USD`"))
            }
        }
        if let (zone, _) = items.timezones.first {
            if let known = TimeZone(identifier: zone.value), !zone.value.isEmpty {
                timeZone = known
            } else {
                var diagnostic = Diagnostic(.unknownTimezone, "unknown time zone `\(zone.value)`", at: zone.span,
                                            label: "not in the IANA time zone database")
                if let close = Suggestion.closest(to: zone.value, among: TimeZone.knownTimeZoneIdentifiers) {
                    diagnostic.help = "did you mean `\(close)`?"
                    diagnostic.fixIts = [FixIt(span: zone.span, replacement: "\"\(close)\"")]
                } else {
                    diagnostic.help = "write an IANA name such as \"Europe/Paris\" or \"UTC\""
                }
                report(diagnostic)
            }
        }
    }

    private mutating func reportRepeated(_ header: String, _ occurrences: [Item]) {
        guard let first = occurrences.first else { return }
        for again in occurrences.dropFirst() {
            report(Diagnostic(.duplicateHeader, "`\(header)` is given twice", at: again.keywordSpan,
                              label: "second `\(header)`",
                              notes: [DiagnosticNote("first given here", span: first.keywordSpan)],
                              help: "a policy has one `\(header)`; remove this one"))
        }
    }

    /// `key FIELD`: a required text input field.
    mutating func checkKey() {
        guard let (name, _) = items.keys.first, !name.name.isEmpty else { return }
        guard let slot = inputIndex[name.name] else {
            markSuggestedInputUsed(name.name)
            report(unknownWord(.keyNotInput, "key `\(name.name)` is not an input field", name,
                               label: "not declared in `input`", candidates: inputs.map(\.name),
                               listing: inputs.isEmpty ? "declare the key field in `input`, such as `sku: text`"
                                   : "the input fields are \(Suggestion.list(inputs.map(\.name)))"))
            return
        }
        references[name.span] = .input(slot)
        inputUsed[slot] = true
        let field = inputs[slot]
        if field.type == .error { return }
        if field.type != .text || field.isOptional {
            let found = field.isOptional ? field.type.displayName + "?" : field.type.displayName
            report(Diagnostic(.keyNotInput, "key field `\(name.name)` is \(found), not text", at: name.span,
                              label: "not a text field",
                              notes: [DiagnosticNote("`\(name.name)` is declared here", span: field.syntax.span)],
                              help: "the key identifies the entity a decision is about: a required `text` field such as `sku`"))
            return
        }
        keyField = slot
    }

    /// Reports, once per policy, money used in a policy without `currency`.
    mutating func requireCurrency(at span: Span) {
        guard currency == nil, items.currencies.isEmpty, !reportedMissingCurrency else { return }
        reportedMissingCurrency = true
        report(Diagnostic(.missingHeader, "this policy uses money but has no `currency`", at: span,
                          label: "money needs a currency",
                          help: "add `currency EUR` (the ISO 4217 code of the policy's money) after `key`"))
    }

    /// A diagnostic for a word that is not one of `candidates`: "did you mean" with a
    /// fix-it when one is close, else a note listing what is allowed.
    /// `listing` is a note, or the help when `listingIsHelp` (it says how to fix it).
    func unknownWord(_ code: DiagnosticCode, _ message: String, _ word: Identifier, label: String,
                     candidates: [String], listing: String, listingIsHelp: Bool = false) -> Diagnostic {
        var diagnostic = Diagnostic(code, message, at: word.span, label: label)
        if let close = Suggestion.closest(to: word.name, among: candidates) {
            diagnostic.help = "did you mean `\(close)`?"
            diagnostic.fixIts = [FixIt(span: word.span, replacement: close)]
        } else if listingIsHelp {
            diagnostic.help = listing
        } else {
            diagnostic.notes = [DiagnosticNote(listing)]
        }
        return diagnostic
    }
}
