@testable import ArbiterRuntime
import Testing

@Suite("SlotIndex: the approval queue's indexes")
struct SlotIndexTests {
    /// Random inserts, re-points and removals against a dictionary of the same keys. Keys
    /// are drawn from few tags (`tagBits` of them) so probes collide, wrap around the
    /// table's end and removals shift runs back.
    @Test("agrees with a dictionary through inserts, updates and removals", arguments: [2, 5, 32])
    func agreesWithDictionary(tagBits: Int) {
        var random = SplitMix64(seed: UInt64(tagBits))
        var index = SlotIndex()
        var model: [Int: Int] = [:]  // key -> slot
        var keyOfSlot: [Int: Int] = [:]
        var nextSlot = 0
        func tag(_ key: Int) -> UInt64 {
            // The tag is the high half; a narrow one puts many keys in one home.
            let hash = SlotIndex.tag(hash: UInt64(key))
            return tagBits >= 32 ? hash : hash & (((1 << UInt64(tagBits)) - 1) << 32 | 0xFFFF_0000_0000_0000)
        }
        func find(_ key: Int) -> Int? {
            index.find(tag(key)) { keyOfSlot[$0] == key }
        }
        for step in 0..<20_000 {
            let key = Int.random(in: 0..<600, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0 where model[key] == nil:
                let position = index.insert(tag(key), slot: nextSlot)
                #expect(index.slot(at: position) == nextSlot)
                model[key] = nextSlot
                keyOfSlot[nextSlot] = key
                nextSlot += 1
            case 1:
                guard let position = find(key) else { continue }
                keyOfSlot[model[key]!] = nil
                index.setSlot(nextSlot, at: position)
                model[key] = nextSlot
                keyOfSlot[nextSlot] = key
                nextSlot += 1
            default:
                guard let position = find(key) else { continue }
                keyOfSlot[model[key]!] = nil
                model[key] = nil
                index.remove(at: position)
            }
            if step % 997 == 0 {
                for probe in 0..<600 {
                    #expect(find(probe).map(index.slot(at:)) == model[probe], "key \(probe) at step \(step)")
                }
            }
        }
        for probe in 0..<600 {
            #expect(find(probe).map(index.slot(at:)) == model[probe])
        }
    }

    @Test("equal texts tag alike however they are written; pairs split where they split")
    func textTags() {
        #expect(SlotIndex.tag("garden_pricing", "caf\u{E9}") == SlotIndex.tag("garden_pricing", "cafe\u{301}"))
        #expect(SlotIndex.tag("ab", "c") != SlotIndex.tag("a", "bc"))
        #expect(SlotIndex.tag("", "") != SlotIndex.tag("", "x"))
    }

    @Test("QuickHash: every byte counts, at every length up to two words and past")
    func quickHashBytes() {
        var seen = Set<UInt64>()
        for length in 0...20 {
            let text = String(repeating: "a", count: length)
            var hash = QuickHash()
            hash.combine(text)
            #expect(seen.insert(hash.value).inserted, "length \(length)")
            for position in 0..<length {
                var changed = Array(text.utf8)
                changed[position] = UInt8(ascii: "b")
                var other = QuickHash()
                other.combine(String(decoding: changed, as: UTF8.self))
                #expect(other.value != hash.value, "length \(length), byte \(position)")
            }
        }
        var accented = QuickHash()
        accented.combine("abcdefgh\u{E9}")
        #expect(!accented.isASCII)
        var plain = QuickHash()
        plain.combine("abcdefghi")
        #expect(plain.isASCII)
    }
}
