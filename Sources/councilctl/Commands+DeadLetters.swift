import ArgumentParser
import CouncilClient
import CouncilAPI
import CouncilKit

// Dead letters (死信): the notifications councild gave up on, for the operator to look at, replay or set aside.

struct DeadLetters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "List, replay or set aside the notifications councild gave up on (needs the notifications scope).",
        discussion: """
            A notification is dead-lettered when its receiver refused it for good (a 4xx answer, a recipient without \
            an endpoint) or kept failing through every retry. Fix the receiver, then replay it: it is delivered once \
            more with the same notification id, so the receiver can tell it from a new one.
            """,
        subcommands: [DeadLettersList.self, DeadLettersReplay.self, DeadLettersDiscard.self],
        defaultSubcommand: DeadLettersList.self)
}

struct DeadLettersList: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The dead letters, oldest first; pending ones by default.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only this channel (webhook, log).")
    var channel: String?
    @Option(help: "Only this community's cases.")
    var community: String?
    @Option(help: "Only this state: pending, replayed or discarded; repeat for more. Default: pending.")
    var state: [DeadLetter.State] = []

    func run() async throws {
        let session = try session()
        let letters = try await session.withClient { try await $0.listDeadLetters(channel: channel ?? "", community: community ?? "", states: Set(state)) }
        if session.json {
            session.emit(.object([("deadLetters", .array(letters.map(\.json)))]))
            return
        }
        if !letters.isEmpty {
            var table = Table([
                .init("ID"), .init("STATE"), .init("CASE"), .init("TOPIC"), .init("RECIPIENT"), .init("TRIES", alignRight: true),
                .init("FIRST FAILED (UTC+8)"), .init("LAST ERROR", maxWidth: 60),
            ])
            for letter in letters {
                table.add([
                    letter.id, letter.state.rawValue, letter.caseNumber.description, letter.topic,
                    "\(letter.recipientKind.rawValue):\(letter.recipientID)", String(letter.attempts), LocalTime.format(letter.createdAt),
                    letter.lastError,
                ])
            }
            session.write(table.rendered)
        }
        session.note("\(letters.count) dead \(letters.count == 1 ? "letter" : "letters")")
    }
}

struct DeadLettersReplay: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Deliver a pending dead letter once more; it stays pending if that fails too.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The dead letter's id (see `councilctl dead-letters`).")
    var id: String

    func run() async throws {
        let session = try session()
        let letter = try await session.withClient { try await $0.replayDeadLetter(id: id) }
        if session.json {
            session.emit(.object([("deadLetter", letter.json)]))
        } else {
            session.print("\(letter.id) \(letter.state.rawValue) after \(letter.attempts) attempts")
        }
    }
}

struct DeadLettersDiscard: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "discard", abstract: "Set a pending dead letter aside without delivering it.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The dead letter's id (see `councilctl dead-letters`).")
    var id: String
    @Option(help: "Why, for whoever looks later.")
    var note: String?

    func run() async throws {
        let session = try session()
        let letter = try await session.withClient { try await $0.discardDeadLetter(id: id, note: note) }
        if session.json {
            session.emit(.object([("deadLetter", letter.json)]))
        } else {
            session.print("\(letter.id) \(letter.state.rawValue)")
        }
    }
}

struct NotificationsCommand: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "How far each notification channel has got, and its dead letters (needs the notifications scope).",
        discussion: """
            BACKLOG is how many events of the changes feed a channel has still to handle: it grows while a receiver is             slow or down, and falls back to 0 once the channel has caught up. DEAD is its pending dead letters             (`councilctl dead-letters`).
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    func run() async throws {
        let session = try session()
        let progress = try await session.withClient { try await $0.getNotificationProgress() }
        if session.json {
            session.emit(.object([
                ("latestSequence", .int(progress.latestSequence)),
                ("channels", .array(progress.channels.map { channel in
                    .object([
                        ("channel", .string(channel.channel)), ("handledThrough", .int(channel.handledThrough)),
                        ("backlog", .int(channel.backlog)), ("pendingDeadLetters", .int(channel.pendingDeadLetters)),
                    ])
                })),
            ]))
            return
        }
        var table = Table([
            .init("CHANNEL"), .init("HANDLED THROUGH", alignRight: true), .init("BACKLOG", alignRight: true), .init("DEAD", alignRight: true),
        ])
        for channel in progress.channels {
            table.add([channel.channel, String(channel.handledThrough), String(channel.backlog), String(channel.pendingDeadLetters)])
        }
        session.write(table.rendered)
        session.note("latest event: \(progress.latestSequence)")
    }
}

extension DeadLetter.State: ExpressibleByArgument {}

extension DeadLetter {
    /// The dead letter as `--json` prints it.
    var json: JSONValue {
        .object([
            ("id", .string(id)), ("state", .string(state.rawValue)), ("channel", .string(channel)), ("sequence", .int(sequence)),
            ("caseId", .string(caseID.rawValue)), ("caseNumber", .string(caseNumber.description)), ("community", .string(community)),
            ("topic", .string(topic)), ("recipient", .object([("kind", .string(recipientKind.rawValue)), ("id", .string(recipientID))])),
            ("attempts", .int(attempts)), ("lastError", .string(lastError)), ("permanent", .bool(permanent)),
            ("createdAt", .time(createdAt)), ("updatedAt", .time(updatedAt)), ("note", .string(note)),
        ])
    }
}
