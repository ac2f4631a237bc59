import Foundation
import Testing

@testable import VirtFleetSSH

/// Shell quoting for remote command lines and ProxyCommand; no testbed needed.
@Suite struct ShellQuoteTests {
    @Test(arguments: [
        ("plain", "plain"), ("qemu:///system", "qemu:///system"), ("a.b_c-d=e@f:g,h/i", "a.b_c-d=e@f:g,h/i"),
        ("", "''"), ("two words", "'two words'"), ("it's", #"'it'\''s'"#), ("''", #"''\'''\'''"#),
        ("$HOME", "'$HOME'"), ("`id`", "'`id`'"), ("$(id)", "'$(id)'"), ("a\nb", "'a\nb'"), ("tab\there", "'tab\there'"),
        ("a;b", "'a;b'"), ("a|b", "'a|b'"), ("a&b", "'a&b'"), ("*", "'*'"), ("~", "'~'"), ("a\\b", "'a\\b'"),
        ("qemu+ssh://h/system", "'qemu+ssh://h/system'"), ("é", "'é'"), ("１", "'１'"), ("[%h]:%p", "'[%h]:%p'"),
    ])
    func wordsAreQuotedOnlyWhenNeeded(word: String, quoted: String) {
        #expect(ShellQuote.quote(word) == quoted)
    }

    /// Whatever the word, /bin/sh reads the quoted form back as exactly that one word.
    @Test(arguments: ["", "two words", "it's", "''", "$HOME", "`id`", "$(echo x)", "a\nb\n", "\"q\"", "a\\b", "*", "-n", "é ü"])
    func theShellReadsTheWordBack(word: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf '%s|' " + ShellQuote.quote(word)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == word + "|")
    }

    @Test func proxyJumpQuotesItsWords() {
        let command = ProxyJumpCommand(jumps: "alice@jump1, bob@jump2:2222", configFile: "/tmp/my config").command
        #expect(command == "ssh -o BatchMode=yes -F '/tmp/my config' -J alice@jump1 -W '[%h]:%p' ssh://bob@jump2:2222")
    }
}
