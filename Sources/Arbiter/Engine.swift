@_exported import ArbiterRuntime
import ArbiterChecker
import ArbiterSyntax
import Foundation

/// The interpreter a service embeds: compiled policies and a state store.
///
/// ```swift
/// let engine = try Engine(policies: URL(filePath: "Policies/"), store: .inMemory)
/// let decision = try await engine.decide("garden_pricing", input: ["sku": "SKU-1", "cost": 10.00, …])
/// if decision.outcome.isApplied { try await pricingService.setPrice(decision.controls["price"]!.to) }
/// ```
///
/// An engine is immutable and `Sendable`: any number of tasks may call `decide` at once.
/// Compiled policies never change; the store serialises what must be atomic.
public final class Engine: Sendable {
    /// The compiled policies by name.
    public let policies: [String: CompiledPolicy]
    /// Where windows, budgets and approvals are kept.
    public let store: any StateStore
    /// Working memory per policy, reused across calls (`DeciderPool`).
    private let pools: [String: DeciderPool]

    /// Loads every `*.policy` file of a folder (recursively), or one file.
    public convenience init(policies url: URL, store: some StateStore) throws(EngineError) {
        var isDirectory: ObjCBool = false
        let path = url.path(percentEncoded: false)
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .unreadable(path: path) }
        var files: [String] = []
        if isDirectory.boolValue {
            let enumerator = FileManager.default.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                guard relative.hasSuffix(".policy") else { continue }
                // Regular files only: a folder so named is searched (the enumerator goes
                // into it), and a named pipe would be waited on forever.
                let file = (path.hasSuffix("/") ? path : path + "/") + relative
                var status = stat()
                if stat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG { files.append(file) }
            }
            files.sort()
        } else {
            files = [path]
        }
        var sources: [SourceFile] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw .unreadable(path: file) }
            sources.append(SourceFile(path: file, bytes: Array(data)))
        }
        try self.init(sources: sources, store: store)
    }

    /// Compiles policies from source text: `[(path, text)]`.
    public convenience init(sources: [(path: String, text: String)], store: some StateStore) throws(EngineError) {
        try self.init(sources: sources.map { SourceFile(path: $0.path, text: $0.text) }, store: store)
    }

    /// Compiles policies from source files.
    public init(sources: [SourceFile], store: some StateStore) throws(EngineError) {
        self.policies = try Engine.compile(sources)
        self.store = store
        self.pools = policies.mapValues { DeciderPool($0) }
    }

    private func pool(_ name: String) throws(EngineError) -> DeciderPool {
        guard let pool = pools[name] else { throw .unknownPolicy(name, known: policies.keys.sorted()) }
        return pool
    }

    /// Parses, checks and compiles; any error stops the load.
    public static func compile(_ sources: [SourceFile]) throws(EngineError) -> [String: CompiledPolicy] {
        let parsed = sources.map(Parser.parse)
        let checked = Checker.check(parsed.map(\.file))
        let diagnostics = parsed.flatMap(\.diagnostics) + checked.diagnostics
        if diagnostics.hasErrors {
            let errors = diagnostics.filter { $0.severity == .error }
            throw .invalidPolicies(diagnostics: errors, report: DiagnosticRenderer(files: sources).render(errors))
        }
        // The same file given twice is one file (a policy in it is then reported twice).
        let files = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var compiled: [String: CompiledPolicy] = [:]
        var versions: [FileID: String] = [:]
        for policy in checked.policies {
            guard let source = files[policy.file] else { continue }
            do {
                let version = versions[source.id] ?? Compiler.version(of: source)
                versions[source.id] = version
                compiled[policy.name] = try Compiler.compile(policy, source: source, version: version)
            } catch {
                // The checker accepts only what compiles; should that ever fail, say where.
                var place = source.path
                if let span = error.span {
                    let location = source.location(of: span.start)
                    place += ":\(location.line):\(location.column)"
                }
                throw .invalidPolicies(diagnostics: [], report: "\(place): \(error.message)")
            }
        }
        return compiled
    }

    /// The compiled policy with this name.
    public func policy(_ name: String) throws(EngineError) -> CompiledPolicy {
        guard let policy = policies[name] else { throw .unknownPolicy(name, known: policies.keys.sorted()) }
        return policy
    }

    /// Decides for an input in the engine's form.
    public func decide(_ policy: String, input: DecisionInput, at now: Instant = .now(), options: DecisionOptions = DecisionOptions()) async throws(EngineError) -> Decision {
        try pool(policy).decide(input, at: now, store: store, options: options)
    }

    /// Decides for a JSON value.
    public func decide(_ policy: String, json: JSONValue, at now: Instant = .now(), options: DecisionOptions = DecisionOptions()) async throws(EngineError) -> Decision {
        let plan = try self.policy(policy)
        switch plan.input(from: json) {
        case .success(let input):
            return try pool(policy).decide(input, at: now, store: store, options: options)
        case .failure:
            // The input's error decision, with its path and key.
            return plan.decide(json: json, at: now, store: store, options: options)
        }
    }

    /// Decides for JSON text (numbers are read exactly from their digits).
    public func decide(_ policy: String, jsonData: Data, at now: Instant = .now(), options: DecisionOptions = DecisionOptions()) async throws(EngineError) -> Decision {
        let value: JSONValue
        do { value = try JSONValue.parse(Array(jsonData)) } catch { throw .invalidJSON(error.description) }
        return try await decide(policy, json: value, at: now, options: options)
    }

    /// Decides for JSON text, as `decide(_:jsonData:at:options:)` does.
    public func decide(_ policy: String, input: Data, at now: Instant = .now(), options: DecisionOptions = DecisionOptions()) async throws(EngineError) -> Decision {
        try await decide(policy, jsonData: input, at: now, options: options)
    }

    /// Decides for any `Encodable` value, as `decide(_:encodable:at:options:)` does.
    @_disfavoredOverload
    public func decide(_ policy: String, input: some Encodable, at now: Instant = .now(), options: DecisionOptions = DecisionOptions()) async throws(EngineError) -> Decision {
        try await decide(policy, encodable: input, at: now, options: options)
    }

    /// Decides for a dictionary: strings, integers, `Decimal`, `Double` (read from its
    /// shortest decimal form, so `19.99` is 19.99), booleans, `NSNumber`, `Date` (as an
    /// ISO-8601 time), `nil` (an optional holding nil too) or `NSNull`, `Exact`.
    public func decide(_ policy: String, input: [String: (any Sendable)?], at now: Instant = .now(), options: DecisionOptions = DecisionOptions()) async throws(EngineError) -> Decision {
        try await decide(policy, json: JSONValue(dictionary: input), at: now, options: options)
    }

    /// Decides for any `Encodable` value, encoded as JSON first; a `Date` is written as an
    /// ISO-8601 time (to the microsecond), as a `time` input reads it.
    public func decide(_ policy: String, encodable: some Encodable, at now: Instant = .now(), options: DecisionOptions = DecisionOptions()) async throws(EngineError) -> Decision {
        let data: Data
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Instant.text(of: date))
        }
        do { data = try encoder.encode(encodable) } catch { throw .invalidJSON("cannot encode the input: \(error)") }
        return try await decide(policy, jsonData: data, at: now, options: options)
    }
}

extension Engine {
    /// Grants a pending approval and records the decision's values (see `CompiledPolicy.grant`).
    @discardableResult
    public func approve(_ policy: String, approval id: String, by approver: String, at now: Instant = .now()) throws(EngineError) -> ApprovalRecord {
        let plan = try self.policy(policy)
        return try Engine.storeCall { () throws(StateStoreError) in try plan.grant(approval: id, by: approver, at: now, store: store) }
    }

    /// Rejects a pending approval; nothing is recorded.
    @discardableResult
    public func reject(_ policy: String, approval id: String, by approver: String, at now: Instant = .now()) throws(EngineError) -> ApprovalRecord {
        let plan = try self.policy(policy)
        return try Engine.storeCall { () throws(StateStoreError) in try plan.reject(approval: id, by: approver, at: now, store: store) }
    }

    /// The approvals of every policy with a status, as they stand at `now`.
    public func approvals(status: ApprovalStatus = .pending, at now: Instant = .now()) throws(EngineError) -> [ApprovalRecord] {
        try Engine.storeCall { () throws(StateStoreError) in try store.approvals(status: status, now: now) }
    }

    private static func storeCall<Result>(_ body: () throws(StateStoreError) -> Result) throws(EngineError) -> Result {
        do { return try body() } catch { throw .store(error) }
    }
}

extension StateStore where Self == InMemoryStateStore {
    /// A fresh in-memory store: `Engine(policies: url, store: .inMemory)`.
    public static var inMemory: InMemoryStateStore { InMemoryStateStore() }
}

extension JSONValue {
    /// A JSON value from a Swift dictionary of plain values.
    public init(dictionary: [String: (any Sendable)?]) {
        self = .object(dictionary.sorted { $0.key < $1.key }.map { ($0.key, JSONValue(any: $0.value)) })
    }

    /// A JSON value from a plain Swift value.
    public init(any value: (any Sendable)?) {
        // An optional boxed in `any Sendable` (an element of `[Int?]`, a `Decimal?`
        // passed as `any Sendable`) is its value, or null: never the text "nil".
        guard let value, (value as? any BoxedOptional)?.isNil != true else {
            self = .null
            return
        }
        // An `NSNumber` (from `JSONSerialization`, say) casts to `Bool` when it is 0 or 1
        // and to `Int` when it is 1.0: read it by the kind of number it holds.
        if let number = value as? NSNumber, type(of: value) is NSNumber.Type {
            self = JSONValue(number: number)
            return
        }
        switch value {
        case is NSNull: self = .null
        case let text as String: self = .string(text)
        case let flag as Bool: self = .bool(flag)
        case let number as Int: self = .number(String(number))
        case let number as Int64: self = .number(String(number))
        case let number as Double: self = .number(number.description)
        case let number as Decimal: self = .number(number.description)
        case let number as Exact: self = .number(number.description)
        case let date as Date: self = .string(Instant.text(of: date))
        case let values as [any Sendable]: self = .array(values.map { JSONValue(any: $0) })
        case let members as [String: any Sendable]: self = JSONValue(dictionary: members)
        case let members as [String: (any Sendable)?]: self = JSONValue(dictionary: members)
        default: self = .string(String(describing: value))
        }
    }

    private init(number: NSNumber) {
        switch String(cString: number.objCType) {
        case "c", "B": self = .bool(number.boolValue)
        case "d", "f": self = .number(number.doubleValue.description)
        case "Q", "L", "I", "S", "C": self = .number(String(number.uint64Value))
        default: self = .number(String(number.int64Value))
        }
    }
}

/// An `Optional` seen through an existential, so `JSONValue(any:)` can unwrap it.
/// (A non-nil one casts to its wrapped type as it is: `as? String` looks through it.)
private protocol BoxedOptional {
    var isNil: Bool { get }
}

extension Optional: BoxedOptional {
    var isNil: Bool {
        switch self {
        case .none: true
        case .some(let wrapped): (wrapped as? any BoxedOptional)?.isNil ?? false
        }
    }
}

extension Instant {
    /// A `Date` as ISO-8601 UTC text to the microsecond, as a `time` input reads it; a
    /// date outside the years an instant holds is written as `Date` writes itself, which
    /// the input then refuses.
    static func text(of date: Date) -> String {
        let microseconds = (date.timeIntervalSince1970 * 1_000_000).rounded()
        guard let exact = Int64(exactly: microseconds) else { return String(describing: date) }
        return Instant(microsecondsSinceEpoch: exact).description
    }
}
