import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// The local-process transport the libvirt tests use, with ordinary programs instead of libvirt.
/// The time limit only stops a broken stream from hanging the run; nothing is timed.
/// Serialized: a child started while another test's pipes are open inherits them (Foundation's
/// Process does not close them in the child), and then that test's EOF waits for it.
@Suite("ProcessByteStream", .serialized, .timeLimit(.minutes(1)))
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

    /// The grandchild keeps the pipes open for ten minutes: reads end because `close()` ends
    /// them, not because the pipes closed, and the grandchild is shown to be alive at that point.
    /// It keeps only stdin, stdout and stderr, not whatever else it inherited.
    @Test func closeEndsReadsEvenWhenAGrandchildHoldsThePipes() async throws {
        try await withTemporaryDirectory { scratch in
            let pidFile = scratch.path("grandchild.pid")
            let sleeper =
                #"for fd in /proc/$$/fd/*; do n=${fd##*/}; if [ "$n" -gt 2 ] && [ -e "$fd" ]; then exec {n}>&-; fi; done; exec sleep 600"#
            let stream = try ProcessByteStream(
                executable: "sh", arguments: ["-c", "bash -c '\(sleeper)' & echo $! > \(pidFile); exec cat"])
            try await stream.write([1, 2, 3])
            #expect(try await stream.read() == [1, 2, 3])  // cat runs, so the pid file is written
            let grandchild = try #require(
                Int32(
                    String(contentsOfFile: pidFile, encoding: .utf8)
                        .trimmingCharacters(in: .whitespacesAndNewlines)))
            defer { kill(grandchild, SIGKILL) }
            await stream.close()
            #expect(try await stream.read() == nil)
            #expect(kill(grandchild, 0) == 0, "the grandchild still holds the pipes")
        }
    }

    @Test func missingExecutableIsALaunchError() {
        #expect(throws: ByteStreamError.launchFailed("no-such-helper-vf: not found in PATH")) {
            try ProcessByteStream(executable: "no-such-helper-vf")
        }
    }
}
