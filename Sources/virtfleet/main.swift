import Foundation
import VirtFleetCLI

// The same path the in-process tests take: parse, run against the real context, exit with the code.
exit(await VirtFleet.run(arguments: Array(CommandLine.arguments.dropFirst()), context: .standard()))
