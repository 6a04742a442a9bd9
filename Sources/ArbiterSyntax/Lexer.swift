/// Turns the bytes of a source file into tokens and comments.
///
/// The lexer never fails: bytes that form no token become an `.invalid` token and a
/// diagnostic, and lexing goes on. It works on bytes, not characters; only string
/// literals and comments may hold non-ASCII text. Literal tokens with a suffix (`15%`,
/// `300ms`) are single tokens: the suffix must follow the number without a space.
/// A date (`2027-03-20`) is recognised before subtraction, so write `2027 - 3 - 20`
/// with spaces if arithmetic is meant.
public struct Lexer {
    private let source: SourceFile
    private let bytes: [UInt8]
    private var offset = 0
    private var lastTokenLineStart = -1
    private var lineStart = 0

    /// The tokens, ending with one `.endOfFile`.
    public private(set) var tokens: [Token] = []
    /// Every comment, in order.
    public private(set) var comments: [Comment] = []
    /// Problems found while lexing.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Lexes a whole file.
    public static func lex(_ source: SourceFile) -> Lexer {
        var lexer = Lexer(source: source)
        lexer.run()
        return lexer
    }

    private init(source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
    }

    private func span(_ start: Int, _ end: Int) -> Span { Span(file: source.id, start: start, end: end) }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        let index = offset + ahead
        return index < bytes.count ? bytes[index] : 0
    }

    private mutating func add(_ kind: TokenKind, from start: Int) {
        tokens.append(Token(kind: kind, start: start, end: offset))
        lastTokenLineStart = lineStart
    }

    private mutating func report(_ code: DiagnosticCode, _ message: String, _ start: Int, _ end: Int, label: String? = nil, help: String? = nil,
                                 replacement: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: span(start, end), label: label, help: help,
                                      fixIts: replacement.map { [FixIt(span: span(start, end), replacement: $0)] } ?? []))
    }

    private mutating func run() {
        // A UTF-8 byte order mark, which some editors write, starts the file and means nothing.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C:
                offset += 1
            case UInt8(ascii: "\n"):
                offset += 1
                lineStart = offset
            case UInt8(ascii: "#"):
                lexComment()
            case UInt8(ascii: "\""):
                lexString()
            case _ where byte.isDigit:
                lexNumberLike()
            case _ where byte.isIdentifierStart:
                lexIdentifier()
            default:
                lexPunctuation()
            }
        }
        tokens.append(Token(kind: .endOfFile, start: bytes.count, end: bytes.count))
    }

    private mutating func lexComment() {
        let start = offset
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") {
            // A carriage return alone ends a line in many editors, which then show the
            // text after it as code, while here it would be part of the comment.
            if bytes[offset] == UInt8(ascii: "\r"), offset + 1 < bytes.count, bytes[offset + 1] != UInt8(ascii: "\n") {
                report(.unexpectedCharacter, "a carriage return inside a comment, not followed by a line feed", offset, offset + 1,
                       label: "ends the line in some editors, not here",
                       help: "end lines with LF or CRLF: the text after it would be part of the comment")
            }
            if bidirectionalControl(at: offset, in: "a comment") { continue }
            offset += 1
        }
        var end = offset
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        comments.append(Comment(span: span(start, end), isTrailing: lastTokenLineStart == lineStart))
    }

    /// A bidirectional control character (U+202A–U+202E, U+2066–U+2069) at `at`, in a
    /// comment or a string: it makes an editor show the text after it in another order
    /// than it is read ("Trojan Source"), so code can hide in what looks like a comment.
    /// Reported with its fix (removed from a comment, escaped in a string) and passed
    /// over; false, having moved nothing, for any other byte.
    private mutating func bidirectionalControl(at position: Int, in place: String) -> Bool {
        guard bytes[position] == 0xE2, position + 2 < bytes.count else { return false }
        let (second, third) = (bytes[position + 1], bytes[position + 2])
        guard (second == 0x80 && (0xAA...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third)) else { return false }
        offset = position + 3
        let scalar = String(decoding: bytes[position..<offset], as: UTF8.self).unicodeScalars.first!
        let code = String(scalar.value, radix: 16, uppercase: true)
        let name = scalar.properties.name ?? "BIDIRECTIONAL CONTROL"
        let inString = place == "a string"
        diagnostics.append(Diagnostic(
            .unexpectedCharacter, "bidirectional control character U+\(code) \(name) in \(place)", at: span(position, offset),
            label: "changes the order the text is shown in",
            help: inString ? "write it as the escape `\\u{\(code)}`, which shows what it is" : "remove it: it can make code look like part of the comment",
            fixIts: [FixIt(span: span(position, offset), replacement: inString ? "\\u{\(code)}" : "")]))
        return true
    }

    private mutating func lexIdentifier() {
        let start = offset
        while offset < bytes.count, bytes[offset].isIdentifierContinue { offset += 1 }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if let keyword = Keyword(rawValue: text) {
            add(.keyword(keyword), from: start)
        } else {
            add(.identifier, from: start)
        }
    }

    private mutating func lexString() {
        let start = offset
        offset += 1
        while true {
            guard offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") else {
                // Give back braces and parentheses that end the line (`rule r "text {`):
                // the closing quote most likely belongs before them, and the parser then
                // reads the rest of the item instead of reporting a cascade.
                // A `{` inside the line most likely opens the item's block too (`rule r "text {
                // set … }`): the string ends before the first one, so the block is read.
                // Not the `{` of a `\u{…}` escape, which is the text's own.
                var end = offset
                for index in (start + 1)..<offset where bytes[index] == UInt8(ascii: "{") {
                    if index >= start + 3, bytes[index - 1] == UInt8(ascii: "u"), bytes[index - 2] == UInt8(ascii: "\\") { continue }
                    end = index
                    break
                }
                while end > start + 1, [UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"),
                                        UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[end - 1]) {
                    if bytes[end - 1] == UInt8(ascii: "}"), closesUnicodeEscape(at: end - 1, after: start) { break }
                    end -= 1
                }
                offset = end
                report(.unterminatedString, "unterminated string", start, end,
                       label: "this string has no closing `\"`", help: "add `\"` at the end of the text")
                add(.string, from: start)
                return
            }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                add(.string, from: start)
                return
            }
            if byte == UInt8(ascii: "\\") {
                let escapeStart = offset
                offset += 1
                // `\` as the file's last byte: the string is unterminated, which is the one
                // error to report; there is no escape to call unknown.
                if offset >= bytes.count { continue }
                let next = peek()
                switch next {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"):
                    offset += 1
                case UInt8(ascii: "u"):
                    offset += 1
                    if !lexUnicodeEscape() {
                        let shown = String(decoding: bytes[escapeStart..<offset], as: UTF8.self)
                        report(.invalidEscape, "invalid Unicode escape `\(shown)`",
                               escapeStart, offset,
                               label: "not a Unicode scalar value in braces",
                               help: "write a scalar as `\\u{1F600}`: 1 to 8 hex digits in braces")
                    }
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    // `\` at the end of a line, as a line continuation in a shell or C: one
                    // error, and the string read on to its closing quote on the next line,
                    // which would otherwise open a string of its own.
                    report(.unterminatedString, "a string cannot go on past the end of its line", escapeStart, offset,
                           label: "`\\` does not continue a string on the next line",
                           help: "keep the string on one line; write `\\n` for a line break in the text")
                    if next == UInt8(ascii: "\r") { offset += 1 }
                    if peek() == UInt8(ascii: "\n") { offset += 1 }
                    lineStart = offset
                default:
                    // Take the whole scalar after `\`, so the span never ends inside one.
                    if offset < bytes.count, next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") {
                        offset += 1
                        while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
                    }
                    let shown = String(decoding: bytes[escapeStart..<offset], as: UTF8.self)
                    let printable = shown.unicodeScalars.count == 2 && !shown.unicodeScalars.contains { $0.properties.generalCategory == .control }
                    report(.invalidEscape, printable ? "unknown escape sequence `\(shown)` in a string" : "unknown escape sequence in a string",
                           escapeStart, offset, label: "not an escape",
                           help: "the escapes are `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` and `\\u{…}`")
                }
                continue
            }
            if bidirectionalControl(at: offset, in: "a string") { continue }
            offset += 1
        }
    }

    /// Whether the `}` at `index` ends a `\u{hex}` escape of the string opened at `start`.
    private func closesUnicodeEscape(at index: Int, after start: Int) -> Bool {
        var position = index - 1
        while position > start, bytes[position].hexValue != nil { position -= 1 }
        return position >= start + 3 && position < index - 1 && bytes[position] == UInt8(ascii: "{")
            && bytes[position - 1] == UInt8(ascii: "u") && bytes[position - 2] == UInt8(ascii: "\\")
    }

    /// Reads `{hex}` after `\u`; true when it is a valid Unicode scalar.
    private mutating func lexUnicodeEscape() -> Bool {
        guard peek() == UInt8(ascii: "{") else { return false }
        offset += 1
        var value: UInt32 = 0
        var digits = 0
        while let digit = peek().hexValue, digits < 9 {
            value = value &* 16 &+ UInt32(digit)
            digits += 1
            offset += 1
        }
        guard peek() == UInt8(ascii: "}") else { return false }
        offset += 1
        return digits >= 1 && digits <= 8 && Unicode.Scalar(value) != nil
    }

    private mutating func lexNumberLike() {
        let start = offset
        if isDateAhead() {
            lexDateOrTime()
            return
        }
        if let length = misshapenDateLength() {
            lexMisshapenDate(length: length)
            return
        }
        var malformed = false
        lexDigits(&malformed)
        if peek() == UInt8(ascii: "."), peek(1).isDigit {
            offset += 1
            lexDigits(&malformed)
        }
        if malformed {
            report(.malformedLiteral, "malformed number", start, offset, label: "misplaced `_`",
                   help: "`_` may only stand between two digits, as in `20_000`")
        }
        if peek() == UInt8(ascii: "%") {
            offset += 1
            add(.percent, from: start)
            return
        }
        if peek().isIdentifierStart {
            let suffixStart = offset
            while offset < bytes.count, bytes[offset].isIdentifierContinue { offset += 1 }
            let suffix = String(decoding: bytes[suffixStart..<offset], as: UTF8.self)
            let digits = String(decoding: bytes[start..<suffixStart], as: UTF8.self)
            if ["ms", "s", "m", "h", "d", "w"].contains(suffix) {
                add(.duration, from: start)
            } else if let total = Self.compoundDuration(digits: digits, suffix: suffix) {
                // `1h30m`, as Go and inputs write it: one unit here, the same length.
                report(.malformedLiteral, "a duration literal has one unit", start, offset, label: "\(digits)\(suffix) in one unit is \(total)",
                       help: "write `\(total)`", replacement: total)
                add(.invalid, from: start)
            } else if let (help, replacement) = Self.subMillisecondHelp(digits: digits, suffix: suffix) {
                report(.malformedLiteral, "unknown suffix `\(suffix)` on a number", start, offset, label: "not a duration unit", help: help,
                       replacement: replacement)
                add(.invalid, from: start)
            } else if let (message, label, help) = Self.foreignNumber(digits: digits, suffix: suffix) {
                report(.malformedLiteral, message, start, offset, label: label, help: help)
                add(.invalid, from: start)
            } else if let help = Self.durationWordHelp(digits: digits, suffix: suffix) {
                // `1day`, `5min`: a unit spelt out, not a currency code (`1eur`); the
                // literal with its unit is the fix (months and years have none).
                report(.malformedLiteral, "unknown suffix `\(suffix)` on a number", start, offset, label: "not a duration unit", help: help,
                       replacement: Self.durationUnits[suffix.lowercased()].map { digits + $0 })
                add(.invalid, from: start)
            } else {
                let isCurrency = suffix.count == 3 && suffix.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
                let amount = digits
                // `12EUR`: an upper-case code is certainly one; `12eur` may be anything.
                let isCode = isCurrency && suffix == suffix.uppercased()
                report(.malformedLiteral, "unknown suffix `\(suffix)` on a number", start, offset,
                       label: isCurrency ? "a currency code needs a space before it" : "not a duration unit",
                       help: isCurrency
                           ? "put a space between the amount and the \(isCode ? "currency" : "upper-case currency code"): `\(amount) \(suffix.uppercased())`"
                           : "duration units are `ms`, `s`, `m`, `h`, `d` and `w`",
                       replacement: isCode ? "\(amount) \(suffix)" : nil)
                add(.invalid, from: start)
            }
            return
        }
        add(.number, from: start)
    }

    /// Typographic operators and the ASCII operator each stands for; the parser reads
    /// them as meant once they are reported.
    static let operatorLookalikes: [Unicode.Scalar: String] = [
        "×": "*", "✕": "*", "·": "*", "⋅": "*", "÷": "/", "≥": ">=", "≤": "<=", "≠": "!=",
        "−": "-", "–": "-", "—": "-", "‐": "-", "⩾": ">=", "⩽": "<=",
    ]

    /// Quotation marks other than `"` and `'`, which some editors and keyboards type.
    static let typographicQuotes: Set<Unicode.Scalar> = ["“", "”", "„", "‟", "«", "»", "‘", "’", "‚"]

    /// `“spring”` or `'spring'`: text in quotes other than `"`, up to its closing quote on
    /// the same line, is one mistake with one fix (straight quotes, the text escaped as a
    /// string needs), not a stray character on each side of a name. Offset is past the
    /// opening quote's first byte; false, having moved nothing, when it is no such text.
    private mutating func typographicString(from start: Int) -> Bool {
        let pairs: [(open: String, close: [String])] = [
            ("“", ["”"]), ("„", ["“", "”"]), ("«", ["»"]), ("»", ["«"]), ("‘", ["’"]), ("‚", ["‘", "’"]), ("'", ["'"]), ("`", ["`"]),
        ]
        var lineEnd = start
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n"), bytes[lineEnd] != UInt8(ascii: "\r") { lineEnd += 1 }
        let line = String(decoding: bytes[start..<lineEnd], as: UTF8.self)
        guard let pair = pairs.first(where: { line.hasPrefix($0.open) }) else { return false }
        let rest = line.dropFirst()
        // A closing quote followed by a letter is an apostrophe (`'don't'`): read past it.
        guard let close = rest.indices.first(where: { index in
            guard pair.close.contains(String(rest[index])) else { return false }
            let next = rest.index(after: index)
            return next == rest.endIndex || !(rest[next].isLetter || rest[next].isNumber)
        }) else { return false }
        let inner = String(rest[..<close])
        // Quotes inside (`“a “b” c”`) or a mark on the opening quote: no certain fix.
        guard !inner.isEmpty, !inner.unicodeScalars.contains(where: { $0 == "\"" || Self.typographicQuotes.contains($0) }),
              !(inner.unicodeScalars.first.map { $0.properties.generalCategory == .nonspacingMark } ?? false) else { return false }
        offset = start + line[...close].utf8.count
        let escaped = inner.flatMap { $0 == "\\" ? "\\\\" : String($0) }
        diagnostics.append(Diagnostic(
            .unexpectedCharacter, pair.open == "`" ? "text in backquotes" : "text in `\(pair.open)…\(line[close])` quotes", at: span(start, offset),
            label: "not a string", help: "strings use straight double quotes: `\"…\"`",
            fixIts: [FixIt(span: span(start, offset), replacement: "\"" + String(escaped) + "\"")]))
        add(.invalid, from: start)
        return true
    }

    /// `[0]` or `["a", "b"]`: brackets up to their closing one on the same line are one
    /// mistake (there are no lists or indexes), not one at each bracket. False, having
    /// moved nothing, when the line has no `]` after the `[`.
    private mutating func bracketed(from start: Int) -> Bool {
        guard bytes[start] == UInt8(ascii: "[") else { return false }
        var end = start + 1
        var inString = false
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") {
            if bytes[end] == UInt8(ascii: "\""), bytes[end - 1] != UInt8(ascii: "\\") { inString.toggle() }
            if !inString, bytes[end] == UInt8(ascii: "]") { break }
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "]") else { return false }
        offset = end + 1
        report(.unexpectedCharacter, "unexpected `[…]`", start, offset, label: "not a list or an index",
               help: Self.lookalike("[", afterDigit: false, endsLine: false)?.help)
        add(.invalid, from: start)
        return true
    }

    /// What a run of characters that starts no token was probably meant to be: a
    /// typographic operator or quote, a currency sign, a space other than the ASCII one,
    /// another language's `;` or `[`. The replacement, where there is one, is certain to
    /// be what was meant (`≥` is `>=`; a `;` only at the end of a line); nil for a
    /// character with no likely meaning.
    static func lookalike(_ run: String, afterDigit: Bool, afterNumber: Bool = false, betweenDigits: Bool = false, endsLine: Bool)
        -> (help: String, replacement: String?)? {
        let scalars = run.unicodeScalars
        guard let first = scalars.first else { return nil }
        if scalars.allSatisfy({ $0.properties.isWhitespace || $0.value == 0x200B || $0.value == 0xFEFF }) {
            // `20 000` with a no-break space: a thousands separator, which is `_` here.
            if betweenDigits { return ("digits are grouped with `_`: `20_000`", "_") }
            let visible = scalars.allSatisfy { $0.properties.isWhitespace }
            return ("replace \(scalars.count == 1 ? "it" : "them") with \(visible ? "an ordinary space" : "nothing: a zero-width character means nothing here")",
                    visible ? " " : "")
        }
        let single = scalars.count == 1
        // `≥` with a combining mark (`≱`, not ≥) is another character altogether.
        if scalars.dropFirst().contains(where: { [.nonspacingMark, .enclosingMark, .spacingMark].contains($0.properties.generalCategory) }) { return nil }
        if let written = operatorLookalikes[first] {
            return ("write `\(written)`", single ? written : nil)
        }
        switch first {
        case _ where typographicQuotes.contains(first) || first == "'" || first == "`":
            // No fix-it for a quote alone: its other half is not on the line (or not
            // found), and a `"` here would open a string that never closes.
            return ("strings use straight double quotes: `\"…\"`", nil)
        case "%":
            return afterNumber ? ("write `%` right after the number, without a space: `15%`", nil)
                : ("there is no remainder operator: `%` only ends a percent (`15%`)", nil)
        case "％", "‰":
            return first == "％" ? ("write `%` right after the number: `15%`", single && afterDigit ? "%" : nil)
                : ("write per mille as a percent: `0.5%` is 5‰", nil)
        case "€", "$", "£", "¥", "₹", "₩", "₽", "₺", "₴", "₪", "₫", "₱", "₦", "¢":
            return ("write the amount, a space and the currency's code: `12.50 EUR`, `9.99 USD`", nil)
        case ";":
            return ("items and clauses need no separator: remove the `;`", single && endsLine ? "" : nil)
        case "[", "]":
            return ("there are no lists or indexes; a field holding one of several texts has type `one of \"a\", \"b\"`", nil)
        case "^":
            return ("there is no power operator: multiply (`x * x`) or write the value", nil)
        case "@":
            return ("names are written bare: `price`, not `@price`", nil)
        default:
            return nil
        }
    }

    /// The help for a duration unit spelt as a word (`1day`, `5min`, `10secs`, `2hours`):
    /// the literal with its unit, or for months and years, which have no fixed length, days.
    /// Nil for any other suffix.
    static let durationUnits: [String: String] = [
        "msec": "ms", "msecs": "ms", "millis": "ms", "millisecond": "ms", "milliseconds": "ms",
        "sec": "s", "secs": "s", "second": "s", "seconds": "s",
        "min": "m", "mins": "m", "minute": "m", "minutes": "m",
        "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
        "day": "d", "days": "d",
        "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    ]

    /// The length of `1h30m` or `1m30s500ms` (a number and a unit, then more), as one
    /// literal in the largest unit that holds it whole (`90m`; `90.5s` rather than
    /// `90500ms`); nil for any
    /// other suffix, or one whose parts are not whole numbers or whose total is too long.
    static func compoundDuration(digits: String, suffix: String) -> String? {
        let milliseconds: [String: Int64] = ["ms": 1, "s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000]
        guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) else { return nil }
        // The literal as parts: digits then letters, at least two of them.
        var parts: [(count: String, unit: String)] = []
        var count = digits.filter { $0 != "_" }
        var unit = ""
        for character in suffix {
            if character.isASCII, character.isNumber {
                if unit.isEmpty {
                    count.append(character)
                } else {
                    parts.append((count, unit))
                    count = String(character)
                    unit = ""
                }
            } else if character == "_" {
                return nil
            } else {
                unit.append(character)
            }
        }
        parts.append((count, unit))
        guard parts.count >= 2 else { return nil }
        var total: Int64 = 0
        for part in parts {
            guard let perUnit = milliseconds[part.unit], let value = Int64(part.count) else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: perUnit)
            let (sum, overflowAgain) = total.addingReportingOverflow(scaled)
            guard !overflow, !overflowAgain else { return nil }
            total = sum
        }
        guard total > 0 else { return "0s" }
        let (name, perUnit) = milliseconds.filter { total % $0.value == 0 }.max { $0.value < $1.value }!
        guard name == "ms", total >= 1_000 else { return "\(total / perUnit)\(name)" }
        // Seconds and milliseconds: `90.5s` reads better than `90500ms`.
        var fraction = String(total % 1_000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(total / 1_000).\(fraction)s"
    }

    /// The help for a unit below a millisecond (`1500us`, `20ns`), which a policy writes as
    /// a fraction of `ms` (`1.5ms`): the help, and the literal when it is a whole number of
    /// microseconds. Nil for any other suffix.
    static func subMillisecondHelp(digits: String, suffix: String) -> (String, String?)? {
        let word = suffix.lowercased()
        if ["ns", "nsec", "nsecs", "nanosecond", "nanoseconds"].contains(word) {
            return ("durations are held to the microsecond; below a millisecond, write a fraction of `ms`, such as `0.001ms`", nil)
        }
        guard ["us", "usec", "usecs", "microsecond", "microseconds"].contains(word) else { return nil }
        var replacement: String?
        let whole = digits.filter { $0 != "_" }
        if whole.allSatisfy({ $0.isASCII && $0.isNumber }), let microseconds = Int64(whole) {
            var fraction = String(microseconds % 1_000)
            fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            replacement = "\(microseconds / 1_000)\(fraction.isEmpty ? "" : "." + fraction)ms"
        }
        return ("a policy has no `\(suffix)`: below a millisecond, write a fraction of `ms`" + (replacement.map { ", here `\($0)`" } ?? ", such as `1.5ms`"),
                replacement)
    }

    static func durationWordHelp(digits: String, suffix: String) -> String? {
        let word = suffix.lowercased()
        if let unit = durationUnits[word] { return "write `\(digits)\(unit)`; duration units are `ms`, `s`, `m`, `h`, `d` and `w`" }
        if ["mo", "mon", "mos", "month", "months", "y", "yr", "yrs", "year", "years"].contains(word) {
            return "durations have no months or years, which vary in length: write days, such as `30d` or `365d`"
        }
        return nil
    }

    /// What a number with a suffix that is not a unit was meant to be, when it looks like
    /// another language's number (`1e5`, `0x10`) or a name starting with a digit (`1a`):
    /// the message, label and help; nil for a misspelt unit or currency.
    static func foreignNumber(digits: String, suffix: String) -> (String, String, String)? {
        let first = suffix.first ?? " "
        if first == "e" || first == "E", suffix.count > 1, suffix.dropFirst().allSatisfy(\.isNumber) {
            return ("exponent notation is not supported", "an exponent", "write the number in full, such as `100000` for `1e5`")
        }
        if digits == "0", let base = ["x": "hexadecimal", "X": "hexadecimal", "b": "binary", "o": "octal"][String(first)] {
            return ("\(base) numbers are not supported", "not a decimal number", "write the number in decimal")
        }
        // A unit or currency, misspelt (`5min`, `5sec`, `5y`, `5years`, `5eur`), gets the
        // unit help; so does any one letter (`5x`), which names no name.
        if "mshdwy".contains(first) || suffix.count == 1 || suffix.count == 3 { return nil }
        return ("a name cannot start with a digit", "starts with a digit",
                "names start with a letter or `_`, such as `\(suffix)\(digits)`")
    }

    private mutating func lexDigits(_ malformed: inout Bool) {
        var previousWasDigit = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte.isDigit {
                previousWasDigit = true
            } else if byte == UInt8(ascii: "_") {
                if !previousWasDigit || !peek(1).isDigit { malformed = true }
                previousWasDigit = false
            } else {
                break
            }
            offset += 1
        }
    }

    /// Whether `YYYY-MM-DD` starts at the current offset.
    private func isDateAhead() -> Bool {
        let pattern: [Bool] = [true, true, true, true, false, true, true, false, true, true]
        for (index, wantsDigit) in pattern.enumerated() {
            let byte = peek(index)
            if wantsDigit ? !byte.isDigit : byte != UInt8(ascii: "-") { return false }
        }
        return !peek(10).isDigit
    }

    /// After a date, reads `Thh:mm[:ss[.fraction]]` then `Z` or `±hh:mm`, if there is
    /// one; true when it read one. A `..` is the range operator, not a fraction:
    /// `2027-03-20T08:00:00Z..2027-03-21T08:00:00Z`.
    private mutating func lexTimeOfDay() -> Bool {
        guard peek() == UInt8(ascii: "T"), peek(1).isDigit else { return false }
        offset += 1
        while peek().isDigit || peek() == UInt8(ascii: ":") { offset += 1 }
        if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") {
            offset += 1
            while peek().isDigit { offset += 1 }
        }
        if peek() == UInt8(ascii: "Z") {
            offset += 1
        } else if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-"), peek(1).isDigit {
            offset += 1
            while peek().isDigit || peek() == UInt8(ascii: ":") { offset += 1 }
        }
        return true
    }

    /// The length of three runs of digits joined by `-` with no spaces (`2027-1-1`,
    /// `10000-01-01`, `2_027-03-20`: digit separators included) that are not a
    /// `YYYY-MM-DD` date, or nil.
    private func misshapenDateLength() -> Int? {
        var length = 0
        for group in 0..<3 {
            let digitsStart = length
            while peek(length).isDigit || (length > digitsStart && peek(length) == UInt8(ascii: "_") && peek(length + 1).isDigit) { length += 1 }
            guard length > digitsStart else { return nil }
            if group < 2 {
                guard peek(length) == UInt8(ascii: "-") else { return nil }
                length += 1
            }
        }
        // `2027-1-1.5`, `2027-1-1d` or `2027-1-1x` are something else; a `T` starts a time.
        let after = peek(length)
        if after == UInt8(ascii: ".") || (after.isIdentifierContinue && after != UInt8(ascii: "T")) { return nil }
        return length
    }

    /// `2027-1-1` or `10000-01-01`: not a date, and read as a subtraction it would
    /// silently be a number. One error, and the whole is passed over.
    private mutating func lexMisshapenDate(length: Int) {
        let start = offset
        offset += length
        let year = String(decoding: bytes[start..<offset].prefix { $0.isDigit || $0 == UInt8(ascii: "_") }.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        _ = lexTimeOfDay()
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        let fix = text.contains("_") ? "a date has no digit separators: write `\(text.filter { $0 != "_" })`"
            : year.count == 4 ? "write the month and the day with two digits each, as in `\(year)-01-05`"
            : "a year has four digits, 0000 to 9999"
        report(.invalidDate, "`\(text)` is not a date: dates are written `YYYY-MM-DD`", start, offset,
               label: "not `YYYY-MM-DD`", help: "\(fix); to subtract, put spaces around `-`")
        add(.invalid, from: start)
    }

    private mutating func lexDateOrTime() {
        let start = offset
        offset += 10
        let isTime = lexTimeOfDay()
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if let problem = CalendarLiteral.problem(in: text) {
            report(.invalidDate, problem, start, offset,
                   help: isTime ? "write a time as `2027-03-20T08:00:00Z` or with an offset such as `+01:00`"
                                : "write a date as `YYYY-MM-DD`, such as `2027-03-20`")
        }
        add(isTime ? .time : .date, from: start)
    }

    private mutating func lexPunctuation() {
        let start = offset
        let byte = bytes[offset]
        let next = peek(1)
        offset += 1
        switch byte {
        case UInt8(ascii: "{"): add(.leftBrace, from: start)
        case UInt8(ascii: "}"): add(.rightBrace, from: start)
        case UInt8(ascii: "("): add(.leftParen, from: start)
        case UInt8(ascii: ")"): add(.rightParen, from: start)
        case UInt8(ascii: ":"): add(.colon, from: start)
        case UInt8(ascii: ","): add(.comma, from: start)
        case UInt8(ascii: "+"): add(.plus, from: start)
        case UInt8(ascii: "-"): add(.minus, from: start)
        case UInt8(ascii: "*"): add(.star, from: start)
        case UInt8(ascii: "/"): add(.slash, from: start)
        case UInt8(ascii: "."):
            if next == UInt8(ascii: ".") { offset += 1; add(.dotDot, from: start) } else { add(.dot, from: start) }
        case UInt8(ascii: "?"):
            if next == UInt8(ascii: "?") { offset += 1; add(.coalesce, from: start) } else { add(.question, from: start) }
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { offset += 1; add(.equal, from: start) } else { add(.assign, from: start) }
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { offset += 1; add(.lessEqual, from: start) } else { add(.less, from: start) }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { offset += 1; add(.greaterEqual, from: start) } else { add(.greater, from: start) }
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") {
                offset += 1
                add(.notEqual, from: start)
            } else {
                report(.unexpectedCharacter, "unexpected character `!`", start, offset,
                       label: "not an operator", help: "negate a condition with `not`")
                add(.invalid, from: start)
            }
        case UInt8(ascii: "&"), UInt8(ascii: "|"):
            let word = byte == UInt8(ascii: "&") ? "and" : "or"
            if next == byte { offset += 1 }
            // `a&&b` needs spaces around the word, `a && b` has them.
            let spaced = (start > 0 && bytes[start - 1] != UInt8(ascii: " ") ? " " : "") + word
                + (offset < bytes.count && bytes[offset] != UInt8(ascii: " ") ? " " : "")
            report(.unexpectedCharacter, "unexpected `\(String(decoding: bytes[start..<offset], as: UTF8.self))`", start, offset,
                   label: "not an operator", help: "write `\(word)`", replacement: spaced)
            add(.invalid, from: start)
        default:
            if typographicString(from: start) || bracketed(from: start) { return }
            // Swallow a whole run of bytes that start no token: one diagnostic, not one per byte.
            while offset < bytes.count, !bytes[offset].startsToken { offset += 1 }
            let shown = String(decoding: bytes[start..<offset], as: UTF8.self)
            let printable = shown.unicodeScalars.count <= 12 && shown.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.properties.generalCategory != .control && $0.properties.generalCategory != .format && $0.properties.generalCategory != .privateUse && $0.properties.generalCategory != .unassigned }
            // An invisible or control character is named by its code point, as the caret
            // under it shows nothing (`U+00A0 NO-BREAK SPACE`).
            let named = shown.unicodeScalars.prefix(3).map { scalar in
                let code = "U+" + String(repeating: "0", count: max(0, 4 - String(scalar.value, radix: 16).count)) + String(scalar.value, radix: 16, uppercase: true)
                return (scalar.properties.name ?? scalar.properties.nameAlias).map { "\(code) \($0)" } ?? code
            }.joined(separator: ", ") + (shown.unicodeScalars.count > 3 ? ", …" : "")
            let message = printable ? "unexpected character `\(shown)`"
                : (shown.unicodeScalars.count == 1 ? "unexpected character \(named)" : "unexpected characters \(named)")
            var rest = offset
            while rest < bytes.count, bytes[rest] == UInt8(ascii: " ") || bytes[rest] == UInt8(ascii: "\t") { rest += 1 }
            let endsLine = rest == bytes.count || [UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"), UInt8(ascii: "}")].contains(bytes[rest])
            var before = start - 1
            while before >= 0, bytes[before] == UInt8(ascii: " ") || bytes[before] == UInt8(ascii: "\t") { before -= 1 }
            let afterDigit = start > 0 && bytes[start - 1].isDigit
            let lookalike = Self.lookalike(shown, afterDigit: afterDigit, afterNumber: before >= 0 && bytes[before].isDigit,
                                           betweenDigits: afterDigit && offset < bytes.count && bytes[offset].isDigit, endsLine: endsLine)
            diagnostics.append(Diagnostic(
                .unexpectedCharacter, message, at: span(start, offset), label: "cannot start any token",
                help: lookalike?.help ?? "names use ASCII letters, digits and `_`; other text goes in strings or comments",
                fixIts: lookalike?.replacement.map { [FixIt(span: span(start, offset), replacement: $0)] } ?? []))
            add(.invalid, from: start)
        }
    }
}

extension UInt8 {
    var isDigit: Bool { self >= 48 && self <= 57 }
    var isIdentifierStart: Bool { (self >= 65 && self <= 90) || (self >= 97 && self <= 122) || self == 95 }
    var isIdentifierContinue: Bool { isIdentifierStart || isDigit }
    var hexValue: UInt8? {
        switch self {
        case 48...57: self - 48
        case 65...70: self - 55
        case 97...102: self - 87
        default: nil
        }
    }
    /// Whether this byte can begin some token, whitespace or comment.
    var startsToken: Bool {
        if isIdentifierContinue { return true }
        switch self {
        case 32, 9, 10, 13, 12: return true
        case UInt8(ascii: "#"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "?"),
             UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"), UInt8(ascii: "+"),
             UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "&"), UInt8(ascii: "|"):
            return true
        default: return false
        }
    }
}
