import Foundation
import Testing
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan
import VirtFleetTestSupport

@testable import VirtFleetApply

@Suite struct ApplyEngineTests {
    func guest(_ name: String, host: String = "hv1", memory: Int = 65536, state: DesiredState = .running) -> DesiredGuest {
        var definition = DomainDefinition(type: .kvm, name: name, memoryKiB: memory, vcpu: 1, os: OSBoot())
        definition.uuid = Identity.uuid(fleet: "lab", guest: name)
        definition.clock = .localtime
        definition.metadata = [OwnershipMetadata(fleet: "lab", guest: name).element]
        return DesiredGuest(
            host: host, name: name, uuid: definition.uuid!, state: state, domain: definition.xml,
            declaration: .file("guests.yaml"))
    }

    func hosts(_ names: [String]) -> [HypervisorHost] { names.map { HypervisorHost(name: $0, location: .file("hosts.yaml")) } }

    func plan(_ desired: [DesiredGuest], _ fakes: [String: FakeHypervisor]) async -> Plan {
        let observer = Observer(connector: FakeConnector(hosts: fakes))
        return Planner(fleet: "lab").plan(desired: desired, reports: await observer.observe(hosts(fakes.keys.sorted())))
    }

    func engine(_ fakes: [String: FakeHypervisor], options: ApplyOptions = ApplyOptions(shutdownTimeout: .milliseconds(10))) -> ApplyEngine
    {
        ApplyEngine(connector: FakeConnector(hosts: fakes), options: options)
    }

    @Test func applyThenPlanAgainHasNoChanges() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let desired = [guest("a"), guest("b", state: .stopped)]
        let report = try await engine(["hv1": fake]).apply(await plan(desired, ["hv1": fake]), hosts: hosts(["hv1"]))
        #expect(!report.failed)
        #expect(try await fake.state("a") == .running)
        #expect(try await fake.state("b") == .shutoff)
        let again = await plan(desired, ["hv1": fake])
        #expect(!again.hasChanges, "\(again.entries.map { "\($0.guest) \($0.action)" })")
    }

    @Test func deletesRunBeforeDefinesAndStarts() async throws {
        let fake = FakeHypervisor(host: "hv1")
        _ = try await engine(["hv1": fake]).apply(await plan([guest("old")], ["hv1": fake]), hosts: hosts(["hv1"]))
        let report = try await engine(["hv1": fake]).apply(await plan([guest("new")], ["hv1": fake]), hosts: hosts(["hv1"]))
        #expect(!report.failed)
        let calls = await fake.calls.filter { !$0.hasPrefix("metadata") }
        #expect(calls.suffix(4) == ["shutdown old", "undefine old", "define new", "start new"])
    }

    @Test func whatLibvirtDropsIsAnErrorAndNeverRecordedAsConverged() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.setDrops(["clock"])
        let report = try await engine(["hv1": fake]).apply(await plan([guest("a")], ["hv1": fake]), hosts: hosts(["hv1"]))
        let failure = try #require(report.hosts.first?.outcomes.first { $0.failure != nil }?.failure)
        guard case .notKept(let dropped) = failure else {
            Issue.record("expected a not-kept failure, got \(failure)")
            return
        }
        #expect(dropped.map(\.path).contains { $0.hasPrefix("clock") })
        let again = await plan([guest("a")], ["hv1": fake])
        #expect(again.entries.first?.action == .drift)
    }

    @Test func aStalePlanIsRefusedAndNothingIsApplied() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let made = await plan([guest("a")], ["hv1": fake])
        await fake.addUnmanaged("someone-elses")
        await #expect(throws: ApplyRefusal.self) {
            _ = try await engine(["hv1": fake]).apply(made, hosts: hosts(["hv1"]))
        }
        #expect(await fake.calls.isEmpty)
        #expect(await fake.locked == nil, "the lock is released after a refusal")
    }

    @Test func aLockedHostIsReportedWithItsHolderAndOthersProceed() async throws {
        let one = FakeHypervisor(host: "hv1")
        let two = FakeHypervisor(host: "hv2")
        let fakes = ["hv1": one, "hv2": two]
        let made = await plan([guest("a"), guest("b", host: "hv2")], fakes)
        await one.setLock("alice@ci pid 7")
        let report = try await engine(fakes).apply(made, hosts: hosts(["hv1", "hv2"]))
        #expect(
            report.hosts.first { $0.host == "hv1" }?.failure
                == .hypervisor(
                    HypervisorError(
                        host: "hv1", cause: .lockHeld(holder: "alice@ci pid 7"),
                        message: "host hv1 is locked by another apply (alice@ci pid 7); wait for it to finish")))
        #expect(report.hosts.first { $0.host == "hv2" }?.failed == false)
        #expect(try await two.state("b") == .running)
    }

    @Test func oneFailureDoesNotStopTheRestAndARerunConverges() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.setFailingStarts(["b"])
        let desired = [guest("a"), guest("b"), guest("c")]
        let report = try await engine(["hv1": fake]).apply(await plan(desired, ["hv1": fake]), hosts: hosts(["hv1"]))
        #expect(report.failedCount == 1)
        #expect(try await fake.state("c") == .running)
        await fake.setFailingStarts([])
        let second = try await engine(["hv1": fake]).apply(await plan(desired, ["hv1": fake]), hosts: hosts(["hv1"]))
        #expect(!second.failed)
        #expect(!(await plan(desired, ["hv1": fake])).hasChanges)
    }

    @Test func aPendingRestartIsRememberedUntilApplyRestartReboots() async throws {
        let fake = FakeHypervisor(host: "hv1")
        _ = try await engine(["hv1": fake]).apply(await plan([guest("a")], ["hv1": fake]), hosts: hosts(["hv1"]))
        let update = await plan([guest("a", memory: 131072)], ["hv1": fake])
        #expect(update.entries.first?.restartNeeded == true)
        _ = try await engine(["hv1": fake]).apply(update, hosts: hosts(["hv1"]))
        #expect(!(await fake.calls).contains("shutdown a"), "no reboot without --restart")
        let pending = await plan([guest("a", memory: 131072)], ["hv1": fake])
        #expect(pending.entries.first?.action == .restart, "the plan keeps saying the guest runs an old definition")
        #expect(!pending.hasChanges)
        _ = try await engine(["hv1": fake]).apply(pending, hosts: hosts(["hv1"]))
        #expect(!(await fake.calls).contains("shutdown a"), "a plain apply leaves it running")
        _ = try await engine(["hv1": fake], options: ApplyOptions(restart: true, shutdownTimeout: .milliseconds(10)))
            .apply(await plan([guest("a", memory: 131072)], ["hv1": fake]), hosts: hosts(["hv1"]))
        #expect((await fake.calls).filter { !$0.hasPrefix("metadata") }.suffix(2) == ["shutdown a", "start a"])
        let after = await plan([guest("a", memory: 131072)], ["hv1": fake])
        #expect(after.entries.first?.action == .noChange)
    }

    @Test func anUpdateWithRestartRebootsAtOnce() async throws {
        let fake = FakeHypervisor(host: "hv1")
        _ = try await engine(["hv1": fake]).apply(await plan([guest("a")], ["hv1": fake]), hosts: hosts(["hv1"]))
        let update = await plan([guest("a", memory: 262144)], ["hv1": fake])
        _ = try await engine(["hv1": fake], options: ApplyOptions(restart: true, shutdownTimeout: .milliseconds(10)))
            .apply(update, hosts: hosts(["hv1"]))
        #expect((await fake.calls).filter { !$0.hasPrefix("metadata") }.suffix(3) == ["define a", "shutdown a", "start a"])
        #expect((await plan([guest("a", memory: 262144)], ["hv1": fake])).entries.first?.action == .noChange)
    }

    @Test func aGuestMovingHostsIsRemovedFromTheOldOneBeforeItIsCreated() async throws {
        let one = FakeHypervisor(host: "hv1")
        let two = FakeHypervisor(host: "hv2")
        let fakes = ["hv1": one, "hv2": two]
        _ = try await engine(fakes).apply(await plan([guest("a", host: "hv1")], fakes), hosts: hosts(["hv1", "hv2"]))
        let move = await plan([guest("a", host: "hv2")], fakes)
        let create = try #require(move.entries.first { $0.host == "hv2" })
        #expect(create.action == .create && create.movesFrom == "hv1")
        #expect(create.movesFrom == "hv1")
        let report = try await engine(fakes).apply(move, hosts: hosts(["hv1", "hv2"]))
        #expect(!report.failed)
        #expect(try await one.domains["a"] == nil)
        #expect(try await two.state("a") == .running)
    }

    @Test func aMoveWhoseOldCopyCannotBeRemovedIsNotCreated() async throws {
        let one = FakeHypervisor(host: "hv1")
        let two = FakeHypervisor(host: "hv2")
        let fakes = ["hv1": one, "hv2": two]
        _ = try await engine(fakes).apply(await plan([guest("a", host: "hv1")], fakes), hosts: hosts(["hv1", "hv2"]))
        await one.setFailingUndefines(["a"])
        let report = try await engine(fakes).apply(await plan([guest("a", host: "hv2")], fakes), hosts: hosts(["hv1", "hv2"]))
        let blocked = try #require(report.hosts.first { $0.host == "hv2" }?.outcomes.first)
        #expect(blocked.failure == .oldCopyRemains(host: "hv1"))
        #expect(await two.domains["a"] == nil)
    }

    @Test func aDomainSwappedForAnUnmanagedOneAfterPlanningIsNotDeleted() async throws {
        let fake = FakeHypervisor(host: "hv1")
        _ = try await engine(["hv1": fake]).apply(await plan([guest("old")], ["hv1": fake]), hosts: hosts(["hv1"]))
        let deleting = await plan([], ["hv1": fake])
        #expect(deleting.entries.first?.action == .delete)
        // Someone replaces it after the plan, with an unmanaged domain of the same name: still
        // the same fingerprint-relevant name, but not ours any more.
        await fake.replaceWithUnmanaged("old")
        let engineWithoutStaleCheck = ApplyEngine(
            connector: FakeConnector(hosts: ["hv1": fake]),
            options: ApplyOptions(shutdownTimeout: .milliseconds(10)))
        var relaxed = deleting
        relaxed.hosts[0].fingerprint = HostFingerprint.of(await fake.observation())
        let report = try await engineWithoutStaleCheck.apply(relaxed, hosts: hosts(["hv1"]))
        #expect(report.hosts.first?.outcomes.first?.failure == .noLongerOwned)
        #expect(await fake.domains["old"] != nil)
    }

    @Test func anUnreachableHostFailsAloneWithItsReason() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let made = await plan([guest("a")], ["hv1": fake])
        let report = try await engine([:]).apply(made, hosts: hosts(["hv1"]))
        guard case .hypervisor(let error)? = report.hosts.first?.failure else {
            Issue.record("the unreachable host was not reported")
            return
        }
        #expect(error.cause == .connect)
    }
}
