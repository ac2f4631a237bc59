import Testing
import VirtFleetCloudInit

@Suite struct MetaDataTests {
    @Test func defaultMetaDataNamesInstanceAndHost() throws {
        let text = try NoCloudSeed.defaultMetaData(instanceID: "5c7e8a8e-2f1b-5a5e-9d41-0e4c2b1f6a10", localHostname: "web-01")
        #expect(text == "instance-id: \"5c7e8a8e-2f1b-5a5e-9d41-0e4c2b1f6a10\"\nlocal-hostname: \"web-01\"\n")
    }

    /// Names YAML would read as a number, a boolean or null stay strings.
    @Test(arguments: ["1234", "no", "null", "1e3", "0x1F", "true"])
    func hostnamesYAMLWouldRetypeAreQuoted(name: String) throws {
        let text = try NoCloudSeed.defaultMetaData(instanceID: "i-1", localHostname: name)
        #expect(text == "instance-id: \"i-1\"\nlocal-hostname: \"\(name)\"\n")
    }

    @Test(arguments: ["a", "web-01", "web-01.example.org", "x1.y2.z3", String(repeating: "a", count: 63)])
    func hostnamesAccepted(name: String) throws {
        _ = try NoCloudSeed.defaultMetaData(instanceID: "i-1", localHostname: name)
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("web_01", "use ASCII letters, digits and '-' between dots"),
        ("web+1", "use ASCII letters, digits and '-' between dots"),
        ("wéb", "use ASCII letters, digits and '-' between dots"),
        ("web\n01", "use ASCII letters, digits and '-' between dots"),
        ("-web", "a label starts or ends with '-'"),
        ("web-", "a label starts or ends with '-'"),
        ("web..example", "it has an empty label"),
        ("web.", "it has an empty label"),
        (String(repeating: "a", count: 64), "a label has 64 characters, more than 63"),
        ((0..<64).map { _ in "abc" }.joined(separator: "."), "it has 255 characters, more than 253"),
    ])
    func hostnamesRefused(name: String, reason: String) {
        #expect(throws: NoCloudSeedError.invalidHostname(name, reason: reason)) {
            try NoCloudSeed.defaultMetaData(instanceID: "i-1", localHostname: name)
        }
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("..", "it starts with '.'"),
        (".hidden", "it starts with '.'"),
        ("a/b", "use ASCII letters, digits, '.', '_' and '-'"),
        ("a b", "use ASCII letters, digits, '.', '_' and '-'"),
        ("a\"b", "use ASCII letters, digits, '.', '_' and '-'"),
        ("ü", "use ASCII letters, digits, '.', '_' and '-'"),
        (String(repeating: "a", count: 129), "it has 129 bytes, more than 128"),
    ])
    func instanceIDsRefused(id: String, reason: String) {
        #expect(throws: NoCloudSeedError.invalidInstanceID(id, reason: reason)) {
            try NoCloudSeed.defaultMetaData(instanceID: id, localHostname: "web-01")
        }
    }

    @Test func errorMessagesDoNotEchoControlCharacters() {
        let message = NoCloudSeedError.invalidHostname("a\u{1B}[2Jb", reason: "x").description
        #expect(message == "local-hostname 'a?[2Jb' is not a host name: x")
    }

    /// A guest name becomes a host name by turning what a label cannot hold into `-`.
    @Test(arguments: [
        ("web-01", "web-01"), ("web_01", "web-01"), ("web.01.eu", "web-01-eu"), ("db+1", "db-1"), ("_x_", "x"),
        ("1234", "1234"), ("wéb", "w-b"), (String(repeating: "a", count: 63), String(repeating: "a", count: 63)),
    ])
    func guestNamesBecomeHostNames(name: String, hostname: String) throws {
        #expect(NoCloudSeed.localHostname(forGuest: name) == hostname)
        _ = try NoCloudSeed.defaultMetaData(instanceID: "i-1", localHostname: hostname)
    }

    @Test(arguments: ["", "__", "-", "._", String(repeating: "a", count: 64), String(repeating: "b", count: 200)])
    func guestNamesWithoutAUsableHostName(name: String) {
        #expect(NoCloudSeed.localHostname(forGuest: name) == nil)
    }
}
