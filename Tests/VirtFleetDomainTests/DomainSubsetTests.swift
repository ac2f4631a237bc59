import Testing

@testable import VirtFleetDomain

/// What libvirt does to a definition (reorders, inserts, defaults) must not read as "dropped";
/// what it really drops must.
@Suite struct DomainSubsetTests {
    private func mismatches(_ desired: String, _ observed: String) throws -> [String] {
        DomainSubset.mismatches(try LibXMLParser.parse(desired, file: "d"), in: try LibXMLParser.parse(observed, file: "o"))
            .map(\.description)
    }

    @Test func disksLibvirtSortedByTargetStillMatch() throws {
        let desired = "<domain><devices><disk><target dev='vdb'/></disk><disk><target dev='vda'/></disk></devices></domain>"
        let observed =
            "<domain><devices><disk><target dev='vda' bus='virtio'/><address/></disk><disk><target dev='vdb' bus='virtio'/></disk></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
    }

    @Test func aConsoleLibvirtInsertsBeforeOursDoesNotShiftThePairing() throws {
        let desired =
            "<domain><devices><serial type='pty'><target port='0'/></serial><console type='stdio'><target type='virtio' port='1'/></console></devices></domain>"
        let observed = """
            <domain><devices><serial type='pty'><target type='isa-serial' port='0'/></serial>
            <console type='pty'><target type='serial' port='0'/></console>
            <console type='stdio'><target type='virtio' port='1'/></console></devices></domain>
            """
        #expect(try mismatches(desired, observed) == [])
    }

    @Test func implicitInputsAndDefaultsAreIgnored() throws {
        let desired = "<domain><vcpu>1</vcpu><devices><input type='tablet' bus='usb'/></devices></domain>"
        let observed =
            "<domain><vcpu placement='static'>1</vcpu><devices><input type='mouse' bus='ps2'/><input type='tablet' bus='usb'/><input type='keyboard' bus='ps2'/></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
    }

    @Test func aDroppedInterfaceTargetIsReported() throws {
        let desired =
            "<domain><devices><interface type='ethernet'><mac address='52:54:00:00:00:01'/><target dev='tap-web'/></interface></devices></domain>"
        let observed =
            "<domain><devices><interface type='ethernet'><mac address='52:54:00:00:00:01'/><model type='rtl8139'/></interface></devices></domain>"
        #expect(try mismatches(desired, observed) == ["devices/interface/target: wanted <target dev='tap-web'>, libvirt has nothing"])
    }

    @Test func aChangedValueIsReportedWithBothSides() throws {
        #expect(
            try mismatches("<domain><memory unit='KiB'>65536</memory></domain>", "<domain><memory unit='KiB'>131072</memory></domain>")
                == ["memory: wanted '65536', libvirt has '131072'"])
    }

    @Test func memoryUnitsAndMachineAliasesAreLibvirtsCanonicalForms() throws {
        let desired = "<domain><memory unit='MiB'>768</memory><os><type machine='pc'>hvm</type></os></domain>"
        let observed = "<domain><memory unit='KiB'>786432</memory><os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type></os></domain>"
        #expect(try mismatches(desired, observed) == [])
    }

    /// Every unit of the domain format compares in KiB, as libvirt stores it; an unknown unit reads as KiB.
    @Test(arguments: [
        ("b", "2048", "2"), ("bytes", "1024", "1"), ("k", "5", "5"), ("KiB", "5", "5"),
        ("KB", "1024", "1000"), ("mb", "1", "977"), ("GB", "1", "976563"), ("tb", "1", "976562500"),
        ("M", "2", "2048"), ("MiB", "2", "2048"), ("g", "1", "1048576"), ("GiB", "1", "1048576"),
        ("T", "1", "1073741824"), ("tib", "1", "1073741824"), ("PiB", "5", "5"),
    ])
    func memoryInAnyUnitComparesInKiB(unit: String, value: String, kib: String) throws {
        let desired = "<domain><memory unit='\(unit)'>\(value)</memory></domain>"
        #expect(try mismatches(desired, "<domain><memory unit='KiB'>\(kib)</memory></domain>") == [])
        #expect(try mismatches(desired, "<domain><memory unit='KiB'>\(Int(kib)! + 1)</memory></domain>").count == 1)
    }

    @Test func secretsAreComparedButNeverShown() throws {
        let found = try mismatches(
            "<domain><devices><graphics type='vnc' passwd='hunter2'/></devices></domain>",
            "<domain><devices><graphics type='vnc' passwd='other'/></devices></domain>")
        #expect(found.count == 1)
        #expect(!found[0].contains("hunter2") && !found[0].contains("other"))
    }
}
