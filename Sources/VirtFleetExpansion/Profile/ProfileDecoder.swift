import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// Decodes a structured guest profile (a template merged with its parents and the guest's
/// overrides, already interpolated) into the typed domain model.
enum ProfileDecoder {
    /// Keys a structured template may use at its top level (besides `extends` and `vars`).
    static let keys = [
        "type", "title", "description", "memory", "current_memory", "vcpu", "os", "bootloader",
        "bootloader_args", "features", "clock", "on_poweroff", "on_reboot", "on_crash", "emulator",
        "disks", "interfaces", "inputs", "graphics", "serials", "parallels", "consoles", "hostdevs", "cloud_init",
    ]

    /// A decoded profile: the domain, and the volumes its disks ask for (by disk position).
    struct Decoded {
        var definition: DomainDefinition
        var volumes: [(disk: Int, request: VolumeRequest)]
    }

    /// `profile` without `cloud_init` (read apart, see `CloudInitRenderer`).
    static func decode(_ profile: ConfigNode, name: String) throws -> Decoded {
        let r = try MappingReader(profile, context: "template", allowed: keys)
        let os = try r.node("os").map(decodeOS) ?? OSBoot()
        var domain = DomainDefinition(
            type: try r.enum("type", DomainType.self) ?? .kvm, name: name,
            memoryKiB: try MemorySize.kibibytes(try r.required("memory"), "memory"),
            vcpu: try r.int("vcpu", range: 1...4096) ?? 1, os: os)
        domain.title = try r.string("title")
        domain.description = try r.string("description")
        if let current = r.node("current_memory") {
            let kib = try MemorySize.kibibytes(current, "current_memory")
            guard kib <= domain.memoryKiB else {
                throw Diagnostic(
                    "current_memory is larger than memory", at: current.location,
                    hint: "current_memory is the balloon size and may not exceed memory")
            }
            domain.currentMemoryKiB = kib
        }
        domain.bootloader = try r.string("bootloader")
        domain.bootloaderArgs = try r.string("bootloader_args")
        domain.features = try r.list("features").map { try $0.asEnum("feature", Feature.self) }
        domain.clock = try r.enum("clock", ClockOffset.self)
        domain.onPoweroff = try r.enum("on_poweroff", LifecycleAction.self)
        domain.onReboot = try r.enum("on_reboot", LifecycleAction.self)
        domain.onCrash = try r.enum("on_crash", LifecycleAction.self)
        domain.devices.emulator = try r.string("emulator")
        let diskNodes = try r.list("disks")
        var volumes: [(disk: Int, request: VolumeRequest)] = []
        for (index, node) in diskNodes.enumerated() {
            let (disk, request) = try DiskDecoder.decode(node, guest: name)
            domain.devices.disks.append(disk)
            if let request { volumes.append((index, request)) }
        }
        var targets: [String: SourceLocation] = [:]
        for (disk, node) in zip(domain.devices.disks, diskNodes) {
            if let first = targets[disk.targetDev] {
                throw Diagnostic(
                    "disk target '\(disk.targetDev)' is also used by the disk at \(first)", at: node.location,
                    hint: "each disk needs its own target (vda, vdb, …)")
            }
            targets[disk.targetDev] = node.location
        }
        domain.devices.interfaces = try r.list("interfaces").map(InterfaceDecoder.decode)
        domain.devices.inputs = try r.list("inputs").map(InputDecoder.decode)
        domain.devices.graphics = try r.list("graphics").map(GraphicsDecoder.decode)
        domain.devices.serials = try r.list("serials").map { try CharacterDeviceDecoder.decode($0, kind: "serial") }
        let isaSerials = domain.devices.serials.filter { $0.targetType == nil || $0.targetType == "isa-serial" }
        if domain.os.type == .hvm, isaSerials.count > 4, let node = r.node("serials") {
            // libvirt's define accepts more, but the daemon then fails to load the domain when it restarts.
            throw Diagnostic(
                "\(isaSerials.count) ISA serial ports, but libvirt supports at most 4", at: node.location,
                hint: "use consoles with target_type: virtio for further character devices")
        }
        domain.devices.parallels = try r.list("parallels").map { try CharacterDeviceDecoder.decode($0, kind: "parallel") }
        domain.devices.consoles = try r.list("consoles").map { try CharacterDeviceDecoder.decode($0, kind: "console") }
        domain.devices.hostdevs = try r.list("hostdevs").map(USBHostDeviceDecoder.decode)
        return Decoded(definition: domain, volumes: volumes)
    }

    static func decodeOS(_ node: ConfigNode) throws -> OSBoot {
        let r = try MappingReader(
            node, context: "os",
            allowed: [
                "type", "arch", "machine", "loader", "boot", "kernel",
                "initrd", "cmdline",
            ])
        var os = OSBoot(type: try r.enum("type", OSType.self) ?? .hvm)
        os.arch = try r.string("arch")
        os.machine = try r.string("machine")
        os.loader = try r.string("loader")
        os.boot = try r.list("boot").map { try $0.asEnum("boot device", BootDevice.self) }
        os.kernel = try r.string("kernel")
        os.initrd = try r.string("initrd")
        os.cmdline = try r.string("cmdline")
        if os.kernel == nil, let dependent = r.node("initrd") ?? r.node("cmdline") {
            throw Diagnostic("initrd and cmdline need a kernel for direct kernel boot", at: dependent.location)
        }
        return os
    }
}
