/// Secret attribute values (VNC `passwd`) are kept out of hashes, plans and output: a hash of
/// an 8-character password is brute-forced in no time. They are compared directly instead, and
/// `DomainSubset` shows them as "(secret)".
public enum Secrets {
    /// The one list of secret attribute names.
    public static let attributes: Set<String> = ["passwd"]

    /// The document with every secret attribute removed, and the removed values in document order.
    public static func strip(_ element: DomainXMLElement) -> (DomainXMLElement, [String]) {
        // Most definitions hold no secret: then the tree is returned as it is, not copied.
        guard containsSecret(element) else { return (element, []) }
        var values: [String] = []
        return (strip(element, into: &values), values)
    }

    private static func containsSecret(_ element: DomainXMLElement) -> Bool {
        element.attributes.contains { attribute in attributes.contains { $0 == attribute.name } }
            || element.children.contains { if case .element(let e) = $0 { containsSecret(e) } else { false } }
    }

    private static func strip(_ element: DomainXMLElement, into values: inout [String]) -> DomainXMLElement {
        var copy = element
        copy.attributes = element.attributes.filter { attribute in
            guard attributes.contains(attribute.name) else { return true }
            values.append(attribute.value)
            return false
        }
        copy.children = element.children.map { child in
            if case .element(let e) = child { return .element(strip(e, into: &values)) }
            return child
        }
        return copy
    }
}
