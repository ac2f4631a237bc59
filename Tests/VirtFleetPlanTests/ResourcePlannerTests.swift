import Foundation
import Testing
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetPlan

/// Pools, networks, images, guest volumes and seeds: declared values against what an in-memory
/// hypervisor reports (observed with the scope the planner asks for), every rule of the design.
@Suite struct ResourcePlannerTests {
    let planner = Planner(fleet: "lab")

    /// Plans `guests` and `resources` against what `fake` holds now.
    func plan(_ guests: [DesiredGuest], _ resources: DesiredHost, _ fake: FakeHypervisor) async -> Plan {
        let observation = await fake.observation(Planner.scope(for: resources, guests: guests))
        return planner.plan(desired: guests, hosts: [resources], reports: [HostReport(host: "hv1", outcome: .observed(observation))])
    }

    func host(pools: [DesiredPool] = [], networks: [DesiredNetwork] = [], images: [DesiredImage] = []) -> DesiredHost {
        DesiredHost(host: "hv1", pools: pools, networks: networks, images: images)
    }

    /// Defines `guest` as an earlier apply would have, with a mark recording `volumes` and the seed.
    func applied(
        _ guest: DesiredGuest, in fake: FakeHypervisor, volumes: [String] = [], seedHash: String? = nil, instanceID: String? = nil,
        deleteVolumes: Bool = false, running: Bool = true, pool: String = "vf"
    ) async throws {
        try await fake.define(planner.definition(of: guest).xml)
        let readback = DomainHash.readback(try LibXMLParser.parse(try await fake.xml(guest.name), file: guest.name))
        let mark = OwnershipMetadata(
            fleet: "lab", guest: guest.name, desiredHash: DomainHash.of(guest.domain), readbackHash: readback,
            volumes: volumes.map { OwnershipMetadata.Volume(pool: pool, name: $0) }, seedHash: seedHash, instanceID: instanceID,
            deleteVolumes: deleteVolumes)
        try await fake.setOwnership(guest.name, XMLWriter.string(from: mark.bareElement))
        if running { try await fake.setState(guest.name, .running, call: "start") }
    }

    func guestEntry(_ plan: Plan, _ name: String) throws -> PlanEntry { try #require(plan.entries.first { $0.guest == name }) }

    // MARK: Scope and fingerprint

    @Test func aFleetWithoutResourcesObservesDomainsOnlyAndKeepsItsFingerprint() async throws {
        let guest = Fixtures.guest("a")
        #expect(Planner.scope(for: nil, guests: [guest]).isEmpty)
        #expect(Planner.scope(for: host(), guests: [guest]).isEmpty)
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("theirs", path: "/srv/theirs")
        let observation = await fake.observation(.domainsOnly)
        #expect(observation.pools.isEmpty && observation.networks.isEmpty)
        #expect(HostFingerprint.of(observation) == HostFingerprint.of(await fake.observation()))
    }

    @Test func theScopeNamesDeclaredPoolsAndNetworksAndEveryPoolAVolumeSeedOrImageGoesInto() {
        let image = Fixtures.image()
        let guest = Fixtures.guest(
            "a", volumes: [Fixtures.volume("a-root.qcow2", pool: "guests", source: .overlay(image: "debian"), image: image)],
            seed: Fixtures.seed(guest: "a", pool: "seeds"))
        let scope = Planner.scope(for: host(pools: [Fixtures.pool("vf")], networks: [Fixtures.network()], images: [image]), guests: [guest])
        #expect(scope.pools == ["guests", "images", "seeds", "vf"])
        #expect(scope.volumePools == scope.pools)
        #expect(scope.networks == ["lab"])
    }

    @Test func theFingerprintCoversPoolsVolumesAndNetworksButNotAllocation() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: "/vf")
        await fake.addVolume(pool: "vf", name: "a.qcow2", capacity: 1 << 30, physical: 1 << 20)
        let scope = ObservationScope(pools: ["vf"], volumePools: ["vf"], networks: ["lab"])
        let before = HostFingerprint.of(await fake.observation(scope))
        var busy = await fake.observation(scope)
        busy.volumes[0].allocation += 4096
        busy.volumes[0].physical = (busy.volumes[0].physical ?? 0) + 4096
        #expect(HostFingerprint.of(busy) == before, "a running guest writing to its disk does not make plans stale")
        try await fake.resizeVolume(VolumeReference(pool: "vf", name: "a.qcow2"), capacity: 2 << 30)
        #expect(HostFingerprint.of(await fake.observation(scope)) != before)
        let resized = HostFingerprint.of(await fake.observation(scope))
        try await fake.defineNetwork(Fixtures.network().xml)
        #expect(HostFingerprint.of(await fake.observation(scope)) != resized)
        let withNetwork = HostFingerprint.of(await fake.observation(scope))
        try await fake.stopPool("vf")
        #expect(HostFingerprint.of(await fake.observation(scope)) != withNetwork)
    }

    // MARK: Pools

    @Test func aDeclaredPoolIsCreatedStartedAndAutostartedAndUndeclaredOnesAreNeverTouched() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("theirs", path: "/srv/theirs", active: false, autostart: false)
        let plan = await plan([], host(pools: [Fixtures.pool("vf"), Fixtures.pool("gone", state: .absent)]), fake)
        let pools = try #require(plan.hosts.first?.pools)
        #expect(pools.map(\.name) == ["vf", "gone"])
        #expect(pools[0].change == .create(ResourceCreation(xml: Fixtures.pool("vf").xml, start: true, autostart: true)))
        #expect(pools[1].change == .noChange(.absentAndNotDefined))
        #expect(plan.hasChanges && !plan.hasErrors)
        let defined = await self.plan([], host(pools: [Fixtures.pool("vf", state: .defined, autostart: false)]), fake)
        #expect(
            defined.hosts[0].pools[0].change
                == .create(ResourceCreation(xml: Fixtures.pool("vf", state: .defined).xml, start: false, autostart: false)))
    }

    @Test func aPoolIsStartedStoppedAndItsAutostartSetAsDeclared() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("a", path: Fixtures.poolPath("a"), active: false, autostart: true)
        await fake.addPool("b", path: Fixtures.poolPath("b"), active: true, autostart: true)
        await fake.addPool("c", path: Fixtures.poolPath("c"), active: true, autostart: true)
        let plan = await plan(
            [], host(pools: [Fixtures.pool("a"), Fixtures.pool("b", state: .defined), Fixtures.pool("c", autostart: false)]), fake)
        let changes = plan.hosts[0].pools.map(\.change)
        #expect(changes[0] == .adjust(ResourceAdjustment(power: .start, autostart: nil)))
        #expect(changes[1] == .adjust(ResourceAdjustment(power: .stop, autostart: nil)))
        #expect(changes[2] == .adjust(ResourceAdjustment(power: .none, autostart: false)))
        #expect(plan.hosts[0].pools.map(\.action) == [.start, .stop, .update])
        let same = await self.plan([], host(pools: [Fixtures.pool("b")]), fake)
        #expect(same.hosts[0].pools[0].change == .noChange(.upToDate) && !same.hasChanges)
    }

    @Test func aPoolWithAnotherPathOrTypeIsAConflictNeverChanged() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: "/elsewhere/")
        await fake.addPool("lv", path: Fixtures.poolPath("lv"), type: "logical")
        let plan = await plan([], host(pools: [Fixtures.pool("vf"), Fixtures.pool("lv")]), fake)
        #expect(plan.hosts[0].pools.map(\.action) == [.conflict, .conflict])
        #expect(
            plan.hosts[0].pools[0].change
                == .conflict(
                    PoolConflict(wantedType: "dir", foundType: "dir", wantedPath: Fixtures.poolPath("vf"), foundPath: "/elsewhere/")))
        #expect(plan.hasErrors && !plan.hasChanges)
        await fake.addPool("slash", path: Fixtures.poolPath("slash") + "/")
        let trailing = await self.plan([], host(pools: [Fixtures.pool("slash")]), fake)
        #expect(trailing.hosts[0].pools[0].action == .noChange, "a trailing slash is the same directory")
    }

    @Test func aPoolDeclaredAbsentIsDeletedOnlyWhenEmpty() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("empty", path: "/e")
        await fake.addPool("full", path: "/f")
        await fake.addVolume(pool: "full", name: "x.qcow2", capacity: 1 << 30)
        await fake.addVolume(pool: "full", name: "y.qcow2", capacity: 1 << 30)
        let plan = await plan([], host(pools: [Fixtures.pool("empty", state: .absent), Fixtures.pool("full", state: .absent)]), fake)
        #expect(plan.hosts[0].pools.map(\.change) == [.delete, .notEmpty(volumes: 2)])
        #expect(plan.hasErrors)
    }

    @Test func aPoolEmptiedByThisPlansVolumeDeletesIsDeleted() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "old-root.qcow2", capacity: 1 << 30)
        try await applied(Fixtures.guest("old"), in: fake, volumes: ["old-root.qcow2"], deleteVolumes: true)
        let plan = await plan([], host(pools: [Fixtures.pool("vf", state: .absent)]), fake)
        #expect(try guestEntry(plan, "old").volumes.map(\.change) == [.delete])
        #expect(plan.hosts[0].pools[0].change == .delete)
    }

    // MARK: Networks

    @Test func aNetworkIsCreatedAndLibvirtsAdditionsNeverMakeAPerpetualDiff() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let network = Fixtures.network(dhcpHosts: [DHCPHost(mac: "52:54:00:00:00:01", name: "web-01", ip: "10.77.0.11")])
        let first = await plan([], host(networks: [network]), fake)
        #expect(first.hosts[0].networks[0].change == .create(ResourceCreation(xml: network.xml, start: true, autostart: true)))
        try await fake.defineNetwork(network.xml)
        try await fake.startNetwork("lab")
        try await fake.setNetworkAutostart("lab", true)
        let observed = try #require(await fake.observation(ObservationScope(networks: ["lab"])).networks.first)
        #expect(observed.xml.contains("<uuid>") && observed.xml.contains("<mac ") && observed.xml.contains("<nat>"))
        let again = await plan(
            [], host(networks: [Fixtures.network(dhcpHosts: [DHCPHost(mac: "52:54:00:00:00:01", name: "web-01", ip: "10.77.0.11")])]), fake)
        #expect(again.hosts[0].networks[0].change == .noChange(.upToDate))
        #expect(!again.hasChanges)
    }

    @Test func onlyDHCPHostsChangedOnARunningNetworkAreAppliedLive() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let one = DHCPHost(mac: "52:54:00:00:00:01", name: "web-01", ip: "10.77.0.11")
        let two = DHCPHost(mac: "52:54:00:00:00:02", name: "web-02", ip: "10.77.0.12")
        try await fake.defineNetwork(Fixtures.network(dhcpHosts: [one]).xml)
        try await fake.startNetwork("lab")
        try await fake.setNetworkAutostart("lab", true)
        let plan = await plan([], host(networks: [Fixtures.network(dhcpHosts: [two])]), fake)
        guard case .update(let update) = plan.hosts[0].networks[0].change else {
            Issue.record("expected an update, got \(plan.hosts[0].networks[0].change)")
            return
        }
        #expect(update.mode == .live && update.xml == nil)
        #expect(update.dhcpEdits.map(\.change) == [.delete, .add], "deletes first")
        #expect(update.dhcpEdits.map(\.host) == [one, two])
        #expect(update.differences == [.dhcpHostRemoved(one), .dhcpHostAdded(two)])
        // The same change on a stopped network is a redefine.
        try await fake.stopNetwork("lab")
        let stopped = await self.plan([], host(networks: [Fixtures.network(dhcpHosts: [two])]), fake)
        guard case .update(let redefine) = stopped.hosts[0].networks[0].change else {
            Issue.record("expected an update")
            return
        }
        #expect(redefine.mode == .redefine && redefine.then.power == .start)
        #expect(redefine.xml?.contains("<uuid>\(await fake.networks["lab"]?.uuid ?? "?")</uuid>") == true, "the observed UUID is kept")
    }

    @Test func otherChangesOnARunningNetworkRestartItOnlyWhenNoRunningGuestUsesIt() async throws {
        let fake = FakeHypervisor(host: "hv1")
        try await fake.defineNetwork(Fixtures.network().xml)
        try await fake.startNetwork("lab")
        try await fake.setNetworkAutostart("lab", true)
        let changed = Fixtures.network(ip: "10.88.0.1")
        let free = await plan([], host(networks: [changed]), fake)
        guard case .update(let restart) = free.hosts[0].networks[0].change else {
            Issue.record("expected an update")
            return
        }
        #expect(restart.mode == .restart)
        #expect(restart.differences.contains { if case .value(let path, _, _) = $0 { path == "ip@address" } else { false } })
        let user = Fixtures.guest("web", network: "lab")
        try await applied(user, in: fake)
        let busy = await plan([user], host(networks: [changed]), fake)
        guard case .update(let later) = busy.hosts[0].networks[0].change else {
            Issue.record("expected an update")
            return
        }
        #expect(later.mode == .atNextStart && later.users == ["web"])
    }

    @Test func aNetworkNoLongerForwardingIsAChangeEvenThoughItIsASubset() async throws {
        let fake = FakeHypervisor(host: "hv1")
        try await fake.defineNetwork(Fixtures.network(mode: .nat).xml)
        let plan = await plan([], host(networks: [Fixtures.network(mode: .isolated, state: .defined, autostart: false)]), fake)
        guard case .update(let update) = plan.hosts[0].networks[0].change else {
            Issue.record("expected an update, got \(plan.hosts[0].networks[0].change)")
            return
        }
        #expect(update.differences.contains { if case .extra("forward", _) = $0 { true } else { false } })
    }

    @Test func aNetworkIsDeletedOrStoppedOnlyWhenNoRunningGuestUsesIt() async throws {
        let fake = FakeHypervisor(host: "hv1")
        try await fake.defineNetwork(Fixtures.network().xml)
        try await fake.startNetwork("lab")
        let user = Fixtures.guest("web", network: "lab")
        try await applied(user, in: fake)
        let absent = await plan([user], host(networks: [Fixtures.network(state: .absent)]), fake)
        #expect(absent.hosts[0].networks[0].change == .inUse(InUse(wanted: .delete, guests: ["web"])))
        #expect(absent.hasErrors)
        let stop = await plan([user], host(networks: [Fixtures.network(state: .defined)]), fake)
        #expect(stop.hosts[0].networks[0].change == .inUse(InUse(wanted: .stop, guests: ["web"])))
        // Once the guest is deleted by the same plan (it is no longer declared), the network may go.
        let both = await plan([], host(networks: [Fixtures.network(state: .absent)]), fake)
        #expect(both.hosts[0].networks[0].change == .delete)
        try await fake.setState("web", .shutoff, call: "destroy")
        let stopped = await plan([user], host(networks: [Fixtures.network(state: .absent)]), fake)
        #expect(stopped.hosts[0].networks[0].change == .delete)
    }

    @Test func undeclaredNetworksAreNeverInThePlan() async throws {
        let fake = FakeHypervisor(host: "hv1")
        try await fake.defineNetwork(Fixtures.network("default").xml)
        let plan = await plan([], host(networks: [Fixtures.network("lab")]), fake)
        #expect(plan.hosts[0].networks.map(\.name) == ["lab"])
        #expect(await fake.lastScope?.networks == ["lab"])
    }

    // MARK: Images

    @Test func anImageIsUploadedWhereMissingKeptWhenEqualAndNeverOverwrittenWhenItDiffers() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("images", path: Fixtures.poolPath("images"))
        let image = Fixtures.image(size: 1000)
        let missing = await plan([], host(images: [image]), fake)
        #expect(
            missing.hosts[0].images[0].change
                == .upload(ImageUpload(xml: image.xml, localPath: image.localPath, size: 1000, sha256: nil, format: "qcow2")))
        #expect(missing.hosts[0].imageBytes == 1000 && missing.uploadBytes == 1000)
        await fake.addVolume(pool: "images", name: image.volume, capacity: 5 << 30, format: "qcow2", physical: 1000)
        let same = await plan([], host(images: [image]), fake)
        #expect(same.hosts[0].images[0].change == .noChange && !same.hasChanges)
        await fake.addVolume(pool: "images", name: image.volume, capacity: 5 << 30, format: "qcow2", physical: 999)
        let differs = await plan([], host(images: [image]), fake)
        #expect(
            differs.hosts[0].images[0].change
                == .differs(ImageDifference(wantedSize: 1000, foundSize: 999, wantedFormat: "qcow2", foundFormat: "qcow2")))
        #expect(differs.hasErrors && !differs.hasChanges)
        await fake.addVolume(pool: "images", name: image.volume, capacity: 1000, format: "raw", physical: 1000)
        let format = await plan([], host(images: [image]), fake)
        #expect(format.hosts[0].images[0].action == .conflict)
    }

    // MARK: Guest volumes

    @Test func volumesAreCreatedAsOverlaysClonesOrEmptyAndListedUnderTheirGuest() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let image = Fixtures.image(size: 1000)
        let guest = Fixtures.guest(
            "a",
            volumes: [
                Fixtures.volume("a-root.qcow2", source: .overlay(image: "debian"), image: image),
                Fixtures.volume("a-copy.qcow2", source: .clone(image: "debian"), image: image),
                Fixtures.volume("a-data.qcow2", capacity: 1 << 30),
            ])
        let plan = await plan([guest], host(pools: [Fixtures.pool("vf"), Fixtures.pool("images")], images: [image]), fake)
        let entry = try guestEntry(plan, "a")
        #expect(entry.action == .create)
        let sources = entry.volumes.compactMap { volume -> VolumeCreation.Source? in
            if case .create(let creation) = volume.change { return creation.source }
            return nil
        }
        #expect(
            sources == [
                .overlay(image: "debian", backingPath: image.hostPath),
                .clone(image: "debian", from: VolumeReference(pool: "images", name: image.volume)), .empty,
            ])
        #expect(plan.count(.volume, .create) == 3 && plan.count(.image, .upload) == 1 && plan.count(.pool, .create) == 2)
    }

    @Test func aGrownVolumeIsAChangeOfAnOtherwiseUnchangedGuest() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "a-data.qcow2", capacity: 1 << 30)
        let guest = Fixtures.guest("a", volumes: [Fixtures.volume("a-data.qcow2", capacity: 2 << 30)])
        try await applied(guest, in: fake, volumes: ["a-data.qcow2"])
        let plan = await plan([guest], host(pools: [Fixtures.pool("vf")]), fake)
        let entry = try guestEntry(plan, "a")
        #expect(entry.action == .noChange)
        #expect(entry.volumes.map(\.change) == [.grow(from: 1 << 30, to: 2 << 30)])
        #expect(entry.hasChange && plan.hasChanges)
    }

    @Test func aVolumeIsNeverShrunkAndTheErrorSaysWhereTheCapacityIsDeclared() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "a-data.qcow2", capacity: 4 << 30)
        let guest = Fixtures.guest("a", volumes: [Fixtures.volume("a-data.qcow2", capacity: 2 << 30)])
        try await applied(guest, in: fake, volumes: ["a-data.qcow2"])
        let plan = await plan([guest], host(pools: [Fixtures.pool("vf")]), fake)
        let volume = try #require(try guestEntry(plan, "a").volumes.first)
        guard case .shrinkRefused(let from, let to, let location) = volume.change else {
            Issue.record("expected a refused shrink, got \(volume.change)")
            return
        }
        #expect(from == 4 << 30 && to == 2 << 30)
        #expect(location.description == "templates/cloud.yaml:9:17")
        #expect(plan.hasErrors && !plan.hasChanges)
    }

    @Test func aVolumeVirtfleetDidNotCreateIsUsedAsItIsUnlessSomethingElseUsesItOrItDiffers() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "a-data.qcow2", capacity: 1 << 30)
        let guest = Fixtures.guest("a", volumes: [Fixtures.volume("a-data.qcow2", capacity: 2 << 30)])
        let plan = await plan([guest], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(plan, "a").volumes.map(\.change) == [.notOurs], "not grown: not ours")
        #expect(!plan.hasErrors)
        // Another domain has that file as a disk.
        try await applied(Fixtures.guest("other", volumes: [Fixtures.volume("a-data.qcow2")]), in: fake)
        let used = await self.plan(
            [guest, Fixtures.guest("other", volumes: [Fixtures.volume("a-data.qcow2")])], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(used, "a").volumes.map(\.change) == [.inUse(by: ["other"])])
        // A raw file where a qcow2 is declared.
        await fake.addVolume(pool: "vf", name: "b-data.qcow2", capacity: 1 << 30, format: "raw")
        let raw = await self.plan(
            [Fixtures.guest("b", volumes: [Fixtures.volume("b-data.qcow2")])], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(raw, "b").volumes.first?.action == .conflict)
        #expect(raw.hasErrors)
    }

    @Test func anOverlayOnAnotherBackingFileIsNeverRecreated() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let image = Fixtures.image(size: 1000)
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "a-root.qcow2", capacity: 10 << 30, backingPath: "/old/base.qcow2")
        let guest = Fixtures.guest("a", volumes: [Fixtures.volume("a-root.qcow2", source: .overlay(image: "debian"), image: image)])
        try await applied(guest, in: fake, volumes: ["a-root.qcow2"])
        let plan = await plan([guest], host(pools: [Fixtures.pool("vf")], images: [image]), fake)
        #expect(
            try guestEntry(plan, "a").volumes.map(\.change) == [
                .differs(
                    VolumeMismatch(
                        wantedFormat: "qcow2", foundFormat: "qcow2", wantedBacking: image.hostPath, foundBacking: "/old/base.qcow2"))
            ])
    }

    @Test func aVolumeRecordedForAnotherGuestIsNotTakenOver() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "shared.qcow2", capacity: 10 << 30)
        try await applied(Fixtures.guest("first"), in: fake, volumes: ["shared.qcow2"])
        let second = Fixtures.guest("second", volumes: [Fixtures.volume("shared.qcow2")])
        let plan = await plan([Fixtures.guest("first"), second], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(plan, "second").volumes.map(\.change) == [.recordedFor(guest: "first")])
        #expect(plan.hasErrors)
    }

    @Test func aRemovedGuestLosesExactlyTheVolumesItsMarkRecordsAndOnlyWithDeleteVolumes() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        for name in ["a-root.qcow2", "a-cidata.iso", "a-handmade.qcow2", "b-root.qcow2"] {
            await fake.addVolume(pool: "vf", name: name, capacity: 1 << 30)
        }
        try await applied(Fixtures.guest("a"), in: fake, volumes: ["a-root.qcow2", "a-cidata.iso"], deleteVolumes: true)
        try await applied(Fixtures.guest("b"), in: fake, volumes: ["b-root.qcow2"], deleteVolumes: false)
        let plan = await plan([], host(pools: [Fixtures.pool("vf")]), fake)
        let a = try guestEntry(plan, "a")
        #expect(a.action == .delete)
        #expect(a.volumes.map(\.label).sorted() == ["vf/a-cidata.iso", "vf/a-root.qcow2"], "never a-handmade.qcow2: not recorded")
        #expect(a.volumes.allSatisfy { $0.change == .delete })
        let b = try guestEntry(plan, "b")
        #expect(b.volumes.isEmpty)
        #expect(b.keptVolumes == [VolumeReference(pool: "vf", name: "b-root.qcow2")])
        #expect(plan.hosts[0].pools[0].action == .noChange, "the pool itself is never deleted unless declared absent")
    }

    @Test func aGuestDeclaredAbsentWithDeleteVolumesLosesItsRecordedVolumes() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "a-root.qcow2", capacity: 1 << 30)
        try await applied(Fixtures.guest("a"), in: fake, volumes: ["a-root.qcow2"], deleteVolumes: false)
        let kept = await plan([Fixtures.guest("a", state: .absent)], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(kept, "a").volumes.isEmpty)
        let gone = await plan([Fixtures.guest("a", state: .absent, deleteVolumes: true)], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(gone, "a").volumes.map(\.change) == [.delete])
    }

    /// libvirt lists and deletes volumes only in an active pool: a stopped one makes the deletion
    /// an error entry saying so, not a delete that fails at apply.
    @Test func recordedVolumesInAStoppedPoolAreAnErrorNotADelete() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "a-root.qcow2", capacity: 1 << 30)
        try await applied(Fixtures.guest("a"), in: fake, volumes: ["a-root.qcow2"], deleteVolumes: true)
        try await fake.stopPool("vf")
        let plan = await plan([Fixtures.guest("a", state: .absent, deleteVolumes: true)], host(pools: [Fixtures.pool("vf")]), fake)
        let entry = try guestEntry(plan, "a")
        #expect(entry.action == .delete, "the domain itself still goes")
        #expect(entry.volumes.map(\.change) == [.poolInactive])
        #expect(entry.volumes.map(\.action) == [.error])
        #expect(plan.hasErrors)
    }

    @Test func destroyDeletesDomainsAndTheirRecordedVolumesButNeverPoolsNetworksOrImages() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        await fake.addVolume(pool: "vf", name: "a-root.qcow2", capacity: 1 << 30)
        await fake.addVolume(pool: "vf", name: "debian.qcow2", capacity: 1 << 30)
        try await fake.defineNetwork(Fixtures.network().xml)
        try await applied(Fixtures.guest("a"), in: fake, volumes: ["a-root.qcow2"], deleteVolumes: true)
        let observation = await fake.observation(ObservationScope(pools: ["vf"], volumePools: ["vf"], networks: ["lab"]))
        let plan = planner.destroy(reports: [HostReport(host: "hv1", outcome: .observed(observation))], mayDelete: { _, _ in true })
        #expect(plan.entries.map(\.change) == [.delete(.destroyed)])
        #expect(plan.entries[0].volumes.map(\.label) == ["vf/a-root.qcow2"])
        #expect(plan.hosts[0].pools.isEmpty && plan.hosts[0].networks.isEmpty && plan.hosts[0].images.isEmpty)
    }

    @Test func aConflictingGuestPlansNoStorageAtAll() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addUnmanaged("a")
        let guest = Fixtures.guest("a", volumes: [Fixtures.volume("a-root.qcow2")], seed: Fixtures.seed(guest: "a"))
        let plan = await plan([guest], host(pools: [Fixtures.pool("vf")]), fake)
        let entry = try guestEntry(plan, "a")
        #expect(entry.action == .conflict && entry.volumes.isEmpty && entry.seed == nil)
    }

    // MARK: Seeds and the mark

    @Test func aSeedIsCreatedWithANewGuestWithoutTheFirstBootNote() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let seed = Fixtures.seed(guest: "a")
        let plan = await plan([Fixtures.guest("a", seed: seed)], host(pools: [Fixtures.pool("vf")]), fake)
        let entry = try guestEntry(plan, "a")
        #expect(entry.seed?.change == .create(firstBootOnly: false))
        #expect(entry.seed?.hash == seed.hash && entry.seed?.size == UInt64(seed.image.count))
        #expect(plan.hosts[0].uploadBytes == UInt64(seed.image.count))
    }

    @Test func changedFirstBootDataIsReplacedWithTheNoteUnlessTheInstanceIDChangedToo() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        let old = Fixtures.seed(guest: "a", userData: "#cloud-config\nhostname: a\n")
        await fake.addVolume(pool: "vf", name: old.volume, capacity: UInt64(old.image.count), format: "raw")
        let before = Fixtures.guest("a", seed: old)
        try await applied(before, in: fake, volumes: [old.volume], seedHash: old.hash, instanceID: old.instanceID)
        let unchanged = await plan([before], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(unchanged, "a").seed?.change == .noChange)
        #expect(!unchanged.hasChanges)
        let new = Fixtures.seed(guest: "a", userData: "#cloud-config\nhostname: b\n")
        let changed = await plan([Fixtures.guest("a", seed: new)], host(pools: [Fixtures.pool("vf")]), fake)
        let entry = try guestEntry(changed, "a")
        #expect(entry.seed?.change == .replace(firstBootOnly: true))
        #expect(entry.seed?.firstBootOnly == true && changed.hasChanges)
        let renewed = Fixtures.seed(guest: "a", userData: "#cloud-config\nhostname: b\n", instanceID: "iid-a-2")
        let fresh = await plan([Fixtures.guest("a", seed: renewed)], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(fresh, "a").seed?.change == .replace(firstBootOnly: false))
    }

    @Test func aSeedVolumeVirtfleetDidNotMakeForTheGuestIsNeverOverwritten() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: Fixtures.poolPath("vf"))
        let seed = Fixtures.seed(guest: "a")
        await fake.addVolume(pool: "vf", name: seed.volume, capacity: 4096, format: "raw")
        let plan = await plan([Fixtures.guest("a", seed: seed)], host(pools: [Fixtures.pool("vf")]), fake)
        #expect(try guestEntry(plan, "a").seed?.change == .notOurs(recordedFor: nil))
        #expect(plan.hasErrors)
    }

    @Test func turningDeleteVolumesOnRewritesTheMarkAsAChange() async throws {
        let fake = FakeHypervisor(host: "hv1")
        try await applied(Fixtures.guest("a"), in: fake, deleteVolumes: false)
        let plan = await plan([Fixtures.guest("a", deleteVolumes: true)], host(), fake)
        let entry = try guestEntry(plan, "a")
        #expect(entry.action == .noChange && entry.rewritesMark && entry.hasChange)
        let same = await self.plan([Fixtures.guest("a")], host(), fake)
        #expect(try !guestEntry(same, "a").rewritesMark && !same.hasChanges)
    }

    @Test func theMarkRecordsVolumesSeedAndDeleteVolumesAndReadsThemBackWhateverThePrefix() throws {
        let mark = OwnershipMetadata(
            fleet: "lab", guest: "a", desiredHash: "d", readbackHash: "r",
            volumes: [.init(pool: "vf", name: "b.qcow2"), .init(pool: "vf", name: "a.qcow2"), .init(pool: "vf", name: "a.qcow2")],
            seedHash: "s", instanceID: "i", deleteVolumes: true)
        #expect(mark.volumes.map(\.name) == ["a.qcow2", "b.qcow2"], "sorted, each once")
        let bare = XMLWriter.string(from: mark.bareElement)
        #expect(bare.contains("<volume pool=\"vf\" name=\"a.qcow2\"/>") && bare.contains("delete-volumes=\"yes\""))
        // libvirt re-prefixes virtfleet's namespace and leaves the children unprefixed.
        let stored = """
            <domain><name>a</name><metadata><ns0:owner xmlns:ns0="\(Identity.metadataNamespace)" fleet="lab" guest="a" \
            desired-hash="d" readback-hash="r" seed-hash="s" instance-id="i" delete-volumes="yes">\
            <volume pool="vf" name="a.qcow2"/><ns0:volume pool="vf" name="b.qcow2"/></ns0:owner></metadata></domain>
            """
        let parsed = try #require(OwnershipMetadata(domain: try LibXMLParser.parse(stored, file: "a")))
        #expect(parsed == mark)
        let owner = ObservedDomain.Owner(parsed)
        #expect(owner.volumes == [VolumeReference(pool: "vf", name: "a.qcow2"), VolumeReference(pool: "vf", name: "b.qcow2")])
        #expect(owner.deleteVolumes == true && owner.seedHash == "s" && owner.instanceID == "i")
        let plain = try #require(
            OwnershipMetadata(
                domain: try LibXMLParser.parse(
                    "<domain><metadata><vf:owner xmlns:vf=\"\(Identity.metadataNamespace)\" fleet=\"lab\" guest=\"a\"/></metadata></domain>",
                    file: "a")))
        #expect(plain.volumes.isEmpty && !plain.deleteVolumes && ObservedDomain.Owner(plain).volumes == nil)
    }

    // MARK: The fake behaves like libvirt where the planner's rules depend on it

    @Test func theFakeRefusesANetworkRedefinedWithoutItsUUIDAndHidesAnInactivePoolsVolumes() async throws {
        let fake = FakeHypervisor(host: "hv1")
        try await fake.defineNetwork(Fixtures.network().xml)
        await #expect(throws: FakeHypervisor.FakeError.self) { try await fake.defineNetwork(Fixtures.network().xml) }
        let uuid = try #require(await fake.networks["lab"]?.uuid)
        try await fake.defineNetwork(Planner.networkDocument(Fixtures.network(ip: "10.88.0.1").xml, keepingUUID: uuid))
        await fake.addPool("vf", path: "/vf")
        await fake.addVolume(pool: "vf", name: "a.qcow2", capacity: 1)
        let scope = ObservationScope(pools: ["vf"], volumePools: ["vf"])
        #expect(await fake.observation(scope).volumes.count == 1)
        try await fake.stopPool("vf")
        #expect(await fake.observation(scope).volumes.isEmpty, "libvirt lists the volumes of active pools only")
        await #expect(throws: FakeHypervisor.FakeError.self) { try await fake.undefinePool("vf") }
    }
}
