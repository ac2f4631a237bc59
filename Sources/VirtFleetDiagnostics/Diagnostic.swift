/// One problem found in the user's input: where it is, what is wrong, and what to do.
///
/// Deep code throws or collects these; only the command line prints them, one line each.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String
    public var hint: String?

    public init(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: message — hint`, on one line.
    public var description: String {
        var text = message.shorteningQuotes()
        if let hint { text += " — \(hint.shorteningQuotes())" }
        text = text.replacingNewlines()
        guard let location else { return text }
        return "\(location): \(text)"
    }
}

/// Several problems at once, so that `validate` can report all of them in one run.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension String {
    /// Values quoted in a message ('…') are cut to their first 60 characters when longer than 100,
    /// so a 100,000-character name still gives a one-line, readable problem.
    fileprivate func shorteningQuotes() -> String {
        guard utf8.count > 100 else { return self }
        let parts = split(separator: "'", omittingEmptySubsequences: false)
        return parts.enumerated().map { index, part in
            guard index % 2 == 1, index < parts.count - 1, part.count > 100 else { return String(part) }
            return "\(part.prefix(60))… (\(part.count) characters)"
        }.joined(separator: "'")
    }

    fileprivate func replacingNewlines() -> String {
        guard contains(where: \.isNewline) else { return self }
        return split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
