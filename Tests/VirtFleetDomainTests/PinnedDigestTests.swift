import Testing

@testable import VirtFleetDomain

/// Values computed by the hand-written SHA-1/SHA-256 that virtfleet used before swift-crypto.
/// Guests already defined carry these UUIDs, MACs and hashes: they must never change.
@Suite struct PinnedDigestTests {
    static let domain = """
        <domain type='kvm'>
          <name>a</name>
          <uuid>7bbd1e00-6f05-5ed2-9acd-51ad619984f1</uuid>
          <metadata><vf:owner xmlns:vf='https://virtfleet.dev/xmlns/owner/1' fleet='lab' guest='a' desired-hash='x'/></metadata>
          <memory unit='MiB'>512</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
          <devices>
            <interface type='network'><mac address='52:54:00:2d:a8:8a'/><source network='default'/></interface>
            <graphics type='vnc' passwd='secret'/>
          </devices>
        </domain>
        """

    @Test func guestUUIDIsPinned() {
        #expect(Identity.uuid(fleet: "lab", guest: "a") == "7bbd1e00-6f05-5ed2-9acd-51ad619984f1")
    }

    @Test func derivedMACsArePinned() {
        #expect(Identity.mac(fleet: "lab", guest: "a", interface: 0) == "52:54:00:2d:a8:8a")
        #expect(Identity.mac(fleet: "lab", guest: "a", interface: 1, attempt: 1) == "52:54:00:3f:ca:fa")
    }

    @Test func domainHashIsPinned() throws {
        #expect(
            DomainHash.of(try LibXMLParser.parse(Self.domain, file: "t.xml"))
                == "55d7621714c9741194cb2dcdbc2bddcf4889d46861bdfb8ccd46ad43bf9d5352")
    }
}
