import Foundation
import Testing

/// Hostile and mistaken offline input, table-driven: every case ends with a chosen exit code and a
/// located one-line message, never a crash, a hang or unbounded memory. Heavy cases run the built
/// binary under prlimit (address space and CPU), so a regression is a killed child, not a slow test.
@Suite struct HostileInputTests {
    @Test(arguments: HostileCases.all)
    func hostileInput(_ hostile: HostileCase) async throws {
        let outcome = try await Runner.run(hostile)
        #expect(outcome.signal == nil, "ended by signal \(outcome.signal ?? 0): \(outcome.errors.prefix(300))")
        #expect(outcome.code == hostile.code, "exit \(outcome.code), stderr: \(outcome.errors.prefix(600))")
        let lines = (hostile.code == 0 ? outcome.output : outcome.errors).split(separator: "\n").map(String.init)
        #expect(
            lines.contains { $0.hasPrefix(hostile.expect) },
            "expected a line starting with \(hostile.expect.debugDescription), got: \(lines.prefix(4).map { String($0.prefix(300)) })")
        if hostile.code != 0 {
            // One line per problem, each located or a summary, none longer than a screenful.
            for line in lines { #expect(line.utf8.count < 4096, "a very long line: \(line.prefix(200))…") }
        }
    }

    @Test func thereAreAtLeast200Cases() {
        #expect(HostileCases.all.count >= 200, "\(HostileCases.all.count) cases")
    }
}

/// The cases. `inv` and `template` build a small valid fleet with one change.
enum HostileCases {
    static let template = """
        memory: 64MiB
        disks: [{ source: "/images/{{ name }}.qcow2", target: vda }]
        interfaces: [{ type: network, source: default }]
        """

    static func inv(
        top: String = "", host: String = "kvm1: {}", name: String = "g", guest: String = "",
        extraGuests: String = ""
    ) -> String {
        """
        fleet: lab
        templates: templates
        \(top)
        hosts:
          \(host)
        guests:
          - name: \(name)
            template: small
            host: kvm1
        \(guest.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        \(extraGuests)
        """
    }

    static func fleet(
        _ inventory: String = inv(), template: String = template,
        extra: [String: String] = [:]
    ) -> [String: String] {
        ["inv.yaml": inventory, "templates/small.yaml": template].merging(extra) { $1 }
    }

    static func c(
        _ name: String, _ files: [String: String], _ code: Int32 = 1, _ expect: String,
        args: [String]? = nil, heavy: Bool = false,
        prepare: (@Sendable (URL) throws -> Void)? = nil, after: (@Sendable (URL) -> Void)? = nil
    ) -> HostileCase {
        var hostile = HostileCase(
            name: name, files: files, code: code, expect: expect, heavy: heavy, prepare: prepare,
            after: after)
        if let args { hostile.arguments = args }
        return hostile
    }

    static let valid = "valid: 1 guests on 1 hosts (fleet 'lab')"

    static var all: [HostileCase] {
        baseline + controlCharacters + limits + numbers + identities + structure + templates + rawTemplates
            + locations + selection + output + heavy
    }

    static var baseline: [HostileCase] {
        [c("the base fleet is valid", fleet(), 0, valid)]
    }

    // MARK: - Control characters, in inventory values, template values and keys

    static var controlCharacters: [HostileCase] {
        var cases: [HostileCase] = []
        for code in 0..<0x20 where ![0x09, 0x0A, 0x0D].contains(code) {
            let escape = String(format: "\\x%02x", code)
            let label = String(format: "U+%04X", code)
            let what = code == 0 ? "value contains a NUL character (U+0000)" : "value contains the control character \(label)"
            cases.append(
                c(
                    "\(label) in a guest variable", fleet(inv(guest: "vars: { x: \"a\(escape)b\" }")), 1,
                    "inv.yaml:10:16: \(what)"))
            cases.append(
                c(
                    "\(label) in a template value", fleet(template: template + "\ndescription: \"d\(escape)\""), 1,
                    "templates/small.yaml:4:14: \(what)"))
        }
        for code in [0x00, 0x01, 0x1B, 0x1F] {
            cases.append(
                c(
                    String(format: "U+%04X in a key", code),
                    fleet(inv(guest: "vars: { \"k\(String(format: "\\x%02x", code))\": 1 }")), 1, "inv.yaml:10:13: value contains"))
        }
        cases.append(
            c(
                "U+FFFE in a value", fleet(inv(guest: "vars: { x: \"\\uFFFE\" }")), 1,
                "inv.yaml:10:16: value contains the control character U+FFFE"))
        cases.append(
            c(
                "U+FFFF in a value", fleet(inv(guest: "vars: { x: \"\\uFFFF\" }")), 1,
                "inv.yaml:10:16: value contains the control character U+FFFF"))
        for (label, escape) in [("tab", "\\t"), ("newline", "\\n"), ("carriage return", "\\r"), ("DEL", "\\x7f"), ("C1 NEL", "\\x85")] {
            cases.append(c("\(label) is allowed in a value", fleet(template: template + "\ndescription: \"a\(escape)b\""), 0, valid))
        }
        return cases
    }

    // MARK: - Every limit at N and N + 1

    static var limits: [HostileCase] {
        var cases: [HostileCase] = []
        for (what, key) in [("host", "host"), ("group", "group")] {
            for length in [200, 201] {
                let name = String(repeating: "h", count: length)
                let files =
                    what == "host"
                    ? fleet(inv(host: "kvm1: {}\n  \(name): {}"))
                    : fleet(inv(top: "groups: { \(name): { hosts: [kvm1] } }"))
                cases.append(
                    c(
                        "\(key) name of \(length) characters", files, length == 200 ? 0 : 1,
                        length == 200 ? valid : "inv.yaml:"))
            }
        }
        for length in [200, 201] {
            let name = String(repeating: "f", count: length)
            let text = inv().replacingOccurrences(of: "fleet: lab", with: "fleet: \(name)")
            cases.append(
                c(
                    "fleet name of \(length) characters", fleet(text), length == 200 ? 0 : 1,
                    length == 200 ? "valid: 1 guests" : "inv.yaml:1:8: fleet name has 201 characters, more than the 200 allowed"))
            cases.append(
                c(
                    "guest name of \(length) characters", fleet(inv(name: String(repeating: "g", count: length))),
                    length == 200 ? 0 : 1, length == 200 ? "valid: 1 guests" : "inv.yaml:7:11: guest name has 201 characters"))
            cases.append(
                c(
                    "variable name of \(length) characters",
                    fleet(inv(guest: "vars: { \(String(repeating: "v", count: length)): 1 }")), length == 200 ? 0 : 1,
                    length == 200 ? valid : "inv.yaml:10:13: key has 201 characters, more than the 200 allowed"))
        }
        for width in [0, 1, 64, 65, -1] {
            cases.append(
                c(
                    "pad(\(width))", fleet(inv(name: "\"g{{ 7 | pad(\(width)) }}\"")), (0...64).contains(width) ? 0 : 1,
                    (0...64).contains(width) ? "valid: 1 guests" : "inv.yaml:7:13: "))
        }
        for width in ["100000000000", "9223372036854775807", "-9223372036854775808"] {
            cases.append(
                c(
                    "pad(\(width)) through a variable", fleet(inv(name: "\"g{{ 7 | pad(w) }}\"", guest: "vars: { w: \"\(width)\" }")),
                    1, "inv.yaml:7:13: pad width must be between 0 and 64, not \(width)"))
        }
        cases.append(
            c(
                "pad of Int.min", fleet(inv(name: "\"g{{ w | pad(3) }}\"", guest: "vars: { w: \"-9223372036854775808\" }")),
                0, "valid: 1 guests"))
        for limit in [3, 4] {
            cases.append(
                c(
                    "limits.guests \(limit) with 4 guests",
                    fleet(inv(top: "limits: { guests: \(limit) }", name: "\"g{{ index }}\"", guest: "count: 4")),
                    limit == 4 ? 0 : 1,
                    limit == 4
                        ? "valid: 4 guests" : "inv.yaml:10:12: this declaration brings the fleet to 4 guests, more than the 3 allowed"))
        }
        for limit in ["10000000", "10000001", "-1", "lots"] {
            cases.append(
                c(
                    "limits.guests \(limit)", fleet(inv(top: "limits: { guests: \(limit) }")), limit == "10000000" ? 0 : 1,
                    limit == "10000000" ? valid : "inv.yaml:3:19: 'guests' must be"))
        }
        cases.append(
            c(
                "limits with an unknown key", fleet(inv(top: "limits: { gusts: 3 }")), 1,
                "inv.yaml:3:11: unknown key 'gusts' in limits — did you mean 'guests'?"))
        cases.append(
            c(
                "default guest cap crossed by the second count",
                fleet(
                    inv(
                        name: "\"a{{ index }}\"", guest: "count: 100000\nstate: absent",
                        extraGuests: "  - { name: \"b{{ index }}\", template: small, host: kvm1, count: 1 }")), 1,
                "inv.yaml:12:65: this declaration brings the fleet to 100001 guests, more than the 100000 allowed — add 'limits: { guests: N }'"
            ))
        for depth in [61, 62] {
            let nested = String(repeating: "[", count: depth) + "x" + String(repeating: "]", count: depth)
            cases.append(
                c(
                    "YAML nested \(depth) lists under vars", fleet(inv(top: "vars: { x: \(nested) }")), depth == 61 ? 0 : 1,
                    depth == 61 ? valid : "inv.yaml:3:"))
        }
        for depth in [32, 33] {
            var files = fleet(template: "extends: t1\n")
            for level in 1..<depth { files["templates/t\(level).yaml"] = level == depth - 1 ? template : "extends: t\(level + 1)\n" }
            cases.append(
                c(
                    "extends chain of \(depth) templates", files, depth == 32 ? 0 : 1,
                    depth == 32 ? valid : "templates/t31.yaml:1:10: template 'extends' chain is longer than 32 templates"))
        }
        for size in [1024, 1025] {
            let files = fleet(
                inv(guest: "vars: { v: \"\(String(repeating: "a", count: size))\", r: \"\(String(repeating: "b", count: 1024))\" }"),
                template: template + "\ndescription: \"{{ v | replace('a', r) }}\"")
            cases.append(
                c(
                    "replace() to \(size * 1024) characters", files, size == 1024 ? 0 : 1,
                    size == 1024 ? valid : "templates/small.yaml:4:15: replace() would make a value of 1049600 characters"))
        }
        cases.append(
            c(
                "join() past the value limit",
                fleet(
                    inv(guest: "vars: { l: [a, b, c], s: \"\(String(repeating: "s", count: 600_000))\" }"),
                    template: template + "\ndescription: \"{{ l | join(s) }}\""), 1,
                "templates/small.yaml:4:15: join() makes a value longer than the 1048576 characters allowed"))
        cases.append(
            c(
                "many insertions past the value limit",
                fleet(
                    inv(guest: "vars: { s: \"\(String(repeating: "s", count: 400_000))\" }"),
                    template: template + "\ndescription: \"{{ s }}{{ s }}{{ s }}\""), 1,
                "templates/small.yaml:4:29: interpolated value is longer than the 1048576 characters allowed"))
        cases.append(
            c(
                "upper() of a value at the limit",
                fleet(
                    inv(guest: "vars: { s: \"\(String(repeating: "ß", count: 600_000))\" }"),
                    template: template + "\ndescription: \"{{ s | upper }}\""), 1,
                "templates/small.yaml:4:15: filter 'upper' makes a value longer than the 1048576 characters allowed"))
        cases.append(
            c(
                "unknown key of 100,000 characters gets no suggestion",
                fleet(inv(guest: String(repeating: "k", count: 100_000) + ": 1")), 1,
                "inv.yaml:10:100005: YAML syntax error: while scanning a simple key"))
        cases.append(
            c(
                "unknown host of 100,000 characters",
                fleet(inv().replacingOccurrences(of: "host: kvm1", with: "host: " + String(repeating: "k", count: 100_000))), 1,
                "inv.yaml:9:11: guest is placed on unknown host"))
        cases.append(
            c(
                "inventory file over 16 MiB", ["inv.yaml": "#" + String(repeating: " ", count: 16 * 1024 * 1024)], 1,
                "inv.yaml:1:1: file has 16777217 bytes, more than the 16777216 allowed"))
        return cases
    }

    // MARK: - Numeric edges

    static var numbers: [HostileCase] {
        var cases: [HostileCase] = []
        let counts: [(String, Int32, String)] = [
            ("0", 0, "valid: 0 guests"), ("1", 0, "valid: 1 guests"), ("+2", 0, "valid: 2 guests"), ("0x3", 0, "valid: 3 guests"),
            ("0b11", 0, "valid: 3 guests"), ("0o3", 0, "valid: 3 guests"), ("010", 0, "valid: 10 guests"), ("08", 0, "valid: 8 guests"),
            (" 2 ", 0, "valid: 2 guests"),
            ("-1", 1, "inv.yaml:10:12: 'count' must not be negative, got -1"),
            ("100001", 1, "inv.yaml:10:12: 'count' of 100001 is more than the 100000 allowed"),
            ("9223372036854775807", 1, "inv.yaml:10:12: 'count' of 9223372036854775807 is more"),
            ("9223372036854775808", 1, "inv.yaml:10:12: 'count' must be a whole number, not '9223372036854775808'"),
            ("-9223372036854775809", 1, "inv.yaml:10:12: 'count' must be a whole number"),
            ("1e3", 1, "inv.yaml:10:12: 'count' must be a whole number, not '1e3'"),
            ("１２", 1, "inv.yaml:10:12: 'count' must be a whole number, not '１２'"),
            ("٣", 1, "inv.yaml:10:12: 'count' must be a whole number"), ("5_000", 1, "inv.yaml:10:12: 'count' must be a whole number"),
            ("--1", 1, "inv.yaml:10:12: 'count' must be a whole number"), ("0x", 1, "inv.yaml:10:12: 'count' must be a whole number"),
            ("1.0", 1, "inv.yaml:10:12: 'count' must be a whole number"),
            ("[1]", 1, "inv.yaml:10:12: 'count' must be a whole number, not a list"),
            ("\"\"", 1, "inv.yaml:10:12: 'count' must be a whole number, not ''"),
            ("0xFFFFFFFFFFFFFFFFF", 1, "inv.yaml:10:12: 'count' must be a whole number"),
        ]
        for (value, code, expect) in counts {
            cases.append(c("count: \(value)", fleet(inv(name: "\"g{{ index }}\"", guest: "count: \(value)")), code, expect))
        }
        let ports: [(String, Int32)] = [("0", 1), ("1", 0), ("65535", 0), ("65536", 1), ("-1", 1), ("0x16", 0), ("２２", 1), ("22.0", 1)]
        for (value, code) in ports {
            cases.append(
                c(
                    "port: \(value)", fleet(inv(host: "kvm1: { port: \(value) }")), code,
                    code == 0 ? valid : "inv.yaml:5:17: 'port' must be"))
        }
        for (value, code) in [("0", Int32(1)), ("1", 0), ("4096", 0), ("4097", 1), ("-0", 1), ("0x1000", 0)] {
            cases.append(
                c(
                    "vcpu: \(value)", fleet(template: template + "\nvcpu: \(value)"), code,
                    code == 0 ? valid : "templates/small.yaml:4:7: 'vcpu' must be between 1 and 4096"))
        }
        for (value, code) in [("-1", Int32(1)), ("0", 0), ("1000000", 0), ("1000001", 1)] {
            cases.append(
                c(
                    "start: \(value)", fleet(inv(guest: "start: \(value)")), code,
                    code == 0 ? valid : "inv.yaml:10:12: 'start' must be between 0 and 1000000"))
        }
        let memory: [(String, Int32, String)] = [
            ("1", 0, valid), ("1KiB", 0, valid), ("0.5MiB", 0, valid),
            ("0", 1, "templates/small.yaml:1:9: memory size '0' is out of range"),
            ("0.5", 1, "templates/small.yaml:1:9: memory size '0.5' is out of range"),
            ("1GB", 1, "templates/small.yaml:1:9: memory size '1GB' is not a whole number of KiB"),
            ("１２MiB", 1, "templates/small.yaml:1:9: '１２MiB' is not a memory size"),
            ("99999999999999999999999GiB", 1, "templates/small.yaml:1:9: memory size '99999999999999999999999GiB' is out of range"),
            ("-1GiB", 1, "templates/small.yaml:1:9: '-1GiB' is not a memory size"),
            ("nan", 1, "templates/small.yaml:1:9: 'nan' is not a memory size"),
            ("inf", 1, "templates/small.yaml:1:9: 'inf' is not a memory size"),
            ("1..2", 1, "templates/small.yaml:1:9: '1..2' is not a memory size"),
            ("1 PiB", 1, "templates/small.yaml:1:9: unknown memory unit 'pib'"),
        ]
        for (value, code, expect) in memory {
            cases.append(
                c(
                    "memory: \(value)", fleet(template: template.replacingOccurrences(of: "memory: 64MiB", with: "memory: \(value)")),
                    code, expect))
        }
        let expressions: [(String, Int32, String)] = [
            (
                "{{ 99999999999999999999 }}", 1,
                "inv.yaml:7:13: bad expression '{{ 99999999999999999999 }}': 99999999999999999999 is too large"
            ),
            ("{{ 9223372036854775807 + 1 }}", 1, "inv.yaml:7:13: 9223372036854775807 + 1 is out of the range of whole numbers"),
            ("{{ 0 - 9223372036854775807 - 2 }}", 1, "inv.yaml:7:13: -9223372036854775807 - 2 is out of the range"),
            ("{{ １ }}", 1, "inv.yaml:7:13: bad expression '{{ １ }}': unexpected '１'"),
            ("{{ l[１] }}", 1, "inv.yaml:7:13: bad expression '{{ l[１] }}': expected a list index"),
            ("{{ l[99999999999999999999] }}", 1, "inv.yaml:7:13: bad expression"),
            ("{{ l[1] }}", 0, "valid: 1 guests"), ("{{ l[5] | default('z') }}", 0, "valid: 1 guests"),
            ("{{ n + 1 }}", 0, "valid: 1 guests"), ("{{ f + 1 }}", 1, "inv.yaml:7:13: '１' is not a number"),
            ("{{ o + 1 }}", 0, "valid: 1 guests"), ("{{ name }}", 1, "inv.yaml:7:13: undefined variable 'name'"),
            ("{{ }}", 1, "inv.yaml:7:13: bad expression '{{ }}': expected a variable, number or string"),
            ("{{ 'unterminated }}", 1, "inv.yaml:7:13: bad expression"), ("x{{ l", 1, "inv.yaml:7:14: '{{' is not closed by '}}'"),
            ("{{ l | nosuch }}", 1, "inv.yaml:7:13: unknown filter 'nosuch'"),
        ]
        for (expression, code, expect) in expressions {
            cases.append(
                c(
                    "expression \(expression)",
                    fleet(inv(name: "\"g\(expression)\"", guest: "vars: { l: [a, b], n: \"0x10\", f: \"１\", o: \"010\" }")),
                    code, expect))
        }
        return cases
    }

    // MARK: - UUIDs, MACs, VNC passwords, URIs, disk targets

    static var identities: [HostileCase] {
        var cases: [HostileCase] = []
        let uuids: [(String, Bool)] = [
            ("4dea22b3-1d52-d8f3-2516-782e98ab3fa0", true), ("4DEA22B31D52D8F32516782E98AB3FA0", true),
            ("４dea22b3-1d52-d8f3-2516-782e98ab3fa0", false), ("4dea22b3-1d52-d8f3-2516-782e98ab3fＡ0", false),
            ("4dea22b3-1d52-d8f3-2516782e98ab3fa0", false), ("4dea22b31d52d8f32516782e98ab3fa", false),
            ("4dea22b31d52d8f32516782e98ab3fa00", false), ("4dea22b3-1d52-d8f3-2516-782e98ab3fg0", false),
            ("--4dea22b31d52d8f32516782e98ab3fa0--", false), ("٤dea22b31d52d8f32516782e98ab3fa0", false),
        ]
        for (uuid, ok) in uuids {
            cases.append(
                c(
                    "uuid \(uuid)", fleet(inv(guest: "uuid: \"\(uuid)\"")), ok ? 0 : 1,
                    ok ? valid : "inv.yaml:10:11: '\(uuid)' is not a valid UUID"))
        }
        let macs: [(String, Bool)] = [
            ("52:54:00:12:34:56", true), ("52:54:00:12:34:５６", false), ("５2:54:00:12:34:56", false), ("01:00:5e:00:00:01", false),
            ("52:54:00:12:34", false), ("52:54:00:12:34:56:78", false), ("52:54:00:12:34:5g", false), ("52-54-00-12-34-56", false),
            ("52:54:00:12:34:", false), ("", false),
        ]
        for (mac, ok) in macs {
            cases.append(
                c(
                    "mac \(mac)",
                    fleet(template: template.replacingOccurrences(of: "source: default }", with: "source: default, mac: \"\(mac)\" }")),
                    ok ? 0 : 1, ok ? valid : "templates/small.yaml:3:"))
        }
        let passwords: [(String, Bool, String)] = [
            ("12345678", true, ""), ("123456789", false, "a VNC password has at most 8 characters, this one has 9"),
            ("pass wd", true, ""), ("ééé", false, "a VNC password must be printable ASCII"),
            ("😀", false, "a VNC password must be printable ASCII"), ("ab\\tc", false, "a VNC password must be printable ASCII"),
            ("", true, ""),
        ]
        for (password, ok, message) in passwords {
            cases.append(
                c(
                    "VNC password \(password)", fleet(template: template + "\ngraphics: [{ type: vnc, password: \"\(password)\" }]"),
                    ok ? 0 : 1, ok ? valid : "templates/small.yaml:4:\(password == "ab\\tc" ? 35 : 35): \(message)"))
        }
        let uris: [(String, Bool)] = [
            ("qemu:///system", true), ("qemu+ssh://h/system", true), ("test:///default", true), ("://", false), ("qemu", false),
            ("1qemu:///system", false), ("qemu:// system", false), ("qé:///system", false), ("\"\"", false),
        ]
        for (uri, ok) in uris {
            cases.append(
                c(
                    "uri \(uri)", fleet(inv(host: "kvm1: { uri: \(uri.hasPrefix("\"") ? uri : "\"\(uri)\"") }")), ok ? 0 : 1,
                    ok ? valid : "inv.yaml:5:16: "))
        }
        cases.append(
            c(
                "two disks with one target",
                fleet(
                    template: """
                        memory: 64MiB
                        disks:
                          - { source: /a.img, target: vda }
                          - { source: /b.img, target: vda }
                        """), 1, "templates/small.yaml:4:5: disk target 'vda' is also used by the disk at templates/small.yaml:3:5"))
        for target in ["\"\"", "\"v da\"", "\"a/b\"", "\"{{ nothing | default('') }}\""] {
            cases.append(
                c(
                    "disk target \(target)", fleet(template: "memory: 64MiB\ndisks: [{ source: /a.img, target: \(target) }]"), 1,
                    "templates/small.yaml:2:"))
        }
        return cases
    }

    // MARK: - Structural mutations of a valid fleet

    static var structure: [HostileCase] {
        let mutations: [(String, String, String)] = [
            ("empty file", "", "inv.yaml:1:1: the inventory declares no hosts and no guests"),
            ("only a comment", "# nothing\n", "inv.yaml:1:1: the inventory declares no hosts and no guests"),
            ("only ---", "---\n", "inv.yaml:1:1: the inventory declares no hosts and no guests"),
            ("fleet only", "fleet: lab\n", "inv.yaml:1:1: the inventory declares no hosts and no guests"),
            ("top level is a list", "- a\n- b\n", "inv.yaml:1:1: inventory file must be a mapping, not a list"),
            ("top level is a scalar", "hello\n", "inv.yaml:1:1: inventory file must be a mapping, not a scalar"),
            ("hosts is a list", "fleet: lab\nhosts: [a, b]\n", "inv.yaml:2:8: 'hosts' must be a mapping of names to settings, not a list"),
            ("hosts is a scalar", "fleet: lab\nhosts: kvm1\n", "inv.yaml:2:8: 'hosts' must be a mapping"),
            ("groups is a list", "fleet: lab\nhosts: { kvm1: {} }\ngroups: [a]\n", "inv.yaml:3:9: 'groups' must be a mapping"),
            ("guests is a mapping", "fleet: lab\nhosts: { kvm1: {} }\nguests: { a: 1 }\n", "inv.yaml:3:9: 'guests' must be a list"),
            (
                "a guest is a scalar", "fleet: lab\nhosts: { kvm1: {} }\nguests: [g]\n",
                "inv.yaml:3:10: guest must be a mapping, not a scalar"
            ),
            ("a host is a list", "fleet: lab\nhosts: { kvm1: [] }\n", "inv.yaml:2:16: host 'kvm1' must be a mapping, not a list"),
            ("two documents", "fleet: lab\n---\nfleet: lab\n", "inv.yaml:"),
            ("tab indentation", "fleet: lab\nhosts:\n\tkvm1: {}\n", "inv.yaml:3:1: YAML syntax error"),
            ("unclosed flow", "fleet: lab\nhosts: { kvm1: {}\n", "inv.yaml:"),
            ("undefined alias", "fleet: lab\nhosts: *nothing\n", "inv.yaml:2:8: YAML syntax error"),
            ("merge key", "fleet: lab\nx: &x { a: 1 }\nhosts: { kvm1: { <<: *x } }\n", "inv.yaml:2:1: unknown key 'x' in inventory file"),
            (
                "merge key in a host", "fleet: lab\nhosts: { kvm1: { <<: { port: 22 } } }\n",
                "inv.yaml:2:18: unknown key '<<' in host 'kvm1'"
            ),
            ("mapping as a key", "fleet: lab\n? { a: 1 }\n: 2\n", "inv.yaml:2:3: mapping keys must be plain strings"),
            ("null key", "fleet: lab\n~: 1\n", "inv.yaml:2:1: unknown key '~' in inventory file"),
            (
                "duplicate on and \"on\"", inv(guest: "vars: { on: 1, \"on\": 2 }"),
                "inv.yaml:10:20: duplicate key 'on' in this mapping (also at 10:13)"
            ),
            (
                "duplicate 1 and \"1\"", "fleet: lab\nhosts: { kvm1: { vars: { x: { 1: a, \"1\": b } } } }\n",
                "inv.yaml:2:37: duplicate key '1' in this mapping (also at 2:31)"
            ),
            (
                "duplicate yes and 'yes'", "fleet: lab\nhosts: { kvm1: { vars: { x: { yes: a, 'yes': b } } } }\n",
                "inv.yaml:2:39: duplicate key 'yes' in this mapping (also at 2:31)"
            ),
            (
                "duplicate null and \"null\"", "fleet: lab\nhosts: { kvm1: { vars: { x: { null: a, \"null\": b } } } }\n",
                "inv.yaml:2:40: duplicate key 'null' in this mapping (also at 2:31)"
            ),
            ("duplicate plain keys", "fleet: lab\nfleet: lab\n", "inv.yaml:"),
            (
                "missing name", inv().replacingOccurrences(of: "name: g", with: "nam: g"),
                "inv.yaml:7:5: unknown key 'nam' in guest — did you mean 'name'?"
            ),
            ("missing template", inv().replacingOccurrences(of: "template: small", with: "x_template: small"), "inv.yaml:8:5: unknown key"),
            ("name is a list", inv(name: "[a]"), "inv.yaml:7:11: 'name' must be a string, not a list"),
            (
                "unknown host", inv().replacingOccurrences(of: "host: kvm1", with: "host: kvm2"),
                "inv.yaml:9:11: guest is placed on unknown host 'kvm2' — did you mean 'kvm1'?"
            ),
            (
                "unknown group", inv().replacingOccurrences(of: "host: kvm1", with: "group: web"),
                "inv.yaml:9:12: guest is placed on unknown group 'web'"
            ),
            ("host and group", inv(guest: "group: web"), "inv.yaml:7:5: a guest takes either 'host' or 'group', not both"),
            ("spread with host", inv(guest: "spread: hash"), "inv.yaml:9:11: 'spread' applies only to guests placed on a group"),
            ("bad state", inv(guest: "state: stoped"), "inv.yaml:10:12: 'stoped' is not a valid state — did you mean 'stopped'?"),
            ("override is a list", inv(guest: "override: [a]"), "inv.yaml:10:15: 'override' must be a mapping of template keys"),
            ("vars is a list", inv(guest: "vars: [a]"), "inv.yaml:10:11: 'vars' must be a mapping of variable names to values, not a list"),
            ("bad variable name", inv(guest: "vars: { 1x: 1 }"), "inv.yaml:10:13: '1x' is not a valid variable name"),
            (
                "unknown top-level key", "fleet: lab\nhost: {}\n",
                "inv.yaml:2:1: unknown key 'host' in inventory file — did you mean 'hosts'?"
            ),
            (
                "template name with ..", inv().replacingOccurrences(of: "template: small", with: "template: ../x"),
                "inv.yaml:8:15: '../x' is not a valid template name"
            ),
            (
                "template name absolute", inv().replacingOccurrences(of: "template: small", with: "template: /etc/passwd"),
                "inv.yaml:8:15: '/etc/passwd' is not a valid template name"
            ),
            (
                "template not found", inv().replacingOccurrences(of: "template: small", with: "template: smal"),
                "inv.yaml:8:15: template 'smal' not found"
            ),
            (
                "group lists a host twice", inv(top: "groups: { web: { hosts: [kvm1, kvm1] } }"),
                "inv.yaml:3:32: group 'web' lists host 'kvm1' twice"
            ),
            (
                "group named like a host", inv(top: "groups: { kvm1: { hosts: [kvm1] } }"),
                "inv.yaml:3:11: group 'kvm1' has the same name as a host"
            ),
            ("guest name with a slash", inv(name: "a/b"), "inv.yaml:7:11: 'a/b' is not a valid guest name"),
            ("guest name ..", inv(name: ".."), "inv.yaml:7:11: '..' is not a valid guest name"),
            ("host name with a space", inv(host: "\"a b\": {}"), "inv.yaml:5:3: 'a b' is not a valid host name"),
            ("count without pattern", inv(guest: "count: 2"), "inv.yaml:7:11: a guest with 'count' needs a name pattern"),
            (
                "fleet is a list", inv().replacingOccurrences(of: "fleet: lab", with: "fleet: [a]"),
                "inv.yaml:1:8: 'fleet' must be a string, not a list"
            ),
            ("binary tag", inv(guest: "vars: { x: !!binary aGk= }"), "valid: 1 guests"),
            ("byte order mark", "\u{FEFF}" + inv(), "valid: 1 guests"),
        ]
        return mutations.map { name, text, expect in
            c(name, fleet(text), expect.hasPrefix("valid") ? 0 : 1, expect)
        } + [
            c(
                "invalid UTF-8", [:], 1, "inv.yaml:1:1: file is not valid UTF-8",
                prepare: { root in try Data([0x66, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: root.appendingPathComponent("inv.yaml")) }),
            c(
                "a folder of symlinks to one file reads it once",
                [
                    "inv/a.yaml": inv().replacingOccurrences(of: "templates: templates", with: "templates: ../templates"),
                    "templates/small.yaml": template,
                ], 0, valid,
                args: ["validate", "-i", "$ROOT/inv"],
                prepare: { root in
                    try FileManager.default.createSymbolicLink(
                        atPath: root.appendingPathComponent("inv/b.yaml").path,
                        withDestinationPath: "a.yaml")
                }),
            c(
                "the same file through a symlink and directly", fleet(), 0, valid,
                args: ["validate", "-i", "$ROOT/inv.yaml", "-i", "$ROOT/link.yaml"],
                prepare: { root in
                    try FileManager.default.createSymbolicLink(
                        atPath: root.appendingPathComponent("link.yaml").path,
                        withDestinationPath: "inv.yaml")
                }),
            c(
                "a symlink loop in the inventory folder",
                [
                    "inv/a.yaml": inv().replacingOccurrences(of: "templates: templates", with: "templates: ../templates"),
                    "templates/small.yaml": template,
                ], 0, valid,
                args: ["validate", "-i", "$ROOT/inv"],
                prepare: { root in
                    try FileManager.default.createSymbolicLink(
                        atPath: root.appendingPathComponent("inv/loop").path,
                        withDestinationPath: ".")
                }),
            c("hosts but no guests", ["inv.yaml": "fleet: lab\nhosts: { kvm1: {} }\n"], 0, "valid: 0 guests on 0 hosts"),
        ]
    }

    // MARK: - Structured templates

    static var templates: [HostileCase] {
        let cases: [(String, String, String)] = [
            ("template is a list", "- memory\n", "templates/small.yaml:1:1: template must be a mapping, not a list"),
            ("template is empty", "", "templates/small.yaml:1:1: template is missing required key 'memory'"),
            (
                "unknown template key", template + "\nmemroy: 1",
                "templates/small.yaml:4:1: unknown key 'memroy' in template — did you mean 'memory'?"
            ),
            ("extends itself", "extends: small\n" + template, "templates/small.yaml:1:10: template 'extends' cycle: small → small"),
            ("extends a list", "extends: [a]\n" + template, "templates/small.yaml:1:10: 'extends' must be a string, not a list"),
            ("extends nothing", "extends: nosuch\n" + template, "templates/small.yaml:1:10: template 'nosuch' not found"),
            ("disks is a mapping of junk", "memory: 64MiB\ndisks: { x: 1 }", "templates/small.yaml:2:10: unknown key 'x' in disk"),
            (
                "five ISA serials", "memory: 64MiB\nserials: [{type: pty}, {type: pty}, {type: pty}, {type: pty}, {type: pty}]",
                "templates/small.yaml:2:10: 5 ISA serial ports, but libvirt supports at most 4"
            ),
            (
                "interface target vnet0", "memory: 64MiB\ninterfaces: [{ source: default, target: vnet0 }]",
                "templates/small.yaml:2:41: target device 'vnet0' uses a prefix libvirt reserves"
            ),
            (
                "usb vendor out of range", "memory: 64MiB\nhostdevs: [{ vendor: 0x10000, product: 1 }]",
                "templates/small.yaml:2:22: '0x10000' is not a valid USB vendor"
            ),
            (
                "usb vendor full-width", "memory: 64MiB\nhostdevs: [{ vendor: ０x1, product: 1 }]",
                "templates/small.yaml:2:22: '０x1' is not a valid USB vendor"
            ),
            (
                "current_memory above memory", "memory: 64MiB\ncurrent_memory: 65MiB",
                "templates/small.yaml:2:17: current_memory is larger than memory"
            ),
            (
                "undefined variable", template + "\ndescription: \"{{ nme }}\"",
                "templates/small.yaml:4:15: undefined variable 'nme' — did you mean 'name'?"
            ),
            (
                "a list inserted as text", template + "\nvars: { l: [a] }\ndescription: \"{{ l }}\"",
                "templates/small.yaml:5:15: variable is a list"
            ),
        ]
        return cases.map { name, text, expect in c(name, fleet(template: text), 1, expect) }
    }

    // MARK: - Raw XML templates

    static var rawTemplates: [HostileCase] {
        func raw(_ xml: String) -> [String: String] {
            ["inv.yaml": inv(guest: "vars: { v: \"a<b&c]]>\" }"), "templates/small.xml": xml]
        }
        let body = "<memory>65536</memory><os><type>hvm</type></os><devices/>"
        let cases: [(String, String, Int32, String)] = [
            ("a valid raw template", "<domain type='kvm'>\(body)</domain>", 0, valid),
            (
                "two <name>", "<domain type='kvm'><name>g</name><name>g</name>\(body)</domain>", 1,
                "templates/small.xml:1:1: template has 2 <name> elements"
            ),
            (
                "two <uuid>", "<domain type='kvm'><uuid>{{ v | default('') }}</uuid><uuid>x</uuid>\(body)</domain>", 1,
                "templates/small.xml:1:1: template has 2 <uuid> elements"
            ),
            (
                "two <devices>", "<domain type='kvm'>\(body)<devices/></domain>", 1,
                "templates/small.xml:1:1: template has 2 <devices> elements"
            ),
            ("empty type", "<domain type=''>\(body)</domain>", 1, "templates/small.xml:1:1: <domain> needs a type attribute"),
            ("blank type", "<domain type='  '>\(body)</domain>", 1, "templates/small.xml:1:1: <domain> needs a type attribute"),
            ("no type", "<domain>\(body)</domain>", 1, "templates/small.xml:1:1: <domain> needs a type attribute"),
            (
                "root is not domain", "<vm type='kvm'/>", 1,
                "templates/small.xml:1:1: a raw template's root element must be <domain>, not <vm>"
            ),
            ("empty file", "", 1, "templates/small.xml:1:1: XML document is empty"),
            ("not well-formed", "<domain type='kvm'>", 1, "templates/small.xml:1:20: XML error"),
            (
                "declared entity", "<!DOCTYPE domain [<!ENTITY e \"text\">]>\n<domain type='kvm'><title>&e;</title>\(body)</domain>", 1,
                "templates/small.xml:2:1: XML entity reference '&e;' is not supported"
            ),
            ("undeclared entity", "<domain type='kvm'><title>&nosuch;</title>\(body)</domain>", 1, "templates/small.xml:1:"),
            ("predefined entities stay", "<domain type='kvm'><title>a &amp; b &lt; &#233;</title>\(body)</domain>", 0, valid),
            ("control character reference", "<domain type='kvm'><title>&#1;</title>\(body)</domain>", 1, "templates/small.xml:1:"),
            ("NUL character reference", "<domain type='kvm'><title>&#0;</title>\(body)</domain>", 1, "templates/small.xml:1:"),
            (
                "placeholder in CDATA", "<domain type='kvm'>\n<title><![CDATA[x {{ v }}]]></title>\(body)</domain>", 1,
                "templates/small.xml:2:19: '{{' inside a CDATA section"
            ),
            ("CDATA without placeholder", "<domain type='kvm'><title><![CDATA[a < b]]></title>\(body)</domain>", 0, valid),
            ("placeholder escapes markup", "<domain type='kvm'><title>{{ v }}</title>\(body)</domain>", 0, valid),
            (
                "undefined variable in a comment", "<domain type='kvm'><!-- {{ nosuch }} -->\(body)</domain>", 1,
                "templates/small.xml:1:25: undefined variable 'nosuch'"
            ),
            (
                "nested 300 deep",
                "<domain type='kvm'>" + String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300) + "</domain>", 1,
                "templates/small.xml:"
            ),
            (
                "name that differs", "<domain type='kvm'><name>other</name>\(body)</domain>", 1,
                "templates/small.xml:1:1: template sets <name>other</name>"
            ),
            (
                "external entity",
                "<!DOCTYPE domain [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<domain type='kvm'><title>&e;</title>\(body)</domain>", 1,
                "templates/small.xml:2:1: XML entity reference '&e;' is not supported"
            ),
        ]
        return cases.map { name, xml, code, expect in c("raw: \(name)", raw(xml), code, expect) }
    }

    // MARK: - Where errors point inside multi-line and escaped scalars

    static var locations: [HostileCase] {
        [
            c(
                "block scalar points at its start", fleet(template: template + "\ndescription: |\n  line one\n  {{ nme }}\n"), 1,
                "templates/small.yaml:4:14: undefined variable 'nme' in this value"),
            c(
                "folded scalar points at its start", fleet(template: template + "\ndescription: >\n  a\n  b {{ nme }}\n"), 1,
                "templates/small.yaml:4:14: undefined variable 'nme' in this value"),
            c(
                "escaped double-quoted scalar", fleet(template: template + "\ndescription: \"\\t{{ nme }}\""), 1,
                "templates/small.yaml:4:14: undefined variable 'nme' in this value"),
            c(
                "multi-line plain scalar", fleet(template: template + "\ndescription: a\n  b {{ nme }}"), 1,
                "templates/small.yaml:4:14: undefined variable 'nme' in this value"),
            c(
                "single-quoted with a doubled quote", fleet(template: template + "\ndescription: 'it''s {{ nme }}'"), 1,
                "templates/small.yaml:4:14: undefined variable 'nme' in this value"),
            c(
                "plain scalar: exact column", fleet(template: template + "\ndescription: ab {{ nme }}"), 1,
                "templates/small.yaml:4:17: undefined variable 'nme'"),
            c(
                "double-quoted: exact column", fleet(template: template + "\ndescription: \"ab {{ nme }}\""), 1,
                "templates/small.yaml:4:18: undefined variable 'nme'"),
            c(
                "single-quoted: exact column", fleet(template: template + "\ndescription: 'ab {{ nme }}'"), 1,
                "templates/small.yaml:4:18: undefined variable 'nme'"),
            c(
                "non-ASCII before the placeholder", fleet(template: template + "\ndescription: \"éé {{ nme }}\""), 1,
                "templates/small.yaml:4:18: undefined variable 'nme'"),
            c(
                "through an alias: the anchored text", fleet(template: template + "\nvars: { d: &d \"x {{ nme }}\" }\ndescription: *d"), 1,
                "templates/small.yaml:4:"),
        ]
    }

    // MARK: - --limit

    static var selection: [HostileCase] {
        let args = { (limit: String) in ["validate", "-i", "$ROOT/inv.yaml", "--limit", limit] }
        let many = (0..<12_000).map { "nosuch\($0)" }.joined(separator: ",")
        return [
            c("--limit nosuch", fleet(), 1, "--limit 'nosuch' matches no host, group or guest", args: args("nosuch")),
            c("--limit empty", fleet(), 0, valid, args: args("")),
            c("--limit commas", fleet(), 0, valid, args: args(",,, ,")),
            c("--limit glob", fleet(), 0, valid, args: args("k*")),
            c("--limit unclosed bracket", fleet(), 1, "--limit '[' matches no host", args: args("[")),
            c("--limit backslash", fleet(), 0, valid, args: args("\\g")),
            c("--limit 12,000 unknown names", fleet(), 1, "--limit 'nosuch0', 'nosuch1'", args: args(many)),
            c("--limit guest name and host", fleet(), 0, valid, args: args("g,kvm1")),
        ]
    }

    // MARK: - render --out never deletes what it did not write

    static var output: [HostileCase] {
        let render = ["render", "-i", "$ROOT/inv.yaml", "--out", "$ROOT/out"]
        let fm = FileManager.default
        return [
            c(
                "render into a new folder", fleet(), 0, "rendered 1 guests on 1 hosts", args: render,
                after: { root in #expect(fm.fileExists(atPath: root.appendingPathComponent("out/kvm1/g.xml").path)) }),
            c(
                "render over an earlier render", fleet(), 0, "rendered 1 guests", args: render,
                prepare: { root in
                    try fm.createDirectory(at: root.appendingPathComponent("out/old"), withIntermediateDirectories: true)
                    try Data("x".utf8).write(to: root.appendingPathComponent("out/old/gone.xml"))
                },
                after: { root in #expect(!fm.fileExists(atPath: root.appendingPathComponent("out/old").path)) }),
            c(
                "a user folder named like a guest file", fleet(), 1,
                "out:1:1: output folder holds files virtfleet did not write (kvm1/notes.xml)",
                args: render,
                prepare: { root in
                    try fm.createDirectory(at: root.appendingPathComponent("out/kvm1/notes.xml"), withIntermediateDirectories: true)
                    try Data("keep".utf8).write(to: root.appendingPathComponent("out/kvm1/notes.xml/mine.txt"))
                },
                after: { root in #expect(fm.fileExists(atPath: root.appendingPathComponent("out/kvm1/notes.xml/mine.txt").path)) }),
            c(
                "a symlinked guest file", fleet(), 1, "out:1:1: output folder holds files virtfleet did not write (kvm1/g.xml)",
                args: render,
                prepare: { root in
                    try fm.createDirectory(at: root.appendingPathComponent("out/kvm1"), withIntermediateDirectories: true)
                    try fm.createSymbolicLink(
                        atPath: root.appendingPathComponent("out/kvm1/g.xml").path, withDestinationPath: "/etc/hostname")
                }),
            c(
                "a file at the top of the output folder", fleet(), 1,
                "out:1:1: output folder holds files virtfleet did not write (readme.xml)",
                args: render,
                prepare: { root in
                    try fm.createDirectory(at: root.appendingPathComponent("out"), withIntermediateDirectories: true)
                    try Data("keep".utf8).write(to: root.appendingPathComponent("out/readme.xml"))
                }),
            c(
                "a symlinked output folder", fleet(), 1, "out:1:1: output path is a symbolic link", args: render,
                prepare: { root in
                    try fm.createDirectory(at: root.appendingPathComponent("real"), withIntermediateDirectories: true)
                    try fm.createSymbolicLink(atPath: root.appendingPathComponent("out").path, withDestinationPath: "real")
                },
                after: { root in
                    #expect((try? fm.destinationOfSymbolicLink(atPath: root.appendingPathComponent("out").path)) == "real")
                }),
            c(
                "a stale staging folder of a dead render is removed", fleet(), 0, "rendered 1 guests", args: render,
                prepare: { root in
                    let dead = deadPID()
                    try fm.createDirectory(at: root.appendingPathComponent(".out.staging-\(dead)/kvm1"), withIntermediateDirectories: true)
                    try Data("x".utf8).write(to: root.appendingPathComponent(".out.staging-\(dead)/kvm1/a.xml"))
                },
                after: { root in
                    let left = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.contains("staging") }
                    #expect(left.isEmpty, "left: \(left)")
                }),
            c(
                "a staging folder holding user files is kept", fleet(), 0, "rendered 1 guests", args: render,
                prepare: { root in
                    let dead = deadPID()
                    try fm.createDirectory(at: root.appendingPathComponent(".out.staging-\(dead)"), withIntermediateDirectories: true)
                    try Data("keep".utf8).write(to: root.appendingPathComponent(".out.staging-\(dead)/mine.txt"))
                },
                after: { root in
                    let left = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.contains("staging") }
                    #expect(left.count == 1)
                }),
            c(
                "output path is a file", fleet(), 1, "out:1:1: output path exists and is not a folder", args: render,
                prepare: { root in try Data("keep".utf8).write(to: root.appendingPathComponent("out")) }),
        ]
    }

    /// The id of a process that has ended.
    static func deadPID() -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try? process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    // MARK: - Heavy: the built binary under prlimit

    static var heavy: [HostileCase] {
        var bomb = ["fleet: lab", "hosts: { kvm1: {} }", "vars:", "  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for i in 1..<10 { bomb.append("  a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        var keyBomb = bomb
        keyBomb.append("  k: { ? *a9 : 1 }")
        var chain = ["fleet: lab", "hosts: { kvm1: {} }", "vars:", "  c0: &c0 x"]
        for i in 1..<7000 { chain.append("  c\(i): &c\(i) [*c\(i - 1)]") }
        var extends = fleet(template: "extends: t1\n")
        for level in 1..<5000 { extends["templates/t\(level).yaml"] = "extends: t\(level + 1)\n" }
        let replaceChain = "{{ v" + String(repeating: " | replace('a', 'aaaaaaaaaa')", count: 10) + " }}"
        var tiers = inv(top: "limits: { guests: 10000000 }")
        for t in 0..<10 { tiers += "\n  - { name: \"t\(t)-{{ index }}\", template: small, host: kvm1, count: 100000 }" }
        return [
            c(
                "heavy: alias bomb", ["inv.yaml": bomb.joined(separator: "\n")], 1,
                "inv.yaml:10:12: YAML document has more than 1000000 values (aliases expanded)", heavy: true),
            c(
                "heavy: alias bomb as a mapping key", ["inv.yaml": keyBomb.joined(separator: "\n")], 1,
                "inv.yaml:10:12: YAML document has more than 1000000 values", heavy: true),
            c(
                "heavy: 7000-deep alias chain", ["inv.yaml": chain.joined(separator: "\n")], 1,
                "inv.yaml:66:14: YAML value nested more than 64 levels deep", heavy: true),
            c(
                "heavy: 10,000 nested flow lists", fleet(inv(top: "vars: { x: " + String(repeating: "[", count: 10_000) + " }")), 1,
                "inv.yaml:3:", heavy: true),
            c(
                "heavy: 5000-deep extends chain", extends, 1,
                "templates/t31.yaml:1:10: template 'extends' chain is longer than 32 templates",
                heavy: true),
            c(
                "heavy: ten chained replace()", fleet(inv(name: "\"g\(replaceChain)\"", guest: "vars: { v: aaaaaaaaaa }")), 1,
                "inv.yaml:7:13: replace() would make a value of", heavy: true),
            c(
                "heavy: pad(100000000000)", fleet(inv(name: "\"g{{ 1 | pad(100000000000) }}\"")), 1,
                "inv.yaml:7:13: pad width must be between 0 and 64, not 100000000000", heavy: true),
            c(
                "heavy: did you mean for a 100k-character group",
                fleet(
                    inv().replacingOccurrences(
                        of: "host: kvm1", with: "group: " + String(repeating: "w", count: 100_000)) + "\ngroups: { web: { hosts: [kvm1] } }"
                ), 1,
                "inv.yaml:9:12: guest is placed on unknown group", heavy: true),
            c(
                "heavy: ten count: 100000 lines cross the default cap",
                fleet(tiers.replacingOccurrences(of: "limits: { guests: 10000000 }", with: "")), 1,
                "inv.yaml:12:67: this declaration brings the fleet to 100001 guests", heavy: true),
            c(
                "heavy: full-width UUID", fleet(inv(guest: "uuid: \"１２３４５６７８-1234-1234-1234-123456789012\"")), 1,
                "inv.yaml:10:11: '１２３４５６７８-1234-1234-1234-123456789012' is not a valid UUID", heavy: true),
            c(
                "heavy: NUL in a value", fleet(inv(guest: "vars: { x: \"a\\0b\" }")), 1, "inv.yaml:10:16: value contains a NUL character",
                heavy: true),
        ]
    }
}
