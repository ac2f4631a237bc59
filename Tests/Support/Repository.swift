import Foundation

/// The checkout the tests were built from, and the `virtfleet` built next to them.
public enum Repository {
    /// Tests/Support/Repository.swift → the repository root.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// `.build/debug/virtfleet` (`VIRTFLEET_BIN` overrides); fails when it was not built.
    public static var virtfleetBinary: String {
        get throws {
            let path =
                ProcessInfo.processInfo.environment["VIRTFLEET_BIN"]
                ?? root.appendingPathComponent(".build/debug/virtfleet").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw Missing(description: "virtfleet binary not found at \(path): run swift build --build-tests first")
            }
            return path
        }
    }

    /// A program built next to the tests, e.g. the `virtfleet-expand-probe` test tool.
    public static func builtProgram(_ name: String) throws -> String {
        let path = root.appendingPathComponent(".build/debug/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "\(name) not found at \(path): run swift build --build-tests first")
        }
        return path
    }

    /// `virtfleet ARGS…` as its own process, with `NO_COLOR=1` and stdin from /dev/null.
    @discardableResult
    public static func virtfleet(
        _ arguments: [String], environment: [String: String] = [:],
        removingFromEnvironment removed: [String] = [],
        onLine: (@Sendable (String) -> Void)? = nil
    ) throws -> ProcessResult {
        try ProcessRunner.run(
            try virtfleetBinary, arguments, environment: environment.merging(["NO_COLOR": "1"]) { a, _ in a },
            removingFromEnvironment: removed, onLine: onLine)
    }
}
