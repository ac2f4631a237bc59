import Foundation
import Testing
import VirtFleetDomain
@testable import VirtFleetExpansion
import VirtFleetInventory
import VirtFleetTestSupport

@Suite struct ExpansionTests {
    private func fleet(guests: String, templates: [String: String] = ["small.yaml": TestFleet.smallTemplate],
                       extra: [String: String] = [:]) throws -> TestFleet {
        var files = ["inventory/hosts.yaml": TestFleet.hosts, "inventory/guests.yaml": guests]
        for (name, text) in templates { files["templates/\(name)"] = text }
        files.merge(extra) { $1 }
        return try TestFleet(files)
    }

    @Test func countExpandsNamePatternWithIndexFromOne() throws {
        let guests = try fleet(guests: """
            guests:
              - { name: "web-{{ index | pad(2) }}", template: small, count: 3, group: all3 }
            """).expand()
        #expect(guests.map(\.name) == ["web-01", "web-02", "web-03"])
        #expect(guests.map(\.host) == ["kvm1", "kvm2", "kvm3"])
    }

    @Test func expansionIsDeterministic() throws {
        let f = try fleet(guests: "guests:\n  - { name: \"w{{ index }}\", template: small, count: 5, group: all3 }\n")
        #expect(try f.expand().map(\.xml) == f.expand().map(\.xml))
    }

    @Test(arguments: [Spread.roundRobin, Spread.hash])
    func growingCountDoesNotMoveExistingGuests(spread: Spread) throws {
        func placements(_ count: Int) throws -> [String: String] {
            let guests = try fleet(guests: """
                guests:
                  - { name: "w{{ index }}", template: small, count: \(count), group: all3, spread: \(spread.rawValue) }
                """).expand()
            return Dictionary(uniqueKeysWithValues: guests.map { ($0.name, $0.host) })
        }
        let small = try placements(10), large = try placements(40)
        for (name, host) in small { #expect(large[name] == host, "\(name) moved") }
        #expect(Set(large.values).count == 3)
    }

    @Test func hashSpreadKeepsGuestsWhenAHostJoins() throws {
        let three = HostPlacement.host(for: "db-7", position: 0, hosts: ["a", "b", "c"], spread: .hash)
        let four = HostPlacement.host(for: "db-7", position: 0, hosts: ["a", "b", "c", "d"], spread: .hash)
        #expect(four == three || four == "d")
    }

    @Test func variablePrecedenceIsTemplateFleetGroupHostGuest() throws {
        let template = """
            vars: { who: template, t_only: t }
            type: kvm
            memory: 64MiB
            description: "{{ who }} {{ t_only }} {{ f_only }} {{ g_only }} {{ h_only }}"
            """
        let hosts = """
            fleet: lab
            templates: ../templates
            vars: { who: fleet, f_only: f }
            hosts:
              kvm1: { vars: { who: host, h_only: h } }
              kvm2: { vars: { h_only: h2 } }
            groups:
              g: { hosts: [kvm1, kvm2], vars: { who: group, g_only: g } }
            """
        let f = try TestFleet([
            "inventory/hosts.yaml": hosts,
            "inventory/guests.yaml": """
                guests:
                  - { name: a, template: p, host: kvm1 }
                  - { name: b, template: p, host: kvm2 }
                  - { name: c, template: p, host: kvm1, vars: { who: guest } }
                """,
            "templates/p.yaml": template,
        ])
        let descriptions = try f.expand().map { $0.domain.first("description")?.text }
        #expect(descriptions == ["host t f g h", "group t f g h2", "guest t f g h"])
    }

    @Test func extendsMergesMappingsAndReplacesLists() throws {
        let guests = try fleet(guests: "guests:\n  - { name: a, template: child, host: kvm1 }\n", templates: [
            "base.yaml": TestFleet.smallTemplate + "\nvcpu: 2\nfeatures: [acpi, apic]\n",
            "child.yaml": "extends: base\nos: { machine: pc }\nfeatures: [pae]\n",
        ]).expand()
        let xml = guests[0].xml
        #expect(xml.contains("<type arch=\"x86_64\" machine=\"pc\">hvm</type>"))
        #expect(xml.contains("<vcpu>2</vcpu>"))
        #expect(xml.contains("<pae/>") && !xml.contains("<acpi/>"))
    }

    @Test func guestOverrideWinsOverTemplate() throws {
        let guests = try fleet(guests: "guests:\n  - { name: a, template: small, host: kvm1, override: { memory: 2GiB } }\n").expand()
        #expect(guests[0].xml.contains("<memory unit=\"KiB\">2097152</memory>"))
    }

    @Test func everyGuestCarriesOwnershipUUIDAndMAC() throws {
        let guest = try fleet(guests: "guests:\n  - { name: a, template: small, host: kvm1 }\n").expand()[0]
        #expect(guest.uuid == Identity.uuid(fleet: "lab", guest: "a"))
        #expect(OwnershipMetadata(domain: guest.domain) == OwnershipMetadata(fleet: "lab", guest: "a"))
        #expect(guest.macs == [Identity.mac(fleet: "lab", guest: "a", interface: 0)])
    }

    @Test func rawTemplateValuesAreEscapedAndIdentityAdded() throws {
        let raw = """
            <domain type='kvm'>
              <name>{{ name }}</name>
              <memory>65536</memory>
              <os><type>hvm</type></os>
              <clock sync='localtime'/>
              <devices>
                <interface type='network'><source network='{{ net }}'/></interface>
              </devices>
            </domain>
            """
        let guest = try fleet(guests: "guests:\n  - { name: r, template: raw, host: kvm1, vars: { net: \"a&<b>\" } }\n",
                              templates: ["raw.xml": raw]).expand()[0]
        let xml = guest.xml
        #expect(xml.contains("network=\"a&amp;&lt;b&gt;\""))
        #expect(xml.contains("<uuid>\(Identity.uuid(fleet: "lab", guest: "r"))</uuid>"))
        #expect(xml.contains("<clock offset=\"localtime\"/>"))
        #expect(guest.macs == [Identity.mac(fleet: "lab", guest: "r", interface: 0)])
        #expect(OwnershipMetadata(domain: guest.domain)?.guest == "r")
    }

    @Test func aRawTemplatesOwnershipMetadataFollowsItsTitleAndDescription() throws {
        let raw = """
            <domain type='kvm'>
              <name>{{ name }}</name>
              <title>Raw</title>
              <description>With a title</description>
              <memory>65536</memory>
              <os><type>hvm</type></os>
            </domain>
            """
        let guest = try fleet(guests: "guests:\n  - { name: r, template: raw, host: kvm1 }\n", templates: ["raw.xml": raw]).expand()[0]
        #expect(guest.domain.elements.map(\.name) == ["name", "uuid", "title", "description", "metadata", "memory", "os"])
        #expect(OwnershipMetadata(domain: guest.domain) == OwnershipMetadata(fleet: "lab", guest: "r"))
    }

    @Test func renderedTreeReplacesAnEarlierRenderButNotForeignFiles() throws {
        let f = try fleet(guests: "guests:\n  - { name: a, template: small, host: kvm1 }\n")
        let out = f.path("out")
        try RenderedTree.write(try f.expand(), to: out)
        #expect(FileManager.default.fileExists(atPath: out + "/kvm1/a.xml"))
        try RenderedTree.write(try f.expand(), to: out)
        try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        #expect(throws: (any Error).self) { try RenderedTree.write(try f.expand(), to: out) }
        #expect(FileManager.default.fileExists(atPath: out + "/notes.txt"))
    }
}

@Suite struct MACAssignmentTests {
    private func guest(_ name: String, mac: String?) -> DesiredGuest {
        var interface = XMLElement("interface", attributes: [XMLAttribute("type", "user")])
        if let mac { interface.append(XMLElement("mac", attributes: [XMLAttribute("address", mac)])) }
        let domain = XMLElement("domain", children: [.element(XMLElement("devices", children: [.element(interface)]))])
        return DesiredGuest(host: "h", name: name, uuid: name, state: .running, domain: domain, declaration: .file("x"))
    }

    @Test func aDerivedMACThatIsTakenMovesToTheNextCandidate() {
        let wanted = Identity.mac(fleet: "lab", guest: "a", interface: 0)
        var guests = [guest("a", mac: nil), guest("b", mac: wanted)]
        MACAssignment.assign(&guests, fleet: "lab")
        #expect(guests[1].macs == [wanted])
        #expect(guests[0].macs == [Identity.mac(fleet: "lab", guest: "a", interface: 0, attempt: 1)])
        #expect(guests[0].macs != guests[1].macs)
    }

    @Test func tenThousandGuestsWithTwoNICsGetUniqueMACs() {
        var guests = (0..<10_000).map { guest("g\($0)", mac: nil) }
        for i in guests.indices {
            guests[i].domain.modifyChild("devices") { $0.append(XMLElement("interface", attributes: [XMLAttribute("type", "user")])) }
        }
        MACAssignment.assign(&guests, fleet: "bench")
        let macs = guests.flatMap(\.macs)
        #expect(macs.count == 20_000)
        #expect(Set(macs).count == 20_000)
    }
}
