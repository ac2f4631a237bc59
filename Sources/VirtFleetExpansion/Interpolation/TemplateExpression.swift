import VirtFleetDiagnostics

/// One `{{ … }}` expression: operands joined by `+`/`-`, then filters (`| default('x')`, `| pad(2)`).
///
/// Jinja-like on purpose (Ansible users read it at once) but small and strict: an undefined
/// name is an error unless a `default` filter catches it.
struct TemplateExpression: Sendable {
    enum Operand: Sendable {
        case path([PathPart])
        case integer(Int)
        case string(String)
    }

    enum PathPart: Sendable {
        case key(String)
        case index(Int)
    }

    struct Filter: Sendable {
        var name: String
        var arguments: [Operand]
    }

    var first: Operand
    var rest: [(sign: Int, operand: Operand)]
    var filters: [Filter]

    struct SyntaxError: Error {
        var message: String
        var offset: Int
    }

    static func parse(_ text: String) throws -> TemplateExpression {
        var lexer = ExpressionLexer(text)
        let first = try lexer.operand()
        var rest: [(Int, Operand)] = []
        while let sign = lexer.consume(anyOf: ["+", "-"]) {
            rest.append((sign == "+" ? 1 : -1, try lexer.operand()))
        }
        var filters: [Filter] = []
        while lexer.consume(anyOf: ["|"]) != nil {
            let name = try lexer.identifier()
            var arguments: [Operand] = []
            if lexer.consume(anyOf: ["("]) != nil {
                if lexer.consume(anyOf: [")"]) == nil {
                    repeat { arguments.append(try lexer.operand()) } while lexer.consume(anyOf: [","]) != nil
                    try lexer.expect(")")
                }
            }
            filters.append(Filter(name: name, arguments: arguments))
        }
        try lexer.expectEnd()
        return TemplateExpression(first: first, rest: rest, filters: filters)
    }
}

/// A tiny scanner over one expression's characters.
struct ExpressionLexer {
    private let chars: [Character]
    private(set) var position = 0

    init(_ text: String) { chars = Array(text) }

    mutating func skipSpace() {
        while position < chars.count, chars[position].isWhitespace { position += 1 }
    }

    mutating func consume(anyOf symbols: Set<Character>) -> Character? {
        skipSpace()
        guard position < chars.count, symbols.contains(chars[position]) else { return nil }
        position += 1
        return chars[position - 1]
    }

    mutating func expect(_ symbol: Character) throws {
        guard consume(anyOf: [symbol]) != nil else { throw error("expected '\(symbol)'") }
    }

    mutating func expectEnd() throws {
        skipSpace()
        guard position == chars.count else { throw error("unexpected '\(chars[position])'") }
    }

    mutating func identifier() throws -> String {
        skipSpace()
        let start = position
        while position < chars.count,
            chars[position] == "_" || chars[position].isLetter
                || (position > start && chars[position].isNumber)
        {
            position += 1
        }
        guard position > start else {
            throw error(position < chars.count ? "unexpected '\(chars[position])'" : "expected a name")
        }
        return String(chars[start..<position])
    }

    mutating func operand() throws -> TemplateExpression.Operand {
        skipSpace()
        guard position < chars.count else { throw error("expected a variable, number or string") }
        let c = chars[position]
        if c == "'" || c == "\"" {
            position += 1
            let start = position
            while position < chars.count, chars[position] != c { position += 1 }
            guard position < chars.count else { throw error("unterminated string") }
            position += 1
            return .string(String(chars[start..<(position - 1)]))
        }
        if c.isASCII, c.isNumber {
            let start = position
            while position < chars.count, chars[position].isASCII, chars[position].isNumber { position += 1 }
            let digits = String(chars[start..<position])
            guard let value = IntegerLiteral.parse(digits, syntax: []) else {
                position = start
                throw error("\(digits) is too large for a whole number")
            }
            return .integer(value)
        }
        var parts: [TemplateExpression.PathPart] = [.key(try identifier())]
        while position < chars.count {
            if chars[position] == "." {
                position += 1
                parts.append(.key(try identifier()))
            } else if chars[position] == "[" {
                position += 1
                skipSpace()
                let start = position
                while position < chars.count, chars[position].isNumber { position += 1 }
                guard let index = Int(String(chars[start..<position])) else { throw error("expected a list index") }
                try expect("]")
                parts.append(.index(index))
            } else {
                break
            }
        }
        return .path(parts)
    }

    func error(_ message: String) -> TemplateExpression.SyntaxError {
        TemplateExpression.SyntaxError(message: message, offset: position)
    }
}
