// A quick in-process hash of short texts, for the in-memory store's own indexes (the
// change history's absence filter, the approval queue's pending index).
//
// Swift's `Hasher` is SipHash with a per-process seed, and a `Dictionary` look-up with a
// string key hashes it and then compares keys in a table of 16-byte strings; for the
// store's per-key indexes that table is most of the look-up's cache misses. These indexes
// keep a hash per entry instead and compare texts only when the hashes match. FNV-1a, a
// byte at a time, cost a multiply's latency per byte; this reads eight bytes at a time.
//
// Not seeded and not stable across versions: never written anywhere (ids use
// `StableHasher`). A key chosen to collide costs a text comparison per probe, not a
// wrong answer.

/// Hashes texts eight bytes at a time.
struct QuickHash {
    private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3
    /// Whether every byte combined so far is ASCII.
    private(set) var isASCII = true

    /// Combines a text's UTF-8 bytes and its length.
    mutating func combine(_ text: String) {
        var text = text
        var hash = value
        let high = text.withUTF8 { bytes -> UInt64 in
            guard let base = UnsafeRawPointer(bytes.baseAddress) else { return 0 }
            var high: UInt64 = 0
            var offset = 0
            while offset &+ 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                high |= word
                hash = Self.mix(hash ^ word)
                offset &+= 8
            }
            if offset < bytes.count {
                var word: UInt64 = 0
                var shift: UInt64 = 0
                while offset < bytes.count {
                    word |= UInt64(bytes[offset]) &<< shift
                    shift &+= 8
                    offset &+= 1
                }
                high |= word
                hash = Self.mix(hash ^ word)
            }
            return high
        }
        // The length ends the text: ("ab", "c") and ("a", "bc") differ.
        value = Self.mix(hash ^ UInt64(truncatingIfNeeded: text.utf8.count))
        if high & 0x8080_8080_8080_8080 != 0 { isASCII = false }
    }

    @inline(__always)
    private static func mix(_ word: UInt64) -> UInt64 {
        let product = word.multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
    }
}
