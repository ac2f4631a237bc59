import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetExpansion

/// Volume disks, images, pools and networks as expansion makes them: the documents, the per-host
/// resources, precedence, and every check that needs the expanded fleet.
@Suite struct ResourceExpansionTests {
    static let one = "guests:\n  - { name: web-01, template: cloud, host: kvm1 }\n"

    // MARK: Volumes

    @Test func anOverlayVolumeRendersAFileDiskAndAVolumeDocument() throws {
        let guest = try ResourceFleet(guests: Self.one).guest("web-01")
        let disk = try #require(guest.domain.first("devices")?.first("disk"))
        #expect(
            XMLWriter.string(from: disk) == """
                <disk type="file" device="disk">
                  <driver name="qemu" type="qcow2"/>
                  <source file="/var/lib/virtfleet/guests/web-01-vda.qcow2"/>
                  <target dev="vda" bus="virtio"/>
                </disk>

                """)
        let volume = try #require(guest.volumes.first)
        #expect(guest.volumes.count == 1)
        #expect(volume.pool == "vf-guests" && volume.name == "web-01-vda.qcow2" && volume.format == "qcow2")
        #expect(volume.path == "/var/lib/virtfleet/guests/web-01-vda.qcow2")
        #expect(volume.capacity == ResourceFleet.imageSize, "an overlay defaults to the image's virtual size")
        #expect(volume.source == .overlay(image: "debian12"))
        #expect(
            volume.xml == """
                <volume>
                  <name>web-01-vda.qcow2</name>
                  <capacity unit="bytes">2147483648</capacity>
                  <target>
                    <format type="qcow2"/>
                  </target>
                  <backingStore>
                    <path>/var/lib/virtfleet/images/debian12.qcow2</path>
                    <format type="qcow2"/>
                  </backingStore>
                </volume>

                """)
    }

    @Test func aCloneAndAnEmptyVolumeHaveNoBackingStore() throws {
        let template = ResourceFleet.template.replacingOccurrences(
            of: "volume: { pool: vf-guests, backing: debian12 }",
            with: """
                volume: { pool: vf-guests, name: "{{ name }}-root.raw", clone: debian12, format: raw, capacity: 4GiB }
                  - target: vdb
                    volume: { pool: vf-guests, capacity: 512 MiB }
                """)
        let guest = try ResourceFleet(guests: Self.one, template: template).guest("web-01")
        #expect(guest.volumes.map(\.name) == ["web-01-root.raw", "web-01-vdb.qcow2"])
        #expect(guest.volumes.map(\.source) == [.clone(image: "debian12"), .empty])
        #expect(guest.volumes.map(\.capacity) == [4 << 30, 512 << 20])
        #expect(guest.volumes.allSatisfy { !$0.xml.contains("backingStore") })
        #expect(guest.volumes[0].xml.contains("<format type=\"raw\"/>"))
        let drivers = guest.domain.first("devices")?.elements(named: "disk").compactMap { $0.first("driver")?[attribute: "type"] }
        #expect(drivers == ["raw", "qcow2"])
    }

    @Test func aRawImagesVirtualSizeIsItsFileSize() throws {
        let fleetFile = ResourceFleet.inventory.replacingOccurrences(
            of: "debian12: { path: ../images/debian.qcow2, pool: vf-images }",
            with: "debian12: { path: ../images/disk.img, pool: vf-images, format: raw }")
        let resources = try ResourceFleet(
            guests: Self.one, fleetFile: fleetFile, files: ["images/disk.img": String(repeating: "x", count: 4096)], qcow2: [:])
        let guest = try resources.guest("web-01")
        #expect(guest.volumes.first?.capacity == 4096)
        #expect(
            guest.volumes.first?.xml.contains("<path>/var/lib/virtfleet/images/debian12.raw</path>\n    <format type=\"raw\"/>") == true)
        let image = try #require(try resources.host("kvm1")?.images.first)
        #expect(image.size == 4096 && image.format == "raw" && image.volume == "debian12.raw")
    }

    @Test func aRawImageOfAnOddSizeGivesVolumesItsSizeInWholeSectors() throws {
        let fleetFile = ResourceFleet.inventory.replacingOccurrences(
            of: "debian12: { path: ../images/debian.qcow2, pool: vf-images }",
            with: "debian12: { path: ../images/disk.img, pool: vf-images, format: raw }")
        let resources = try ResourceFleet(
            guests: Self.one, fleetFile: fleetFile, files: ["images/disk.img": String(repeating: "x", count: 1000)], qcow2: [:])
        // QEMU rounds 1000 bytes up to two sectors; declaring less would be a shrink on every plan.
        #expect(try resources.guest("web-01").volumes.first?.capacity == 1024)
        #expect(try resources.host("kvm1")?.images.first?.size == 1000, "the upload is the file as it is")
    }

    @Test func twoGroupsDeclaringOneNetworkAlikeShareItsDHCPHosts() throws {
        // kvm1 is in both groups and gets one group's copy; kvm2 only the other's. web-01 is on kvm1.
        let network = "vf-lab: { ip: 10.77.0.1/24, dhcp: { hosts: [ { guest: web-01, ip: 10.77.0.11 } ] } }"
        let fleetFile = ResourceFleet.inventory
            .replacingOccurrences(
                of: "  all: { hosts: [kvm1, kvm2] }",
                with: "  a: { hosts: [kvm1], networks: { \(network) } }\n  b: { hosts: [kvm1, kvm2], networks: { \(network) } }"
            )
            .replacingOccurrences(
                of:
                    "networks:\n  vf-lab:\n    mode: nat\n    bridge: vfbr-lab\n    ip: 10.77.0.1/24\n    dhcp:\n      range: { start: 10.77.0.100, end: 10.77.0.199 }\n",
                with: "")
        #expect(fleetFile.contains("  b: { hosts: [kvm1, kvm2]") && !fleetFile.contains("vfbr-lab"))
        let resources = try ResourceFleet(guests: Self.one, fleetFile: fleetFile)
        #expect(resources.problems().isEmpty, "\(resources.problems())")
        let host = try #require(try resources.host("kvm1"))
        #expect(host.networks.first?.dhcpHosts.map(\.ip) == ["10.77.0.11"])
    }

    @Test func deleteVolumesIsCarriedToTheGuest() throws {
        let guests =
            "guests:\n  - { name: a, template: cloud, host: kvm1, delete_volumes: true }\n  - { name: b, template: cloud, host: kvm1 }\n"
        let expansion = try ResourceFleet(guests: guests).expansion()
        #expect(expansion.guests.map(\.deleteVolumes) == [true, false])
    }

    // MARK: Hosts

    @Test func eachHostGetsItsPoolsNetworksAndOnlyTheImagesItsGuestsUse() throws {
        let fleetFile = ResourceFleet.inventory.replacingOccurrences(
            of: "  debian12: { path: ../images/debian.qcow2, pool: vf-images }",
            with: "  debian12: { path: ../images/debian.qcow2, pool: vf-images }\n  spare: { path: ../images/spare.qcow2, pool: vf-images }"
        )
        let resources = try ResourceFleet(
            guests: Self.one, fleetFile: fleetFile, qcow2: ["images/debian.qcow2": ResourceFleet.imageSize, "images/spare.qcow2": 1 << 30])
        let hosts = try resources.expansion().hosts
        #expect(hosts.map(\.host) == ["kvm1", "kvm2"])
        let kvm1 = hosts[0]
        #expect(kvm1.pools.map(\.name) == ["vf-guests", "vf-images"])
        #expect(kvm1.images.map(\.name) == ["debian12"], "the spare image is used by no guest")
        #expect(hosts[1].images.isEmpty)
        let image = kvm1.images[0]
        #expect(image.size == 512 && image.pool == "vf-images" && image.volume == "debian12.qcow2")
        #expect(image.hostPath == "/var/lib/virtfleet/images/debian12.qcow2")
        #expect(image.localPath == resources.fleet.path("images/debian.qcow2"))
        #expect(
            kvm1.pools[1].xml == """
                <pool type="dir">
                  <name>vf-images</name>
                  <target>
                    <path>/var/lib/virtfleet/images</path>
                  </target>
                </pool>

                """)
        #expect((kvm1.pools[1].state, kvm1.pools[1].autostart, kvm1.pools[1].type) == (.active, true, "dir"))
        #expect(
            image.xml == """
                <volume>
                  <name>debian12.qcow2</name>
                  <capacity unit="bytes">512</capacity>
                  <target>
                    <format type="qcow2"/>
                  </target>
                </volume>

                """)
    }

    @Test func aHostWithoutResourcesIsLeftOut() throws {
        let fleetFile = """
            fleet: lab
            templates: ../templates
            hosts: { kvm1: { pools: { p: { path: /p } } }, kvm2: {} }

            """
        let template = "type: kvm\nmemory: 64MiB\nos: { type: hvm }\n"
        let hosts = try ResourceFleet(
            guests: "guests:\n  - { name: a, template: cloud, host: kvm2 }\n", fleetFile: fleetFile, template: template
        )
        .expansion().hosts
        #expect(hosts.map(\.host) == ["kvm1"])
    }

    @Test func aHostsOwnPoolPathWinsInItsGuestsDisks() throws {
        let fleetFile = ResourceFleet.inventory.replacingOccurrences(
            of: "  kvm2: {}", with: "  kvm2: { pools: { vf-guests: { path: /srv/guests, autostart: false } } }")
        let guests = "guests:\n  - { name: \"w{{ index }}\", template: cloud, count: 2, group: all }\n"
        let expansion = try ResourceFleet(guests: guests, fleetFile: fleetFile).expansion()
        #expect(expansion.guests.map { $0.volumes.first?.path } == ["/var/lib/virtfleet/guests/w1-vda.qcow2", "/srv/guests/w2-vda.qcow2"])
        let kvm2 = try #require(expansion.hosts.first { $0.host == "kvm2" })
        #expect(kvm2.pools.first { $0.name == "vf-guests" }?.autostart == false)
    }

    @Test func networksCarryDHCPHostsWithTheGuestsDerivedMACs() throws {
        let fleetFile =
            ResourceFleet.inventory + """
                      hosts:
                        - { guest: web-01, ip: 10.77.0.11 }
                        - { guest: web-02, ip: 10.77.0.12 }

                """
        let guests = "guests:\n  - { name: \"web-{{ index | pad(2) }}\", template: cloud, count: 2, group: all }\n"
        let expansion = try ResourceFleet(guests: guests, fleetFile: fleetFile).expansion()
        let mac1 = try #require(expansion.guests[0].macs.first)
        let kvm1 = try #require(expansion.hosts.first { $0.host == "kvm1" }?.networks.first)
        #expect(kvm1.dhcpHosts == [DHCPHost(mac: mac1, name: "web-01", ip: "10.77.0.11")], "web-02 lives on kvm2")
        #expect((kvm1.mode, kvm1.bridge, kvm1.state, kvm1.autostart) == (.nat, "vfbr-lab", .active, true))
        #expect(
            kvm1.xml == """
                <network>
                  <name>vf-lab</name>
                  <forward mode="nat"/>
                  <bridge name="vfbr-lab"/>
                  <ip address="10.77.0.1" prefix="24">
                    <dhcp>
                      <range start="10.77.0.100" end="10.77.0.199"/>
                      <host mac="\(mac1)" name="web-01" ip="10.77.0.11"/>
                    </dhcp>
                  </ip>
                </network>

                """)
        let kvm2 = try #require(expansion.hosts.first { $0.host == "kvm2" }?.networks.first)
        #expect(kvm2.dhcpHosts.map(\.name) == ["web-02"])
    }

    @Test func isolatedAndBridgeNetworksHaveTheirForwardMode() throws {
        let fleetFile = """
            fleet: lab
            templates: ../templates
            hosts: { kvm1: {} }
            networks:
              quiet: {}
              lan: { mode: bridge, bridge: br0, state: defined, autostart: false }

            """
        let host = try #require(try ResourceFleet(guests: "guests: []\n", fleetFile: fleetFile).host("kvm1"))
        #expect(
            host.networks.map(\.xml) == [
                "<network>\n  <name>lan</name>\n  <forward mode=\"bridge\"/>\n  <bridge name=\"br0\"/>\n</network>\n",
                "<network>\n  <name>quiet</name>\n</network>\n",
            ])
        #expect(host.networks.map(\.mode) == [.bridge, .isolated])
        #expect(host.networks[0].state == .defined && host.networks[0].autostart == false)
    }

    /// A DHCP entry's name must start with a letter (libvirt's rule); otherwise it is left out.
    @Test func aGuestNameThatStartsWithADigitGetsNoDHCPName() throws {
        let fleetFile = ResourceFleet.inventory + "      hosts: [ { guest: 1web, ip: 10.77.0.11 } ]\n"
        let network = try #require(
            try ResourceFleet(guests: "guests:\n  - { name: 1web, template: cloud, host: kvm1 }\n", fleetFile: fleetFile)
                .host("kvm1")?.networks.first)
        #expect(network.dhcpHosts.first?.name == "")
        #expect(network.xml.contains("<host mac=\"\(network.dhcpHosts.first?.mac ?? "?")\" ip=\"10.77.0.11\"/>"))
    }

    /// 10,000 guests on one host, each with a static entry: resolved with lookups, not searches.
    @Test func tenThousandDHCPHostsResolve() throws {
        let entries = (1...10_000).map { "        - { guest: g\($0), ip: 10.77.\($0 / 250).\($0 % 250 + 2) }" }.joined(separator: "\n")
        let fleetFile =
            ResourceFleet.inventory.replacingOccurrences(of: "10.77.0.1/24", with: "10.77.255.1/16") + "      hosts:\n" + entries + "\n"
        let template = "type: kvm\nmemory: 64MiB\nos: { type: hvm }\ninterfaces:\n  - { type: network, source: vf-lab }\n"
        let guests = "limits: { guests: 20000 }\nguests:\n  - { name: \"g{{ index }}\", template: cloud, count: 10000, host: kvm1 }\n"
        let host = try #require(try ResourceFleet(guests: guests, fleetFile: fleetFile, template: template).host("kvm1"))
        #expect(host.networks.first?.dhcpHosts.count == 10_000)
        #expect(Set(host.networks.first?.dhcpHosts.map(\.mac) ?? []).count == 10_000)
    }

    // MARK: Checks

    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var guests: String = ResourceExpansionTests.one
        var fleetFile: String = ResourceFleet.inventory
        var template: String = ResourceFleet.template
        var expected: String
        var testDescription: String { label }
    }

    static func volume(_ replacement: String) -> String {
        ResourceFleet.template.replacingOccurrences(of: "volume: { pool: vf-guests, backing: debian12 }", with: "volume: \(replacement)")
    }

    static let cases: [Case] = [
        Case(
            label: "volume in a pool declared defined",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(
                of: "vf-guests: { path: /var/lib/virtfleet/guests }", with: "vf-guests: { path: /var/lib/virtfleet/guests, state: defined }"
            ),
            expected:
                "templates/cloud.yaml:7:21: volume 'web-01-vda.qcow2' uses pool 'vf-guests', which is declared 'state: defined' for host 'kvm1' (inventory/fleet.yaml:12:3): libvirt makes volumes only in a started pool"
        ),
        Case(
            label: "running guest on a network declared defined",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(of: "    mode: nat\n", with: "    mode: nat\n    state: defined\n"),
            expected:
                "inventory/guests.yaml:2:5: guest 'web-01' is declared running on network 'vf-lab', which is declared 'state: defined' (not started) for host 'kvm1'"
        ),
        Case(
            label: "two pools on one folder",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(
                of: "vf-guests: { path: /var/lib/virtfleet/guests }", with: "vf-guests: { path: /var/lib/virtfleet/images/ }"),
            expected:
                "inventory/fleet.yaml:11:3: pools 'vf-guests' and 'vf-images' both have the folder /var/lib/virtfleet/images"),
        Case(
            label: "two networks on one bridge",
            fleetFile: ResourceFleet.inventory + "  vf-other: { mode: isolated, bridge: vfbr-lab }\n",
            expected:
                "inventory/fleet.yaml:20:3: networks 'vf-lab' and 'vf-other' both create the bridge vfbr-lab"),
        Case(
            label: "unknown pool", template: volume("{ pool: vf-guest, backing: debian12 }"),
            expected:
                "templates/cloud.yaml:7:21: volume 'web-01-vda.qcow2' uses pool 'vf-guest', which is not declared for host 'kvm1' — did you mean 'vf-guests'?"
        ),
        Case(
            label: "image not declared", template: volume("{ pool: vf-guests, backing: debain12 }"),
            expected: "templates/cloud.yaml:7:41: image 'debain12' is not declared — did you mean 'debian12'?"),
        Case(
            label: "backing with format raw", template: volume("{ pool: vf-guests, backing: debian12, format: raw }"),
            expected: "templates/cloud.yaml:7:59: an overlay on a backing image must be qcow2, not raw"),
        Case(
            label: "both backing and clone", template: volume("{ pool: vf-guests, backing: debian12, clone: debian12 }"),
            expected: "templates/cloud.yaml:7:58: a volume takes either 'backing' or 'clone', not both"),
        Case(
            label: "unknown capacity unit", template: volume("{ pool: vf-guests, capacity: 10 gigs }"),
            expected: "templates/cloud.yaml:7:42: unknown capacity unit 'gigs' in '10 gigs'"),
        Case(
            label: "capacity without unit", template: volume("{ pool: vf-guests, capacity: 10 }"),
            expected: "templates/cloud.yaml:7:42: capacity '10' has no unit — add one, such as 10GiB or 10B for bytes"),
        Case(
            label: "capacity not whole sectors", template: volume("{ pool: vf-guests, capacity: 1000B }"),
            expected: "templates/cloud.yaml:7:42: capacity '1000B' is 1000 bytes, not a whole number of 512-byte sectors"),
        Case(
            label: "huge capacity", template: volume("{ pool: vf-guests, capacity: 99999999999999999999999GiB }"),
            expected: "templates/cloud.yaml:7:42: capacity '99999999999999999999999GiB' is too large"),
        Case(
            label: "capacity overflowing with its unit", template: volume("{ pool: vf-guests, capacity: 18446744073709551615PiB }"),
            expected: "templates/cloud.yaml:7:42: capacity '18446744073709551615PiB' is too large"),
        Case(
            label: "capacity above 8 EiB", template: volume("{ pool: vf-guests, capacity: 9EB }"),
            expected: "templates/cloud.yaml:7:42: unknown capacity unit 'EB'"),
        Case(
            label: "zero capacity", template: volume("{ pool: vf-guests, capacity: 0GiB }"),
            expected: "templates/cloud.yaml:7:42: capacity '0GiB' is zero"),
        Case(
            label: "empty volume without capacity", template: volume("{ pool: vf-guests }"),
            expected: "templates/cloud.yaml:7:13: an empty volume needs a 'capacity'"),
        Case(
            label: "capacity smaller than the image", template: volume("{ pool: vf-guests, backing: debian12, capacity: 1GiB }"),
            expected:
                "templates/cloud.yaml:7:61: capacity of 1073741824 bytes is smaller than image 'debian12' (2147483648 bytes) — give at least 2147483648 bytes"
        ),
        Case(
            label: "volume name with ..", template: volume("{ pool: vf-guests, backing: debian12, name: ../../etc/shadow }"),
            expected: "templates/cloud.yaml:7:57: volume name '../../etc/shadow' is a path"),
        Case(
            label: "volume name with a slash", template: volume("{ pool: vf-guests, backing: debian12, name: \"{{ name }}/root\" }"),
            expected: "templates/cloud.yaml:7:57: volume name 'web-01/root' is a path"),
        Case(
            label: "volume name starting with a dot", template: volume("{ pool: vf-guests, backing: debian12, name: .hidden }"),
            expected: "templates/cloud.yaml:7:57: '.hidden' is not a valid volume name"),
        Case(
            label: "volume with source",
            template: ResourceFleet.template.replacingOccurrences(of: "bus: virtio", with: "bus: virtio\n    source: /x"),
            expected: "templates/cloud.yaml:7:13: a disk takes either 'source' or 'volume', not both"),
        Case(
            label: "volume disk as a cdrom",
            template: ResourceFleet.template.replacingOccurrences(of: "bus: virtio", with: "bus: virtio\n    device: cdrom"),
            expected: "templates/cloud.yaml:7:13: a volume disk is a disk, not a cdrom"),
        Case(
            label: "driver type against the format",
            template: ResourceFleet.template.replacingOccurrences(of: "bus: virtio", with: "bus: virtio\n    driver: { type: raw }"),
            expected: "templates/cloud.yaml:7:13: driver type 'raw' differs from the volume's format 'qcow2'"),
        Case(
            label: "image file missing",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(of: "../images/debian.qcow2", with: "../images/nope.qcow2"),
            expected: "inventory/fleet.yaml:9:21: image file '"),
        Case(
            label: "image declared raw but qcow2",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(of: "pool: vf-images }", with: "pool: vf-images, format: raw }"),
            expected: "inventory/fleet.yaml:9:70: image 'debian12' is declared raw but its file is a qcow2 image"),
        Case(
            label: "image pool not declared for the host",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(of: "  vf-images: { path: /var/lib/virtfleet/images }\n", with: ""),
            expected: "templates/cloud.yaml:7:41: image 'debian12' uses pool 'vf-images', which is not declared for host 'kvm1'"),
        Case(
            label: "pool declared absent",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(
                of: "vf-guests: { path: /var/lib/virtfleet/guests }", with: "vf-guests: { path: /var/lib/virtfleet/guests, state: absent }"),
            expected: "templates/cloud.yaml:7:21: volume 'web-01-vda.qcow2' uses pool 'vf-guests', which is declared absent for host 'kvm1'"
        ),
        Case(
            label: "duplicate volume names in one pool on one host",
            guests: "guests:\n  - { name: \"w{{ index }}\", template: cloud, count: 2, host: kvm1 }\n",
            template: volume("{ pool: vf-guests, backing: debian12, name: shared.qcow2 }"),
            expected:
                "templates/cloud.yaml:7:41: volume 'shared.qcow2' in pool 'vf-guests' on host 'kvm1' is made for guest 'w2' and for guest 'w1'"
        ),
        Case(
            label: "a volume named like the image in its pool",
            template: volume("{ pool: vf-images, backing: debian12, name: debian12.qcow2 }"),
            expected:
                "templates/cloud.yaml:7:41: volume 'debian12.qcow2' in pool 'vf-images' on host 'kvm1' is made for guest 'web-01' and for image 'debian12'"
        ),
        Case(
            label: "cloud-init cdrom target with an unknown prefix",
            guests:
                "guests:\n  - name: web-01\n    template: cloud\n    host: kvm1\n    cloud_init: { pool: vf-guests, cdrom: { target: zz9 } }\n",
            expected: "inventory/guests.yaml:5:53: 'zz9' is not a valid disk target — start it with vd, sd, hd, xvd, ubd or fd"),
        Case(
            label: "cloud-init cdrom target naming a partition",
            guests:
                "guests:\n  - name: web-01\n    template: cloud\n    host: kvm1\n    cloud_init: { pool: vf-guests, cdrom: { target: sdb2, bus: sata } }\n",
            expected: "inventory/guests.yaml:5:53: disk target 'sdb2' names a partition — a target names a whole disk: write sdb"),
        Case(
            label: "two dhcp hosts whose guests map to one DHCP name",
            guests: "guests:\n  - { name: web_01, template: cloud, host: kvm1 }\n  - { name: web.01, template: cloud, host: kvm1 }\n",
            fleetFile: ResourceFleet.inventory + "      hosts: [ { guest: web_01, ip: 10.77.0.11 }, { guest: web.01, ip: 10.77.0.12 } ]\n",
            expected:
                "inventory/fleet.yaml:20:60: dhcp hosts 'web_01' and 'web.01' on network 'vf-lab' of host 'kvm1' both get the name 'web-01' — rename one of the guests: a DHCP host name keeps letters, digits and '-' and turns every other character into '-'"
        ),
        Case(
            label: "two dhcp hosts whose names differ only in case",
            guests: "guests:\n  - { name: Web-01, template: cloud, host: kvm1 }\n  - { name: web-01, template: cloud, host: kvm1 }\n",
            fleetFile: ResourceFleet.inventory + "      hosts: [ { guest: Web-01, ip: 10.77.0.11 }, { guest: web-01, ip: 10.77.0.12 } ]\n",
            expected:
                "inventory/fleet.yaml:20:60: dhcp hosts 'Web-01' and 'web-01' on network 'vf-lab' of host 'kvm1' both get the name 'web-01'"
        ),
        Case(
            label: "dhcp host unknown",
            fleetFile: ResourceFleet.inventory + "      hosts: [ { guest: web-1, ip: 10.77.0.11 } ]\n",
            expected: "inventory/fleet.yaml:20:25: dhcp host 'web-1' is not a guest of this fleet — did you mean 'web-01'?"),
        Case(
            label: "dhcp host on another host",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(
                of: "  kvm2: {}",
                with: "  kvm2:\n    networks:\n      own: { ip: 10.9.0.1/24, dhcp: { hosts: [ { guest: web-01, ip: 10.9.0.5 } ] } }"),
            expected: "inventory/fleet.yaml:7:57: dhcp host 'web-01' is not on a host network 'own' of host 'kvm2' is declared for (kvm2)"),
        Case(
            label: "dhcp host without an interface on the network",
            fleetFile: ResourceFleet.inventory + "      hosts: [ { guest: web-01, ip: 10.77.0.11 } ]\n",
            template: ResourceFleet.template.replacingOccurrences(of: "source: vf-lab", with: "source: default"),
            expected:
                "inventory/fleet.yaml:20:25: dhcp host 'web-01' has no interface on network 'vf-lab' — give the guest an interface with type: network, source: vf-lab"
        ),
        Case(
            label: "a guest on a network declared absent",
            fleetFile: ResourceFleet.inventory.replacingOccurrences(of: "mode: nat", with: "mode: nat\n    state: absent"),
            expected: "inventory/guests.yaml:2:5: guest 'web-01' uses network 'vf-lab', which is declared absent for host 'kvm1'"),
    ]

    @Test(arguments: cases)
    func badResourcesGiveOneLocatedLine(_ c: Case) throws {
        let found = try ResourceFleet(guests: c.guests, fleetFile: c.fleetFile, template: c.template).problems()
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix(c.expected) == true, "got: \(found.first ?? "nothing")")
    }

    @Test func aQCOW2ImageThatIsItselfAnOverlayIsRefused() throws {
        let resources = try ResourceFleet(guests: Self.one, qcow2: [:])
        try ResourceFleet.writeQCOW2(at: resources.fleet.path("images/debian.qcow2"), virtualSize: 1 << 30, backingOffset: 512)
        #expect(resources.problems().first?.contains("is itself an overlay (it names a backing file)") == true)
    }

    @Test func aFileThatIsNoQCOW2IsRefusedWithTheFormatToDeclare() throws {
        let resources = try ResourceFleet(guests: Self.one, files: ["images/debian.qcow2": "plain bytes"], qcow2: [:])
        let found = resources.problems()
        #expect(found.count == 1)
        #expect(found.first?.contains("is not a qcow2 image — declare format: raw for a raw disk image") == true, "\(found)")
    }
}

@Suite struct DHCPHostXMLTests {
    @Test func aDHCPHostIsWrittenAsInTheNetworkDocument() {
        #expect(
            DHCPHost(mac: "52:54:00:00:00:01", name: "web-01", ip: "10.0.0.5").xml
                == "<host mac=\"52:54:00:00:00:01\" name=\"web-01\" ip=\"10.0.0.5\"/>\n")
        #expect(DHCPHost(mac: "52:54:00:00:00:01", name: "", ip: "10.0.0.5").xml == "<host mac=\"52:54:00:00:00:01\" ip=\"10.0.0.5\"/>\n")
    }
}
