import Arbiter
import Yams

/// YAML to `JSONValue`, as `arbiter` reads YAML input: plain scalars that look like JSON
/// numbers stay numbers as their text, quoted scalars are strings, `true`/`false` are
/// booleans, `null`/`~`/empty is null.
public enum YAMLConversion {
    /// A Yams error as a problem at its mark (a test file's, an input's, a state file's).
    public static func problem(_ error: YamlError, file: String) -> TestFileProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            // "did not find expected ',' or '}'" "while parsing a flow mapping"
            var detail = context.map { "\(problem) \($0.text)" } ?? problem
            // libyaml's own words name the C function that raises its limit.
            if problem.hasPrefix("Maximum nesting level reached") { detail = "nested more than 1000 levels deep" }
            return TestFileProblem(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(detail)")
        case .composer(let context, let problem, let mark, _):
            // "expected a single document in the stream", "but found another document"
            let detail = context.map { "\($0.text), \(problem)" } ?? problem
            return TestFileProblem(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the key's first use; the problem is the second, found in the text
            // for a block mapping. Else (a flow mapping) at the first use.
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            let first = context.mark
            if let key = duplicates.first, let second = secondUse(of: key, firstAt: (first.line, first.column), in: context.text) {
                return TestFileProblem(file: file, line: second.line, column: second.column,
                                       message: "invalid YAML: \(keys) given twice in one mapping (first at line \(first.line))")
            }
            return TestFileProblem(file: file, line: first.line, column: first.column,
                                   message: "invalid YAML: \(keys) given twice in one mapping (first here)")
        case .reader(let problem, let offset, _, let yaml):
            // At the character the reader stopped on (a control character, say), not at
            // 1:1. Yams counts the offset in `Character`s (a CRLF is one, `é` is one);
            // the column counts Unicode scalars, as every other column here does.
            var line = 1, column = 1
            if let offset {
                for character in yaml.prefix(offset) {
                    if character.isNewline {
                        line += 1
                        column = 1
                    } else {
                        column += character.unicodeScalars.count
                    }
                }
            }
            return TestFileProblem(file: file, line: line, column: column, message: "invalid YAML: \(problem)")
        default:
            return TestFileProblem(file: file, line: 1, column: 1, message: "invalid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
    }

    /// Where `key`, first used at `first` (1-based line and column) as a key of a block
    /// mapping, is used again in that mapping: the next line indented as the first use
    /// that starts with the key (plain or quoted) and a colon, before a line indented
    /// less (a sequence item's first key, after `- `, counts as indented to its column).
    /// Nil when no such line follows, as for a flow mapping on one line.
    static func secondUse(of key: String, firstAt first: (line: Int, column: Int), in text: String) -> (line: Int, column: Int)? {
        // YAML's line breaks: LF, CRLF (one `Character`) and CR.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let indent = first.column - 1
        let spellings = [key, "\"\(key)\"", "'\(key)'"]
        for number in first.line..<lines.count {
            let line = lines[number]
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let depth = line.unicodeScalars.count - content.unicodeScalars.count
            if depth < indent { return nil }
            guard depth == indent else { continue }
            for spelling in spellings where content.hasPrefix(spelling) {
                let rest = content.dropFirst(spelling.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix(":"), rest.dropFirst().first.map({ $0 == " " || $0 == "\t" }) ?? true {
                    return (number + 1, first.column)
                }
            }
        }
        return nil
    }

    /// The most values a YAML document may hold once its aliases are expanded, unless
    /// its text is longer (see `expansionProblem`).
    public static let expansionLimit = 1_000_000

    /// A problem when the document's aliases expand it past `expansionLimit` values or
    /// its length in bytes, whichever is more (a few lines of nested aliases can stand for
    /// billions; a document without aliases holds fewer values than bytes, so a long
    /// plain one always passes), at the innermost key whose value ran past it; nil for
    /// any document that stays under it. The walk stops at the limit, so it costs at most
    /// that many steps.
    public static func expansionProblem(of root: Node, file: String, textBytes: Int) -> TestFileProblem? {
        let limit = max(expansionLimit, textBytes)
        var budget = limit
        var culprit: Node?
        func walk(_ node: Node, key: Node?) -> Bool {
            budget -= 1
            if budget < 0 {
                culprit = key ?? node
                return false
            }
            switch node {
            case .mapping(let mapping):
                for (name, value) in mapping where !walk(value, key: name) { return false }
            case .sequence(let sequence):
                for item in sequence where !walk(item, key: key) { return false }
            case .scalar, .alias:
                break
            }
            return true
        }
        guard !walk(root, key: nil) else { return nil }
        let mark = culprit?.mark
        return TestFileProblem(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                               message: "invalid YAML: the document holds more than \(limit) values once its aliases (`*name`) are expanded")
    }

    /// A merge key (`<<: *defaults`), which YAML 1.2 dropped and this reader does not
    /// expand: without this its fields would read as one field named `<<`. Nil when the
    /// document has none. Call after `expansionProblem`, which bounds the walk.
    public static func mergeKeyProblem(of root: Node, file: String) -> TestFileProblem? {
        let merge = firstNode(in: root) { node, isKey in
            guard isKey, case .scalar(let scalar) = node else { return false }
            return scalar.style == .plain && scalar.string == "<<"
        }
        guard let key = merge else { return nil }
        return TestFileProblem(file: file, line: key.mark?.line ?? 1, column: key.mark?.column ?? 1,
                               message: "YAML merge keys (`<<: *name`) are not read; write the fields out")
    }

    /// The first node with a tag outside YAML's core schema (`!!python/object:x`, `!money`),
    /// as a problem at its place: its value would be read as if untagged, which the
    /// writer of the tag did not mean. Nil when every tag is a core one (`!!str`, `!!int`,
    /// `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`, and `!!timestamp`, which the reader
    /// gives a plain time it resolves) or there is none.
    public static func tagProblem(of root: Node, file: String) -> TestFileProblem? {
        let core: Set<String> = ["str", "int", "float", "bool", "null", "map", "seq", "timestamp"].reduce(into: ["?", "!", ""]) { $0.insert("tag:yaml.org,2002:" + $1) }
        guard let node = firstNode(in: root, where: { node, _ in !core.contains(node.tag.description) }) else { return nil }
        let tag = node.tag.description.replacingOccurrences(of: "tag:yaml.org,2002:", with: "!!")
        return TestFileProblem(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                               message: "YAML tag `\(tag)` is not read: only the core schema's tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`) are; remove it")
    }

    /// The first node, in document order, for which `matches` holds; `isKey` says whether
    /// the node is a mapping's key.
    static func firstNode(in node: Node, isKey: Bool = false, where matches: (_ node: Node, _ isKey: Bool) -> Bool) -> Node? {
        if matches(node, isKey) { return node }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let found = firstNode(in: key, isKey: true, where: matches) ?? firstNode(in: value, where: matches) { return found }
            }
        case .sequence(let sequence):
            for item in sequence { if let found = firstNode(in: item, where: matches) { return found } }
        case .scalar, .alias:
            break
        }
        return nil
    }

    /// Converts a composed YAML node (aliases become null).
    public static func json(from node: Node) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            return .object(mapping.map { (key, value) in (key.string ?? "", json(from: value)) })
        case .sequence(let sequence):
            return .array(sequence.map { json(from: $0) })
        case .scalar(let scalar):
            // Quoted or tagged `!!str`, a scalar is text whatever it spells (`!!str 123`).
            guard scalar.style == .plain, scalar.tag.description != Tag.Name.str.rawValue else { return .string(scalar.string) }
            let text = scalar.string
            // The YAML 1.2 core schema's spellings of null and of the booleans.
            switch text {
            case "null", "Null", "NULL", "~", "": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default:
                return coreNumber(text).map(JSONValue.number) ?? .string(text)
            }
        case .alias:
            return .null
        }
    }

    /// Where each value of a node is, by its JSON path (`$.spends[0].amount`), so a
    /// problem a path names is reported at its line and column; and where each member's
    /// key is, by `keyPrefix` and its path, for a problem with the member itself.
    public static func places(of node: Node, path: String = "$") -> [String: Place] {
        var places: [String: Place] = [:]
        if let mark = node.mark { places[path] = Place(line: mark.line, column: mark.column) }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                if let mark = key.mark { places[keyPrefix + "\(path).\(name)"] = Place(line: mark.line, column: mark.column) }
                places.merge(Self.places(of: value, path: "\(path).\(name)")) { first, _ in first }
            }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() {
                places.merge(Self.places(of: item, path: "\(path)[\(index)]")) { first, _ in first }
            }
        case .scalar, .alias:
            break
        }
        return places
    }

    /// A line and column in a test file.
    public struct Place: Sendable, Hashable {
        public var line: Int
        public var column: Int
    }

    /// A plain scalar read as a number: JSON number text as it is, and the YAML 1.2 core
    /// schema's hex and octal ints (`0x1F`, `0o17`) in decimal (`31`, `15`); nil for
    /// anything else, a hex or octal int past 64 bits included. The core schema's other
    /// spellings of numbers (`+12`, `012`, `.5`) stay text, which a typed field reads as
    /// the same number and a `text` field keeps as written (a sku `00123`).
    static func coreNumber(_ text: String) -> String? {
        if (try? JSONValue.parse(Array(text.utf8))).map({ if case .number = $0 { true } else { false } }) == true { return text }
        for (prefix, radix) in [("0x", 16), ("0o", 8)] where text.hasPrefix(prefix) && text.count > 2 {
            return UInt64(text.dropFirst(2), radix: radix).map { String($0) }
        }
        return nil
    }

    /// What `places(of:)` puts before a member's path for its key's place.
    static let keyPrefix = "key "

    /// The place of the value a problem names by the path it starts with
    /// (`$.spends[0].amount: …`), or of the nearest value that encloses it; nil when none.
    /// A member unknown where it is written (`$.changes[0].extra: unknown field …`) is
    /// placed at its key, as the misspelling is there.
    public static func place(of problem: String, in places: [String: Place]) -> Place? {
        var path = String(problem.prefix { $0 != ":" && $0 != " " })
        if problem.dropFirst(path.count).hasPrefix(": unknown "), let place = places[keyPrefix + path] { return place }
        while !path.isEmpty {
            if let place = places[path] { return place }
            path = path.lastIndex { $0 == "." || $0 == "[" }.map { String(path[..<$0]) } ?? ""
        }
        return nil
    }

    /// A step's input: `base` with the fields of `overlay` laid over it (a field set to
    /// null in the overlay is removed); `overlay` alone when either is not a mapping.
    public static func merged(_ base: JSONValue?, _ overlay: JSONValue?) -> JSONValue? {
        guard let overlay else { return base }
        guard case .object(var members)? = base, case .object(let changes) = overlay else { return overlay }
        for (name, value) in changes {
            members.removeAll { $0.0 == name }
            if value != .null { members.append((name, value)) }
        }
        return .object(members)
    }
}
