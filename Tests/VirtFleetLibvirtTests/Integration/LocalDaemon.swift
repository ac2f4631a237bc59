import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// The real libvirt daemon the integration tests talk to, reached exactly as virtfleet
/// reaches a remote host: `virt-ssh-helper URI` with its stdin/stdout as the byte stream.
///
/// As root the URI is `qemu:///system`; if its socket is missing, the daemon is started
/// by hand as on the testbed (no systemd): `virtlogd -d`, then `libvirtd -d`. It is left
/// running for the other tests and engineers sharing the machine. As another user the URI
/// is `qemu:///session`, whose daemon virt-ssh-helper starts by itself.
/// `VIRTFLEET_TEST_LIBVIRT_URI` overrides the URI.
enum LocalDaemon {
    static let uri: String =
        ProcessInfo.processInfo.environment["VIRTFLEET_TEST_LIBVIRT_URI"]
        ?? (geteuid() == 0 ? "qemu:///system" : "qemu:///session")

    static let systemSocket = "/run/libvirt/libvirt-sock"

    /// KVM when the daemon can use /dev/kvm, TCG otherwise (DESIGN.md: testbed fallback).
    static let domainType: String = FileManager.default.isReadableFile(atPath: "/dev/kvm") ? "kvm" : "qemu"

    static func connect(keepalive: KeepalivePolicy? = nil) async throws -> LibvirtConnection {
        try await LibvirtConnection.open(
            stream: try await helperStream(), uri: uri, options: .init(host: "local", keepalive: keepalive))
    }

    /// A `virt-ssh-helper URI` process to the running daemon, for tests that wrap the stream.
    static func helperStream() async throws -> ProcessByteStream {
        Testbed.checkCurrentTestIsTagged()
        try await Starter.shared.ensureRunning()
        return try ProcessByteStream.virtSSHHelper(uri: uri)
    }

    /// `virsh -c URI ARGS…`, libvirt's own client, as an independent reference for what the daemon says.
    static func virsh(_ arguments: String...) throws -> String {
        try ProcessRunner.run("/usr/bin/virsh", ["-c", uri] + arguments).checked().output
    }

    /// A unique name under the prefix the tests own; nothing else is ever touched.
    static func uniqueName(_ label: String) -> String {
        "vftest-rpc-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    static func domainXML(name: String, memoryMiB: Int = 64) -> String {
        """
        <domain type='\(domainType)'>
          <name>\(name)</name>
          <memory unit='MiB'>\(memoryMiB)</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
        </domain>
        """
    }

    /// Defines `count` domains, runs `body`, and always destroys (if running) and undefines them.
    static func withDomains<T>(
        _ connection: LibvirtConnection, label: String, count: Int = 1,
        _ body: ([DomainReference]) async throws -> T
    ) async throws -> T {
        var defined: [DomainReference] = []
        do {
            defined = try await connection.pipelined(Array(0..<count), maxInFlight: 32) { connection, _ in
                let name = uniqueName(label)
                return try await connection.domainDefineXML(domainXML(name: name), guest: name)
            }
            let result = try await body(defined)
            try await removeDomains(defined, on: connection)
            return result
        } catch {
            try? await removeDomains(defined, on: connection)
            throw error
        }
    }

    static func removeDomains(_ domains: [DomainReference], on connection: LibvirtConnection) async throws {
        _ = try await connection.pipelined(domains, maxInFlight: 32) { connection, domain in
            precondition(domain.name.hasPrefix("vftest-rpc-"), "tests only remove their own domains")
            if try await connection.domainGetState(domain).state != .shutoff {
                try await connection.domainDestroy(domain)
            }
            try await connection.domainUndefine(domain, flags: [.managedSave, .snapshotsMetadata, .nvram])
            return ()
        }
    }

    /// Starts the system daemon once per test process when running as root and it is not up.
    private actor Starter {
        static let shared = Starter()
        private var started: Task<Void, any Error>?

        func ensureRunning() async throws {
            if started == nil { started = Task { try Self.startIfNeeded() } }
            try await started!.value
        }

        private static func startIfNeeded() throws {
            guard uri.hasSuffix(":///system"), geteuid() == 0 else { return }
            if FileManager.default.fileExists(atPath: systemSocket) { return }
            for directory in ["/var/log/libvirt", "/run/libvirt"] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            if !FileManager.default.fileExists(atPath: "/run/libvirt/virtlogd-sock") {
                try run("/usr/sbin/virtlogd", ["-d"])
            }
            try run("/usr/sbin/libvirtd", ["-d"])
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: systemSocket) {
                guard Date() < deadline else {
                    throw SetupError("libvirtd -d started but \(systemSocket) did not appear within 20 s")
                }
                usleep(100_000)
            }
        }

        private static func run(_ path: String, _ arguments: [String]) throws {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw SetupError("\(path) is missing: apt-get install libvirt-daemon-system qemu-system-x86")
            }
            // Not captured: the daemon it forks could hold the pipes open.
            let result = try ProcessRunner.run(path, arguments, captureOutput: false)
            guard result.status == 0 else {
                throw SetupError("\(path) \(arguments.joined(separator: " ")) exited with \(result.status)")
            }
        }
    }

    struct SetupError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = "local libvirt daemon: " + description }
    }
}
