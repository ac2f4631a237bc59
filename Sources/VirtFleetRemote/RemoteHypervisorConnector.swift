import Foundation
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetLibvirt
import VirtFleetSSH

/// The real hypervisor connection: one SSH session per host, an exec channel running the
/// host's libvirt proxy (`virt-ssh-helper URI` by default), and libvirt's RPC protocol over it.
public struct RemoteHypervisorConnector: HypervisorConnector {
    public var connectTimeout: Duration

    public init(connectTimeout: Duration = .seconds(10)) {
        self.connectTimeout = connectTimeout
    }

    public func connect(to host: HypervisorHost) async throws(HypervisorError) -> any HypervisorSession {
        let access = host.access
        let ssh = try await mapping(host: host.name) { try await SSHSession.connect(target(for: access)) }
        do throws(HypervisorError) {
            let command = access.libvirtProxy ?? "virt-ssh-helper \(ShellQuote.quote(access.uri))"
            let channel = try await mapping(host: host.name) { try await ssh.openExec(command) }
            do throws(HypervisorError) {
                let libvirt = try await mapping(host: host.name) {
                    try await LibvirtConnection.open(
                        stream: SSHByteStream(channel: channel), uri: access.uri,
                        options: .init(host: host.name))
                }
                return RemoteHypervisorSession(host: host.name, uri: access.uri, ssh: ssh, libvirt: libvirt)
            } catch {
                let stderr = String(decoding: (try? await channel.stderr()) ?? [], as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                await channel.close()
                guard !stderr.isEmpty else { throw error }
                throw HypervisorError(host: host.name, cause: .proxy, message: "host \(host.name): '\(command)' failed: \(stderr)")
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
            proxyJump: access.proxyJump, connectTimeout: connectTimeout)
    }
}

/// An open SSH + libvirt connection to one host.
public struct RemoteHypervisorSession: HypervisorSession {
    public let host: String
    let uri: String
    let ssh: SSHSession
    public let libvirt: LibvirtConnection

    public func observe() async throws(HypervisorError) -> HostObservation {
        try await mapping(host: host) { try await observeAll() }
    }

    private func observeAll() async throws -> HostObservation {
        async let hostname = libvirt.getHostname()
        async let libVersion = libvirt.getLibVersion()
        async let type = libvirt.getType()
        async let version = libvirt.getVersion()
        async let node = libvirt.nodeGetInfo()
        // Read with secrets so VNC password changes can be compared; ObservedDomain strips them at once.
        async let details = libvirt.listAllDomainsWithDetails(xmlFlags: [.inactive, .secure])
        let domains = try await details.map { detail in
            ObservedDomain(
                name: detail.domain.name, uuid: detail.domain.uuid.uuidString.lowercased(),
                state: VirtFleetHypervisor.DomainState(detail.state.state), inactiveXML: detail.xml,
                runID: detail.domain.isActive ? Int(detail.domain.id) : nil)
        }
        let info = try await node
        return HostObservation(
            host: host, hostname: try await hostname, libvirtVersion: try await libVersion.description,
            hypervisorType: try await type, hypervisorVersion: try await version.description,
            cpus: Int(info.cpus), memoryKiB: info.memoryKiB,
            domains: domains.sorted { $0.name < $1.name })
    }

    public func close() async {
        await libvirt.close()
        await ssh.close()
    }
}
