import Foundation

/// Unbuffered standard output, so plan, prompts and progress lines keep their order when piped.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func line(_ text: String) {
        write(text + "\n")
    }
}
