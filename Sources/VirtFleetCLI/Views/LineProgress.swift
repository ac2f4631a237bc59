import Foundation
import VirtFleetApply
import VirtFleetPlan

/// Apply's progress: a line per finished step (which host, which guest or resource, how many done
/// of how many). On a terminal a status line also shows what is running now, overwritten as it
/// goes; an upload's status line is a bar with bytes, rate and time left. Without a terminal an
/// upload prints a line at each quarter instead. The clock is the command's (tests fix it). The
/// first failed write is kept, and `check()` reports it once apply is over.
final class LineProgress: ApplyProgress, @unchecked Sendable {
    private let output: any TextOutput
    private let terminal: Bool
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var writeError: OutputError?
    /// Per running step: when it started, and the last quarter printed (no terminal).
    private var started: [String: Date] = [:]
    private var quarters: [String: Int] = [:]

    init(output: any TextOutput, terminal: Bool, now: @escaping @Sendable () -> Date = { Date() }) {
        self.output = output
        self.terminal = terminal
        self.now = now
    }

    func report(_ event: ApplyEvent) {
        let counter = "[\(event.done)/\(event.total)]"
        let subject = "\(Printable.text(event.host)) \(Self.subject(event))"
        let clear = terminal ? "\r\u{1B}[K" : ""
        let step = event.step.rawValue
        let key = "\(event.host)\u{0}\(event.resource?.rawValue ?? "")\u{0}\(event.guest)\u{0}\(step)"
        let text: String?
        switch event.kind {
        case .started:
            lock.withLock { started[key] = now() }
            text = terminal ? "\(clear)\(counter) \(subject): \(step) …" : nil
        case .progress(let sent, let total):
            text = progressText(key: key, prefix: "\(counter) \(subject): \(step)", sent: sent, total: total)
        case .succeeded:
            forget(key)
            text = "\(clear)\(counter) \(subject): \(step) ok\n"
        case .failed(let failure):
            forget(key)
            text = "\(clear)\(counter) \(subject): \(step) FAILED: \(Printable.line(ApplyWording.failure(failure)))\n"
        }
        guard let text else { return }
        lock.withLock {
            do throws(OutputError) {
                try output.write(text)
            } catch {
                writeError = writeError ?? error
            }
        }
    }

    /// `web-01`, or `image debian12`, `volume vf/web-01-root.qcow2` for resources.
    static func subject(_ event: ApplyEvent) -> String {
        let name = Printable.text(event.guest)
        return event.resource.map { "\($0.rawValue) \(name)" } ?? name
    }

    private func forget(_ key: String) {
        lock.withLock {
            started[key] = nil
            quarters[key] = nil
        }
    }

    /// On a terminal, the bar (overwritten); otherwise a line when a new quarter is reached.
    private func progressText(key: String, prefix: String, sent: UInt64, total: UInt64) -> String? {
        let fraction = total == 0 ? 1 : min(1, Double(sent) / Double(total))
        let amounts = "\(ResourceWording.bytes(sent)) of \(ResourceWording.bytes(total))"
        guard terminal else {
            let quarter = Int(fraction * 4)
            let print = lock.withLock { () -> Bool in
                guard quarter > quarters[key, default: 0], quarter < 4 else { return false }
                quarters[key] = quarter
                return true
            }
            return print ? "\(prefix) \(amounts) (\(quarter * 25)%)\n" : nil
        }
        let begin = lock.withLock { started[key] } ?? now()
        let elapsed = now().timeIntervalSince(begin)
        let filled = Int(fraction * 20)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
        var text = "\r\u{1B}[K\(prefix) [\(bar)] \(Int(fraction * 100))% \(amounts)"
        if elapsed > 0, sent > 0 {
            let rate = Double(sent) / elapsed
            text += " \(ResourceWording.bytes(UInt64(rate)))/s"
            if sent < total { text += " ETA \(Self.duration(Double(total - sent) / rate))" }
        }
        return text
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    func check() throws(OutputError) {
        if let error = lock.withLock({ writeError }) { throw error }
    }
}
