import Foundation

exit(await CouncilctlMain.run(Array(CommandLine.arguments.dropFirst())))
