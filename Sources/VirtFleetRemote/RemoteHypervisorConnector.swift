import Foundation
import VirtFleetInventory
import VirtFleetHypervisor
import VirtFleetLibvirt
import VirtFleetSSH

/// The real hypervisor connection: one SSH session per host, an exec channel running the
/// host's libvirt proxy (`virt-ssh-helper URI` by default), and libvirt's RPC protocol over it.
public struct RemoteHypervisorConnector: HypervisorConnector {
    public var connectTimeout: Duration

    public init(connectTimeout: Duration = .seconds(10)) {
        self.connectTimeout = connectTimeout
    }

    public func connect(to host: HypervisorHost) async throws -> any HypervisorSession {
        let ssh = try await SSHSession.connect(target(for: host))
        do {
            let command = host.libvirtProxy ?? "virt-ssh-helper \(ShellQuote.quote(host.uri))"
            let channel = try await ssh.openExec(command)
            do {
                let libvirt = try await LibvirtConnection.open(
                    stream: SSHByteStream(channel: channel), uri: host.uri, options: .init(host: host.name))
                return RemoteHypervisorSession(host: host.name, uri: host.uri, ssh: ssh, libvirt: libvirt)
            } catch {
                let stderr = String(decoding: (try? await channel.stderr()) ?? [], as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                await channel.close()
                guard !stderr.isEmpty else { throw error }
                throw RemoteHypervisorError(host: host.name, message: "'\(command)' failed: \(stderr)")
            }
        } catch {
            await ssh.close()
            throw error
        }
    }

    func target(for host: HypervisorHost) -> SSHTarget {
        SSHTarget(host: host.address, port: host.port, user: host.user,
                  identityFiles: host.identityFile.map { [$0] } ?? [], knownHostsFile: host.knownHosts,
                  configFile: host.sshConfig,
                  hostKeyPolicy: host.hostKeyChecking == .acceptNew ? .acceptNew : .strict,
                  proxyJump: host.proxyJump, connectTimeout: connectTimeout)
    }
}

/// A failure reaching a host's libvirt that is neither SSH's nor libvirt's own.
public struct RemoteHypervisorError: Error, CustomStringConvertible {
    public var host: String
    public var message: String
    public var description: String { "host \(host): \(message)" }
}

/// An open SSH + libvirt connection to one host.
public struct RemoteHypervisorSession: HypervisorSession {
    public let host: String
    let uri: String
    let ssh: SSHSession
    public let libvirt: LibvirtConnection

    public func observe() async throws -> HostObservation {
        async let hostname = libvirt.getHostname()
        async let libVersion = libvirt.getLibVersion()
        async let type = libvirt.getType()
        async let version = libvirt.getVersion()
        async let node = libvirt.nodeGetInfo()
        // Read with secrets so VNC password changes can be compared; ObservedDomain strips them at once.
        async let details = libvirt.listAllDomainsWithDetails(xmlFlags: [.inactive, .secure])
        let domains = try await details.map { detail in
            ObservedDomain(name: detail.domain.name, uuid: detail.domain.uuid.uuidString.lowercased(),
                           state: detail.state.state.description, inactiveXML: detail.xml,
                           runID: detail.domain.isActive ? Int(detail.domain.id) : nil)
        }
        let info = try await node
        return HostObservation(host: host, hostname: try await hostname, libvirtVersion: try await libVersion.description,
                               hypervisorType: try await type, hypervisorVersion: try await version.description,
                               cpus: Int(info.cpus), memoryKiB: info.memoryKiB,
                               domains: domains.sorted { $0.name < $1.name })
    }

    public func close() async {
        await libvirt.close()
        await ssh.close()
    }
}
