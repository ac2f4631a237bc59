import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// Many calls in flight on one connection against the real daemon. Nothing here is timed:
/// that the calls overlap is shown by holding every reply back until all calls were sent.
/// Timings are measured by the opt-in benchmark below (`scripts/bench-rpc`).
// It defines domains on root's qemu:///system, which is also the testbed's hvsys: it holds the
// testbed hosts (`.changesTestbedHosts`), or a plan made on hvsys meanwhile turns stale.
@Suite("Pipelining on a real daemon", .serialized, .tags(.testbed), .timeLimit(.minutes(2)), .changesTestbedHosts)
struct PipeliningTestbedTests {
    @Test func twoHundredConcurrentXMLCallsEachGetTheirOwnDomain() async throws {
        let connection = try await LocalDaemon.connect()
        try await LocalDaemon.withDomains(connection, label: "pipe", count: 200) { domains in
            let xmls = try await Self.concurrentXML(domains, on: connection)
            #expect(xmls.count == 200)
            for (domain, xml) in zip(domains, xmls) {
                #expect(xml.contains("<name>\(domain.name)</name>"))
                #expect(xml.contains("<uuid>\(domain.uuid.uuidString.lowercased())</uuid>"))
            }
            let details = try await connection.listAllDomainsWithDetails()
            let ours = Set(domains.map(\.uuid))
            let observed = details.filter { ours.contains($0.domain.uuid) }
            #expect(observed.count == 200)
            #expect(observed.allSatisfy { $0.state.state == .shutoff && $0.xml.contains($0.domain.name) })
        }
        await connection.close()
    }

    /// The daemon's replies are held back until the client has sent all 200 calls. A client
    /// that waited for each reply before sending the next call would never get past the gate
    /// (the suite's time limit then fails it); a pipelining one sends all 200 at once.
    @Test func allCallsAreSentBeforeTheFirstReplyIsNeeded() async throws {
        let stream = GatedByteStream(base: try await LocalDaemon.helperStream())
        let connection = try await LibvirtConnection.open(stream: stream, uri: LocalDaemon.uri, options: .init(host: "local"))
        try await LocalDaemon.withDomains(connection, label: "gate", count: 200) { domains in
            await stream.holdReplies(untilCalls: domains.count, of: .domainGetXMLDesc)
            let xmls = try await Self.concurrentXML(domains, on: connection)
            #expect(await stream.callsSentBeforeRelease == 200)
            #expect(await connection.peakInFlightCount == 200)
            // Released in one burst, every reply still found its caller.
            for (domain, xml) in zip(domains, xmls) {
                #expect(xml.contains("<name>\(domain.name)</name>"))
            }
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

/// Opt-in measurement (`scripts/bench-rpc`, i.e. `VIRTFLEET_RPC_BENCH=1`): 1,000 domains observed
/// through one connection, pipelined vs one domain at a time, locally and with a 2 ms round trip.
/// It prints; it asserts no timing.
@Suite(
    "Observe 1,000 domains (opt-in benchmark)", .tags(.testbed), .changesTestbedHosts,
    .enabled(if: ProcessInfo.processInfo.environment["VIRTFLEET_RPC_BENCH"] == "1"))
struct ObserveThousandBenchmarkTestbedTests {
    @Test func observeThousandDomains() async throws {
        for oneWay in [Duration.zero, .milliseconds(1)] {
            let base = try await LocalDaemon.helperStream()
            let stream: any ByteStream = oneWay == .zero ? base : LatencyByteStream(base: base, oneWay: oneWay)
            let connection = try await LibvirtConnection.open(stream: stream, uri: LocalDaemon.uri)
            try await LocalDaemon.withDomains(connection, label: "bench", count: 1000) { domains in
                let clock = ContinuousClock()
                var count = 0
                let pipelined = try await clock.measure { count = try await connection.listAllDomainsWithDetails().count }
                let oneAtATime = try await clock.measure { _ = try await connection.listAllDomainsWithDetails(maxInFlight: 2) }
                let sequentialXML = try await clock.measure {
                    for domain in domains.prefix(200) { _ = try await connection.domainGetXMLDesc(domain, flags: .inactive) }
                }
                let concurrentXML = try await clock.measure {
                    _ = try await PipeliningTestbedTests.concurrentXML(Array(domains.prefix(200)), on: connection)
                }
                #expect(count >= 1000)
                print(
                    "one-way latency \(oneWay): observe 1,000 domains pipelined \(pipelined), one domain at a time \(oneAtATime);"
                        + " 200 getXMLDesc one by one \(sequentialXML), all at once \(concurrentXML)")
            }
            await connection.close()
        }
    }
}
