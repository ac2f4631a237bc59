import Foundation
import VirtFleetDiagnostics
import VirtFleetInventory

/// Replaces every `{{ expression }}` in a text with its value.
///
/// `escape` is applied to each inserted value (XML escaping for raw XML templates); errors point
/// at the `{{` of the offending expression.
public enum Interpolator {
    public static func render(_ text: String, at location: SourceLocation, quoted: Bool = false, scope: Scope,
                              escape: (String) -> String = { $0 }) throws -> String {
        guard text.contains("{{") else { return text }
        var output = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let place = position(of: open.lowerBound, in: text, base: location, quoted: quoted)
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw Diagnostic("'{{' is not closed by '}}'", at: place)
            }
            let source = String(rest[open.upperBound..<close.lowerBound])
            do {
                let expression = try TemplateExpression.parse(source)
                output += escape(try ExpressionEvaluator(scope: scope).evaluate(expression))
            } catch let error as TemplateExpression.SyntaxError {
                throw Diagnostic("bad expression '{{\(source)}}': \(error.message)", at: place)
            } catch let error as ExpressionEvaluator.EvaluationError {
                throw Diagnostic(error.message, at: place, hint: error.hint)
            }
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    /// Interpolates every scalar of a tree (keys stay as written).
    public static func render(_ node: ConfigNode, scope: Scope) throws -> ConfigNode {
        var result = node
        switch node.value {
        case .scalar(let text):
            result.value = .scalar(try render(text, at: node.location, quoted: node.isQuoted, scope: scope))
        case .mapping(let entries):
            result.value = .mapping(try entries.map { entry in
                var copy = entry
                copy.value = try render(entry.value, scope: scope)
                return copy
            })
        case .sequence(let items):
            result.value = .sequence(try items.map { try render($0, scope: scope) })
        case .null:
            break
        }
        return result
    }

    /// The file position of `index`, counting lines and columns from `base`.
    static func position(of index: String.Index, in text: String, base: SourceLocation, quoted: Bool) -> SourceLocation {
        var line = base.line
        var column = base.column + (quoted ? 1 : 0)
        for character in text[..<index] {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(file: base.file, line: line, column: column)
    }
}

/// Escaping for values inserted into raw XML templates.
public enum XMLEscape {
    public static func escape(_ text: String) -> String {
        guard text.contains(where: { "&<>\"'".contains($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.count + 8)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
