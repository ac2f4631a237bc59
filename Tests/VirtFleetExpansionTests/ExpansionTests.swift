import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetExpansion

@Suite struct ExpansionTests {
    private func fleet(
        guests: String, templates: [String: String] = ["small.yaml": TestFleet.smallTemplate],
        extra: [String: String] = [:]
    ) throws -> TestFleet {
        var files = ["inventory/hosts.yaml": TestFleet.hosts, "inventory/guests.yaml": guests]
        for (name, text) in templates { files["templates/\(name)"] = text }
        files.merge(extra) { $1 }
        return try TestFleet(files)
    }

    @Test func countExpandsNamePatternWithIndexFromOne() throws {
        let guests = try fleet(
            guests: """
                guests:
                  - { name: "web-{{ index | pad(2) }}", template: small, count: 3, group: all3 }
                """
        ).expand()
        #expect(guests.map(\.name) == ["web-01", "web-02", "web-03"])
        #expect(guests.map(\.host) == ["kvm1", "kvm2", "kvm3"])
    }

    /// Swift seeds its hashing per process, so two expansions in this process would iterate every
    /// dictionary and set in the same order and could not differ. The test tool
    /// `virtfleet-expand-probe` expands the fleet in processes of its own, each with its own seed
    /// (shown by hashing a probe string): the rendered guests must still be identical byte for
    /// byte, on a fleet with many guests, variables, groups, templates and both spreads.
    @Test func expansionIsByteForByteTheSameInSeparateProcesses() throws {
        let hostNames = (1...8).map { "kvm\($0)" }
        let fleetVars = (1...24).map { "v\($0): value-\($0)" }.joined(separator: ", ")
        let hosts = hostNames.enumerated().map { index, name in
            "  \(name): { vars: { rack: r\(index % 3), h_\(name): yes, shared: from-\(name) } }"
        }.joined(separator: "\n")
        let inventory = """
            fleet: determinism
            templates: ../templates
            vars: { \(fleetVars), image_dir: /images, net: default }
            hosts:
            \(hosts)
            groups:
              web: { hosts: [kvm1, kvm2, kvm3], vars: { tier: web, mem: 128MiB, g1: a, g2: b } }
              db: { hosts: [kvm4, kvm5], vars: { tier: db, mem: 256MiB, g3: c } }
              batch: { hosts: [kvm6, kvm7, kvm8], vars: { tier: batch, g4: d, g5: e } }
            guests:
              - { name: "web-{{ index | pad(3) }}", template: app, count: 40, group: web, vars: { role: frontend, r1: x } }
              - { name: "db-{{ index }}", template: app, count: 12, group: db, spread: hash, vars: { role: database } }
              - { name: "job-{{ index }}", template: child, count: 30, group: batch, spread: hash, state: stopped }
              - { name: solo, template: raw, host: kvm1, vars: { net: "a&b" } }
            """
        let usesVars = (1...24).map { "{{ v\($0) }}" }.joined(separator: " ")
        let files = [
            "inventory/fleet.yaml": inventory,
            "templates/app.yaml": """
            vars: { t1: one, t2: two, t3: three }
            type: kvm
            memory: "{{ mem | default('64MiB') }}"
            vcpu: 2
            description: "{{ tier }} {{ rack }} {{ shared }} {{ role | default('none') }} {{ t1 }} {{ t2 }} \(usesVars)"
            os: { type: hvm, arch: x86_64 }
            features: [acpi, apic, pae]
            disks:
              - { source: "{{ image_dir }}/{{ name }}.qcow2", target: vda, bus: virtio }
              - { source: "{{ image_dir }}/{{ name }}-data.qcow2", target: vdb, bus: virtio }
            interfaces:
              - { type: network, source: "{{ net }}" }
              - { type: network, source: default }
              - { type: user }
            """,
            "templates/child.yaml": "extends: app\nvars: { t2: child }\nvcpu: 1\nfeatures: [acpi]\n",
            "templates/raw.xml": """
            <domain type='kvm'>
              <name>{{ name }}</name>
              <memory>65536</memory>
              <os><type>hvm</type></os>
              <devices>
                <interface type='network'><source network='{{ net }}'/></interface>
                <interface type='user'/>
              </devices>
            </domain>
            """,
        ]
        try withTemporaryDirectory(files) { (scratch) throws in
            let probe = try Repository.builtProgram("virtfleet-expand-probe")
            var seeds: [Substring] = []
            var renders: [Substring] = []
            for _ in 1...3 {
                // A fixed seed would make the processes hash alike again.
                let output = try ProcessRunner.run(
                    probe, [scratch.path("inventory")],
                    removingFromEnvironment: ["SWIFT_DETERMINISTIC_HASHING"]
                ).checked().output
                let lines = output.split(separator: "\n", maxSplits: 1)
                seeds.append(lines.first ?? "")
                renders.append(lines.dropFirst().first ?? "")
            }
            #expect(Set(seeds).count == 3, "the processes did not hash differently: \(seeds)")
            #expect(renders[0].components(separatedBy: "<!-- ").count - 1 == 83)
            #expect(renders[1] == renders[0])
            #expect(renders[2] == renders[0])
        }
    }

    @Test(arguments: [Spread.roundRobin, Spread.hash])
    func growingCountDoesNotMoveExistingGuests(spread: Spread) throws {
        func placements(_ count: Int) throws -> [String: String] {
            let guests = try fleet(
                guests: """
                    guests:
                      - { name: "w{{ index }}", template: small, count: \(count), group: all3, spread: \(spread.rawValue) }
                    """
            ).expand()
            return Dictionary(uniqueKeysWithValues: guests.map { ($0.name, $0.host) })
        }
        let small = try placements(10)
        let large = try placements(40)
        for (name, host) in small { #expect(large[name] == host, "\(name) moved") }
        #expect(Set(large.values).count == 3)
    }

    @Test func hashSpreadKeepsGuestsWhenAHostJoins() throws {
        let guests = (1...300).map { "db-\($0)" }
        var moved: [String] = []
        for (position, guest) in guests.enumerated() {
            let three = HostPlacement.host(for: guest, position: position, hosts: ["a", "b", "c"], spread: .hash)
            let four = HostPlacement.host(for: guest, position: position, hosts: ["a", "b", "c", "d"], spread: .hash)
            #expect(four == three || four == "d", "\(guest) moved from \(three) to \(four), not to the new host")
            if four != three { moved.append(guest) }
        }
        // The new host takes a share (about a quarter), so the check above is not vacuous.
        #expect((40...110).contains(moved.count), "\(moved.count) of 300 guests moved to the new host")
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
        let guests = try fleet(
            guests: "guests:\n  - { name: a, template: child, host: kvm1 }\n",
            templates: [
                "base.yaml": TestFleet.smallTemplate + "\nvcpu: 2\nfeatures: [acpi, apic]\n",
                "child.yaml": "extends: base\nos: { machine: pc }\nfeatures: [pae]\n",
            ]
        ).expand()
        let xml = guests[0].xml
        #expect(xml.contains("<type arch=\"x86_64\" machine=\"pc\">hvm</type>"))
        #expect(xml.contains("<vcpu>2</vcpu>"))
        #expect(xml.contains("<pae/>") && !xml.contains("<acpi/>"))
    }

    @Test func guestOverrideWinsOverTemplate() throws {
        let guests = try fleet(guests: "guests:\n  - { name: a, template: small, host: kvm1, override: { memory: 2GiB } }\n").expand()
        #expect(guests[0].xml.contains("<memory unit=\"KiB\">2097152</memory>"))
    }

    /// libvirt does not tie a target's prefix to its bus (`vdb` on SCSI is a SCSI disk), so
    /// neither does virtfleet: only the device limits it (floppies are `fd`, disks are not).
    @Test func aDiskTargetNeedNotMatchItsBus() throws {
        let template = """
            type: kvm
            memory: 64MiB
            os: { type: hvm }
            disks:
              - { source: /a.img, target: vdb, bus: scsi }
              - { source: /b.img, target: sda, bus: virtio }
              - { device: cdrom, target: hdc, bus: sata }
              - { device: floppy, source: /f.img, target: fdb, bus: fdc }
              - { source: /c.img, target: xvdaa, bus: usb }
            """
        let f = try fleet(guests: "guests:\n  - { name: a, template: small, host: kvm1 }\n", templates: ["small.yaml": template])
        #expect(f.problems() == [])
        let targets = try f.expand().first?.domain.first("devices")?.elements(named: "disk").compactMap {
            $0.first("target")?[attribute: "dev"]
        }
        #expect(targets == ["vdb", "sda", "hdc", "fdb", "xvdaa"])
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
        let guest = try fleet(
            guests: "guests:\n  - { name: r, template: raw, host: kvm1, vars: { net: \"a&<b>\" } }\n",
            templates: ["raw.xml": raw]
        ).expand()[0]
        let xml = guest.xml
        #expect(xml.contains("network=\"a&amp;&lt;b&gt;\""))
        #expect(xml.contains("<uuid>\(Identity.uuid(fleet: "lab", guest: "r"))</uuid>"))
        #expect(xml.contains("<clock offset=\"localtime\"/>"))
        #expect(guest.macs == [Identity.mac(fleet: "lab", guest: "r", interface: 0)])
        #expect(OwnershipMetadata(domain: guest.domain)?.guest == "r")
    }

    @Test func renderedTreeReplacesAnEarlierRenderButNotForeignFiles() throws {
        let f = try fleet(guests: "guests:\n  - { name: a, template: small, host: kvm1 }\n")
        let out = f.path("out")
        try RenderedTree.write(try f.expand(), to: out)
        #expect(FileManager.default.fileExists(atPath: out + "/kvm1/a.xml"))
        try RenderedTree.write(try f.expand(), to: out)
        try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        let refused = #expect(throws: Diagnostic.self) { try RenderedTree.write(try f.expand(), to: out) }
        #expect(refused?.message == "output folder holds files virtfleet did not write (notes.txt)")
        #expect(refused?.hint == "choose an empty or new folder for --out")
        #expect(FileManager.default.fileExists(atPath: out + "/notes.txt"))
        #expect(FileManager.default.fileExists(atPath: out + "/kvm1/a.xml"))
    }
}

@Suite struct MACAssignmentTests {
    private func guest(_ name: String, mac: String?) -> DesiredGuest {
        var interface = DomainXMLElement("interface", attributes: [XMLAttribute("type", "user")])
        if let mac { interface.append(DomainXMLElement("mac", attributes: [XMLAttribute("address", mac)])) }
        let domain = DomainXMLElement("domain", children: [.element(DomainXMLElement("devices", children: [.element(interface)]))])
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
            guests[i].domain.modifyChild("devices") { $0.append(DomainXMLElement("interface", attributes: [XMLAttribute("type", "user")])) }
        }
        MACAssignment.assign(&guests, fleet: "bench")
        let macs = guests.flatMap(\.macs)
        #expect(macs.count == 20_000)
        #expect(Set(macs).count == 20_000)
    }
}
