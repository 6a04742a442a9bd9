@testable import ArbiterReplay
import ArbiterRuntime
import Testing

@Suite("HTML report")
struct HTMLReportTests {
    typealias D = ReportSamples

    static func pages() -> [(String, String, Int)] {
        let sample = D.sampleReport()
        let compare = D.compareSample(days: 30, keys: 10)
        return [
            ("sample", sample.html, sample.htmlChartCount),
            ("empty", D.gardenReport().html, 0),
            ("compare", compare.html, compare.htmlChartCount),
        ]
    }

    @Test("every opened tag is closed, in order")
    func tagsBalance() {
        for (name, html, _) in Self.pages() {
            #expect(TagBalance.problems(in: html).isEmpty, "\(name): \(TagBalance.problems(in: html).prefix(5))")
        }
    }

    @Test("date labels name the year on the first label and where it changes, when a chart spans years")
    func axisLabelsNameTheYearAcrossAYearBoundary() throws {
        let across = try [CalendarDate(year: 2027, month: 12, day: 21), CalendarDate(year: 2027, month: 12, day: 28),
                          CalendarDate(year: 2028, month: 1, day: 4), CalendarDate(year: 2028, month: 1, day: 11)]
        #expect(SVGChart.axisLabels(across) == ["Dec 21, 2027", "Dec 28", "Jan 4, 2028", "Jan 11"])
        let within = try [CalendarDate(year: 2027, month: 2, day: 1), CalendarDate(year: 2027, month: 2, day: 8)]
        #expect(SVGChart.axisLabels(within) == ["Feb 1", "Feb 8"])
        #expect(SVGChart.axisLabels([]) == [])
    }

    @Test("a count's axis has whole ticks however small the counts; an amount's may be fractional")
    func countAxesHaveWholeTicks() {
        #expect(SVGChart.niceTicks(maximum: 1, integral: true).ticks == [0, 1])
        #expect(SVGChart.niceTicks(maximum: 2, integral: true).ticks == [0, 1, 2])
        #expect(SVGChart.niceTicks(maximum: 7, integral: true).ticks == [0, 2, 4, 6, 8])
        #expect(SVGChart.niceTicks(maximum: 90, integral: true).ticks == [0, 25, 50, 75, 100])
        #expect(SVGChart.niceTicks(maximum: 2).ticks == [0, 0.5, 1, 1.5, 2])
    }

    @Test("the page is light only, its light tags have dark text, and long names can wrap")
    func readability() {
        for (name, html, _) in Self.pages() {
            // A browser's automatic dark mode would invert the charts' colours.
            #expect(html.contains("<meta name=\"color-scheme\" content=\"only light\">"), "\(name)")
        }
        // White on the hold grey and the pending amber was below 4.5:1.
        #expect(HTML.outcomeTag(.hold).contains("color:#1b1f24"))
        #expect(HTML.outcomeTag(.pendingApproval).contains("color:#1b1f24"))
        #expect(!HTML.outcomeTag(.applied).contains("color:#1b1f24"))
        // A name with no break in it wraps in its cell, so the counts beside it stay in view.
        #expect(HTMLStyle.css.contains("overflow-wrap:anywhere}"))
    }

    @Test("one <svg> per chart")
    func oneSVGPerChart() {
        for (name, html, charts) in Self.pages() {
            #expect(html.components(separatedBy: "<svg").count - 1 == charts, "\(name)")
            #expect(html.components(separatedBy: "</svg>").count - 1 == charts, "\(name)")
        }
        let sample = D.sampleReport()
        #expect(sample.htmlChartCount == 4)
        for kind in ["outcomes-per-day", "budget", "changes", "guards"] {
            #expect(sample.html.contains("data-chart=\"\(kind)\""))
        }
    }

    @Test("the page is self-contained: no links to the network, no external resources")
    func selfContained() {
        for (name, html, _) in Self.pages() {
            #expect(!html.contains("http://") && !html.contains("https://"), "\(name)")
            #expect(!html.contains("<link") && !html.contains("src="), "\(name)")
            #expect(html.hasPrefix("<!DOCTYPE html>"))
        }
    }

    @Test("user text is escaped: a `<script>` in a policy, rule, key or message is shown, not run")
    func escapesUserText() {
        let evil = "<script>alert('x')</script>"
        var report = ReplayReport(policy: evil, version: "sha256:\"><b>", controls: ["price"], rules: [evil], guards: [evil],
                                  goals: [evil], budgets: [(name: evil, limit: "100 \(evil)")])
        report.historyFile = "\"/><script>.csv"
        report.add(D.decision(key: evil, outcome: .applied, from: "1.00", to: "2.00", fired: [evil], guards: [(evil, .clamped)],
                              goals: [(evil, true)]), line: 2)
        report.add(D.decision(key: evil, outcome: .error, error: evil), line: 3)
        report.addSkippedRow(evil, line: 4, column: 1)
        var compare = CompareReport(old: report, new: report)
        compare.add(old: D.decision(key: evil, outcome: .applied), new: D.decision(key: evil, outcome: .blocked), line: 5)
        for html in [report.html, compare.html] {
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("<b>"))
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(TagBalance.problems(in: html).isEmpty)
        }
    }

    @Test("a budget far below its limit is drawn on its own scale, the limit noted")
    func budgetFarBelowLimit() {
        var report = D.gardenReport()
        report.add(D.decision(at: "2026-01-05T10:00:00Z", budget: "100.00"), line: 2)
        report.add(D.decision(at: "2026-01-06T10:00:00Z", budget: "400.00"), line: 3)
        #expect(report.html.contains("limit 20k is above this scale — the peak is 2.0% of it"))
        #expect(!D.sampleReport().html.contains("above this scale"))
        #expect(D.sampleReport().html.contains(">limit 20k</text>"))
    }

    @Test("a long history is drawn by week")
    func longHistoryByWeek() {
        var report = D.gardenReport()
        D.feedSample(into: &report, days: 400, keys: 2, perDay: 1)
        #expect(report.dayColumns.count == 58)
        #expect(report.dayColumns.allSatisfy { $0.days == 7 })
        #expect(report.html.contains("Decisions per week by outcome"))
    }

    /// A history over more than ten years lists only the days with decisions; past 120 of
    /// them they are still drawn by week, each week its own column, not one per day.
    @Test("a long, sparse history is drawn by week too")
    func sparseHistoryByWeek() {
        var report = D.gardenReport()
        D.feedSample(into: &report, days: 200, keys: 1, perDay: 1)
        report.add(D.decision(at: "2040-01-01T10:00:00Z"), line: 9_999)
        #expect(report.days.count == 201)
        // 200 days from the first are 29 weeks (the last one partial), then 2040's.
        #expect(report.dayColumns.count == 30)
        #expect(report.dayColumns.allSatisfy { $0.days == 7 })
        #expect(report.dayColumns.map { $0.values.reduce(0, +) }.reduce(0, +) == 201)
        #expect(report.dayColumns.last?.date.description == "2040-01-01")
    }

    @Test("the HTML escaper", arguments: [("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;"), ("plain", "plain"), ("", "")])
    func escape(input: String, expected: String) {
        #expect(HTML.escape(input) == expected)
    }
}

/// A small check that HTML tags nest: every opened element is closed in order, void
/// elements and self-closed SVG elements excepted; `<style>` content is skipped.
enum TagBalance {
    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"]

    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: ">") else { problems.append("unterminated tag"); break }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().lowercased()
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
                continue
            }
            let name = String(tag.prefix { $0.isLetter || $0.isNumber || $0 == "-" }).lowercased()
            if name.isEmpty { problems.append("stray <"); continue }
            if tag.hasSuffix("/") || voidElements.contains(name) { continue }
            if name == "style" || name == "script" {
                guard let end = rest.range(of: "</\(name)>") else { problems.append("unclosed <\(name)>"); break }
                rest = rest[end.upperBound...]
                continue
            }
            stack.append(name)
        }
        problems += stack.map { "unclosed <\($0)>" }
        return problems
    }
}
