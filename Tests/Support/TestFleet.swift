import Foundation
import VirtFleetDiagnostics
import VirtFleetExpansion
import VirtFleetInventory

/// A throwaway inventory folder: files written by a test, loaded and expanded like real ones.
/// The folder is removed when the value goes away.
public final class TestFleet: Sendable {
    public let root: URL

    public init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vf-test-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    public func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    public func expand(_ inventory: String = "inventory") throws -> [DesiredGuest] {
        try Expander.expand(try InventoryLoader.load(paths: [path(inventory)]))
    }

    /// The problems loading + expanding reports, as printed lines with the temp folder removed.
    public func problems(_ inventory: String = "inventory") -> [String] {
        do {
            _ = try expand(inventory)
            return []
        } catch let list as DiagnosticList {
            return list.diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
        } catch let diagnostic as Diagnostic {
            return [diagnostic.description.replacingOccurrences(of: root.path + "/", with: "")]
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    /// A minimal valid fleet to build variations on.
    public static let hosts = """
        fleet: lab
        templates: ../templates
        hosts:
          kvm1: {}
          kvm2: {}
          kvm3: {}
        groups:
          all3:
            hosts: [kvm1, kvm2, kvm3]
        """

    public static let smallTemplate = """
        type: kvm
        memory: 64MiB
        os: { type: hvm, arch: x86_64 }
        disks:
          - { source: "/images/{{ name }}.qcow2", target: vda, bus: virtio }
        interfaces:
          - { type: network, source: default }
        """
}
