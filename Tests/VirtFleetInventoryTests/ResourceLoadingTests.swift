import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetTestSupport

@testable import VirtFleetInventory

/// `pools:`, `networks:`, `images:`, guest `cloud_init:` and `delete_volumes:` as the loader reads
/// and checks them: one located line per problem, every problem of a run at once.
@Suite struct ResourceLoadingTests {
    static let base = """
        fleet: lab
        hosts:
          kvm1: {}
          kvm2: {}
        groups:
          web: { hosts: [kvm1, kvm2] }
          db: { hosts: [kvm1] }

        """

    /// The problems loading `text` (after `base`) reports, as printed, with the folder removed.
    private func problems(_ text: String, files: [String: String] = [:]) throws -> [String] {
        try withTemporaryDirectory(files.merging(["inv.yaml": Self.base + text]) { $1 }) { root in
            do {
                _ = try InventoryLoader.load(paths: [root.path("inv.yaml")])
                return []
            } catch let list as DiagnosticList {
                return list.diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
            }
        }
    }

    private func load(_ text: String) throws -> Inventory {
        try withTemporaryDirectory(["inv.yaml": Self.base + text]) { root in try InventoryLoader.load(paths: [root.path("inv.yaml")]) }
    }

    // MARK: Reading

    @Test func poolsNetworksAndImagesAreReadWithTheirDefaults() throws {
        let inventory = try load(
            """
            pools:
              vf-images: { path: /var/lib/virtfleet/images/ }
            networks:
              vf-lab: { ip: 10.77.0.1/24 }
            images:
              debian12: { path: images/d.qcow2, pool: vf-images }
              pinned: { path: /abs/p.img, format: raw, pool: vf-images, sha256: \(String(repeating: "AB", count: 32)) }
            """)
        let pool = try #require(inventory.pools.first)
        #expect(
            (pool.name, pool.type, pool.path, pool.state, pool.autostart) == (
                "vf-images", "dir", "/var/lib/virtfleet/images", .active, true
            ))
        let network = try #require(inventory.networks.first)
        #expect(network.mode == .isolated && network.state == .active && network.autostart && network.bridge == nil)
        #expect(network.ip?.description == "10.77.0.1/24")
        let debian = try #require(inventory.image(named: "debian12"))
        #expect(debian.format == .qcow2 && debian.volume == "debian12.qcow2" && debian.sha256 == nil)
        #expect(debian.path.hasSuffix("/images/d.qcow2") && debian.path.hasPrefix("/"))
        let pinned = try #require(inventory.image(named: "pinned"))
        #expect(pinned.sha256 == String(repeating: "ab", count: 32))
        #expect(pinned.volume == "pinned-abababababab.raw", "content-addressed: NAME-<12 hex>.FORMAT")
    }

    @Test func guestCloudInitAndDeleteVolumesAreRead() throws {
        let inventory = try load(
            """
            templates: t
            guests:
              - name: a
                template: x
                host: kvm1
                delete_volumes: true
                cloud_init:
                  pool: p
                  user_data: { runcmd: [ls] }
                  meta_data_file: seed/meta.yaml
                  network_config: "version: 2"
              - { name: b, template: x, host: kvm1 }
            """)
        let a = inventory.guests[0]
        #expect(a.deleteVolumes)
        let block = try #require(a.cloudInit)
        #expect(block.pool?.scalar == "p")
        guard case .mapping = block.userData, case .file(let path, _) = block.metaData, case .text = block.networkConfig else {
            Issue.record("forms: \(String(describing: block.userData)), \(String(describing: block.metaData))")
            return
        }
        #expect(path.hasSuffix("/seed/meta.yaml"))
        #expect(inventory.guests[1].deleteVolumes == false && inventory.guests[1].cloudInit == nil)
    }

    // MARK: Precedence

    @Test func precedenceOnEachHost() throws {
        let text = """
            fleet: lab
            pools:
              p: { path: /fleet }
              only-fleet: { path: /f }
            hosts:
              kvm1: { pools: { p: { path: /host } } }
              kvm2: {}
              kvm3: {}
            groups:
              web:
                hosts: [kvm1, kvm2]
                pools: { p: { path: /group }, shared: { path: /s } }
              db:
                hosts: [kvm1, kvm2]
                pools: { shared: { path: /s } }
            """
        let inventory = try withTemporaryDirectory(["inv.yaml": text]) { root in try InventoryLoader.load(paths: [root.path("inv.yaml")]) }
        let paths = { (host: String) in inventory.pools(on: host).map { "\($0.name)=\($0.path)" } }
        #expect(paths("kvm1") == ["only-fleet=/f", "p=/host", "shared=/s"])
        #expect(paths("kvm2") == ["only-fleet=/f", "p=/group", "shared=/s"])
        #expect(paths("kvm3") == ["only-fleet=/f", "p=/fleet"])
    }

    @Test func twoGroupsOfOneHostDeclaringANameDifferentlyIsAnErrorNamingBoth() throws {
        let files = [
            "a.yaml": Self.base,
            "b.yaml": "groups:\n  web: { networks: { n: { mode: nat } } }\n  db: { networks: { n: { mode: isolated } } }\n",
        ]
        let lines = try withTemporaryDirectory(files) { root -> [String] in
            do {
                _ = try InventoryLoader.load(paths: [root.path])
                return []
            } catch let list as DiagnosticList {
                return list.diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
            }
        }
        #expect(
            lines == [
                "b.yaml:2:22: network 'n' is declared differently by group 'db' (b.yaml:3:21) and group 'web', which both hold host 'kvm1'"
                    + " — declare it the same way in both groups, or once for the host (a host's own declaration wins)"
            ])
    }

    @Test func aHostsOwnDeclarationSettlesAGroupConflict() throws {
        let files = [
            "a.yaml": Self.base.replacingOccurrences(of: "kvm1: {}", with: "kvm1: { networks: { n: { mode: nat } } }"),
            "b.yaml": "groups:\n  web: { networks: { n: { mode: nat } } }\n  db: { networks: { n: { mode: isolated } } }\n",
        ]
        let inventory = try withTemporaryDirectory(files) { root in try InventoryLoader.load(paths: [root.path]) }
        #expect(inventory.networks(on: "kvm1").map(\.mode) == [.nat])
    }

    @Test func aFleetPoolDeclaredInTwoFilesMergesWhenIdenticalAndIsAnErrorOtherwise() throws {
        let same = ["a.yaml": Self.base + "pools: { p: { path: /x } }\n", "b.yaml": "pools: { p: { path: /x/ } }\n"]
        let merged = try withTemporaryDirectory(same) { root in try InventoryLoader.load(paths: [root.path]) }
        #expect(merged.pools.count == 1)
        let different = ["a.yaml": Self.base + "pools: { p: { path: /x } }\n", "b.yaml": "pools: { p: { path: /y } }\n"]
        let lines = try withTemporaryDirectory(different) { root -> [String] in
            do {
                _ = try InventoryLoader.load(paths: [root.path])
                return []
            } catch let list as DiagnosticList {
                return list.diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
            }
        }
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("b.yaml:1:10: pool 'p' of fleet is declared differently at ") == true)
    }

    // MARK: One located line per problem

    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var text: String
        var expected: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "pool type other than dir", text: "pools:\n  p: { type: logical, path: /x }\n",
            expected:
                "inv.yaml:9:14: pool type 'logical': only dir pools are supported — use type: dir (a folder on the host), or leave 'type' out"
        ),
        Case(
            label: "relative pool path", text: "pools:\n  p: { path: images }\n",
            expected: "inv.yaml:9:14: pool path 'images' is not absolute"),
        Case(
            label: "pool path with ..", text: "pools:\n  p: { path: /srv/../etc }\n",
            expected: "inv.yaml:9:14: pool path '/srv/../etc' is not a plain folder path"),
        Case(
            label: "pool without path", text: "pools:\n  p: { state: active }\n",
            expected: "inv.yaml:9:6: pool 'p' is missing required key 'path'"),
        Case(
            label: "unknown pool key", text: "pools:\n  p: { path: /x, autostrat: true }\n",
            expected: "inv.yaml:9:18: unknown key 'autostrat' in pool 'p' — did you mean 'autostart'?"),
        Case(
            label: "unknown pool state", text: "pools:\n  p: { path: /x, state: running }\n",
            expected: "inv.yaml:9:25: 'running' is not a valid state — expected one of: 'defined', 'active', 'absent'"),
        Case(
            label: "bad pool name", text: "pools:\n  ../p: { path: /x }\n",
            expected: "inv.yaml:9:3: '../p' is not a valid pool name"),
        Case(
            label: "bridge name too long", text: "networks:\n  n: { bridge: virtfleet-bridge0 }\n",
            expected: "inv.yaml:9:16: bridge name 'virtfleet-bridge0' has 17 characters, more than the 15 Linux allows"),
        Case(
            label: "bridge name with a slash", text: "networks:\n  n: { bridge: a/b }\n",
            expected: "inv.yaml:9:16: 'a/b' is not a valid bridge name"),
        Case(
            label: "ip with mode bridge", text: "networks:\n  n: { mode: bridge, bridge: br0, ip: 10.0.0.1/24 }\n",
            expected: "inv.yaml:9:39: 'ip' does not apply to mode bridge"),
        Case(
            label: "mode bridge without bridge", text: "networks:\n  n: { mode: bridge }\n",
            expected: "inv.yaml:9:3: network 'n' has mode bridge but no 'bridge'"),
        Case(
            label: "IPv6", text: "networks:\n  n: { ip: 'fd00::1/64' }\n",
            expected: "inv.yaml:9:12: 'fd00::1/64': only IPv4 networks are supported"),
        Case(
            label: "ip without prefix", text: "networks:\n  n: { ip: 10.0.0.1 }\n",
            expected: "inv.yaml:9:12: '10.0.0.1' is not an IPv4 address with a prefix length"),
        Case(
            label: "ip is the network address", text: "networks:\n  n: { ip: 10.0.0.0/24 }\n",
            expected: "inv.yaml:9:12: '10.0.0.0/24' is the network address of 10.0.0.0/24"),
        Case(
            label: "unknown network mode", text: "networks:\n  n: { mode: routed }\n",
            expected: "inv.yaml:9:14: 'routed' is not a valid mode — expected one of: 'isolated', 'nat', 'bridge'"),
        Case(
            label: "dhcp without ip", text: "networks:\n  n: { dhcp: { range: { start: 10.0.0.2, end: 10.0.0.9 } } }\n",
            expected: "inv.yaml:9:14: 'dhcp' needs the network's 'ip'"),
        Case(
            label: "dhcp range outside the subnet",
            text: "networks:\n  n: { ip: 10.0.0.1/24, dhcp: { range: { start: 10.0.1.2, end: 10.0.0.9 } } }\n",
            expected:
                "inv.yaml:9:49: range start 10.0.1.2 is outside the network 10.0.0.0/24 — use an address between 10.0.0.1 and 10.0.0.254"),
        Case(
            label: "dhcp range on the broadcast address",
            text: "networks:\n  n: { ip: 10.0.0.1/24, dhcp: { range: { start: 10.0.0.2, end: 10.0.0.255 } } }\n",
            expected: "inv.yaml:9:64: range end 10.0.0.255 is outside the network 10.0.0.0/24"),
        Case(
            label: "reversed dhcp range",
            text: "networks:\n  n: { ip: 10.0.0.1/24, dhcp: { range: { start: 10.0.0.9, end: 10.0.0.2 } } }\n",
            expected: "inv.yaml:9:64: dhcp range is reversed: end 10.0.0.2 comes before start 10.0.0.9 — swap start and end"),
        Case(
            label: "dhcp host outside the subnet",
            text: "networks:\n  n: { ip: 10.0.0.1/24, dhcp: { hosts: [ { guest: a, ip: 10.9.0.5 } ] } }\n",
            expected: "inv.yaml:9:58: dhcp host ip 10.9.0.5 is outside the network 10.0.0.0/24"),
        Case(
            label: "dhcp host on the host's own address",
            text: "networks:\n  n: { ip: 10.0.0.1/24, dhcp: { hosts: [ { guest: a, ip: 10.0.0.1 } ] } }\n",
            expected: "inv.yaml:9:58: dhcp host ip 10.0.0.1 is the host's own address on this network"),
        Case(
            label: "one dhcp address twice",
            text: "networks:\n  n: { ip: 10.0.0.1/24, dhcp: { hosts: [ { guest: a, ip: 10.0.0.5 }, { guest: b, ip: 10.0.0.5 } ] } }\n",
            expected: "inv.yaml:9:86: dhcp host ip 10.0.0.5 is already given to another guest (at inv.yaml:9:58)"),
        Case(
            label: "one guest twice in dhcp",
            text: "networks:\n  n: { ip: 10.0.0.1/24, dhcp: { hosts: [ { guest: a, ip: 10.0.0.5 }, { guest: a, ip: 10.0.0.6 } ] } }\n",
            expected: "inv.yaml:9:79: guest 'a' has a dhcp host entry already (at inv.yaml:9:51)"),
        Case(
            label: "ip with a leading zero", text: "networks:\n  n: { ip: 10.0.0.01/24 }\n",
            expected: "inv.yaml:9:12: '10.0.0.01/24' is not an IPv4 address with a prefix length"),
        Case(
            label: "sha256 not 64 hex", text: "images:\n  i: { path: x.img, pool: p, sha256: abc123 }\n",
            expected: "inv.yaml:9:38: sha256 must be 64 hex digits — copy the output of 'sha256sum x.img'"),
        Case(
            label: "image without pool", text: "images:\n  i: { path: x.img }\n",
            expected: "inv.yaml:9:6: image 'i' is missing required key 'pool'"),
        Case(
            label: "image volume that is a path", text: "images:\n  i: { path: x.img, pool: p, volume: ../etc/passwd }\n",
            expected:
                "inv.yaml:9:38: volume name '../etc/passwd' is a path — a volume name is one file name in its pool's folder, without '/' or '..'"
        ),
        Case(
            label: "unknown image format", text: "images:\n  i: { path: x.img, pool: p, format: vmdk }\n",
            expected: "inv.yaml:9:38: 'vmdk' is not a valid format — expected one of: 'qcow2', 'raw'"),
        Case(
            label: "unknown cloud_init key",
            text: "guests:\n  - { name: a, template: t, host: kvm1, cloud_init: { pool: p, userdata: {} } }\n",
            expected: "inv.yaml:9:64: unknown key 'userdata' in cloud_init — did you mean 'user_data'?"),
        Case(
            label: "user_data and user_data_file",
            text: "guests:\n  - { name: a, template: t, host: kvm1, cloud_init: { user_data: {}, user_data_file: u } }\n",
            expected: "inv.yaml:9:70: cloud_init takes either 'user_data' or 'user_data_file', not both — keep one of them"),
        Case(
            label: "user_data as a list",
            text: "guests:\n  - { name: a, template: t, host: kvm1, cloud_init: { user_data: [a] } }\n",
            expected: "inv.yaml:9:66: 'user_data' must be a mapping or a string, not a list"),
        Case(
            label: "delete_volumes not a boolean",
            text: "guests:\n  - { name: a, template: t, host: kvm1, delete_volumes: sometimes }\n",
            expected: "inv.yaml:9:57: 'delete_volumes' must be true or false, not 'sometimes'"),
        Case(
            label: "unknown network key",
            text: "networks:\n  n: { dchp: {} }\n",
            expected: "inv.yaml:9:8: unknown key 'dchp' in network 'n' — did you mean 'dhcp'?"),
        Case(
            label: "a name with a control character", text: "pools:\n  \"p\\x01\": { path: /x }\n",
            expected: "inv.yaml:9:3: value contains the control character U+0001"),
    ]

    @Test(arguments: cases)
    func badDeclarationsGiveOneLocatedLine(_ c: Case) throws {
        let found = try problems(c.text)
        if c.expected.isEmpty {
            #expect(found == [], "\(c.label)")
            return
        }
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix(c.expected) == true, "got: \(found.first ?? "nothing")")
    }

    @Test func everyBadEntryIsReportedInOneRun() throws {
        let found = try problems(
            """
            pools:
              a: { type: zfs, path: /a }
              b: { path: relative }
            networks:
              n: { bridge: much-too-long-bridge }
              m: { mode: nope }
              o: { ip: 300.0.0.1/8 }
            images:
              i: { path: x, pool: p, sha256: 12 }
            """)
        #expect(found.count == 6, "\(found)")
    }

    // MARK: Addresses

    @Test(arguments: [
        ("10.0.0.1", true), ("255.255.255.255", true), ("0.0.0.0", true), ("1.2.3", false), ("1.2.3.4.5", false),
        ("256.1.1.1", false), ("01.2.3.4", false), ("1.2.3.-4", false), ("a.b.c.d", false), ("", false), ("1..2.3", false),
        ("١.٢.٣.٤", false),
    ])
    func ipv4AddressesAreStrict(text: String, valid: Bool) {
        #expect((IPv4Address(text) != nil) == valid)
        if valid { #expect(IPv4Address(text)?.description == text) }
    }

    @Test func subnetsKnowTheirHostAddresses() throws {
        let net = try #require(IPv4Interface("192.168.10.77/28"))
        #expect(net.network.description == "192.168.10.64" && net.broadcast.description == "192.168.10.79")
        #expect(net.containsHost(try #require(IPv4Address("192.168.10.65"))))
        #expect(!net.containsHost(try #require(IPv4Address("192.168.10.64"))))
        #expect(!net.containsHost(try #require(IPv4Address("192.168.10.80"))))
        #expect(IPv4Interface("10.0.0.1/31") == nil && IPv4Interface("10.0.0.1/0") == nil && IPv4Interface("10.0.0.1/024") == nil)
    }

    /// 10,000 static entries are read with set lookups, not pairwise comparisons.
    @Test func tenThousandDHCPHostsLoad() throws {
        let hosts = (0..<10_000).map { "      - { guest: g\($0), ip: 10.77.\($0 / 250).\($0 % 250 + 2) }" }.joined(separator: "\n")
        let inventory = try load("networks:\n  n:\n    ip: 10.77.255.1/16\n    dhcp:\n      hosts:\n" + hosts + "\n")
        #expect(inventory.networks.first?.dhcpHosts.count == 10_000)
    }
}

@Suite struct InventoryFolderTests {
    /// cloud-init documents beside the inventory are not read as inventory files.
    @Test func cloudInitAndTemplateFoldersAreNotReadAsInventory() throws {
        let files = [
            "inv/fleet.yaml": "fleet: f\nhosts: { kvm1: {} }\n",
            "inv/cloud-init/user-data.yaml": "#cloud-config\npackages: [vim]\n",
            "inv/templates/t.yaml": "memory: 1GiB\n",
            "inv/more/hosts.yaml": "hosts: { kvm2: {} }\n",
        ]
        let found = try withTemporaryDirectory(files) { root in try InventoryFiles.resolve([root.path("inv")]) }
        #expect(found.map { ($0 as NSString).lastPathComponent } == ["fleet.yaml", "hosts.yaml"])
    }
}
