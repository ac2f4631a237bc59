import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetExpansion

/// `cloud_init:` as expansion renders it: the documents, YAML-aware interpolation, meta-data
/// defaults, the seed and its cdrom, merging, and every check.
@Suite struct CloudInitExpansionTests {
    /// One guest with `cloud_init:` (indented under the guest) and the `cloud` template.
    static func guest(_ cloudInit: String, name: String = "web-01", template: String = "cloud") -> String {
        "guests:\n  - name: \(name)\n    template: \(template)\n    host: kvm1\n    cloud_init:\n" + cloudInit
    }

    private func seed(_ cloudInit: String, files: [String: String] = [:], template: String = ResourceFleet.template) throws -> DesiredSeed {
        let guest = try ResourceFleet(guests: Self.guest(cloudInit), template: template, files: files).guest("web-01")
        return try #require(guest.seed)
    }

    private func problems(
        _ cloudInit: String, name: String = "web-01", files: [String: String] = [:], template: String = ResourceFleet.template
    )
        throws -> [String]
    {
        try ResourceFleet(guests: Self.guest(cloudInit, name: name), template: template, files: files).problems()
    }

    // MARK: Documents

    @Test func aMappingIsWrittenAsCloudConfigKeepingEachValuesType() throws {
        let seed = try seed(
            """
                  pool: vf-guests
                  user_data:
                    package_update: true
                    port: 8080
                    mode: '0644'
                    hostname: "{{ name }}"
                    "on": literal key
                    runcmd:
                      - echo "{{ name }}" > /etc/motd
                      - [sh, -c, "echo 'a: b' # c"]
                    write_files:
                      - path: /etc/x
                        content: |
                          first {{ host }}
                            indented
                    empty: {}
                    none: ~

            """)
        #expect(
            seed.userData == """
                #cloud-config
                package_update: true
                port: 8080
                mode: "0644"
                hostname: "web-01"
                "on": literal key
                runcmd:
                  - "echo \\"web-01\\" > /etc/motd"
                  - - sh
                    - -c
                    - "echo 'a: b' # c"
                write_files:
                  - path: /etc/x
                    content: |
                      first kvm1
                        indented
                empty: {}
                none: null

                """)
    }

    @Test func theDefaultMetaDataNamesTheGuestsUUIDAndHostName() throws {
        let guest = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n", name: "web_01.eu")).guest("web_01.eu")
        let seed = try #require(guest.seed)
        #expect(seed.metaData == "instance-id: \"\(guest.uuid)\"\nlocal-hostname: \"web-01-eu\"\n")
        #expect(seed.instanceID == guest.uuid)
        #expect(seed.userData == "#cloud-config\n", "no user_data: an empty cloud-config")
        #expect(seed.networkConfig == nil)
        #expect(
            (seed.pool, seed.volume, seed.path) == ("vf-guests", "web_01.eu-cidata.iso", "/var/lib/virtfleet/guests/web_01.eu-cidata.iso"))
    }

    @Test func aMetaDataMappingGetsTheDefaultsItLacks() throws {
        let seed = try seed("      pool: vf-guests\n      meta_data:\n        instance-id: \"{{ name }}-v2\"\n        public-keys: [k]\n")
        #expect(seed.metaData == "local-hostname: \"web-01\"\ninstance-id: \"web-01-v2\"\npublic-keys:\n  - k\n")
        #expect(seed.instanceID == "web-01-v2")
    }

    @Test func metaDataTextGetsTheDefaultsItLacksAppended() throws {
        let guest = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n      meta_data: \"local-hostname: box\"\n")).guest(
            "web-01")
        #expect(guest.seed?.metaData == "local-hostname: box\ninstance-id: \"\(guest.uuid)\"\n")
    }

    /// meta-data text whose mapping is written in flow style (`{…}`) gets the defaults inside its
    /// braces, and an indented block mapping gets them at its indentation; the rest stays as
    /// written, and PyYAML reads the result as the mapping with the defaults added.
    @Test func metaDataTextGetsTheDefaultsWhereverItsMappingStands() throws {
        // meta_data as written in the inventory; meta-data with `ID` for the guest's UUID.
        let cases = [
            ("\"{local-hostname: box}\"", "{instance-id: \"ID\", local-hostname: box}"),
            ("\"{ local-hostname: box }\"", "{ instance-id: \"ID\", local-hostname: box }"),
            ("\"{}\"", "{instance-id: \"ID\", local-hostname: \"web-01\"}"),
            ("\"{ }\"", "{ instance-id: \"ID\", local-hostname: \"web-01\" }"),
            (
                "\"# meta\\n--- !!map\\n{\\n  local-hostname: box,\\n}\\n\"",
                "# meta\n--- !!map\n{instance-id: \"ID\",\n  local-hostname: box,\n}\n"
            ),
            ("\"  local-hostname: box\\n  public-keys: [k]\"", "  local-hostname: box\n  public-keys: [k]\n  instance-id: \"ID\"\n"),
        ]
        var documents: [String] = []
        var uuid = ""
        for (written, expected) in cases {
            let guest = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n      meta_data: \(written)\n")).guest("web-01")
            uuid = guest.uuid
            let metaData = try #require(guest.seed?.metaData)
            #expect(metaData == expected.replacingOccurrences(of: "ID", with: guest.uuid))
            documents.append(metaData)
        }
        let hostnames = ["box", "box", "web-01", "web-01", "box", "box"]
        for (read, hostname) in zip(try PyYAML.load(documents), hostnames) {
            #expect(read["instance-id"] == uuid && read["local-hostname"] == hostname, "\(read)")
        }
        #expect(try PyYAML.load([documents[5]]).first?["public-keys"] == "['k']")
    }

    @Test func aBadInstanceIDIsALocatedError() throws {
        let found = try problems("      pool: vf-guests\n      meta_data: { instance-id: \"a b\" }\n")
        #expect(
            found == [
                "inventory/guests.yaml:7:18: instance-id 'a b' is not usable: use ASCII letters, digits, '.', '_' and '-' — fix it in cloud_init meta_data"
            ])
    }

    @Test func aGuestNameWithoutAUsableHostNameAsksForOne() throws {
        let found = try problems("      pool: vf-guests\n", name: "__")
        #expect(
            found == [
                "inventory/guests.yaml:6:7: guest name '__' makes no usable host name (nothing or more than 63 characters left) — set local-hostname in cloud_init meta_data"
            ])
        let long = String(repeating: "a", count: 64)
        #expect(try problems("      pool: vf-guests\n", name: long).first?.contains("makes no usable host name") == true)
        #expect(try problems("      pool: vf-guests\n      meta_data: { local-hostname: short }\n", name: long) == [])
    }

    @Test func textIsInterpolatedWithSafeValuesAsTheyAre() throws {
        let guests = Self.guest(
            """
                  pool: vf-guests
                  user_data: |
                    #cloud-config
                    hostname: {{ name }}
                    ssh_authorized_keys: ["{{ key }}"]
                    bootcmd: [echo {{ host }}]
                  network_config: |
                    version: 2
                    ethernets: { eth0: { dhcp4: true } }

            """
        ).replacingOccurrences(of: "    host: kvm1\n", with: "    host: kvm1\n    vars: { key: \"ssh-ed25519 AAAA+/= me@host\" }\n")
        let seed = try #require(try ResourceFleet(guests: guests).guest("web-01").seed)
        #expect(
            seed.userData
                == "#cloud-config\nhostname: web-01\nssh_authorized_keys: [\"ssh-ed25519 AAAA+/= me@host\"]\nbootcmd: [echo kvm1]\n")
        #expect(seed.networkConfig == "version: 2\nethernets: { eth0: { dhcp4: true } }\n")
    }

    @Test func aValueThatIsNotAPlainScalarMustGoThroughTheYAMLFilter() throws {
        let guests = """
            guests:
              - name: web-01
                template: cloud
                host: kvm1
                vars: { motd: "hi: there # x", key: "ssh-ed25519 AAAAC3Nza+/= me@host" }
                cloud_init:
                  pool: vf-guests
                  user_data: "#cloud-config\\nmotd: {{ motd }}\\n"

            """
        let found = try ResourceFleet(guests: guests).problems()
        #expect(
            found == [
                "inventory/guests.yaml:8:18: value \"hi: there # x\" is not safe to insert into YAML as it is in this value — write {{ … | yaml }} to insert it as a quoted string"
            ])
        let fixed = guests.replacingOccurrences(of: "{{ motd }}", with: "{{ motd | yaml }}\\nkey: {{ key }}")
        let seed = try #require(try ResourceFleet(guests: fixed).guest("web-01").seed)
        #expect(seed.userData == "#cloud-config\nmotd: \"hi: there # x\"\nkey: ssh-ed25519 AAAAC3Nza+/= me@host\n")
        let parsed = try YAMLFile.check(seed.userData, file: "u")
        #expect(parsed["motd"]?.scalar == "hi: there # x")
    }

    @Test func aQuotedValueMustBeAWholeYAMLValue() throws {
        let guests = """
            guests:
              - name: web-01
                template: cloud
                host: kvm1
                vars: { motd: "Welcome: managed # here" }
                cloud_init:
                  pool: vf-guests
                  user_data: "#cloud-config\\nruncmd:\\n  - echo {{ motd | yaml }} > /etc/motd\\n"

            """
        // Inside the list item's text the quotes and ': ' would make the item a mapping.
        let found = try ResourceFleet(guests: guests).problems()
        #expect(
            found.count == 1
                && found.first?.contains("'| yaml' gives a quoted YAML value, but in user-data it stands inside a longer value") == true,
            "\(found)")
        let whole = guests.replacingOccurrences(of: "  - echo {{ motd | yaml }} > /etc/motd", with: "  - {{ motd | yaml }}")
        let seed = try #require(try ResourceFleet(guests: whole).guest("web-01").seed)
        guard case .sequence(let items)? = try YAMLFile.check(seed.userData, file: "u")["runcmd"]?.value else {
            Issue.record("runcmd is not a list: \(seed.userData)")
            return
        }
        #expect(items.map(\.scalar) == ["Welcome: managed # here"])
    }

    @Test func aFileIsInterpolatedWithErrorsAtItsLineAndColumn() throws {
        let files = [
            "inventory/cloud-init/user-data.yaml": "#cloud-config\nhostname: {{ name }}\nmotd: {{ motd }}\n",
            "inventory/cloud-init/network.yaml": "version: 2\nethernets:\n  eth0: {dhcp4: true}\n",
        ]
        let block =
            "      pool: vf-guests\n      user_data_file: cloud-init/user-data.yaml\n      network_config_file: cloud-init/network.yaml\n"
        let withMotd = Self.guest(block).replacingOccurrences(of: "    host: kvm1\n", with: "    host: kvm1\n    vars: { motd: \"[x]\" }\n")
        let found = try ResourceFleet(guests: withMotd, files: files).problems()
        #expect(
            found == [
                "inventory/cloud-init/user-data.yaml:3:7: value \"[x]\" is not safe to insert into YAML as it is — write {{ … | yaml }} to insert it as a quoted string"
            ])
        let plain = withMotd.replacingOccurrences(of: "\"[x]\"", with: "hello")
        let seed = try #require(try ResourceFleet(guests: plain, files: files).guest("web-01").seed)
        #expect(seed.userData == "#cloud-config\nhostname: web-01\nmotd: hello\n")
        #expect(seed.networkConfig == "version: 2\nethernets:\n  eth0: {dhcp4: true}\n")
    }

    @Test func yamlThatDoesNotParseAfterInterpolationIsALocatedError() throws {
        let files = ["inventory/cloud-init/user-data.yaml": "#cloud-config\nruncmd:\n  - a\n b: c\n"]
        let found = try problems("      pool: vf-guests\n      user_data_file: cloud-init/user-data.yaml\n", files: files)
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix(
                "inventory/cloud-init/user-data.yaml:4:2: user-data is not valid YAML after interpolation: YAML syntax error") == true,
            "\(found)")
        let inline = try problems("      pool: vf-guests\n      network_config: \"version: [2\"\n")
        #expect(inline.count == 1)
        #expect(
            inline.first?.hasPrefix("inventory/guests.yaml:7:23: network-config is not valid YAML after interpolation:") == true,
            "\(inline)")
        #expect(inline.first?.contains("(line 2 of the document)") == true, "\(inline)")
    }

    /// Values that are each safe can still make, together or with the template's own text, a plain
    /// scalar PyYAML cannot build (a date that does not exist): cloud-init would drop the seed.
    @Test func aPlainValuePyYAMLCannotBuildIsALocatedErrorWhateverMadeIt() throws {
        let files = ["inventory/cloud-init/user-data.yaml": "#cloud-config\nhostname: {{ name }}\nrelease: {{ y }}-{{ m }}-{{ d }}\n"]
        let withDate = Self.guest("      pool: vf-guests\n      user_data_file: cloud-init/user-data.yaml\n")
            .replacingOccurrences(of: "    host: kvm1\n", with: "    host: kvm1\n    vars: { y: \"2023\", m: \"02\", d: \"29\" }\n")
        let found = try ResourceFleet(guests: withDate, files: files).problems()
        #expect(
            found == [
                "inventory/cloud-init/user-data.yaml:3:10: user-data has the plain value '2023-02-29', which PyYAML (cloud-init's reader) takes for a date, number or tag it cannot build — quote it in the template, or insert the value with '| yaml'"
            ], "\(found)")
        // A real date is fine, as is the same text quoted.
        let leap = withDate.replacingOccurrences(of: "y: \"2023\"", with: "y: \"2024\"")
        #expect(try ResourceFleet(guests: leap, files: files).problems().isEmpty)
        let quoted = ["inventory/cloud-init/user-data.yaml": "#cloud-config\nrelease: \"{{ y }}-{{ m }}-{{ d }}\"\n"]
        #expect(try ResourceFleet(guests: withDate, files: quoted).problems().isEmpty)
        // Written in the template itself, inline: located at the declaration, with the document's line.
        let inline = try problems("      pool: vf-guests\n      user_data: \"#cloud-config\\nsep: =\\n\"\n")
        #expect(inline.count == 1)
        #expect(inline.first?.contains("user-data has the plain value '='") == true, "\(inline)")
        #expect(inline.first?.contains("(line 2 of the document)") == true, "\(inline)")
    }

    @Test func metaDataMustBeAMapping() throws {
        let found = try problems("      pool: vf-guests\n      meta_data: \"just text\"\n")
        #expect(found == ["inventory/guests.yaml:7:18: meta-data must be a YAML mapping, not a scalar — write it as 'key: value' lines"])
    }

    @Test func theYAMLFilterIsRefusedInAMapping() throws {
        let found = try problems("      pool: vf-guests\n      user_data: { motd: \"{{ name | yaml }}\" }\n")
        #expect(
            found == [
                "inventory/guests.yaml:7:27: '| yaml' is for documents written as text — remove it: in a mapping each value is written as YAML already"
            ])
    }

    @Test func userDataWithoutAKnownHeaderIsRefused() throws {
        let found = try problems("      pool: vf-guests\n      user_data: \"packages: [vim]\"\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("inventory/guests.yaml:7:18: user-data does not start with '#cloud-config'") == true, "\(found)")
    }

    @Test func aScriptIsPassedOnAsItIs() throws {
        let guests = Self.guest("      pool: vf-guests\n      user_data: \"#!/bin/sh\\necho '{{ msg }}' > /x\\n\"\n")
            .replacingOccurrences(of: "    host: kvm1\n", with: "    host: kvm1\n    vars: { msg: \"a: b # c\" }\n")
        let seed = try #require(try ResourceFleet(guests: guests).guest("web-01").seed)
        #expect(seed.userData == "#!/bin/sh\necho 'a: b # c' > /x\n")
    }

    @Test func aMissingFileIsALocatedError() throws {
        let found = try problems("      pool: vf-guests\n      user_data_file: nope.yaml\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("inventory/guests.yaml:7:23: cannot read user_data_file '") == true, "\(found)")
    }

    @Test func aDocumentOverTheSeedLimitIsALocatedError() throws {
        let big = "#!/bin/sh\n" + String(repeating: "# filler line of a large script\n", count: 34_000)
        let found = try problems("      pool: vf-guests\n      user_data_file: big.sh\n", files: ["inventory/big.sh": big])
        #expect(
            found == [
                "inventory/guests.yaml:7:23: user-data has \(big.utf8.count) bytes after interpolation, more than the 1048576 a NoCloud seed document may have — keep large payloads out of the seed (fetch them at first boot), or shrink the document"
            ])
    }

    @Test func theSeedPoolMustBeDeclaredForTheHost() throws {
        let found = try problems("      pool: vf-guest\n")
        #expect(
            found == [
                "inventory/guests.yaml:6:13: the cloud-init seed uses pool 'vf-guest', which is not declared for host 'kvm1' — did you mean 'vf-guests'?"
            ])
        #expect(
            try problems("      user_data: {}\n") == [
                "inventory/guests.yaml:6:7: cloud_init has no 'pool' — name the pool the seed volume goes into, such as pool: vf-guests"
            ])
    }

    @Test func aSeedVolumeNameIsOneFileName() throws {
        let found = try problems("      pool: vf-guests\n      volume: \"../{{ name }}.iso\"\n")
        #expect(found.first?.hasPrefix("inventory/guests.yaml:7:15: volume name '../web-01.iso' is a path") == true, "\(found)")
    }

    // MARK: Seed and cdrom

    @Test func theCdromTakesTheFirstFreeSCSINameAndANamedBusAddsNoController() throws {
        let named = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n      cdrom: { target: hdc, bus: ide }\n")).guest("web-01")
        let devices = try #require(named.domain.first("devices"))
        #expect(devices.elements(named: "disk").last?.first("target")?[attribute: "dev"] == "hdc")
        #expect(devices.elements(named: "controller").isEmpty)
        let withSCSIDisk = ResourceFleet.template.replacingOccurrences(
            of: "target: vda\n    bus: virtio", with: "target: sda\n    bus: scsi")
        #expect(withSCSIDisk != ResourceFleet.template)
        let ide = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n      cdrom: { bus: ide }\n")).guest("web-01")
        #expect(ide.domain.first("devices")?.elements(named: "disk").last?.first("target")?[attribute: "dev"] == "hda")
        let next = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n"), template: withSCSIDisk).guest("web-01")
        let targets = next.domain.first("devices")?.elements(named: "disk").compactMap { $0.first("target")?[attribute: "dev"] }
        #expect(targets == ["sda", "sdb"])
    }

    @Test func theSeedIsAttachedAsAReadOnlyCdromAfterTheDisks() throws {
        let guest = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n")).guest("web-01")
        let disks = guest.domain.first("devices")?.elements(named: "disk") ?? []
        #expect(disks.count == 2)
        #expect(
            XMLWriter.string(from: disks[1]) == """
                <disk type="file" device="cdrom">
                  <driver name="qemu" type="raw"/>
                  <source file="/var/lib/virtfleet/guests/web-01-cidata.iso"/>
                  <target dev="sda" bus="scsi"/>
                  <readonly/>
                </disk>

                """)
        // A cloud kernel drives virtio-scsi, not the lsilogic controller libvirt would add.
        let controllers = guest.domain.first("devices")?.elements(named: "controller") ?? []
        #expect(controllers.map { XMLWriter.string(from: $0) } == ["<controller type=\"scsi\" model=\"virtio-scsi\"/>\n"])
        let seed = try #require(guest.seed)
        #expect(seed.hash == Digests.sha256Hex(bytes: seed.image))
        #expect(seed.image.count % 2048 == 0 && seed.image.count < 400_000)
        #expect(
            seed.xml == """
                <volume>
                  <name>web-01-cidata.iso</name>
                  <capacity unit="bytes">\(seed.image.count)</capacity>
                  <target>
                    <format type="raw"/>
                  </target>
                </volume>

                """)
    }

    @Test func theCdromTargetAndBusCanBeSetAndMustBeFree() throws {
        let guest = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n      cdrom: { target: hdc, bus: ide }\n")).guest("web-01")
        let cdrom = guest.domain.first("devices")?.elements(named: "disk").last?.first("target")
        #expect(cdrom?[attribute: "dev"] == "hdc" && cdrom?[attribute: "bus"] == "ide")
        let taken = try problems("      pool: vf-guests\n      cdrom: { target: vda }\n")
        #expect(
            taken == [
                "inventory/guests.yaml:7:14: the cloud-init cdrom's target 'vda' is already used by a disk of the template — set another one with cloud_init cdrom: {target: …}"
            ])
    }

    @Test func theSameInventoryGivesTheSameSeedBytesAndHash() throws {
        let block = "      pool: vf-guests\n      user_data: { runcmd: [\"echo {{ name }}\"] }\n"
        let first = try seed(block)
        let second = try seed(block)
        #expect(first.image == second.image && first.hash == second.hash)
        let other = try seed(block.replacingOccurrences(of: "echo", with: "printf"))
        #expect(other.hash != first.hash)
    }

    @Test func aSeedKeepsItsImageWithoutThePaddingAndGivesItBackWhole() throws {
        let seed = try seed("      pool: vf-guests\n")
        let image = seed.image
        #expect(seed.imageSize == image.count && image.count % 2048 == 0)
        #expect(Digests.sha256Hex(bytes: image) == seed.hash, "the bytes given back are the bytes hashed")
        #expect(image.last == 0, "an ISO ends in padding")
        var copy = seed
        copy.image = image
        #expect(copy == seed && copy.image == image)
        for bytes: [UInt8] in [
            [], [0], [0, 0, 0, 0, 0, 0, 0, 0, 0], [1], [1, 0], Array(repeating: 7, count: 9) + Array(repeating: 0, count: 17),
        ] {
            copy.image = bytes
            #expect(copy.image == bytes && copy.imageSize == bytes.count)
        }
    }

    @Test func aRawXMLTemplateGetsTheCdromToo() throws {
        let raw =
            "<domain type='kvm'><memory>65536</memory><os><type>hvm</type></os><devices><emulator>/usr/bin/qemu</emulator></devices></domain>\n"
        let resources = try ResourceFleet(guests: Self.guest("      pool: vf-guests\n", template: "raw"), files: ["templates/raw.xml": raw])
        let devices = try #require(try resources.guest("web-01").domain.first("devices"))
        #expect(devices.elements.map(\.name) == ["emulator", "disk", "controller"])
    }

    // MARK: Merging

    @Test func aGuestsKeysWinOverTheTemplatesKeyByKey() throws {
        let template =
            ResourceFleet.template + """
                cloud_init:
                  pool: vf-images
                  user_data: { packages: [vim] }
                  network_config: { version: 2 }

                """
        let seed = try seed(
            "      pool: vf-guests\n      user_data_file: cloud-init/ud.yaml\n",
            files: ["inventory/cloud-init/ud.yaml": "#cloud-config\npackages: [git]\n"], template: template)
        #expect(seed.pool == "vf-guests")
        #expect(seed.userData == "#cloud-config\npackages: [git]\n", "the guest's file replaces the template's mapping whole")
        #expect(seed.networkConfig == "version: 2\n", "kept from the template")
    }

    @Test func extendsAndOverrideMergeCloudInitKeyByKey() throws {
        let parent =
            ResourceFleet.template
            + "cloud_init:\n  pool: vf-guests\n  user_data_file: base.yaml\n  meta_data: { local-hostname: parent }\n"
        let child = "extends: parent\ncloud_init:\n  user_data: { packages: [child] }\n"
        let guests = """
            guests:
              - name: web-01
                template: child
                host: kvm1
                override: { cloud_init: { meta_data: { local-hostname: over } } }

            """
        let resources = try ResourceFleet(
            guests: guests, files: ["templates/parent.yaml": parent, "templates/child.yaml": child])
        let seed = try #require(try resources.guest("web-01").seed)
        #expect(seed.userData == "#cloud-config\npackages:\n  - child\n")
        #expect(seed.metaData.hasPrefix("instance-id: ") && seed.metaData.hasSuffix("local-hostname: over\n"))
    }
}

@Suite struct CloudInitFileTests {
    /// A device could be read without end; only regular files (symbolic links followed) are read.
    @Test func aDeviceIsRefusedAndASymbolicLinkFollowed() throws {
        let block = "guests:\n  - name: a\n    template: cloud\n    host: kvm1\n    cloud_init: { pool: vf-guests, user_data_file: UD }\n"
        let device = try ResourceFleet(guests: block.replacingOccurrences(of: "UD", with: "/dev/zero")).problems()
        #expect(
            device == [
                "inventory/guests.yaml:5:52: cannot read user_data_file '/dev/zero': it is not a regular file — name a file"
            ])
        let linked = try ResourceFleet(
            guests: block.replacingOccurrences(of: "UD", with: "cloud-init/link.yaml"),
            fleetFile: ResourceFleet.inventory.replacingOccurrences(of: "../images/debian.qcow2", with: "../images/current.qcow2"),
            files: ["inventory/cloud-init/real.yaml": "#cloud-config\n"])
        try FileManager.default.createSymbolicLink(
            atPath: linked.fleet.path("inventory/cloud-init/link.yaml"), withDestinationPath: "real.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: linked.fleet.path("images/current.qcow2"), withDestinationPath: "debian.qcow2")
        let guest = try linked.guest("a")
        #expect(guest.seed?.userData == "#cloud-config\n")
        #expect(guest.volumes.first?.capacity == ResourceFleet.imageSize, "the image, through its link")
    }
}
