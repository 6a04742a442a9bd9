import Arbiter
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

    /// Parses JSON or YAML text.
    static func parse(_ data: Data, path: String) throws -> JSONValue {
        let text = String(decoding: data, as: UTF8.self)
        let first = text.first { !$0.isWhitespace }
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
            return json(from: node)
        } catch let error as YamlError {
            throw CouldNotRun("\(path): invalid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
    }

    /// Converts a YAML node; plain scalars that look like numbers, booleans or null become those.
    static func json(from node: Node) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            return .object(mapping.map { (key, value) in (key.string ?? "", json(from: value)) })
        case .sequence(let sequence):
            return .array(sequence.map { json(from: $0) })
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            let text = scalar.string
            switch text {
            case "null", "~", "": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default:
                if (try? JSONValue.parse(text)).map({ if case .number = $0 { true } else { false } }) == true {
                    return .number(text)
                }
                return .string(text)
            }
        case .alias:
            return .null
        }
    }
}
