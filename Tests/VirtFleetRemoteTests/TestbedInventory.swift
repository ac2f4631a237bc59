import Foundation
import VirtFleetInventory

/// The hosts `scripts/testbed up` declared in `.testbed/hosts.yaml`, loaded like any inventory.
enum TestbedInventory {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let hostsFile = root.appendingPathComponent(".testbed/hosts.yaml").path

    struct NotUp: Error, CustomStringConvertible {
        var description: String
    }

    /// The testbed inventory plus an inline fleet id; fails clearly when the testbed is down.
    static func load(extra: String = "fleet: observe-tests\n") throws -> Inventory {
        guard FileManager.default.fileExists(atPath: hostsFile) else {
            throw NotUp(description: "testbed is not up (\(hostsFile) missing): run scripts/testbed up")
        }
        let fleetFile = FileManager.default.temporaryDirectory.appendingPathComponent("vf-observe-\(UUID().uuidString).yaml")
        try Data(extra.utf8).write(to: fleetFile)
        defer { try? FileManager.default.removeItem(at: fleetFile) }
        return try InventoryLoader.load(paths: [hostsFile, fleetFile.path])
    }

    /// `virsh -c $(scripts/testbed uri HOST) ARGS…`, the independent reference client.
    @discardableResult
    static func virsh(_ host: String, _ arguments: [String], input: String? = nil) throws -> String {
        let uri = try run(root.appendingPathComponent("scripts/testbed").path, ["uri", host]).trimmingCharacters(in: .whitespacesAndNewlines)
        return try run("/usr/bin/virsh", ["-q", "-c", uri] + arguments)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NotUp(description: "\(executable) \(arguments.joined(separator: " ")) failed: "
                        + String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A small domain document for `host`, KVM where the testbed has it, TCG otherwise.
    static func domainXML(name: String, on host: HypervisorHost) -> String {
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
}
