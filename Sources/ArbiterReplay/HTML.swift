import Arbiter

/// Small builders for the HTML report. Every piece of user text (policy, key, rule,
/// message…) goes through `escape`, so a name like `<script>` is shown, never run.
enum HTML {
    /// The text with `&`, `<`, `>`, `"` and `'` replaced by entities; safe in element
    /// content and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A table cell: its text (already HTML) and whether it holds a number.
    struct Cell {
        var html: String
        var isNumber: Bool
        var cssClass: String?

        /// A text cell, escaped.
        static func text(_ text: String) -> Cell { Cell(html: escape(text), isNumber: false) }
        /// A text cell that does not wrap.
        static func unbroken(_ text: String) -> Cell { Cell(html: escape(text), isNumber: false, cssClass: "nowrap") }
        /// A number cell, right-aligned with tabular digits.
        static func number(_ text: String) -> Cell { Cell(html: escape(text), isNumber: true) }
        /// A count, grouped by thousands.
        static func count(_ value: Int) -> Cell { number(ReplayReport.Numbers.grouped(value)) }
        /// Markup built by the caller (already escaped).
        static func markup(_ html: String, isNumber: Bool = false) -> Cell { Cell(html: html, isNumber: isNumber) }
    }

    /// A table with a header row; `numeric` header cells are right-aligned.
    static func table(_ headers: [(String, Bool)], _ rows: [[Cell]], cssClass: String = "") -> String {
        var out = cssClass.isEmpty ? "<div class=\"scroll\"><table>" : "<div class=\"scroll\"><table class=\"\(cssClass)\">"
        out += "<thead><tr>"
        for (title, numeric) in headers {
            out += numeric ? "<th class=\"num\">\(escape(title))</th>" : "<th>\(escape(title))</th>"
        }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for cell in row {
                var classes: [String] = []
                if cell.isNumber { classes.append("num") }
                if let extra = cell.cssClass { classes.append(extra) }
                out += classes.isEmpty ? "<td>" : "<td class=\"\(classes.joined(separator: " "))\">"
                out += cell.html + "</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    /// A panel: a card with a title, an optional note and content.
    static func panel(_ title: String, note: String? = nil, id: String? = nil, _ content: String) -> String {
        var out = id.map { "<section class=\"panel\" id=\"\(escape($0))\">" } ?? "<section class=\"panel\">"
        out += "<h2>\(escape(title))</h2>"
        if let note { out += "<p class=\"note\">\(escape(note))</p>" }
        return out + content + "</section>"
    }

    /// Panels side by side on a wide screen, stacked on a narrow one.
    static func grid(_ panels: [String]) -> String {
        panels.isEmpty ? "" : "<div class=\"grid\">" + panels.joined() + "</div>"
    }

    /// A legend: a swatch and a label per series.
    static func legend(_ items: [(label: String, color: String)]) -> String {
        var out = "<ul class=\"legend\">"
        for item in items {
            out += "<li><span class=\"swatch\" style=\"background:\(item.color)\"></span>\(escape(item.label))</li>"
        }
        return out + "</ul>"
    }

    /// A key figure: label, value, and a line under it.
    static func card(_ label: String, _ value: String, _ detail: String, color: String) -> String {
        "<div class=\"card\" style=\"--accent:\(color)\"><div class=\"card-label\">\(escape(label))</div>"
            + "<div class=\"card-value\">\(escape(value))</div><div class=\"card-detail\">\(escape(detail))</div></div>"
    }

    /// A thin inline bar showing `part ÷ whole`, for table cells.
    static func meter(_ part: Int, of whole: Int, color: String) -> String {
        let width = whole > 0 ? min(100, max(part > 0 ? 1 : 0, (part * 100 + whole / 2) / whole)) : 0
        return "<span class=\"meter\"><span style=\"width:\(width)%;background:\(color)\"></span></span>"
    }

    /// A coloured label for an outcome; `short` writes `pending` for `pending_approval`.
    static func outcomeTag(_ outcome: Outcome, short: Bool = false) -> String {
        let name = short && outcome == .pendingApproval ? "pending" : outcome.rawValue
        // Dark text on the light colours (hold grey, pending amber): white on them was
        // below the 4.5:1 contrast text needs.
        let ink = outcome == .hold || outcome == .pendingApproval ? ";color:#1b1f24" : ""
        return "<span class=\"tag\" style=\"--accent:\(HTMLStyle.color(of: outcome))\(ink)\">\(escape(name))</span>"
    }

    /// An empty-state note inside a panel.
    static func empty(_ text: String) -> String {
        "<p class=\"empty\">\(escape(text))</p>"
    }
}
