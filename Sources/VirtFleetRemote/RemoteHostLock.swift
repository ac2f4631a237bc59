import Foundation
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetSSH

/// The per-host apply lock: `flock` on a file in the host's /tmp, held by a shell on an SSH
/// channel for as long as the channel is open. If virtfleet dies, SSH drops the channel and the
/// lock goes with it, so there are no stale locks to clean up. The holder writes who it is
/// beside the lock file, so a refused apply can name it.
struct RemoteHostLock: HostLock {
    let channel: SSHChannel

    static func acquire(on ssh: SSHSession, host: String, uri: String, holder: String) async throws(HypervisorError) -> RemoteHostLock {
        let key = String(Digests.sha256Hex(uri).prefix(16))
        let perUser = uri.contains("/session") ? "-$(id -u)" : ""
        let script = """
            f=/tmp/virtfleet\(perUser)-\(key).lock; umask 0
            command exec 9>>"$f" 2>/dev/null || command exec 9<"$f" 2>/dev/null || { echo "ERROR cannot open $f"; exit 1; }
            if flock -n 9; then printf '%s\\n' \(ShellQuote.quote(holder)) > "$f.holder" 2>/dev/null; echo LOCKED; cat >/dev/null
            else echo "BUSY $(cat "$f.holder" 2>/dev/null)"; fi
            """
        let (channel, answer) = try await mapping(host: host) {
            let channel = try await ssh.openExec("sh -c \(ShellQuote.quote(script))")
            var answer = [UInt8]()
            while !answer.contains(UInt8(ascii: "\n")), let chunk = try await channel.read() { answer += chunk }
            return (channel, answer)
        }
        let line = String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line == "LOCKED" { return RemoteHostLock(channel: channel) }
        await channel.close()
        if line.hasPrefix("BUSY") {
            let holder = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
            throw HypervisorError(
                host: host, cause: .lockHeld(holder: holder),
                message: "host \(host) is locked by another apply (\(holder.isEmpty ? "holder unknown" : holder)); "
                    + "wait for it to finish")
        }
        throw HypervisorError(
            host: host, cause: .lockFailed,
            message: "host \(host): could not take the apply lock: \(line.isEmpty ? "no answer" : line)")
    }

    func release() async {
        await channel.close()
    }
}
