import Foundation
@testable import VirtFleetLibvirt

/// libvirt's own client, used as an independent reference for what the daemon says.
enum Virsh {
    static func run(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/virsh")
        process.arguments = ["-c", LocalDaemon.uri] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `virsh nodeinfo` as label → value.
    static func nodeInfo() throws -> [String: String] {
        var fields: [String: String] = [:]
        for line in try run("nodeinfo").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 {
                fields[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return fields
    }
}
