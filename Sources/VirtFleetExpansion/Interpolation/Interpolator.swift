import Foundation
import VirtFleetDiagnostics
import VirtFleetInventory

/// Replaces every `{{ expression }}` in a text with its value.
///
/// `escape` is applied to each inserted value (XML escaping for raw XML templates); errors point
/// at the `{{` of the offending expression. Parsed texts are kept in a `TemplateCache`, so a
/// template used by 10,000 guests is parsed once.
public enum Interpolator {
    public static func render(
        _ text: String, at location: SourceLocation, quoted: Bool = false, exact: Bool = true,
        scope: Scope, cache: TemplateCache? = nil,
        escape: (String) -> String = { $0 }
    ) throws -> String {
        try render(
            text, at: location, quoted: quoted, exact: exact, scope: scope, cache: cache,
            insert: { value, _ in escape(value) } as (String, TemplateExpression) throws -> String)
    }

    /// The same, with `insert` deciding how each value goes into the text: it sees the value and
    /// the expression that made it, and may refuse it with an `EvaluationError` (reported at the
    /// expression's `{{`).
    static func render(
        _ text: String, at location: SourceLocation, quoted: Bool = false, exact: Bool = true,
        scope: Scope, cache: TemplateCache? = nil,
        insert: (String, TemplateExpression) throws -> String
    ) throws -> String {
        guard mayContainExpression(text) else { return text }
        let segments = try cache?.segments(for: text) ?? TemplateText.parse(text)
        let evaluator = ExpressionEvaluator(scope: scope)
        // Bounded, so chained filters or many large values cannot grow one value without end.
        let limit = InputLimits.interpolatedLength + text.utf8.count
        var output = ""
        func place(_ offset: Int) -> SourceLocation {
            exact ? position(of: offset, in: text, base: location, quoted: quoted) : location
        }
        let inValue = exact ? "" : " in this value"
        for segment in segments {
            switch segment {
            case .literal(let literal):
                output += literal
            case let .expression(expression, _, offset):
                do {
                    output += try insert(try evaluator.evaluate(expression), expression)
                } catch let error as ExpressionEvaluator.EvaluationError {
                    throw Diagnostic(error.message + inValue, at: place(offset), hint: error.hint)
                }
                if output.utf8.count > limit {
                    throw Diagnostic(
                        "interpolated value is longer than the \(InputLimits.interpolatedLength) characters allowed"
                            + inValue, at: place(offset), hint: "check for values inserted many times over")
                }
            case let .syntaxError(message, offset):
                throw Diagnostic(message + inValue, at: place(offset))
            }
        }
        return output
    }

    /// Interpolates every scalar of a tree (keys stay as written).
    public static func render(_ node: ConfigNode, scope: Scope, cache: TemplateCache? = nil) throws -> ConfigNode {
        try render(node, scope: scope, cache: cache, insert: { value, _ in value })
    }

    /// The same, with `insert` as in the text form.
    static func render(
        _ node: ConfigNode, scope: Scope, cache: TemplateCache? = nil, insert: (String, TemplateExpression) throws -> String
    ) throws -> ConfigNode {
        var result = node
        switch node.value {
        case .scalar(let text):
            guard mayContainExpression(text) else { return node }
            result.value = .scalar(
                try render(
                    text, at: node.location, quoted: node.isQuoted, exact: node.hasExactColumns,
                    scope: scope, cache: cache, insert: insert))
        case .mapping(let entries):
            result.value = .mapping(
                try entries.map { entry in
                    var copy = entry
                    copy.value = try render(entry.value, scope: scope, cache: cache, insert: insert)
                    return copy
                })
        case .sequence(let items):
            result.value = .sequence(try items.map { try render($0, scope: scope, cache: cache, insert: insert) })
        case .null:
            break
        }
        return result
    }

    /// A byte scan for `{{`, much cheaper than Foundation's substring search on the hot path.
    static func mayContainExpression(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "{"), previous == byte { return true }
            previous = byte
        }
        return false
    }

    /// The file position of the character `offset` characters into `text`, counting from `base`.
    static func position(of offset: Int, in text: String, base: SourceLocation, quoted: Bool) -> SourceLocation {
        var line = base.line
        var column = base.column + (quoted ? 1 : 0)
        for character in text.prefix(offset) {
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
