import Foundation
import Logging
import VirtFleetApply

/// `--verbose`: swift-log messages as one stderr line each, `virtfleet: HOST: PHASE 12.3 ms`,
/// through the command's error stream (so tests capture them like everything else).
struct ErrorStreamLogHandler: LogHandler {
    let errors: any TextOutput
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let host = event.metadata?["host"].map { "\(Printable.line("\($0)")): " } ?? ""
        try? errors.line("virtfleet: \(host)\(Printable.line("\(event.message)"))")
    }
}

extension CommandContext {
    /// The logger `--verbose` writes phase timings to; nil without it.
    func phaseLogger(verbose: Bool) -> Logger? {
        guard verbose else { return nil }
        let errors = self.errors
        return Logger(label: "virtfleet") { _ in ErrorStreamLogHandler(errors: errors) }
    }
}

/// Apply's progress, with the time each step took logged (`--verbose`), passed on to `inner`.
final class TimedProgress: ApplyProgress, @unchecked Sendable {
    private let inner: any ApplyProgress
    private let logger: Logger
    private let lock = NSLock()
    private var started: [String: ContinuousClock.Instant] = [:]

    init(_ inner: any ApplyProgress, logger: Logger) {
        self.inner = inner
        self.logger = logger
    }

    func report(_ event: ApplyEvent) {
        // An upload's progress is not the end of its step.
        if case .progress = event.kind { return inner.report(event) }
        let key = "\(event.host)\u{0}\(event.guest)\u{0}\(event.step.rawValue)"
        let now = ContinuousClock.now
        let began: ContinuousClock.Instant? = lock.withLock {
            if case .started = event.kind {
                started[key] = now
                return nil
            }
            return started.removeValue(forKey: key)
        }
        if let began {
            let elapsed = now - began
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            let outcome = if case .failed = event.kind { " (failed)" } else { "" }
            logger.info(
                "\(event.step.rawValue) \(event.guest) \(String(format: "%.1f", milliseconds)) ms\(outcome)",
                metadata: ["host": "\(event.host)"])
        }
        inner.report(event)
    }
}
