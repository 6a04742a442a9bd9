import Foundation

/// An index from something the caller can hash and compare (a policy and key, an approval
/// id) to a slot of the caller's arrays: an open-addressing table of 8-byte entries, the
/// high half of a hash (the tag) above the slot plus one (0 is an empty entry).
///
/// A look-up compares the caller's records only where the tags match, through a closure
/// that reads them from the slot. A `Dictionary` keyed by two strings read a 32-byte key
/// per probe, and for the approval queue's per-key indexes that read was the look-up's
/// cache miss on most decisions; this table is a quarter of the size, and the record a
/// match is checked against is the one the caller reads next anyway. Linear probing, at
/// most half full; a removal shifts the entries after it back, so there are no tombstones.
struct SlotIndex {
    private var entries = [UInt64](repeating: 0, count: 64)
    private var count = 0

    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// The tag of some texts: a `QuickHash` of them, of their composed forms when one is
    /// not ASCII (equal texts can differ in bytes, as `é` composed or not; their composed
    /// forms do not).
    static func tag(_ first: String, _ second: String) -> UInt64 {
        var hash = QuickHash()
        hash.combine(first)
        hash.combine(second)
        if !hash.isASCII {
            hash = QuickHash()
            hash.combine(first.precomposedStringWithCanonicalMapping)
            hash.combine(second.precomposedStringWithCanonicalMapping)
        }
        return hash.value & tagMask
    }

    /// The tag of a number that is already a hash: its bits mixed, so ids that differ
    /// only in their low bits still spread.
    static func tag(hash: UInt64) -> UInt64 {
        let product = hash.multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return (product.high ^ product.low) & tagMask
    }

    /// The table position of the entry with `tag` whose slot `matches`, or nil.
    func find(_ tag: UInt64, matches: (Int) -> Bool) -> Int? {
        let mask = entries.count &- 1
        var position = Int(truncatingIfNeeded: tag >> 32) & mask
        while entries[position] != 0 {
            let entry = entries[position]
            if entry & Self.tagMask == tag, matches(Int(truncatingIfNeeded: entry & ~Self.tagMask) &- 1) { return position }
            position = (position &+ 1) & mask
        }
        return nil
    }

    /// The slot of the entry at a position `find` or `insert` returned.
    func slot(at position: Int) -> Int {
        Int(truncatingIfNeeded: entries[position] & ~Self.tagMask) &- 1
    }

    /// Points the entry at `position` to another slot, for the same record key.
    mutating func setSlot(_ slot: Int, at position: Int) {
        entries[position] = entries[position] & Self.tagMask | UInt64(slot &+ 1)
    }

    /// Adds an entry for a record key that has none; returns its position.
    @discardableResult
    mutating func insert(_ tag: UInt64, slot: Int) -> Int {
        // Slots are indexes of arrays of records held in memory: four billion of them
        // would be hundreds of gigabytes.
        precondition(slot >= 0 && slot < Int(UInt32.max), "slot out of the index's range")
        if (count &+ 1) &* 2 > entries.count { grow() }
        count &+= 1
        return place(tag | UInt64(slot &+ 1))
    }

    /// Removes the entry at a position `find` returned.
    mutating func remove(at position: Int) {
        let mask = entries.count &- 1
        var hole = position
        var next = position
        while true {
            next = (next &+ 1) & mask
            let entry = entries[next]
            if entry == 0 { break }
            // The entry moves into the hole unless its home lies cyclically in
            // (hole, next]: then the hole is not on its probe sequence.
            let home = Int(truncatingIfNeeded: entry >> 32) & mask
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if !stays {
                entries[hole] = entry
                hole = next
            }
        }
        entries[hole] = 0
        count &-= 1
    }

    private mutating func place(_ entry: UInt64) -> Int {
        let mask = entries.count &- 1
        var position = Int(truncatingIfNeeded: entry >> 32) & mask
        while entries[position] != 0 { position = (position &+ 1) & mask }
        entries[position] = entry
        return position
    }

    private mutating func grow() {
        let old = entries
        entries = [UInt64](repeating: 0, count: old.count &* 2)
        for entry in old where entry != 0 { _ = place(entry) }
    }
}
