import Foundation
import VirtFleetCloudInit
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// Renders one guest's `cloud_init:` (its template's and its own, merged) into the seed's
/// documents, checked as cloud-init will read them.
///
/// - A mapping is written as YAML (`#cloud-config` first for user-data), each scalar interpolated
///   on its own, so no value needs escaping.
/// - A string or a file is interpolated as text. In a YAML document every inserted value must be
///   a safe plain scalar (`YAMLText.isSafePlain`) or pass through `| yaml`; the result must parse.
///   user-data is YAML when it starts with `#cloud-config`; a script (`#!`) and cloud-init's other
///   formats are passed on as they are; anything else is refused (cloud-init would ignore it).
/// - meta-data always has `instance-id` (default: the guest's UUID) and `local-hostname` (default:
///   the guest's name made a host name).
struct CloudInitRenderer {
    /// What the seed of one guest is made of, before it becomes an ISO.
    struct Rendered {
        var pool: String
        var poolLocation: SourceLocation
        var volume: String
        var userData: String
        var metaData: String
        var networkConfig: String?
        var instanceID: String
        /// nil: the first `sd` name no disk of the guest uses.
        var cdromTarget: String?
        var cdromBus: String
        var cdromLocation: SourceLocation
        /// Where each document was declared (the block, when defaulted), for size errors.
        var locations: [NoCloudSeed.Document: SourceLocation]
    }

    /// user-data formats cloud-init recognizes besides `#cloud-config` (passed on unchecked).
    static let passedOnUserData = [
        "#!", "#include", "#cloud-boothook", "#part-handler", "#cloud-config-archive", "## template: jinja",
        "Content-Type:",
    ]
    /// SCSI on virtio-scsi: what a Debian cloud kernel reads (it has no AHCI driver, so a SATA
    /// cdrom is never seen), on the pc and q35 machines alike.
    static let defaultCdromBus = DiskBus.scsi

    let cache: TemplateCache
    let files: CloudInitFiles

    func render(_ block: CloudInitDeclaration, guest: String, uuid: String, scope: Scope) throws -> Rendered {
        guard let poolNode = block.pool else {
            throw Diagnostic(
                "cloud_init has no 'pool'", at: block.location, hint: "name the pool the seed volume goes into, such as pool: vf-guests")
        }
        let pool = try interpolate(poolNode, "pool", scope: scope)
        try Names.check(pool, what: "pool", at: poolNode.location)
        var volume = "\(guest)-cidata.iso"
        if let node = block.volume {
            volume = try interpolate(node, "volume", scope: scope)
            try Names.checkVolume(volume, at: node.location)
        }
        var locations: [NoCloudSeed.Document: SourceLocation] = [.userData: block.location, .metaData: block.location]
        var userData = "#cloud-config\n"
        if let document = block.userData {
            userData = try render(document, as: .userData, scope: scope)
            locations[.userData] = document.node.location
        }
        let (metaData, instanceID) = try metaData(block, guest: guest, uuid: uuid, scope: scope)
        if let node = block.metaData?.node { locations[.metaData] = node.location }
        var networkConfig: String?
        if let document = block.networkConfig {
            networkConfig = try render(document, as: .networkConfig, scope: scope)
            locations[.networkConfig] = document.node.location
        }
        var target: String?
        var bus = Self.defaultCdromBus
        if let cdrom = block.cdrom {
            let r = try MappingReader(cdrom, context: "cdrom", allowed: ["target", "bus"])
            if let node = r.node("target") {
                let named = try interpolate(node, "target", scope: scope)
                try DiskTarget.check(named, device: .cdrom, at: node.location)
                target = named
            }
            bus = try r.enum("bus", DiskBus.self) ?? bus
        }
        return Rendered(
            pool: pool, poolLocation: poolNode.location, volume: volume,
            userData: userData, metaData: metaData, networkConfig: networkConfig, instanceID: instanceID, cdromTarget: target,
            cdromBus: bus.rawValue, cdromLocation: block.cdrom?.location ?? block.location, locations: locations)
    }

    private func interpolate(_ node: ConfigNode, _ what: String, scope: Scope) throws -> String {
        try Interpolator.render(
            try node.asString(what), at: node.location, quoted: node.isQuoted, exact: node.hasExactColumns, scope: scope, cache: cache)
    }

    // MARK: Documents

    /// A document as text; YAML ones checked.
    private func render(_ document: CloudInitDeclaration.Document, as kind: NoCloudSeed.Document, scope: Scope) throws -> String {
        switch document {
        case .mapping(let node):
            let rendered = try Interpolator.render(node, scope: scope, cache: cache) { value, expression in
                if expression.filters.last?.name == "yaml" {
                    throw ExpressionEvaluator.EvaluationError(
                        message: "'| yaml' is for documents written as text",
                        hint: "remove it: in a mapping each value is written as YAML already")
                }
                return value
            }
            let text = (kind == .userData ? "#cloud-config\n" : "") + YAMLText.document(rendered)
            try check(text, kind, declared: node, file: nil)
            return text
        case .text(let node):
            let template = try node.asString(kind.key)
            let isYAML = try Self.isYAML(template, kind, at: node.location)
            let render = { (insert: (String, TemplateExpression) throws -> String) in
                try Interpolator.render(
                    template, at: node.location, quoted: node.isQuoted, exact: node.hasExactColumns, scope: scope, cache: cache,
                    insert: insert)
            }
            guard isYAML else { return try render { value, _ in value } }
            try checkQuotedValuesStandAlone(render, kind, declared: node, file: nil)
            let text = try render(Self.insertIntoYAML)
            try check(text, kind, declared: node, file: nil)
            return text
        case .file(let path, let node):
            let template = try files.text(path, at: node.location, what: kind.key + "_file")
            let isYAML = try Self.isYAML(template, kind, at: .file(path))
            let render = { (insert: (String, TemplateExpression) throws -> String) in
                try Interpolator.render(template, at: .file(path), scope: scope, cache: cache, insert: insert)
            }
            guard isYAML else { return try render { value, _ in value } }
            try checkQuotedValuesStandAlone(render, kind, declared: node, file: path)
            let text = try render(Self.insertIntoYAML)
            try check(text, kind, declared: node, file: path)
            return text
        }
    }

    /// A `| yaml` value is a quoted YAML scalar: it must be a whole value (`key: {{ x | yaml }}`,
    /// `- {{ x | yaml }}`), never part of a longer one, where its quotes and `: ` would change the
    /// document's structure (`- echo {{ x | yaml }} > f` with `x` = `a: b` makes the item a
    /// mapping). Checked by rendering once with a plain placeholder for each such value and
    /// finding every placeholder as a whole scalar of the parsed document.
    private func checkQuotedValuesStandAlone(
        _ render: ((String, TemplateExpression) throws -> String) throws -> String, _ kind: NoCloudSeed.Document,
        declared: ConfigNode, file: String?
    ) throws {
        var slots = 0
        let probe = try render { value, expression in
            guard expression.filters.last?.name == "yaml" else { return try Self.insertIntoYAML(value, expression) }
            defer { slots += 1 }
            return "vfyamlvalue\(slots)z"
        }
        guard slots > 0 else { return }
        var scalars = Set<String>()
        func collect(_ node: ConfigNode) {
            switch node.value {
            case .scalar(let text): scalars.insert(text)
            case .mapping(let entries):
                for entry in entries {
                    scalars.insert(entry.key)
                    collect(entry.value)
                }
            case .sequence(let items): items.forEach(collect)
            case .null: break
            }
        }
        collect(try check(probe, kind, declared: declared, file: file))
        guard (0..<slots).allSatisfy({ scalars.contains("vfyamlvalue\($0)z") }) else {
            throw Diagnostic(
                "'| yaml' gives a quoted YAML value, but in \(kind.rawValue) it stands inside a longer value", at: declared.location,
                hint: "put it where a value starts (key: {{ x | yaml }} or - {{ x | yaml }}), or quote the whole value yourself")
        }
    }

    /// Whether a text document is YAML: meta-data and network-config always; user-data when it
    /// starts with `#cloud-config`. Other user-data must be a format cloud-init knows.
    static func isYAML(_ template: String, _ kind: NoCloudSeed.Document, at location: SourceLocation) throws -> Bool {
        guard kind == .userData else { return true }
        if template.hasPrefix("#cloud-config\n") || template.hasPrefix("#cloud-config\r\n") || template == "#cloud-config"
            || template.hasPrefix("#cloud-config ")
        {
            return true
        }
        if passedOnUserData.contains(where: template.hasPrefix) { return false }
        throw Diagnostic(
            "user-data does not start with '#cloud-config' or another header cloud-init knows, so cloud-init would ignore it",
            at: location,
            hint: "start it with '#cloud-config' (or '#!' for a script), or write user_data as a mapping")
    }

    /// Inserting into YAML text: a safe plain value as it is, a `| yaml` value (already quoted) too.
    static func insertIntoYAML(_ value: String, _ expression: TemplateExpression) throws -> String {
        if expression.filters.last?.name == "yaml" || YAMLText.isSafePlain(value) { return value }
        throw ExpressionEvaluator.EvaluationError(
            message: "value \(Self.shown(value)) is not safe to insert into YAML as it is",
            hint: "write {{ … | yaml }} to insert it as a quoted string")
    }

    /// A value for a message: quoted, control characters and line breaks escaped, at most 60 characters.
    static func shown(_ value: String) -> String {
        let quoted = YAMLText.doubleQuoted(value)
        guard quoted.count > 62 else { return quoted }
        return String(quoted.prefix(60)) + "…\""
    }

    /// Parses a YAML document as cloud-init will; errors are located at `declared` (or, for a file,
    /// at the line in the file: inserted values never add lines).
    @discardableResult
    private func check(_ text: String, _ kind: NoCloudSeed.Document, declared: ConfigNode, file: String?) throws -> ConfigNode {
        let root: ConfigNode
        do {
            root = try YAMLFile.check(text, file: file ?? kind.rawValue)
        } catch let problem as Diagnostic {
            let line = problem.location?.line ?? 1
            let location = file != nil ? (problem.location ?? declared.location) : declared.location
            throw Diagnostic(
                "\(kind.rawValue) is not valid YAML after interpolation: \(problem.message)"
                    + (file == nil ? " (line \(line) of the document)" : ""), at: location,
                hint: problem.hint ?? "check the indentation and quoting; values with ': ', '#' or quotes need '| yaml'")
        }
        switch root.value {
        case .mapping: break
        case .null where kind == .userData: break
        default:
            throw Diagnostic(
                "\(kind.rawValue) must be a YAML mapping, not \(root.kindName)", at: file.map { .file($0) } ?? declared.location,
                hint: "write it as 'key: value' lines")
        }
        // Each plain value as it stands after interpolation (`{{ y }}-{{ m }}-{{ d }}` included):
        // one PyYAML resolves to a date or number it cannot build makes cloud-init drop the seed.
        if let bad = Self.firstUnbuildable(root) {
            throw Diagnostic(
                "\(kind.rawValue) has the plain value '\(bad.text)', which PyYAML (cloud-init's reader) takes for a date, number or tag it cannot build"
                    + (file == nil ? " (line \(bad.location.line) of the document)" : ""),
                at: file != nil ? bad.location : declared.location,
                hint: "quote it in the template, or insert the value with '| yaml'")
        }
        return root
    }

    /// The first plain (unquoted, not block) scalar PyYAML could not build, in document order.
    private static func firstUnbuildable(_ node: ConfigNode) -> (text: String, location: SourceLocation)? {
        switch node.value {
        case .scalar(let text):
            return !node.isQuoted && !YAMLText.buildsInPyYAML(text) ? (text, node.location) : nil
        case .sequence(let items):
            return items.lazy.compactMap(firstUnbuildable).first
        case .mapping(let entries):
            return entries.lazy.compactMap { firstUnbuildable($0.value) }.first
        case .null:
            return nil
        }
    }

    // MARK: meta-data

    /// The meta-data document and its instance id.
    private func metaData(_ block: CloudInitDeclaration, guest: String, uuid: String, scope: Scope) throws -> (String, String) {
        let hostname = { (at: SourceLocation) throws -> String in
            guard let name = NoCloudSeed.localHostname(forGuest: guest) else {
                throw Diagnostic(
                    "guest name '\(guest)' makes no usable host name (nothing or more than 63 characters left)", at: at,
                    hint: "set local-hostname in cloud_init meta_data")
            }
            return name
        }
        guard let document = block.metaData else {
            do {
                return (try NoCloudSeed.defaultMetaData(instanceID: uuid, localHostname: try hostname(block.location)), uuid)
            } catch let error as NoCloudSeedError {
                throw Diagnostic(error.description, at: block.location, hint: "set instance-id and local-hostname in cloud_init meta_data")
            }
        }
        let declared = document.node
        var text: String
        if case .mapping(var node) = document, var entries = node.entries {
            // The defaults go first, as `defaultMetaData` writes them, unless the mapping sets them.
            var defaults: [ConfigEntry] = []
            if !entries.contains(where: { $0.key == "instance-id" }) {
                defaults.append(ConfigEntry(key: "instance-id", keyLocation: node.location, value: Self.quoted(uuid, at: node.location)))
            }
            if !entries.contains(where: { $0.key == "local-hostname" }) {
                defaults.append(
                    ConfigEntry(
                        key: "local-hostname", keyLocation: node.location,
                        value: Self.quoted(try hostname(node.location), at: node.location)))
            }
            entries = defaults + entries
            node.value = .mapping(entries)
            text = try render(.mapping(node), as: .metaData, scope: scope)
        } else {
            // Text is kept as written (for review); the defaults go where its mapping takes them.
            text = try render(document, as: .metaData, scope: scope)
            let root = try check(text, .metaData, declared: declared, file: nil)
            var added: [(key: String, value: String)] = []
            if root["instance-id"] == nil { added.append(("instance-id", YAMLText.doubleQuoted(uuid))) }
            if root["local-hostname"] == nil {
                added.append(("local-hostname", YAMLText.doubleQuoted(try hostname(declared.location))))
            }
            if !added.isEmpty { text = YAMLText.adding(added, toMapping: text, root: root) }
        }
        let root = try check(text, .metaData, declared: declared, file: nil)
        guard let instanceID = root["instance-id"]?.scalar else {
            throw Diagnostic(
                "meta-data's instance-id must be a string", at: declared.location,
                hint: "write instance-id: NAME, or leave it out to use the guest's UUID")
        }
        do {
            try NoCloudSeed.checkInstanceID(instanceID)
            if let hostname = root["local-hostname"]?.scalar { try NoCloudSeed.checkHostname(hostname) }
        } catch {
            throw Diagnostic(String(describing: error), at: declared.location, hint: "fix it in cloud_init meta_data")
        }
        return (text, instanceID)
    }

    private static func quoted(_ text: String, at location: SourceLocation) -> ConfigNode {
        ConfigNode(.scalar(text), at: location, isQuoted: true)
    }
}

extension NoCloudSeed.Document {
    /// The inventory key that declares it.
    var key: String {
        switch self {
        case .userData: "user_data"
        case .metaData: "meta_data"
        case .networkConfig: "network_config"
        }
    }
}

/// Text files named by `…_file:`, each read once per expansion however many guests use it.
final class CloudInitFiles {
    private var texts: [String: Result<String, Diagnostic>] = [:]

    func text(_ path: String, at location: SourceLocation, what: String) throws -> String {
        if let cached = texts[path] { return try cached.get() }
        let result: Result<String, Diagnostic>
        do {
            // Only a regular file: a device or a pipe (/dev/zero) could be read without end.
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let type = (try? FileManager.default.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
            if let type, type != .typeRegular {
                throw Diagnostic("it is not a regular file", at: location, hint: "name a file")
            }
            result = .success(try YAMLFile.text(path: path))
        } catch let problem as Diagnostic {
            result = .failure(
                Diagnostic(
                    "cannot read \(what) '\(path)': \(problem.message)", at: location,
                    hint: problem.hint ?? "check the path, relative to this file"))
        }
        texts[path] = result
        return try result.get()
    }
}
