import ArbiterRuntime
import Testing

/// Makes a fresh, empty store for one test. The shared state-store suites run once per
/// factory in `all`: a SQLite or PostgreSQL store joins every suite by adding a line.
struct StateStoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () throws -> any StateStore

    var testDescription: String { name }

    static let all: [StateStoreFactory] = [
        StateStoreFactory(name: "in-memory") { InMemoryStateStore() },
    ]
}

/// Addresses and instants the store suites share.
enum StoreFixtures {
    static let price = ControlAddress(policy: "garden_pricing", key: "SKU-1", control: "price")
    static let otherKey = ControlAddress(policy: "garden_pricing", key: "SKU-2", control: "price")
    static let now = instant("2027-03-20T12:00:00Z")

    static func change(_ at: String, from: String, to: String) -> RecordedChange {
        RecordedChange(at: instant(at), from: .exact(exact(from)), to: .exact(exact(to)))
    }

    static func day(_ date: String) throws -> CalendarWindow {
        try WindowCalendar(length: .days(1)).window(containing: instant(date))
    }
}
