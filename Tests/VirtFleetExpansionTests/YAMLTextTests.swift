import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetExpansion

/// The YAML pieces on their own: which values are safe as they are, the `yaml` filter's quoting,
/// and documents that parse back to what was written, checked with Yams and with PyYAML, the
/// parser cloud-init reads seeds with.
@Suite struct YAMLTextTests {
    @Test(arguments: [
        ("web-01", true), ("ssh-ed25519 AAAA+/= me@host", true), ("https://example.org/a/b=1&c=2", true), ("10:20", true),
        ("-x", true), ("ünïcödé", true), ("a (b); c", true), ("8080", true), ("2024-02-29", true), ("0x1F", true),
        ("", false), (" lead", false), ("trail ", false), ("a: b", false), ("a:", false), (":a", false), ("a #b", false),
        ("#a", false), ("\"q\"", false), ("it's", false), ("a\\b", false), ("[a]", false), ("{a}", false), ("a,b", false),
        ("-", false), ("- a", false), ("&anchor", false), ("*alias", false), ("!tag", false), ("|", false), (">x", false),
        ("%x", false), ("@x", false), ("`x`", false), ("a\nb", false), ("a\tb", false), ("---", false), ("...x", false),
        ("?x", false), ("a\u{7}b", false), ("a\u{2028}b", false),
        // A `?` ends a plain value in a flow collection (`[a?b]`); PyYAML cannot build `=` (its
        // `value` tag), an integer without digits or a date that does not exist.
        ("a?b", false), ("https://example.org/a?b=1", false), ("=", false), ("<<", false), ("0b_", false), ("-0x__", false),
        ("2023-02-29", false), ("2001-12-14 24:00:00", false), ("0000-01-01", false), ("2001-12-14t21:59:43+24", false),
        (String(repeating: "9", count: 641), false),
    ])
    func safePlainValues(text: String, safe: Bool) {
        #expect(YAMLText.isSafePlain(text) == safe)
    }

    @Test func theYAMLFilterQuotesAndEscapes() {
        #expect(YAMLText.doubleQuoted("plain") == "\"plain\"")
        #expect(YAMLText.doubleQuoted("a\"b\\c\nd\te") == "\"a\\\"b\\\\c\\nd\\te\"")
        #expect(YAMLText.doubleQuoted("\u{1}\u{85}\u{2028}\u{FEFF}") == "\"\\x01\\x85\\u2028\\uFEFF\"")
    }

    /// Whatever a value holds, the document written parses back to it (with Yams).
    @Test func documentsParseBackToTheirValues() {
        let values = [
            "plain", "a: b # c", "'single'", "\"double\"", "multi\nline\n", "multi\nline", "trailing\n\n\n", "  indented\nfirst",
            "\nleading newline", "tab\there", "\u{1}control", "yes", "null", "~", "- dash", "#hash", "{flow}", "ünïcödé",
            "crlf\r\nline",
        ]
        // Yams gives a scalar starting with U+FEFF back without it (PyYAML keeps it: see below).
        for value in values + Self.awkwardScalars where !value.hasPrefix("\u{FEFF}") {
            let node = ConfigNode(
                .mapping([
                    ConfigEntry(key: "k", keyLocation: .file("t"), value: ConfigNode(.scalar(value), at: .file("t"), isQuoted: true)),
                    ConfigEntry(
                        key: "list", keyLocation: .file("t"),
                        value: ConfigNode(.sequence([ConfigNode(.scalar(value), at: .file("t"), isQuoted: true)]), at: .file("t"))),
                ]), at: .file("t"))
            let text = YAMLText.document(node)
            let parsed: ConfigNode
            do {
                parsed = try YAMLFile.check(text, file: "t")
            } catch {
                Issue.record("\(error) in \(YAMLText.doubleQuoted(text))")
                continue
            }
            #expect(parsed["k"]?.scalar == value, "\(text)")
            #expect(parsed["list"]?.items?.first?.scalar == value, "\(text)")
        }
    }

    // MARK: Against PyYAML

    /// Every word `isSafePlain` accepts, among generated candidates, is read by PyYAML as that
    /// same text wherever a value may stand: a block or flow value, a list item, inside a longer
    /// plain value, inside quotes. "The same text" is the scalar's text as PyYAML scans it, and
    /// building the value must succeed: a plain word may become what YAML 1.1 types it as
    /// (`8080` a number, `true` a boolean, `~` null: documented), but never an error.
    @Test func everySafePlainWordIsItselfToPyYAMLWhereverItStands() throws {
        let candidates = Self.plainCandidates()
        let accepted = candidates.filter(YAMLText.isSafePlain)
        // Neither everything nor nothing: the filter and the check both have work to do.
        #expect(accepted.count > 2_000 && accepted.count < candidates.count / 2, "\(accepted.count) of \(candidates.count)")
        #expect(["web-01", "a:b", "-x", "8080", "2000-02-29", "é"].allSatisfy(accepted.contains))
        PyYAML.record(try PyYAML.run(PyYAML.plainWords, input: accepted))
    }

    /// Short words with each character first, inside and last; pairs of ASCII punctuation; the
    /// cases found by review and YAML 1.1's typed values; and seeded random strings.
    static func plainCandidates() -> [String] {
        var characters = (0x20...0x7E).compactMap(Unicode.Scalar.init).map(String.init)
        characters += ["\t", "\n", "\r", "\u{0}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{3000}"]
        characters += ["é", "中", "\u{301}", "٣", "Ⅻ", "😀", "\u{FFFE}", "\u{E000}", "«", "€"]
        var candidates: [String] = []
        for c in characters {
            candidates += [c, c + c, c + "a", "a" + c, "a" + c + "b", c + " a", "a " + c, "a" + c + " b", "a " + c + "b", "1" + c + "2"]
            candidates += [c + "-", "-" + c, c + ":", ":" + c, "a:" + c, c + ":a", c + "?", "?" + c, c + "=", "=" + c, c + "<<", "<" + c]
        }
        let punctuation = (0x21...0x2F).map { $0 } + (0x3A...0x40).map { $0 } + (0x5B...0x60).map { $0 } + (0x7B...0x7E).map { $0 }
        let marks = punctuation.compactMap(Unicode.Scalar.init).map(String.init)
        for a in marks {
            for b in marks { candidates += [a + b, "x" + a + b, a + b + "x", "x" + a + b + "y"] }
        }
        candidates += [
            "web-01", "ssh-ed25519 AAAA+/= me@host", "8080", "é", "a:b", "-x", "a?b", "=", "<<", "-a", "a:", "a :b", "a: b", "10:20",
            "190:20:30", "1:20.5", "https://example.org/a?b=1&c=2", "a#b",
            "0b_", "-0b_", "+0x__", "0b1", "0b", "0x", "0x1F", "0o7", "017", "09", "0_", "-0", "1_000", "1__", "._", ".", ".5", "1.",
            "1_.e+1", "1e3", "1.5e+3", ".inf", "-.Inf", "+.INF", ".NaN", "~", "null", "Null", "NULL", "yes", "No", "ON", "y", "n",
            "2001-12-14", "2001-13-14", "2001-12-32", "2001-02-29", "2000-02-29", "1900-02-29", "2004-02-29", "0000-01-01",
            "0001-01-01", "2001-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-14T24:00:00Z",
            "2001-12-14T21:60:00Z", "2001-12-14T21:59:60Z", "2001-12-14T21:59:59", "2001-12-14 21:59:43 +24",
            "2001-12-14 21:59:43 -23:59", "2001-12-14 21:59:43 +23:60", "2001-1-1T1:00:00Z", "2001-12-14T21:59:43.",
            "9999-12-31T23:59:59.9999999-23:59", String(repeating: "9", count: 640), String(repeating: "9", count: 641),
            "1" + String(repeating: "0", count: 700) + ":00", "0x" + String(repeating: "f", count: 700), "--", "-- a", "--a",
            "---a", "..", "..a", "a...", "a---", "a - b", "a -b", "a-", "a ~", "~a", "a=b", "a!b", "a&b", "a*b", "a|b", "a>b",
            "a%b", "a@b", "a<b", "a  b", "a   b c",
        ]
        var random = SeededRandom(seed: 0x5EED_0F_7A41)
        let alphabet = characters.filter { $0 != "\n" } + ["a", "b", "0", "1", "-", ":", " ", "."]
        for _ in 0..<3_000 {
            let length = 1 + random.next(below: 8)
            candidates.append((0..<length).map { _ in alphabet[random.next(below: alphabet.count)] }.joined())
        }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }

    /// Documents holding awkward scalars and keys, each in many places of the tree (a mapping's
    /// value, a list item, a nested list, a mapping in a list, deep, the root), read back by
    /// PyYAML as exactly the tree written: every key a string, every quoted scalar a string with
    /// its text, every plain one still plain with its text, and followed by the siblings written
    /// after it.
    @Test func documentsReadBackInPyYAMLAsTheTreesWritten() throws {
        let cases = Self.awkwardTrees()
        let input = cases.map { tree in
            ["document": YAMLText.document(tree), "tree": PyYAML.expected(tree)] as [String: Any]
        }
        PyYAML.record(try PyYAML.run(PyYAML.documents, input: input))
    }

    static let awkwardScalars = [
        "", " ", "  ", "  lead", "trail  ", " both ", "\t", "\t\t", "\tlead tab", "trail tab\t", "\t\n", "\ta\nb", "a\n\tb",
        "a\n\t\nb", "\n", "\n\n", "\n\n\n", " \n", "\n ", " \n ", "\n \n", "a\n", "a\n\n", "a\n\n\n", "\na", "\n\na\n",
        "  a\nb", "a\n  b", "a  \nb  \n", "a\n \nb", "a\n  \n", "a\n   ", " a\n", "a \n", "# hash", "a # b", "a #b\nc # d\n",
        "#\n#", "---", "...", "--- a", "... a\n", "---\n", "a\n---\nb", "a\n...\nb\n", "- a\n- b", "? a\n: b", "\u{2028}",
        "a\u{2029}b", "a\u{85}b", "\u{FEFF}bom", "a\u{FEFF}", "\r", "a\r\nb", "a\rb\n", "é\nü\n", "\u{1}", "\u{7F}", "a\u{7F}\nb",
        "\u{A0}nbsp\u{A0}", "'", "\"", "\\", "\\\n", "yes", "No", "null", "~", "=", "<<", "0x_", "2001-02-30", "8080", "1:20",
        "-", "- a", "? a", ": a", "a: b", "a:\n  b", "|", "|\n", ">", "> a\n", "%YAML 1.1", "%x\n", "@a", "`a", "!tag", "&a", "*a",
        "{a: b}", "[a]", ",", "\u{10FFFF}", "😀 emoji", "vt\u{B}tab", "\u{E000}", "\u{FFFD}", "a\u{3000}", " \t \n\t ",
        "line\n\n\nafter gap", "trailing spaces   \n  more  \n", String(repeating: "long ", count: 60),
    ]

    static let awkwardKeys = [
        "1", "0x10", "1_000", "1e3", ".5", ".inf", "-1", "+1", "yes", "No", "ON", "off", "y", "n", "null", "Null", "~", "", " ",
        "=", "<<", "2001-12-14", "1:20", "0o7", "a b", "a: b", "a:b", "-", "-a", "?", "?a", "a?b", "#", "a#b", "k\nl", "\t", "é",
        "TRUE", "a,b", "[a]", "{a}", "'a'", "\"a\"", "&a", "*a", "!a", "|", ">", "%", "@", "`", "---", "...", "\u{2028}",
    ]

    static func awkwardTrees() -> [ConfigNode] {
        let at = VirtFleetDiagnostics.SourceLocation.file("t")
        func scalar(_ text: String, quoted: Bool = true) -> ConfigNode { ConfigNode(.scalar(text), at: at, isQuoted: quoted) }
        func map(_ entries: [(String, ConfigNode)]) -> ConfigNode {
            ConfigNode(.mapping(entries.map { ConfigEntry(key: $0.0, keyLocation: at, value: $0.1) }), at: at)
        }
        func list(_ items: [ConfigNode]) -> ConfigNode { ConfigNode(.sequence(items), at: at) }
        let after = scalar("after")
        let places: [(ConfigNode) -> ConfigNode] = [
            { $0 },
            { map([("k", $0), ("next", after)]) },
            { map([("k", list([$0, after])), ("next", after)]) },
            { map([("k", list([list([$0, after]), after]))]) },
            { map([("k", list([map([("a", $0), ("b", after)]), after]))]) },
            { map([("k", map([("a", map([("b", $0), ("c", after)])), ("d", after)]))]) },
            { list([$0, after]) },
            { list([map([("a", list([$0])), ("b", $0)])]) },
        ]
        var trees: [ConfigNode] = []
        for text in awkwardScalars {
            for place in places {
                trees.append(place(scalar(text)))
                trees.append(place(scalar(text, quoted: false)))
            }
        }
        let empty = [ConfigNode(.null, at: at), map([]), list([])]
        for value in empty {
            for place in places { trees.append(place(value)) }
        }
        for key in awkwardKeys {
            trees.append(map([(key, scalar("v")), ("next", after)]))
            trees.append(map([("k", map([(key, list([after]))]))]))
            trees.append(list([map([(key, after), ("b", after)])]))
        }
        return trees
    }
}

/// PyYAML, which cloud-init reads seeds with, run once per test over a whole batch: a script
/// given a JSON file of inputs prints a JSON list of failures. Debian's own python3 and its yaml
/// module (the PyYAML cloud-init uses on Debian 12) are required (`scripts/setup` installs
/// python3-yaml): without them the test fails.
enum PyYAML {
    /// What `script` prints, read as JSON, given the path of `input` written as JSON.
    static func output(_ script: String, input: Any) throws -> Any {
        try withTemporaryDirectory { directory in
            let path = directory.path("input.json")
            try JSONSerialization.data(withJSONObject: input).write(to: URL(fileURLWithPath: path))
            let result = try ProcessRunner.run("/usr/bin/python3", ["-c", script, path])
            guard result.status == 0 else {
                let why = result.errors.split(separator: "\n").last.map(String.init) ?? "exit status \(result.status)"
                throw UnexpectedOutput(description: "python3 with PyYAML is needed (scripts/setup installs python3-yaml): \(why)")
            }
            return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        }
    }

    /// The failures a checking script (`plainWords`, `documents`) prints.
    static func run(_ script: String, input: Any) throws -> [String] {
        guard let failures = try output(script, input: input) as? [String] else {
            throw UnexpectedOutput(description: "python3 did not print a list of failures")
        }
        return failures
    }

    /// Each document as PyYAML reads it: a mapping, each key and value shown as Python's `str()`.
    static func load(_ documents: [String]) throws -> [[String: String]] {
        let script = #"""
            import json, sys, yaml
            documents = json.load(open(sys.argv[1], encoding='utf-8'))
            print(json.dumps([{str(k): str(v) for k, v in yaml.safe_load(d).items()} for d in documents]))
            """#
        guard let read = try output(script, input: documents) as? [[String: String]] else {
            throw UnexpectedOutput(description: "python3 did not print a list of mappings")
        }
        return read
    }

    /// One issue naming how many failed and the first few.
    static func record(_ failures: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard !failures.isEmpty else { return }
        let shown = failures.prefix(30).joined(separator: "\n")
        Issue.record("\(failures.count) failed, such as:\n\(shown)", sourceLocation: sourceLocation)
    }

    /// How a tree must read back: `{"scalar": text, "plain": Bool}`, `{"null": true}`,
    /// `{"mapping": [[key, value], …]}` or `{"sequence": […]}`. A scalar is plain when the writer
    /// writes it plain (it was plain in the source and is a safe plain word).
    static func expected(_ node: ConfigNode) -> Any {
        switch node.value {
        case .scalar(let text): ["scalar": text, "plain": !node.isQuoted && YAMLText.isSafePlain(text)] as [String: Any]
        case .null: ["null": true] as [String: Any]
        case .mapping(let entries): ["mapping": entries.map { [$0.key, expected($0.value)] as [Any] }] as [String: Any]
        case .sequence(let items): ["sequence": items.map(expected)] as [String: Any]
        }
    }

    static let prelude = #"""
        import json, sys, yaml
        STR = 'tag:yaml.org,2002:str'
        def load(document):
            node = yaml.compose(document, Loader=yaml.SafeLoader)
            yaml.load(document, Loader=yaml.SafeLoader)  # building the values must work too
            return node
        failures = []
        inputs = json.load(open(sys.argv[1], encoding='utf-8'))

        """#

    /// Input: words. Each is put in every place a value can stand.
    static let plainWords =
        prelude + #"""
            places = [
                ('block mapping value', 'k: @\n', '@'), ('block list item', '- @\n', '@'), ('flow list', '[@]\n', '@'),
                ('flow mapping value', '{k: @}\n', '@'), ('double quotes', 'k: "@"\n', '@'), ('single quotes', "k: '@'\n", '@'),
                ('inside a block value', 'k: a @ b\n', 'a @ b'), ('inside a list item', '- a @ b\n', 'a @ b'),
                ('inside a flow list item', '[a @ b, c]\n', 'a @ b'), ('inside a flow mapping value', '{k: a @ b, c: d}\n', 'a @ b'),
            ]
            for word in inputs:
                for name, template, want in places:
                    document = template.replace('@', word)
                    want = want.replace('@', word)
                    try:
                        node = load(document)
                        if isinstance(node, yaml.MappingNode):
                            node = node.value[0][1]
                        elif isinstance(node, yaml.SequenceNode):
                            node = node.value[0]
                        if not isinstance(node, yaml.ScalarNode) or node.value != want:
                            failures.append('%r as %s: read as %r' % (word, name, node))
                        elif '"' in template or "'" in template:
                            if node.tag != STR:
                                failures.append('%r as %s: tagged %s' % (word, name, node.tag))
                    except Exception as error:
                        failures.append('%r as %s: %s: %s' % (word, name, type(error).__name__, ' '.join(str(error).split())[:300]))
            print(json.dumps(failures))
            """#

    /// Input: `{"document": text, "tree": expected}`. Each document must read back as its tree.
    static let documents =
        prelude + #"""
            def compare(node, want, path):
                if 'scalar' in want:
                    if not isinstance(node, yaml.ScalarNode):
                        return '%s: %s instead of a scalar' % (path, node.id)
                    if node.value != want['scalar']:
                        return '%s: %r instead of %r' % (path, node.value, want['scalar'])
                    if want['plain'] and node.style is not None:
                        return '%s: written %s, not plain' % (path, node.style)
                    if not want['plain'] and node.tag != STR:
                        return '%s: tagged %s, not a string' % (path, node.tag)
                elif 'null' in want:
                    if not isinstance(node, yaml.ScalarNode) or node.tag != 'tag:yaml.org,2002:null':
                        return '%s: %r instead of null' % (path, node)
                elif 'mapping' in want:
                    if not isinstance(node, yaml.MappingNode) or len(node.value) != len(want['mapping']):
                        return '%s: %r instead of a mapping of %d' % (path, node, len(want['mapping']))
                    for (key, value), (want_key, want_value) in zip(node.value, want['mapping']):
                        if not isinstance(key, yaml.ScalarNode) or key.tag != STR or key.value != want_key:
                            return '%s: key %r instead of the string %r' % (path, key, want_key)
                        problem = compare(value, want_value, path + '/' + want_key)
                        if problem:
                            return problem
                else:
                    if not isinstance(node, yaml.SequenceNode) or len(node.value) != len(want['sequence']):
                        return '%s: %r instead of a list of %d' % (path, node, len(want['sequence']))
                    for index, (item, want_item) in enumerate(zip(node.value, want['sequence'])):
                        problem = compare(item, want_item, '%s/%d' % (path, index))
                        if problem:
                            return problem
                return None

            for case in inputs:
                document = case['document']
                try:
                    problem = compare(load(document), case['tree'], '')
                except Exception as error:
                    problem = '%s: %s' % (type(error).__name__, ' '.join(str(error).split())[:300])
                if problem:
                    failures.append('%s in %r' % (problem, document))
            print(json.dumps(failures))
            """#
}

/// SplitMix64: the same strings on every run.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
