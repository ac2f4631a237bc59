import Foundation
import VirtFleetApply

/// One line per finished action: which host, which guest, how many done of how many.
struct LineProgress: ApplyProgress {
    func report(_ event: ApplyEvent) {
        let counter = "[\(event.done)/\(event.total)]"
        switch event.kind {
        case .started:
            return
        case .succeeded:
            Output.line("\(counter) \(event.host) \(event.guest): \(event.step) ok")
        case .failed(let message):
            Output.line("\(counter) \(event.host) \(event.guest): \(event.step) FAILED: \(message.oneLine)")
        }
    }
}
