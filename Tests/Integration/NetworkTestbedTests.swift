import Foundation
import Testing
import VirtFleetTestSupport
import Yams

/// Networks on the testbed's system-daemon host (`hvsys`, root's `qemu:///system`): created,
/// started, updated and removed as declared. Traffic rule: the only guest that runs sits on an
/// isolated network without an address; the NAT network with DHCP is defined, read back and
/// started, and never has a running guest.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct NetworkTestbedTests {
    struct SystemFleet {
        let fleet: ScratchFleet
        /// Bridge names are at most 15 characters; the fleet id is longer.
        let tag = String(UUID().uuidString.prefix(6).lowercased())
        var isolated: String { "\(fleet.id)-iso" }
        var nat: String { "\(fleet.id)-nat" }
        var guest: String { fleet.name("g") }

        init() throws {
            _ = try Testbed.system()
            fleet = try ScratchFleet("net")
            try fleet.write(
                "templates/on-network.yaml",
                """
                type: qemu
                memory: 64MiB
                vcpu: 1
                os: { type: hvm, arch: x86_64, boot: [hd] }
                interfaces:
                  - { type: network, source: "{{ net }}", model: virtio }
                """)
        }

        /// hosts.yaml with `networks` (YAML mapping text) under the system host.
        func declare(networks: String, guests: String = "  []") throws {
            guard var hosts = try Yams.compose(yaml: String(contentsOfFile: Testbed.hostsFile, encoding: .utf8)) else {
                throw Testbed.NotUp("\(Testbed.hostsFile) is empty: run scripts/testbed up")
            }
            hosts["hosts"]?[Node(Testbed.systemHost)]?["networks"] = try Yams.compose(yaml: networks)
            try fleet.write("hosts.yaml", try Yams.serialize(node: hosts))
            try fleet.write("fleet.yaml", "fleet: \(fleet.id)\ntemplates: templates\nguests:\n\(guests)\n")
        }

        var inventory: [String] {
            [
                "-i", fleet.folder.appendingPathComponent("fleet.yaml").path, "-i", fleet.folder.appendingPathComponent("hosts.yaml").path,
                "--limit", Testbed.systemHost,
            ]
        }

        func apply() throws -> ProcessResult {
            try Testbed.virtfleet(["apply"] + inventory + ["--auto-approve", "--shutdown-timeout", "2"])
        }

        func plan(_ extra: [String] = []) throws -> ProcessResult { try Testbed.virtfleet(["plan"] + inventory + extra) }

        func info(_ network: String) throws -> [String: String] {
            let result = try Testbed.virsh(Testbed.systemHost, ["net-info", network])
            guard result.status == 0 else { return [:] }
            var fields: [String: String] = [:]
            for line in result.output.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            return fields
        }

        func xml(_ network: String) throws -> String {
            try Testbed.virsh(Testbed.systemHost, ["net-dumpxml", "--inactive", network]).checked().output
        }

        func cleanUp() {
            _ = try? Testbed.virsh(Testbed.systemHost, ["destroy", guest])
            _ = try? Testbed.virsh(Testbed.systemHost, ["undefine", guest])
            for network in [isolated, nat] {
                _ = try? Testbed.virsh(Testbed.systemHost, ["net-destroy", network])
                _ = try? Testbed.virsh(Testbed.systemHost, ["net-undefine", network])
            }
            try? FileManager.default.removeItem(at: fleet.folder)
        }
    }

    @Test func networksAreCreatedStartedUpdatedAndRemovedAsDeclared() throws {
        let net = try SystemFleet()
        defer { net.cleanUp() }
        let forwarding = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8)
        defer {
            // Starting a NAT network turns IPv4 forwarding on and libvirt leaves it so.
            if let forwarding { try? Data(forwarding.utf8).write(to: URL(fileURLWithPath: "/proc/sys/net/ipv4/ip_forward")) }
        }
        let isolatedOnly = "\(net.isolated): { mode: isolated, bridge: vfi\(net.tag) }"
        // A running guest on the isolated network (no address, so it sends nothing anywhere).
        let guest = "  - { name: \(net.guest), template: on-network, host: \(Testbed.systemHost), vars: { net: \(net.isolated) } }"
        try net.declare(networks: isolatedOnly, guests: guest)
        let created = try net.apply()
        try #require(created.status == 0, "\(created.output)\n\(created.errors)")
        #expect(try net.info(net.isolated)["Active"] == "yes")
        #expect(try net.info(net.isolated)["Autostart"] == "yes")
        #expect(try net.info(net.isolated)["Bridge"] == "vfi\(net.tag)")
        let again = try net.plan(["--detailed-exitcode"])
        #expect(again.status == 0, "perpetual diff:\n\(again.output)\n\(again.errors)")

        // An update: autostart off, applied without touching the running guest.
        try net.declare(networks: "\(net.isolated): { mode: isolated, bridge: vfi\(net.tag), autostart: false }", guests: guest)
        let updated = try net.apply()
        try #require(updated.status == 0, "\(updated.output)\n\(updated.errors)")
        #expect(try net.info(net.isolated)["Autostart"] == "no")
        #expect(try Testbed.virsh(Testbed.systemHost, ["domstate", net.guest]).output.contains("running"))

        // Declared absent while a running guest uses it: refused, and the network stays.
        try net.declare(networks: "\(net.isolated): { mode: isolated, bridge: vfi\(net.tag), state: absent }", guests: guest)
        let refused = try net.plan()
        #expect(refused.status != 0, "\(refused.output)")
        #expect(try net.info(net.isolated)["Active"] == "yes")

        // A NAT network with DHCP: defined, read back, started; a static host for a stopped guest
        // is added live. No guest ever runs on it.
        let stopped =
            "  - { name: \(net.guest), template: on-network, host: \(Testbed.systemHost), state: stopped, vars: { net: \(net.nat) } }"
        let natNetwork = """
            \(net.nat):
              mode: nat
              bridge: vfn\(net.tag)
              ip: 10.213.7.1/24
              dhcp:
                range: { start: 10.213.7.100, end: 10.213.7.199 }
            """
        try net.declare(networks: isolatedOnly + "\n" + natNetwork, guests: stopped)
        let nat = try net.apply()
        try #require(nat.status == 0, "\(nat.output)\n\(nat.errors)")
        #expect(try net.info(net.nat)["Active"] == "yes")
        #expect(try net.plan(["--detailed-exitcode"]).status == 0)
        try net.declare(
            networks: isolatedOnly + "\n" + natNetwork + "\n    hosts: [{ guest: \(net.guest), ip: 10.213.7.20 }]", guests: stopped)
        let live = try net.apply()
        try #require(live.status == 0, "\(live.output)\n\(live.errors)")
        #expect(try net.xml(net.nat).contains("ip='10.213.7.20'"))
        #expect(try net.info(net.nat)["Active"] == "yes")
        #expect(try net.plan(["--detailed-exitcode"]).status == 0)

        // Both declared absent, the guest gone: both removed.
        try net.declare(
            networks: "\(net.isolated): { mode: isolated, state: absent }\n\(net.nat): { mode: nat, state: absent }")
        let removed = try net.apply()
        try #require(removed.status == 0, "\(removed.output)\n\(removed.errors)")
        #expect(try net.info(net.isolated).isEmpty && net.info(net.nat).isEmpty)
    }
}
