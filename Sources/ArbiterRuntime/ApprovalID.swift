// An approval's id as requests and the in-memory store hold it.
//
// The engine names each request it files `apr_` and 16 hex digits of a stable hash of
// the decision. A busy policy files a request for every decision that waits, and as a
// `String` each id was a heap allocation (20 bytes is past a small string's 15) and a
// SipHash of 20 bytes for every look-up, filing and pruning included. Held as its
// 64-bit number it is neither: the text is made only when someone reads it. Ids of
// another form (written in a state file, or chosen by a caller) are kept as text.

/// An approval id: the number of an engine-derived id (`apr_` and 16 lowercase hex
/// digits), or any other id as its text. Two ids are equal when their texts are.
struct ApprovalID: Hashable, Sendable, CustomStringConvertible {
    private enum Form: Hashable, Sendable {
        case derived(UInt64)
        case named(String)
    }

    private let form: Form

    /// The id `apr_` followed by `hash` in 16 lowercase hex digits.
    init(derived hash: UInt64) {
        form = .derived(hash)
    }

    /// The id with this text; a text of the derived form is held as its number, so it
    /// equals the derived id it spells.
    init(_ text: String) {
        form = ApprovalID.derivedHash(of: text).map(Form.derived) ?? .named(text)
    }

    var description: String {
        switch form {
        case .named(let text): text
        case .derived(let hash): ApprovalID.text(of: hash)
        }
    }

    /// Its tag in a `SlotIndex`: equal ids have equal tags.
    var indexTag: UInt64 {
        switch form {
        case .derived(let hash): SlotIndex.tag(hash: hash)
        case .named(let text): SlotIndex.tag(text, "")
        }
    }

    private static let prefix = "apr_"

    /// `apr_` and the hash in 16 lowercase hex digits, such as `apr_00c0ffee12345678`.
    private static func text(of hash: UInt64) -> String {
        String(unsafeUninitializedCapacity: 20) { buffer in
            var index = 0
            for byte in prefix.utf8 {
                buffer[index] = byte
                index += 1
            }
            for shift in stride(from: 60, through: 0, by: -4) {
                let digit = UInt8((hash >> UInt64(shift)) & 0xF)
                buffer[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                index += 1
            }
            return index
        }
    }

    /// The hash a text of the derived form spells, or nil for any other text (upper-case
    /// digits included: their text would not come back the same).
    private static func derivedHash(of text: String) -> UInt64? {
        let bytes = text.utf8
        guard bytes.count == 20, bytes.starts(with: prefix.utf8) else { return nil }
        var hash: UInt64 = 0
        for byte in bytes.dropFirst(4) {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            hash = hash << 4 | UInt64(digit)
        }
        return hash
    }
}
