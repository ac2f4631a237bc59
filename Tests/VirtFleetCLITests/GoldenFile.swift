import Foundation
import Testing

/// A golden file: output compared byte for byte with a checked-in file. With
/// `VIRTFLEET_UPDATE_GOLDEN=1` (what `scripts/update-golden` sets) the file is re-recorded and the
/// test FAILS ("re-recorded, review the diff"), so a recording run can never pass.
enum GoldenFile {
    static let updating = ProcessInfo.processInfo.environment["VIRTFLEET_UPDATE_GOLDEN"] == "1"

    static func check(_ text: String, against file: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let golden = try? String(contentsOf: file, encoding: .utf8)
        let name = file.lastPathComponent
        if updating {
            if golden == text {
                Issue.record(
                    "VIRTFLEET_UPDATE_GOLDEN=1: \(name) unchanged; run the tests without it to check", sourceLocation: sourceLocation)
            } else {
                try Data(text.utf8).write(to: file)
                Issue.record(
                    "VIRTFLEET_UPDATE_GOLDEN=1: re-recorded \(name), review the diff (git diff \(file.path))",
                    sourceLocation: sourceLocation)
            }
            return
        }
        let expected = try #require(
            golden, "\(name) is missing: run scripts/update-golden and review the result", sourceLocation: sourceLocation)
        #expect(text == expected, sourceLocation: sourceLocation)
    }
}
