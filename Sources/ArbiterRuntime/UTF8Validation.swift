/// Where bytes that must be UTF-8 are not (JSON strings, input and state files): read as
/// they are, they would be repaired to U+FFFD, and two different keys would read as one.
public enum UTF8Validation {
    /// The first byte that does not begin a valid UTF-8 sequence, with its 1-based line
    /// and column (columns count Unicode scalars, as every column shown does), or nil when
    /// all of `bytes` is UTF-8.
    public static func firstInvalidByte(in bytes: some Collection<UInt8>) -> (offset: Int, line: Int, column: Int)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var (offset, line, column) = (0, 1, 1)
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.first == UInt8(ascii: "\n") {
                    (line, column) = (line + 1, 1)
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return (offset, line, column)
            }
        }
    }
}
