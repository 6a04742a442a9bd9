import Foundation

/// Paths the commands read and write, compared as files rather than as spellings.
enum FilePaths {
    /// Refuses an output path (given with `flag`) that names one of the command's inputs
    /// (writing it would destroy it; through another spelling, a symbolic or a hard link
    /// too), a name a later run would read as a policy or a test file, a folder, a file in
    /// a missing folder, `-`, or something other than a file (`/dev/stdout`, a named
    /// pipe): found before the command's work, not after it.
    ///
    /// Returns the path to write: outputs are written beside the file and renamed into
    /// place, so for a symbolic link that is the file it points to (the link stays).
    @discardableResult
    static func checkOutput(_ output: String, flag: String, inputs: [String], of command: String) throws(CouldNotRun) -> String {
        if output == "-" {
            throw CouldNotRun("\(flag) -: \(command) writes this to a file, not to standard output; give a file path")
        }
        // The run's own standard output or error, by name or as the file a shell
        // redirected it to: writing there would overwrite what the run prints.
        if ["/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/"].contains(where: { output == $0 || ($0.hasSuffix("/") && output.hasPrefix($0)) })
            || isStandardOutputOrError(output) {
            throw CouldNotRun("\(flag) \(output) is this run's standard output or error, not a file of its own; give a file path")
        }
        let identities = Set(inputs.map(identity))
        if identities.contains(identity(output)) || inputs.contains(where: { sameFile($0, output) }) {
            throw CouldNotRun("\(flag) \(output) is an input of this \(command); writing it would destroy it")
        }
        var target = output
        var linkStatus = stat()
        if lstat(output, &linkStatus) == 0, linkStatus.st_mode & S_IFMT == S_IFLNK {
            var status = stat()
            guard stat(output, &status) == 0 else {
                throw CouldNotRun("\(flag) \(output) is a symbolic link to a missing file; give the file's own path")
            }
            target = identity(output)
        }
        if let kind = special(output) {
            throw CouldNotRun("\(flag) \(output) is \(kind), not a file; the output is written to a new file and renamed into place, so give a file path")
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
        if !FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) {
            throw CouldNotRun("\(flag) \(output): the folder \(parent) does not exist")
        }
        if !isFolder.boolValue { throw CouldNotRun("\(flag) \(output): \(parent) is a file, not a folder") }
        // Replacing a read-only file would undo what its owner asked for (`fmt` refuses
        // one too); even root, whom the system lets write it, is refused.
        var existing = stat()
        if stat(target, &existing) == 0, existing.st_mode & 0o222 == 0 || access(target, W_OK) != 0 {
            throw CouldNotRun("\(flag) \(output) is read-only; make it writable or give another path")
        }
        // The file is written beside itself as `.partial` and renamed: try that now, so a
        // folder that refuses files (read-only, `/proc`) fails before the run, not after.
        let probe = target + ".partial"
        let existed = FileManager.default.fileExists(atPath: probe)
        let descriptor = open(probe, O_WRONLY | O_CREAT, 0o644)
        guard descriptor >= 0 else {
            throw CouldNotRun("\(flag) \(output): cannot write there: \(String(cString: strerror(errno)).lowercased())")
        }
        close(descriptor)
        if !existed { unlink(probe) }
        return target
    }

    /// The permission bits of the file at `path`, nil when there is none: an output
    /// replaces the file with a new one, which is given them back (`restoreMode`), so a
    /// private (0600) report stays private.
    static func mode(of path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }

    /// Gives the file at `path` the permission bits `mode` (from `mode(of:)` before it was
    /// replaced); nothing for nil.
    static func restoreMode(_ mode: mode_t?, of path: String) {
        if let mode { chmod(path, mode) }
    }

    /// Whether `path` is the file this process's standard output or error is open on (a
    /// shell's `> out.txt` names it so).
    static func isStandardOutputOrError(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return [STDOUT_FILENO, STDERR_FILENO].contains { descriptor in
            var open = stat()
            return fstat(descriptor, &open) == 0 && open.st_dev == status.st_dev && open.st_ino == status.st_ino
        }
    }

    /// Whether two paths are one existing file (the same device and inode: a hard link
    /// is another name of the file, which spellings do not show).
    static func sameFile(_ first: String, _ second: String) -> Bool {
        var one = stat()
        var other = stat()
        guard stat(first, &one) == 0, stat(second, &other) == 0 else { return false }
        return one.st_dev == other.st_dev && one.st_ino == other.st_ino
    }

    /// Why a path given on the command line names nothing to read: a symbolic link to a
    /// file that does not exist, one that loops, or no such file at all.
    static func missing(_ path: String, what: String = "file or directory") -> CouldNotRun {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else {
            // An argument that is not valid UTF-8 reaches the program repaired (with U+FFFD)
            // and names no file, though the file is there.
            if path.unicodeScalars.contains("\u{FFFD}") {
                return CouldNotRun("no \(what) named \(path): a name that is not valid UTF-8 cannot be given on the command line; rename it")
            }
            return CouldNotRun("no such \(what): \(path)")
        }
        var info = stat()
        if stat(path, &info) != 0, errno == ELOOP { return CouldNotRun("\(path) is a symbolic link that leads back to itself") }
        return CouldNotRun("\(path) is a symbolic link to \(target), which does not exist")
    }

    /// The largest policy, input, state or test file read: far beyond any real one, and
    /// a bound on the memory a wrong file (a device such as /dev/zero, a disk image)
    /// can take before it is refused.
    static let maximumFileBytes = 256 << 20

    /// A file's bytes; a named pipe (`--input <(…)`, `/dev/stdin`) is read to its end,
    /// which `FileManager` does not do. The error says why a file cannot be read, or that
    /// it is larger than `maximumFileBytes`.
    static func contents(of path: String) throws(CouldNotRun) -> Data {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            if Int(status.st_size) > maximumFileBytes { throw tooLarge(path) }
            if let data = FileManager.default.contents(atPath: path) { return data }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw missing(path, what: "file") }
        if isFolder.boolValue { throw CouldNotRun("\(path) is a folder; give a file") }
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            return try read(handle, name: path)
        }
        throw CouldNotRun("cannot read file: \(path)" + (FileManager.default.isReadableFile(atPath: path) ? "" : " (permission denied)"))
    }

    /// What a file handle (a pipe, a device, standard input) holds up to its end, refused
    /// once it passes `maximumFileBytes`.
    static func read(_ handle: FileHandle, name: String) throws(CouldNotRun) -> Data {
        var data = Data()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { throw CouldNotRun("cannot read \(name): \(error.localizedDescription)") }
            guard let chunk, !chunk.isEmpty else { return data }
            data.append(chunk)
            if data.count > maximumFileBytes { throw tooLarge(name) }
        }
    }

    private static func tooLarge(_ path: String) -> CouldNotRun {
        CouldNotRun("\(path) is larger than \(maximumFileBytes >> 20) MB, more than any policy, input or state file holds: is it the right file?")
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
