import Foundation
import Testing
import VirtFleetDiagnostics
@testable import VirtFleetInventory

@Suite struct InventoryLoaderTests {
    private func write(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vf-inv-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test func hostDefaultsFollowOpenSSHAndLibvirt() throws {
        let root = try write(["a.yaml": "fleet: f\nhosts:\n  kvm1: {}\n"])
        let host = try #require(try InventoryLoader.load(paths: [root.path]).host(named: "kvm1"))
        #expect(host.access.address == "kvm1")
        #expect(host.access.uri == "qemu:///system")
        #expect(host.access.hostKeyChecking == .strict)
        #expect(host.access.port == nil && host.access.user == nil)
    }

    @Test func relativePathsAreRelativeToTheirFile() throws {
        let root = try write(["sub/a.yaml": "fleet: f\nhosts:\n  kvm1: { identity_file: keys/id, known_hosts: kh }\n"])
        let host = try #require(try InventoryLoader.load(paths: [root.path]).host(named: "kvm1"))
        #expect(host.access.identityFile == root.appendingPathComponent("sub/keys/id").standardizedFileURL.path)
        #expect(host.access.knownHosts == root.appendingPathComponent("sub/kh").standardizedFileURL.path)
    }

    @Test func severalPathsMergeAndGroupsJoinTheirHosts() throws {
        let one = try write(["hosts.yaml": "hosts:\n  hv1: {}\n  hv2: {}\ngroups:\n  tb: { hosts: [hv1] }\n"])
        let two = try write(["fleet.yaml": "fleet: f\ngroups:\n  tb: { hosts: [hv2], vars: { x: 1 } }\n"])
        let inventory = try InventoryLoader.load(paths: [one.path, two.appendingPathComponent("fleet.yaml").path])
        #expect(inventory.fleet == "f")
        #expect(inventory.group(named: "tb")?.hosts == ["hv1", "hv2"])
        #expect(inventory.group(named: "tb")?.vars.map(\.key) == ["x"])
    }

    @Test func aHostDeclaredInTwoFilesIsAnError() throws {
        let root = try write(["a.yaml": "fleet: f\nhosts:\n  kvm1: {}\n", "b.yaml": "hosts:\n  kvm1: {}\n"])
        #expect {
            _ = try InventoryLoader.load(paths: [root.path])
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.first?.description.contains("b.yaml:2:3: host 'kvm1' is already declared at") == true
        }
    }

    @Test func twoDifferentFleetIdsAreAnError() throws {
        let root = try write(["a.yaml": "fleet: f\n", "b.yaml": "fleet: g\n"])
        #expect(throws: DiagnosticList.self) { try InventoryLoader.load(paths: [root.path]) }
    }

    @Test func unknownHostInGroupSuggestsTheClosest() throws {
        let root = try write(["a.yaml": "fleet: f\nhosts:\n  kvm01: {}\ngroups:\n  g: { hosts: [kvm1] }\n"])
        #expect {
            _ = try InventoryLoader.load(paths: [root.path])
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.first?.description.hasSuffix("group 'g' names unknown host 'kvm1' — did you mean 'kvm01'?") == true
        }
    }

    @Test func missingInventoryPathIsAnError() {
        #expect(throws: DiagnosticList.self) { try InventoryLoader.load(paths: ["/nonexistent/inventory"]) }
    }

    @Test(arguments: [("0x1f", 31), ("017", 17), ("08", 8), ("0o17", 15), ("42", 42), ("-3", -3), ("0b101", 5), ("0", 0)])
    func integerLiteralsAcceptHexOctalBinary(text: String, value: Int) {
        #expect(IntegerLiteral.parse(text) == value)
    }

    @Test(arguments: [("017", 15), ("0755", 493), ("0x1f", 31), ("42", 42)])
    func usbStyleLiteralsReadLeadingZerosAsOctal(text: String, value: Int) {
        #expect(IntegerLiteral.parse(text, leadingZeroOctal: true) == value)
    }

    @Test(arguments: ["", "0x", "1_000", "12a"])
    func badIntegerLiteralsAreRejected(text: String) {
        #expect(IntegerLiteral.parse(text) == nil)
        #expect(IntegerLiteral.parse("089", leadingZeroOctal: true) == nil)
    }

    @Test func limitMatchesGlobsAndReportsUnmatchedPatterns() {
        let inventory = Inventory(fleet: "f", hosts: [HypervisorHost(name: "kvm1", location: .file("x"))],
                                  groups: [HostGroup(name: "web", location: .file("x"), hosts: ["kvm1"])])
        let limit = Limit("web,nosuch*")!
        #expect(limit.selects(host: "kvm1", in: inventory))
        #expect(limit.unmatched(in: inventory, guests: []) == ["nosuch*"])
        #expect(Limit("") == nil)
    }
}
