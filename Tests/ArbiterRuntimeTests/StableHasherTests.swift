@testable import ArbiterRuntime
import Testing

@Suite("StableHasher: approval ids")
struct StableHasherTests {
    @Test("an integer hashes as its decimal text", arguments: [
        Int64(0), 7, -1, 10, 1_795_000_000_000_000, .max, .min,
    ])
    func decimalIsText(value: Int64) {
        var text = StableHasher()
        text.combine("garden_pricing")
        text.combine(String(value))
        var decimal = StableHasher()
        decimal.combine("garden_pricing")
        decimal.combine(decimal: value)
        #expect(decimal.identifier(prefix: "apr_") == text.identifier(prefix: "apr_"))
    }

    @Test("the id is the prefix and 16 lowercase hex digits of FNV-1a")
    func identifierForm() {
        #expect(StableHasher().identifier(prefix: "apr_") == "apr_cbf29ce484222325")
        var hasher = StableHasher()
        hasher.combine("")
        // 0xcbf29ce484222325 ^ 0xFF, times the FNV prime.
        let expected = (UInt64(0xcbf2_9ce4_8422_2325) ^ 0xFF) &* 0x0000_0100_0000_01B3
        let hex = String(expected, radix: 16)
        #expect(hasher.identifier(prefix: "x") == "x" + String(repeating: "0", count: 16 - hex.count) + hex)
    }
}
