/// A half-open byte range `[start, end)` in one source file.
public struct Span: Hashable, Sendable {
    /// The file the range is in.
    public var file: FileID
    /// The first byte.
    public var start: Int
    /// One past the last byte.
    public var end: Int

    /// Creates a span.
    public init(file: FileID, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A span that covers both spans (which must be in the same file).
    public func merged(with other: Span) -> Span {
        Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// An empty span at the end of this one.
    public var endPoint: Span { Span(file: file, start: end, end: end) }

    /// The number of bytes covered.
    public var length: Int { end - start }
}
