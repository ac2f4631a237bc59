import Testing
import VirtFleetDiagnostics

@testable import VirtFleetInventory

/// The alias count that runs before Yams resolves any alias (YAMLWeight): it composes the text with
/// `*` replaced by a placeholder, so `*` in ordinary text must stay ordinary, and every alias must
/// still be counted. The bombs here are just over the limit, so a regression costs seconds, not hours.
@Suite struct YAMLWeightTests {
    /// `vars:` with anchors a0…a`levels`, each a list of nine aliases of the one before.
    static func bomb(levels: Int, then extra: String = "") -> String {
        var lines = ["vars:", "  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for i in 1...levels { lines.append("  a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        return (lines + [extra]).joined(separator: "\n")
    }

    func problem(_ text: String) -> String? {
        do {
            _ = try YAMLFile.parse(text, file: "t.yaml")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func anAsteriskInOrdinaryTextStaysText() throws {
        let text = """
            # a *comment
            vars:
              quoted: "*not an alias"
              single: '*'
              plain: a*b
              glob: "*.example.org"
              block: |
                *literal
            """
        let root = try YAMLFile.parse(text, file: "t.yaml")
        let vars = try #require(root["vars"])
        #expect(vars["quoted"]?.scalar == "*not an alias")
        #expect(vars["single"]?.scalar == "*")
        #expect(vars["plain"]?.scalar == "a*b")
        #expect(vars["glob"]?.scalar == "*.example.org")
        #expect(vars["block"]?.scalar == "*literal")
    }

    @Test func aliasesStillResolve() throws {
        let root = try YAMLFile.parse("vars:\n  base: &b { mem: 64MiB }\n  copy: *b\n  list: [*b, *b]\n", file: "t.yaml")
        #expect(root["vars"]?["copy"]?["mem"]?.scalar == "64MiB")
        #expect(root["vars"]?["list"]?.items?.count == 2)
    }

    @Test func anAliasBombIsStoppedWhereItCrossesTheLimit() {
        // a5 is about 600,000 values: the second use of it in a6 crosses 1,000,000.
        #expect(
            problem(Self.bomb(levels: 6))?.hasPrefix("t.yaml:8:12: YAML document has more than 1000000 values (aliases expanded)") == true)
    }

    @Test func aliasesAreCountedWhenTheTextHoldsEveryPlaceholder() {
        let text = Self.bomb(levels: 6, then: "note: \"~=+$;()\"")
        #expect(problem(text)?.contains("YAML document has more than 1000000 values") == true)
    }

    @Test func aBombUsedTwiceAsAKeyIsADuplicateKeyNotAHang() {
        let text = Self.bomb(levels: 5, then: "  k: { ? *a5 : 1, ? *a5 : 2 }")
        #expect(problem(text)?.contains("duplicate key '*a5' in this mapping") == true, "\(problem(text) ?? "no problem")")
    }

    @Test func aDeepAliasChainIsStoppedAtTheDepthLimit() {
        var lines = ["vars:", "  c0: &c0 x"]
        for i in 1..<100 { lines.append("  c\(i): &c\(i) [*c\(i - 1)]") }
        #expect(problem(lines.joined(separator: "\n"))?.hasPrefix("t.yaml:64:14: YAML value nested more than 64 levels deep") == true)
    }

    @Test func anUndefinedAliasIsYamlsSyntaxError() {
        #expect(problem("hosts: *nothing\n")?.hasPrefix("t.yaml:1:8: YAML syntax error") == true)
    }
}
