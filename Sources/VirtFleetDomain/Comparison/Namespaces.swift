/// The XML namespace declarations in scope at an element, so elements can be matched by
/// namespace URI and local name: `<commandline xmlns='http://libvirt.org/schemas/domain/qemu/1.0'>`
/// and libvirt's `<qemu:commandline>` are the same element.
struct Namespaces {
    private var uris: [String: String] = [:]

    /// The scope inside `element`, with its own `xmlns` and `xmlns:p` declarations.
    func entering(_ element: DomainXMLElement) -> Namespaces {
        var inner = self
        for attribute in element.attributes {
            if attribute.name == "xmlns" {
                inner.uris[""] = attribute.value
            } else if attribute.name.hasPrefix("xmlns:") {
                inner.uris[String(attribute.name.dropFirst("xmlns:".count))] = attribute.value
            }
        }
        return inner
    }

    /// `{uri}local` for a namespaced name, the bare name otherwise. An undeclared prefix stays
    /// as written.
    func qualified(_ name: String) -> String {
        let parts = name.split(separator: ":", maxSplits: 1)
        let (prefix, local) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : ("", name)
        guard let uri = uris[prefix], !uri.isEmpty else { return name }
        return "{\(uri)}\(local)"
    }
}
