import Testing
import VirtFleetConcurrency

/// The one bounded, order-keeping task group behind apply, observation and libvirt's pipelined calls.
@Suite struct BoundedTests {
    actor Gauge {
        private(set) var running = 0
        private(set) var most = 0
        private(set) var started: [Int] = []
        func enter(_ item: Int) {
            running += 1
            most = max(most, running)
            started.append(item)
        }
        func leave() { running -= 1 }
    }

    struct Failure: Error, Equatable { var item: Int }

    @Test(arguments: [1, 3, 100])
    func mapKeepsOrderAndTheBound(width: Int) async {
        let gauge = Gauge()
        let items = Array(0..<20)
        let doubled = await Bounded.map(items, width: width) { item in
            await gauge.enter(item)
            try? await Task.sleep(for: .milliseconds((item * 7) % 5))
            await gauge.leave()
            return item * 2
        }
        #expect(doubled == items.map { $0 * 2 })
        #expect(await gauge.most <= width)
        #expect(await gauge.most >= 1)
    }

    @Test func compactMapDropsNilsAndKeepsOptionalResultsOfMap() async throws {
        let evens = try await Bounded.compactMap(Array(0..<10), width: 4) { (item: Int) async throws -> Int? in
            item.isMultiple(of: 2) ? item : nil
        }
        #expect(evens == [0, 2, 4, 6, 8])
        let optionals = await Bounded.map([1, 2, 3], width: 2) { (item: Int) -> Int? in item == 2 ? nil : item }
        #expect(optionals == [1, nil, 3])
    }

    @Test func theFirstErrorIsThrownAndNothingAfterItStarts() async {
        let gauge = Gauge()
        await #expect(throws: Failure(item: 3)) {
            _ = try await Bounded.compactMap(Array(0..<10), width: 1) { (item: Int) async throws -> Int? in
                await gauge.enter(item)
                if item == 3 { throw Failure(item: 3) }
                return item
            }
        }
        #expect(await gauge.started == [0, 1, 2, 3])
    }

    @Test func aWidthBelowOneStillRunsEveryItem() async {
        #expect(await Bounded.map([1, 2, 3], width: 0) { $0 } == [1, 2, 3])
        await Bounded.forEach([Int](), width: 2) { _ in Issue.record("nothing to run") }
    }
}
