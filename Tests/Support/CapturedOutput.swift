import Foundation
import VirtFleetCLI

/// Text written by a command, kept for the test to read.
public final class CapturedOutput: TextOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    /// When set, every write fails as a full disk would.
    public let failing: Bool

    public init(failing: Bool = false) {
        self.failing = failing
    }

    public func write(_ text: String) throws(OutputError) {
        if failing { throw OutputError(stream: "standard output", errno: ENOSPC) }
        lock.withLock { buffer += text }
    }

    public var text: String { lock.withLock { buffer } }
}
