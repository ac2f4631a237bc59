import VirtFleetLibvirt
import VirtFleetSSH

/// Carries libvirt's RPC stream over an SSH exec channel (the remote end runs `virt-ssh-helper`).
struct SSHByteStream: ByteStream {
    let channel: SSHChannel

    func write(_ bytes: [UInt8]) async throws { try await channel.write(bytes) }
    func read() async throws -> [UInt8]? { try await channel.read() }
    func close() async { await channel.close() }
}
