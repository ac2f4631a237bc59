import Foundation
import VirtFleetApply

/// Apply's progress: a line per finished step (which host, which guest, how many done of how
/// many). On a terminal a status line also shows what is running now, overwritten as it goes.
/// The first failed write is kept, and `check()` reports it once apply is over.
final class LineProgress: ApplyProgress, @unchecked Sendable {
    private let output: any TextOutput
    private let terminal: Bool
    private let lock = NSLock()
    private var writeError: OutputError?

    init(output: any TextOutput, terminal: Bool) {
        self.output = output
        self.terminal = terminal
    }

    func report(_ event: ApplyEvent) {
        let counter = "[\(event.done)/\(event.total)]"
        let host = Printable.text(event.host)
        let guest = Printable.text(event.guest)
        let clear = terminal ? "\r\u{1B}[K" : ""
        let step = event.step.rawValue
        let text: String
        switch event.kind {
        case .started:
            guard terminal else { return }
            text = "\(clear)\(counter) \(host) \(guest): \(step) …"
        case .succeeded:
            text = "\(clear)\(counter) \(host) \(guest): \(step) ok\n"
        case .failed(let failure):
            text = "\(clear)\(counter) \(host) \(guest): \(step) FAILED: \(Printable.line(ApplyWording.failure(failure)))\n"
        }
        lock.withLock {
            do throws(OutputError) {
                try output.write(text)
            } catch {
                writeError = writeError ?? error
            }
        }
    }

    func check() throws(OutputError) {
        if let error = lock.withLock({ writeError }) { throw error }
    }
}
