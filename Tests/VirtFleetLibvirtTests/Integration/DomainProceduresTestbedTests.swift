import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// Define, observe, metadata, lifecycle and errors against the real local daemon.
/// Every domain is named `vftest-rpc-…` and removed again.
// Defines domains on root's qemu:///system, the testbed's hvsys too: holds the testbed hosts.
@Suite("Domain procedures on a real daemon", .tags(.testbed), .changesTestbedHosts)
struct DomainProceduresTestbedTests {
    @Test func definedDomainIsListedShutOffWithItsInactiveXML() async throws {
        let connection = try await LocalDaemon.connect()
        try await LocalDaemon.withDomains(connection, label: "define") { domains in
            let defined = try #require(domains.first)
            #expect(defined.id == -1)

            let listed = try await connection.listAllDomains()
            let match = try #require(listed.first { $0.name == defined.name })
            #expect(match.uuid == defined.uuid)
            #expect(try await connection.domainGetState(match).state == .shutoff)
            let inactiveOnly = try await connection.listAllDomains(flags: [.inactive])
            #expect(inactiveOnly.contains(match))
            #expect(!(try await connection.listAllDomains(flags: [.active])).contains(match))

            let xml = try await connection.domainGetXMLDesc(match, flags: .inactive)
            #expect(xml.contains("<name>\(defined.name)</name>"))
            #expect(xml.contains("<uuid>\(defined.uuid.uuidString.lowercased())</uuid>"))
            #expect(xml.contains("<memory unit='KiB'>65536</memory>"))
            let reference = try LocalDaemon.virsh("dumpxml", "--inactive", defined.name)
            #expect(
                xml.trimmingCharacters(in: .whitespacesAndNewlines)
                    == reference.trimmingCharacters(in: .whitespacesAndNewlines))

            let details = try await connection.listAllDomainsWithDetails()
            let detail = try #require(details.first { $0.domain.uuid == defined.uuid })
            #expect(detail.state.state == .shutoff)
            #expect(detail.xml == xml)
        }
        await connection.close()
    }

    @Test func metadataElementRoundTripsInACustomNamespace() async throws {
        let namespace = "https://virtfleet.dev/test/rpc/1"
        let connection = try await LocalDaemon.connect()
        try await LocalDaemon.withDomains(connection, label: "meta") { domains in
            let domain = try #require(domains.first)
            #expect(try await connection.domainGetMetadata(domain, namespaceURI: namespace, impact: .config) == nil)

            try await connection.domainSetMetadata(
                domain, metadata: "<owner fleet='f1' guest='web &amp; db'>hash-1</owner>", key: "vf",
                namespaceURI: namespace, impact: .config)
            let read = try #require(try await connection.domainGetMetadata(domain, namespaceURI: namespace, impact: .config))
            #expect(read.contains("fleet=\"f1\""))
            #expect(read.contains("web &amp; db"))
            #expect(read.contains(">hash-1</owner>"))
            let xml = try await connection.domainGetXMLDesc(domain, flags: .inactive)
            #expect(xml.contains("xmlns:vf=\"\(namespace)\""))

            try await connection.domainSetMetadata(domain, metadata: nil, key: nil, namespaceURI: namespace, impact: .config)
            #expect(try await connection.domainGetMetadata(domain, namespaceURI: namespace, impact: .config) == nil)
        }
        await connection.close()
    }

    @Test func validateRefusesWhatLibvirtWouldSilentlyDrop() async throws {
        let name = LocalDaemon.uniqueName("invalid")
        // The 2008 spelling: libvirt 9 accepts it without VALIDATE and quietly ignores `sync`.
        let xml = LocalDaemon.domainXML(name: name)
            .replacingOccurrences(of: "</domain>", with: "  <clock sync='localtime'/>\n</domain>")
        let connection = try await LocalDaemon.connect()
        do {
            let unexpected = try await connection.domainDefineXML(xml, flags: .validate, guest: name)
            try await LocalDaemon.removeDomains([unexpected], on: connection)
            Issue.record("VALIDATE accepted the 2008 <clock sync=…> spelling")
        } catch let error as LibvirtError {
            #expect(error.code == .xmlInvalidSchema)
            #expect(error.message?.contains("clock") == true)
            #expect(error.guest == name)
            #expect(error.host == "local")
        }
        // Without the flag the same XML is accepted, which shows the flag reached the server.
        let accepted = try await connection.domainDefineXML(xml, flags: [], guest: name)
        try await LocalDaemon.removeDomains([accepted], on: connection)
        await connection.close()
    }

    @Test func missingDomainIsAStructuredNoDomainError() async throws {
        let name = LocalDaemon.uniqueName("missing")
        let connection = try await LocalDaemon.connect()
        let error = await #expect(throws: LibvirtError.self) {
            try await connection.domainLookupByName(name)
        }
        #expect(error?.code == .noDomain)
        #expect(error?.code.rawValue == 42)
        #expect(error?.message?.contains(name) == true)
        #expect(error?.guest == name)
        #expect(error.map { "\($0)" }?.hasPrefix("host local: guest \(name): ") == true)
        // The connection is still usable after an error reply.
        #expect(!(try await connection.getHostname()).isEmpty)
        await connection.close()
    }

    @Test func startShutdownDestroyUndefine() async throws {
        let connection = try await LocalDaemon.connect()
        let domain = try await LocalDaemon.withDomains(connection, label: "life") { domains in
            let domain = try #require(domains.first)
            try await connection.domainCreate(domain)
            let running = try await connection.domainLookupByName(domain.name)
            #expect(running.id > 0)
            #expect(try await connection.domainGetState(running).state == .running)
            // Asks the guest politely; a guest with no OS ignores it, so stop it hard afterwards.
            try await connection.domainShutdown(running)
            try await connection.domainDestroy(running)
            #expect(try await connection.domainGetState(running).state == .shutoff)
            let again = await #expect(throws: LibvirtError.self) { try await connection.domainDestroy(running) }
            #expect(again?.code == .operationInvalid)
            return domain
        }
        let gone = await #expect(throws: LibvirtError.self) { try await connection.domainLookupByName(domain.name) }
        #expect(gone?.code == .noDomain)
        await connection.close()
    }

    @Test func unknownDriverURIIsRefusedByTheDaemon() async throws {
        let stream = try await LocalDaemon.helperStream()
        let error = await #expect(throws: LibvirtError.self) {
            try await LibvirtConnection.open(stream: stream, uri: "nosuchdriver:///x", options: .init(host: "local"))
        }
        #expect(error?.host == "local")
        #expect(error?.message?.isEmpty == false)
    }

    @Test func callsAfterCloseFailAsClosed() async throws {
        let connection = try await LocalDaemon.connect()
        await connection.close()
        #expect(await !connection.isOpen)
        let error = await #expect(throws: LibvirtConnectionError.self) { try await connection.getHostname() }
        #expect(error?.kind == .closed)
    }
}
