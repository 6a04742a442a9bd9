// How the checker works
//
// The checker turns parsed policies into `CheckedPolicy` values: every name resolved to
// a slot, every expression typed, every item's form classified. It never stops at the
// first problem; it collects diagnostics and goes on, like the parser.
//
// Each policy is checked on its own, in phases that only look back:
//
//   1. headers      one pass over the items sorts them by kind and checks `drives`,
//                   `currency`, `timezone` and duplicates of headers (Checker+Headers).
//   2. declarations input fields, controls, `resolve`, budgets (their limits fix the
//                   type of `ads.remaining`), then lets: names first, then a dependency
//                   graph that orders them and finds cycles (Checker+Names,
//                   Checker+Lets). After this phase every name has a slot and a type.
//   3. expressions  lets in dependency order, then control defaults, goals and rules
//                   (Checker+Rules, Checker+Assignments), guards and their forms
//                   (Checker+Forms), budgets and approvals (Checker+Budgets).
//                   `type(of:)` (Checker+Types) types one expression bottom-up, with the
//                   operators (Checker+Operators) and the unit algebra (UnitAlgebra), the
//                   built-in functions (Checker+Functions, Checker+StateFunctions) and the
//                   narrowing of optional inputs by `exists` (Checker+Optionals).
//   4. analysis     warnings that need the whole policy: dead and shadowed rules,
//                   guards that never hold, contradictory bounds, unused inputs and
//                   lets (Checker+Warnings, ConstantFolding).
//
// Avoiding cascades: an expression that contains a `.missing` node, an unknown name or
// an operand mismatch gets the type `error`, which every rule accepts silently. A name
// that has a close match ("did you mean `stock`?") marks the match as used, so a typo
// does not also make `stock` look unused.
//
// Cost: every phase is linear in the size of the policy. Names are found through
// dictionaries, `and` chains and arithmetic chains are walked iteratively along their
// left spine (a 10,000-term chain does not recurse 10,000 deep), and the cross-item
// warnings keep running summaries (the tightest bound so far per control, the controls
// set so far by unconditional rules) instead of comparing items pairwise.

import ArbiterSyntax
import Foundation

/// What checking produced: the checked policies and every diagnostic.
public struct CheckResult: Sendable {
    /// Every policy of every file, in file order, including those with errors.
    public var policies: [CheckedPolicy]
    /// Every diagnostic, sorted by file (in the order given), line and column.
    public var diagnostics: [Diagnostic]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.hasErrors }

    /// The policy with the given name.
    public func policy(named name: String) -> CheckedPolicy? {
        policies.first { $0.name == name }
    }
}

/// The type checker and static analyser of policies.
public struct Checker {
    /// How deep a let may nest together with the lets it reads (see `declareLets`), a
    /// name counting one level: a chain of about 200 short lets. Measured at about 0.7 KiB
    /// of stack per level, so it fits a secondary thread's 512 KiB with room for the
    /// expression that reads it.
    static let maximumLetDepth = 4 * Parser.maximumDepth

    /// Checks all policies of several files together: names of policies are unique
    /// across the files.
    public static func check(_ files: [PolicyFile]) -> CheckResult {
        check(files, incomplete: [], parseDiagnostics: [])
    }

    /// Checks parsed files and merges the parse diagnostics into the result.
    ///
    /// The parser drops items it cannot read, so in a file with parse errors the
    /// warnings that need the whole policy (unused inputs and lets, shadowed rules) are
    /// not reported: they would be caused by the missing items.
    public static func check(_ parsed: [ParseResult]) -> CheckResult {
        let incomplete = Set(parsed.filter { $0.diagnostics.hasErrors }.map { $0.file.source.id })
        return check(parsed.map(\.file), incomplete: incomplete, parseDiagnostics: parsed.flatMap(\.diagnostics))
    }

    private static func check(_ files: [PolicyFile], incomplete: Set<FileID>, parseDiagnostics: [Diagnostic]) -> CheckResult {
        var diagnostics = parseDiagnostics
        var policies: [CheckedPolicy] = []
        var firstByName: [String: Span] = [:]
        for file in files {
            for policy in file.policies {
                var duplicate = false
                if !policy.name.name.isEmpty {
                    if let first = firstByName[policy.name.name] {
                        duplicate = true
                        diagnostics.append(Diagnostic(
                            .duplicatePolicy, "policy `\(policy.name.name)` is declared twice", at: policy.name.span,
                            label: "second policy with this name",
                            notes: [DiagnosticNote("the first is declared here", span: first)],
                            help: "policy names are unique across all the files checked together; rename one"))
                    } else {
                        firstByName[policy.name.name] = policy.name.span
                    }
                }
                var checker = Checker(policy: policy, source: file.source, complete: !incomplete.contains(file.source.id))
                var checked = checker.run()
                checked.hasErrors = checked.hasErrors || duplicate
                diagnostics += checker.diagnostics
                policies.append(checked)
            }
        }
        var order: [FileID: Int] = [:]
        for (index, file) in files.enumerated() where order[file.source.id] == nil { order[file.source.id] = index }
        let sorted = diagnostics.enumerated().sorted { a, b in
            let left = (order[a.element.span.file] ?? Int.max, a.element.span.start, a.offset)
            let right = (order[b.element.span.file] ?? Int.max, b.element.span.start, b.offset)
            return left < right
        }.map(\.element)
        return CheckResult(policies: policies, diagnostics: sorted)
    }

    // MARK: - State of one policy's check

    let policy: Policy
    let source: SourceFile
    /// False when the file had parse errors: whole-policy warnings are then skipped.
    var complete: Bool
    var diagnostics: [Diagnostic] = []

    var items = ItemsByKind()
    var family: ActuatorFamily?
    var keyField: Int?
    var currency: String?
    var currencySpan: Span?
    var reportedMissingCurrency = false
    var timeZone = TimeZone(identifier: "UTC") ?? TimeZone.current

    var inputs: [CheckedInput] = []
    var inputIndex: [String: Int] = [:]
    var inputUsed: [Bool] = []
    var controls: [CheckedControl] = []
    var controlIndex: [String: Int] = [:]
    var budgets: [CheckedBudget] = []
    var budgetIndex: [String: Int] = [:]
    var lets: [CheckedLet] = []
    var letUsed: [Bool] = []
    /// The lets each let reads, by slot: a let read only by lets nobody reads is unused.
    var letReads: [[Int]] = []
    /// Every name an expression can read, with what it refers to.
    var values: [String: Symbol] = [:]
    /// Where each value name was declared, and as what, for duplicate diagnostics.
    var valueDeclarations: [String: (span: Span, what: String)] = [:]

    var goals: [CheckedGoal] = []
    var rules: [CheckedRule] = []
    var guards: [CheckedGuard] = []
    var approvals: [CheckedApproval] = []
    var types: [Span: ValueType] = [:]
    var references: [Span: Symbol] = [:]
    /// Optional inputs reported as unnarrowed in the current item: one report each.
    var unnarrowedReported: Set<Int> = []
    /// Suggestions already computed for unknown names, so that a file full of one typo
    /// costs one search.
    var suggestions: [String: String?] = [:]
    /// Where a constant's overflow was reported (E0213), so that it is reported once.
    var overflowsReported: Set<Span> = []
    /// Names of rules and guards, built on the first unknown name.
    var itemNames: Set<String>?
    /// The names an unknown name is compared with (inputs, controls, lets, each once),
    /// grown as lets are declared rather than rebuilt for every unknown name: a file with
    /// thousands of them was quadratic.
    var scopeNames = ScopeNames()

    struct ScopeNames {
        var names: [String] = []
        var seen: Set<String> = []
        /// How many inputs, controls and lets `names` holds.
        var counts = (inputs: 0, controls: 0, lets: 0)
    }

    init(policy: Policy, source: SourceFile, complete: Bool) {
        self.policy = policy
        self.source = source
        self.complete = complete
    }

    mutating func run() -> CheckedPolicy {
        // About one expression node per eight bytes of source, one name per sixteen:
        // reserving avoids rehashing the tables as they grow.
        types.reserveCapacity(policy.span.length / 8)
        references.reserveCapacity(policy.span.length / 16)
        sortItems()
        checkHeaders()
        declareInputs()
        checkKey()
        declareControls()
        declareResolves()
        declareBudgets()
        declareLets()
        checkControlDefaults()
        checkGoals()
        checkRules()
        checkGuards()
        checkBudgetBodies()
        checkApprovals()
        reportWarnings()
        return CheckedPolicy(
            syntax: policy, file: source.id, name: policy.name.name, family: family, keyField: keyField,
            currency: currency, timeZone: timeZone, inputs: inputs, controls: controls, lets: lets, goals: goals,
            rules: rules, guards: guards, budgets: budgets, approvals: approvals, types: types,
            references: references, hasErrors: diagnostics.hasErrors)
    }

    /// Starts checking a new item (a let, rule, guard, …).
    mutating func beginItem() {
        unnarrowedReported.removeAll(keepingCapacity: true)
    }

    /// The type recorded for an expression, `error` when none was.
    func recordedType(_ expression: Expr) -> ValueType {
        types[expression.span] ?? .error
    }

    // MARK: - Reporting

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// The source text of a span, for messages.
    func text(_ span: Span) -> String {
        source.shownText(of: span)
    }

    /// The source text of an expression in backticks when it is short, else a fallback.
    func quoted(_ expression: Expr, otherwise fallback: String) -> String {
        shortText(expression).map { "`\($0)`" } ?? fallback
    }

    /// The source text of an expression when it is short enough to repeat in a message.
    func shortText(_ expression: Expr) -> String? {
        let written = text(expression.span)
        return written.count <= 24 && !written.contains("\n") ? written : nil
    }

    /// Reports a name declared twice.
    mutating func reportDuplicate(_ what: String, _ name: Identifier, first: Span, firstWhat: String? = nil) {
        let firstNote = firstWhat.map { "`\(name.name)` is first declared here, as \($0)" } ?? "first declared here"
        report(Diagnostic(
            .duplicateDeclaration, "\(what) `\(name.name)` is declared twice", at: name.span,
            label: "declared again here", notes: [DiagnosticNote(firstNote, span: first)],
            help: "rename one of them"))
    }
}
