import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// Host-level procedures against the real local daemon.
@Suite("Host procedures on a real daemon", .tags(.testbed))
struct HostProceduresTestbedTests {
    @Test func hostnameMatchesVirsh() async throws {
        let connection = try await LocalDaemon.connect()
        let hostname = try await connection.getHostname()
        await connection.close()
        #expect(!hostname.isEmpty)
        #expect(hostname == (try LocalDaemon.virsh("hostname").trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func versionsAreLibvirtAndQEMU() async throws {
        let connection = try await LocalDaemon.connect()
        let library = try await connection.getLibVersion()
        let hypervisor = try await connection.getVersion()
        let type = try await connection.getType()
        await connection.close()
        #expect(library >= LibvirtVersion(major: 1, minor: 2, release: 12))  // DEFINE_XML_FLAGS exists since 1.2.12
        #expect(hypervisor.major >= 2)
        #expect(type == "QEMU")
    }

    @Test func nodeInfoMatchesVirsh() async throws {
        let connection = try await LocalDaemon.connect()
        let info = try await connection.nodeGetInfo()
        let capabilities = try await connection.getCapabilities()
        await connection.close()
        let reference = try Self.virshNodeInfo()
        #expect(info.model == reference["CPU model"])
        #expect("\(info.cpus)" == reference["CPU(s)"])
        #expect("\(info.memoryKiB) KiB" == reference["Memory size"])
        #expect("\(info.cores)" == reference["Core(s) per socket"])
        #expect(info.memoryKiB > 0)
        #expect(capabilities.contains("<capabilities>") && capabilities.contains("<arch>x86_64</arch>"))
    }

    /// `virsh nodeinfo` as label → value.
    static func virshNodeInfo() throws -> [String: String] {
        var fields: [String: String] = [:]
        for line in try LocalDaemon.virsh("nodeinfo").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 {
                fields[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return fields
    }
}
