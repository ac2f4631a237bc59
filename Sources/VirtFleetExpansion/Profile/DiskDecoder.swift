import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// `disks:` entries: `{type: file, device: disk, source: PATH, target: vda, bus: virtio, driver: {name, type}}`.
enum DiskDecoder {
    static func decode(_ node: ConfigNode) throws -> Disk {
        let r = try MappingReader(
            node, context: "disk",
            allowed: [
                "type", "device", "driver", "source", "target",
                "bus", "readonly", "shareable",
            ])
        var disk = Disk(type: try r.enum("type", DiskType.self) ?? .file, targetDev: try r.requiredString("target"))
        if disk.targetDev.isEmpty || disk.targetDev.contains(where: { $0.isWhitespace || $0 == "/" }),
            let target = r.node("target")
        {
            throw Diagnostic(
                "'\(disk.targetDev)' is not a valid disk target", at: target.location,
                hint: "name the guest device, such as vda, sda or hdc")
        }
        disk.device = try r.enum("device", DiskDevice.self)
        disk.source = try r.string("source")
        disk.targetBus = try r.enum("bus", DiskBus.self)
        disk.readonly = try r.bool("readonly") ?? false
        disk.shareable = try r.bool("shareable") ?? false
        if let driver = r.node("driver") {
            if driver.scalar != nil {
                disk.driverName = try driver.asString("driver")
            } else {
                let d = try MappingReader(driver, context: "disk driver", allowed: ["name", "type"])
                disk.driverName = try d.string("name")
                disk.driverType = try d.string("type")
            }
        }
        if disk.source == nil, disk.device != .cdrom, disk.device != .floppy {
            throw Diagnostic(
                "disk '\(disk.targetDev)' has no source", at: node.location,
                hint: "give 'source:' a file path (type file) or a device path (type block)")
        }
        return disk
    }
}
