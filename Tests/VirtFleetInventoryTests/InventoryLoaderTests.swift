import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetTestSupport

@testable import VirtFleetInventory

@Suite struct InventoryLoaderTests {
    @Test func hostDefaultsFollowOpenSSHAndLibvirt() throws {
        try withTemporaryDirectory(["a.yaml": "fleet: f\nhosts:\n  kvm1: {}\n"]) { root in
            let host = try #require(try InventoryLoader.load(paths: [root.path]).host(named: "kvm1"))
            #expect(host.access.address == "kvm1")
            #expect(host.access.uri == "qemu:///system")
            #expect(host.access.hostKeyChecking == .strict)
            #expect(host.access.port == nil && host.access.user == nil)
        }
    }

    @Test func relativePathsAreRelativeToTheirFile() throws {
        try withTemporaryDirectory(["sub/a.yaml": "fleet: f\nhosts:\n  kvm1: { identity_file: keys/id, known_hosts: kh }\n"]) { root in
            let host = try #require(try InventoryLoader.load(paths: [root.path]).host(named: "kvm1"))
            #expect(host.access.identityFile == root.url.appendingPathComponent("sub/keys/id").standardizedFileURL.path)
            #expect(host.access.knownHosts == root.url.appendingPathComponent("sub/kh").standardizedFileURL.path)
        }
    }

    @Test func severalPathsMergeAndGroupsJoinTheirHosts() throws {
        try withTemporaryDirectory([
            "one/hosts.yaml": "hosts:\n  hv1: {}\n  hv2: {}\ngroups:\n  tb: { hosts: [hv1] }\n",
            "two/fleet.yaml": "fleet: f\ngroups:\n  tb: { hosts: [hv2], vars: { x: 1 } }\n",
        ]) { root in
            let inventory = try InventoryLoader.load(paths: [root.path("one"), root.path("two/fleet.yaml")])
            #expect(inventory.fleet == "f")
            #expect(inventory.group(named: "tb")?.hosts == ["hv1", "hv2"])
            #expect(inventory.group(named: "tb")?.vars.map(\.key) == ["x"])
        }
    }

    @Test func aHostDeclaredInTwoFilesIsAnError() throws {
        try withTemporaryDirectory(["a.yaml": "fleet: f\nhosts:\n  kvm1: {}\n", "b.yaml": "hosts:\n  kvm1: {}\n"]) { root in
            let error = #expect(throws: DiagnosticList.self) { try InventoryLoader.load(paths: [root.path]) }
            #expect(error?.diagnostics.first?.description.contains("b.yaml:2:3: host 'kvm1' is already declared at") == true)
        }
    }

    @Test func twoDifferentFleetIdsAreAnError() throws {
        try withTemporaryDirectory(["a.yaml": "fleet: f\n", "b.yaml": "fleet: g\n"]) { root in
            let error = #expect(throws: DiagnosticList.self) { try InventoryLoader.load(paths: [root.path]) }
            #expect(error?.diagnostics.count == 1)
            #expect(error?.diagnostics.first?.description.contains("b.yaml:1:8: fleet is 'g' here but 'f' at") == true)
        }
    }

    @Test func unknownHostInGroupSuggestsTheClosest() throws {
        try withTemporaryDirectory(["a.yaml": "fleet: f\nhosts:\n  kvm01: {}\ngroups:\n  g: { hosts: [kvm1] }\n"]) { root in
            let error = #expect(throws: DiagnosticList.self) { try InventoryLoader.load(paths: [root.path]) }
            #expect(error?.diagnostics.first?.description.hasSuffix("group 'g' names unknown host 'kvm1' — did you mean 'kvm01'?") == true)
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

    @Test(arguments: [
        ("", false), ("0x", false), ("1_000", false), ("12a", false), ("0b2", false), ("0x1g", false),
        ("089", true), ("0o8", true), ("0x", true), ("", true),
    ])
    func badIntegerLiteralsAreRejected(text: String, leadingZeroOctal: Bool) {
        #expect(IntegerLiteral.parse(text, leadingZeroOctal: leadingZeroOctal) == nil)
    }

    @Test(arguments: ["--1", "+-1", "-+1", "0x-1", "0b+1"])
    func aSecondSignIsRejected(text: String) {
        #expect(IntegerLiteral.parse(text) == nil)
    }

    @Test func limitMatchesGlobsAndReportsUnmatchedPatterns() {
        let inventory = Inventory(
            fleet: "f", hosts: [HypervisorHost(name: "kvm1", location: .file("x"))],
            groups: [HostGroup(name: "web", location: .file("x"), hosts: ["kvm1"])])
        let limit = Limit("web,nosuch*")!
        #expect(limit.selects(host: "kvm1", in: inventory))
        #expect(limit.unmatched(in: inventory, guests: []) == ["nosuch*"])
        #expect(Limit("") == nil)
    }
}
