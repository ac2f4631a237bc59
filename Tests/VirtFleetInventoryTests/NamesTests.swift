import Testing
import VirtFleetDiagnostics

@testable import VirtFleetInventory

/// The one name rule, with the guest differences spelled out: the accepted and rejected sets
/// for fleet/host/group names and for guest names are those each check had before they merged.
@Suite struct NamesTests {
    private let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    @Test(arguments: [
        ("kvm01", true, true), ("web.example-1_a", true, true), ("A", true, true),
        ("-lead", true, false), ("a+b", false, true), (String(repeating: "a", count: 200), true, true),
        (String(repeating: "a", count: 201), false, false), ("", false, false), (".hidden", false, false),
        ("a/b", false, false), ("a b", false, false), ("é", false, false), ("ａ", false, false), ("a:b", false, false),
        ("+x", false, true), ("x-", true, true), ("x.", true, true),
    ])
    func inventoryAndGuestNames(name: String, inventory: Bool, guest: Bool) {
        #expect(Names.Rule.inventory.accepts(name) == inventory)
        #expect(Names.Rule.guest.accepts(name) == guest)
    }

    @Test func errorsNameWhatAndHowToFixIt() {
        #expect {
            try Names.check("a+b", what: "host", at: here)
        } throws: { error in
            let d = error as! Diagnostic
            return d.message == "'a+b' is not a valid host name" && d.hint == "use letters, digits, '.', '_' and '-'"
        }
        #expect {
            try Names.check("-a", what: "guest", at: here, rule: .guest)
        } throws: { error in
            let d = error as! Diagnostic
            return d.message == "'-a' is not a valid guest name"
                && d.hint == "use letters, digits, '.', '_', '+' and '-', not starting with '.' or '-'"
        }
    }
}
