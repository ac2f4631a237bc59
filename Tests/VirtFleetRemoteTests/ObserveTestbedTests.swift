import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetLibvirt
import VirtFleetTestSupport

@testable import VirtFleetRemote

/// Observe against the real testbed: real sshd, real libvirt session daemons.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct ObserveTestbedTests {
    let connector = RemoteHypervisorConnector(connectTimeout: .seconds(5))

    @Test func everyTestbedHostIsObserved() async throws {
        let inventory = try Testbed.inventory(fleet: "observe-tests")
        #expect(inventory.hosts.count >= 2)
        let reports = await Observer(connector: connector).observe(inventory.hosts)
        #expect(reports.map(\.host) == inventory.hosts.map(\.name))
        for report in reports {
            let observation = try #require(report.observation, "\(report.host): \(report.outcome)")
            #expect(observation.libvirtVersion.hasPrefix("9.") || observation.libvirtVersion.hasPrefix("1"))
            #expect(observation.cpus > 0 && observation.memoryKiB > 0)
            #expect(observation.hypervisorType == "QEMU")
        }
    }

    @Test func aDomainDefinedWithVirshAppearsWithItsStateAndXML() async throws {
        let inventory = try Testbed.inventory(fleet: "observe-tests")
        let host = try #require(inventory.host(named: "hv2"))
        let stopped = "vftest-observe-\(UUID().uuidString.prefix(8).lowercased())"
        let running = stopped + "-run"
        defer {
            _ = try? Testbed.virsh("hv2", ["destroy", running])
            for name in [stopped, running] { _ = try? Testbed.virsh("hv2", ["undefine", name]) }
        }
        try withTemporaryDirectory { scratch in
            for name in [stopped, running] {
                let file = try scratch.file("\(name).xml", contents: Testbed.domainXML(name: name, on: host))
                try Testbed.virsh("hv2", ["define", file]).checked()
            }
        }
        try Testbed.virsh("hv2", ["start", running]).checked()
        let observation = try #require(await Observer(connector: connector).observe(host).observation)
        let a = try #require(observation.domains.first { $0.name == stopped })
        let b = try #require(observation.domains.first { $0.name == running })
        #expect(a.state == .shutoff)
        #expect(b.state == .running && b.isRunning)
        #expect(a.inactiveXML.contains("<memory unit='KiB'>65536</memory>"))
        #expect(
            a.uuid
                == (try Testbed.virsh("hv2", ["domuuid", stopped]).checked().output)
                .trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(a.owner == nil)
        #expect(observation.managed(by: "observe-tests").allSatisfy { $0.name != stopped })
    }

    @Test func anUnreachableHostIsReportedWhileTheOthersSucceed() async throws {
        let inventory = try Testbed.inventory(
            fleet: "observe-tests",
            changing: ["ghost": ["address": "127.0.0.99", "port": "1"]])
        #expect(inventory.host(named: "ghost") != nil)
        let reports = await Observer(connector: connector, parallelism: 2).observe(inventory.hosts)
        let failed = reports.filter { $0.observation == nil }
        #expect(failed.map(\.host) == ["ghost"])
        guard case .unreachable(let reason) = failed.first?.outcome else {
            Issue.record("ghost was not reported unreachable: \(failed)")
            return
        }
        #expect(reason.cause == .connect || reason.cause == .timeout)
        #expect(reason.message.contains("127.0.0.99"))
        #expect(reports.filter { $0.observation != nil }.count == inventory.hosts.count - 1)
    }

    @Test func aChangedHostKeyIsRefused() async throws {
        let hv1 = try Testbed.host("hv1")
        // hv2's key written down for hv1's address: exactly what a changed key looks like.
        let otherKey = try String(contentsOfFile: Testbed.hostKeyFile("hv2"), encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let knownHosts = "[\(hv1.address)]:\(hv1.port) \(otherKey)\n"
        try await withTemporaryDirectory { scratch in
            let file = try scratch.file("known_hosts", contents: knownHosts)
            let inventory = try Testbed.inventory(
                fleet: "observe-tests", changing: ["hv1": ["known_hosts": file, "host_key_checking": "accept-new"]])
            let host = try #require(inventory.host(named: "hv1"))
            let report = await Observer(connector: connector).observe(host)
            guard case .unreachable(let reason) = report.outcome else {
                Issue.record("a changed host key was accepted")
                return
            }
            #expect(reason.cause == .hostKey)
            #expect(reason.message.contains("HOST KEY CHANGED"), "\(reason)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == knownHosts, "known_hosts must not be rewritten")
        }
    }

    @Test func aWrongClientKeyIsRefused() async throws {
        let hv1 = try Testbed.host("hv1")
        try await withTemporaryDirectory { scratch in
            let key = scratch.path("id_stranger")
            try ProcessRunner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]).checked()
            let inventory = try Testbed.inventory(fleet: "observe-tests", changing: ["hv1": ["identity_file": key]])
            let host = try #require(inventory.host(named: "hv1"))
            let report = await Observer(connector: connector).observe(host)
            guard case .unreachable(let reason) = report.outcome else {
                Issue.record("an unauthorized key was accepted")
                return
            }
            #expect(reason.cause == .authentication)
            #expect(reason.message.contains(hv1.endpoint), "\(reason)")
            #expect(reason.message.contains("\(key) (rejected)"), "\(reason)")
        }
    }

    @Test func aLibvirtErrorComesBackStructuredWithTheHost() async throws {
        let inventory = try Testbed.inventory(fleet: "observe-tests")
        let host = try #require(inventory.host(named: "hv3"))
        let session = try #require(try await connector.connect(to: host) as? RemoteHypervisorSession)
        let error = await #expect(throws: LibvirtError.self) {
            _ = try await session.libvirt.domainLookupByName("vftest-no-such-domain")
        }
        await session.close()
        #expect(error?.code == .noDomain)
        #expect(error?.description.contains("hv3") == true)
        #expect(error?.message?.contains("vftest-no-such-domain") == true)
    }

    @Test func aSecondApplyLockOnAHostIsRefusedNamingTheHolder() async throws {
        let inventory = try Testbed.inventory(fleet: "observe-tests")
        let host = try #require(inventory.host(named: "hv3"))
        let first = try await connector.connect(to: host)
        let second = try await connector.connect(to: host)
        let held = try await first.lock(holder: "alice@ci pid 42")
        await #expect {
            _ = try await second.lock(holder: "bob")
        } throws: { error in
            guard let error = error as? HypervisorError else { return false }
            return error.host == "hv3" && error.cause == .lockHeld(holder: "alice@ci pid 42")
        }
        await held.release()
        // Released with its channel; flock lets go once the holder's remote shell has exited,
        // which the release does not wait for: retry until the lock is free (bounded by attempts).
        var taken: (any HostLock)?
        for _ in 0..<50 where taken == nil {
            taken = try? await second.lock(holder: "bob")
            if taken == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(taken != nil)
        await taken?.release()
        await first.close()
        await second.close()
    }
}
