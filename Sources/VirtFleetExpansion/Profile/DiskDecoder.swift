import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// `disks:` entries: `{type: file, device: disk, source: PATH, target: vda, bus: virtio, driver: {name, type}}`,
/// or, instead of `source`, a `volume:` made in a pool (see `VolumeRequest`).
enum DiskDecoder {
    static func decode(_ node: ConfigNode, guest: String) throws -> (Disk, VolumeRequest?) {
        let r = try MappingReader(
            node, context: "disk",
            allowed: [
                "type", "device", "driver", "source", "target",
                "bus", "readonly", "shareable", "volume",
            ])
        let type = try r.enum("type", DiskType.self) ?? .file
        let target = try r.required("target")
        var disk = Disk(type: type, targetDev: try target.asString("target"))
        disk.device = try r.enum("device", DiskDevice.self)
        try DiskTarget.check(disk.targetDev, device: disk.device, at: target.location)
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
        if let volumeNode = r.node("volume") {
            let request = try VolumeRequest.decode(volumeNode, guest: guest, target: disk.targetDev)
            if let source = r.node("source") {
                throw Diagnostic(
                    "a disk takes either 'source' or 'volume', not both", at: source.location,
                    hint: "remove 'source': the volume's path in its pool is the source")
            }
            if disk.type != .file, let type = r.node("type") {
                throw Diagnostic("a volume disk is a file disk", at: type.location, hint: "remove 'type', or write type: file")
            }
            if let device = disk.device, device != .disk, let node = r.node("device") {
                throw Diagnostic(
                    "a volume disk is a disk, not a \(device.rawValue)", at: node.location, hint: "remove 'device', or write device: disk")
            }
            if let type = disk.driverType, type != request.format.rawValue, let driver = r.node("driver") {
                throw Diagnostic(
                    "driver type '\(type)' differs from the volume's format '\(request.format.rawValue)'", at: driver.location,
                    hint: "leave the driver type out: virtfleet sets it from the volume's format")
            }
            disk.device = .disk
            disk.driverName = disk.driverName ?? "qemu"
            disk.driverType = request.format.rawValue
            return (disk, request)
        }
        if disk.source == nil, disk.device != .cdrom, disk.device != .floppy {
            throw Diagnostic(
                "disk '\(disk.targetDev)' has no source", at: node.location,
                hint: "give 'source:' a file path (type file) or a device path (type block), or 'volume:' to make one in a pool")
        }
        return (disk, nil)
    }
}

/// A disk's `volume:`: a volume virtfleet makes in a pool before the guest is defined, already
/// interpolated and checked as far as it can be without knowing the host.
struct VolumeRequest: Sendable {
    enum Source: Sendable {
        case empty
        case backing(image: String, at: SourceLocation)
        case clone(image: String, at: SourceLocation)
    }

    var location: SourceLocation
    var pool: String
    var poolLocation: SourceLocation
    var name: String
    var nameLocation: SourceLocation
    /// Declared bytes; nil means "the image's virtual size".
    var capacity: UInt64?
    var capacityLocation: SourceLocation?
    var format: VolumeFormat
    var source: Source

    static let keys = ["pool", "name", "capacity", "format", "backing", "clone"]

    static func decode(_ node: ConfigNode, guest: String, target: String) throws -> VolumeRequest {
        let r = try MappingReader(node, context: "volume", allowed: keys)
        let poolNode = try r.required("pool")
        let pool = try poolNode.asString("pool")
        try Names.check(pool, what: "pool", at: poolNode.location)
        let format = try r.enum("format", VolumeFormat.self) ?? .qcow2
        let source: Source
        switch (r.node("backing"), r.node("clone")) {
        case let (backing?, nil):
            if format != .qcow2, let formatNode = r.node("format") {
                throw Diagnostic(
                    "an overlay on a backing image must be qcow2, not \(format.rawValue)", at: formatNode.location,
                    hint: "write format: qcow2 (or leave it out), or use 'clone:' for a full \(format.rawValue) copy")
            }
            source = .backing(image: try backing.asString("backing"), at: backing.location)
        case let (nil, clone?):
            source = .clone(image: try clone.asString("clone"), at: clone.location)
        case (_?, let clone?):
            throw Diagnostic(
                "a volume takes either 'backing' or 'clone', not both", at: clone.location,
                hint: "backing: an overlay that reads through to the image; clone: a full copy of it")
        case (nil, nil):
            source = .empty
        }
        var capacity: UInt64?
        if let capacityNode = r.node("capacity") {
            capacity = try Capacity.bytes(capacityNode)
        } else if case .empty = source {
            throw Diagnostic(
                "an empty volume needs a 'capacity'", at: node.location,
                hint: "add capacity: 10GiB, or 'backing:' or 'clone:' to start from an image")
        }
        let name: String
        let nameLocation: SourceLocation
        if let nameNode = r.node("name") {
            name = try nameNode.asString("name")
            nameLocation = nameNode.location
        } else {
            name = "\(guest)-\(target).\(format.rawValue)"
            nameLocation = node.location
        }
        try Names.checkVolume(name, at: nameLocation)
        return VolumeRequest(
            location: node.location, pool: pool, poolLocation: poolNode.location, name: name, nameLocation: nameLocation,
            capacity: capacity, capacityLocation: r.node("capacity")?.location, format: format, source: source)
    }
}
