import Foundation
import Testing
import VirtFleetSSH

/// The hosts `scripts/testbed up` made, read from `.testbed/hosts.yaml`. Tests
/// that need them fail with a clear message when the testbed is not up.
struct TestbedHost {
    let name: String
    let address: String
    let port: Int
    let user: String
    let identityFile: String
    let knownHosts: String

    /// Strict, key-file-only target for this host (no agent, no ~/.ssh/config).
    var target: SSHTarget {
        SSHTarget(
            host: address, port: port, user: user, identityFiles: [identityFile],
            knownHostsFile: knownHosts, configFile: Testbed.emptyConfig, useAgent: false,
            connectTimeout: .seconds(5))
    }

    var endpoint: String { "\(user)@\(address):\(port)" }
}

enum Testbed {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = root.appendingPathComponent(".testbed")

    struct NotUp: Error, CustomStringConvertible {
        let description: String
    }

    /// An ssh config with nothing in it, so the tests never depend on ~/.ssh/config.
    static let emptyConfig: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("virtfleet-empty-ssh-config").path
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        return path
    }()

    static func host(_ name: String) throws -> TestbedHost {
        let file = directory.appendingPathComponent("hosts.yaml")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw NotUp(description: "testbed is not up (\(file.path) missing): run scripts/testbed up")
        }
        var fields: [String: String] = [:]
        var inHost = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("  ") && !line.hasPrefix("   ") { inHost = line.trimmingCharacters(in: .whitespaces) == "\(name):" }
            guard inHost, line.hasPrefix("    "), let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let address = fields["address"], let port = fields["port"].flatMap(Int.init), let user = fields["user"],
              let identity = fields["identity_file"], let known = fields["known_hosts"]
        else { throw NotUp(description: "testbed host \(name) not in \(file.path): run scripts/testbed up") }
        let pidFile = directory.appendingPathComponent("\(name)/sshd.pid").path
        guard let pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }),
              kill(pid, 0) == 0
        else { throw NotUp(description: "testbed sshd for \(name) is not running: run scripts/testbed up") }
        return TestbedHost(name: name, address: address, port: port, user: user, identityFile: identity, knownHosts: known)
    }

    /// A client key of another type that the testbed also authorizes (`ecdsa`, `rsa`).
    static func clientKey(_ type: String) -> String {
        directory.appendingPathComponent("id_\(type)").path
    }

    /// The host's public host key file, as `ssh-keygen -l` reads it.
    static func hostKeyFile(_ name: String) -> String {
        directory.appendingPathComponent("\(name)/ssh_host_ed25519_key.pub").path
    }
}

/// A scratch directory removed when the test ends.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("virtfleet-ssh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String, contents: String = "") -> String {
        let file = (path as NSString).appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: file, contents: Data(contents.utf8))
        return file
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs a local tool (ssh-keygen, ssh-agent) and returns its stdout; throws on failure.
@discardableResult
func runTool(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw Testbed.NotUp(description: "\(path) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}

/// The SHA256 fingerprint OpenSSH itself prints for a public key file.
func openSSHFingerprint(_ publicKeyFile: String) throws -> String {
    let line = try runTool("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", publicKeyFile])
    return String(line.split(separator: " ")[1])
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
