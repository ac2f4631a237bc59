/// Attributes libvirt writes only into a running domain's XML and never keeps in a persistent
/// definition. A raw template copied from `virsh dumpxml` of a running guest carries them; sent to
/// libvirt they are dropped (or ignored) on define. Expansion leaves them out of the rendered
/// document with a warning; the read-back check never expects them back.
///
/// The table holds only what libvirt's domain format documents as output-only; docs/inventory.md
/// lists it. User aliases (`<alias name='ua-…'>`) and VNC/SPICE ports are kept.
public enum RuntimeOnlyAttributes {
    public struct Entry: Sendable {
        /// The element carrying the attribute.
        public var element: String
        /// Its parent element, or nil for the document's root.
        public var parents: [String]?
        public var attribute: String
        /// How the place is named in the warning, e.g. `<disk><source index>`.
        public var place: String
        /// Why libvirt does not keep it, for the warning.
        public var reason: String
    }

    public static let table: [Entry] = [
        Entry(
            element: "domain", parents: nil, attribute: "id", place: "<domain id>",
            reason: "the id of a running guest; a defined domain has none"),
        Entry(
            element: "source", parents: ["disk", "backingStore"], attribute: "index", place: "<disk><source index>",
            reason: "numbers the disk's backing chain in a running guest's XML and is ignored on input"),
        Entry(
            element: "backingStore", parents: ["disk", "backingStore"], attribute: "index", place: "<backingStore index>",
            reason: "numbers the disk's backing chain in a running guest's XML and is ignored on input"),
        Entry(
            element: "target", parents: ["channel"], attribute: "state", place: "<channel><target state>",
            reason: "reports whether the guest agent is connected, in a running guest's XML only"),
    ]

    /// The table entry for `attribute` of `element` (whose parent is `parent`, nil for the root).
    public static func entry(for attribute: String, of element: String, parent: String?) -> Int? {
        table.indices.first { index in
            let entry = table[index]
            guard entry.element == element, entry.attribute == attribute else { return false }
            return entry.parents.map { parents in parent.map(parents.contains) ?? false } ?? (parent == nil)
        }
    }
}
