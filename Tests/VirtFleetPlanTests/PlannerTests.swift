import Foundation
import Testing
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory

@testable import VirtFleetPlan

/// The planner is pure: desired guests and hand-made observations in, entries out.
@Suite struct PlannerTests {
    let planner = Planner(fleet: "lab")

    func guest(
        _ name: String, host: String = "hv1", memory: Int = 65536, state: DesiredState = .running,
        password: String? = nil
    ) -> DesiredGuest {
        var definition = DomainDefinition(type: .kvm, name: name, memoryKiB: memory, vcpu: 1, os: OSBoot())
        definition.uuid = Identity.uuid(fleet: "lab", guest: name)
        if let password {
            var vnc = Graphics.VNC()
            vnc.password = password
            definition.devices.graphics = [.vnc(vnc)]
        }
        definition.metadata = [OwnershipMetadata(fleet: "lab", guest: name).element]
        return DesiredGuest(
            host: host, name: name, uuid: definition.uuid!, state: state, domain: definition.xml,
            declaration: .file("guests.yaml"))
    }

    /// What libvirt would hold after virtfleet applied `desired`: defaults added, hashes stored.
    func applied(
        _ desired: DesiredGuest, state: DomainState = .running, fleet: String = "lab",
        readbackEdit: (inout DomainXMLElement) -> Void = { _ in }
    ) -> ObservedDomain {
        var readback = DomainHash.withoutOwnership(desired.domain)
        readback.append(DomainXMLElement("on_crash", text: "destroy"))
        let hashAtApply = DomainHash.readback(readback)
        readbackEdit(&readback)
        let stamped = OwnershipStamp.stamp(
            readback, fleet: fleet, guest: desired.name,
            desiredHash: DomainHash.of(desired.domain), readbackHash: hashAtApply)
        return ObservedDomain(name: desired.name, uuid: desired.uuid, state: state, inactiveXML: XMLWriter.string(from: stamped))
    }

    func observation(_ domains: [ObservedDomain], host: String = "hv1") -> HostReport {
        HostReport(
            host: host,
            outcome: .observed(
                HostObservation(
                    host: host, hostname: host, libvirtVersion: "9.0.0", hypervisorType: "QEMU", hypervisorVersion: "7.2.0",
                    cpus: 2, memoryKiB: 1 << 20, domains: domains)))
    }

    let timedOut = HypervisorError(host: "hv1", cause: .timeout, message: "ssh hv1: timed out")

    func differences(_ entry: PlanEntry) -> [Difference] {
        if case .redefine(let redefinition) = entry.change { return redefinition.differences }
        return []
    }

    func entry(_ plan: Plan, _ guest: String) throws -> PlanEntry {
        try #require(plan.entries.first { $0.guest == guest })
    }

    @Test func aMissingGuestIsCreatedAndStartedWhenDeclaredRunning() throws {
        let plan = planner.plan(desired: [guest("a"), guest("b", state: .stopped)], reports: [observation([])])
        #expect(try entry(plan, "a").action == .create && entry(plan, "a").afterDefine == .start)
        #expect(try entry(plan, "b").action == .create && entry(plan, "b").afterDefine == .none)
        let xml = try #require(try entry(plan, "a").definition?.xml)
        #expect(OwnershipMetadata(domain: try LibXMLParser.parse(xml, file: "a"))?.desiredHash == DomainHash.of(guest("a").domain))
    }

    @Test func libvirtDefaultsDoNotMakeAPerpetualDiff() throws {
        let desired = guest("a")
        let plan = planner.plan(desired: [desired], reports: [observation([applied(desired)])])
        #expect(try entry(plan, "a").action == .noChange)
        #expect(!plan.hasChanges)
    }

    @Test func aChangedInventoryIsAnUpdateThatNeedsARestartWhileRunning() throws {
        let before = guest("a")
        let plan = planner.plan(desired: [guest("a", memory: 131072)], reports: [observation([applied(before)])])
        let e = try entry(plan, "a")
        #expect(e.action == .update)
        #expect(e.restartNeeded)
        #expect(differences(e).contains(.value(path: "memory", wanted: "'131072'", found: "'65536'")))
    }

    @Test func anOutOfBandChangeIsDriftForThatGuestOnly() throws {
        let a = guest("a")
        let b = guest("b")
        let drifted = applied(a) { readback in
            readback.modifyChild("memory") { $0.children = [.text("262144")] }
        }
        let plan = planner.plan(desired: [a, b], reports: [observation([drifted, applied(b)])])
        #expect(try entry(plan, "a").action == .drift)
        #expect(try differences(entry(plan, "a")).contains(.value(path: "memory", wanted: "'65536'", found: "'262144'")))
        #expect(try entry(plan, "b").action == .noChange)
    }

    @Test func lifecycleDifferencesBecomeStartAndStop() throws {
        let a = guest("a")
        let b = guest("b", state: .stopped)
        let plan = planner.plan(desired: [a, b], reports: [observation([applied(a, state: .shutoff), applied(b)])])
        #expect(try entry(plan, "a").action == .start)
        #expect(try entry(plan, "b").action == .stop)
    }

    @Test func undeclaredManagedDomainsAreDeletedButOthersAreNeverTouched() throws {
        let gone = applied(guest("gone"))
        let foreign = applied(guest("theirs"), fleet: "other-fleet")
        let unmanaged = ObservedDomain(
            name: "handmade", uuid: "u", state: .running, inactiveXML: "<domain type='kvm'><name>handmade</name></domain>")
        let plan = planner.plan(desired: [], reports: [observation([gone, foreign, unmanaged])])
        #expect(plan.entries.map(\.guest) == ["gone"])
        #expect(try entry(plan, "gone").action == .delete)
    }

    @Test func aDomainOfTheSameNameNotOwnedByThisFleetIsAConflict() throws {
        let unmanaged = ObservedDomain(name: "a", uuid: "u", state: .shutoff, inactiveXML: "<domain type='kvm'><name>a</name></domain>")
        let foreign = applied(guest("b"), fleet: "other-fleet")
        let plan = planner.plan(desired: [guest("a"), guest("b")], reports: [observation([unmanaged, foreign])])
        #expect(try entry(plan, "a").action == .conflict)
        #expect(try entry(plan, "b").action == .conflict)
        #expect(try entry(plan, "a").definition == nil)
        #expect(try entry(plan, "a").change == .conflict(.unmanaged))
        #expect(try entry(plan, "b").change == .conflict(.fleet("other-fleet")))
        #expect(plan.hasErrors)
    }

    @Test func declaredAbsentIsDeletedAndAbsentMissingIsNoChange() throws {
        let a = guest("a", state: .absent)
        let plan = planner.plan(desired: [a, guest("b", state: .absent)], reports: [observation([applied(guest("a"))])])
        #expect(try entry(plan, "a").action == .delete)
        #expect(try entry(plan, "b").action == .noChange)
    }

    @Test func deletionsStayInsideTheLimit() throws {
        let plan = planner.plan(desired: [], reports: [observation([applied(guest("x1")), applied(guest("y1"))])]) { _, guest in
            guest.hasPrefix("x")
        }
        #expect(plan.entries.map(\.guest) == ["x1"])
    }

    @Test func anUnreachableHostIsAnErrorWithoutEntries() {
        let plan = planner.plan(desired: [guest("a")], reports: [HostReport(host: "hv1", outcome: .unreachable(timedOut))])
        #expect(plan.hosts.first?.unreachable == timedOut)
        #expect(plan.entries.isEmpty)
        #expect(plan.hasErrors)
    }

    @Test func theHostFingerprintChangesWhenAnyDomainChanges() throws {
        let a = applied(guest("a"))
        let before = try #require(observation([a]).observation)
        let same = try #require(observation([applied(guest("a"))]).observation)
        #expect(HostFingerprint.of(before) == HostFingerprint.of(same), "observing the same domains twice must not look like a change")
        var stopped = before
        stopped.domains[0].state = .shutoff
        var redefined = before
        redefined.domains[0].readbackHash = "other"
        var renamed = before
        renamed.domains[0].uuid = "another-uuid"
        for changed in [stopped, redefined, renamed] {
            #expect(HostFingerprint.of(before) != HostFingerprint.of(changed))
        }
    }

    @Test func aChangedVNCPasswordIsRedefinedButNeverInAHashNorBlamedOnTheInventory() throws {
        let before = guest("a", password: "oldpw12")
        let after = guest("a", password: "newpw34")
        #expect(DomainHash.of(before.domain) == DomainHash.of(after.domain), "hashes must not depend on secrets")
        let plan = planner.plan(desired: [after], reports: [observation([applied(before)])])
        // Only the secret differs: no hash can say whether the inventory or virsh changed it.
        guard case .redefine(let redefinition) = try entry(plan, "a").change else {
            Issue.record("a differing password must redefine the guest")
            return
        }
        #expect(redefinition.cause == .secretDiffers)
        #expect(try entry(plan, "a").action == .drift)
        #expect(try differences(entry(plan, "a")).contains(.secret))
        let alsoMemory = planner.plan(desired: [guest("a", memory: 131072, password: "newpw34")], reports: [observation([applied(before)])])
        #expect(try entry(alsoMemory, "a").action == .update, "a changed document is the inventory's change")
        let same = planner.plan(desired: [before], reports: [observation([applied(before)])])
        #expect(try entry(same, "a").action == .noChange)
    }

    @Test func aDefineInterruptedBeforeItsMarkWasWrittenIsNotCalledDriftFromOutside() throws {
        let desired = guest("a")
        // What apply leaves when it dies between define and the mark: the planned document's own
        // mark, with the desired hash and no read-back hash.
        var readback = DomainHash.withoutOwnership(desired.domain)
        readback.append(DomainXMLElement("on_crash", text: "destroy"))
        let stamped = OwnershipStamp.stamp(
            readback, fleet: "lab", guest: "a", desiredHash: DomainHash.of(desired.domain), readbackHash: nil)
        let observed = ObservedDomain(name: "a", uuid: desired.uuid, state: .shutoff, inactiveXML: XMLWriter.string(from: stamped))
        let plan = planner.plan(desired: [desired], reports: [observation([observed])])
        guard case .redefine(let redefinition) = try entry(plan, "a").change else {
            Issue.record("an unrecorded read-back must be defined again")
            return
        }
        #expect(redefinition.cause == .notRecorded)
        #expect(!redefinition.differences.contains(.outsideInventory))
    }

    @Test func aPendingRestartEndsWhenTheGuestRunsAgainUnderANewID() throws {
        let desired = guest("a")
        func observed(runID: Int) -> ObservedDomain {
            var readback = DomainHash.withoutOwnership(desired.domain)
            let mark = OwnershipMetadata(
                fleet: "lab", guest: "a", desiredHash: DomainHash.of(desired.domain),
                readbackHash: DomainHash.readback(readback), restartPending: true, pendingRunID: 7)
            readback.append(DomainXMLElement("metadata", children: [.element(mark.element)]))
            return ObservedDomain(
                name: "a", uuid: desired.uuid, state: .running, inactiveXML: XMLWriter.string(from: readback),
                runID: runID)
        }
        let same = planner.plan(desired: [desired], reports: [observation([observed(runID: 7)])])
        #expect(try entry(same, "a").action == .restart)
        let restarted = planner.plan(desired: [desired], reports: [observation([observed(runID: 8)])])
        #expect(try entry(restarted, "a").action == .noChange)
    }

}
