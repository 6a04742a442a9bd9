import ArbiterSyntax
import Foundation

/// Finds and reads the policy files named on a command line.
enum PolicySources {
    /// Files as given, and folders searched recursively for `*.policy`, in a stable order.
    static func discover(_ paths: [String]) throws -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CouldNotRun("no such file or directory: \(path)")
            }
            if isDirectory.boolValue {
                guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                    throw CouldNotRun("cannot read directory: \(path)")
                }
                var inFolder: [String] = []
                for case let relative as String in enumerator where relative.hasSuffix(".policy") {
                    inFolder.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
                }
                found += inFolder.sorted()
            } else {
                found.append(path)
            }
        }
        // One file under two spellings (`a.policy`, `./a.policy`) is read once.
        var seen = Set<String>()
        return found.filter { seen.insert(CouldNotRun.fileIdentity($0)).inserted }
    }

    /// Reads one file as bytes.
    static func load(_ path: String) throws -> SourceFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CouldNotRun("cannot read file: \(path)")
        }
        return SourceFile(path: path, bytes: Array(data))
    }
}
