import Foundation
import Testing
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan
import VirtFleetTestSupport

@testable import VirtFleetApply

/// Collects apply's events.
final class Events: ApplyProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ApplyEvent] = []
    func report(_ event: ApplyEvent) { lock.withLock { events.append(event) } }
    var all: [ApplyEvent] { lock.withLock { events } }
}

/// Pools, networks, images, volumes and seeds applied against in-memory hypervisors: the order,
/// what a failure stops, the reverse order of deletes, and what the mark records.
@Suite struct ResourceApplyTests {
    let image: DesiredImage
    let imageBytes: [UInt8]
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vf-apply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        imageBytes = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = folder.appendingPathComponent("debian.qcow2")
        try Data(imageBytes).write(to: file)
        image = Fixtures.image(file: file.path)
    }

    func hosts(_ names: [String]) -> [HypervisorHost] { names.map { HypervisorHost(name: $0, location: .file("hosts.yaml")) } }

    func resources(
        pools: [DesiredPool] = [Fixtures.pool("vf"), Fixtures.pool("images")], networks: [DesiredNetwork] = [Fixtures.network()],
        images: [DesiredImage]? = nil
    ) -> DesiredHost {
        DesiredHost(host: "hv1", pools: pools, networks: networks, images: images ?? [image])
    }

    func web(
        seed: DesiredSeed? = Fixtures.seed(guest: "web"), deleteVolumes: Bool = false, state: DesiredState = .running,
        extra: [DesiredVolume] = []
    ) -> DesiredGuest {
        Fixtures.guest(
            "web", state: state,
            volumes: [Fixtures.volume("web-root.qcow2", source: .overlay(image: "debian"), image: image)] + extra, seed: seed,
            deleteVolumes: deleteVolumes, network: "lab")
    }

    func plan(_ guests: [DesiredGuest], _ resources: DesiredHost, _ fake: FakeHypervisor) async -> Plan {
        let scope = Planner.scope(for: resources, guests: guests)
        let reports = await Observer(connector: FakeConnector(hosts: ["hv1": fake])).observe(hosts(["hv1"]), scopes: ["hv1": scope])
        return Planner(fleet: "lab").plan(desired: guests, hosts: [resources], reports: reports)
    }

    func apply(
        _ plan: Plan, _ fake: FakeHypervisor, seeds: [DesiredSeed?] = [], progress: any ApplyProgress = SilentProgress()
    ) async throws -> ApplyReport {
        let engine = ApplyEngine(
            connector: FakeConnector(hosts: ["hv1": fake]), options: ApplyOptions(shutdownTimeout: .milliseconds(10)), progress: progress)
        return try await engine.apply(
            plan, hosts: hosts(["hv1"]),
            seeds: Dictionary(seeds.compactMap { $0.map { ($0.hash, $0.image) } }, uniquingKeysWith: { a, _ in a }))
    }

    func mark(_ fake: FakeHypervisor, _ guest: String) async throws -> OwnershipMetadata {
        try #require(OwnershipMetadata(domain: try LibXMLParser.parse(try await fake.xml(guest), file: guest)))
    }

    func failures(_ report: ApplyReport) -> [String: ApplyFailure] {
        Dictionary(
            report.hosts.flatMap(\.outcomes).compactMap { outcome in
                outcome.failure.map { ("\(outcome.resource?.rawValue ?? "guest") \(outcome.guest)", $0) }
            },
            uniquingKeysWith: { a, _ in a })
    }

    @Test func poolsAndNetworksThenImagesThenVolumesAndSeedsThenDomainsAndThenNoChanges() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web()
        let report = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        #expect(!report.failed, "\(failures(report))")
        let calls = await fake.calls.filter { !$0.hasPrefix("metadata") && !$0.contains("Autostart") }
        #expect(
            calls == [
                "definePool vf", "startPool vf", "definePool images", "startPool images", "defineNetwork lab", "startNetwork lab",
                "createVolume images/debian.qcow2", "upload images/debian.qcow2", "refreshPool images", "createVolume vf/web-root.qcow2",
                "createVolume vf/web-cidata.iso", "upload vf/web-cidata.iso", "refreshPool vf", "define web", "start web",
            ])
        #expect(await fake.volumes[VolumeReference(pool: "images", name: "debian.qcow2")]?.uploaded == imageBytes)
        #expect(await fake.volumes[VolumeReference(pool: "vf", name: "web-root.qcow2")]?.backingPath == image.hostPath)
        #expect(await fake.volumes[VolumeReference(pool: "vf", name: "web-cidata.iso")]?.uploaded == guest.seed?.image)
        let again = await plan([guest], resources(), fake)
        #expect(!again.hasChanges && !again.hasErrors, "\(again.resources.map { "\($0.label) \($0.action)" })")
    }

    /// Many guests' seeds in one pool: each guest's volume before its seed, every guest's storage
    /// before any define, and the pool refreshed once, after the last upload.
    @Test func aTierOfSeedsRefreshesItsPoolOnceAfterTheUploads() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let names = (1...6).map { "web-\($0)" }
        let guests = names.map { name in
            Fixtures.guest(
                name, volumes: [Fixtures.volume("\(name)-root.qcow2", source: .overlay(image: "debian"), image: image)],
                seed: Fixtures.seed(guest: name), network: "lab")
        }
        let report = try await apply(await plan(guests, resources(), fake), fake, seeds: guests.map(\.seed))
        #expect(!report.failed, "\(failures(report))")
        let calls = await fake.calls
        #expect(calls.filter { $0 == "refreshPool vf" }.count == 1)
        let refresh = try #require(calls.firstIndex(of: "refreshPool vf"))
        let firstDefine = try #require(calls.firstIndex { $0.hasPrefix("define ") })
        #expect(refresh < firstDefine)
        for name in names {
            let root = try #require(calls.firstIndex(of: "createVolume vf/\(name)-root.qcow2"))
            let seed = try #require(calls.firstIndex(of: "upload vf/\(name)-cidata.iso"))
            #expect(root < seed && seed < refresh, "\(name)")
            #expect(try await mark(fake, name).volumes.count == 2, "\(name): its overlay and seed recorded")
        }
    }

    /// Only the pools that got an upload in this run are refreshed, whatever else the plan lists.
    @Test func theImagePoolsRefreshedAreThoseUploadedTo() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let file = folder.appendingPathComponent("alpine.qcow2")
        try Data(imageBytes.prefix(1000)).write(to: file)
        let alpine = Fixtures.image("alpine", pool: "vf", file: file.path)
        _ = try await apply(await plan([], resources(images: [alpine]), fake), fake)
        let before = await fake.calls.count
        // alpine (first by name) is there already; only debian is uploaded, into pool images.
        let plan = await plan([], resources(images: [alpine, image]), fake)
        #expect(plan.hosts[0].images.map { "\($0.name) \($0.action)" } == ["alpine noChange", "debian upload"])
        let report = try await apply(plan, fake)
        #expect(!report.failed, "\(failures(report))")
        let refreshes = Array(await fake.calls.dropFirst(before)).filter { $0.hasPrefix("refreshPool") }
        #expect(refreshes == ["refreshPool images"])
    }

    /// A saved plan is a file: edited, it still cannot delete what the host's own mark does not
    /// allow, replace a seed the guest's mark does not record, or add a volume to a mark.
    @Test func anEditedPlanCannotDeleteKeptVolumesReplaceAnotherSeedOrGrowAMark() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web()  // delete_volumes not set
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        let root = VolumeReference(pool: "vf", name: "web-root.qcow2")
        let seedVolume = VolumeReference(pool: "vf", name: "web-cidata.iso")
        let made = await fake.volumes
        #expect(made[root] != nil && made[seedVolume] != nil)

        // The guest removed, its plan entry edited to delete both volumes.
        var removal = await plan([], resources(), fake)
        let index = try #require(removal.hosts[0].entries.firstIndex { $0.guest == "web" })
        removal.hosts[0].entries[index].volumes = [root, seedVolume].map { VolumeEntry(pool: $0.pool, name: $0.name, change: .delete) }
        _ = try await apply(removal, fake)
        let kept = await fake.volumes
        #expect(kept[root] != nil && kept[seedVolume] != nil, "volumes kept: the mark has no delete-volumes")

        // On another host like it: another guest whose create is edited into replacing web's seed volume.
        let second = FakeHypervisor(host: "hv1")
        _ = try await apply(await plan([guest], resources(), second), second, seeds: [guest.seed])
        let other = Fixtures.guest(
            "db", volumes: [Fixtures.volume("db-root.qcow2", source: .overlay(image: "debian"), image: image)],
            seed: Fixtures.seed(guest: "db"), network: "lab")
        var edited = await plan([guest, other], resources(), second)
        let entry = try #require(edited.hosts[0].entries.firstIndex { $0.guest == "db" })
        var stolen = try #require(edited.hosts[0].entries[entry].seed)
        stolen.volume = seedVolume.name
        stolen.change = .replace(firstBootOnly: true)
        edited.hosts[0].entries[entry].seed = stolen
        let report = try await apply(edited, second, seeds: [other.seed])
        #expect(report.failed)
        #expect(await second.volumes[seedVolume]?.uploaded == guest.seed?.image, "web's seed was not replaced")

        // web's mark rewritten (delete_volumes turned on) from a plan whose copy of the mark lists the base image.
        var rewrite = await plan([web(deleteVolumes: true)], resources(), second)
        let webEntry = try #require(rewrite.hosts[0].entries.firstIndex { $0.guest == "web" })
        #expect(rewrite.hosts[0].entries[webEntry].rewritesMark)
        rewrite.hosts[0].entries[webEntry].observed?.storedVolumes = [VolumeReference(pool: "images", name: image.volume)]
        _ = try await apply(rewrite, second)
        let owner = try await mark(second, "web")
        #expect(owner.deleteVolumes)
        #expect(!owner.volumes.contains(.init(pool: "images", name: image.volume)), "a plan file cannot add a volume to a mark")
        #expect(owner.volumes.contains(.init(pool: "vf", name: "web-root.qcow2")))
    }

    @Test func anEditedPlanCannotDeleteANetworkARunningGuestUses() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web()
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        // The plan refuses (the guest runs on it); edited, it says delete and that the network is not active.
        var edited = await plan([guest], resources(networks: [Fixtures.network(state: .absent)]), fake)
        let index = try #require(edited.hosts[0].networks.firstIndex { $0.name == "lab" })
        #expect(edited.hosts[0].networks[index].action.isError)
        edited.hosts[0].networks[index].change = .delete
        edited.hosts[0].networks[index].observed?.active = false
        let report = try await apply(edited, fake)
        #expect(report.failed)
        #expect(await fake.networks["lab"] != nil, "the network a running guest uses stays")
    }

    @Test func aCloneIsGrownToItsDeclaredCapacitySoTheNextPlanHasNoChanges() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let copy = Fixtures.volume("web-copy.qcow2", capacity: 20 << 30, source: .clone(image: "debian"), image: image)
        let guest = web(extra: [copy])
        let report = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        #expect(!report.failed, "\(failures(report))")
        // libvirt's copy keeps the image's size (the fake does as libvirt does); apply grows it.
        #expect(await fake.calls.contains("resizeVolume vf/web-copy.qcow2 \(20 << 30)"))
        #expect(await fake.volumes[VolumeReference(pool: "vf", name: "web-copy.qcow2")]?.capacity == 20 << 30)
        let again = await plan([guest], resources(), fake)
        #expect(!again.hasChanges && !again.hasErrors, "\(again.resources.map { "\($0.label) \($0.action)" })")
    }

    @Test func theMarkRecordsTheVolumesMadeTheSeedAndDeleteVolumes() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web(deleteVolumes: true)
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        let owner = try await mark(fake, "web")
        #expect(owner.volumes == [.init(pool: "vf", name: "web-cidata.iso"), .init(pool: "vf", name: "web-root.qcow2")])
        #expect(owner.seedHash == guest.seed?.hash && owner.instanceID == "iid-web" && owner.deleteVolumes)
        #expect(owner.desiredHash != nil && owner.readbackHash != nil)
        // A later volume is added to what the mark recorded before; the image never is.
        let grown = web(deleteVolumes: true, extra: [Fixtures.volume("web-data.qcow2", capacity: 1 << 30)])
        let update = await plan([grown], resources(), fake)
        _ = try await apply(update, fake, seeds: [grown.seed])
        #expect(try await mark(fake, "web").volumes.map(\.name) == ["web-cidata.iso", "web-data.qcow2", "web-root.qcow2"])
    }

    @Test func uploadsReportTheirBytesAsTheyGo() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let events = Events()
        let guest = web()
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed], progress: events)
        let bytes = events.all.compactMap { event -> (String, UInt64, UInt64)? in
            if case .progress(let sent, let total) = event.kind { return (event.guest, sent, total) }
            return nil
        }
        let image = bytes.filter { $0.0 == "debian" }
        #expect(image.count >= 2 && image.last?.1 == UInt64(imageBytes.count) && image.allSatisfy { $0.2 == UInt64(imageBytes.count) })
        #expect(zip(image, image.dropFirst()).allSatisfy { $0.1 < $1.1 }, "bytes sent only grow")
        #expect(bytes.contains { $0.0 == "vf/web-cidata.iso" })
        let last = try #require(events.all.last)
        #expect(last.done == last.total, "every counted step reported once: \(last.done) of \(last.total)")
    }

    @Test func aPoolThatCouldNotBeMadeStopsWhatGoesIntoItAndItsGuest() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.setFailing(["startPool vf"])
        let guest = web()
        let report = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        let failed = failures(report)
        #expect(failed["volume vf/web-root.qcow2"] == .dependencyFailed(.pool("vf")))
        #expect(failed["seed vf/web-cidata.iso"] == .dependencyFailed(.pool("vf")))
        #expect(failed["guest web"] == .dependencyFailed(.volume("vf/web-root.qcow2")))
        #expect(await fake.domains["web"] == nil, "a guest whose volume failed is not defined")
        #expect(failed["image debian"] == nil, "the image's own pool was fine")
    }

    @Test func aFailedUploadLeavesNoHalfImageAndNoOverlayOnItAndARerunConverges() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.setFailing(["upload images/debian.qcow2"])
        let guest = web()
        let report = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        let failed = failures(report)
        #expect(failed["volume vf/web-root.qcow2"] == .dependencyFailed(.image("debian")))
        #expect(await fake.volumes[VolumeReference(pool: "images", name: "debian.qcow2")] == nil, "the partial upload is removed")
        #expect(await fake.domains["web"] == nil)
        #expect(
            await fake.volumes[VolumeReference(pool: "vf", name: "web-cidata.iso")] == nil,
            "the seed made for a guest that was not defined goes again")
        await fake.setFailing([])
        let second = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        #expect(!second.failed, "\(failures(second))")
        #expect(!(await plan([guest], resources(), fake)).hasChanges)
    }

    @Test func missingSeedBytesStopTheGuest() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let report = try await apply(await plan([web()], resources(), fake), fake, seeds: [])
        #expect(failures(report)["seed vf/web-cidata.iso"] == .seedUnavailable)
        #expect(await fake.domains["web"] == nil)
        var wrong = Fixtures.seed(guest: "web")
        wrong.image[0] ^= 1
        let tampered = try await apply(
            await plan([web()], resources(), fake), fake,
            seeds: [nil, wrong].map {
                $0.map { seed in
                    var s = seed
                    s.hash = Fixtures.seed(guest: "web").hash
                    return s
                }
            })
        #expect(failures(tampered)["seed vf/web-cidata.iso"] == .seedUnavailable, "bytes that do not hash to the plan's hash are refused")
    }

    @Test func deletesRunInReverseAndTakeExactlyTheRecordedVolumes() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web(deleteVolumes: true)
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        await fake.addVolume(pool: "images", name: "handmade.qcow2", capacity: 1 << 20)
        let before = await fake.calls.count
        let gone = resources(
            pools: [Fixtures.pool("vf", state: .absent), Fixtures.pool("images")], networks: [Fixtures.network(state: .absent)])
        let removal = await plan([], gone, fake)
        #expect(removal.hosts[0].pools[0].change == .delete, "emptied by the plan's own volume deletes")
        let report = try await apply(removal, fake)
        #expect(!report.failed, "\(failures(report))")
        let calls = await fake.calls.dropFirst(before).filter { !$0.hasPrefix("metadata") }
        #expect(
            Array(calls) == [
                "shutdown web", "undefine web", "deleteVolume vf/web-cidata.iso", "deleteVolume vf/web-root.qcow2", "stopNetwork lab",
                "undefineNetwork lab", "stopPool vf", "undefinePool vf",
            ])
        #expect(await fake.volumes[VolumeReference(pool: "images", name: "debian.qcow2")] != nil, "the base image survives")
        #expect(await fake.volumes[VolumeReference(pool: "images", name: "handmade.qcow2")] != nil)
    }

    @Test func withoutDeleteVolumesARemovedGuestKeepsItsVolumes() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web()
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        _ = try await apply(await plan([], resources(), fake), fake)
        #expect(await fake.domains["web"] == nil)
        #expect(await fake.volumes[VolumeReference(pool: "vf", name: "web-root.qcow2")] != nil)
        #expect(await fake.volumes[VolumeReference(pool: "vf", name: "web-cidata.iso")] != nil)
    }

    @Test func aVolumeDeleteTheLiveMarkDoesNotRecordIsRefused() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web(deleteVolumes: true)
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        await fake.addVolume(pool: "vf", name: "precious.qcow2", capacity: 1 << 30)
        var removal = await plan([], resources(), fake)
        // As an edited plan file would say.
        removal.hosts[0].entries[0].volumes.append(VolumeEntry(pool: "vf", name: "precious.qcow2", change: .delete))
        let report = try await apply(removal, fake)
        #expect(failures(report)["volume vf/precious.qcow2"] == .noLongerOwned)
        #expect(await fake.volumes[VolumeReference(pool: "vf", name: "precious.qcow2")] != nil)
    }

    @Test func aPoolIsDeletedOnlyWhenEmptyRightBefore() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.addPool("vf", path: "/vf")
        await fake.addVolume(pool: "vf", name: "late.qcow2", capacity: 1)
        let steps = ResourceSteps(session: FakeSession(fake: fake), seeds: [:])
        await #expect(throws: ApplyFailure.poolNotEmpty(volumes: 1)) { try await steps.deletePool("vf") }
        #expect(await fake.pools["vf"] != nil)
    }

    @Test func dhcpHostsChangeLiveWithoutARestart() async throws {
        let fake = FakeHypervisor(host: "hv1")
        _ = try await apply(await plan([], resources(networks: [Fixtures.network()]), fake), fake)
        let host = DHCPHost(mac: "52:54:00:12:34:56", name: "web", ip: "10.77.0.20")
        let before = await fake.calls.count
        let report = try await apply(await plan([], resources(networks: [Fixtures.network(dhcpHosts: [host])]), fake), fake)
        #expect(!report.failed)
        #expect(Array(await fake.calls.dropFirst(before)) == ["dhcpHost lab add 52:54:00:12:34:56"])
        #expect(await fake.liveNetworkXML("lab")?.contains("10.77.0.20") == true)
        #expect(!(await plan([], resources(networks: [Fixtures.network(dhcpHosts: [host])]), fake)).hasChanges)
    }

    @Test func anUnusedRunningNetworkIsRestartedToTakeItsNewDefinition() async throws {
        let fake = FakeHypervisor(host: "hv1")
        _ = try await apply(await plan([], resources(networks: [Fixtures.network()]), fake), fake)
        let before = await fake.calls.count
        _ = try await apply(await plan([], resources(networks: [Fixtures.network(ip: "10.88.0.1")]), fake), fake)
        #expect(Array(await fake.calls.dropFirst(before)) == ["defineNetwork lab", "stopNetwork lab", "startNetwork lab"])
        #expect(await fake.liveNetworkXML("lab")?.contains("10.88.0.1") == true)
    }

    @Test func aChangedSeedOfAnUnchangedGuestIsReplacedAndTheMarkRewritten() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web()
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        let newSeed = Fixtures.seed(guest: "web", userData: "#cloud-config\nruncmd: [true]\n")
        let changed = web(seed: newSeed)
        let plan = await plan([changed], resources(), fake)
        #expect(plan.entries[0].action == .noChange && plan.entries[0].seed?.firstBootOnly == true)
        let before = await fake.calls.count
        let report = try await apply(plan, fake, seeds: [newSeed])
        #expect(!report.failed, "\(failures(report))")
        #expect(
            Array(await fake.calls.dropFirst(before)) == [
                "deleteVolume vf/web-cidata.iso", "createVolume vf/web-cidata.iso", "upload vf/web-cidata.iso", "refreshPool vf",
                "metadata web",
            ])
        #expect(try await mark(fake, "web").seedHash == newSeed.hash)
        #expect(!(await self.plan([changed], resources(), fake)).hasChanges)
    }

    @Test func aGrownVolumeIsResizedWithoutTouchingTheDomain() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let small = web(extra: [Fixtures.volume("web-data.qcow2", capacity: 1 << 30)])
        _ = try await apply(await plan([small], resources(), fake), fake, seeds: [small.seed])
        let large = web(extra: [Fixtures.volume("web-data.qcow2", capacity: 2 << 30)])
        let before = await fake.calls.count
        _ = try await apply(await plan([large], resources(), fake), fake, seeds: [large.seed])
        #expect(Array(await fake.calls.dropFirst(before)) == ["resizeVolume vf/web-data.qcow2 \(2 << 30)"])
    }

    @Test func aDefineLibvirtDidNotKeepWholeKeepsItsVolumesRecorded() async throws {
        let fake = FakeHypervisor(host: "hv1")
        await fake.setDrops(["devices"])
        let guest = web()
        let report = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        guard case .notKept = failures(report)["guest web"] else {
            Issue.record("expected a define libvirt did not keep whole: \(failures(report))")
            return
        }
        #expect(await fake.volumes[VolumeReference(pool: "vf", name: "web-root.qcow2")] != nil, "the domain exists: its volumes stay")
        #expect(try await mark(fake, "web").volumes.map(\.name) == ["web-cidata.iso", "web-root.qcow2"])
    }

    @Test func anUpdateStoppedByAFailedVolumeStillRecordsTheVolumesThatWereMade() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let guest = web(deleteVolumes: true)
        _ = try await apply(await plan([guest], resources(), fake), fake, seeds: [guest.seed])
        await fake.setFailing(["createVolume vf/web-b.qcow2"])
        let more = web(
            deleteVolumes: true,
            extra: [Fixtures.volume("web-a.qcow2", capacity: 1 << 20), Fixtures.volume("web-b.qcow2", capacity: 1 << 20)])
        let report = try await apply(await plan([more], resources(), fake), fake, seeds: [more.seed])
        #expect(failures(report)["guest web"] == .dependencyFailed(.volume("vf/web-b.qcow2")))
        #expect(try await mark(fake, "web").volumes.map(\.name) == ["web-a.qcow2", "web-cidata.iso", "web-root.qcow2"])
    }
}
