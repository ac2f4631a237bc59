/// `<devices>`: the emulator and every device kind, rendered in libvirt's order.
public struct Devices: Hashable, Sendable {
    public var emulator: String?
    public var disks: [Disk] = []
    public var interfaces: [Interface] = []
    public var serials: [CharacterDevice] = []
    public var parallels: [CharacterDevice] = []
    public var consoles: [CharacterDevice] = []
    public var inputs: [Input] = []
    public var graphics: [Graphics] = []
    public var hostdevs: [USBHostDevice] = []

    public init() {}

    var xml: DomainXMLElement {
        var devices = DomainXMLElement("devices")
        devices.append("emulator", text: emulator)
        for disk in disks { devices.append(disk.xml) }
        for interface in interfaces { devices.append(interface.xml) }
        for serial in serials { devices.append(serial.xml(kind: .serial)) }
        for parallel in parallels { devices.append(parallel.xml(kind: .parallel)) }
        for console in consoles { devices.append(console.xml(kind: .console)) }
        for input in inputs { devices.append(input.xml) }
        for graphic in graphics { devices.append(graphic.xml) }
        for hostdev in hostdevs { devices.append(hostdev.xml) }
        return devices
    }
}
