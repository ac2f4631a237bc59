import Foundation
import Testing
import VirtFleetApply
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetPlan
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// A hand-made plan with every kind of pool, network, image, volume and seed entry.
enum ResourcePlans {
    static let fingerprint = String(repeating: "ef", count: 32)
    static let hash = String(repeating: "ab", count: 32)
    static let seedHash = String(repeating: "5e", count: 32)
    static let observedPool = ObservedResource(uuid: "00000000-0000-4000-8000-000000000001", active: true, autostart: true)

    static func definition(_ guest: String) -> Definition {
        Definition(xml: "<domain><name>\(guest)</name></domain>", hash: hash)
    }

    static func observed(_ state: DomainState) -> ObservedFingerprint {
        ObservedFingerprint(uuid: "00000000-0000-5000-8000-000000000002", state: state, readbackHash: String(repeating: "cd", count: 32))
    }

    static func seed(_ guest: String, _ change: SeedChange) -> SeedEntry {
        SeedEntry(
            pool: "vf", volume: "\(guest)-cidata.iso", hash: seedHash, instanceID: "iid-\(guest)", size: 368_640, xml: "<volume/>",
            change: change)
    }

    static let web1 = Fixtures.volume("web-01-root.qcow2")

    static let everyKind = Plan(
        fleet: "lab",
        hosts: [
            HostPlan(
                host: "kvm1", fingerprint: fingerprint,
                entries: [
                    PlanEntry(
                        host: "kvm1", guest: "web-01", desiredState: .running,
                        change: .create(Creation(definition: definition("web-01"), start: true)),
                        volumes: [
                            VolumeEntry(
                                pool: "vf", name: "web-01-root.qcow2",
                                change: .create(
                                    VolumeCreation(
                                        xml: "<volume/>", capacity: 10 << 30, format: "qcow2",
                                        source: .overlay(
                                            image: "debian", backingPath: "/var/lib/virtfleet/images/debian-3f2a8c1d9e0b.qcow2")))),
                            VolumeEntry(
                                pool: "vf", name: "web-01-data.qcow2",
                                change: .create(VolumeCreation(xml: "<volume/>", capacity: 1 << 30, format: "qcow2", source: .empty))),
                        ],
                        seed: seed("web-01", .create(firstBootOnly: false))),
                    PlanEntry(
                        host: "kvm1", guest: "web-02", desiredState: .running, change: .noChange(.upToDate), observed: observed(.running),
                        volumes: [
                            VolumeEntry(
                                pool: "vf", name: "web-02-root.qcow2", change: .grow(from: 10 << 30, to: 20 << 30),
                                observed: ObservedVolumeFacts(
                                    path: "/var/lib/virtfleet/vf/web-02-root.qcow2", format: "qcow2", capacity: 10 << 30, backingPath: nil))
                        ],
                        seed: seed("web-02", .replace(firstBootOnly: true))),
                    PlanEntry(
                        host: "kvm1", guest: "web-03", desiredState: .running,
                        change: .redefine(
                            Redefinition(
                                cause: .inventoryChanged, definition: definition("web-03"), then: .none, restartNeeded: true,
                                differences: [.value(path: "memory", wanted: "'2097152'", found: "'1048576'")])),
                        observed: observed(.running),
                        volumes: [
                            VolumeEntry(
                                pool: "vf", name: "web-03-root.qcow2",
                                change: .shrinkRefused(
                                    from: 20 << 30, to: 10 << 30,
                                    at: PlanLocation(.init(file: "templates/cloud.yaml", line: 9, column: 17))))
                        ],
                        seed: seed("web-03", .notOurs(recordedFor: nil))),
                    PlanEntry(
                        host: "kvm1", guest: "db", desiredState: .running, change: .noChange(.upToDate), observed: observed(.running),
                        deleteVolumes: true, rewritesMark: true),
                    PlanEntry(
                        host: "kvm1", guest: "old-1", desiredState: .absent, change: .delete(.undeclared), observed: observed(.running),
                        volumes: [
                            VolumeEntry(pool: "vf", name: "old-1-cidata.iso", change: .delete),
                            VolumeEntry(pool: "vf", name: "old-1-root.qcow2", change: .delete),
                        ]),
                    PlanEntry(
                        host: "kvm1", guest: "old-2", desiredState: .absent, change: .delete(.undeclared), observed: observed(.shutoff),
                        keptVolumes: [VolumeReference(pool: "vf", name: "old-2-root.qcow2")]),
                ],
                pools: [
                    PoolEntry(name: "vf", change: .create(ResourceCreation(xml: "<pool/>", start: true, autostart: true))),
                    PoolEntry(
                        name: "cache", change: .adjust(ResourceAdjustment(power: .start, autostart: true)),
                        observed: ObservedResource(uuid: observedPool.uuid, active: false, autostart: false)),
                    PoolEntry(name: "tmp", change: .notEmpty(volumes: 3), observed: observedPool),
                    PoolEntry(
                        name: "old",
                        change: .conflict(
                            PoolConflict(wantedType: "dir", foundType: "dir", wantedPath: "/var/lib/virtfleet/old", foundPath: "/srv/old")),
                        observed: observedPool),
                    PoolEntry(name: "images", change: .noChange(.upToDate), observed: observedPool),
                ],
                networks: [
                    NetworkEntry(name: "lab", change: .create(ResourceCreation(xml: "<network/>", start: true, autostart: true))),
                    NetworkEntry(
                        name: "svc",
                        change: .update(
                            NetworkUpdate(
                                mode: .live, xml: nil,
                                dhcpEdits: [
                                    DHCPHostEdit(
                                        change: .add, host: DHCPHost(mac: "52:54:00:00:00:02", name: "web-02", ip: "10.77.0.12"),
                                        xml: "<host/>")
                                ],
                                differences: [.dhcpHostAdded(DHCPHost(mac: "52:54:00:00:00:02", name: "web-02", ip: "10.77.0.12"))])),
                        observed: observedPool),
                    NetworkEntry(
                        name: "prod",
                        change: .update(
                            NetworkUpdate(
                                mode: .atNextStart, xml: "<network/>",
                                differences: [
                                    .value(path: "ip@address", wanted: "'10.88.0.1'", found: "'10.77.0.1'"),
                                    .extra(path: "forward", found: "<forward mode='nat'>"),
                                ],
                                users: ["web-01", "web-02"])),
                        observed: observedPool),
                    NetworkEntry(name: "legacy", change: .inUse(InUse(wanted: .delete, guests: ["db"])), observed: observedPool),
                    NetworkEntry(name: "gone", change: .delete, observed: observedPool),
                ],
                images: [
                    ImageEntry(
                        name: "debian", pool: "images", volume: "debian-3f2a8c1d9e0b.qcow2",
                        change: .upload(
                            ImageUpload(
                                xml: "<volume/>", localPath: "/srv/images/debian.qcow2", size: 536_870_912, sha256: hash, format: "qcow2"))),
                    ImageEntry(
                        name: "alpine", pool: "images", volume: "alpine.qcow2",
                        change: .differs(
                            ImageDifference(wantedSize: 104_857_600, foundSize: 52_428_800, wantedFormat: "qcow2", foundFormat: "qcow2"))),
                    ImageEntry(name: "fedora", pool: "images", volume: "fedora.qcow2", change: .noChange),
                ]),
            HostPlan(
                host: "kvm2", fingerprint: fingerprint,
                entries: [
                    PlanEntry(
                        host: "kvm2", guest: "web-04", desiredState: .running, change: .noChange(.upToDate), observed: observed(.running))
                ],
                images: [ImageEntry(name: "debian", pool: "images", volume: "debian-3f2a8c1d9e0b.qcow2", change: .noChange)]),
        ])
}

/// The views of pools, networks, images, volumes and seeds: text and JSON byte for byte
/// (Fixtures/plan-views), the order and indentation the design asks for, and apply's progress.
@Suite struct ResourcePlanGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/plan-views")

    @Test func theTextViewMatchesItsGoldenFile() throws {
        try GoldenFile.check(
            HumanPlanView(color: false).render(ResourcePlans.everyKind), against: Self.folder.appendingPathComponent("resources.txt"))
        try GoldenFile.check(
            HumanPlanView(color: false, verbose: true).render(ResourcePlans.everyKind),
            against: Self.folder.appendingPathComponent("resources-verbose.txt"))
    }

    @Test func theJSONViewMatchesItsGoldenFile() throws {
        try GoldenFile.check(JSONPlanView.render(ResourcePlans.everyKind), against: Self.folder.appendingPathComponent("resources.json"))
    }
}

@Suite struct ResourceViewTests {
    let text = HumanPlanView(color: false).render(ResourcePlans.everyKind)

    func lines() -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func hostResourcesComeBeforeGuestsAndStorageIsIndentedUnderItsGuest() throws {
        let lines = lines()
        let pool = try #require(lines.firstIndex { $0.hasPrefix("  + pool vf ") })
        let network = try #require(lines.firstIndex { $0.hasPrefix("  + network lab ") })
        let image = try #require(lines.firstIndex { $0.hasPrefix("  ^ image debian ") })
        let guest = try #require(lines.firstIndex { $0.hasPrefix("  + web-01 ") })
        #expect(pool < network && network < image && image < guest)
        #expect(lines[guest + 1].hasPrefix("      + volume vf/web-01-root.qcow2  create: qcow2 overlay on debian, 10.0 GiB"))
        #expect(lines[guest + 3].hasPrefix("      + seed vf/web-01-cidata.iso"))
        #expect(!lines.contains { $0.contains("pool images") }, "unchanged resources are hidden without -v")
    }

    @Test func aChangedSeedSaysCloudInitReadsItOnlyOnFirstBoot() throws {
        let line = try #require(lines().first { $0.contains("seed vf/web-02-cidata.iso") })
        #expect(line.hasSuffix("replace: the cloud-init documents changed: upload 360.0 KiB again; cloud-init reads it only on first boot"))
        #expect(!(try #require(lines().first { $0.contains("seed vf/web-01-cidata.iso") })).contains("first boot"))
    }

    @Test func aGuestWhoseOnlyChangeIsItsStorageIsShownAndEachHostSaysWhatItUploads() throws {
        #expect(text.contains("no-change: up to date (running)\n      ^ volume vf/web-02-root.qcow2"))
        #expect(text.contains("  upload: 512.7 MiB (images 512.0 MiB, seeds 720.0 KiB)\n"))
        #expect(text.contains("      mark: record delete_volumes: yes\n"))
        #expect(text.contains("      volumes kept (delete_volumes is not set): vf/old-2-root.qcow2\n"))
        #expect(text.contains("declared 10.0 GiB at templates/cloud.yaml:9:17, the volume has 20.0 GiB: never shrunk"))
        #expect(
            text.hasSuffix(
                "Resources: 1 pool to create, 1 pool to start, 1 network to create, 2 networks to update, 1 network to delete, 1 image to upload, "
                    + "2 volumes to create, 1 volume to grow, 2 volumes to delete, 1 seed to create, 1 seed to replace (512.7 MiB to upload), "
                    + "6 in error or conflict.\n"))
    }

    @Test func resourcesMakeAPlanWithChangesAndErrors() {
        let plan = ResourcePlans.everyKind
        #expect(plan.hasChanges && plan.hasErrors)
        var quiet = plan
        quiet.hosts = [plan.hosts[1]]
        #expect(!quiet.hasChanges && !quiet.hasErrors)
        #expect(HumanPlanView(color: false).render(quiet).hasSuffix("No changes. The fleet matches the inventory.\n"))
    }

    @Test func theJSONDocumentCarriesEveryNewEntryKind() throws {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONPlanView.render(ResourcePlans.everyKind).utf8)) as? [String: Any])
        let hosts = try #require(json["hosts"] as? [[String: Any]])
        let resources = try #require(hosts[0]["resources"] as? [[String: Any]])
        #expect(
            resources.map { "\($0["kind"]!) \($0["name"]!) \($0["action"]!)" }.prefix(3) == [
                "pool vf create", "pool cache start", "pool tmp error",
            ])
        #expect(resources.first { $0["name"] as? String == "debian" }?["bytes"] as? Int == 536_870_912)
        let entries = try #require(hosts[0]["entries"] as? [[String: Any]])
        let web2 = try #require(entries.first { $0["guest"] as? String == "web-02" })
        #expect(web2["has_change"] as? Bool == true && web2["action"] as? String == "no-change")
        #expect((web2["seed"] as? [String: Any])?["first_boot_only"] as? Bool == true)
        #expect(((web2["volumes"] as? [[String: Any]])?.first)?["from_capacity"] as? Int == 10 << 30)
        #expect(json["upload_bytes"] as? Int == 536_870_912 + 2 * 368_640)
        let summary = try #require(json["resource_summary"] as? [String: [String: Int]])
        #expect(summary["volume"]?["create"] == 2 && summary["seed"]?["replace"] == 1 && summary.count == 5)
    }
}

/// Apply's progress for uploads: a bar with bytes, rate and time left on a terminal (the clock is
/// the command's), a line per quarter otherwise.
@Suite struct UploadProgressTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds = 1_800_000_000.0
        func advance(_ by: Double) { lock.withLock { seconds += by } }
        var now: Date { lock.withLock { Date(timeIntervalSince1970: seconds) } }
    }

    func event(_ kind: ApplyEvent.Kind) -> ApplyEvent {
        ApplyEvent(host: "kvm1", guest: "debian", step: .upload, kind: kind, done: 2, total: 9, resource: .image)
    }

    @Test func aTerminalShowsABarWithBytesRateAndTimeLeft() {
        let output = CapturedOutput()
        let clock = Clock()
        let progress = LineProgress(output: output, terminal: true, now: { clock.now })
        progress.report(event(.started))
        clock.advance(2)
        progress.report(event(.progress(sent: 256 << 20, total: 512 << 20)))
        clock.advance(2)
        progress.report(event(.succeeded))
        let text = output.text
        #expect(text.contains("[2/9] kvm1 image debian: upload [##########..........] 50% 256.0 MiB of 512.0 MiB 128.0 MiB/s ETA 0:02"))
        #expect(text.hasSuffix("\r\u{1B}[K[2/9] kvm1 image debian: upload ok\n"))
    }

    @Test func withoutATerminalAnUploadPrintsALinePerQuarter() {
        let output = CapturedOutput()
        let progress = LineProgress(output: output, terminal: false)
        progress.report(event(.started))
        for sent in [10, 30, 55, 60, 80, 100] { progress.report(event(.progress(sent: UInt64(sent), total: 100))) }
        progress.report(event(.succeeded))
        #expect(
            output.text == """
                [2/9] kvm1 image debian: upload 30 bytes of 100 bytes (25%)
                [2/9] kvm1 image debian: upload 55 bytes of 100 bytes (50%)
                [2/9] kvm1 image debian: upload 80 bytes of 100 bytes (75%)
                [2/9] kvm1 image debian: upload ok

                """)
        #expect(!output.text.contains("\u{1B}"))
    }

    @Test func timeLeftIsMinutesAndSecondsOrHours() {
        #expect(LineProgress.duration(2) == "0:02" && LineProgress.duration(61.2) == "1:02" && LineProgress.duration(3725) == "1:02:05")
    }
}
