import Foundation

/// A scratch folder that lives exactly as long as the closure given to `withTemporaryDirectory`.
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    /// Writes `contents` to `relative` (creating folders) and returns its path.
    @discardableResult
    public func file(_ relative: String, contents: String = "") throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
        return file.path
    }

    public func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    fileprivate static func make(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory(
            url: FileManager.default.temporaryDirectory.appendingPathComponent("vf-test-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        for (relative, text) in files { try directory.file(relative, contents: text) }
        return directory
    }
}

/// Runs `body` with a fresh folder holding `files` (relative path → text); removes it afterwards.
public func withTemporaryDirectory<T>(_ files: [String: String] = [:], _ body: (TemporaryDirectory) throws -> T) throws -> T {
    let directory = try TemporaryDirectory.make(files)
    defer { try? FileManager.default.removeItem(at: directory.url) }
    return try body(directory)
}

public func withTemporaryDirectory<T>(
    _ files: [String: String] = [:], isolation: isolated (any Actor)? = #isolation,
    _ body: (TemporaryDirectory) async throws -> T
) async throws -> T {
    let directory = try TemporaryDirectory.make(files)
    defer { try? FileManager.default.removeItem(at: directory.url) }
    return try await body(directory)
}
