import Foundation
import VirtFleetDiagnostics
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetExpansion

/// A fleet with pools, a network, a base image file and a structured `cloud` template, to vary
/// per test. Images are written as qcow2 headers (all expansion reads) or raw bytes.
struct ResourceFleet {
    static let inventory = """
        fleet: lab
        templates: ../templates
        hosts:
          kvm1: {}
          kvm2: {}
        groups:
          all: { hosts: [kvm1, kvm2] }
        images:
          debian12: { path: ../images/debian.qcow2, pool: vf-images }
        pools:
          vf-images: { path: /var/lib/virtfleet/images }
          vf-guests: { path: /var/lib/virtfleet/guests }
        networks:
          vf-lab:
            mode: nat
            bridge: vfbr-lab
            ip: 10.77.0.1/24
            dhcp:
              range: { start: 10.77.0.100, end: 10.77.0.199 }

        """

    static let template = """
        type: kvm
        memory: 512MiB
        os: { type: hvm, arch: x86_64 }
        disks:
          - target: vda
            bus: virtio
            volume: { pool: vf-guests, backing: debian12 }
        interfaces:
          - { type: network, source: vf-lab }

        """

    /// 2 GiB, the base image's virtual size.
    static let imageSize: UInt64 = 2 << 30

    let fleet: TestFleet

    /// - Parameters:
    ///   - fleetFile: `inventory/fleet.yaml` (hosts, resources); `guests` goes to `inventory/guests.yaml`.
    ///   - files: more files by path, written as they are.
    init(
        guests: String, fleetFile: String = inventory, template: String = template, files: [String: String] = [:],
        qcow2: [String: UInt64] = ["images/debian.qcow2": imageSize]
    ) throws {
        var all = ["inventory/fleet.yaml": fleetFile, "inventory/guests.yaml": guests, "templates/cloud.yaml": template]
        all.merge(files) { $1 }
        fleet = try TestFleet(all)
        for (path, size) in qcow2 { try Self.writeQCOW2(at: fleet.path(path), virtualSize: size) }
    }

    /// A qcow2 version 3 header (magic, version, no backing file, cluster bits, size), padded to 512 bytes.
    static func writeQCOW2(at path: String, virtualSize: UInt64, backingOffset: UInt64 = 0) throws {
        var bytes: [UInt8] = [0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3]
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: backingOffset >> (8 * UInt64($0))) }
        bytes += [0, 0, 0, 0, 0, 0, 0, 16]
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: virtualSize >> (8 * UInt64($0))) }
        bytes += [UInt8](repeating: 0, count: 512 - bytes.count)
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func expansion() throws -> Expansion {
        try Expander.expansion(try InventoryLoader.load(paths: [fleet.path("inventory")]))
    }

    func guest(_ name: String) throws -> DesiredGuest {
        guard let guest = try expansion().guests.first(where: { $0.name == name }) else {
            throw Diagnostic("no guest \(name)", at: nil)
        }
        return guest
    }

    func host(_ name: String) throws -> DesiredHost? {
        try expansion().hosts.first { $0.host == name }
    }

    func problems() -> [String] { fleet.problems() }
}
