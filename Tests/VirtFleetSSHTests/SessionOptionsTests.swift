import CLibSSH
import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetSSH

/// How an `SSHTarget` becomes libssh options and the endpoint named in messages. libssh only
/// reads the config file here; nothing connects.
@Suite struct SessionOptionsTests {
    /// Applies `target` to a fresh libssh session; returns the endpoint and the options as libssh holds them.
    private func apply(_ target: SSHTarget, _ read: (LibSSHOptions) -> Void = { _ in }) throws -> String {
        let session = try #require(ssh_new())
        defer { ssh_free(session) }
        var files: [String] = []
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        let endpoint = try SessionOptions(target: target).apply(to: session, temporaryFiles: &files)
        read(LibSSHOptions(session: session))
        return endpoint
    }

    private var home: String { NSHomeDirectory() }

    @Test func explicitSettingsMakeTheEndpoint() throws {
        try withTemporaryDirectory(["config": ""]) { (scratch) throws in
            let target = SSHTarget(host: "192.0.2.5", port: 2200, user: "alice", configFile: scratch.path("config"))
            #expect(try apply(target) == "alice@192.0.2.5:2200")
        }
    }

    @Test func anAliasFromTheConfigIsNamedWithWhatItResolvedTo() throws {
        try withTemporaryDirectory(["config": "Host myalias\n    HostName 192.0.2.7\n    Port 2201\n    User bob\n"]) { (scratch) throws in
            let target = SSHTarget(host: "myalias", configFile: scratch.path("config"))
            #expect(try apply(target) == "myalias (bob@192.0.2.7:2201)")
        }
    }

    @Test func explicitSettingsWinOverTheConfig() throws {
        try withTemporaryDirectory(["config": "Host 192.0.2.9\n    Port 1\n    User nobody\n"]) { (scratch) throws in
            let target = SSHTarget(host: "192.0.2.9", port: 2222, user: "alice", configFile: scratch.path("config"))
            #expect(try apply(target) == "alice@192.0.2.9:2222")
        }
    }

    @Test func withoutAUserAnywhereTheLocalUserAndPort22AreUsed() throws {
        let local = try #require(getpwuid(getuid())).pointee.pw_name.map { String(cString: $0) }
        try withTemporaryDirectory(["config": ""]) { (scratch) throws in
            #expect(try apply(SSHTarget(host: "192.0.2.5", configFile: scratch.path("config"))) == "\(local ?? "?")@192.0.2.5:22")
        }
    }

    @Test(arguments: [("~/.ssh/known_hosts", "/.ssh/known_hosts"), ("~", ""), ("/etc/kh", nil), ("rel/kh", nil)])
    func tildeExpandsToTheHomeFolder(path: String, underHome: String?) {
        #expect(SessionOptions.expandingTilde(path) == underHome.map { home + $0 } ?? path)
    }

    @Test func knownHostsAgentAndProxyJumpPathsAreTildeExpanded() throws {
        try withTemporaryDirectory(["config": ""]) { (scratch) throws in
            var target = SSHTarget(host: "192.0.2.5", knownHostsFile: "~/vf/known_hosts", configFile: scratch.path("config"))
            target.proxyJump = "jump"
            var knownHosts: String?
            var proxyCommand: String?
            _ = try apply(target) { options in
                knownHosts = options.get(SSH_OPTIONS_KNOWNHOSTS)
                proxyCommand = options.get(SSH_OPTIONS_PROXYCOMMAND)
            }
            #expect(knownHosts == home + "/vf/known_hosts")
            // The hops' own config: the inventory's known_hosts, then the host's config file.
            let file = try #require(proxyCommand?.split(separator: " ").map(String.init).drop { $0 != "-F" }.dropFirst().first)
            #expect(proxyCommand == ProxyJumpCommand(jumps: "jump", configFile: file).command)
            #expect(JumpHostConfig(target: target).text.contains("UserKnownHostsFile \(home)/vf/known_hosts"))
            #expect(JumpHostConfig(target: target).text.contains("Include \(scratch.path("config"))"))
        }
    }

    @Test func anUnreadableConfigFileIsNamedExpanded() {
        let target = SSHTarget(host: "h", configFile: "~/vf-no-such-folder/config")
        let error = #expect(throws: SSHError.self) { try apply(target) }
        #expect(error?.kind == .configuration)
        #expect(error?.message == "ssh config file \(home)/vf-no-such-folder/config is not readable")
    }

    @Test(arguments: [0, 65536])
    func aPortOutOfRangeIsAConfigurationError(port: Int) throws {
        try withTemporaryDirectory(["config": ""]) { (scratch) throws in
            let error = #expect(throws: SSHError.self) {
                try apply(SSHTarget(host: "h", port: port, configFile: scratch.path("config")))
            }
            #expect(error?.kind == .configuration)
            #expect(error?.message == "invalid port \(port)")
        }
    }
}
