import Testing

@testable import VirtFleetSSH

/// The known_hosts marker lines libssh 0.10 ignores, read by virtfleet itself.
@Suite struct KnownHostsMarkerTests {
    let text = """
        # a comment
        [127.0.0.11]:2222 ssh-ed25519 AAAAplain
        @revoked [127.0.0.12]:2222 ssh-ed25519 AAAArevoked
        @cert-authority *.example.org,!bad.example.org ssh-ed25519 AAAAca
        @REVOKED |1|AQIDBAUGBwgJCgsMDQ4PEBESExQ=|kY4JkpDaDMPKkCdirsikprF6giE= ssh-rsa AAAAhashed
        @revoked too-short
        """

    @Test func markerLinesAreFoundWithTheirFileAndLine() {
        let markers = KnownHostsMarker.parse(text, file: "/k")
        #expect(markers.map(\.kind) == [.revoked, .certAuthority, .revoked])
        #expect(markers.map(\.line) == [3, 4, 5])
        #expect(markers[0].key == "AAAArevoked" && markers[0].keyType == "ssh-ed25519" && markers[0].file == "/k")
    }

    @Test func hostPatternsMatchAsOpenSSHMatchesThem() {
        let markers = KnownHostsMarker.parse(text, file: "/k")
        #expect(markers[0].matches(host: "[127.0.0.12]:2222"))
        #expect(!markers[0].matches(host: "[127.0.0.12]:22"))
        #expect(!markers[0].matches(host: "127.0.0.12"))
        #expect(markers[1].matches(host: "kvm01.example.org"))
        #expect(markers[1].matches(host: "KVM01.Example.org"))
        #expect(!markers[1].matches(host: "bad.example.org"))
        #expect(!markers[1].matches(host: "example.org"))
    }

    @Test func hashedHostNamesMatchByHMACSHA1() {
        let markers = KnownHostsMarker.parse(text, file: "/k")
        #expect(markers[2].matches(host: "kvm01"))
        #expect(!markers[2].matches(host: "kvm02"))
        #expect(
            KnownHostsMarker.hashed("|1|AQIDBAUGBwgJCgsMDQ4PEBESExQ=|pEPK70srxJGedFSH624I7J/8h80=", matches: "[127.0.0.12]:2222"))
        #expect(!KnownHostsMarker.hashed("|1|not base64|x", matches: "kvm01"))
    }

    @Test func onlyFilesWithALineStartingWithAtAreSplit() {
        #expect(KnownHostsMarker.mayHoldMarkers(text))
        #expect(KnownHostsMarker.mayHoldMarkers("a b c d\n \t@revoked h t k"))
        #expect(!KnownHostsMarker.mayHoldMarkers("h ssh-ed25519 AAAA user@host\n# @revoked in a comment\n"))
        #expect(KnownHostsMarker.parse("h ssh-ed25519 AAAA user@host\n", file: "/k").isEmpty)
        let fleet = (1...1000).map { "[10.0.\($0 / 256).\($0 % 256)]:22 ssh-ed25519 AAAAkey\($0)" }.joined(separator: "\n")
        #expect(!KnownHostsMarker.mayHoldMarkers(fleet))
        #expect(KnownHostsMarker.parse(fleet + "\n@revoked h ssh-ed25519 AAAAr", file: "/k").map(\.line) == [1001])
    }

    @Test func globsHandleStarsAndQuestionMarks() {
        #expect(KnownHostsMarker.glob("*", matches: "anything"))
        #expect(KnownHostsMarker.glob("kvm0?", matches: "kvm07"))
        #expect(!KnownHostsMarker.glob("kvm0?", matches: "kvm10"))
        #expect(KnownHostsMarker.glob("*.lab.*", matches: "a.lab.example"))
        #expect(!KnownHostsMarker.glob("*.lab", matches: "a.lab.example"))
    }
}
