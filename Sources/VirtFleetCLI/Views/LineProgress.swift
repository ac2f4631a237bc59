import VirtFleetApply

/// Apply's progress: a line per finished action (which host, which guest, how many done of how
/// many). On a terminal a status line also shows what is running now, overwritten as it goes.
struct LineProgress: ApplyProgress {
    var terminal: Bool

    func report(_ event: ApplyEvent) {
        let counter = "[\(event.done)/\(event.total)]"
        let clear = terminal ? "\r\u{1B}[K" : ""
        switch event.kind {
        case .started:
            guard terminal else { return }
            Output.write("\(clear)\(counter) \(event.host) \(event.guest): \(event.step) …")
        case .succeeded:
            Output.line("\(clear)\(counter) \(event.host) \(event.guest): \(event.step) ok")
        case .failed(let message):
            Output.line("\(clear)\(counter) \(event.host) \(event.guest): \(event.step) FAILED: \(message.oneLine)")
        }
    }
}
