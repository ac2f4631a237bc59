/// A position in an input file, 1-based, so every problem can be reported as `file:line:column`.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location for a whole file, when no finer position is known.
    public static func file(_ path: String) -> SourceLocation {
        SourceLocation(file: path, line: 1, column: 1)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

extension SourceLocation {
    /// `items` ordered by file, line and column of their location, located ones first; items at the
    /// same place (and unlocated ones) keep their order.
    static func sorted<T>(_ items: [T], by location: (T) -> SourceLocation?) -> [T] {
        items.enumerated().sorted { a, b in
            switch (location(a.element), location(b.element)) {
            case let (x?, y?):
                if x.file != y.file { return x.file < y.file }
                if x.line != y.line { return x.line < y.line }
                if x.column != y.column { return x.column < y.column }
                return a.offset < b.offset
            case (nil, _?): return false
            case (_?, nil): return true
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }
}
