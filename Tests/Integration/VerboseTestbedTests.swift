import Foundation
import Testing
import VirtFleetTestSupport

/// `--verbose` against real hosts: every phase of reaching each host is timed on standard
/// error — SSH handshake, SSH login, proxy start, libvirt open, observe — and stdout is unchanged.
@Suite(.tags(.testbed, .root)) struct VerboseTestbedTests {
    @Test func hostsVerboseTimesEveryPhaseOfEveryHost() throws {
        let inventory = ["-i", Repository.root.appendingPathComponent("inventories/testbed").path, "-i", Testbed.hostsFile]
        let run = try Testbed.virtfleet(["hosts"] + inventory + ["--limit", "hv1,hv2", "--verbose"])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        for host in ["hv1", "hv2"] {
            for phase in ["ssh handshake", "ssh login", "proxy start", "libvirt open", "observe"] {
                #expect(
                    run.errors.split(separator: "\n").contains { $0.hasPrefix("virtfleet: \(host): \(phase) ") && $0.contains(" ms") },
                    "no '\(phase)' timing for \(host) in:\n\(run.errors)")
            }
        }
        let quiet = try Testbed.virtfleet(["hosts"] + inventory + ["--limit", "hv1,hv2"])
        #expect(quiet.output.split(separator: "\n").first == run.output.split(separator: "\n").first, "stdout is the same table")
        #expect(!quiet.errors.contains("ssh handshake"))
    }
}
