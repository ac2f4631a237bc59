import Testing
import VirtFleetDiagnostics

/// The one integer reader (in VirtFleetDiagnostics), as inventories, templates and profiles use it.
@Suite struct IntegerLiteralTests {
    @Test(arguments: [
        ("42", 42), ("+42", 42), ("-3", -3), ("007", 7), (" 12\t", 12), ("0x1F", 31), ("-0x10", -16),
        ("0X1f", 31), ("0o17", 15), ("0b101", 5), ("0B11", 3), ("0", 0), ("-0", 0),
        ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min), ("0x7fffffffffffffff", Int.max),
    ])
    func writtenNumbersAreRead(text: String, value: Int) {
        #expect(IntegerLiteral.parse(text) == value)
    }

    @Test(arguments: [
        "", " ", "+", "-", "0x", "0o", "0b", "1_000", "12a", "0x1g", "0o8", "0b2", "1 2", "- 3",
        "--3", "+-3", "-+3", "++3", "0x-5", "0x+5", "3-",
        "１２", "٣", "0x１", "½",
        "9223372036854775808", "-9223372036854775809", "0x8000000000000000", "99999999999999999999999",
    ])
    func everythingElseIsRejected(text: String) {
        #expect(IntegerLiteral.parse(text) == nil)
    }

    @Test(arguments: [("017", 15), ("0755", 493), ("00", 0), ("0", 0), ("0x1f", 31), ("0b11", 3), ("42", 42)])
    func leadingZeroOctal(text: String, value: Int) {
        #expect(IntegerLiteral.parse(text, leadingZeroOctal: true) == value)
    }

    @Test(arguments: ["089", "08", "0777777777777777777777777"])
    func badLeadingZeroOctalIsRejected(text: String) {
        #expect(IntegerLiteral.parse(text, leadingZeroOctal: true) == nil)
    }

    @Test(arguments: [("4660", 4660), ("0137357", 0xbeef), ("0x1234", 0x1234), ("0XBEEF", 0xbeef), ("+12", 12), ("0", 0)])
    func domainFormatNumbers(text: String, value: Int) {
        #expect(IntegerLiteral.parse(text, syntax: .domainFormat) == value)
    }

    @Test(arguments: ["0o17", "0b101", " 12", "12 ", "--12", "0x+1", "0+17", "08", "１２"])
    func domainFormatRejects(text: String) {
        #expect(IntegerLiteral.parse(text, syntax: .domainFormat) == nil)
    }

    @Test(arguments: [("123", 123), ("007", 7)])
    func plainDigits(text: String, value: Int) {
        #expect(IntegerLiteral.parse(text, syntax: []) == value)
    }

    @Test(arguments: ["+1", "-1", "0x1", " 1", "", "１"])
    func plainDigitsRejectEverythingElse(text: String) {
        #expect(IntegerLiteral.parse(text, syntax: []) == nil)
    }
}
