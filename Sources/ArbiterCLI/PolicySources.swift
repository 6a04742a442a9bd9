import ArbiterSyntax
import Foundation

/// Finds and reads the policy files named on a command line.
enum PolicySources {
    /// Files as given, and folders searched recursively for `*.policy`, in a stable order.
    /// A file in a folder that cannot be opened by name is skipped with a warning on
    /// standard error, and its path added to `skipped`.
    static func discover(_ paths: [String]) throws -> [String] {
        var skipped: [String] = []
        return try discover(paths, skipped: &skipped)
    }

    static func discover(_ paths: [String], skipped: inout [String]) throws -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FilePaths.missing(path)
            }
            if isDirectory.boolValue {
                // A folder given through a symbolic link is searched: the enumerator
                // would not go into the link itself.
                guard let enumerator = FileManager.default.enumerator(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path) else {
                    throw CouldNotRun("cannot read directory: \(path)")
                }
                var inFolder: [String] = []
                for case let relative as String in enumerator where relative.hasSuffix(".policy") {
                    let file = path.hasSuffix("/") ? path + relative : path + "/" + relative
                    // A name that is not valid UTF-8 comes back repaired (with U+FFFD) and
                    // names no file: that one file is reported, the others still run. So is
                    // a symbolic link to nothing. A folder named `x.policy` is searched (the
                    // enumerator goes into it), not read as a file.
                    var isFolder: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
                        let dangling = (try? FileManager.default.destinationOfSymbolicLink(atPath: file)) != nil
                        OutputSink.current.error(dangling
                            ? "warning: skipped \(file): a symbolic link to a file that does not exist\n"
                            : "warning: skipped \(file): its name is not valid UTF-8, so it cannot be opened by name; rename it\n")
                        skipped.append(file)
                        continue
                    }
                    if isFolder.boolValue || FilePaths.skipsSpecial(file) { continue }
                    inFolder.append(file)
                }
                found += inFolder.sorted()
            } else {
                found.append(path)
            }
        }
        // One file under two spellings (`a.policy`, `./a.policy`), or two hard links to one
        // file (the same device and inode), is read once.
        var seen = Set<String>()
        var seenFiles = Set<[UInt64]>()
        return found.filter { path in
            var status = stat()
            if stat(path, &status) == 0, !seenFiles.insert([UInt64(status.st_dev), UInt64(status.st_ino)]).inserted { return false }
            return seen.insert(FilePaths.identity(path)).inserted
        }
    }

    /// Reads one file as bytes.
    static func load(_ path: String) throws -> SourceFile {
        let data = try FilePaths.contents(of: path)
        return SourceFile(path: path, bytes: Array(data))
    }
}
