import ArbiterCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(await ArbiterCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
