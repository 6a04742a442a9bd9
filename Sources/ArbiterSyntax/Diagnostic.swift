/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable {
    /// The policy cannot be used.
    case error
    /// The policy can be used, but something in it is probably wrong.
    case warning
}

/// A secondary message, optionally pointing at another place.
public struct DiagnosticNote: Sendable, Hashable {
    /// The message, lowercase, one line.
    public var message: String
    /// Where the note points, if anywhere.
    public var span: Span?

    /// Creates a note.
    public init(_ message: String, span: Span? = nil) {
        self.message = message
        self.span = span
    }
}

/// A certain fix: replace the text of `span` with `replacement`.
public struct FixIt: Sendable, Hashable {
    /// The text to replace.
    public var span: Span
    /// The text to put in its place.
    public var replacement: String

    /// Creates a fix-it.
    public init(span: Span, replacement: String) {
        self.span = span
        self.replacement = replacement
    }
}

/// One message about a policy file: what is wrong, where, and how to fix it.
///
/// Messages follow one rule set: lowercase, no final period, user text in backticks,
/// one line; more goes into `notes` and `help`.
public struct Diagnostic: Sendable, Hashable {
    /// The stable code, such as `E0101`.
    public var code: DiagnosticCode
    /// Error or warning.
    public var severity: Severity
    /// The one-line message.
    public var message: String
    /// The primary place the message is about.
    public var span: Span
    /// A short text under the caret.
    public var label: String?
    /// Further explanation.
    public var notes: [DiagnosticNote]
    /// How to fix it.
    public var help: String?
    /// Edits that certainly fix it.
    public var fixIts: [FixIt]

    /// Creates a diagnostic; the severity follows from the code.
    public init(
        _ code: DiagnosticCode, _ message: String, at span: Span, label: String? = nil,
        notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = []
    ) {
        self.code = code
        self.severity = code.severity
        self.message = message
        self.span = span
        self.label = label
        self.notes = notes
        self.help = help
        self.fixIts = fixIts
    }
}

extension Array where Element == Diagnostic {
    /// Whether any element is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
