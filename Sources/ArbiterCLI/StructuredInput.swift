import Arbiter
import ArbiterPolicyTests
import Foundation
import Yams

/// Reads JSON or YAML documents into `JSONValue`, keeping numbers as their text.
enum StructuredInput {
    /// Reads a file (`-` for standard input); YAML for `.yaml`/`.yml` or text not starting with `{`/`[`.
    static func read(_ path: String) throws -> JSONValue {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else { throw CouldNotRun("cannot read file: \(path)") }
            data = contents
        }
        return try parse(data, path: path)
    }

    /// `line L, column C` of the first byte that is not UTF-8 (columns count bytes).
    static func invalidUTF8Place(_ data: Data) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var (line, column) = (1, 1)
        while case .valid(let encoded) = parser.parseScalar(from: &iterator) {
            if encoded.first == UInt8(ascii: "\n") {
                (line, column) = (line + 1, 1)
            } else {
                column += encoded.count
            }
        }
        return "line \(line), column \(column)"
    }

    /// Parses JSON or YAML text.
    static func parse(_ data: Data, path given: String) throws -> JSONValue {
        let path = given == "-" ? "standard input" : given
        guard let text = String(validating: data, as: UTF8.self) else {
            // Repaired, two different keys or names could read as one.
            throw CouldNotRun("\(path): \(invalidUTF8Place(data)): the file is not valid UTF-8")
        }
        let first = text.first { !$0.isWhitespace }
        // Read as YAML, nothing would be an empty object missing every field.
        if first == nil { throw CouldNotRun("\(path): the file is empty; expected a JSON or YAML object") }
        let isYAML = path.hasSuffix(".yaml") || path.hasSuffix(".yml") || (first != "{" && first != "[")
        if !isYAML {
            do {
                return try JSONValue.parse(Array(data))
            } catch {
                throw CouldNotRun("\(path): invalid JSON at \(error.description)")
            }
        }
        do {
            guard let node = try Yams.compose(yaml: text) else { return .object([]) }
            return YAMLConversion.json(from: node)
        } catch let error as YamlError {
            throw CouldNotRun(YAMLConversion.problem(error, file: path).description)
        }
    }
}
