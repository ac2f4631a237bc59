import Foundation

/// A stream commands write text to. Writes are unbuffered, so plan, prompts and progress keep
/// their order when piped; a write that fails (a full disk, a closed pipe) throws, and the
/// command then exits 1 instead of claiming success with nothing written.
public protocol TextOutput: Sendable {
    func write(_ text: String) throws(OutputError)
}

extension TextOutput {
    func line(_ text: String) throws(OutputError) {
        try write(text + "\n")
    }
}

public struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var stream: String
    public var errno: Int32

    public init(stream: String, errno: Int32) {
        self.stream = stream
        self.errno = errno
    }

    public var description: String {
        "cannot write to \(stream): \(String(cString: strerror(errno)))"
    }
}

/// A file descriptor written with `write(2)`, retried on partial writes and interrupts.
public struct FileDescriptorOutput: TextOutput {
    let descriptor: Int32
    let name: String

    public init(_ descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    public func write(_ text: String) throws(OutputError) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(stream: name, errno: errno)
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
