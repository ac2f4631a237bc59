import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetExpansion

/// Warnings beside expansion's result: runtime-only attributes left out, NUMA cells that disagree
/// with `<memory>`, a MAC repeated within one guest. Each with the minimal document that shows it.
@Suite struct WarningTests {
    /// A raw template `t.xml` used by guest `g` on host kvm1 (or by `extraGuests`).
    static func fleet(raw: String, extraGuests: String = "") throws -> TestFleet {
        try TestFleet([
            "inventory/hosts.yaml": TestFleet.hosts,
            "inventory/guests.yaml": "guests:\n  - { name: g, template: t, host: kvm1 }\n" + extraGuests,
            "templates/t.xml": raw,
        ])
    }

    static func expansion(_ fleet: TestFleet) throws -> Expansion {
        try Expander.expansion(try InventoryLoader.load(paths: [fleet.path("inventory")]))
    }

    /// Each warning as printed, with the temporary folder taken out.
    static func lines(_ expansion: Expansion, _ fleet: TestFleet) -> [String] {
        expansion.allWarnings.map { $0.description.replacingOccurrences(of: fleet.root.path + "/", with: "") }
    }

    static let body = "<memory unit='MiB'>64</memory><os><type>hvm</type></os>"

    // MARK: runtime-only attributes

    @Test func theRootIdIsLeftOutWithAWarningAtTheTemplate() throws {
        let fleet = try Self.fleet(raw: "<domain type='kvm' id='5'>\n  <name>g</name>\n  \(Self.body)\n</domain>\n")
        let expansion = try Self.expansion(fleet)
        #expect(expansion.guests[0].domain[attribute: "id"] == nil)
        #expect(!expansion.guests[0].xml.contains("id=\"5\""))
        let lines = Self.lines(expansion, fleet)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("warning: templates/t.xml:1:1: <domain id> is runtime-only") == true)
        #expect(lines.first?.contains("— remove 'id=' there from the template") == true)
    }

    @Test func diskSourceAndBackingStoreIndexesAreLeftOut() throws {
        let raw = """
            <domain type='kvm'>
              <name>g</name>
              \(Self.body)
              <devices>
                <disk type='file' device='disk'>
                  <source file='/images/g.qcow2' index='2'/>
                  <backingStore type='file' index='1'>
                    <format type='qcow2'/>
                    <source file='/images/base.qcow2' index='1'/>
                    <backingStore/>
                  </backingStore>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/><product id='0x5678'/></source></hostdev>
              </devices>
            </domain>
            """
        let fleet = try Self.fleet(raw: raw)
        let expansion = try Self.expansion(fleet)
        let xml = expansion.guests[0].xml
        #expect(!xml.contains("index="))
        #expect(xml.contains("<source file=\"/images/base.qcow2\"/>"))
        let lines = Self.lines(expansion, fleet)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("warning: templates/t.xml:6:7: <disk><source index> is runtime-only") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("warning: templates/t.xml:7:7: <backingStore index> is runtime-only") })
    }

    /// The guest-agent channel as `virsh dumpxml` shows it for a running guest.
    @Test func aChannelTargetStateIsLeftOut() throws {
        let raw = """
            <domain type='kvm'>
              <name>g</name>
              \(Self.body)
              <devices>
                <channel type='unix'>
                  <source mode='bind'/>
                  <target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>
                </channel>
              </devices>
            </domain>
            """
        let fleet = try Self.fleet(raw: raw)
        let expansion = try Self.expansion(fleet)
        #expect(!expansion.guests[0].xml.contains("state="))
        #expect(expansion.guests[0].xml.contains("name=\"org.qemu.guest_agent.0\""))
        let lines = Self.lines(expansion, fleet)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("warning: templates/t.xml:7:7: <channel><target state> is runtime-only") == true, "\(lines)")
    }

    /// Attributes of the same name elsewhere are the user's: an interface's `<link state>`, an alias.
    @Test func attributesOfTheSameNameElsewhereAreKept() throws {
        let raw = """
            <domain type='kvm'>
              <name>g</name>
              \(Self.body)
              <devices>
                <interface type='network'><source network='default'/><link state='down'/><alias name='ua-net0'/></interface>
                <controller type='usb' index='0'/>
              </devices>
            </domain>
            """
        let fleet = try Self.fleet(raw: raw)
        let expansion = try Self.expansion(fleet)
        #expect(expansion.allWarnings.isEmpty)
        #expect(expansion.guests[0].xml.contains("<link state=\"down\"/>"))
        #expect(expansion.guests[0].xml.contains("<alias name=\"ua-net0\"/>"))
        #expect(expansion.guests[0].xml.contains("<controller type=\"usb\" index=\"0\"/>"))
    }

    @Test func everyGuestOfATemplateSharesOneWarning() throws {
        let fleet = try Self.fleet(
            raw: "<domain type='kvm' id='1'>\(Self.body)</domain>",
            extraGuests: "  - { name: \"h{{ index }}\", template: t, count: 3, group: all3 }\n")
        let expansion = try Self.expansion(fleet)
        #expect(expansion.guests.count == 4)
        #expect(expansion.allWarnings.count == 1)
        #expect(expansion.warnings(for: [expansion.guests[2]]).count == 1)
    }

    // MARK: header order

    /// The schema's order, whatever the template's: `<name>`, `<uuid>`, `<genid>`, `<title>`,
    /// `<description>`, `<metadata>` first.
    @Test(arguments: [
        "<genid/><title>t</title>",
        "<title>t</title><genid/>",
        "<metadata><x:a xmlns:x='urn:x'/></metadata><title>t</title><genid/>",
        "<description>d</description><name>g</name><genid/>",
    ])
    func theHeaderIsInSchemaOrder(header: String) throws {
        let fleet = try Self.fleet(
            raw: "<domain type='kvm' id='7'><memory unit='MiB'>64</memory>\(header)<os><type>hvm</type></os></domain>")
        let domain = try Self.expansion(fleet).guests[0].domain
        let names = domain.elements.map(\.name)
        let header = names.prefix { OwnershipStamp.header.contains($0) }
        #expect(Array(header) == OwnershipStamp.header.filter(names.contains))
        #expect(names.prefix(2) == ["name", "uuid"])
        #expect(names.last == "os")
    }

    @Test func anOrdinaryTemplateKeepsItsOrder() throws {
        let raw = "<domain type='kvm'><name>g</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"
        let domain = try Self.expansion(try Self.fleet(raw: raw)).guests[0].domain
        #expect(domain.elements.map(\.name) == ["name", "uuid", "metadata", "memory", "vcpu", "os"])
    }

    // MARK: NUMA cells and <memory>

    @Test func numaCellsThatDisagreeWithMemoryWarnWhatLibvirtStores() throws {
        let raw = """
            <domain type='kvm'>
              <name>g</name>
              <memory unit='KiB'>1572864</memory>
              <cpu><numa><cell id='0' cpus='0' memory='1048576' unit='KiB'/></numa></cpu>
              <os><type>hvm</type></os>
            </domain>
            """
        let fleet = try Self.fleet(raw: raw)
        let lines = Self.lines(try Self.expansion(fleet), fleet)
        #expect(
            lines == [
                "warning: templates/t.xml:3:3: <memory> is 1572864 KiB but its 1 NUMA cell(s) add up to 1048576 KiB; "
                    + "libvirt stores the sum, 1048576 KiB — write <memory unit='KiB'>1048576</memory>, or change the cells"
            ])
    }

    @Test func cellsInOtherUnitsAndMemoryDevicesCount() throws {
        let raw = """
            <domain type='kvm'>
              <name>g</name>
              <maxMemory slots='4' unit='GiB'>8</maxMemory>
              <memory unit='GiB'>3</memory>
              <cpu><numa><cell id='0' cpus='0' memory='1' unit='GiB'/><cell id='1' cpus='1' memory='1048576'/></numa></cpu>
              <os><type>hvm</type></os>
              <devices>
                <memory model='dimm'><target><size unit='MiB'>1024</size><node>0</node></target></memory>
              </devices>
            </domain>
            """
        let fleet = try Self.fleet(raw: raw)
        #expect(try Self.expansion(fleet).allWarnings.isEmpty)
        let more = try Self.fleet(raw: raw.replacingOccurrences(of: "<size unit='MiB'>1024", with: "<size unit='MiB'>512"))
        let lines = Self.lines(try Self.expansion(more), more)
        #expect(lines.count == 1)
        #expect(
            lines.first?.contains("<memory> is 3145728 KiB but its 2 NUMA cell(s) and 1 memory device(s) add up to 2621440 KiB") == true)
    }

    @Test func withoutCellsMemoryIsNotChecked() throws {
        let raw = """
            <domain type='kvm'><name>g</name><memory unit='MiB'>64</memory><os><type>hvm</type></os>
            <devices><memory model='dimm'><target><size unit='MiB'>128</size></target></memory></devices></domain>
            """
        #expect(try Self.expansion(try Self.fleet(raw: raw)).allWarnings.isEmpty)
    }

    @Test func sizesAreRoundedUpToWholeKibibytesAsLibvirtStoresThem() {
        #expect(NUMAMemory.kibibytes("1", unit: "b") == 1)
        #expect(NUMAMemory.kibibytes("2048", unit: "bytes") == 2)
        #expect(NUMAMemory.kibibytes("1", unit: "KB") == 1)
        #expect(NUMAMemory.kibibytes("2", unit: "M") == 2048)
        #expect(NUMAMemory.kibibytes("7", unit: nil) == 7)
        #expect(NUMAMemory.kibibytes("x", unit: nil) == nil)
        #expect(NUMAMemory.kibibytes("1", unit: "parsecs") == nil)
        #expect(NUMAMemory.kibibytes("18446744073709551615", unit: "GiB") == nil)
    }

    // MARK: MACs

    @Test func aMACRepeatedWithinOneGuestIsAWarning() throws {
        let raw = """
            <domain type='kvm'><name>g</name>\(Self.body)<devices>
            <interface type='network'><mac address='52:54:00:aa:bb:01'/><source network='a'/></interface>
            <interface type='network'><mac address='52:54:00:aa:bb:01'/><source network='b'/></interface>
            <interface type='network'><mac address='52:54:00:aa:bb:01'/><source network='c'/></interface>
            </devices></domain>
            """
        let fleet = try Self.fleet(raw: raw)
        let expansion = try Self.expansion(fleet)
        #expect(expansion.guests.count == 1)
        let lines = Self.lines(expansion, fleet)
        #expect(lines.count == 1)
        #expect(
            lines.first?.hasPrefix("warning: inventory/guests.yaml:2:5: MAC 52:54:00:aa:bb:01 is on more than one interface of guest 'g'")
                == true)
    }

    @Test func aMACUsedByTwoGuestsIsStillAnError() throws {
        let raw = """
            <domain type='kvm'>\(Self.body)<devices>
            <interface type='network'><mac address='52:54:00:aa:bb:01'/><source network='a'/></interface>
            </devices></domain>
            """
        let fleet = try Self.fleet(raw: raw, extraGuests: "  - { name: other, template: t, host: kvm2 }\n")
        let problems = fleet.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("MAC 52:54:00:aa:bb:01 of guest 'other' is also used by 'g'") == true)
    }

    // MARK: the warning itself

    @Test func aWarningPrintsAsAProblemDoesWithWarningInFront() {
        let warning = Warning("it\nhappened", at: SourceLocation(file: "a.xml", line: 2, column: 3), hint: "fix it")
        #expect(warning.description == "warning: a.xml:2:3: it happened — fix it")
        #expect(Warning("x", at: nil).description == "warning: x")
    }

    @Test func warningsAreSortedByPlaceAndPrintedOnce() {
        let a = Warning("a", at: SourceLocation(file: "f", line: 9, column: 1))
        let b = Warning("b", at: SourceLocation(file: "f", line: 2, column: 1))
        let c = Warning("c", at: nil)
        #expect(Warning.sorted([c, a, b, a]) == [b, a, c])
    }
}
