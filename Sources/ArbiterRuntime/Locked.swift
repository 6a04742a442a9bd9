// A value behind a lock, for the in-memory store's record kinds.
//
// Why not `Mutex<Value>` directly. `Synchronization.Mutex` keeps its value inline, in
// raw storage laid out like the value. With Swift 6.3 on Linux, release builds only, a
// `Mutex<ChangeHistory>` corrupted the heap once `ChangeHistory` gained one more stored
// property (an optional address of three strings): `arbiter replay` of the bundled
// history aborted with "double free or corruption" when the store was freed, and
// `arbiter bench decide` with a `malloc` assertion. Debug builds, an AddressSanitizer
// release build and the same struct held out of line all ran clean, so the fault is in how
// the optimiser handles the inline storage of a large value (swiftlang/swift has open
// reports of the kind: #80036, #80177). A `Mutex` of nothing guarding a value in memory
// of its own takes the same lock and does not depend on that layout.

import Synchronization

/// A value that is only read or written while its lock is held. The value lives in memory
/// of its own, reached through a pointer, so a call neither retains a box nor depends on
/// the inline layout; the owner's `let` keeps it alive.
struct Locked<Value>: ~Copyable, @unchecked Sendable {
    private let mutex = Mutex(())
    private let value: UnsafeMutablePointer<Value>

    init(_ value: consuming Value) {
        self.value = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        self.value.initialize(to: value)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    @inline(__always)
    borrowing func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        try mutex.withLock { _ throws(Failure) in try body(&value.pointee) }
    }
}
