/// Something in the user's input worth fixing that does not stop the run: where it is, what
/// virtfleet noticed (or did about it), and what to do.
///
/// Warnings travel beside a stage's result, never as errors: the command line prints each once on
/// standard error, in the same one-line form as a `Diagnostic` with `warning: ` in front, and the
/// exit code stays what the run itself decides.
public struct Warning: Hashable, Sendable, CustomStringConvertible {
    /// Where, what and what to do: the same parts as an error's.
    public var problem: Diagnostic

    public init(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        problem = Diagnostic(message, at: location, hint: hint)
    }

    public var location: SourceLocation? { problem.location }
    public var message: String { problem.message }
    public var hint: String? { problem.hint }

    /// `warning: file:line:column: message — hint`, on one line, shortened and folded as a
    /// `Diagnostic` is.
    public var description: String { "warning: " + problem.description }

    /// Warnings ordered by file, line and column; duplicates removed, so each prints once.
    public static func sorted(_ warnings: [Warning]) -> [Warning] {
        var seen = Set<Warning>()
        let unique = warnings.filter { seen.insert($0).inserted }
        return SourceLocation.sorted(unique, by: \.location)
    }
}
