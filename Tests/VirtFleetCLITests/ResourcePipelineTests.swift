import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// The CLI's part for pools, networks, images and seeds: what is observed, the image check, the
/// seeds a saved plan needs from the inventory, and what a saved plan may not change.
@Suite struct ResourcePipelineTests {
    @Test func aFleetWithoutResourcesIsObservedForDomainsOnly() async throws {
        let fleet = try twoHostFleet()
        let fakes = ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
        let run = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory")])
        #expect(run.code == 0, "\(run.errors)")
        for fake in fakes.values { #expect(await fake.lastScope == nil, "observe(_:) with a scope was asked for") }
        #expect(!run.output.contains("Resources:"))
    }

    @Test func aFleetWithPoolsAndNetworksIsObservedOncePerHostWithWhatItDeclares() async throws {
        var fleet = try twoHostFleet()
        let text = try String(contentsOfFile: fleet.path("inventory/fleet.yaml"), encoding: .utf8)
        fleet = try TestFleet([
            "inventory/fleet.yaml": text.replacingOccurrences(
                of: "groups:\n",
                with: "pools:\n  vf: { path: /var/lib/vf }\nnetworks:\n  lab: { mode: isolated }\ngroups:\n"),
            "templates/small.yaml": TestFleet.smallTemplate,
        ])
        let fakes = ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
        let run = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory")])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("pool vf"), "\(run.output)")
        for fake in fakes.values {
            #expect(await fake.observations == 1)
            #expect(await fake.lastScope == ObservationScope(pools: ["vf"], volumePools: ["vf"], networks: ["lab"]))
        }
    }

    /// One host, pool vf, guest web with a 1 GiB volume in it and delete_volumes: true.
    private func volumeFleet(guest: String, pool: String) throws -> TestFleet {
        try TestFleet([
            "inventory/fleet.yaml": """
            fleet: lab
            templates: ../templates
            hosts:
              hv1: { address: 127.0.0.11, uri: "qemu:///session" }
            pools:
              vf: { path: /var/lib/vf, state: \(pool) }
            guests:
              - { name: web, template: vol, host: hv1, state: \(guest), delete_volumes: true }
            """,
            "templates/vol.yaml": """
            type: kvm
            memory: 64MiB
            os: { type: hvm, arch: x86_64 }
            disks:
              - { target: vda, bus: virtio, volume: { pool: vf, name: "{{ name }}-root.qcow2", capacity: 1GiB } }
            """,
        ])
    }

    /// Tearing down in one run: the guest declared absent with delete_volumes and its pool
    /// declared absent. The guest goes, then the volumes its mark records, then the empty pool.
    @Test func aGuestItsVolumesAndTheirPoolGoInOneRun() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let made = try volumeFleet(guest: "stopped", pool: "active")
        let first = await CommandHarness(hypervisors: ["hv1": fake]).run(["apply", "--auto-approve", "-i", made.path("inventory")])
        #expect(first.code == 0, "\(first.errors)")
        #expect(await fake.volumes.keys.map(\.name) == ["web-root.qcow2"])
        let gone = try volumeFleet(guest: "absent", pool: "absent")
        let plan = await CommandHarness(hypervisors: ["hv1": fake]).run(["plan", "-i", gone.path("inventory")])
        #expect(plan.code == 0, "\(plan.errors)")
        let second = await CommandHarness(hypervisors: ["hv1": fake]).run(["apply", "--auto-approve", "-i", gone.path("inventory")])
        #expect(second.code == 0, "\(second.errors)\n\(second.output)")
        #expect(await fake.domains.isEmpty)
        #expect(await fake.volumes.isEmpty)
        #expect(await fake.pools.isEmpty)
        let calls = await fake.calls.filter { $0.hasPrefix("undefine") || $0.hasPrefix("deleteVolume") || $0.hasPrefix("undefinePool") }
        #expect(
            calls.map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["undefine", "deleteVolume", "undefinePool"], "\(calls)")
    }

    /// `destroy` declares nothing, yet reads the pools its guests' marks name (on the same
    /// connection): a recorded volume another domain uses is an error, never deleted.
    @Test func destroyReadsThePoolsTheMarksNameAndKeepsAVolumeAnotherDomainUses() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let made = try volumeFleet(guest: "stopped", pool: "active")
        let first = await CommandHarness(hypervisors: ["hv1": fake]).run(["apply", "--auto-approve", "-i", made.path("inventory")])
        #expect(first.code == 0, "\(first.errors)")
        let path = try #require(await fake.volumes.values.first?.path)
        try await fake.define(
            "<domain type='kvm'><name>by-hand</name><memory>65536</memory><os><type>hvm</type></os>"
                + "<devices><disk type='file' device='disk'><source file='\(path)'/><target dev='vdb'/></disk></devices></domain>")
        let before = await fake.observations
        let run = await CommandHarness(hypervisors: ["hv1": fake]).run(["destroy", "--auto-approve", "-i", made.path("inventory")])
        #expect(run.output.contains("by-hand"), "\(run.output)")
        #expect(await fake.observations - before >= 2, "domains, then the marked pools")
        #expect(await fake.lastScope?.volumePools.contains("vf") == true)
        #expect(await fake.domains["web"] == nil, "the guest itself goes")
        #expect(await fake.volumes.values.map(\.path) == [path], "the volume by-hand uses stays")
    }

    /// A guest removed from the inventory together with its pool's declaration: the pool its mark
    /// names is still read, so the plan knows whether the volume exists and who else uses it.
    @Test func aRemovedGuestsUndeclaredPoolIsReadForItsVolumes() async throws {
        let fake = FakeHypervisor(host: "hv1")
        let made = try volumeFleet(guest: "stopped", pool: "active")
        let first = await CommandHarness(hypervisors: ["hv1": fake]).run(["apply", "--auto-approve", "-i", made.path("inventory")])
        #expect(first.code == 0, "\(first.errors)")
        let bare = try TestFleet([
            "inventory/fleet.yaml": """
            fleet: lab
            hosts:
              hv1: { address: 127.0.0.11, uri: "qemu:///session" }
            """
        ])
        let run = await CommandHarness(hypervisors: ["hv1": fake]).run(["plan", "--json", "-i", bare.path("inventory")])
        #expect(run.code == 0, "\(run.errors)")
        #expect(await fake.lastScope == ObservationScope(pools: ["vf"], volumePools: ["vf"]))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        #expect(text.contains("web-root.qcow2") && text.contains("\"capacity\":1073741824"), "the volume as observed: \(text)")
    }

    @Test func theScopeOfEachHostComesFromItsDeclarationsAndGuests() throws {
        let fleet = try twoHostFleet()
        let inventory = try InventoryLoader.load(paths: [fleet.path("inventory")])
        let seed = Fixtures.seed(guest: "web-1", pool: "seeds")
        var guest = Fixtures.guest("web-1", seed: seed)
        guest.host = "hv1"
        let rendered = RenderPipeline.Result(
            inventory: inventory, guests: [guest], warnings: [],
            hosts: [DesiredHost(host: "hv1", pools: [Fixtures.pool("vf")]), DesiredHost(host: "hv2")])
        let scopes = PlanPipeline.scopes(hosts: inventory.hosts, rendered: rendered)
        #expect(scopes["hv1"] == ObservationScope(pools: ["seeds", "vf"], volumePools: ["seeds", "vf"]))
        #expect(scopes["hv2"] == nil, "a host with nothing to read besides domains")
        #expect(PlanPipeline.seeds([guest]) == [seed.hash: seed.image])
    }

    @Test func aDeclaredChecksumIsCheckedOnceAgainstTheLocalFileWithItsPlace() throws {
        let folder = try TestFleet(["images/debian.qcow2": "not really an image"])
        let path = folder.path("images/debian.qcow2")
        let right = Digests.sha256Hex("not really an image")
        #expect(ImageCheck.problems([Fixtures.image(file: path, sha256: right)]).isEmpty)
        #expect(ImageCheck.problems([Fixtures.image(file: path)]).isEmpty, "nothing to check without a declared checksum")
        let wrong = String(repeating: "0", count: 64)
        let problems = ImageCheck.problems([Fixtures.image(file: path, sha256: wrong)])
        #expect(problems.count == 1)
        #expect(problems.first?.location == Fixtures.location)
        #expect(problems.first?.message.contains("the SHA-256 of \(path) is \(right), not the declared \(wrong)") == true)
    }

    @Test func aSavedPlanRefusesAnImageFileThatChangedSinceThePlan() throws {
        let folder = try TestFleet(["images/debian.qcow2": "0123456789"])
        let path = folder.path("images/debian.qcow2")
        let plan = { (size: UInt64, sha256: String?) in
            Plan(
                fleet: "lab",
                hosts: [
                    HostPlan(
                        host: "hv1", fingerprint: "f", entries: [],
                        images: [
                            ImageEntry(
                                name: "debian", pool: "images", volume: "debian.qcow2",
                                change: .upload(ImageUpload(xml: "<volume/>", localPath: path, size: size, sha256: sha256, format: "qcow2"))
                            )
                        ])
                ])
        }
        #expect(ImageCheck.problems(plan(10, nil), file: "plan.json").isEmpty)
        #expect(ImageCheck.problems(plan(10, Digests.sha256Hex("0123456789")), file: "plan.json").isEmpty)
        #expect(
            ImageCheck.problems(plan(11, nil), file: "plan.json").first?.message.contains("has 10 bytes, the plan uploads 11 bytes") == true
        )
        #expect(ImageCheck.problems(plan(10, String(repeating: "1", count: 64)), file: "plan.json").count == 1)
    }

    func seedPlan(_ seed: DesiredSeed) -> Plan {
        Plan(
            fleet: "lab",
            hosts: [
                HostPlan(
                    host: "hv1", fingerprint: "f",
                    entries: [
                        PlanEntry(
                            host: "hv1", guest: "web-1", desiredState: .running, change: .noChange(.upToDate),
                            seed: SeedEntry(
                                pool: seed.pool, volume: seed.volume, hash: seed.hash, instanceID: seed.instanceID,
                                size: UInt64(seed.image.count), xml: seed.xml, change: .replace(firstBootOnly: true)))
                    ])
            ])
    }

    @Test func aSavedPlanThatUploadsSeedsNeedsTheInventoryToRebuildThem() throws {
        let seed = Fixtures.seed(guest: "web-1")
        let plan = seedPlan(seed)
        #expect(throws: Diagnostic.self) { try ApplyPipeline.seeds(for: plan, file: "plan.json", rendered: nil) }
        do {
            _ = try ApplyPipeline.seeds(for: plan, file: "plan.json", rendered: nil)
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.message.contains("uploads 1 cloud-init seed, which are rebuilt from the inventory"))
            #expect(diagnostic.hint?.contains("virtfleet apply plan.json -i INVENTORY") == true)
        }
        let same = Fixtures.guest("web-1", seed: seed)
        #expect(try ApplyPipeline.seeds(for: plan, file: "plan.json", rendered: [same]) == [seed.hash: seed.image])
        let other = Fixtures.guest("web-1", seed: Fixtures.seed(guest: "web-1", userData: "#cloud-config\nhostname: x\n"))
        #expect(throws: DiagnosticList.self) { try ApplyPipeline.seeds(for: plan, file: "plan.json", rendered: [other]) }
        #expect(try ApplyPipeline.seeds(for: Plan(fleet: "lab", hosts: []), file: "plan.json", rendered: nil).isEmpty)
    }

    @Test func applyingASavedPlanWithSeedsWithoutTheInventoryIsRefusedBeforeAnythingIsReached() async throws {
        let fleet = try twoHostFleet()
        let file = fleet.path("plan.json")
        try PlanFile.write(seedPlan(Fixtures.seed(guest: "web-1")), to: file)
        let run = await CommandHarness(hypervisors: nil).run(["apply", file])
        #expect(run.code == 1)
        #expect(run.errors.contains("which are rebuilt from the inventory"))
    }

    @Test func aSavedPlanMayOnlyMakeThePoolsNetworksImagesAndVolumesTheInventoryDeclares() throws {
        let fleet = try twoHostFleet()
        let inventory = try InventoryLoader.load(paths: [fleet.path("inventory")])
        let image = Fixtures.image(size: 10)
        let data = Fixtures.volume("web-1-data.qcow2", capacity: 20 << 30, source: .clone(image: "debian"), image: image)
        var guest = Fixtures.guest("web-1", volumes: [Fixtures.volume("web-1-root.qcow2"), data])
        guest.host = "hv1"
        let rendered = RenderPipeline.Result(
            inventory: inventory, guests: [guest], warnings: [],
            hosts: [DesiredHost(host: "hv1", pools: [Fixtures.pool("vf")], networks: [Fixtures.network()], images: [image])])
        func plan(_ host: HostPlan) -> Plan { Plan(fleet: "lab", hosts: [host]) }
        let honest = HostPlan(
            host: "hv1", fingerprint: "f", entries: [],
            pools: [PoolEntry(name: "vf", change: .create(ResourceCreation(xml: Fixtures.pool("vf").xml, start: true, autostart: true)))],
            networks: [
                NetworkEntry(name: "lab", change: .create(ResourceCreation(xml: Fixtures.network().xml, start: true, autostart: true)))
            ],
            images: [
                ImageEntry(
                    name: "debian", pool: image.pool, volume: image.volume,
                    change: .upload(ImageUpload(xml: image.xml, localPath: image.localPath, size: 10, sha256: nil, format: "qcow2")))
            ])
        try SavedPlanTrust.verify(plan(honest), against: rendered)
        // A copy of the declared image, grown to the declared size; and the same with another source or size.
        func cloning(_ from: VolumeReference, capacity: UInt64) -> HostPlan {
            var host = honest
            let creation = VolumeCreation(xml: data.xml, capacity: capacity, format: "qcow2", source: .clone(image: "debian", from: from))
            host.entries = [
                PlanEntry(
                    host: "hv1", guest: "web-1", desiredState: .running, change: .noChange(.upToDate),
                    volumes: [VolumeEntry(pool: "vf", name: "web-1-data.qcow2", change: .create(creation))])
            ]
            return host
        }
        let imageVolume = VolumeReference(pool: image.pool, name: image.volume)
        try SavedPlanTrust.verify(plan(cloning(imageVolume, capacity: 20 << 30)), against: rendered)
        let otherSource = cloning(VolumeReference(pool: "vf", name: "db-1-secrets.qcow2"), capacity: 20 << 30)
        let otherSize = cloning(imageVolume, capacity: 1 << 50)
        var otherPath = honest
        otherPath.pools[0].change = .create(ResourceCreation(xml: Fixtures.pool("vf", path: "/etc").xml, start: true, autostart: true))
        var otherFile = honest
        otherFile.images[0].change = .upload(
            ImageUpload(xml: image.xml, localPath: "/home/me/.ssh/id_ed25519", size: 10, sha256: nil, format: "qcow2"))
        var dropped = honest
        dropped.networks[0].change = .delete
        var volume = honest
        volume.entries = [
            PlanEntry(
                host: "hv1", guest: "web-1", desiredState: .running, change: .noChange(.upToDate),
                volumes: [VolumeEntry(pool: "vf", name: "web-1-root.qcow2", change: .grow(from: 1, to: 1 << 40))])
        ]
        var marked = honest
        marked.entries = [
            PlanEntry(
                host: "hv1", guest: "web-1", desiredState: .running, change: .noChange(.upToDate), deleteVolumes: true,
                rewritesMark: true)
        ]
        for (tampered, words) in [
            (marked, "it records delete_volumes: true against the inventory"),
            (otherPath, "it creates a pool the inventory does not declare so"),
            (otherFile, "it uploads an image the inventory does not declare so"),
            (dropped, "it deletes a network the inventory does not declare absent"),
            (volume, "it grows volume vf/web-1-root.qcow2 to a size the inventory does not declare"),
            (otherSource, "it creates volume vf/web-1-data.qcow2, which the inventory does not declare so"),
            (otherSize, "it creates volume vf/web-1-data.qcow2, which the inventory does not declare so"),
        ] {
            do {
                try SavedPlanTrust.verify(plan(tampered), against: rendered)
                Issue.record("accepted: \(words)")
            } catch let list as DiagnosticList {
                #expect(list.diagnostics.contains { $0.message.contains(words) }, "\(list.diagnostics.map(\.message))")
            }
        }
    }
}
