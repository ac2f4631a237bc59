/// A small, value-typed XML tree: what the domain model renders to and what libvirt's XML parses into.
///
/// It is only ever turned into text by `XMLWriter` (libxml2), so every value is escaped.
/// Attribute order is kept as written, which keeps rendered documents stable.
public struct DomainXMLElement: Hashable, Sendable {
    public var name: String
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]

    public init(_ name: String, attributes: [XMLAttribute] = [], children: [XMLNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// An element holding only text, e.g. `<name>web-1</name>`.
    public init(_ name: String, text: String, attributes: [XMLAttribute] = []) {
        self.init(name, attributes: attributes, children: [.text(text)])
    }

    public subscript(attribute name: String) -> String? {
        get { attributes.first { $0.name == name }?.value }
        set {
            if let index = attributes.firstIndex(where: { $0.name == name }) {
                if let newValue { attributes[index].value = newValue } else { attributes.remove(at: index) }
            } else if let newValue {
                attributes.append(XMLAttribute(name, newValue))
            }
        }
    }

    /// Sets an attribute only when a value is given; keeps call sites free of `if let`.
    public mutating func set(_ name: String, _ value: String?) {
        if let value { self[attribute: name] = value }
    }

    public mutating func append(_ element: DomainXMLElement) {
        children.append(.element(element))
    }

    /// Appends `<name>text</name>` when a value is given.
    public mutating func append(_ name: String, text: String?) {
        if let text { children.append(.element(DomainXMLElement(name, text: text))) }
    }

    public var elements: [DomainXMLElement] {
        children.compactMap { if case .element(let e) = $0 { e } else { nil } }
    }

    public func elements(named name: String) -> [DomainXMLElement] {
        elements.filter { $0.name == name }
    }

    public func first(_ name: String) -> DomainXMLElement? {
        elements.first { $0.name == name }
    }

    /// Position in `children` of the first element named `name`.
    public func childIndex(_ name: String) -> Int? {
        children.firstIndex { if case .element(let e) = $0 { e.name == name } else { false } }
    }

    /// Changes the first child element named `name` in place; false when there is none.
    @discardableResult
    public mutating func modifyChild(_ name: String, _ body: (inout DomainXMLElement) throws -> Void) rethrows -> Bool {
        guard let index = childIndex(name), case .element(var child) = children[index] else { return false }
        try body(&child)
        children[index] = .element(child)
        return true
    }

    /// The concatenated text of direct text children.
    public var text: String {
        children.map { if case .text(let t) = $0 { t } else { "" } }.joined()
    }
}

public struct XMLAttribute: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public enum XMLNode: Hashable, Sendable {
    case element(DomainXMLElement)
    case text(String)
}
