import Arbiter
import ArbiterSyntax
import Testing

/// What `arbiter check` passes compiles: a literal at the edge of what a value holds, in
/// every place a policy writes one, is either a check error or a policy that compiles
/// (never "a policy could not be compiled", which `eval`, `test` and `replay` would say
/// of a policy `check` called clean).
@Suite struct CheckedCompilesTests {
    static let nines = String(repeating: "9", count: 170)

    static let ints = ["9223372036854775807", "9223372036854775808", nines, "1_000", "000000000000000000000000001"]
    static let amounts = ["170141183460469231731.687303715884105727", "170141183460469231732", "\(nines).5",
                          "0.000000000000000001", "0.0000000000000000001", "0000000000000000000000001.5"]
    static let percents = ["17014118346046923173168%", "17014118346046923173169%", "\(nines)%", "0.0000000000000001%",
                           "0.00000000000000001%"]
    static let durations = ["0ms", "0.001ms", "0.0001ms", "9223372036854775s", "9223372036854776s", "99999999999w",
                            "\(nines)h", "1.5555555555555555555h", "0.5s", "106751991d", "106751992d"]
    static let times = ["9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59+14:00",
                        "0000-01-01T00:00:00Z", "0000-01-01T00:00:00+00:01", "0000-01-01T00:00:00-00:01",
                        "0000-01-01", "9999-12-31", "9999-12-31T23:59:59.9999999Z"]

    /// A policy around one written value, in UTC or a zone far from it.
    static func policy(_ body: String, zone: String? = nil) -> String {
        """
        policy edge {
          drives scaling
          key s
          currency EUR
        \(zone.map { "  timezone \"\($0)\"" } ?? "")
          input { s: text  n: int  x: number  m: money  p: percent  t: time  d: duration }
          control n
        \(body)
        }
        """
    }

    static var bodies: [String] {
        var bodies: [String] = []
        for int in ints { bodies.append("  rule r { when n > \(int)  set n = 1 }") }
        for amount in amounts {
            bodies.append("  rule r { when x > \(amount)  set n = 1 }")
            bodies.append("  rule r { when m > \(amount) EUR  set n = 1 }")
        }
        for percent in percents { bodies.append("  rule r { when p > \(percent)  set n = 1 }") }
        for duration in durations {
            bodies.append("  rule r { when d > \(duration)  set n = 1 }")
            bodies.append("  rule r { when changes(n, \(duration)) < 3  set n = 1 }")
            bodies.append("  rule r { when since_change(n) > \(duration)  set n = 1 }")
            bodies.append("  rule r { set n = 1 }\n  guard g: change(n) within 10% per \(duration) else clamp")
            bodies.append("  rule r { set n = 1 }\n  guard g: increase(n) <= 4 per \(duration) else clamp")
            bodies.append("  rule r { set n = 1 }\n  budget b: 100 EUR per \(duration) { spends m  else block }")
            bodies.append("  rule r { set n = 1 }\n  approve when n > 3 { by \"ops\"  expires \(duration) }")
            bodies.append("  rule r { set n = 1 }\n  guard g: n <= 4 else escalate by \"ops\" expires \(duration)")
            bodies.append("  rule r { when t + \(duration) > 2027-01-01T00:00:00Z  set n = 1 }")
        }
        for time in times {
            bodies.append("  rule r { when t < \(time)  set n = 1 }")
            bodies.append("  rule r { when t < \(time) + 1s  set n = 1 }")
            bodies.append("  rule r { when t > \(time) - 1s  set n = 1 }")
            bodies.append("  rule r {\n    active 2027-01-01 .. \(time)\n    set n = 1\n  }")
            bodies.append("  rule r {\n    active \(time) .. 2027-01-01\n    set n = 1\n  }")
        }
        return bodies
    }

    @Test func everyEdgeLiteralIsACheckErrorOrCompiles() {
        var compiled = 0
        var refused = 0
        for zone in [nil, "Pacific/Kiritimati", "Pacific/Pago_Pago"] {
            for body in Self.bodies {
                let text = Self.policy(body, zone: zone)
                do {
                    let policies = try Engine.compile([SourceFile(path: "edge.policy", text: text)])
                    #expect(policies["edge"] != nil, "\(text)")
                    compiled += 1
                } catch {
                    guard case .invalidPolicies(let diagnostics, let report) = error else {
                        Issue.record("\(error)\n\(text)")
                        continue
                    }
                    // Refused by the checker, with a diagnostic; never passed and then
                    // refused by the compiler.
                    #expect(!diagnostics.isEmpty, "checked clean but did not compile: \(report)\n\(text)")
                    refused += 1
                }
            }
        }
        // Both sides are exercised: the edges are chosen on either side of each limit.
        #expect(compiled > 100, "compiled \(compiled)")
        #expect(refused > 100, "refused \(refused)")
    }
}
