import Foundation
import VirtFleetDiagnostics

/// Variables blocks must be mappings of names to values.
public enum VariableBlock {
    public static func entries(_ node: ConfigNode, context: String) throws -> [ConfigEntry] {
        if node.isNull { return [] }
        guard let entries = node.entries else {
            throw Diagnostic(
                "'\(context)' must be a mapping of variable names to values, not \(node.kindName)",
                at: node.location)
        }
        for entry in entries where !VariableName.isValid(entry.key) {
            throw Diagnostic(
                "'\(entry.key)' is not a valid variable name", at: entry.keyLocation,
                hint: "use letters, digits and '_', starting with a letter or '_'")
        }
        return entries
    }
}

public enum VariableName {
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSet.alphanumerics.contains($0) }
    }
}
