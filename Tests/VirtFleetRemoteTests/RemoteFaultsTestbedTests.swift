import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetRemote

/// The adapter under faults on the real testbed: a failing proxy is reported with its exit status
/// and stderr tail, and the apply lock lives where only the connecting user can write.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct RemoteFaultsTestbedTests {
    let connector = RemoteHypervisorConnector(ConnectionSettings(connectTimeout: .seconds(5), callTimeout: .seconds(10)))

    func connect(_ name: String, changing changes: [String: String] = [:]) async throws(HypervisorError) -> any HypervisorSession {
        let inventory: Inventory
        do {
            inventory = try Testbed.inventory(fleet: "remote-faults", changing: changes.isEmpty ? [:] : [name: changes])
        } catch {
            throw HypervisorError(host: name, cause: .configuration, message: "\(error)")
        }
        guard let host = inventory.host(named: name) else {
            throw HypervisorError(host: name, cause: .configuration, message: "no \(name) in the testbed")
        }
        return try await connector.connect(to: host)
    }

    @Test func aFailingProxyIsReportedWithItsExitStatusAndStderrTail() async throws {
        let error = await #expect(throws: HypervisorError.self) {
            try await connect("hv2", changing: ["libvirt_proxy": #"printf 'no helper\033[31m here\n' >&2; exit 3"#])
        }
        #expect(error?.cause == .proxy, "\(String(describing: error))")
        let message = error?.message ?? ""
        #expect(message.contains("exited with status 3"), "\(message)")
        #expect(message.contains(#"no helper\x1b[31m here"#), "\(message)")
        #expect(!message.contains("\u{1b}"))
    }

    @Test func aMissingProxyCommandIsReportedAsSuch() async throws {
        let error = await #expect(throws: HypervisorError.self) {
            try await connect("hv2", changing: ["libvirt_proxy": "virt-ssh-helper-missing qemu:///session"])
        }
        #expect(error?.cause == .proxy)
        #expect(error?.message.contains("exited with status 127") == true, "\(String(describing: error))")
        #expect(error?.message.contains("virt-ssh-helper-missing") == true)
        // The healthy hosts still connect.
        let healthy = try await connect("hv1")
        _ = try await healthy.observe()
        await healthy.close()
    }

    @Test func theLockLivesInADirectoryOnlyTheUserCanWriteAndTheHolderTextIsSanitised() async throws {
        let home = try #require(FileManager.default.homeDirectory(forUser: "hv3")?.path)
        let directory = home + "/.cache/virtfleet"
        let first = try await connect("hv3")
        let second = try await connect("hv3")
        let held = try await first.lock(holder: "alice@ci pid 42 \u{1b}]0;pwned\u{07}")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(attributes[.ownerAccountName] as? String == "hv3")
        let locks = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".lock") }
        #expect(!locks.isEmpty)
        for file in locks {
            let mode = try FileManager.default.attributesOfItem(atPath: directory + "/" + file)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "\(file)")
        }
        let error = await #expect(throws: HypervisorError.self) { _ = try await second.lock(holder: "bob") }
        guard case .lockHeld(let holder) = error?.cause else {
            Issue.record("expected lockHeld, got \(String(describing: error))")
            return
        }
        #expect(holder.hasPrefix("alice@ci pid 42"), "\(holder)")
        #expect(holder.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) || $0 == "…" }, "\(holder)")
        await held.release()
        await first.close()
        await second.close()
    }

    @Test func aLockDirectoryOthersCanWriteIsRefused() async throws {
        let home = try #require(FileManager.default.homeDirectory(forUser: "hv3")?.path)
        let directory = home + "/.cache/virtfleet"
        let session = try await connect("hv3")
        // Make sure it exists (an earlier lock created it), then open it up to the group.
        try await session.lock(holder: "setup").release()
        try FileManager.default.setAttributes([.posixPermissions: 0o770], ofItemAtPath: directory)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory) }
        let error = await #expect(throws: HypervisorError.self) { _ = try await session.lock(holder: "bob") }
        #expect(error?.cause == .lockFailed, "\(String(describing: error))")
        #expect(error?.message.contains("writable by other users") == true, "\(String(describing: error))")
        await session.close()
    }

    /// hv2 reached through hv1's sshd, with only the inventory's key and known_hosts (the
    /// controller's ~/.ssh knows neither host): every hop must use them.
    @Test func proxyJumpFromTheInventoryUsesTheInventorysKeyAndKnownHostsForTheHop() async throws {
        let hv1 = try Testbed.host("hv1")
        let session = try await connect(
            "hv2", changing: ["proxy_jump": "\(hv1.user)@\(hv1.address):\(hv1.port)", "ssh_config": Testbed.emptySSHConfig])
        #expect(try await session.observe().host == "hv2")
        await session.close()
    }

    @Test func proxyJumpWrittenInTheInventorysSSHConfigWorksToo() async throws {
        let hv1 = try Testbed.host("hv1")
        let hv2 = try Testbed.host("hv2")
        try await withTemporaryDirectory { scratch in
            let config = try scratch.file(
                "ssh_config", contents: "Host \(hv2.address)\n    ProxyJump \(hv1.user)@\(hv1.address):\(hv1.port)\n")
            let session = try await connect("hv2", changing: ["ssh_config": config])
            #expect(try await session.observe().host == "hv2")
            await session.close()
        }
        // The hops' config file is gone once connected.
        let left = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
        #expect(!left.contains { $0.hasPrefix("virtfleet-jump-") }, "\(left)")
    }

    @Test func aJumpHostWithAnUnknownKeyIsRefused() async throws {
        let hv1 = try Testbed.host("hv1")
        try await withTemporaryDirectory { scratch in
            // hv2's own key is listed, hv1's (the jump host) is not.
            let known =
                try String(contentsOfFile: hv1.knownHosts, encoding: .utf8).split(separator: "\n")
                .filter { $0.hasPrefix("[127.0.0.12]") }.joined(separator: "\n") + "\n"
            let file = try scratch.file("known_hosts", contents: known)
            let error = await #expect(throws: HypervisorError.self) {
                try await connect(
                    "hv2",
                    changing: [
                        "proxy_jump": "\(hv1.user)@\(hv1.address):\(hv1.port)", "ssh_config": Testbed.emptySSHConfig, "known_hosts": file,
                    ])
            }
            #expect(error != nil)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == known, "the jump host's key was added")
        }
    }
}
