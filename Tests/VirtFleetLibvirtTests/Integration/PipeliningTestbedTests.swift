import Foundation
import Testing
@testable import VirtFleetLibvirt
import VirtFleetTestSupport

/// Many calls in flight on one connection against the real daemon. The timings are
/// printed for the record; only the simulated-latency case asserts a ratio, because there
/// the sequential cost is fixed by construction (2 ms per call).
@Suite("Pipelining on a real daemon", .serialized, .tags(.testbed))
struct PipeliningTestbedTests {
    @Test func twoHundredConcurrentXMLCallsEachGetTheirOwnDomain() async throws {
        let connection = try await LocalDaemon.connect()
        try await LocalDaemon.withDomains(connection, label: "pipe", count: 200) { domains in
            let clock = ContinuousClock()
            var xmls: [String] = []
            let pipelined = try await clock.measure {
                xmls = try await Self.concurrentXML(domains, on: connection)
            }
            #expect(xmls.count == 200)
            for (domain, xml) in zip(domains, xmls) {
                #expect(xml.contains("<name>\(domain.name)</name>"))
                #expect(xml.contains("<uuid>\(domain.uuid.uuidString.lowercased())</uuid>"))
            }
            #expect(await connection.peakInFlightCount >= 100)

            let sequential = try await clock.measure {
                for domain in domains { _ = try await connection.domainGetXMLDesc(domain, flags: .inactive) }
            }
            var details: [DomainDetails] = []
            let observe = try await clock.measure { details = try await connection.listAllDomainsWithDetails() }
            let ours = Set(domains.map(\.uuid))
            let observed = details.filter { ours.contains($0.domain.uuid) }
            #expect(observed.count == 200)
            #expect(observed.allSatisfy { $0.state.state == .shutoff && $0.xml.contains($0.domain.name) })
            print("local pipe, 200 getXMLDesc: pipelined \(pipelined), sequential \(sequential);"
                + " listAllDomainsWithDetails (\(details.count) domains, state+XML each) \(observe)")
        }
        await connection.close()
    }

    @Test func pipeliningHidesTheRoundTrip() async throws {
        let stream = LatencyByteStream(base: try await LocalDaemon.helperStream(), oneWay: .milliseconds(1))
        let connection = try await LibvirtConnection.open(stream: stream, uri: LocalDaemon.uri, options: .init(host: "local"))
        try await LocalDaemon.withDomains(connection, label: "rtt", count: 200) { domains in
            let clock = ContinuousClock()
            let pipelined = try await clock.measure { _ = try await Self.concurrentXML(domains, on: connection) }
            let sequential = try await clock.measure {
                for domain in domains { _ = try await connection.domainGetXMLDesc(domain, flags: .inactive) }
            }
            var windows: [String] = []
            for window in [2, 10, 128] {
                let observe = try await clock.measure {
                    _ = try await connection.listAllDomainsWithDetails(maxInFlight: window)
                }
                windows.append("\(window) in flight \(observe)")
            }
            print("simulated 2 ms round trip, 200 getXMLDesc: pipelined \(pipelined), sequential \(sequential);"
                + " listAllDomainsWithDetails: \(windows.joined(separator: ", "))")
            #expect(sequential >= .milliseconds(400))
            // Timings are for the benchmark; what must hold is that the calls really were in flight together.
            #expect(await connection.peakInFlightCount >= 50)
        }
        await connection.close()
    }

    /// All calls issued at once, results in the domains' order.
    static func concurrentXML(_ domains: [DomainReference], on connection: LibvirtConnection) async throws -> [String] {
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, domain) in domains.enumerated() {
                group.addTask { (index, try await connection.domainGetXMLDesc(domain, flags: .inactive)) }
            }
            var xmls = [String](repeating: "", count: domains.count)
            for try await (index, xml) in group { xmls[index] = xml }
            return xmls
        }
    }
}

/// Opt-in measurement (`VIRTFLEET_RPC_BENCH=1`): 1,000 domains observed through one
/// connection, pipelined vs one domain at a time, locally and with a 2 ms round trip.
@Suite("Observe 1,000 domains (opt-in)", .tags(.testbed),
       .enabled(if: ProcessInfo.processInfo.environment["VIRTFLEET_RPC_BENCH"] == "1"))
struct ObserveThousandBenchmarkTestbedTests {
    @Test func observeThousandDomains() async throws {
        for oneWay in [Duration.zero, .milliseconds(1)] {
            let base = try await LocalDaemon.helperStream()
            let stream: any ByteStream = oneWay == .zero ? base : LatencyByteStream(base: base, oneWay: oneWay)
            let connection = try await LibvirtConnection.open(stream: stream, uri: LocalDaemon.uri)
            try await LocalDaemon.withDomains(connection, label: "bench", count: 1000) { _ in
                let clock = ContinuousClock()
                var count = 0
                let pipelined = try await clock.measure { count = try await connection.listAllDomainsWithDetails().count }
                let oneAtATime = try await clock.measure { _ = try await connection.listAllDomainsWithDetails(maxInFlight: 2) }
                #expect(count >= 1000)
                print("1,000 domains, one-way latency \(oneWay): pipelined \(pipelined), one domain at a time \(oneAtATime)")
            }
            await connection.close()
        }
    }
}
