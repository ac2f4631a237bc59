import Foundation
import Testing
import VirtFleetInventory
import VirtFleetSSH
import Yams

@testable import VirtFleetRemote

/// The local hypervisors `scripts/testbed up` brings up (docs/testbed.md): hv1…hv3, each a user
/// with its own sshd on 127.0.0.1K:2222 and its own libvirt session daemon, declared in
/// `.testbed/hosts.yaml`. Every helper here fails loudly when the testbed is not up, and records
/// an issue when the test calling it is not tagged `.testbed` in a `…TestbedTests` suite.
public enum Testbed {
    public static let directory = Repository.root.appendingPathComponent(".testbed")
    public static let hostsFile = directory.appendingPathComponent("hosts.yaml").path
    /// The hosts the acceptance tests expect (`up` with N ≥ 3, the default).
    public static let hostNames = ["hv1", "hv2", "hv3"]
    /// The corpus acceptance test's own host (`up 4`), outside group `testbed`: it defines a
    /// hundred guests there and restarts its daemon, which no other suite may see.
    public static let corpusHost = "hv4"
    /// The system host (`up` always brings it up): user hvsys, in group `libvirt`, with its own sshd
    /// on 127.0.0.10:2222, reaching root's `qemu:///system` daemon, the machine's only daemon with
    /// a network driver. It is in group `system` of hosts.yaml, outside group `testbed`. The
    /// daemon is shared with everything else on the machine (the RPC tests use it as root):
    /// touch only what the test itself named, and send no traffic off loopback (docs/testbed.md).
    public static let systemHost = "hvsys"
    /// What every suite tagged `.testbed` is named with; `scripts/test-unit` skips this regex.
    public static let suiteNameSuffix = "TestbedTests"

    public struct NotUp: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Throws unless `.testbed/hosts.yaml` exists and the sshd of every host in `hosts` is running
    /// (`scripts/testbed down` leaves the file behind).
    public static func requireUp(hosts: [String] = hostNames) throws {
        checkCurrentTestIsTagged()
        let command = hosts.contains(corpusHost) ? "scripts/testbed up 4" : "scripts/testbed up"
        guard FileManager.default.fileExists(atPath: hostsFile) else {
            throw NotUp("testbed is not up (\(hostsFile) missing): run \(command)")
        }
        for name in hosts where !sshdIsRunning(name) {
            throw NotUp("testbed is not up (the sshd of \(name) is not running): run \(command)")
        }
    }

    private static func sshdIsRunning(_ name: String) -> Bool {
        let pidFile = directory.appendingPathComponent("\(name)/sshd.pid").path
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return false }
        return kill(pid, 0) == 0
    }

    /// `.testbed/hosts.yaml` plus a `fleet:` file, through the normal inventory loader.
    ///
    /// `changing` alters or adds host settings as if hosts.yaml said so, by inventory key:
    /// `["hv1": ["known_hosts": path, "host_key_checking": "accept-new"]]`.
    public static func inventory(fleet: String = "testbed-tests", changing changes: [String: [String: String]] = [:]) throws -> Inventory {
        try requireUp()
        return try withTemporaryDirectory { scratch in
            var paths = [hostsFile]
            if !changes.isEmpty {
                guard var root = try Yams.compose(yaml: String(contentsOfFile: hostsFile, encoding: .utf8)) else {
                    throw NotUp("\(hostsFile) is empty: run scripts/testbed up")
                }
                for (host, fields) in changes.sorted(by: { $0.key < $1.key }) {
                    if root["hosts"]?[host] == nil { root["hosts"]?[host] = Node([(Node, Node)]()) }
                    for (key, value) in fields.sorted(by: { $0.key < $1.key }) { root["hosts"]?[host]?[key] = Node(value) }
                }
                paths = [try scratch.file("hosts.yaml", contents: try Yams.serialize(node: root))]
            }
            paths.append(try scratch.file("fleet.yaml", contents: "fleet: \(fleet)\n"))
            return try InventoryLoader.load(paths: paths)
        }
    }

    /// One testbed host, loaded from hosts.yaml; its sshd must be running.
    public static func host(_ name: String) throws -> TestbedHost {
        guard let host = try inventory().host(named: name) else {
            throw NotUp("testbed host \(name) is not in \(hostsFile): run scripts/testbed up")
        }
        guard sshdIsRunning(name) else {
            throw NotUp("testbed is not up (the sshd of \(name) is not running): run scripts/testbed up")
        }
        return TestbedHost(host)
    }

    /// The system host as the SSH tests reach it (see `systemHost`).
    public static func system() throws -> TestbedHost {
        try requireUp(hosts: hostNames + [systemHost])
        return try host(systemHost)
    }

    /// What `scripts/testbed image` builds (docs/testbed.md): a Debian 12 cloud image (qcow2, NoCloud
    /// datasource, 2 GiB virtual) and its own kernel and initrd for direct kernel boot, all
    /// world-readable so every host user's QEMU can open the kernel and initrd where they are.
    public static let imageDirectory = directory.appendingPathComponent("images")
    public static let baseImage = imageDirectory.appendingPathComponent("debian12-cloud.qcow2").path
    public static let kernel = imageDirectory.appendingPathComponent("vmlinuz").path
    public static let initrd = imageDirectory.appendingPathComponent("initrd.img").path

    /// Throws unless `scripts/testbed image` has built the image, kernel and initrd.
    public static func requireImage() throws {
        checkCurrentTestIsTagged()
        for path in [baseImage, kernel, initrd] where !FileManager.default.isReadableFile(atPath: path) {
            throw NotUp("the testbed image is missing (\(path)): run scripts/testbed image")
        }
    }

    /// The `domain_type` hosts.yaml gives a host: `kvm` where its user may use /dev/kvm, else
    /// `qemu` (TCG).
    public static func domainType(of host: String) throws -> String {
        try requireUp(hosts: [host])
        let root = try Yams.compose(yaml: String(contentsOfFile: hostsFile, encoding: .utf8))
        guard let type = root?["hosts"]?[host]?["vars"]?["domain_type"]?.string else {
            throw NotUp("testbed host \(host) has no domain_type in \(hostsFile): run scripts/testbed up")
        }
        return type
    }

    /// A client key the testbed authorizes: `ed25519` (the one hosts.yaml names), `ecdsa`, `rsa`.
    public static func clientKey(_ type: String) -> String {
        directory.appendingPathComponent("id_\(type)").path
    }

    /// The host's public host key file, as `ssh-keygen -l` reads it.
    public static func hostKeyFile(_ name: String) -> String {
        directory.appendingPathComponent("\(name)/ssh_host_ed25519_key.pub").path
    }

    /// `scripts/testbed uri HOST`: a libvirt URI reaching the host over SSH.
    public static func uri(_ host: String) throws -> String {
        try requireUp(hosts: [host])
        return try ProcessRunner.run(Repository.root.appendingPathComponent("scripts/testbed").path, ["uri", host])
            .checked().output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `virsh -q -c $(scripts/testbed uri HOST) ARGS…`, libvirt's own client, to check and to meddle.
    @discardableResult
    public static func virsh(_ host: String, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/virsh", ["-q", "-c", try uri(host)] + arguments)
    }

    /// The names of all domains on the host, by `virsh list --all`.
    public static func domains(on host: String) throws -> [String] {
        try virsh(host, ["list", "--all", "--name"]).checked().output.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The built CLI against the testbed: `virtfleet ARGS…`.
    @discardableResult
    public static func virtfleet(_ arguments: [String], onLine: (@Sendable (String) -> Void)? = nil) throws -> ProcessResult {
        try requireUp()
        return try Repository.virtfleet(arguments, onLine: onLine)
    }

    /// A small domain document for `host`: KVM where the testbed has it, TCG otherwise.
    public static func domainXML(name: String, on host: HypervisorHost) -> String {
        let type = host.vars.first { $0.key == "domain_type" }?.value.scalar ?? "qemu"
        return """
            <domain type='\(type)'>
              <name>\(name)</name>
              <memory unit='KiB'>65536</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64'>hvm</type></os>
              <devices><graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices>
            </domain>
            """
    }

    /// An ssh config with nothing in it, so the tests never depend on ~/.ssh/config.
    public static let emptySSHConfig: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("virtfleet-empty-ssh-config").path
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        return path
    }()

    /// A test that uses the testbed must be tagged `.testbed` and sit in a `…TestbedTests` suite,
    /// or `scripts/test-unit` would run it without one.
    public static func checkCurrentTestIsTagged(sourceLocation: SourceLocation = #_sourceLocation) {
        guard let test = Test.current else { return }
        let id = String(describing: test.id)
        if !test.tags.contains(.testbed) || !id.contains(suiteNameSuffix) {
            Issue.record(
                "\(id) uses the testbed: tag its suite .testbed and name it …\(suiteNameSuffix)",
                sourceLocation: sourceLocation)
        }
    }
}

/// A testbed host as the SSH tests reach it: virtfleet's own mapping from the inventory host to
/// an SSH target, made strict and key-file only (no agent, an empty ssh config).
public struct TestbedHost: Sendable {
    public let name: String
    public let inventoryHost: HypervisorHost
    public let target: SSHTarget

    init(_ host: HypervisorHost) {
        name = host.name
        inventoryHost = host
        var target = RemoteHypervisorConnector(connectTimeout: .seconds(5)).target(for: host.access)
        target.configFile = Testbed.emptySSHConfig
        target.useAgent = false
        target.hostKeyPolicy = .strict
        self.target = target
    }

    public var address: String { target.host }
    public var port: Int { target.port ?? 22 }
    public var user: String { target.user ?? name }
    public var identityFile: String { target.identityFiles.first ?? Testbed.clientKey("ed25519") }
    public var knownHosts: String { target.knownHostsFile ?? "" }
    /// `user@address:port`, as SSH errors name the host.
    public var endpoint: String { "\(user)@\(address):\(port)" }
}
