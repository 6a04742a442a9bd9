import Foundation

/// Golden-file support shared by the test targets.
///
/// A runner walks `Tests/Fixtures/<phase>`, computes the actual output of each case and
/// calls `Golden.check`, which compares it with the sibling golden file. With
/// `UPDATE_GOLDEN=1` in the environment the golden file is rewritten instead; review the
/// diff before committing it.
public enum Golden {
    /// The repository's root folder, found from this file's path.
    public static let repositoryRoot: URL = {
        var url = URL(filePath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `Tests/Fixtures/<phase>`.
    public static func fixturesFolder(_ phase: String) -> URL {
        repositoryRoot.appending(path: "Tests/Fixtures/\(phase)")
    }

    /// Every file with the extension below `Tests/Fixtures/<phase>`, sorted by path.
    public static func fixtures(_ phase: String, extension wanted: String = "policy") -> [URL] {
        files(under: fixturesFolder(phase), extension: wanted)
    }

    /// Every file with the extension below a folder, sorted by path.
    public static func files(under folder: URL, extension wanted: String) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var found: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == wanted { found.append(url) }
        return found.sorted { $0.path < $1.path }
    }

    /// A fixture's path relative to the repository root, for messages and golden output.
    public static func relativePath(_ url: URL) -> String {
        let root = repositoryRoot.path(percentEncoded: false)
        let path = url.path(percentEncoded: false)
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// Whether golden files are being rewritten.
    public static var isUpdating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file; nil when equal (or rewritten), else a diff.
    public static func check(_ actual: String, against golden: URL) -> String? {
        let expected = try? String(contentsOf: golden, encoding: .utf8)
        if expected == actual { return nil }
        if isUpdating {
            if actual.isEmpty {
                try? FileManager.default.removeItem(at: golden)
            } else {
                try? actual.write(to: golden, atomically: true, encoding: .utf8)
            }
            return nil
        }
        if expected == nil && actual.isEmpty { return nil }
        return "\(relativePath(golden)) differs (run with UPDATE_GOLDEN=1 to rewrite):\n" + diff(expected: expected ?? "", actual: actual)
    }

    /// A line diff: `-` expected lines missing from actual, `+` lines only in actual.
    public static func diff(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Longest common subsequence table; fixtures are small.
        var table = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                out.append("  " + old[i]); i += 1; j += 1
            } else if j < new.count, i == old.count || table[i][j + 1] >= table[i + 1][j] {
                out.append("+ " + new[j]); j += 1
            } else {
                out.append("- " + old[i]); i += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
