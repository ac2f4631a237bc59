/// `<disk>`: a file or block device shown to the guest as a floppy, disk or CD-ROM.
public struct Disk: Hashable, Sendable {
    public var type: DiskType
    public var device: DiskDevice?
    public var driverName: String?
    public var driverType: String?
    /// A file path (`type: file`) or a host device path (`type: block`).
    public var source: String?
    public var targetDev: String
    public var targetBus: DiskBus?
    public var readonly = false
    public var shareable = false

    public init(type: DiskType, targetDev: String) {
        self.type = type
        self.targetDev = targetDev
    }

    var xml: DomainXMLElement {
        var disk = DomainXMLElement("disk", attributes: [XMLAttribute("type", type.rawValue)])
        disk.set("device", device?.rawValue)
        if driverName != nil || driverType != nil {
            var driver = DomainXMLElement("driver")
            driver.set("name", driverName)
            driver.set("type", driverType)
            disk.append(driver)
        }
        if let source {
            disk.append(DomainXMLElement("source", attributes: [XMLAttribute(type == .block ? "dev" : "file", source)]))
        }
        var target = DomainXMLElement("target", attributes: [XMLAttribute("dev", targetDev)])
        target.set("bus", targetBus?.rawValue)
        disk.append(target)
        if readonly { disk.append(DomainXMLElement("readonly")) }
        if shareable { disk.append(DomainXMLElement("shareable")) }
        return disk
    }
}

public enum DiskType: String, CaseIterable, Sendable {
    case file, block
}

public enum DiskDevice: String, CaseIterable, Sendable {
    case floppy, disk, cdrom, lun
}

public enum DiskBus: String, CaseIterable, Sendable {
    case ide, scsi, virtio, xen, usb, sata, sd, fdc
}
