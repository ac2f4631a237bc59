/// `<os>`: BIOS boot (loader + ordered boot devices) or direct kernel boot (kernel, initrd, cmdline).
public struct OSBoot: Hashable, Sendable {
    public var type: OSType
    public var arch: String?
    public var machine: String?
    public var loader: String?
    public var boot: [BootDevice] = []
    public var kernel: String?
    public var initrd: String?
    public var cmdline: String?

    public init(type: OSType = .hvm) {
        self.type = type
    }

    var xml: DomainXMLElement {
        var os = DomainXMLElement("os")
        var type = DomainXMLElement("type", text: self.type.rawValue)
        type.set("arch", arch)
        type.set("machine", machine)
        os.append(type)
        os.append("loader", text: loader)
        os.append("kernel", text: kernel)
        os.append("initrd", text: initrd)
        os.append("cmdline", text: cmdline)
        for device in boot { os.append(DomainXMLElement("boot", attributes: [XMLAttribute("dev", device.rawValue)])) }
        return os
    }
}

public enum OSType: String, CaseIterable, Sendable {
    /// Full virtualization.
    case hvm
    /// Xen paravirtualized guest ABI (`linux`, "badly named").
    case linux
    case xen
    case exe
}

public enum BootDevice: String, CaseIterable, Sendable {
    case fd, hd, cdrom, network
}
