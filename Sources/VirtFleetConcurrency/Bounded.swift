/// Structured concurrency with an explicit bound, keeping input order.
public enum Bounded {
    /// Runs `body` for every item with at most `width` running at once (a width below 1 counts
    /// as 1) and returns the non-nil results in the items' order. The first error cancels the
    /// rest and is thrown once they have ended; with `Failure == Never` nothing is thrown.
    public static func compactMap<T: Sendable, R: Sendable, Failure: Error>(
        _ items: [T], width: Int, _ body: @escaping @Sendable (T) async throws(Failure) -> R?
    ) async throws(Failure) -> [R] {
        let width = max(1, width)
        let outcome = await withTaskGroup(of: (Int, Result<R?, Failure>).self) { group -> Result<[R], Failure> in
            var results = [R?](repeating: nil, count: items.count)
            var next = 0
            func addNext() {
                let index = next
                let item = items[index]
                next += 1
                group.addTask {
                    do throws(Failure) {
                        return (index, .success(try await body(item)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            while next < min(width, items.count) { addNext() }
            while let (index, result) = await group.next() {
                switch result {
                case .success(let value):
                    results[index] = value
                case .failure(let error):
                    group.cancelAll()
                    return .failure(error)
                }
                if next < items.count { addNext() }
            }
            return .success(results.compactMap { $0 })
        }
        return try outcome.get()
    }

    public static func map<T: Sendable, R: Sendable>(_ items: [T], width: Int, _ body: @escaping @Sendable (T) async -> R) async -> [R] {
        await compactMap(items, width: width) { (item: T) async throws(Never) -> R? in await body(item) }
    }

    public static func forEach<T: Sendable>(_ items: [T], width: Int, _ body: @escaping @Sendable (T) async -> Void) async {
        _ = await map(items, width: width, body)
    }
}
