import Foundation

/// The repository, the built CLI and the testbed that `scripts/testbed up` brought up.
enum Testbed {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let hostsFile = root.appendingPathComponent(".testbed/hosts.yaml").path
    static let hosts = ["hv1", "hv2", "hv3"]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The CLI built next to the tests (`VIRTFLEET_BIN` overrides).
    static var binary: String {
        get throws {
            let path = ProcessInfo.processInfo.environment["VIRTFLEET_BIN"]
                ?? root.appendingPathComponent(".build/debug/virtfleet").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw Failure(description: "virtfleet binary not found at \(path): run swift build first")
            }
            guard FileManager.default.fileExists(atPath: hostsFile) else {
                throw Failure(description: "testbed is not up (\(hostsFile) missing): run scripts/testbed up")
            }
            return path
        }
    }

    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs a program to the end; `onLine` sees each stdout line as it arrives.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], onLine: (@Sendable (String) -> Void)? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorData = ErrorCollector(errors.fileHandleForReading)
        var collected = Data()
        var pending = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                onLine?(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                pending = Data(pending[(newline + 1)...])
            }
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: collected, as: UTF8.self),
                      errors: errorData.text())
    }

    /// `virtfleet ARGS…`
    @discardableResult
    static func virtfleet(_ arguments: [String], onLine: (@Sendable (String) -> Void)? = nil) throws -> Result {
        try run(try binary, arguments, onLine: onLine)
    }

    /// `virsh -c $(scripts/testbed uri HOST) ARGS…`, libvirt's own client, to check and to meddle.
    @discardableResult
    static func virsh(_ host: String, _ arguments: [String]) throws -> Result {
        let uri = try run(root.appendingPathComponent("scripts/testbed").path, ["uri", host]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return try run("/usr/bin/virsh", ["-q", "-c", uri] + arguments)
    }

    static func domains(on host: String) throws -> [String] {
        try virsh(host, ["list", "--all", "--name"]).output.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Reads a pipe to the end on its own thread, so a chatty stderr never blocks the child.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
