import Arbiter
import ArbiterPolicyTests
import Testing

/// Running cases and writing the JSON and JUnit reports.
@Suite struct TestRunReportTests {
    static let policy = """
        policy tiny {
          drives pricing
          key sku
          currency EUR
          input {
            sku: text
            price: money
            stock: int
          }
          control price
          rule overstock { when stock > 100 set price = price * 90% }
          guard floor: price >= 5 EUR else clamp
        }
        """

    static let tests = """
        policy: tiny
        now: 2026-11-23T10:00:00Z
        cases:
          - name: overstock
            input: {sku: A-1, price: "20.00", stock: 150}
            expect: {outcome: applied, fired: [overstock], controls: {price: "18.00"}, guards: {floor: held}}
          - name: floor & <edge>
            input: {sku: A-2, price: "5.00", stock: 150}
            expect: {outcome: applied, guards: {floor: block}}
        """

    /// The results of a test file's cases on the tiny policy.
    func results(of tests: String, path: String) throws -> [CaseResult] {
        let plan = try #require(try Engine(sources: [(path: "tiny.policy", text: Self.policy)], store: InMemoryStateStore()).policies["tiny"])
        let file = try PolicyTestFile.parse(tests, path: path)
        return file.cases.map { PolicyTestRunner.run($0, file: file.path, on: plan) }
    }

    func report() throws -> TestRunReport {
        let results = try results(of: Self.tests, path: "tiny_test.yaml")
        let problem = TestFileProblem(file: "bad_test.yaml", line: 3, column: 7, message: "unknown policy `x`")
        return TestRunReport(results: results, problems: [problem], skippedCases: [(file: "tiny_test.yaml", name: "left out")])
    }

    @Test func comparesFieldByField() throws {
        let report = try report()
        #expect(report.results[0].passed)
        #expect(report.results[1].failures == ["outcome: expected applied, got hold", "guards.floor: expected blocked, got clamped"])
        #expect(report.summary == "1 passed, 2 failed, 1 skipped")
        #expect(report.failureText.contains("tiny_test.yaml:7:5: FAIL floor & <edge>\n    outcome: expected applied, got hold\n"))
        #expect(report.failureText.hasPrefix("bad_test.yaml:3:7: unknown policy `x`\n"))
    }

    /// A case's name (or a value it quotes) with control characters cannot recolour the
    /// terminal or break its line: they are shown as escapes.
    @Test func failureTextEscapesControlCharacters() throws {
        let results = try results(of: """
            policy: tiny
            now: 2026-11-23T10:00:00Z
            cases:
              - name: "red \\e[31mname\\nsecond line"
                input: {sku: "A-\\e[2J", price: "20.00", stock: 150}
                expect: {outcome: hold}
            """, path: "tiny_test.yaml")
        let report = TestRunReport(results: results)
        #expect(report.failureText == "tiny_test.yaml:4:5: FAIL red \\u{1B}[31mname\\u{A}second line\n    outcome: expected hold, got applied\n",
                "\(report.failureText)")
    }

    /// A misspelt guard name fails, as a misspelt control does: "held" would otherwise
    /// pass for any name.
    @Test func aGuardNameThePolicyDoesNotHaveFails() throws {
        let results = try results(of: """
            policy: tiny
            now: 2026-11-23T10:00:00Z
            cases:
              - name: typo
                input: {sku: A-1, price: "20.00", stock: 150}
                expect: {guards: {flor: held}}
            """, path: "typo_test.yaml")
        let result = try #require(results.first)
        #expect(result.failures == ["guards.flor: the policy has no guard or budget `flor` (it has `floor`); did you mean `floor`?"])
    }

    @Test func json() throws {
        let json = try report().json
        #expect(json["passed"] == .number("1"))
        #expect(json["failed"] == .number("2"))
        #expect(json["skipped"] == .number("1"))
        guard case .array(let cases)? = json["cases"], case .array(let problems)? = json["problems"] else {
            Issue.record("cases and problems must be lists")
            return
        }
        #expect(cases.count == 2)
        #expect(cases[1]["name"] == .string("floor & <edge>"))
        #expect(cases[1]["passed"] == .bool(false))
        #expect(problems.first?["column"] == .number("7"))
        // The text is JSON that reads back.
        #expect(try JSONValue.parse(json.text(pretty: true)) == json)
    }

    @Test func junit() throws {
        let xml = try report().junit
        // A skipped case counts in `tests` and is listed with `<skipped/>`, as JUnit readers
        // take passed = tests − failures − skipped.
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"arbiter test\" tests=\"4\" failures=\"2\" skipped=\"1\">\n"))
        #expect(xml.contains("<testsuite name=\"tiny_test.yaml\" tests=\"3\" failures=\"1\" skipped=\"1\">"))
        #expect(xml.contains("<testcase classname=\"tiny_test.yaml\" name=\"left out\">\n      <skipped message=\"left out by --filter\"/>\n    </testcase>"))
        #expect(xml.contains("<testcase classname=\"tiny_test.yaml\" name=\"overstock\"/>"))
        #expect(xml.contains("name=\"floor &amp; &lt;edge&gt;\">"))
        #expect(xml.contains("<failure message=\"outcome: expected applied, got hold\">outcome: expected applied, got hold\nguards.floor: expected blocked, got clamped</failure>"))
        #expect(xml.contains("<testsuite name=\"bad_test.yaml\" tests=\"1\" failures=\"1\">"))
        #expect(xml.hasSuffix("</testsuites>\n"))
        #expect(xml.components(separatedBy: "<testsuite ").count == 3)
    }

    /// A step decides on what the steps before it recorded: one dated before them would
    /// read changes from its future, as a state file may not hold either.
    @Test func stepsGoForwardInTime() throws {
        let results = try results(of: """
            policy: tiny
            cases:
              - name: back in time
                input: {sku: A-1, price: "20.00"}
                steps:
                  - {now: 2026-11-23T10:00:00Z, input: {stock: 150}, expect: {outcome: applied}}
                  - {now: 2026-11-23T09:00:00Z, input: {stock: 150}, expect: {outcome: applied}}
            """, path: "tiny_test.yaml")
        let result = try #require(results.first)
        #expect(result.failures == ["step 2: now: 2026-11-23T09:00:00Z is before the previous step's 2026-11-23T10:00:00Z; steps go forward in time"])
    }

    /// XML 1.0 cannot hold most control characters, even as references: a name or
    /// message holding one is written with U+FFFD; tab and line feed stay.
    @Test func junitWritesNoControlCharacters() throws {
        let problem = TestFileProblem(file: "bad\u{01}_test.yaml", line: 1, column: 1, message: "got \"applied\u{0C}\"\tand\nmore")
        let xml = TestRunReport(results: [], problems: [problem]).junit
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(xml.contains("bad\u{FFFD}_test.yaml"))
        #expect(xml.contains("got &quot;applied\u{FFFD}&quot;\tand\nmore"))
    }

    /// Checks that could never fail, and values compared as the wrong type.
    @Test func checksThatCompareSomething() throws {
        let source = """
            policy spans {
              drives pricing
              key sku
              input {
                sku: text
                window: one of "1h", "60m"
              }
              control window
              rule r { set window = "60m" }
            }
            """
        let plan = try #require(try Engine(sources: [(path: "spans.policy", text: source)], store: InMemoryStateStore()).policies["spans"])
        let file = try PolicyTestFile.parse("""
            policy: spans
            now: 2026-11-23T10:00:00Z
            cases:
              - name: text is text
                input: {sku: A, window: "1h"}
                expect: {outcome: applied, controls: {window: "1h"}}
              - name: no goals to compare
                input: {sku: A, window: "1h"}
                expect: {goals: {}, budgets: {}}
              - name: a count is a number
                input: {sku: A, window: "1h"}
                expect: {queue: {pending: 00}}
            """, path: "spans_test.yaml")
        let results = file.cases.map { PolicyTestRunner.run($0, file: file.path, on: plan) }
        #expect(results[0].failures == ["controls.window: expected 1h, got 60m"])
        #expect(results[1].failures == ["goals: `{}` compares nothing: the policy has no goals",
                                        "budgets: `{}` compares nothing: the policy has no budgets"])
        #expect(results[2].passed, "\(results[2].failures)")
    }

    /// A parser reads a raw line feed or tab in an attribute as a space: they are written
    /// as references there, and kept in element text.
    @Test func junitAttributesKeepLineFeedsAndTabs() throws {
        let problem = TestFileProblem(file: "a\tb_test.yaml", line: 1, column: 1, message: "one\ntwo")
        let xml = TestRunReport(results: [], problems: [problem]).junit
        #expect(xml.contains("name=\"a&#9;b_test.yaml\""))
        #expect(xml.contains("message=\"one&#10;two\""))
        #expect(xml.contains(">a\tb_test.yaml:1:1: one\ntwo</failure>"))
    }
}
