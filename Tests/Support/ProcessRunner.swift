import Foundation

/// What a finished program left behind.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var output: String
    public var errors: String

    /// This result, or a `ProcessFailure` naming the command when it exited non-zero.
    @discardableResult
    public func checked() throws -> ProcessResult {
        guard status == 0 else { throw ProcessFailure(command: command, result: self) }
        return self
    }

    var command: [String] = []
}

public struct ProcessFailure: Error, CustomStringConvertible {
    public let command: [String]
    public let result: ProcessResult

    public var description: String {
        "\(command.joined(separator: " ")) exited with status \(result.status): "
            + result.errors.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A program said something the test cannot read.
public struct UnexpectedOutput: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// The one way tests run a program: to the end, stdin from /dev/null, stdout and stderr collected
/// (stderr on its own thread, so a chatty stderr never blocks the child).
public enum ProcessRunner {
    /// - Parameters:
    ///   - environment: added to (and overriding) this process's environment.
    ///   - directory: the working directory; the repository root by default.
    ///   - captureOutput: false for programs that daemonize and might keep the pipes open.
    ///   - onLine: sees each stdout line as it arrives.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        removingFromEnvironment removed: [String] = [], directory: URL = Repository.root,
        captureOutput: Bool = true, onLine: (@Sendable (String) -> Void)? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for name in removed { merged[name] = nil }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        let command = [executable] + arguments
        guard captureOutput else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return ProcessResult(status: process.terminationStatus, output: "", errors: "", command: command)
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorText = PipeCollector(errors.fileHandleForReading)
        var collected = Data()
        var pending = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
            guard let onLine else { continue }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                onLine(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                pending = Data(pending[(newline + 1)...])
            }
        }
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, output: String(decoding: collected, as: UTF8.self),
            errors: errorText.text(), command: command)
    }
}

/// Reads a pipe to the end on its own thread.
public final class PipeCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    public func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
