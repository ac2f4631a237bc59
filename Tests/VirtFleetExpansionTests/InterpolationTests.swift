import Testing
import VirtFleetDiagnostics
@testable import VirtFleetExpansion
import VirtFleetInventory
import VirtFleetTestSupport

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

    @Test func xmlEscapeCoversAllFiveCharacters() {
        #expect(XMLEscape.escape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
    }
}
