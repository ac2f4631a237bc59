import Foundation
import Testing
import VirtFleetTestSupport

/// A host that stops answering fails within a bounded time, naming the phase and the party that
/// went silent; every other host finishes; the process exits; a re-run converges. Each run of the
/// CLI sits under `timeout 120`, so a hang fails the test (status 124) instead of blocking the suite.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct FaultsTestbedTests {
    /// `virtfleet ARGS…` killed after 120 s: status 124 means it hung.
    static func bounded(_ arguments: [String], onLine: (@Sendable (String) -> Void)? = nil) throws -> ProcessResult {
        try Testbed.requireUp()
        return try ProcessRunner.run(
            "/usr/bin/timeout", ["120", try Repository.virtfleetBinary] + arguments, environment: ["NO_COLOR": "1"], onLine: onLine)
    }

    static func pid(_ file: String) throws -> Int32 {
        let text = try String(contentsOf: Testbed.directory.appendingPathComponent(file), encoding: .utf8)
        return try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func aHostWhoseLibvirtdIsFrozenFailsAtTheHandshakeAndTheOthersApply() throws {
        let fleet = try ScratchFleet("frozen-libvirtd")
        defer { fleet.cleanUp() }
        try fleet.declare(
            """
              - { name: "\(fleet.name("g"))-{{ index }}", template: small, count: 3, group: testbed, state: stopped }
            """)
        let daemon = try Self.pid("hv2/libvirtd.pid")
        kill(daemon, SIGSTOP)
        defer { kill(daemon, SIGCONT) }

        let hosts = try Self.bounded(["hosts"] + fleet.inventory + ["--timeout", "3"])
        #expect(hosts.status != 124, "hosts hung")
        // Columns are as wide as the longest host name (the system host's among them).
        let reachable = hosts.output.split(separator: "\n").filter { $0.contains(" reachable") }.compactMap {
            $0.split(separator: " ").first
        }
        #expect(reachable.contains("hv1") && reachable.contains("hv3") && !reachable.contains("hv2"), "\(hosts.output)")
        #expect(hosts.output.contains("libvirtd did not answer AUTH_LIST within 3 s"), "\(hosts.output)\n\(hosts.errors)")
        #expect(hosts.output.contains("sshd is answering"), "\(hosts.output)")

        let apply = try Self.bounded(["apply"] + fleet.inventory + ["--auto-approve", "--timeout", "3"])
        #expect(apply.status == 1, "\(apply.output)\n\(apply.errors)")
        let everything = apply.output + apply.errors
        #expect(everything.contains("libvirtd did not answer AUTH_LIST"), "\(everything)")
        #expect(try Testbed.domains(on: "hv1").contains(fleet.name("g") + "-1"))
        #expect(try Testbed.domains(on: "hv3").contains(fleet.name("g") + "-3"))

        kill(daemon, SIGCONT)
        let rerun = try Self.bounded(["apply"] + fleet.inventory + ["--auto-approve"])
        #expect(rerun.status == 0, "\(rerun.output)\n\(rerun.errors)")
        #expect(try Testbed.domains(on: "hv2").contains(fleet.name("g") + "-2"))
        #expect(try Self.bounded(["plan"] + fleet.inventory + ["--detailed-exitcode"]).status == 0)
    }

    @Test func aFrozenSSHConnectionIsBlamedOnSshdAndTheRunEnds() throws {
        let fleet = try ScratchFleet("frozen-sshd")
        defer {
            _ = try? ProcessRunner.run("/usr/bin/pkill", ["-CONT", "-u", "hv2", "-x", "sshd"])
            fleet.cleanUp()
        }
        // hv2 gets more guests than apply works on at once there (4), so work is left when it freezes.
        try fleet.declare(
            """
              - { name: "\(fleet.name("k"))-{{ index }}", template: small, count: 9, group: testbed, state: stopped }
              - { name: "\(fleet.name("m"))-{{ index }}", template: small, count: 6, host: hv2, state: stopped }
            """)
        let cut = CutOnce()
        let apply = try Self.bounded(["apply"] + fleet.inventory + ["--auto-approve"]) { line in
            // The first finished action on hv2: freeze the sshd process serving this connection.
            if line.contains(" hv2 "), cut.first() {
                _ = try? ProcessRunner.run("/usr/bin/pkill", ["-STOP", "-u", "hv2", "-x", "sshd"])
            }
        }
        _ = try ProcessRunner.run("/usr/bin/pkill", ["-CONT", "-u", "hv2", "-x", "sshd"])
        #expect(apply.status == 1, "\(apply.output)\n\(apply.errors)")
        #expect(apply.output.contains("hv1: 3 done, 0 failed"), "\(apply.output)")
        #expect(apply.output.contains("hv3: 3 done, 0 failed"), "\(apply.output)")
        let everything = apply.output + apply.errors
        #expect(everything.contains("sshd stopped answering"), "\(everything)")
        #expect(!everything.contains("libvirtd did not answer"), "\(everything)")

        let rerun = try Self.bounded(["apply"] + fleet.inventory + ["--auto-approve"])
        #expect(rerun.status == 0, "\(rerun.output)\n\(rerun.errors)")
        #expect(try Self.bounded(["plan"] + fleet.inventory + ["--detailed-exitcode"]).status == 0)
    }
}
