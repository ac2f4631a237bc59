/// Counts finished actions across hosts and forwards events with "done of total".
actor ProgressCounter {
    private let sink: any ApplyProgress
    private let total: Int
    private var done = 0

    init(sink: any ApplyProgress, total: Int) {
        self.sink = sink
        self.total = total
    }

    func started(_ host: String, _ guest: String, _ step: String) {
        sink.report(ApplyEvent(host: host, guest: guest, step: step, kind: .started, done: done, total: total))
    }

    func finished(_ host: String, _ guest: String, _ step: String, error: String?) {
        done += 1
        sink.report(ApplyEvent(host: host, guest: guest, step: step, kind: error.map { .failed($0) } ?? .succeeded,
                               done: done, total: total))
    }
}
