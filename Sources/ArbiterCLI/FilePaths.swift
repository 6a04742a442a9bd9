import Foundation

/// Paths the commands read and write, compared as files rather than as spellings.
enum FilePaths {
    /// Refuses an output path (given with `flag`) that names one of the command's inputs
    /// (writing it would destroy it), a name a later run would read as a policy or a test
    /// file, a folder, or a file in a missing folder: found before the command's work,
    /// not after it.
    static func checkOutput(_ output: String, flag: String, inputs: [String], of command: String) throws(CouldNotRun) {
        let identities = Set(inputs.map(identity))
        if identities.contains(identity(output)) {
            throw CouldNotRun("\(flag) \(output) is an input of this \(command); writing it would destroy it")
        }
        // A later `check`, `test` or `replay` of the folder would read it as one.
        let name = (output as NSString).lastPathComponent
        if name.hasSuffix(".policy") || name.hasSuffix("_test.yaml") {
            throw CouldNotRun("\(flag) \(output) is named like a policy or a test file, which a later run would read as one")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue {
            throw CouldNotRun("\(flag) \(output) is a folder; give a file path")
        }
        let parent = URL(fileURLWithPath: output).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) || !isFolder.boolValue {
            throw CouldNotRun("\(flag) \(output): the folder \(parent) does not exist")
        }
    }

    /// A file's bytes; a named pipe (`--input <(…)`, `/dev/stdin`) is read to its end,
    /// which `FileManager` does not do. The error says why a file cannot be read.
    static func contents(of path: String) throws(CouldNotRun) -> Data {
        if let data = FileManager.default.contents(atPath: path) { return data }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw CouldNotRun("no such file: \(path)") }
        if isFolder.boolValue { throw CouldNotRun("\(path) is a folder; give a file") }
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            // nil at once: an empty pipe, read as an empty file.
            if let data = try? handle.readToEnd() as Data?? { return data ?? Data() }
        }
        throw CouldNotRun("cannot read file: \(path)" + (FileManager.default.isReadableFile(atPath: path) ? "" : " (permission denied)"))
    }

    /// A file's path with `.`, `..` and symbolic links resolved: two spellings of one file
    /// give the same identity.
    static func identity(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
