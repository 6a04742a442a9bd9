import ArbiterReplay
import Foundation
import Testing

/// Opens a sample HTML report in a headless Chromium: it must render (a screenshot that
/// is not blank), keep every chart in its DOM, and log no console error.
///
/// Runs when `chromium`, `chromium-browser`, `google-chrome` or `google-chrome-stable`
/// is on PATH; without one it is skipped, except on CI (`CI=true`), where it fails.
/// `ARBITER_REPORT_ARTIFACTS=DIR` keeps the page and the screenshot in DIR.
@Suite("HTML report in a browser", .serialized)
struct HTMLScreenshotTests {
    static let browser: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in path.split(separator: ":") {
                let candidate = URL(filePath: String(folder)).appending(path: name)
                if FileManager.default.isExecutableFile(atPath: candidate.path(percentEncoded: false)) { return candidate }
            }
        }
        return nil
    }()

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test("CI has a browser", .enabled(if: browser == nil && isCI))
    func browserIsInstalledOnCI() {
        Issue.record("no chromium on PATH: CI must install it (apt-get install -y chromium)")
    }

    /// The pages: a report and a comparison over 60 days, with their chart counts.
    static func page(_ name: String) -> (html: String, charts: Int) {
        if name == "compare" {
            let compare = ReportSamples.compareSample(days: 60)
            return (compare.html, compare.htmlChartCount)
        }
        let report = ReportSamples.sampleReport(days: 60)
        return (report.html, report.htmlChartCount)
    }

    @Test("the sample page renders, keeps its charts and logs no console error",
          .enabled(if: browser != nil, "no chromium, chromium-browser or google-chrome on PATH"), arguments: ["report", "compare"])
    func rendersInHeadlessChromium(name: String) throws {
        let browser = try #require(Self.browser)
        let folder = try Self.workFolder()
        let (html, charts) = Self.page(name)
        let page = folder.appending(path: "\(name).html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let screenshot = folder.appending(path: "\(name).png")
        try? FileManager.default.removeItem(at: screenshot)

        let shot = try Self.run(browser, folder: folder, [
            "--screenshot=\(screenshot.path(percentEncoded: false))", "--window-size=1280,2000", "--hide-scrollbars",
            "--enable-logging=stderr", "--v=0", page.absoluteString,
        ])
        let consoleErrors = shot.stderr.split(separator: "\n").filter { $0.contains("Uncaught") || $0.contains("ERROR:CONSOLE") }
        #expect(consoleErrors.isEmpty, "console errors:\n\(consoleErrors.joined(separator: "\n"))")
        let png = try #require(try? Data(contentsOf: screenshot), "no screenshot; chromium said:\n\(shot.stderr.suffix(2_000))")
        #expect(png.count > 20_000, "screenshot is only \(png.count) bytes")
        let image = try #require(PNGSummary(png), "the screenshot is not a PNG")
        #expect(image.width == 1280)
        #expect(image.compressedPixelBytes > 20_000, "the screenshot compresses to \(image.compressedPixelBytes) bytes: is it blank?")

        let dom = try Self.run(browser, folder: folder, ["--dump-dom", page.absoluteString]).stdout
        #expect(dom.components(separatedBy: "<svg class=\"chart\"").count - 1 == charts)
        #expect(dom.contains("data-chart=\"outcomes-per-day\""))
        #expect(dom.contains("data-chart=\"budget\""))
        #expect(dom.contains("data-chart=\"changes\""))
        #expect(dom.contains("data-chart=\"guards\""))
        #expect(dom.contains("<h1>garden_pricing</h1>"))
    }

    /// What a browser run printed.
    struct Output {
        var stdout: String
        var stderr: String
    }

    /// Runs the browser headless with a private profile; fails after 90 seconds.
    static func run(_ browser: URL, folder: URL, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = browser
        let run = UUID().uuidString
        let profile = folder.appending(path: "profile-\(run)")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(profile.path(percentEncoded: false))"] + arguments
        let stdoutFile = folder.appending(path: "stdout-\(run).txt")
        let stderrFile = folder.appending(path: "stderr-\(run).txt")
        _ = FileManager.default.createFile(atPath: stdoutFile.path(percentEncoded: false), contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path(percentEncoded: false), contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutFile)
        let stderr = try FileHandle(forWritingTo: stderrFile)
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("the browser did not finish within 90 seconds")
        }
        try stdout.close()
        try stderr.close()
        let output = Output(stdout: (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")
        for file in [profile, stdoutFile, stderrFile] { try? FileManager.default.removeItem(at: file) }
        return output
    }

    static func workFolder() throws -> URL {
        let folder = ProcessInfo.processInfo.environment["ARBITER_REPORT_ARTIFACTS"].map { URL(filePath: $0) }
            ?? FileManager.default.temporaryDirectory.appending(path: "arbiter-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// The size of a PNG and how many bytes its compressed pixels take (the IDAT chunks):
/// a blank or single-colour page compresses to almost nothing.
struct PNGSummary {
    var width: Int
    var height: Int
    var compressedPixelBytes: Int

    init?(_ data: Data) {
        let bytes = [UInt8](data)
        guard bytes.count > 33, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        func integer(at offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        width = integer(at: 16)
        height = integer(at: 20)
        compressedPixelBytes = 0
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = integer(at: offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            if type == "IDAT" { compressedPixelBytes += length }
            offset += 12 + length
        }
    }
}
