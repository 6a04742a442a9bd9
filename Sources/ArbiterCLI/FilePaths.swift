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

    /// What a path found in a folder is when it is neither a regular file nor a folder
    /// (following symbolic links): "a named pipe", "a socket", "a device"; nil otherwise.
    /// A folder search skips such a path, as reading a pipe nobody writes would wait
    /// forever; a path named on the command line is read whatever it is (`<(…)` is a pipe).
    static func special(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a regular file"
        }
    }

    /// Whether a path found in a folder search is to be skipped as `special`, saying so on
    /// standard error.
    static func skipsSpecial(_ path: String) -> Bool {
        guard let kind = special(path) else { return false }
        OutputSink.current.error("warning: skipped \(path): it is \(kind), not a file\n")
        return true
    }

    /// A file's path with `.`, `..` and symbolic links resolved: two spellings of one file
    /// give the same identity.
    static func identity(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
