import Foundation
import Testing
@testable import VirtFleetLibvirt
import VirtFleetTestSupport

/// The local-process transport on its own, with ordinary programs instead of libvirt.
@Suite("ProcessByteStream")
struct ProcessByteStreamTests {
    @Test func bytesGoThroughAProcessAndBack() async throws {
        let stream = try ProcessByteStream(executable: "cat")
        let sent = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        async let echoed: [UInt8] = {
            var received: [UInt8] = []
            while received.count < sent.count, let chunk = try await stream.read() { received += chunk }
            return received
        }()
        for start in stride(from: 0, to: sent.count, by: 70_001) {
            try await stream.write(Array(sent[start..<min(start + 70_001, sent.count)]))
        }
        #expect(try await echoed == sent)
        await stream.close()
        #expect(try await stream.read() == nil)
    }

    @Test func failingHelperReportsItsStatusAndStderr() async throws {
        let stream = try ProcessByteStream(
            executable: "sh", arguments: ["-c", "echo 'cannot connect to the daemon' >&2; exit 3"])
        let error = await #expect(throws: LibvirtConnectionError.self) {
            try await LibvirtConnection.open(stream: stream, uri: "qemu:///system", options: .init(host: "hv9"))
        }
        #expect(error?.kind == .transport)
        #expect(error?.description.contains("host hv9") == true)
        #expect(error?.description.contains("status 3") == true)
        #expect(error?.description.contains("cannot connect to the daemon") == true)
    }

    @Test func closeEndsReadsEvenWhenAGrandchildHoldsThePipes() async throws {
        let stream = try ProcessByteStream(executable: "sh", arguments: ["-c", "sleep 3 & exec cat"])
        try await stream.write([1, 2, 3])
        #expect(try await stream.read() == [1, 2, 3])
        let clock = ContinuousClock()
        let start = clock.now
        await stream.close()
        let end = try await stream.read()
        #expect(end == nil)
        #expect(clock.now - start < .seconds(2))
    }

    @Test func missingExecutableIsALaunchError() {
        #expect(throws: ByteStreamError.launchFailed("no-such-helper-vf: not found in PATH")) {
            try ProcessByteStream(executable: "no-such-helper-vf")
        }
    }
}
