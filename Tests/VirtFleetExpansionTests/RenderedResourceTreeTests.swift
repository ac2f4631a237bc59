import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetTestSupport

@testable import VirtFleetExpansion

/// `render --out` with pools, networks, volumes and seeds: what it writes, and that it still
/// replaces only a folder holding nothing but what a render writes.
@Suite struct RenderedResourceTreeTests {
    static let guests = """
        guests:
          - name: web-01
            template: cloud
            host: kvm1
            cloud_init: { pool: vf-guests, network_config: { version: 2 } }
          - { name: web-02, template: cloud, host: kvm2 }

        """

    private func render(into out: String) throws -> (ResourceFleet, Expansion) {
        let resources = try ResourceFleet(guests: Self.guests)
        let expansion = try resources.expansion()
        try RenderedTree.write(expansion.guests, hosts: expansion.hosts, to: out)
        return (resources, expansion)
    }

    private func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(path), isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    @Test func everyDocumentIsWrittenBesideTheDomainXML() throws {
        try withTemporaryDirectory { root in
            let out = root.path("out")
            let (_, expansion) = try render(into: out)
            #expect(
                files(under: out) == [
                    "kvm1/networks/vf-lab.xml", "kvm1/pools/vf-guests.xml", "kvm1/pools/vf-images.xml",
                    "kvm1/volumes/vf-guests/web-01-cidata.iso.xml", "kvm1/volumes/vf-guests/web-01-vda.qcow2.xml",
                    "kvm1/volumes/vf-images/debian12.qcow2.xml", "kvm1/web-01.cidata/meta-data", "kvm1/web-01.cidata/network-config",
                    "kvm1/web-01.cidata/user-data", "kvm1/web-01.xml",
                    "kvm2/networks/vf-lab.xml", "kvm2/pools/vf-guests.xml", "kvm2/pools/vf-images.xml",
                    "kvm2/volumes/vf-guests/web-02-vda.qcow2.xml", "kvm2/volumes/vf-images/debian12.qcow2.xml", "kvm2/web-02.xml",
                ])
            let seed = try #require(expansion.guests.first?.seed)
            #expect(try String(contentsOfFile: out + "/kvm1/web-01.cidata/user-data", encoding: .utf8) == seed.userData)
            #expect(try String(contentsOfFile: out + "/kvm1/web-01.cidata/meta-data", encoding: .utf8) == seed.metaData)
            #expect(try String(contentsOfFile: out + "/kvm1/web-01.cidata/network-config", encoding: .utf8) == "version: 2\n")
            #expect(try String(contentsOfFile: out + "/kvm1/volumes/vf-guests/web-01-cidata.iso.xml", encoding: .utf8) == seed.xml)
            #expect(try String(contentsOfFile: out + "/kvm2/pools/vf-images.xml", encoding: .utf8) == expansion.hosts[1].pools[1].xml)
            // A second render replaces the first: everything in it is recognised.
            _ = try render(into: out)
            #expect(files(under: out).count == 16)
        }
    }

    /// Each kind of stranger inside an earlier render: the render is refused and the stranger kept.
    @Test(arguments: [
        ("kvm1/web-01.cidata/notes.txt", false), ("kvm1/web-01.cidata/.hidden", false), ("kvm1/pools/readme.txt", false),
        ("kvm1/networks/sub/x.xml", false), ("kvm1/volumes/loose.xml", false), ("kvm1/volumes/vf-guests/keep.qcow2", false),
        ("kvm1/volumes/.p/x.xml", false), ("kvm1/other/x.xml", false), ("kvm1/pools/link.xml", true),
    ])
    func strangersInTheNewFoldersAreNeverReplaced(stranger: String, symlink: Bool) throws {
        try withTemporaryDirectory { root in
            let out = root.path("out")
            _ = try render(into: out)
            let path = out + "/" + stranger
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if symlink {
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/hostname")
            } else {
                try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
            }
            let refused = #expect(throws: Diagnostic.self) { _ = try render(into: out) }
            #expect(
                refused?.message.hasPrefix("output folder holds files virtfleet did not write (kvm1/") == true,
                "\(String(describing: refused))")
            #expect(FileManager.default.fileExists(atPath: path) || symlink)
        }
    }
}
