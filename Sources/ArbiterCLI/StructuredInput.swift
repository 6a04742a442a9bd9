import Arbiter
import ArbiterPolicyTests
import Foundation
import Yams

/// Reads JSON or YAML documents into `JSONValue`, keeping numbers as their text.
enum StructuredInput {
    /// Reads a file (`-` for standard input); YAML for `.yaml`/`.yml` or text not starting with `{`/`[`.
    static func read(_ path: String) throws -> JSONValue {
        try readDocument(path).value
    }

    /// Reads a file as `read` does, with its bytes, for `place(of:in:)`.
    static func readDocument(_ path: String) throws -> (value: JSONValue, data: Data) {
        let data: Data
        if path == "-" {
            data = try FilePaths.read(FileHandle.standardInput, name: "standard input")
        } else {
            data = try FilePaths.contents(of: path)
        }
        return (try parse(data, path: path), data)
    }

    /// Where the value a problem names by its path (`$.changes[1].at: …`) is written in a
    /// document that parsed, or the nearest enclosing value's place; nil when unknown.
    /// Read again only when there is a problem: JSON is YAML, whose reader keeps places.
    static func place(of problem: String, in data: Data) -> YAMLConversion.Place? {
        guard let text = String(validating: data, as: UTF8.self), let node = try? Yams.compose(yaml: text) else { return nil }
        return YAMLConversion.place(of: problem, in: YAMLConversion.places(of: node))
    }

    /// Parses JSON or YAML text.
    static func parse(_ data: Data, path given: String) throws -> JSONValue {
        let path = given == "-" ? "standard input" : given
        guard let text = String(validating: data, as: UTF8.self) else {
            // Repaired, two different keys or names could read as one.
            let place = UTF8Validation.firstInvalidByte(in: data)
            throw CouldNotRun("\(path):\(place?.line ?? 1):\(place?.column ?? 1): the file is not valid UTF-8")
        }
        let first = text.first { !$0.isWhitespace }
        // Read as YAML, nothing would be an empty object missing every field.
        if first == nil { throw CouldNotRun("\(path): the file is empty; expected a JSON or YAML object") }
        // A `.json` file is JSON whatever it starts with, so its errors are JSON's.
        let isYAML = path.hasSuffix(".yaml") || path.hasSuffix(".yml") || (!path.hasSuffix(".json") && first != "{" && first != "[")
        if !isYAML {
            // A byte order mark, which some editors write, is not part of the JSON; its
            // columns count from after it, as YAML's do.
            let hasMark = data.starts(with: [0xEF, 0xBB, 0xBF])
            let text = hasMark ? String(text.dropFirst()) : text
            do {
                return try JSONValue.parse(Array(hasMark ? data.dropFirst(3) : data))
            } catch {
                // `file:line:column:` as every other place; the column counts characters
                // (Unicode scalars), as YAML's do, not the reader's bytes.
                // By line feeds, as the reader counts lines: a CRLF is one `Character`, which
                // a split on "\n" would not see.
                let line = text.utf8.split(separator: UInt8(ascii: "\n"), maxSplits: error.line, omittingEmptySubsequences: false)
                    .dropFirst(error.line - 1).first ?? []
                let column = line.prefix(error.column - 1).count { $0 & 0xC0 != 0x80 } + 1
                // YAML in a file named .json (which is read as JSON whatever it starts with).
                let hint = first != "{" && first != "[" && first != "\u{FEFF}" ? " (a .json file holds JSON; YAML goes in a .yaml file)" : ""
                throw CouldNotRun("\(path):\(error.line):\(column): invalid JSON: \(error.message)\(hint)")
            }
        }
        do {
            guard let node = try Yams.compose(yaml: text) else { return .object([]) }
            if let problem = YAMLConversion.expansionProblem(of: node, file: path, textBytes: text.utf8.count) { throw CouldNotRun(problem.description) }
            if let problem = YAMLConversion.mergeKeyProblem(of: node, file: path) { throw CouldNotRun(problem.description) }
            if let problem = YAMLConversion.tagProblem(of: node, file: path) { throw CouldNotRun(problem.description) }
            return YAMLConversion.json(from: node)
        } catch let error as YamlError {
            throw CouldNotRun(YAMLConversion.problem(error, file: path).description)
        }
    }
}
