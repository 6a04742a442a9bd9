import Arbiter
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The facade a service embeds, used exactly as the README shows.
@Suite struct EngineTests {
    static let policies = Golden.repositoryRoot.appending(path: "Policies")

    /// The README's embedding example, verbatim apart from the service call.
    @Test func readmeEmbeddingExample() async throws {
        let engine = try Engine(policies: URL(filePath: Self.policies.path(percentEncoded: false)), store: .inMemory)
        let decision = try await engine.decide("garden_pricing", input: [
            "sku": "SKU-1", "cost": 10.00, "price": 24.90, "msrp": 29.90,
            "competitor_price": 21.99, "stock": 35, "sales_7d": 12,
        ])
        #expect(decision.outcome.isApplied)
        // 21.99 − 0.01 = 21.98 is an 11.7% cut; the step guard clamps it to 24.90 × 90% = 22.41.
        #expect(decision.outcome == .clamped)
        #expect(decision.controls["price"]?.to == .money("22.41"))
        #expect(decision.fired == ["undercut"])
    }

    /// The README's `Decider` loop, verbatim apart from what it applies and logs.
    @Test func readmeDeciderLoop() async throws {
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        let plan = try #require(engine.policies["garden_pricing"])
        let rows = try [
            #"{"sku": "SKU-1", "cost": 10.00, "price": 24.90, "msrp": 29.90, "competitor_price": 21.99, "stock": 35, "sales_7d": 12}"#,
            #"{"sku": "SKU-2", "cost": 10.00, "price": 24.90, "msrp": 29.90, "stock": 35, "sales_7d": 12}"#,
        ].map { try JSONValue.parse(Array($0.utf8)) }
        let inputs = try rows.map { try plan.input(from: $0).get() }
        let now = Instant(secondsSinceEpoch: 1_795_000_000)
        var applied: [RuntimeValue] = []
        var logged: [String] = []
        func apply(_ value: RuntimeValue) { applied.append(value) }
        func log(_ json: JSONValue) { logged.append(json.text(pretty: false)) }

        let decider = Decider(engine.policies["garden_pricing"]!)
        for input in inputs {   // [DecisionInput], from plan.input(from:)
            let outcome = decider.decide(input, at: now, store: engine.store)
            if outcome.isApplied { apply(decider.finalValue(of: 0)) }   // control slot 0: price
            if outcome == .blocked { log(decider.decision().json) }     // rendered on demand
        }
        #expect(applied == [.exact(Exact(mantissa: 2241, fractionDigits: 2))])
        #expect(logged.isEmpty)
    }

    /// A folder's `*.policy` entries that are not regular files are not policies: a
    /// folder so named is searched, a named pipe is not waited on.
    @Test func aFolderLoadsOnlyRegularPolicyFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "arbiter-engine-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appending(path: "nested.policy"), withIntermediateDirectories: true)
        let policy = try Data(contentsOf: Self.policies.appending(path: "garden_pricing.policy"))
        try policy.write(to: folder.appending(path: "nested.policy/garden_pricing.policy"))
        #expect(mkfifo(folder.appending(path: "pipe.policy").path(percentEncoded: false), 0o644) == 0)
        let engine = try Engine(policies: folder, store: .inMemory)
        #expect(engine.policies.keys.sorted() == ["garden_pricing"])
    }

    @Test func jsonDataKeepsMoneyExact() async throws {
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        let json = #"{"sku": "SKU-2", "cost": 0.1, "price": 0.30, "msrp": 0.30, "stock": 5, "sales_7d": 1, "extra": true}"#
        let decision = try await engine.decide("garden_pricing", jsonData: Data(json.utf8), at: Instant(secondsSinceEpoch: 1_795_000_000))
        #expect(decision.outcome == .hold)
        #expect(decision.controls["price"]?.from == .money("0.30"))
        #expect(decision.warnings.count == 1)
    }

    /// JSON text is UTF-8 (RFC 8259): a byte that is not would be repaired to U+FFFD, and
    /// two different keys (`S\u{FF}`, `S\u{FE}`) would share one key's state.
    @Test func jsonThatIsNotUTF8IsRefusedAtItsPlace() async throws {
        let bytes = Array(#"{"sku": "S"#.utf8) + [0xFF] + Array(#"", "price": "1.00"}"#.utf8)
        let error = #expect(throws: JSONSyntaxError.self) { _ = try JSONValue.parse(bytes) }
        #expect(error?.description == "line 1, column 11: invalid UTF-8 in string")
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        await #expect(throws: (any Error).self) {
            _ = try await engine.decide("garden_pricing", jsonData: Data(bytes), at: Instant(secondsSinceEpoch: 1_795_000_000))
        }
    }

    @Test func aFieldGivenTwiceIsAnError() async throws {
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        let json = #"{"sku": "SKU-2", "cost": "10.00", "price": "20.00", "msrp": "30.00", "stock": 5, "sales_7d": 1, "price": "2.00"}"#
        let decision = try await engine.decide("garden_pricing", jsonData: Data(json.utf8), at: Instant(secondsSinceEpoch: 1_795_000_000))
        #expect(decision.outcome == .error)
        #expect(decision.error?.message == "$.price: the field is given twice")
        #expect(decision.error?.path == "$.price")
    }

    @Test func encodableInput() async throws {
        struct Row: Encodable {
            var sku = "SKU-3", cost = "10.00", price = "20.00", msrp = "30.00", stock = 600, sales_7d = 1
        }
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        let decision = try await engine.decide("garden_pricing", encodable: Row(), at: Instant(secondsSinceEpoch: 1_795_000_000))
        // clearance: 20.00 × 90% = 18.00, within the 10% step and above the 11.00 floor.
        #expect(decision.outcome == .applied)
        #expect(decision.controls["price"]?.to == .money("18.00"))
    }

    /// `decide(_:input:at:)` takes a dictionary, JSON data or any `Encodable`.
    @Test func oneLabelForEveryInputForm() async throws {
        struct Row: Encodable {
            var sku = "SKU-3", cost = "10.00", price = "20.00", msrp = "30.00", stock = 600, sales_7d = 1
        }
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        let at = Instant(secondsSinceEpoch: 1_795_000_000)
        let text = #"{"sku": "SKU-3", "cost": "10.00", "price": "20.00", "msrp": "30.00", "stock": 600, "sales_7d": 1}"#
        let fromData = try await engine.decide("garden_pricing", input: Data(text.utf8), at: at, options: DecisionOptions(dryRun: true))
        let fromEncodable = try await engine.decide("garden_pricing", input: Row(), at: at, options: DecisionOptions(dryRun: true))
        let fromDictionary = try await engine.decide("garden_pricing", input: [
            "sku": "SKU-3", "cost": "10.00", "price": "20.00", "msrp": "30.00", "stock": 600, "sales_7d": 1,
        ], at: at, options: DecisionOptions(dryRun: true))
        // A literal of one value type (also an Encodable dictionary) is not ambiguous.
        let homogeneous = try await engine.decide("garden_pricing", input: ["sku": "SKU-3"], at: at, options: DecisionOptions(dryRun: true))
        #expect(fromData.controls["price"]?.to == .money("18.00"))
        #expect(fromEncodable == fromData)
        #expect(fromDictionary == fromData)
        #expect(homogeneous.error?.path == "$.cost")
    }

    @Test func wrongFieldTypeIsAnErrorNamingTheField() async throws {
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        let decision = try await engine.decide("garden_pricing", input: [
            "sku": "SKU-4", "cost": "abc", "price": 24.90, "msrp": 29.90, "stock": 35, "sales_7d": 12,
        ])
        #expect(decision.outcome == .error)
        #expect(decision.error?.message == #"$.cost: expected money, got "abc""#)
        #expect(decision.error?.path == "$.cost")
    }

    @Test func unknownPolicyIsATypedError() async throws {
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        await #expect(throws: EngineError.self) {
            _ = try await engine.decide("nope", input: [:])
        }
    }

    @Test func invalidPoliciesCarryDiagnostics() throws {
        let source = "policy broken { drives pricing key sku input { sku: text } rule r { when stok > 1 } }"
        #expect(throws: EngineError.self) {
            _ = try Engine(sources: [(path: "broken.policy", text: source)], store: .inMemory)
        }
        do {
            _ = try Engine(sources: [(path: "broken.policy", text: source)], store: .inMemory)
        } catch {
            guard case .invalidPolicies(let diagnostics, let report) = error else { Issue.record("wrong error \(error)"); return }
            #expect(diagnostics.contains { $0.code == .unknownName })
            #expect(report.contains("broken.policy:1:"))
        }
    }

    /// Many tasks deciding at once give the same decisions as one after another.
    @Test func concurrentDecisionsMatchSequentialOnes() async throws {
        var inputs: [[String: (any Sendable)?]] = []
        for index in 0..<200 {
            var input: [String: (any Sendable)?] = ["sku": "SKU-\(index % 20)", "cost": 10.00, "msrp": 40.00]
            input["price"] = Double(2_000 + index) / 100
            input["competitor_price"] = index % 3 == 0 ? nil : Double(1_800 + index) / 100
            input["stock"] = index % 700
            input["sales_7d"] = index % 9
            inputs.append(input)
        }
        let at = Instant(secondsSinceEpoch: 1_795_000_000)
        let sequentialEngine = try Engine(policies: Self.policies, store: .inMemory)
        var sequential: [Decision] = []
        for input in inputs {
            sequential.append(try await sequentialEngine.decide("garden_pricing", input: input, at: at, options: DecisionOptions(dryRun: true)))
        }
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        let concurrent = try await withThrowingTaskGroup(of: (Int, Decision).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask { (index, try await engine.decide("garden_pricing", input: input, at: at, options: DecisionOptions(dryRun: true))) }
            }
            var results = [Decision?](repeating: nil, count: inputs.count)
            for try await (index, decision) in group { results[index] = decision }
            return results.compactMap { $0 }
        }
        #expect(concurrent == sequential)
    }

    @Test func decisionEncodesToTheDocumentedShape() async throws {
        let engine = try Engine(policies: Self.policies, store: .inMemory)
        let decision = try await engine.decide("garden_pricing", input: [
            "sku": "SKU-1", "cost": 10.00, "price": 24.90, "msrp": 29.90, "competitor_price": 21.99, "stock": 35, "sales_7d": 12,
        ], at: Instant(secondsSinceEpoch: 1_795_000_000))
        let data = try JSONEncoder().encode(decision)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["outcome"] as? String == "clamped")
        #expect(object?["at"] as? String == "2026-11-18T11:06:40Z")
        let price = (object?["controls"] as? [String: Any])?["price"] as? [String: Any]
        #expect(price?["from"] as? String == "24.90")
        #expect(price?["to"] as? String == "22.41")
        #expect(decision.version.hasPrefix("sha256:") && decision.version.count == 71)
    }
}

/// Decisions survive a JSON round trip (the decision log stores them as JSON).
@Suite struct DecisionCodableTests {
    @Test func roundTrip() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let decision = try await engine.decide("garden_pricing", input: [
            "sku": "SKU-1", "cost": 10.00, "price": 24.90, "msrp": 29.90, "competitor_price": 21.99, "stock": 35, "sales_7d": 12,
        ], at: Instant(secondsSinceEpoch: 1_795_000_000), options: DecisionOptions(explain: true))
        let data = try JSONEncoder().encode(decision)
        let decoded = try JSONDecoder().decode(Decision.self, from: data)
        #expect(decoded.outcome == decision.outcome)
        #expect(decoded.controls["price"]?.to == .money("22.41"))
        #expect(decoded.fired == decision.fired)
        #expect(decoded.guards == decision.guards)
        #expect(decoded.trace?.count == decision.trace?.count)
        #expect(decoded.goals.first?.met == true)
        #expect(decoded == decision)
    }

    /// Whole decisions come back equal, whatever order the decoder keeps: several
    /// controls (category_ranking), several goals (storefront_autoscale), whole numbers.
    @Test func everyExampleDecisionRoundTrips() async throws {
        let engine = try Engine(policies: EngineTests.policies, store: .inMemory)
        let at = Instant(secondsSinceEpoch: 1_806_451_200)
        var decisions = [
            try await engine.decide("category_ranking", input: ["sku": "SKU-1", "category": "tools", "stock": 80, "margin": "0.30",
                                                               "campaign": "spring", "return_rate": "0.05"], at: at),
            try await engine.decide("garden_pricing", input: ["sku": "SKU-9", "cost": "900.00", "price": "1100.00", "msrp": "1200.00",
                                                             "competitor_price": "1090.00", "stock": 40, "sales_7d": 3], at: at),
            try await engine.decide("garden_pricing", input: ["sku": "SKU-4", "cost": "abc"], at: at),
        ]
        for name in ["search_ads", "storefront_autoscale"] {
            let plan = try engine.policy(name)
            var input: [String: (any Sendable)?] = [:]
            for field in plan.inputs where !field.isOptional {
                switch field.type.description {
                case "int": input[field.name] = 3
                case "text": input[field.name] = "x"
                case "bool": input[field.name] = true
                case "time": input[field.name] = "2027-03-31T00:00:00Z"
                case "percent": input[field.name] = "0.5"
                case "duration": input[field.name] = "900ms"
                default: input[field.name] = "2.00"
                }
            }
            decisions.append(try await engine.decide(name, input: input, at: at, options: DecisionOptions(explain: true)))
        }
        for decision in decisions {
            for _ in 0..<3 {
                let decoded = try JSONDecoder().decode(Decision.self, from: try JSONEncoder().encode(decision))
                #expect(decoded == decision, "\(decision.policy): \(decision.json.text(pretty: false))")
            }
        }
        #expect(decisions.contains { $0.controls.count > 1 } && decisions.contains { $0.goals.count > 1 })
        #expect(decisions.filter { $0.outcome == .error }.count == 1, "\(decisions.map { $0.error?.message ?? "" })")
    }

    @Test("a malformed decision is a decoding error", arguments: [
        #"{"policy":"p","version":"v","key":"k","at":"2027-01-01T00:00:00Z","outcome":"applied","controls":{"price":{"from":"1.00","to":"2.00"}}}"#,
        #"{"policy":"p","version":"v","key":"k","at":"2027-01-01T00:00:00Z","outcome":"applied","guards":[{"guard":"g","enforcement":"clamp","result":"exploded","detail":""}]}"#,
        #"{"policy":"p","version":"v","key":"k","at":"2027-01-01T00:00:00Z","outcome":"pending_approval","approval":{"id":null,"role":"r","expires_at":"tomorrow","reasons":[]}}"#,
        #"{"policy":"p","version":"v","key":"k","at":"2027-01-01T00:00:00Z","outcome":"error"}"#,
        #"{"policy":"p","version":"v","key":"k","at":"2027-01-01T00:00:00Z","outcome":"applied","budgets":{"b":{"spent":"1.00"}}}"#,
    ])
    func malformedDecisionsAreRefused(text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Decision.self, from: Data(text.utf8)) }
    }

    @Test func decisionValuesCompareAsTheirJSON() {
        #expect(DecisionValue.int(1) == .number(Exact(1)))
        #expect(DecisionValue.money("21.99") == .text("21.99"))
        #expect(DecisionValue.money("21.99") != .number(Exact(mantissa: 2199, fractionDigits: 2)))
        #expect(Set([DecisionValue.int(1), .number(Exact(1))]).count == 1)
    }
}

@Suite("Engine: Swift values as input")
struct EngineSwiftValueTests {
    @Test func boxedNilOptionalsAreMissingNotText() {
        let missing: Decimal? = nil
        let boxed: any Sendable = missing
        #expect(JSONValue(any: boxed) == .null)
        let nested: Int?? = .some(nil)
        #expect(JSONValue(any: nested) == .null)
        let present: Int? = 40
        #expect(JSONValue(any: present as any Sendable) == .number("40"))
        let list: [Int?] = [1, nil]
        #expect(JSONValue(any: list) == .array([.number("1"), .null]))
    }

    @Test func nsNumbersAreReadByTheirKind() throws {
        #expect(JSONValue(any: NSNumber(value: 1)) == .number("1"))
        #expect(JSONValue(any: NSNumber(value: 0)) == .number("0"))
        #expect(JSONValue(any: NSNumber(value: true)) == .bool(true))
        #expect(JSONValue(any: NSNumber(value: 19.99)) == .number("19.99"))
        #expect(JSONValue(any: NSNumber(value: UInt64.max)) == .number("18446744073709551615"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(#"{"stock": 1, "flag": true}"#.utf8)) as? [String: Any])
        #expect(JSONValue(any: parsed["stock"] as? NSNumber) == .number("1"))
        #expect(JSONValue(any: parsed["flag"] as? NSNumber) == .bool(true))
    }

    @Test func datesAreTimes() async throws {
        let date = Date(timeIntervalSince1970: 1_795_000_000.25)
        #expect(JSONValue(any: date) == .string("2026-11-18T11:06:40.25Z"))
        let policy = """
            policy clock {
              drives scaling
              key service
              input {
                service: text
                seen: time
              }
              control replicas: int = 1
              rule late {
                when seen < 2026-11-19T00:00:00Z
                set replicas = 2
              }
            }
            """
        let engine = try Engine(sources: [(path: "clock.policy", text: policy)], store: .inMemory)
        let at = Instant(secondsSinceEpoch: 1_795_100_000)
        let fromDictionary = try await engine.decide("clock", input: ["service": "web", "seen": date], at: at)
        #expect(fromDictionary.outcome == .applied, "\(fromDictionary.error?.message ?? "")")
        struct Row: Encodable {
            var service = "api"
            var seen = Date(timeIntervalSince1970: 1_795_000_000.25)
        }
        let fromEncodable = try await engine.decide("clock", encodable: Row(), at: at)
        #expect(fromEncodable.outcome == .applied, "\(fromEncodable.error?.message ?? "")")
    }

    @Test func theSameFileTwiceIsNotACrash() throws {
        let file = SourceFile(path: "empty.policy", text: "# no policy here\n")
        let policies = try Engine.compile([file, file])
        #expect(policies.isEmpty)
    }
}
