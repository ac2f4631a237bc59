import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetTestSupport

@testable import VirtFleetInventory

/// An operator's existing Ansible inventory, given with `-i` beside the fleet file, supplies the
/// hypervisors: hosts, groups (children joined), and the connection variables that map.
@Suite struct AnsibleInventoryTests {
    static let fleet = "fleet: lab\nguests: []\n"

    /// A realistic INI inventory: ranges, a ProxyJump through common args, group vars, children,
    /// hosts that are not hypervisors, and `group_vars/` and `host_vars/` beside it.
    static let ini = """
        # Production inventory
        monitor.lab ansible_host=198.51.100.5

        [kvm]
        kvm[01:03].lab ansible_user=ops
        kvm04.lab ansible_host=192.0.2.14 ansible_port=2222 ansible_ssh_common_args='-o ProxyJump=ops@bastion.lab:2200 -o ControlMaster=auto -o StrictHostKeyChecking=accept-new'

        [storage]
        kvm04.lab

        [hypervisors:children]
        kvm
        storage

        [hypervisors:vars]
        ansible_ssh_private_key_file=/keys/ops_ed25519
        virtfleet_uri=qemu:///session
        """

    func load(_ files: [String: String], _ paths: [String]) throws -> Inventory {
        var result: Inventory?
        try withTemporaryDirectory(files) { root in
            result = try InventoryLoader.load(paths: paths.map { root.path($0) })
        }
        return try #require(result)
    }

    @Test func anINIInventorysHostsAndGroupsBecomeHypervisors() throws {
        let inventory = try load(
            [
                "fleet.yaml": Self.fleet, "ansible/hosts": Self.ini,
                "ansible/group_vars/kvm.yml": "ansible_user: virt\n",
                "ansible/host_vars/kvm02.lab.yml": "ansible_host: 192.0.2.12\n",
            ], ["fleet.yaml", "ansible/hosts"])
        #expect(inventory.hosts.map(\.name) == ["kvm01.lab", "kvm02.lab", "kvm03.lab", "kvm04.lab", "monitor.lab"])
        #expect(inventory.group(named: "hypervisors")?.hosts == ["kvm01.lab", "kvm02.lab", "kvm03.lab", "kvm04.lab"])
        #expect(inventory.group(named: "storage")?.hosts == ["kvm04.lab"])

        let kvm01 = try #require(inventory.host(named: "kvm01.lab"))
        #expect(kvm01.access.address == "kvm01.lab", "no ansible_host: the name")
        #expect(kvm01.access.user == "ops", "the host's own value beats group_vars/kvm.yml")
        #expect(kvm01.access.identityFile == "/keys/ops_ed25519", "from [hypervisors:vars]")
        #expect(kvm01.access.uri == "qemu:///session")
        #expect(inventory.host(named: "kvm02.lab")?.access.address == "192.0.2.12", "host_vars/ beats nothing")

        let kvm04 = try #require(inventory.host(named: "kvm04.lab"))
        #expect(kvm04.access.address == "192.0.2.14" && kvm04.access.port == 2222)
        #expect(kvm04.access.user == "virt", "group_vars/kvm.yml: kvm04 has no user of its own")
        #expect(kvm04.access.proxyJump == "ops@bastion.lab:2200")
        #expect(kvm04.access.hostKeyChecking == .acceptNew)
    }

    @Test func aYAMLInventoryWithChildrenAndVars() throws {
        let yaml = """
            all:
              vars:
                ansible_user: admin
              children:
                hypervisors:
                  vars:
                    ansible_port: 2201
                  children:
                    rack1:
                      hosts:
                        hv-a: { ansible_host: 10.0.0.1 }
                        hv-b:
                    rack2:
                      hosts:
                        hv-c: { ansible_user: root }
            """
        let inventory = try load(["fleet.yaml": Self.fleet, "ansible.yml": yaml], ["fleet.yaml", "ansible.yml"])
        #expect(inventory.group(named: "hypervisors")?.hosts == ["hv-a", "hv-b", "hv-c"])
        #expect(inventory.group(named: "rack2")?.hosts == ["hv-c"])
        #expect(inventory.host(named: "hv-a")?.access.address == "10.0.0.1")
        #expect(inventory.host(named: "hv-b")?.access.user == "admin" && inventory.host(named: "hv-b")?.access.port == 2201)
        #expect(inventory.host(named: "hv-c")?.access.user == "root")
    }

    @Test func aHostInBothInventoriesIsALocatedError() throws {
        let fleet = "fleet: lab\nhosts:\n  kvm01.lab: { address: 192.0.2.99 }\n"
        let error = #expect(throws: DiagnosticList.self) {
            _ = try load(["fleet.yaml": fleet, "hosts.ini": "[kvm]\nkvm01.lab\n"], ["fleet.yaml", "hosts.ini"])
        }
        let text = error?.description ?? ""
        #expect(text.contains("host 'kvm01.lab' is already declared at"), "\(text)")
        #expect(text.contains("hosts.ini:2:1"), "\(text)")
    }

    @Test(arguments: [
        ("[kvm\nkvm01\n", "hosts.ini:1:1: section header without ']'"),
        ("[kvm:stuff]\n", "hosts.ini:1:1: unknown section kind ':stuff'"),
        ("[kvm]\nkvm01 ansible_port\n", "hosts.ini:2:7: 'ansible_port' is not NAME=VALUE"),
        ("[kvm]\nkvm[9:1]\n", "hosts.ini:2:1: 'kvm[9:1]' makes more than"),
        ("[kvm]\nkvm[1:999999]\n", "hosts.ini:2:1: 'kvm[1:999999]' makes more than 10000 hosts"),
        (
            "[kvm]\nkvm01 ansible_ssh_common_args='-o ProxyCommand=nc %h %p'\n",
            "virtfleet cannot use '-o ProxyCommand' from the Ansible SSH arguments"
        ),
        ("[kvm]\nkvm01 ansible_ssh_common_args='-o StrictHostKeyChecking=no'\n", "'StrictHostKeyChecking=no'"),
        ("[kvm]\nkvm01 ansible_port=http\n", "hosts.ini:2:20: 'ansible_port' must be a whole number, not 'http'"),
        ("[kvm]\nkvm01 ansible_user='ops\n", "hosts.ini:2:"),
    ])
    func badINIIsALocatedError(text: String, expected: String) throws {
        let error = #expect(throws: DiagnosticList.self) {
            _ = try load(["fleet.yaml": Self.fleet, "hosts.ini": text], ["fleet.yaml", "hosts.ini"])
        }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error")")
    }

    @Test func groupsThatContainEachOtherEndWithoutLooping() throws {
        let ini = "[a]\nh1 ansible_user=one\n[b]\nh2\n[a:children]\nb\n[b:children]\na\n[b:vars]\nansible_port=2201\n"
        let inventory = try load(["fleet.yaml": Self.fleet, "hosts.ini": ini], ["fleet.yaml", "hosts.ini"])
        #expect(inventory.group(named: "a")?.hosts == ["h1", "h2"])
        #expect(inventory.group(named: "b")?.hosts == ["h2", "h1"])
        #expect(inventory.host(named: "h1")?.access.user == "one")
    }

    @Test func hostRangesKeepZeroPaddingAndTakeLetters() throws {
        let at = SourceLocation(file: "h", line: 1, column: 1)
        #expect(try AnsibleINI.expand(.init(text: "kvm[08:11].lab", location: at)) == ["kvm08.lab", "kvm09.lab", "kvm10.lab", "kvm11.lab"])
        #expect(try AnsibleINI.expand(.init(text: "node-[a:c]", location: at)) == ["node-a", "node-b", "node-c"])
        #expect(try AnsibleINI.expand(.init(text: "x[0:10:5]", location: at)) == ["x0", "x5", "x10"])
    }

    @Test func aVirtfleetFileIsNeverTakenForAnAnsibleOne() throws {
        let virtfleet = try YAMLFile.parse("fleet: lab\nhosts:\n  kvm1: {}\n", file: "f.yaml")
        #expect(!AnsibleInventory.isAnsible(virtfleet))
        let typo = try YAMLFile.parse("fleet: lab\nhostss:\n  kvm1: {}\n", file: "f.yaml")
        #expect(!AnsibleInventory.isAnsible(typo), "a misspelt key is still virtfleet's 'did you mean' error")
        let ansible = try YAMLFile.parse("all:\n  hosts:\n    kvm1:\n", file: "a.yaml")
        #expect(AnsibleInventory.isAnsible(ansible))
    }
}
