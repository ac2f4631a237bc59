@testable import VirtFleetLibvirt

/// Adds a fixed delay to every write and every chunk read, to see how call patterns behave
/// when the daemon is a network round trip away (as over SSH) rather than a local pipe.
struct LatencyByteStream: ByteStream {
    let base: any ByteStream
    let oneWay: Duration

    func write(_ bytes: [UInt8]) async throws {
        try await Task.sleep(for: oneWay)
        try await base.write(bytes)
    }

    func read() async throws -> [UInt8]? {
        guard let chunk = try await base.read() else { return nil }
        try await Task.sleep(for: oneWay)
        return chunk
    }

    func close() async { await base.close() }
}
