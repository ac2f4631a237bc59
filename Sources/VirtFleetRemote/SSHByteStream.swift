import VirtFleetLibvirt
import VirtFleetSSH

/// Carries libvirt's RPC stream over an SSH exec channel (the remote end runs `virt-ssh-helper`).
struct SSHByteStream: ByteStream {
    let channel: SSHChannel

    func write(_ bytes: [UInt8]) async throws { try await channel.write(bytes) }
    func read() async throws -> [UInt8]? { try await channel.read() }
    /// Waits a moment for an ending proxy's exit status and last stderr (kept for messages); at once otherwise.
    func close() async { await channel.finish(within: .seconds(2)) }
}
