import VirtFleetDiagnostics

/// Ansible's INI inventory form, read into the same tree as its YAML form
/// (`{all: {children: {GROUP: {hosts: {HOST: {VAR: VALUE}}, vars: {…}, children: {…}}}}}`), with
/// each name and value located at its line and column.
///
///     host0 ansible_host=192.0.2.10          # before any section: group "ungrouped"
///     [kvm]
///     kvm[01:03] ansible_user=virt           # a numeric (or a-z) range
///     [kvm:vars]
///     ansible_port=2222
///     [hypervisors:children]
///     kvm
enum AnsibleINI {
    /// More hosts than this from one range line is refused (a typo like `[1:9999999]`).
    static let maximumRange = 10_000

    static func parse(_ text: String, file: String) throws -> ConfigNode {
        var groups: [String: Group] = [:]
        var order: [String] = []
        func group(_ name: String, at location: SourceLocation) -> String {
            if groups[name] == nil {
                groups[name] = Group(location: location)
                order.append(name)
            }
            return name
        }
        var section = (name: group("ungrouped", at: SourceLocation(file: file, line: 1, column: 1)), kind: "hosts")
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let content = line.drop { $0 == " " || $0 == "\t" }
            let column = line.count - content.count + 1
            let at = SourceLocation(file: file, line: lineNumber, column: column)
            if content.isEmpty || content.hasPrefix("#") || content.hasPrefix(";") { continue }
            if content.hasPrefix("[") {
                guard let close = content.firstIndex(of: "]") else {
                    throw Diagnostic("section header without ']'", at: at, hint: "write [group], [group:vars] or [group:children]")
                }
                let header = content[content.index(after: content.startIndex)..<close]
                let parts = header.split(separator: ":", maxSplits: 1).map(String.init)
                guard let name = parts.first, !name.isEmpty else { throw Diagnostic("empty section name", at: at) }
                let kind = parts.count == 2 ? parts[1] : "hosts"
                guard ["hosts", "vars", "children"].contains(kind) else {
                    throw Diagnostic("unknown section kind ':\(kind)'", at: at, hint: "use [\(name)], [\(name):vars] or [\(name):children]")
                }
                section = (group(name, at: at), kind)
                continue
            }
            let words = try words(content, startColumn: column, line: lineNumber, file: file)
            guard let first = words.first else { continue }
            switch section.kind {
            case "vars":
                guard words.count == 1, let entry = try assignment(first, file: file, line: lineNumber) else {
                    throw Diagnostic("a [\(section.name):vars] line is one NAME=VALUE", at: at)
                }
                groups[section.name]?.vars.append(entry)
            case "children":
                guard words.count == 1 else { throw Diagnostic("a [\(section.name):children] line names one group", at: at) }
                _ = group(first.text, at: first.location)
                groups[section.name]?.children.append((first.text, first.location))
            default:
                var variables: [ConfigEntry] = []
                for word in words.dropFirst() {
                    guard let entry = try assignment(word, file: file, line: lineNumber) else {
                        throw Diagnostic(
                            "'\(word.text)' is not NAME=VALUE", at: word.location, hint: "host variables are written NAME=VALUE")
                    }
                    variables.append(entry)
                }
                for name in try expand(first) {
                    groups[section.name]?.hosts.append(
                        ConfigEntry(key: name, keyLocation: first.location, value: mapping(variables, at: first.location)))
                }
            }
        }
        let fileStart = SourceLocation(file: file, line: 1, column: 1)
        let children = order.compactMap { name -> ConfigEntry? in
            guard let group = groups[name] else { return nil }
            var entries: [ConfigEntry] = []
            if !group.hosts.isEmpty {
                entries.append(ConfigEntry(key: "hosts", keyLocation: group.location, value: mapping(group.hosts, at: group.location)))
            }
            if !group.vars.isEmpty {
                entries.append(ConfigEntry(key: "vars", keyLocation: group.location, value: mapping(group.vars, at: group.location)))
            }
            if !group.children.isEmpty {
                let members = group.children.map { ConfigEntry(key: $0.0, keyLocation: $0.1, value: ConfigNode(.null, at: $0.1)) }
                entries.append(ConfigEntry(key: "children", keyLocation: group.location, value: mapping(members, at: group.location)))
            }
            return ConfigEntry(key: name, keyLocation: group.location, value: mapping(entries, at: group.location))
        }
        let all = ConfigEntry(
            key: "all", keyLocation: fileStart,
            value: mapping([ConfigEntry(key: "children", keyLocation: fileStart, value: mapping(children, at: fileStart))], at: fileStart))
        return mapping([all], at: fileStart)
    }

    private struct Group {
        var location: SourceLocation
        var hosts: [ConfigEntry] = []
        var vars: [ConfigEntry] = []
        var children: [(String, SourceLocation)] = []
    }

    struct Word {
        var text: String
        var location: SourceLocation
    }

    private static func mapping(_ entries: [ConfigEntry], at location: SourceLocation) -> ConfigNode {
        ConfigNode(.mapping(entries), at: location)
    }

    /// The line split at spaces outside quotes; a `#` after a space starts a comment. Quotes are
    /// removed (`'a b'`, `"a b"`).
    static func words(_ content: Substring, startColumn: Int, line: Int, file: String) throws -> [Word] {
        var words: [Word] = []
        var current = ""
        var start: Int?
        var quote: Character?
        var column = startColumn
        var previous: Character = " "
        for character in content {
            defer {
                previous = character
                column += 1
            }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == " " || character == "\t" {
                if let begin = start { words.append(Word(text: current, location: SourceLocation(file: file, line: line, column: begin))) }
                current = ""
                start = nil
                continue
            }
            if character == "#", previous == " " || previous == "\t" { break }
            if start == nil { start = column }
            if character == "'" || character == "\"" { quote = character } else { current.append(character) }
        }
        if quote != nil {
            throw Diagnostic(
                "unclosed quote", at: SourceLocation(file: file, line: line, column: column), hint: "close it on the same line")
        }
        if let begin = start { words.append(Word(text: current, location: SourceLocation(file: file, line: line, column: begin))) }
        return words
    }

    private static func assignment(_ word: Word, file: String, line: Int) throws -> ConfigEntry? {
        guard let equals = word.text.firstIndex(of: "="), equals != word.text.startIndex else { return nil }
        let name = String(word.text[..<equals])
        let value = String(word.text[word.text.index(after: equals)...])
        let valueColumn = word.location.column + name.count + 1
        return ConfigEntry(
            key: name, keyLocation: word.location,
            value: ConfigNode(.scalar(value), at: SourceLocation(file: file, line: line, column: valueColumn), isQuoted: true))
    }

    /// `kvm[01:03]` → kvm01, kvm02, kvm03 (zero padding kept); `node-[a:c]` → node-a … node-c.
    static func expand(_ word: Word) throws -> [String] {
        guard let open = word.text.firstIndex(of: "["), let close = word.text[open...].firstIndex(of: "]") else { return [word.text] }
        let prefix = word.text[..<open]
        let suffix = word.text[word.text.index(after: close)...]
        let body = word.text[word.text.index(after: open)..<close]
        let bounds = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let invalid = Diagnostic("'\(word.text)' is not a host range", at: word.location, hint: "write NAME[01:10] or NAME[a:f]")
        guard bounds.count == 2 || bounds.count == 3 else { throw invalid }
        let step = bounds.count == 3 ? Int(bounds[2]) ?? 0 : 1
        guard step >= 1 else { throw invalid }
        let names: [String]
        if let low = Int(bounds[0]), let high = Int(bounds[1]), bounds[0].allSatisfy(\.isASCII), bounds[1].allSatisfy(\.isASCII) {
            guard low <= high, (high - low) / step < maximumRange else {
                throw Diagnostic("'\(word.text)' makes more than \(maximumRange) hosts, or runs backwards", at: word.location)
            }
            let width = bounds[0].count
            names = stride(from: low, through: high, by: step).map { number in
                let digits = String(number)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
        } else if bounds[0].count == 1, bounds[1].count == 1, let low = bounds[0].unicodeScalars.first,
            let high = bounds[1].unicodeScalars.first,
            ("a"..."z").contains(low), ("a"..."z").contains(high), low <= high
        {
            names = stride(from: low.value, through: high.value, by: step).compactMap { Unicode.Scalar($0).map { String(Character($0)) } }
        } else {
            throw invalid
        }
        return names.map { prefix + $0 + suffix }
    }
}
