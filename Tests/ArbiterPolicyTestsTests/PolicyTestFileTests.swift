import Arbiter
import ArbiterPolicyTests
import Testing

/// Reading test files: fields, types and the places of problems.
@Suite struct PolicyTestFileTests {
    static let good = """
        policy: tiny
        now: 2026-11-23T10:00:00Z
        state: {changes: []}
        cases:
          - name: one step
            input: {sku: A-1, price: "20.00", stock: 150}
            expect: {outcome: applied, guards: {floor: clamp}, goals: {margin: true}}
          - name: two steps
            input: {sku: A-1, price: "20.00"}
            steps:
              - input: {stock: 150}
                expect: {fired: [overstock]}
              - now: 2026-11-23T11:00:00Z
                input: {stock: null, price: "18.00"}
                expect: {approval: null}
        """

    @Test func readsCasesAndSteps() throws {
        let file = try PolicyTestFile.parse(Self.good, path: "tiny_test.yaml")
        #expect(file.policy == "tiny")
        #expect(file.cases.map(\.name) == ["one step", "two steps"])
        #expect(file.cases[0].steps.count == 1)
        #expect(file.cases[0].steps[0].now == "2026-11-23T10:00:00Z")
        #expect(file.cases[0].state != nil)
        let second = file.cases[1].steps
        #expect(second.map(\.now) == ["2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z"])
        // A step's input is laid over the case's; null removes a field.
        #expect(second[1].input == .object([("sku", .string("A-1")), ("price", .string("18.00"))]))
        #expect(second[0].input["stock"] == .number("150"))
        #expect(file.cases[1].line == 8)
    }

    /// Values read as YAML 1.2's core schema reads them: every spelling of null is
    /// null, and an explicit `!!str` makes text of what would be a number.
    @Test func readsYAMLNullsAndStringTags() throws {
        let file = try PolicyTestFile.parse("""
            policy: tiny
            now: 2026-11-23T10:00:00Z
            cases:
              - name: spellings
                input: {a: NULL, b: Null, c: ~, d: null, e: !!str 123, f: 123, g: "NULL"}
                expect: {approval: Null}
            """, path: "tiny_test.yaml")
        let input = try #require(file.cases.first?.steps.first?.input)
        #expect(input == .object([("a", .null), ("b", .null), ("c", .null), ("d", .null),
                                  ("e", .string("123")), ("f", .number("123")), ("g", .string("NULL"))]))
    }

    /// Hex and octal ints are numbers, in decimal; other spellings a JSON number does not
    /// have stay text (which a typed field reads as a number), so a sku `00123` is kept.
    @Test func readsYAMLHexAndOctalInts() throws {
        let file = try PolicyTestFile.parse("""
            policy: tiny
            now: 2026-11-23T10:00:00Z
            cases:
              - name: ints
                input: {h: 0x1F, o: 0o17, p: +12, z: 00123, q: "0x1F", big: 0x1FFFFFFFFFFFFFFFF, x: 0xZZ, e: -1.5e3}
                expect: {outcome: hold}
            """, path: "tiny_test.yaml")
        let input = try #require(file.cases.first?.steps.first?.input)
        #expect(input == .object([("h", .number("31")), ("o", .number("15")), ("p", .string("+12")), ("z", .string("00123")),
                                  ("q", .string("0x1F")), ("big", .string("0x1FFFFFFFFFFFFFFFF")), ("x", .string("0xZZ")),
                                  ("e", .number("-1.5e3"))]))
    }

    /// YAML nested past libyaml's limit is said so in the reader's words, not libyaml's
    /// (which name the C function that raises the limit).
    @Test func yamlNestedTooDeeplySaysSo() {
        let text = "policy: x\nnow: 2026-11-23T10:00:00Z\ncases: " + String(repeating: "[", count: 1_100) + String(repeating: "]", count: 1_100) + "\n"
        do {
            _ = try PolicyTestFile.parse(text, path: "t_test.yaml")
            Issue.record("expected a problem")
        } catch {
            #expect(error.message.contains("nested more than 1000 levels deep"), "\(error.description)")
            #expect(!error.message.contains("yaml_"), "\(error.description)")
        }
    }

    @Test(arguments: [
        ("policy: x\ncases:\n  - name: a\n    input: {a: 1\n", "5:1", "invalid YAML"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {a: 1}\n    expect: {outcomes: applied}\n", "6:14", "unknown field `outcomes` in `expect`"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {a: 1}\n    expect: {fired: r}\n", "6:21", "`fired` must be a list"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {a: 1}\n    expect: {guards: {g: clamps}}\n", "6:26", "must be held, clamp, block, escalate, warn (or clamped, blocked, escalated, warned) or conflict"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {a: 1}\n    expect: {goals: {g: 1}}\n", "6:25", "must be true or false"),
        ("policy: x\nnow: yesterday\ncases: []\n", "2:6", "must be a time"),
        ("policy: x\nnow: 2027-02-30T10:00:00Z\ncases: []\n", "2:6", "got \"2027-02-30T10:00:00Z\" (no such calendar date)"),
        ("policy: x\nnow: 2027-02-03T10:00:00\ncases: []\n", "2:6", "(date-time needs `Z` or an offset such as `+02:00`)"),
        // A merge key would read as a field named `<<`.
        ("policy: x\nnow: 2026-11-23T10:00:00Z\nbase: &b {sku: A}\ncases:\n  - name: a\n    input: {<<: *b, price: 1}\n", "6:13",
         "YAML merge keys (`<<: *name`) are not read; write the fields out"),
        // A tag outside the core schema would be read as if it were not there.
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {cost: !!python/object:x 15.00}\n", "5:19",
         "YAML tag `!!python/object:x` is not read: only the core schema's tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`) are; remove it"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {approval: {expires: bogus}}\n".replacingOccurrences(of: "input: {approval: {expires: bogus}}", with: "input: {a: 1}\n    expect: {approval: {expires: bogus}}"), "6:34",
         "`approval.expires` must be a time"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {a: 1}\n    expect: {budgets: {b: {used: abc}}}\n", "6:34",
         "`budgets.b.used` must be an amount"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {a: 1}\n    expect: {budgets: {b: {spent: 1.50 eur}}}\n", "6:35",
         "`budgets.b.spent` must be an amount"),
        ("policy: x\ncases:\n  - name: a\n    input: {a: 1}\n    expect: {outcome: hold}\n", "3:5", "needs `now`"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - {name: a, input: {}, expect: {outcome: hold}}\n  - {name: a, input: {}, expect: {outcome: hold}}\n", "5:5", "duplicate case name"),
        ("polcy: x\ncases: []\n", "1:1", "unknown field `polcy`"),
        ("policy: x\ncases: []\n---\npolicy: y\n", "3:1", "invalid YAML: expected a single document in the stream, but found another document"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: \"  \"\n    input: {a: 1}\n", "4:11", "a case's `name` must not be empty"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {a: 1}\n    expect: {queue: {approved: 0}}\n", "6:32",
         "`queue.approved` cannot be checked: nothing in a test approves a request"),
        // A key given twice: at its second use in a block mapping (a nested key of that
        // name and comments between are passed over), at its first in a flow one.
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases: []\n# now again\nnow: 2026-11-24T10:00:00Z\n", "5:1", "`now` given twice in one mapping (first at line 2)"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input:\n      name: b\n    \"name\": c\n", "7:5",
         "`name` given twice in one mapping (first at line 4)"),
        ("policy: x\nnow: 2026-11-23T10:00:00Z\ncases:\n  - name: a\n    input: {a: 1, a: 2}\n", "5:13", "`a` given twice in one mapping (first here)"),
        ("policy: x\r\nnow: 2026-11-23T10:00:00Z\r\ncases: []\r\nnow: 2026-11-24T10:00:00Z\r\n", "4:1", "`now` given twice in one mapping (first at line 2)"),
        // The reader's offset counts characters: a CRLF and an `é` before the bad byte.
        ("policy: x\r\n# caf\u{E9} \u{65E5}\u{672C}\r\ncases: []\r\nnow: \"a\u{01}\"\r\n", "4:8", "control characters are not allowed"),
    ])
    func reportsProblemsAtTheirPlace(_ text: String, _ place: String, _ message: String) {
        do {
            _ = try PolicyTestFile.parse(text, path: "t_test.yaml")
            Issue.record("expected a problem containing \(message)")
        } catch {
            #expect(error.description.hasPrefix("t_test.yaml:\(place): "), "\(error.description)")
            #expect(error.message.contains(message), "\(error.description)")
        }
    }
}
