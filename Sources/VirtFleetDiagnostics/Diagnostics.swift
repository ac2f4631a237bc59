/// Collects problems while a stage keeps going, so one run reports every problem it can find.
///
/// Not thread-safe by design: each stage owns its collector and hands the result up.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public var isEmpty: Bool { all.isEmpty }

    public mutating func report(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    public mutating func report(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        all.append(Diagnostic(message, at: location, hint: hint))
    }

    public mutating func append(contentsOf other: Diagnostics) {
        all.append(contentsOf: other.all)
    }

    /// Runs `body`, turning a thrown `Diagnostic` or `DiagnosticList` into reported problems.
    /// Returns nil when `body` threw.
    @discardableResult
    public mutating func capture<T>(_ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let diagnostic as Diagnostic {
            report(diagnostic)
        } catch let list as DiagnosticList {
            all.append(contentsOf: list.diagnostics)
        } catch {
            report(String(describing: error), at: nil)
        }
        return nil
    }

    /// Throws every collected problem, sorted by place, when there is any.
    public func check() throws {
        guard !all.isEmpty else { return }
        throw DiagnosticList(sorted())
    }

    /// Problems ordered by file, line and column; duplicates removed.
    public func sorted() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = all.filter { seen.insert($0).inserted }
        return SourceLocation.sorted(unique, by: \.location)
    }
}
