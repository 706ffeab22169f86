import ArgumentParser
import CouncilClient
import CouncilAPI
import CouncilKit

/// The operator's and hall staff's command line for councild.
struct Councilctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "councilctl",
        abstract: "Work the council on councild by hand: cases through the five-step loop, meetings, linkage, scorecards and the annual assessment.",
        discussion: """
            CONNECTING
              --server HOST:PORT, --system and --key go before or after the
              subcommand, or come from COUNCIL_SERVER, COUNCIL_SYSTEM and
              COUNCIL_KEY (COUNCIL_USER for --acting-user).
              Defaults: 127.0.0.1:7420 and hall-staff. `councild --demo`
              prints development keys: --key demo-hall-staff

            CASES AND TIMES
              Name a case by its number (QX05-20261129-0001), its id, or
              SYSTEM/REF (the sending system's external reference).
              Times print in UTC+8; a midnight prints as 24:00 of the day
              it ends (a due time of 2026-12-21 24:00 leaves all of the
              21st), and JSON keeps ISO 8601 (2026-12-22T00:00:00+08:00).
              Options take 2026-12-01, '2026-12-01 18:00', '2026-12-01
              24:00', now, or +3d / +12h from now. Calendar days (--from,
              --through, --on) take 2026-12-01, today, yesterday or
              -7d / +2w; periods include both ends and default to the
              current month so far. Today and now are councild's
              (get_server_info), not this machine's clock.

            OPTION NAMES
              One spelling per meaning in every command: --community CODE,
              --from/--through for a period of days, --on for one day,
              --at for a time, --note for a note. Old spellings still
              work, unlisted: `communities CODE`, --before DAY (the day
              before --through), --date, --notes.

            PROGRESS
              Exports and directory loads draw a progress line on stderr
              when stderr is a terminal: never in a pipe or a file, nor
              while the CSV itself goes to the terminal. --no-progress
              turns it off.

            \(ExitStatus.documentation)

            \(jsonDocumentation)
            \(councilJSONDocumentation)
            """,
        version: "councilctl (Council Hall) protocol 1",
        subcommands: [DisplayWidthCommand.self],
        groupedSubcommands: [
            CommandGroup(name: "Server and directory", subcommands: [
                Health.self, Info.self, Communities.self, Locate.self, Units.self, People.self, Categories.self, LoadDirectory.self,
            ]),
            CommandGroup(name: "Cases", subcommands: [
                Submit.self, Show.self, Find.self, Overdue.self, Changes.self, Watch.self,
            ]),
            CommandGroup(name: "The five-step loop", subcommands: [
                Accept.self, Decline.self, Refer.self, DispatchCommand.self, HandleLocally.self, Return.self, Merge.self,
                Schedule.self, Deliberate.self,
                ProgressCommand.self, RequestExtension.self, ApproveExtension.self, DenyExtension.self, Resolve.self, GiveFeedback.self,
                Evaluate.self, Rework.self, Verify.self, Close.self, Withdraw.self, CloseUnrated.self,
            ]),
            CommandGroup(name: "Meetings (议事会议)", subcommands: [Meetings.self]),
            CommandGroup(name: "Three-level linkage (三级联动)", subcommands: [
                Coverage.self, Lapses.self, Links.self, LinkCommand.self, Visits.self, VisitCommand.self,
            ]),
            CommandGroup(name: "Representatives (居民代表) and commendations (表彰)", subcommands: [
                Representatives.self, Elect.self, Commendations.self, Commend.self,
            ]),
            CommandGroup(name: "Assessment (评价考核)", subcommands: [ScorecardCommand.self, AssessmentCommand.self, Export.self]),
            CommandGroup(name: "Notifications", subcommands: [NotificationsCommand.self, DeadLetters.self]),
            CommandGroup(name: "People's accounts (个人账号)", subcommands: [Accounts.self, Keys.self, SignIns.self]),
        ]
    )

    @OptionGroup var connection: ConnectionOptions
}

/// A subcommand that talks to councild.
protocol ServerCommand: AsyncParsableCommand {
    var connection: ConnectionOptions { get }
    var root: Councilctl { get }
}

extension ServerCommand {
    /// The settings from this subcommand's options, those before it, and the environment.
    func session() throws -> Session { try Session(connection, parent: root.connection) }
}

/// Runs councilctl: parses the command line, runs the command, and turns every outcome into an exit code.
enum CouncilctlMain {
    static func run(_ arguments: [String]) async -> Int32 {
        var command: any ParsableCommand
        do {
            command = try Councilctl.parseAsRoot(arguments)
        } catch {
            return report(error, json: arguments.contains("--json"))
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.ok.rawValue
        } catch {
            return report(error, json: arguments.contains("--json"))
        }
    }

    private static func report(_ error: any Error, json: Bool) -> Int32 {
        if let failure = error as? Failure {
            Console.error("councilctl: \(failure.message)\n")
            if json && !failure.answeredInJSON { Console.out(failure.json.rendered(pretty: true) + "\n") }
            return failure.status.rawValue
        }
        if let exit = error as? ExitCode, exit != .validationFailure, exit != .success {
            return exit.rawValue
        }
        let code = Councilctl.exitCode(for: error)
        let message = Councilctl.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { Console.out(message + "\n") }
            return ExitStatus.ok.rawValue
        }
        if code == .validationFailure {
            Console.error(message + "\n")
            return ExitStatus.usage.rawValue
        }
        Console.error("councilctl: \(message)\n")
        return ExitStatus.failed.rawValue
    }
}
