import Foundation

/// The one JSON setup for everything virtfleet writes: sorted keys and pretty printing, so
/// pipelines can diff it; views use snake_case keys (docs/json.md), plan files Swift's names.
enum JSONOutput {
    static func encoder(snakeCase: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return encoder
    }

    /// A view document as text. The documents are plain structs of strings, numbers and
    /// optionals, which always encode.
    static func text<T: Encodable>(_ document: T, snakeCase: Bool = true) -> String {
        let data = (try? encoder(snakeCase: snakeCase).encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
