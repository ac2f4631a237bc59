import Foundation

/// Failures of the local byte-stream plumbing (as opposed to libvirt's own errors).
public enum ByteStreamError: Error, Equatable, Sendable, CustomStringConvertible {
    case concurrentRead
    case writeFailed(errno: Int32)
    case closed
    case launchFailed(String)
    /// The process behind the stream ended with a non-zero status; `stderr` is its last output.
    case processExited(status: Int32, stderr: String)

    public var description: String {
        switch self {
        case .concurrentRead: "two readers on one byte stream"
        case let .writeFailed(code): "write to byte stream failed: \(String(cString: strerror(code)))"
        case .closed: "byte stream is closed"
        case let .launchFailed(reason): "could not start the transport process: \(reason)"
        case let .processExited(status, stderr):
            "transport process exited with status \(status)"
                + (stderr.isEmpty ? "" : ": \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
