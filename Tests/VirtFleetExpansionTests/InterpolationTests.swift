import Testing
import VirtFleetDiagnostics
import VirtFleetInventory
import VirtFleetTestSupport

@testable import VirtFleetExpansion

@Suite struct InterpolationTests {
    private let here = SourceLocation(file: "t.yaml", line: 3, column: 10)

    private var scope: Scope {
        var scope = Scope()
        scope.set("index", "7", at: here)
        scope.set("name", "Web", at: here)
        scope.set("disks", ConfigNode(.sequence([.scalar("a", at: here), .scalar("b", at: here)]), at: here))
        scope.set("net", ConfigNode(.mapping([ConfigEntry(key: "bridge", keyLocation: here, value: .scalar("br0", at: here))]), at: here))
        return scope
    }

    @Test(arguments: [
        ("{{ index }}", "7"),
        ("web-{{index|pad(3)}}", "web-007"),
        ("{{ 5900 + index }}", "5907"),
        ("{{ index - 2 + 10 }}", "15"),
        ("{{ name | upper }}-{{ name | lower }}", "WEB-web"),
        ("{{ missing | default('x') }}", "x"),
        ("{{ net.bridge }}", "br0"),
        ("{{ disks[1] }}", "b"),
        ("{{ disks | join(',') }}", "a,b"),
        ("{{ name | replace('W', 'w') }}", "web"),
        ("no braces", "no braces"),
    ])
    func expressionsEvaluate(template: String, expected: String) throws {
        #expect(try Interpolator.render(template, at: here, scope: scope) == expected)
    }

    @Test func undefinedVariableIsAnErrorAtItsColumn() {
        #expect {
            _ = try Interpolator.render("ab {{ nmae }}", at: here, scope: scope)
        } throws: { error in
            let d = error as! Diagnostic
            return d.location == SourceLocation(file: "t.yaml", line: 3, column: 13)
                && d.message == "undefined variable 'nmae'" && d.hint == "did you mean 'name'?"
        }
    }

    @Test func quotedScalarsShiftTheColumnByOne() {
        #expect {
            _ = try Interpolator.render("{{ x }}", at: here, quoted: true, scope: scope)
        } throws: { ($0 as! Diagnostic).location?.column == 11 }
    }

    @Test func multilineTextCountsLines() {
        #expect {
            _ = try Interpolator.render("a\nbc {{ x }}", at: SourceLocation(file: "r.xml", line: 1, column: 1), scope: scope)
        } throws: { ($0 as! Diagnostic).location == SourceLocation(file: "r.xml", line: 2, column: 4) }
    }

    @Test(arguments: ["{{ index", "{{ index +  }}", "{{ 'open }}", "{{ index | nosuch }}", "{{ net }}", "{{ name + 1 }}"])
    func badExpressionsAreErrors(template: String) {
        #expect(throws: Diagnostic.self) { try Interpolator.render(template, at: here, scope: scope) }
    }

    /// Numbers that do not fit are errors at the expression, never wrapped or read as 0.
    @Test(arguments: [
        ("{{ 99999999999999999999 }}", "bad expression '{{ 99999999999999999999 }}': 99999999999999999999 is too large for a whole number"),
        ("{{ index + 9223372036854775807 }}", "7 + 9223372036854775807 is out of the range of whole numbers"),
        ("{{ big + big }}", "9223372036854775807 + 9223372036854775807 is out of the range of whole numbers"),
        ("{{ 0 - big - 2 }}", "-9223372036854775807 - 2 is out of the range of whole numbers"),
        ("{{ small - 1 }}", "-9223372036854775808 - 1 is out of the range of whole numbers"),
        ("{{ １２ }}", "bad expression '{{ １２ }}': unexpected '１'"),
        ("{{ index + wide }}", "'１２' is not a number, so it cannot be added or subtracted"),
    ])
    func overflowingAndNonASCIINumbersAreLocatedErrors(template: String, message: String) {
        var scope = scope
        scope.set("big", "9223372036854775807", at: here)
        scope.set("small", "-9223372036854775808", at: here)
        scope.set("wide", "１２", at: here)
        #expect {
            _ = try Interpolator.render("x {{ 1 }} \(template)", at: here, scope: scope)
        } throws: { error in
            let d = error as! Diagnostic
            return d.location == SourceLocation(file: "t.yaml", line: 3, column: 20) && d.message == message
        }
    }

    @Test(arguments: [
        ("{{ big - 1 + 1 }}", "9223372036854775807"), ("{{ small + 1 - 1 }}", "-9223372036854775808"),
        ("{{ 9223372036854775807 }}", "9223372036854775807"),
    ])
    func sumsAtTheEdgesOfTheRangeEvaluate(template: String, expected: String) throws {
        var scope = scope
        scope.set("big", "9223372036854775807", at: here)
        scope.set("small", "-9223372036854775808", at: here)
        #expect(try Interpolator.render(template, at: here, scope: scope) == expected)
    }

    @Test func xmlEscapeCoversAllFiveCharacters() {
        #expect(XMLEscape.escape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
    }
}
