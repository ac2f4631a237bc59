import Foundation
import Testing
import VirtFleetInventory
import VirtFleetHypervisor
import VirtFleetLibvirt
import VirtFleetRemote
@testable import VirtFleetRemote

/// Observe against the real testbed: real sshd, real libvirt session daemons.
@Suite(.serialized) struct ObserveTestbedTests {
    let connector = RemoteHypervisorConnector(connectTimeout: .seconds(5))

    @Test func everyTestbedHostIsObserved() async throws {
        let inventory = try TestbedInventory.load()
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
        let inventory = try TestbedInventory.load()
        let host = try #require(inventory.host(named: "hv2"))
        let stopped = "vftest-observe-\(UUID().uuidString.prefix(8).lowercased())"
        let running = stopped + "-run"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(stopped).xml")
        defer {
            _ = try? TestbedInventory.virsh("hv2", ["destroy", running])
            for name in [stopped, running] { _ = try? TestbedInventory.virsh("hv2", ["undefine", name]) }
        }
        for name in [stopped, running] {
            try Data(TestbedInventory.domainXML(name: name, on: host).utf8).write(to: file)
            try TestbedInventory.virsh("hv2", ["define", file.path])
        }
        try TestbedInventory.virsh("hv2", ["start", running])
        let observation = try #require(await Observer(connector: connector).observe(host).observation)
        let a = try #require(observation.domains.first { $0.name == stopped })
        let b = try #require(observation.domains.first { $0.name == running })
        #expect(a.state == .shutoff)
        #expect(b.state == .running && b.isRunning)
        #expect(a.inactiveXML.contains("<memory unit='KiB'>65536</memory>"))
        #expect(a.uuid == (try TestbedInventory.virsh("hv2", ["domuuid", stopped])).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(a.owner == nil)
        #expect(observation.managed(by: "observe-tests").allSatisfy { $0.name != stopped })
    }

    @Test func anUnreachableHostIsReportedWhileTheOthersSucceed() async throws {
        var inventory = try TestbedInventory.load()
        var ghost = try #require(inventory.host(named: "hv1"))
        ghost.name = "ghost"
        ghost.access.address = "127.0.0.99"
        ghost.access.port = 1
        inventory.hosts.append(ghost)
        let reports = await Observer(connector: connector, parallelism: 2).observe(inventory.hosts)
        let failed = reports.filter { $0.observation == nil }
        #expect(failed.map(\.host) == ["ghost"])
        guard case .unreachable(let reason) = failed.first?.outcome else {
            Issue.record("the ghost host was not reported unreachable")
            return
        }
        #expect(reason.cause == .connect || reason.cause == .timeout)
        #expect(reason.message.contains("127.0.0.99"))
        #expect(reports.filter { $0.observation != nil }.count == inventory.hosts.count - 1)
    }

    @Test func aChangedHostKeyIsRefused() async throws {
        let inventory = try TestbedInventory.load()
        var host = try #require(inventory.host(named: "hv1"))
        let other = try #require(inventory.host(named: "hv2"))
        // hv2's key written down for hv1's address: exactly what a changed key looks like.
        let knownHosts = try String(contentsOfFile: try #require(other.access.knownHosts), encoding: .utf8)
            .split(separator: "\n").filter { $0.contains("127.0.0.12") }
            .map { $0.replacingOccurrences(of: "127.0.0.12", with: "127.0.0.11") }.joined(separator: "\n") + "\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vf-kh-\(UUID().uuidString)")
        try Data(knownHosts.utf8).write(to: file)
        host.access.knownHosts = file.path
        host.access.hostKeyChecking = .acceptNew
        let report = await Observer(connector: connector).observe(host)
        guard case .unreachable(let reason) = report.outcome else {
            Issue.record("a changed host key was accepted")
            return
        }
        #expect(reason.cause == .hostKey)
        #expect(reason.message.lowercased().contains("changed") || reason.message.lowercased().contains("mismatch"))
        #expect(try String(contentsOf: file, encoding: .utf8) == knownHosts, "known_hosts must not be rewritten")
    }

    @Test func aWrongClientKeyIsRefused() async throws {
        let inventory = try TestbedInventory.load()
        var host = try #require(inventory.host(named: "hv1"))
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("vf-key-\(UUID().uuidString)").path
        try TestbedInventory.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])
        host.access.identityFile = key
        let report = await Observer(connector: connector).observe(host)
        guard case .unreachable(let reason) = report.outcome else {
            Issue.record("an unauthorized key was accepted")
            return
        }
        #expect(reason.cause == .authentication)
        #expect(reason.message.contains("hv1@127.0.0.11"))
    }

    @Test func aLibvirtErrorComesBackStructuredWithTheHost() async throws {
        let inventory = try TestbedInventory.load()
        let host = try #require(inventory.host(named: "hv3"))
        let session = try #require(try await connector.connect(to: host) as? RemoteHypervisorSession)
        defer { Task { await session.close() } }
        await #expect {
            _ = try await session.libvirt.domainLookupByName("vftest-no-such-domain")
        } throws: { error in
            guard let error = error as? LibvirtError else { return false }
            return error.code == .noDomain && error.description.contains("hv3") && error.message?.contains("vftest-no-such-domain") == true
        }
    }

    @Test func aSecondApplyLockOnAHostIsRefusedNamingTheHolder() async throws {
        let inventory = try TestbedInventory.load()
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
        // Released with its channel; the next one gets it (flock lets go when the holder's shell exits).
        var taken: (any HostLock)?
        for _ in 0..<20 where taken == nil {
            taken = try? await second.lock(holder: "bob")
            if taken == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(taken != nil)
        await taken?.release()
        await first.close()
        await second.close()
    }
}
