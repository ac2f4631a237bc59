import Foundation
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetLibvirt
import VirtFleetSSH

/// The per-host apply lock: `flock` on a file held by a shell on an SSH channel for as long as
/// the channel is open. If virtfleet dies, SSH drops the channel and the lock goes with it, so
/// there are no stale locks to clean up. The holder writes who it is beside the lock file, so a
/// refused apply can name it.
///
/// The files live in a directory only the connecting user can write
/// (`${XDG_RUNTIME_DIR:-$HOME/.cache}/virtfleet`, 0700, refused if another user owns it or it is
/// group- or world-writable), so no other local user can hold the lock or write the holder text.
/// Two SSH users therefore do not exclude each other, even on `qemu:///system`.
struct RemoteHostLock: HostLock {
    let channel: SSHChannel

    /// The holder text shown in messages: printable ASCII only, at most this long.
    static let holderLimit = 200

    /// The shell script run on the host; prints `LOCKED`, `BUSY holder` or `ERROR reason`.
    static func script(key: String, holder: String) -> String {
        """
        umask 077; d="${XDG_RUNTIME_DIR:-$HOME/.cache}/virtfleet"
        [ -d "$d" ] || mkdir -p "$d" 2>/dev/null || { echo "ERROR cannot create $d"; exit 1; }
        if [ -L "$d" ] || [ ! -O "$d" ]; then echo "ERROR $d is not a directory owned by $(id -un)"; exit 1; fi
        case "$(ls -ld "$d")" in d????w*|d???????w*) echo "ERROR $d is writable by other users"; exit 1;; esac
        f="$d/\(key).lock"
        command exec 9>>"$f" 2>/dev/null || { echo "ERROR cannot open $f"; exit 1; }
        if flock -n 9; then printf '%s\\n' \(ShellQuote.quote(sanitized(holder))) > "$f.holder" 2>/dev/null; echo LOCKED; cat >/dev/null
        else echo "BUSY $(head -c 400 "$f.holder" 2>/dev/null | head -n 1)"; fi
        """
    }

    static func acquire(
        on ssh: SSHSession, host: String, uri: String, holder: String, timeout: Duration
    ) async throws(HypervisorError) -> RemoteHostLock {
        let key = String(Digests.sha256Hex(uri).prefix(16))
        let command = "sh -c \(ShellQuote.quote(script(key: key, holder: holder)))"
        let channel = try await mapping(host: host) { try await ssh.openExec(command) }
        let answer: [UInt8]
        do {
            answer = try await withDeadline(timeout) {
                var answer = [UInt8]()
                while !answer.contains(UInt8(ascii: "\n")), answer.count < 4096, let chunk = try await channel.read() { answer += chunk }
                return answer
            }
        } catch is DeadlineExceeded {
            await channel.close()
            let who =
                ssh.silence > ssh.target.keepaliveInterval + .seconds(2) ? "sshd stopped answering" : "the lock command did not answer"
            throw HypervisorError(
                host: host, cause: .timeout,
                message: "host \(host): could not take the apply lock within \(describeDuration(timeout)): \(who)")
        } catch {
            await channel.close()
            throw HypervisorError(host: host, ssh.failure ?? error)
        }
        let line = sanitized(String(decoding: answer.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self), limit: 4096)
            .trimmingCharacters(in: .whitespaces)
        if line == "LOCKED" { return RemoteHostLock(channel: channel) }
        await channel.close()
        if line.hasPrefix("BUSY") {
            let holder = sanitized(String(line.dropFirst(4))).trimmingCharacters(in: .whitespaces)
            throw HypervisorError(
                host: host, cause: .lockHeld(holder: holder),
                message: "host \(host) is locked by another apply (\(holder.isEmpty ? "holder unknown" : holder)); "
                    + "wait for it to finish")
        }
        throw HypervisorError(
            host: host, cause: .lockFailed,
            message: "host \(host): could not take the apply lock: \(line.isEmpty ? "no answer" : line)")
    }

    /// Printable ASCII only (anything else becomes `?`), at most `limit` characters: the holder
    /// text comes from a file on the host and must not drive the terminal.
    static func sanitized(_ text: String, limit: Int = holderLimit) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if out.count >= limit {
                out += "…"
                break
            }
            out.unicodeScalars.append((0x20...0x7E).contains(scalar.value) ? scalar : "?")
        }
        return out
    }

    func release() async {
        await channel.close()
    }
}

/// `withDeadline` gave up.
struct DeadlineExceeded: Error {}

/// Runs `body`, or throws `DeadlineExceeded` once `duration` has passed; the body is cancelled
/// then (a body stuck in something that ignores cancellation is left behind, never waited for).
func withDeadline<T: Sendable>(_ duration: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let gate = ResumeOnce<T>()
    return try await withCheckedThrowingContinuation { continuation in
        gate.set(continuation)
        let work = Task {
            do { gate.resume(with: .success(try await body())) } catch { gate.resume(with: .failure(error)) }
        }
        let timer = Task {
            try? await Task.sleep(for: duration)
            if gate.resume(with: .failure(DeadlineExceeded())) { work.cancel() }
        }
        Task {
            _ = await work.result
            timer.cancel()
        }
    }
}

/// Resumes a continuation exactly once, whoever comes first.
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    @discardableResult
    func resume(with result: Result<T, any Error>) -> Bool {
        guard
            let continuation = lock.withLock({ () -> CheckedContinuation<T, any Error>? in
                defer { self.continuation = nil }
                return self.continuation
            })
        else { return false }
        continuation.resume(with: result)
        return true
    }
}
