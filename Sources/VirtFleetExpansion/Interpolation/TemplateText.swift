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
            if !literal.isEmpty {
                segments.append(.literal(literal))
                literal = ""
            }
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
