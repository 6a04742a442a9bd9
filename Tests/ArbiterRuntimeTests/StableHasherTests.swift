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
        #expect(decimal.value == text.value)
    }

    @Test("the id is `apr_` and 16 lowercase hex digits of FNV-1a")
    func identifierForm() {
        #expect(ApprovalID(derived: StableHasher().value).description == "apr_cbf29ce484222325")
        var hasher = StableHasher()
        hasher.combine("")
        // 0xcbf29ce484222325 ^ 0xFF, times the FNV prime.
        let expected = (UInt64(0xcbf2_9ce4_8422_2325) ^ 0xFF) &* 0x0000_0100_0000_01B3
        let hex = String(expected, radix: 16)
        #expect(ApprovalID(derived: hasher.value).description == "apr_" + String(repeating: "0", count: 16 - hex.count) + hex)
        #expect(ApprovalID(derived: 0xc0ffee).description == "apr_0000000000c0ffee")
    }
}

@Suite("StableHasher: texts")
struct StableHasherTextTests {
    @Test("equal texts hash alike however they are written")
    func composedForm() {
        func hash(_ text: String) -> UInt64 {
            var hasher = StableHasher()
            hasher.combine(text)
            return hasher.value
        }
        #expect(hash("CAF\u{C9}") == hash("CAFE\u{301}"))
        #expect(hash("\u{212A}") == hash("K"))
        #expect(hash("SKU-1") != hash("SKU-2"))
        #expect(hash("ab") != hash("a") )
    }
}

@Suite("ApprovalID: derived ids held as numbers")
struct ApprovalIDTests {
    @Test("the text of a derived id reads back as that id", arguments: [
        UInt64(0), 1, 0xc0ffee, 0x00c0_ffee_1234_5678, .max,
    ])
    func roundTrip(hash: UInt64) {
        let id = ApprovalID(derived: hash)
        #expect(ApprovalID(id.description) == id)
        #expect(ApprovalID(id.description).description == id.description)
    }

    @Test("any other id is its text, equal only to the same text", arguments: [
        "apr-1", "apr_00C0FFEE12345678", "apr_00c0ffee1234567", "apr_00c0ffee123456789", "apr_00c0ffee1234567g",
        "APR_00c0ffee12345678", "", "apr_",
    ])
    func named(text: String) {
        let id = ApprovalID(text)
        #expect(id.description == text)
        #expect(id != ApprovalID(derived: 0x00c0_ffee_1234_5678))
        #expect(id == ApprovalID(text))
    }

    @Test("a request's id reads and writes as text")
    func requestID() {
        var request = ApprovalRequest(id: "apr_00c0ffee12345678", policy: "p", key: "k", role: "r", proposed: [:],
                                      createdAt: Instant(secondsSinceEpoch: 0), expiresAt: Instant(secondsSinceEpoch: 60))
        #expect(request.identifier == ApprovalID(derived: 0x00c0_ffee_1234_5678))
        request.id = "manual-7"
        #expect(request.id == "manual-7")
        #expect(request.identifier == ApprovalID("manual-7"))
    }
}
