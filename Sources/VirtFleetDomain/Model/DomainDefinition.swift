/// A libvirt domain as virtfleet models it: every element of the domain format it speaks, typed.
///
/// `xml` renders the current libvirt spelling in libvirt's own element order, so what is sent
/// reads like what libvirt returns. Fields that libvirt would default stay nil and are left out.
public struct DomainDefinition: Hashable, Sendable {
    public var type: DomainType
    public var name: String
    public var uuid: String?
    public var title: String?
    public var description: String?
    /// Extra metadata elements (virtfleet's ownership element among them).
    public var metadata: [DomainXMLElement] = []
    public var memoryKiB: Int
    public var currentMemoryKiB: Int?
    public var vcpu: Int
    public var bootloader: String?
    public var bootloaderArgs: String?
    public var os: OSBoot
    public var features: [Feature] = []
    public var clock: ClockOffset?
    public var onPoweroff: LifecycleAction?
    public var onReboot: LifecycleAction?
    public var onCrash: LifecycleAction?
    public var devices: Devices

    public init(type: DomainType, name: String, memoryKiB: Int, vcpu: Int, os: OSBoot, devices: Devices = Devices()) {
        self.type = type
        self.name = name
        self.memoryKiB = memoryKiB
        self.vcpu = vcpu
        self.os = os
        self.devices = devices
    }

    public var xml: DomainXMLElement {
        var root = DomainXMLElement("domain", attributes: [XMLAttribute("type", type.rawValue)])
        root.append("name", text: name)
        root.append("uuid", text: uuid)
        root.append("title", text: title)
        root.append("description", text: description)
        if !metadata.isEmpty { root.append(DomainXMLElement("metadata", children: metadata.map { .element($0) })) }
        root.append(DomainXMLElement("memory", text: String(memoryKiB), attributes: [XMLAttribute("unit", "KiB")]))
        if let currentMemoryKiB {
            root.append(DomainXMLElement("currentMemory", text: String(currentMemoryKiB), attributes: [XMLAttribute("unit", "KiB")]))
        }
        root.append("vcpu", text: String(vcpu))
        root.append("bootloader", text: bootloader)
        root.append("bootloader_args", text: bootloaderArgs)
        root.append(os.xml)
        if !features.isEmpty {
            root.append(DomainXMLElement("features", children: features.map { .element(DomainXMLElement($0.rawValue)) }))
        }
        if let clock { root.append(DomainXMLElement("clock", attributes: [XMLAttribute("offset", clock.rawValue)])) }
        root.append("on_poweroff", text: onPoweroff?.rawValue)
        root.append("on_reboot", text: onReboot?.rawValue)
        root.append("on_crash", text: onCrash?.rawValue)
        root.append(devices.xml)
        return root
    }
}

/// The hypervisor driver (`<domain type=…>`), as libvirt's schema lists them.
public enum DomainType: String, CaseIterable, Sendable {
    case kvm, qemu, kqemu, xen, lxc, uml, openvz, test, vmware, hyperv, vbox, phyp, vz, bhyve
}

/// Actions for `on_poweroff`, `on_reboot` and `on_crash`.
public enum LifecycleAction: String, CaseIterable, Sendable {
    case destroy, restart, preserve
    case renameRestart = "rename-restart"
}

/// Togglable hypervisor features; leaving one out turns it off.
public enum Feature: String, CaseIterable, Sendable {
    case pae, acpi, apic, hap, viridian, privnet, pmu, vmport
}

/// How the guest clock starts relative to the host (`sync` in the 2008 domain format document, now `offset`).
public enum ClockOffset: String, CaseIterable, Sendable {
    case utc, localtime
}
