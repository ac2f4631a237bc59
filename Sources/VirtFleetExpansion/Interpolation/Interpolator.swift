import Foundation
import VirtFleetDiagnostics
import VirtFleetInventory

/// Replaces every `{{ expression }}` in a text with its value.
///
/// `escape` is applied to each inserted value (XML escaping for raw XML templates); errors point
/// at the `{{` of the offending expression. Parsed texts are kept in a `TemplateCache`, so a
/// template used by 10,000 guests is parsed once.
public enum Interpolator {
    public static func render(_ text: String, at location: SourceLocation, quoted: Bool = false, scope: Scope,
                              cache: TemplateCache? = nil, escape: (String) -> String = { $0 }) throws -> String {
        guard mayContainExpression(text) else { return text }
        let segments = try cache?.segments(for: text) ?? TemplateText.parse(text)
        let evaluator = ExpressionEvaluator(scope: scope)
        var output = ""
        for segment in segments {
            switch segment {
            case .literal(let literal):
                output += literal
            case let .expression(expression, _, offset):
                do {
                    output += escape(try evaluator.evaluate(expression))
                } catch let error as ExpressionEvaluator.EvaluationError {
                    throw Diagnostic(error.message, at: position(of: offset, in: text, base: location, quoted: quoted),
                                     hint: error.hint)
                }
            case let .syntaxError(message, offset):
                throw Diagnostic(message, at: position(of: offset, in: text, base: location, quoted: quoted))
            }
        }
        return output
    }

    /// Interpolates every scalar of a tree (keys stay as written).
    public static func render(_ node: ConfigNode, scope: Scope, cache: TemplateCache? = nil) throws -> ConfigNode {
        var result = node
        switch node.value {
        case .scalar(let text):
            guard mayContainExpression(text) else { return node }
            result.value = .scalar(try render(text, at: node.location, quoted: node.isQuoted, scope: scope, cache: cache))
        case .mapping(let entries):
            result.value = .mapping(try entries.map { entry in
                var copy = entry
                copy.value = try render(entry.value, scope: scope, cache: cache)
                return copy
            })
        case .sequence(let items):
            result.value = .sequence(try items.map { try render($0, scope: scope, cache: cache) })
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

/// A text split into literal parts and parsed `{{ … }}` expressions; syntax errors are kept as
/// segments so they are reported at the place they occur, when the text is rendered.
enum TemplateText {
    enum Segment: Sendable {
        case literal(String)
        case expression(TemplateExpression, source: String, offset: Int)
        case syntaxError(String, offset: Int)
    }

    static func parse(_ text: String) -> [Segment] {
        var segments: [Segment] = []
        let characters = Array(text)
        var literal = ""
        var i = 0
        while i < characters.count {
            guard characters[i] == "{", i + 1 < characters.count, characters[i + 1] == "{" else {
                literal.append(characters[i])
                i += 1
                continue
            }
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
            let open = i
            var j = i + 2
            while j + 1 < characters.count, !(characters[j] == "}" && characters[j + 1] == "}") { j += 1 }
            guard j + 1 < characters.count else {
                segments.append(.syntaxError("'{{' is not closed by '}}'", offset: open))
                return segments
            }
            let source = String(characters[(i + 2)..<j])
            do {
                segments.append(.expression(try TemplateExpression.parse(source), source: source, offset: open))
            } catch let error as TemplateExpression.SyntaxError {
                segments.append(.syntaxError("bad expression '{{\(source)}}': \(error.message)", offset: open))
            } catch {
                segments.append(.syntaxError("bad expression '{{\(source)}}'", offset: open))
            }
            i = j + 2
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }
}

/// Parsed template texts, shared by all guests of one expansion run.
public final class TemplateCache {
    private var parsed: [String: [TemplateText.Segment]] = [:]

    public init() {}

    func segments(for text: String) -> [TemplateText.Segment] {
        if let hit = parsed[text] { return hit }
        let segments = TemplateText.parse(text)
        parsed[text] = segments
        return segments
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
