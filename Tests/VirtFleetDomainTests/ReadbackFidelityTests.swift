import Testing

@testable import VirtFleetDomain

/// One minimal document per way libvirt 9.0 writes back a definition differently without losing
/// anything (each observed side is what `virsh dumpxml --inactive` returned on the testbed for
/// the desired side), and the real losses next to them that must still be reported.
@Suite struct ReadbackFidelityTests {
    private func mismatches(_ desired: String, _ observed: String) throws -> [String] {
        DomainSubset.mismatches(try LibXMLParser.parse(desired, file: "d"), in: try LibXMLParser.parse(observed, file: "o"))
            .map(\.description)
    }

    // MARK: 1. libvirt rewrites the value

    @Test func memtuneSizesInAnyUnitCompareInBytesRoundedUpToKiB() throws {
        let desired =
            "<domain><memtune><hard_limit unit='bytes'>2147483648</hard_limit><soft_limit unit='KB'>1000000</soft_limit></memtune></domain>"
        let observed =
            "<domain><memtune><hard_limit unit='KiB'>2097152</hard_limit><soft_limit unit='KiB'>976563</soft_limit></memtune></domain>"
        #expect(try mismatches(desired, observed) == [])
        let lost =
            "<domain><memtune><hard_limit unit='KiB'>2097152</hard_limit><soft_limit unit='KiB'>976562</soft_limit></memtune></domain>"
        #expect(try mismatches(desired, lost) == ["memtune/soft_limit: wanted '1000000', libvirt has '976562'"])
    }

    @Test func metadataCacheMaxSizeIsStoredInBytes() throws {
        let desired =
            "<domain><devices><disk><driver><metadata_cache><max_size unit='kiB'>1024</max_size></metadata_cache></driver><target dev='vdb'/></disk></devices></domain>"
        let observed =
            "<domain><devices><disk><driver name='qemu'><metadata_cache><max_size unit='bytes'>1048576</max_size></metadata_cache></driver><target dev='vdb'/></disk></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
    }

    @Test func decimalPCIAddressesComeBackInHex() throws {
        let desired =
            "<domain><devices><interface><mac address='52:54:00:11:22:33'/><address type='pci' domain='0' bus='0' slot='18' function='0'/></interface></devices></domain>"
        let observed =
            "<domain><devices><interface><mac address='52:54:00:11:22:33'/><address type='pci' domain='0x0000' bus='0x00' slot='0x12' function='0x0'/></interface></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let moved = observed.replacingOccurrences(of: "0x12", with: "0x13")
        #expect(try mismatches(desired, moved) == ["devices/interface/address@slot: wanted '18', libvirt has '0x13'"])
    }

    @Test func aNICModelIsStoredInLowerCase() throws {
        let desired = "<domain><devices><interface><mac address='52:54:00:11:22:33'/><model type='ViRtIo'/></interface></devices></domain>"
        #expect(try mismatches(desired, desired.replacingOccurrences(of: "ViRtIo", with: "virtio")) == [])
        #expect(try mismatches(desired, desired.replacingOccurrences(of: "ViRtIo", with: "e1000")).count == 1)
    }

    @Test func nodesetsCompareAsSets() throws {
        let desired = "<domain><vcpu placement='static' cpuset='0-3,^2'>4</vcpu></domain>"
        #expect(try mismatches(desired, "<domain><vcpu placement='static' cpuset='0-1,3'>4</vcpu></domain>") == [])
        #expect(try mismatches(desired, "<domain><vcpu placement='static' cpuset='0-3'>4</vcpu></domain>").count == 1)
    }

    @Test func anISCSITargetWithoutALUNMeansLUNZero() throws {
        let desired =
            "<domain><devices><disk type='network'><source protocol='iscsi' name='iqn.2024-01.org.example:store'/><target dev='vda'/></disk></devices></domain>"
        let observed = desired.replacingOccurrences(of: "store'", with: "store/0'")
        #expect(try mismatches(desired, observed) == [])
        #expect(try mismatches(desired, desired.replacingOccurrences(of: "store'", with: "store/1'")).count == 1)
    }

    @Test func aSourcelessVolumeCDROMIsStoredAsAFileDisk() throws {
        let desired =
            "<domain><devices><disk type='volume' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk></devices></domain>"
        let observed =
            "<domain><devices><disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='sda' bus='sata'/><readonly/></disk></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let withSource =
            "<domain><devices><disk type='volume' device='cdrom'><source pool='p' volume='v'/><target dev='sda'/></disk></devices></domain>"
        #expect(try mismatches(withSource, observed.replacingOccurrences(of: "<target", with: "<source file='/x'/><target")).count >= 1)
    }

    // MARK: 2. libvirt omits defaults and empty values

    @Test func theGuestAgentChannelAsVirtInstallWritesIt() throws {
        let desired =
            "<domain><devices><channel type='unix'><source mode='bind'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel></devices></domain>"
        let observed =
            "<domain><devices><channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/><address type='virtio-serial' controller='0' bus='0' port='1'/></channel></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let withPath = desired.replacingOccurrences(of: "mode='bind'", with: "mode='bind' path='/run/agent.sock'")
        #expect(
            try mismatches(withPath, observed) == [
                "devices/channel/source: wanted <source mode='bind' path='/run/agent.sock'>, libvirt has nothing"
            ])
    }

    @Test func anAgentSocketInLibvirtsOwnFolderIsMadeAnewAtStart() throws {
        let desired = """
            <domain><devices><channel type='unix'><source mode='bind' path='/var/lib/libvirt/qemu/channel/target/domain-4-web/org.qemu.guest_agent.0'/>
            <target type='virtio' name='org.qemu.guest_agent.0'/></channel></devices></domain>
            """
        let observed =
            "<domain><devices><channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let own = desired.replacingOccurrences(of: "/var/lib/libvirt/qemu/channel/target/domain-4-web", with: "/run/agents/web")
        #expect(try mismatches(own, observed).count == 1)
    }

    @Test func aClosedTrayAndAnEmptyHostModelFallbackAreDefaults() throws {
        let desired =
            "<domain><cpu mode='host-model'><model fallback='allow'/></cpu><devices><disk device='cdrom'><target dev='sda' tray='closed'/></disk></devices></domain>"
        let observed =
            "<domain><cpu mode='host-model' check='partial'/><devices><disk device='cdrom'><target dev='sda' bus='sata'/></disk></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let open = desired.replacingOccurrences(of: "closed", with: "open")
        #expect(try mismatches(open, observed) == ["devices/disk/target@tray: wanted 'open', libvirt has nothing"])
    }

    @Test func anEmptyFlagElementIsNeverADefault() throws {
        let desired = "<domain><devices><disk><target dev='vda'/><readonly/></disk></devices></domain>"
        #expect(
            try mismatches(desired, "<domain><devices><disk><target dev='vda'/></disk></devices></domain>") == [
                "devices/disk/readonly: wanted <readonly>, libvirt has nothing"
            ])
    }

    @Test func memtuneAtUnlimitedIsNoLimit() throws {
        let desired = "<domain><memory>262144</memory><memtune><hard_limit unit='KiB'>9007199254740991</hard_limit></memtune></domain>"
        #expect(try mismatches(desired, "<domain><memory unit='KiB'>262144</memory></domain>") == [])
        let limited = "<domain><memtune><hard_limit unit='KiB'>1048576</hard_limit></memtune></domain>"
        #expect(try mismatches(limited, "<domain/>") == ["memtune: wanted <memtune>, libvirt has nothing"])
    }

    @Test func aReadOnlyDiskNeedsNoSnapshotNoAndSpiceAnyModeIsTheDefault() throws {
        let desired = """
            <domain><devices><disk device='cdrom' snapshot='no'><target dev='sda'/><readonly/></disk>
            <disk snapshot='no'><target dev='vda'/></disk><graphics type='spice' defaultMode='any'/></devices></domain>
            """
        let observed = """
            <domain><devices><disk device='cdrom'><target dev='sda'/><readonly/></disk>
            <disk snapshot='no'><target dev='vda'/></disk><graphics type='spice'/></devices></domain>
            """
        #expect(try mismatches(desired, observed) == [])
        let writableDropped = observed.replacingOccurrences(of: "<disk snapshot='no'>", with: "<disk>")
        #expect(try mismatches(desired, writableDropped) == ["devices/disk[2]@snapshot: wanted 'no', libvirt has nothing"])
    }

    @Test func portsChosenAtStartAreNotExpectedBack() throws {
        let desired = """
            <domain><devices><graphics type='spice' port='-1' tlsPort='-1' autoport='yes'/>
            <graphics type='vnc' port='5905' autoport='yes'/></devices></domain>
            """
        let observed = "<domain><devices><graphics type='spice' autoport='yes'/><graphics type='vnc' autoport='yes'/></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let fixed = "<domain><devices><graphics type='vnc' port='5905' autoport='no'/></devices></domain>"
        #expect(try mismatches(fixed, "<domain><devices><graphics type='vnc' autoport='no'/></devices></domain>").count == 1)
    }

    @Test func tapNamesWithLibvirtsReservedPrefixesAreItsToChoose() throws {
        let desired =
            "<domain><devices><interface type='ethernet'><mac address='52:54:00:00:00:02'/><target dev='vnet-r1'/></interface></devices></domain>"
        let observed = "<domain><devices><interface type='ethernet'><mac address='52:54:00:00:00:02'/></interface></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let unmanaged = desired.replacingOccurrences(of: "dev='vnet-r1'", with: "dev='vnet-r1' managed='no'")
        #expect(try mismatches(unmanaged, observed).count == 1)
    }

    @Test func schedulersAreKeptOnePerVCPU() throws {
        let desired = "<domain><cputune><vcpusched vcpus='0-1' scheduler='fifo' priority='10'/></cputune></domain>"
        let observed =
            "<domain><cputune><vcpusched vcpus='0' scheduler='fifo' priority='10'/><vcpusched vcpus='1' scheduler='fifo' priority='10'/></cputune></domain>"
        #expect(try mismatches(desired, observed) == [])
        let one = "<domain><cputune><vcpusched vcpus='0' scheduler='fifo' priority='10'/></cputune></domain>"
        #expect(try mismatches(desired, one).count == 1)
    }

    @Test func automaticNUMAPlacementPlacesTheVCPUsToo() throws {
        let desired = "<domain><vcpu placement='static'>4</vcpu><numatune><memory mode='strict' placement='auto'/></numatune></domain>"
        #expect(try mismatches(desired, desired.replacingOccurrences(of: "'static'", with: "'auto'")) == [])
        let pinned = "<domain><vcpu placement='static'>4</vcpu></domain>"
        #expect(try mismatches(pinned, "<domain><vcpu placement='auto'>4</vcpu></domain>").count == 1)
    }

    // MARK: 3. <memory> recomputed from NUMA cells and memory devices

    @Test func memoryIsTheSumOfTheNUMACells() throws {
        let desired =
            "<domain><memory unit='KiB'>1572864</memory><cpu><numa><cell id='0' cpus='0-3' memory='1' unit='GiB'/></numa></cpu></domain>"
        let observed =
            "<domain><memory unit='KiB'>1048576</memory><cpu><numa><cell id='0' cpus='0-3' memory='1048576' unit='KiB'/></numa></cpu></domain>"
        #expect(try mismatches(desired, observed) == [])
        let other = observed.replacingOccurrences(of: "<memory unit='KiB'>1048576", with: "<memory unit='KiB'>2097152")
        #expect(try mismatches(desired, other) == ["memory: wanted '1572864', libvirt has '2097152'"])
    }

    @Test func memoryDevicesAddToTheNUMASum() throws {
        let desired = """
            <domain><memory unit='KiB'>1</memory><cpu><numa><cell id='0' cpus='0' memory='524288'/></numa></cpu>
            <devices><memory model='dimm'><target><size unit='MiB'>512</size><node>0</node></target></memory></devices></domain>
            """
        let observed = """
            <domain><memory unit='KiB'>1048576</memory><cpu><numa><cell id='0' cpus='0' memory='524288' unit='KiB'/></numa></cpu>
            <devices><memory model='dimm'><target><size unit='KiB'>524288</size><node>0</node></target></memory></devices></domain>
            """
        #expect(try mismatches(desired, observed) == [])
    }

    @Test func currentMemoryIsLoweredToTheComputedMemory() throws {
        let desired = """
            <domain><memory unit='KiB'>2097152</memory><currentMemory unit='KiB'>2097152</currentMemory>
            <cpu><numa><cell id='0' cpus='0-1' memory='1048576'/></numa></cpu>
            <devices><memory model='dimm'><target><size unit='KiB'>524288</size></target></memory></devices></domain>
            """
        let observed = """
            <domain><memory unit='KiB'>1572864</memory><currentMemory unit='KiB'>1572864</currentMemory>
            <cpu><numa><cell id='0' cpus='0-1' memory='1048576' unit='KiB'/></numa></cpu>
            <devices><memory model='dimm'><target><size unit='KiB'>524288</size></target></memory></devices></domain>
            """
        #expect(try mismatches(desired, observed) == [])
        let lower = observed.replacingOccurrences(of: "<currentMemory unit='KiB'>1572864", with: "<currentMemory unit='KiB'>1048576")
        #expect(try mismatches(desired, lower) == ["currentMemory: wanted '2097152', libvirt has '1048576'"])
    }

    // MARK: 5. Runtime-only attributes

    @Test func runtimeOnlyAttributesAreNotExpectedBack() throws {
        let desired = """
            <domain id='5'><devices><disk type='file'><source file='/a' index='3'/><target dev='vda'/></disk>
            <channel type='pty'><target type='virtio' name='org.example.x' state='connected'/></channel>
            <interface><mac address='52:54:00:00:00:09'/><alias name='net0'/></interface></devices></domain>
            """
        let observed = """
            <domain><devices><disk type='file'><source file='/a'/><target dev='vda'/></disk>
            <channel type='pty'><target type='virtio' name='org.example.x'/></channel>
            <interface><mac address='52:54:00:00:00:09'/></interface></devices></domain>
            """
        #expect(try mismatches(desired, observed) == [])
        let userAlias = desired.replacingOccurrences(of: "net0", with: "ua-net0")
        #expect(try mismatches(userAlias, observed) == ["devices/interface/alias: wanted <alias name='ua-net0'>, libvirt has nothing"])
    }

    // MARK: 6. Repeated elements and namespaces

    @Test func thePrimaryVideoPairsWithLibvirtsPrimaryWhereverItIs() throws {
        let desired =
            "<domain><devices><video><model type='virtio'/></video><video><model type='virtio' primary='yes'/></video></devices></domain>"
        let observed =
            "<domain><devices><video><model type='virtio' heads='1' primary='yes'/></video><video><model type='virtio' heads='1'/></video></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let noPrimary = observed.replacingOccurrences(of: " primary='yes'", with: "")
        #expect(try mismatches(desired, noPrimary).count == 1)
    }

    @Test func controllersPairByTypeIndexAndBestMatchWhateverTheOrder() throws {
        let desired =
            "<domain><devices><controller type='usb' index='0' model='ich9-ehci1'/><controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller></devices></domain>"
        let observed =
            "<domain><devices><controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller><controller type='usb' index='0' model='ich9-ehci1'/></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
    }

    @Test func namespacedElementsMatchByURINotPrefix() throws {
        let desired =
            "<domain><commandline xmlns='http://libvirt.org/schemas/domain/qemu/1.0'><arg value='-no-user-config'/></commandline></domain>"
        let observed =
            "<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:commandline><qemu:arg value='-no-user-config'/></qemu:commandline></domain>"
        #expect(try mismatches(desired, observed) == [])
        let otherNamespace =
            "<domain xmlns:qemu='http://example.org/other'><qemu:commandline><qemu:arg value='-no-user-config'/></qemu:commandline></domain>"
        #expect(try mismatches(desired, otherNamespace).count == 1)
    }

    @Test func repeatedNICsWithOneMACPairInOrder() throws {
        let desired =
            "<domain><devices><interface type='user'><mac address='52:54:00:00:00:01'/><model type='virtio'/></interface><interface type='user'><mac address='52:54:00:00:00:01'/><model type='e1000'/></interface></devices></domain>"
        #expect(try mismatches(desired, desired) == [])
    }

    // MARK: 4. Restart-stable hashes

    @Test func theReadbackHashIgnoresDeviceOrderButNotContent() throws {
        let before = try LibXMLParser.parse(
            "<domain><devices><controller type='virtio-serial' index='1'/><controller type='pci' index='0' model='pci-root'/><controller type='virtio-serial' index='0'/></devices></domain>",
            file: "a")
        let after = try LibXMLParser.parse(
            "<domain><devices><controller type='virtio-serial' index='0'/><controller type='virtio-serial' index='1'/><controller type='pci' index='0' model='pci-root'/></devices></domain>",
            file: "b")
        #expect(DomainHash.readback(before) == DomainHash.readback(after))
        #expect(DomainHash.of(before) != DomainHash.of(after), "the desired hash keeps the inventory's order")
        var changed = after
        changed.modifyChild("devices") { $0.children.removeLast() }
        #expect(DomainHash.readback(before) != DomainHash.readback(changed))
    }

    @Test func aVirtioConsoleRenumberedByARestartIsTheSameConsole() throws {
        let desired =
            "<domain><devices><serial type='pty'><target port='0'/></serial><console type='pty'><target type='virtio' port='0'/></console></devices></domain>"
        let defined = """
            <domain><devices><serial type='pty'><target type='isa-serial' port='0'/></serial>
            <console type='pty'><target type='serial' port='0'/></console><console type='pty'><target type='virtio' port='0'/></console></devices></domain>
            """
        let restarted = defined.replacingOccurrences(of: "type='virtio' port='0'", with: "type='virtio' port='1'")
        #expect(try mismatches(desired, defined) == [])
        #expect(try mismatches(desired, restarted) == [])
        #expect(
            DomainHash.readback(try LibXMLParser.parse(defined, file: "a"))
                == DomainHash.readback(try LibXMLParser.parse(restarted, file: "b")))
        let serialMoved = restarted.replacingOccurrences(of: "type='isa-serial' port='0'", with: "type='isa-serial' port='1'")
        #expect(try mismatches(desired, serialMoved).count == 1, "a serial port is the user's")
    }

    @Test func tcpSettingsBehindASocketListenAreIgnoredByLibvirt() throws {
        let desired = """
            <domain><devices><graphics type='spice' port='5907' tlsPort='5901' autoport='no' listen='127.0.0.1'>
            <listen type='socket'/><listen type='address' address='127.0.0.1'/></graphics></devices></domain>
            """
        let observed =
            "<domain><devices><graphics type='spice'><listen type='socket' socket='/run/s.sock'/><listen type='address' address='127.0.0.1'/></graphics></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let tcpFirst = desired.replacingOccurrences(
            of: "<listen type='socket'/><listen type='address' address='127.0.0.1'/>", with: "<listen type='address' address='127.0.0.1'/>")
        #expect(
            try mismatches(
                tcpFirst,
                "<domain><devices><graphics type='spice'><listen type='address' address='127.0.0.1'/></graphics></devices></domain>"
            ).count == 4)
    }

    @Test func anySourcelessDiskIsStoredAsAFileDisk() throws {
        let desired = "<domain><devices><disk type='block' device='cdrom'><target dev='hdc'/></disk></devices></domain>"
        #expect(try mismatches(desired, desired.replacingOccurrences(of: "'block'", with: "'file'")) == [])
        let withSource =
            "<domain><devices><disk type='block' device='cdrom'><source dev='/dev/sr0'/><target dev='hdc'/></disk></devices></domain>"
        #expect(try mismatches(withSource, withSource.replacingOccurrences(of: "'block'", with: "'file'")).count == 1)
    }

    @Test func aRawProtocolOnANonTCPCharacterDeviceIsTheDefault() throws {
        let desired =
            "<domain><devices><parallel type='unix'><source mode='bind' path='/run/lp0'/><protocol type='raw'/><target port='0'/></parallel></devices></domain>"
        let observed =
            "<domain><devices><parallel type='unix'><source mode='bind' path='/run/lp0'/><target port='0'/></parallel></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let telnet = desired.replacingOccurrences(of: "'raw'", with: "'telnet'")
        #expect(try mismatches(telnet, observed) == ["devices/parallel/protocol: wanted <protocol type='telnet'>, libvirt has nothing"])
    }

    @Test func graphicsWithoutAnyPortListensNowhere() throws {
        let desired = "<domain><devices><graphics type='spice' autoport='no'/></devices></domain>"
        let observed = "<domain><devices><graphics type='spice'><listen type='none'/></graphics></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let withPort = "<domain><devices><graphics type='spice' port='5930' autoport='no'/></devices></domain>"
        #expect(try mismatches(withPort, observed).count == 2)
    }

    @Test func aPasswordExpiryWithoutAPasswordMeansNothing() throws {
        let desired =
            "<domain><devices><graphics type='vnc' autoport='yes' passwdValidTo='2011-05-31T16:11:22' connected='disconnect'/></devices></domain>"
        let observed = "<domain><devices><graphics type='vnc' autoport='yes'/></devices></domain>"
        #expect(try mismatches(desired, observed) == [])
        let withPassword = desired.replacingOccurrences(of: "autoport='yes' ", with: "autoport='yes' passwd='s3cret12' ")
        #expect(try mismatches(withPassword, observed).count == 3)
    }

    @Test func numbersParseAsCDoes() {
        #expect(IntegerValue("0x12") == IntegerValue("18"))
        #expect(IntegerValue("010") == IntegerValue("8"))
        #expect(IntegerValue("１８") == nil, "full-width digits are not numbers")
        #expect(Nodeset("0-3,^2") == Nodeset("0,1,3"))
        #expect(Nodeset("3-1") == nil)
        #expect(Nodeset("0-99999999") == nil, "a huge range is compared as text, not expanded")
    }
}
