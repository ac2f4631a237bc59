import Foundation
import VirtFleetLibvirt

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A byte stream to a local process's stdin/stdout, e.g. `virt-ssh-helper qemu:///system`
/// (what the remote end of an SSH exec channel runs) or `nc -U /run/libvirt/libvirt-sock`.
/// Only the tests use it, to reach the local daemon without SSH; virtfleet itself goes over
/// SSH (`VirtFleetRemote.SSHByteStream`).
///
/// Reads happen on a dedicated thread and writes on a serial dispatch queue, never on
/// Swift's cooperative pool. When the process ends with a non-zero status, the last
/// read throws `ByteStreamError.processExited` carrying its stderr, so "cannot connect
/// to the daemon" reaches the caller in the helper's own words.
public final class ProcessByteStream: ByteStream, @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let incoming = ChunkQueue()
    private let writeQueue = DispatchQueue(label: "virtfleet.process-byte-stream.write")
    private let stderrTail = StderrTail()
    private let stderrDone = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var inputClosed = false

    /// Starts `executable` with `arguments`. A bare name is looked up in `PATH`.
    public init(executable: String, arguments: [String] = [], environment: [String: String]? = nil) throws {
        Self.ignoreSIGPIPE
        guard let path = Self.resolve(executable) else {
            throw ByteStreamError.launchFailed("\(executable): not found in PATH")
        }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw ByteStreamError.launchFailed("\(path): \(error.localizedDescription)")
        }
        startReaders()
    }

    /// A stream dropped without `close()` must not leave its process behind.
    deinit {
        if process.isRunning { process.terminate() }
    }

    /// `virt-ssh-helper URI`: connects to the daemon serving `uri` (starting a session daemon if needed).
    public static func virtSSHHelper(uri: String) throws -> ProcessByteStream {
        try ProcessByteStream(executable: "virt-ssh-helper", arguments: [uri])
    }

    public var processIdentifier: Int32 { process.processIdentifier }

    public func write(_ bytes: [UInt8]) async throws {
        let fd = input.fileHandleForWriting.fileDescriptor
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            writeQueue.async { [self] in
                if isInputClosed { return continuation.resume(throwing: ByteStreamError.closed) }
                var offset = 0
                while offset < bytes.count {
                    let written = bytes.withUnsafeBytes { raw in
                        systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                    }
                    if written < 0 {
                        let code = errno
                        if code == EINTR { continue }
                        return continuation.resume(throwing: exitError(afterWriteFailure: code))
                    }
                    offset += written
                }
                continuation.resume()
            }
        }
    }

    public func read() async throws -> [UInt8]? {
        try await incoming.next()
    }

    /// Closes stdin (the helper exits on EOF), gives the process half a second, then
    /// SIGTERM, then SIGKILL. Reads return nil afterwards, also when a grandchild still
    /// holds the pipes (Foundation then also reports the process as running until the
    /// grandchild is gone, so this does not wait for that).
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            writeQueue.async { [self] in
                lock.lock()
                let wasClosed = inputClosed
                inputClosed = true
                lock.unlock()
                if !wasClosed { try? input.fileHandleForWriting.close() }
                if !waitForExit(seconds: 0.5) {
                    process.terminate()
                    if !waitForExit(seconds: 0.5) { kill(process.processIdentifier, SIGKILL) }
                }
                incoming.finish()
                continuation.resume()
            }
        }
    }

    /// A write that failed because the process is gone (EPIPE) reports why it is gone, as the
    /// last read does: its exit status and stderr, not just "broken pipe".
    private func exitError(afterWriteFailure code: Int32) -> ByteStreamError {
        guard code == EPIPE, waitForExit(seconds: 2), process.terminationReason == .exit,
            process.terminationStatus != 0
        else { return .writeFailed(errno: code) }
        if stderrDone.wait(timeout: .now() + 2) == .success { stderrDone.signal() }
        return .processExited(status: process.terminationStatus, stderr: stderrTail.text)
    }

    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        return !process.isRunning
    }

    private var isInputClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return inputClosed
    }

    private func startReaders() {
        let stdoutFD = output.fileHandleForReading.fileDescriptor
        let stderrFD = errors.fileHandleForReading.fileDescriptor
        let errorThread = Thread { [stderrTail, stderrDone] in
            Self.drain(stderrFD) { stderrTail.append($0) }
            stderrDone.signal()
        }
        errorThread.name = "virtfleet stderr \(process.processIdentifier)"
        errorThread.start()
        let readerThread = Thread { [self] in
            Self.drain(stdoutFD) { incoming.push($0) }
            // Bounded waits: a grandchild may keep stderr open, or the process may linger.
            if stderrDone.wait(timeout: .now() + 2) == .success { stderrDone.signal() }  // others may wait too
            if waitForExit(seconds: 2), process.terminationReason == .exit, process.terminationStatus != 0 {
                incoming.finish(
                    throwing: ByteStreamError.processExited(
                        status: process.terminationStatus, stderr: stderrTail.text))
            } else {
                incoming.finish()
            }
        }
        readerThread.name = "virtfleet stdout \(process.processIdentifier)"
        readerThread.start()
    }

    /// Blocking reads until end of file.
    private static func drain(_ fd: Int32, _ deliver: ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                deliver(Array(buffer[0..<count]))
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    private static func resolve(_ executable: String) -> String? {
        if executable.contains("/") { return executable }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        for directory in ["/usr/sbin", "/sbin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(executable)") {
            return "\(directory)/\(executable)"
        }
        return nil
    }

    /// A write to a pipe whose reader has exited must fail with EPIPE, not kill the process.
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
