import CFuzzDriver
import Foundation
import VirtFleetFuzzing

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        FuzzEntry.blocking(FuzzEntry.rawXMLTemplate, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    })
