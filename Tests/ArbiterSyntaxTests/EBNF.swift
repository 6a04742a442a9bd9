// A reader of the notation of Grammar/arbiter.ebnf, for the grammar tests.
//
// The notation is the one the file's header describes: productions `name = … ;`,
// alternatives `|`, sequences by juxtaposition, `[ optional ]`, `{ repetition }`,
// `( grouping )`, `"terminals"`, `? lexical token described in words ?` and
// `(* comments *)`. A production whose whole definition is a `? … ?` is a lexical token
// (IDENT, NUMBER, …): the derivation draws its text from a pool and the recognizer
// matches it against the lexer's token kinds.

import ArbiterSyntax
import ArbiterTestSupport
import Foundation

/// The EBNF grammar of the policy language and the tools the tests build on it.
enum EBNF {
    /// A node of a production's definition.
    indirect enum Node: Hashable, Sendable {
        /// `"text"`: a word or a punctuation token spelled exactly so.
        case terminal(String)
        /// `? description ?`: a lexical token described in words.
        case special(String)
        /// A reference to another production.
        case reference(String)
        /// `a b c`.
        case sequence([Node])
        /// `a | b | c`.
        case choice([Node])
        /// `[ a ]`.
        case optional(Node)
        /// `{ a }`.
        case repetition(Node)

        /// Calls `visit` on this node and every node inside it.
        func forEach(_ visit: (Node) -> Void) {
            visit(self)
            switch self {
            case .terminal, .special, .reference: break
            case .sequence(let nodes), .choice(let nodes): for node in nodes { node.forEach(visit) }
            case .optional(let node), .repetition(let node): node.forEach(visit)
            }
        }
    }

    /// A problem in the grammar's text, with the byte offset where it was found.
    struct ReadError: Error, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "arbiter.ebnf at byte \(offset): \(message)" }
    }

    /// The productions of a grammar, in written order.
    struct Grammar: Sendable {
        /// Production names in written order.
        var names: [String]
        /// Each production's definition.
        var rules: [String: Node]

        /// The definition of a production.
        subscript(name: String) -> Node {
            guard let node = rules[name] else { preconditionFailure("no production `\(name)`") }
            return node
        }

        /// Whether a production is a lexical token (`IDENT = ? … ? ;`).
        func isLexical(_ name: String) -> Bool {
            if case .special = rules[name] { return true }
            return false
        }

        /// Every quoted terminal, in order of first appearance.
        var terminals: [String] {
            var seen: [String] = []
            for name in names {
                self[name].forEach { node in
                    if case .terminal(let text) = node, !seen.contains(text) { seen.append(text) }
                }
            }
            return seen
        }

        /// The productions a definition refers to.
        func references(of name: String) -> Set<String> {
            var found: Set<String> = []
            self[name].forEach { node in
                if case .reference(let target) = node { found.insert(target) }
            }
            return found
        }

        /// Reads the grammar's text.
        static func read(_ text: String) throws(ReadError) -> Grammar {
            var reader = Reader(bytes: Array(text.utf8))
            return try reader.grammar()
        }

        /// Grammar/arbiter.ebnf.
        static let file: Grammar = {
            do {
                return try read(String(contentsOf: fileURL, encoding: .utf8))
            } catch {
                preconditionFailure("cannot read Grammar/arbiter.ebnf: \(error)")
            }
        }()

        /// Where the grammar lives.
        static let fileURL = Golden.repositoryRoot.appending(path: "Grammar/arbiter.ebnf")
    }

    /// Turns the text of the grammar into productions.
    private struct Reader {
        enum Symbol: Equatable {
            case name(String), terminal(String), special(String), punctuation(Character), end
        }

        let bytes: [UInt8]
        var offset = 0
        var symbol: Symbol = .end
        var symbolStart = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func grammar() throws(ReadError) -> Grammar {
            try next()
            var names: [String] = []
            var rules: [String: Node] = [:]
            while symbol != .end {
                guard case .name(let name) = symbol else { throw error("expected a production name") }
                let start = symbolStart
                try next()
                try expect("=")
                let definition = try choice()
                try expect(";")
                guard rules[name] == nil else { throw ReadError(message: "production `\(name)` defined twice", offset: start) }
                names.append(name)
                rules[name] = definition
            }
            return Grammar(names: names, rules: rules)
        }

        private func error(_ message: String) -> ReadError {
            ReadError(message: "\(message), found \(symbol)", offset: symbolStart)
        }

        private mutating func expect(_ punctuation: Character) throws(ReadError) {
            guard symbol == .punctuation(punctuation) else { throw error("expected `\(punctuation)`") }
            try next()
        }

        private mutating func choice() throws(ReadError) -> Node {
            var alternatives = [try sequence()]
            while symbol == .punctuation("|") {
                try next()
                alternatives.append(try sequence())
            }
            return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
        }

        private mutating func sequence() throws(ReadError) -> Node {
            var items: [Node] = []
            while true {
                switch symbol {
                case .name(let name):
                    items.append(.reference(name))
                    try next()
                case .terminal(let text):
                    items.append(.terminal(text))
                    try next()
                case .special(let text):
                    items.append(.special(text))
                    try next()
                case .punctuation("["):
                    try next()
                    items.append(.optional(try choice()))
                    try expect("]")
                case .punctuation("{"):
                    try next()
                    items.append(.repetition(try choice()))
                    try expect("}")
                case .punctuation("("):
                    try next()
                    items.append(try choice())
                    try expect(")")
                default:
                    guard !items.isEmpty else { throw error("expected a term") }
                    return items.count == 1 ? items[0] : .sequence(items)
                }
            }
        }

        /// Reads the next symbol, skipping whitespace and `(* comments *)`.
        private mutating func next() throws(ReadError) {
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 {
                    offset += 1
                } else if byte == UInt8(ascii: "("), peek(1) == UInt8(ascii: "*") {
                    let start = offset
                    offset += 2
                    while offset < bytes.count, !(bytes[offset] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: ")")) {
                        offset += 1
                    }
                    guard offset < bytes.count else { throw ReadError(message: "unterminated comment", offset: start) }
                    offset += 2
                } else {
                    break
                }
            }
            symbolStart = offset
            guard offset < bytes.count else {
                symbol = .end
                return
            }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "?"):
                let end = try closing(byte)
                let text = String(decoding: bytes[(offset + 1)..<end], as: UTF8.self)
                if byte == UInt8(ascii: "\"") {
                    guard !text.isEmpty else { throw ReadError(message: "empty terminal", offset: offset) }
                    symbol = .terminal(text)
                } else {
                    symbol = .special(text.trimmingCharacters(in: .whitespaces))
                }
                offset = end + 1
            case _ where isNameByte(byte, first: true):
                let start = offset
                while offset < bytes.count, isNameByte(bytes[offset], first: false) { offset += 1 }
                symbol = .name(String(decoding: bytes[start..<offset], as: UTF8.self))
            case UInt8(ascii: "="), UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"):
                symbol = .punctuation(Character(Unicode.Scalar(byte)))
                offset += 1
            default:
                throw ReadError(message: "unexpected character `\(Character(Unicode.Scalar(byte)))`", offset: offset)
            }
        }

        /// The offset of the quote that closes the one at `offset`, on the same line.
        private func closing(_ quote: UInt8) throws(ReadError) -> Int {
            var end = offset + 1
            while end < bytes.count, bytes[end] != quote {
                if bytes[end] == 10 { break }
                end += 1
            }
            guard end < bytes.count, bytes[end] == quote else {
                throw ReadError(message: "unterminated \(quote == UInt8(ascii: "?") ? "special sequence" : "terminal")", offset: offset)
            }
            return end
        }

        private func peek(_ ahead: Int) -> UInt8 {
            offset + ahead < bytes.count ? bytes[offset + ahead] : 0
        }

        private func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || (!first && byte >= 48 && byte <= 57)
        }
    }
}
