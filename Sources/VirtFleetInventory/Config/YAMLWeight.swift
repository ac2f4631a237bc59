import CYaml
import VirtFleetDiagnostics

/// Counts a YAML document's values with every alias expanded, from libyaml's events, before
/// Yams builds its tree. Yams compares mapping keys by hashing them whole, so an alias bomb used
/// as a key would take exponential time inside Yams; this pass stops such a document first, in
/// time and memory linear in its text.
enum YAMLWeight {
    /// Throws when the expanded document has more than `InputLimits.yamlNodes` values or nests
    /// deeper than `InputLimits.yamlDepth`. Syntax errors are left for Yams to report.
    static func check(_ text: String, file: String) throws {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            /// Per anchor: values and nesting depth of what it names.
            var anchors: [String: (weight: Int, depth: Int)] = [:]
            /// Open collections: anchor, values so far, deepest child depth.
            var open: [(anchor: String?, weight: Int, depth: Int)] = []
            var total = 0
            func add(weight: Int, depth: Int, at mark: yaml_mark_t) throws {
                total += weight
                let level = open.count + depth
                guard total <= InputLimits.yamlNodes, level <= InputLimits.yamlDepth else {
                    let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
                    if total > InputLimits.yamlNodes {
                        throw Diagnostic(
                            "YAML document has more than \(InputLimits.yamlNodes) values (aliases expanded)",
                            at: location, hint: "an alias repeats its whole anchored value; use fewer or smaller aliases")
                    }
                    throw Diagnostic(
                        "YAML value nested more than \(InputLimits.yamlDepth) levels deep (aliases expanded)",
                        at: location, hint: "flatten the structure, or use fewer nested aliases")
                }
                if !open.isEmpty {
                    open[open.count - 1].weight += weight
                    open[open.count - 1].depth = max(open[open.count - 1].depth, depth)
                }
            }
            func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    try add(weight: 1, depth: 1, at: mark)
                    if let anchor = name(event.data.scalar.anchor) { anchors[anchor] = (1, 1) }
                case YAML_ALIAS_EVENT:
                    guard let anchor = name(event.data.alias.anchor), let named = anchors[anchor] else { continue }
                    try add(weight: named.weight, depth: named.depth, at: mark)
                case YAML_SEQUENCE_START_EVENT:
                    open.append((name(event.data.sequence_start.anchor), 0, 0))
                case YAML_MAPPING_START_EVENT:
                    open.append((name(event.data.mapping_start.anchor), 0, 0))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = open.popLast() else { continue }
                    let weight = closed.weight + 1
                    let depth = closed.depth + 1
                    if let anchor = closed.anchor { anchors[anchor] = (weight, depth) }
                    // The collection's children were counted in `total` already; add only itself.
                    total -= closed.weight
                    try add(weight: weight, depth: depth, at: mark)
                default:
                    continue
                }
            }
        }
    }
}
