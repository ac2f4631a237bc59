import Foundation
import Logging
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetLibvirt
import VirtFleetSSH

/// The deadlines a connector applies to every host (the CLI's `--connect-timeout` and `--timeout`),
/// and where it reports how long each phase took (`--verbose`).
public struct ConnectionSettings: Sendable {
    /// Bounds TCP connect, SSH key exchange and each authentication round trip.
    public var connectTimeout: Duration
    /// Bounds each step after that: opening a channel, starting the proxy, each libvirt call
    /// (the opening AUTH_LIST, CONNECT_OPEN, SUPPORTS_FEATURE included) and taking the lock.
    public var callTimeout: Duration
    /// Receives one `info` message per phase per host (metadata `host`, `phase`, `ms`); nil: none.
    public var logger: Logger?
    /// libvirt keepalive on each connection (libvirt's client defaults unless a test shortens them).
    public var keepalive: KeepalivePolicy

    public init(
        connectTimeout: Duration = .seconds(10), callTimeout: Duration = .seconds(30), logger: Logger? = nil,
        keepalive: KeepalivePolicy = KeepalivePolicy()
    ) {
        self.connectTimeout = connectTimeout
        self.callTimeout = callTimeout
        self.logger = logger
        self.keepalive = keepalive
    }
}

/// One timed phase of reaching a host, reported to the settings' logger.
struct PhaseLog: Sendable {
    let logger: Logger?
    let host: String

    func record(_ phase: String, _ duration: Duration, _ detail: String? = nil) {
        guard let logger else { return }
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        logger.info(
            "\(phase) \(String(format: "%.1f", milliseconds)) ms\(detail.map { " (\($0))" } ?? "")",
            metadata: ["host": "\(host)", "phase": "\(phase)", "ms": "\(String(format: "%.1f", milliseconds))"])
    }

    /// Runs `body` and records how long it took, whether it succeeded or not.
    func time<T, Failure: Error>(_ phase: String, _ body: () async throws(Failure) -> T) async throws(Failure) -> T {
        let started = ContinuousClock.now
        defer { record(phase, ContinuousClock.now - started) }
        return try await body()
    }
}

/// The real hypervisor connection: one SSH session per host, an exec channel running the
/// host's libvirt proxy (`virt-ssh-helper URI` by default), and libvirt's RPC protocol over it.
public struct RemoteHypervisorConnector: HypervisorConnector {
    public var settings: ConnectionSettings

    public init(_ settings: ConnectionSettings = ConnectionSettings()) {
        self.settings = settings
    }

    public init(connectTimeout: Duration) {
        self.init(ConnectionSettings(connectTimeout: connectTimeout))
    }

    public var connectTimeout: Duration { settings.connectTimeout }

    public func connect(to host: HypervisorHost) async throws(HypervisorError) -> any HypervisorSession {
        let access = host.access
        let target = target(for: access)
        // libssh bounds each step (TCP connect, key exchange, each authentication round trip);
        // this bounds them all together, even should a step ignore its timeout.
        let overall = settings.connectTimeout * 4
        let phases = PhaseLog(logger: settings.logger, host: host.name)
        let ssh: SSHSession
        do {
            ssh = try await withDeadline(overall) { try await SSHSession.connect(target) }
            phases.record("ssh handshake", ssh.openingTimes.handshake, "TCP connect, key exchange, host key")
            phases.record("ssh login", ssh.openingTimes.authentication)
        } catch is DeadlineExceeded {
            throw HypervisorError(
                host: host.name, cause: .timeout,
                message: "host \(host.name): could not connect and log in over SSH within \(describeDuration(overall))")
        } catch {
            throw HypervisorError(host: host.name, error)
        }
        do throws(HypervisorError) {
            let command = access.libvirtProxy ?? "virt-ssh-helper \(ShellQuote.quote(access.uri))"
            let channel = try await phases.time("proxy start") { () async throws(HypervisorError) in
                try await mapping(host: host.name) { try await ssh.openExec(command) }
            }
            let proxy = LibvirtProxy(host: host.name, command: command, channel: channel, ssh: ssh)
            do {
                let libvirt = try await phases.time("libvirt open") {
                    try await LibvirtConnection.open(
                        stream: SSHByteStream(channel: channel), uri: access.uri,
                        options: .init(host: host.name, keepalive: settings.keepalive, callTimeout: settings.callTimeout))
                }
                return RemoteHypervisorSession(
                    host: host.name, uri: access.uri, ssh: ssh, libvirt: libvirt, proxy: proxy, callTimeout: settings.callTimeout,
                    phases: phases)
            } catch {
                let blamed = await proxy.blame(error, opening: true)
                await channel.close()
                throw blamed
            }
        } catch {
            await ssh.close()
            throw error
        }
    }

    /// The inventory's SSH settings in libssh's terms; the host-key policy maps one to one.
    func target(for access: HostAccess) -> SSHTarget {
        SSHTarget(
            host: access.address, port: access.port, user: access.user,
            identityFiles: access.identityFile.map { [$0] } ?? [], knownHostsFile: access.knownHosts,
            configFile: access.sshConfig,
            hostKeyPolicy: access.hostKeyChecking == .acceptNew ? .acceptNew : .strict,
            proxyJump: access.proxyJump, connectTimeout: settings.connectTimeout, operationTimeout: settings.callTimeout)
    }
}

/// An open SSH + libvirt connection to one host.
public struct RemoteHypervisorSession: HypervisorSession {
    public let host: String
    let uri: String
    let ssh: SSHSession
    public let libvirt: LibvirtConnection
    let proxy: LibvirtProxy
    let callTimeout: Duration
    var phases = PhaseLog(logger: nil, host: "")

    public func observe() async throws(HypervisorError) -> HostObservation {
        try await observe(.domainsOnly)
    }

    /// Runs one step; a failure is put on the party that failed (sshd, the proxy, libvirtd).
    func guarded<T>(_ body: () async throws -> T) async throws(HypervisorError) -> T {
        do {
            return try await body()
        } catch {
            throw await proxy.blame(error, opening: false)
        }
    }

    public func close() async {
        await libvirt.close()
        await ssh.close()
    }
}
