import Foundation
import VirtFleetDiagnostics
import VirtFleetInventory

/// Evaluates a `TemplateExpression` in a `Scope` to text.
struct ExpressionEvaluator {
    let scope: Scope

    enum Value {
        case text(String)
        case node(ConfigNode)
        case undefined(String)
    }

    struct EvaluationError: Error {
        var message: String
        var hint: String?
    }

    func evaluate(_ expression: TemplateExpression) throws -> String {
        var value = resolve(expression.first)
        if !expression.rest.isEmpty {
            var total = try integer(value)
            for (sign, operand) in expression.rest {
                let term = try integer(resolve(operand))
                let (sum, overflow) = sign < 0 ? total.subtractingReportingOverflow(term) : total.addingReportingOverflow(term)
                guard !overflow else {
                    throw EvaluationError(message: "\(total) \(sign < 0 ? "-" : "+") \(term) is out of the range of whole numbers")
                }
                total = sum
            }
            value = .text(String(total))
        }
        for filter in expression.filters {
            value = try apply(filter, to: value)
            if case .text(let s) = value, s.utf8.count > InputLimits.interpolatedLength {
                throw EvaluationError(
                    message: "filter '\(filter.name)' makes a value longer than the \(InputLimits.interpolatedLength) characters allowed",
                    hint: "check for replace() or join() chains that multiply a value")
            }
        }
        return try text(value)
    }

    private func resolve(_ operand: TemplateExpression.Operand) -> Value {
        switch operand {
        case .integer(let n): return .text(String(n))
        case .string(let s): return .text(s)
        case .path(let parts):
            guard case .key(let first) = parts[0], var node = scope[first] else {
                if case .key(let first) = parts[0] { return .undefined(first) }
                return .undefined("?")
            }
            var name = first
            for part in parts.dropFirst() {
                switch part {
                case .key(let key):
                    name += ".\(key)"
                    guard let child = node[key] else { return .undefined(name) }
                    node = child
                case .index(let index):
                    name += "[\(index)]"
                    guard let items = node.items, items.indices.contains(index) else { return .undefined(name) }
                    node = items[index]
                }
            }
            return .node(node)
        }
    }

    private func text(_ value: Value) throws -> String {
        switch value {
        case .text(let s): return s
        case .undefined(let name):
            let root = String(name.prefix { $0 != "." && $0 != "[" })
            let hint = name == root ? Suggestion.closest(to: name, in: scope.values.keys).map { "did you mean '\($0)'?" } : nil
            throw EvaluationError(
                message: "undefined variable '\(name)'",
                hint: hint ?? "define it in vars, or give a fallback with '| default(…)'")
        case .node(let node):
            if let scalar = node.scalar { return scalar }
            if node.isNull { return "" }
            throw EvaluationError(
                message: "variable is \(node.kindName), not a value that can be inserted as text",
                hint: node.items != nil ? "pick an item with [N] or use '| join(\",\")'" : "pick a key with '.key'")
        }
    }

    private func integer(_ value: Value, for use: String = "added or subtracted") throws -> Int {
        let s = try text(value)
        guard let n = IntegerLiteral.parse(s) else {
            throw EvaluationError(message: "'\(s)' is not a number, so it cannot be \(use)")
        }
        return n
    }

    private func apply(_ filter: TemplateExpression.Filter, to value: Value) throws -> Value {
        let args = filter.arguments.map(resolve)
        func requireArgs(_ n: Int) throws {
            guard args.count == n else {
                throw EvaluationError(message: "filter '\(filter.name)' takes \(n) argument\(n == 1 ? "" : "s"), got \(args.count)")
            }
        }
        switch filter.name {
        case "default":
            try requireArgs(1)
            if case .undefined = value { return args[0] }
            return value
        case "upper":
            try requireArgs(0)
            return .text(try text(value).uppercased())
        case "lower":
            try requireArgs(0)
            return .text(try text(value).lowercased())
        case "pad":
            try requireArgs(1)
            let width = try integer(args[0], for: "used as a width")
            guard (0...InputLimits.padWidth).contains(width) else {
                throw EvaluationError(
                    message: "pad width must be between 0 and \(InputLimits.padWidth), not \(width)",
                    hint: "pad(3) writes 7 as 007")
            }
            let digits = String(try integer(value, for: "padded with zeros"))
            return .text(String(repeating: "0", count: max(0, width - digits.count)) + digits)
        case "replace":
            try requireArgs(2)
            let input = try text(value)
            let target = try text(args[0])
            let replacement = try text(args[1])
            guard !target.isEmpty else { return .text(input) }
            // Sized before it is built: ten chained replace() calls could otherwise grow a value
            // exponentially.
            let parts = input.components(separatedBy: target)
            let size = input.utf8.count + (parts.count - 1) * (replacement.utf8.count - target.utf8.count)
            guard size <= InputLimits.interpolatedLength else {
                throw EvaluationError(
                    message: "replace() would make a value of \(size) characters, more than the \(InputLimits.interpolatedLength) allowed",
                    hint: "check for replace() chains that multiply a value")
            }
            return .text(parts.joined(separator: replacement))
        case "yaml":
            // A double-quoted YAML scalar: inserted into a cloud-init document, always one string.
            try requireArgs(0)
            return .text(YAMLText.doubleQuoted(try text(value)))
        case "join":
            try requireArgs(1)
            guard case .node(let node) = value, let items = node.items else { return value }
            let separator = try text(args[0])
            var joined = ""
            for (offset, item) in items.enumerated() {
                if offset > 0 { joined += separator }
                joined += try text(.node(item))
                guard joined.utf8.count <= InputLimits.interpolatedLength else {
                    throw EvaluationError(
                        message: "join() makes a value longer than the \(InputLimits.interpolatedLength) characters allowed",
                        hint: "join fewer items, or a shorter separator")
                }
            }
            return .text(joined)
        default:
            throw EvaluationError(
                message: "unknown filter '\(filter.name)'",
                hint: Suggestion.hint(for: filter.name, in: ["default", "upper", "lower", "pad", "replace", "join", "yaml"]))
        }
    }
}
