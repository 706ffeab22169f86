import ArgumentParser
import CouncilClient
import CouncilKit
import CouncilAPI
import CouncilTerminal
import Dispatch
import Foundation
import Synchronization

struct Submit: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register a case (收集) and print its number.",
        discussion: """
            Prints the case number alone on stdout (N=$(councilctl submit …)); a note on stderr says whether the case is \
            new. The community may be left out when --grid-cell, --compound or --building names the place. With \
            --external-reference the submission is idempotent: the same reference and content return the first case.
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "A short title, for example 小区垃圾清运不及时.")
    var title: String

    @Option(help: "What the problem is, in the submitter's words.")
    var description: String = ""

    @Option(help: "The channel: walkIn (default), meeting, leaderVisit, cadreVisit, representative, gridPlatform, petitionOffice, hotline, app.")
    var source: CaseSource = .walkIn

    @Option(help: "The community code, for example QX05.")
    var community: String?

    @Option(help: "The grid cell code (网格).")
    var gridCell: String?

    @Option(help: "The compound code (小区).")
    var compound: String?

    @Option(help: "The building code (楼栋).")
    var building: String?

    @Option(help: "The place in words, for example 3号楼东侧垃圾站.")
    var place: String?

    @Option(help: "WGS-84 latitude.")
    var latitude: Double?

    @Option(help: "WGS-84 longitude.")
    var longitude: Double?

    @Option(help: "A suggested category code (see `councilctl categories`).")
    var category: String?

    @Option(help: "normal or urgent.")
    var priority: Priority?

    @Option(help: "The submitter's name (personal data).")
    var submitterName: String?

    @Option(help: "The submitter's phone (personal data).")
    var submitterPhone: String?

    @Option(help: "The submitter's own address (personal data).")
    var submitterAddress: String?

    @Option(help: "The submitter's identity-document number (personal data).")
    var submitterIdNumber: String?

    @Option(help: "The sending system's reference: SYSTEM/REF, or REF for this --system.")
    var externalReference: String?

    @Option(help: ArgumentHelp("A due time the sending system sets; a day alone means its end. \(TimeArgument.help).", valueName: "time"))
    var requestedDue: TimeArgument?

    @Option(help: "A photo or document reference (URL or file id); repeat for more.")
    var attachment: [String] = []

    @Option(help: "A key for this submission, so a retry cannot register it twice.")
    var idempotencyKey: String?

    func run() async throws {
        let session = try session()
        var location: CaseLocation?
        if gridCell != nil || compound != nil || building != nil || place != nil || latitude != nil || longitude != nil {
            location = CaseLocation(compound: compound, building: building, gridCell: gridCell, description: place, latitude: latitude, longitude: longitude)
        }
        let submitter = PersonalData(name: submitterName, phone: submitterPhone, address: submitterAddress, idNumber: submitterIdNumber)
        let reference = externalReference.map { text -> ExternalReference in
            if let slash = text.firstIndex(of: "/") {
                return ExternalReference(system: String(text[..<slash]), reference: String(text[text.index(after: slash)...]))
            }
            return ExternalReference(system: session.system, reference: text)
        }
        let submitted = try await session.withClient { client in
            let submission = Submission(
                title: title, description: description, source: source, community: community, category: category, priority: priority,
                location: location, submitter: submitter.isEmpty ? nil : submitter, externalReference: reference,
                requestedDue: try await session.instant(requestedDue, endOfDay: true, client: client), attachments: attachment)
            return try await client.submit(submission: submission, options: session.options(idempotencyKey: idempotencyKey))
        }
        let (view, created) = (submitted.case, submitted.created)
        if session.json {
            session.emit(.object([("created", .bool(created)), ("case", view.json)]))
            return
        }
        session.print(view.state.number.description)
        session.note(
            created
                ? "registered \(view.state.number) (\(view.state.status.label)); response due \(LocalTime.format(view.state.responseDue)) UTC+8"
                : "already registered as \(view.state.number) (the same submission was sent before); nothing new was created")
    }
}

struct Show: ServerCommand {
    static let configuration = CommandConfiguration(abstract: "Show one case with its full timeline and what it allows next.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: ArgumentHelp("The case: \(CaseArgument.help).", valueName: "case"))
    var target: CaseArgument

    func run() async throws {
        let session = try session()
        let (view, history, names) = try await session.withClient { client in
            async let names = session.json ? DirectoryNames() : DirectoryNames.load(client)
            let view = try await client.getCase(key: target.key)
            let history = try await client.getHistory(caseID: view.state.id).events
            return (view, history, await names)
        }
        if session.json {
            session.emit(.object([("case", view.json), ("history", .array(history.map(\.json)))]))
        } else {
            session.write(CaseRendering.show(view, history: history, names: names))
        }
    }
}

/// The filters of a case query, shared by `find` and `overdue`.
struct QueryOptions: ParsableArguments {
    @Option(help: "Only this community.")
    var community: String?

    @Option(help: "Only this category.")
    var category: String?

    @Option(help: "Only cases with this responsible unit.")
    var unit: String?

    @Option(help: "Only cases from this source.")
    var source: CaseSource?

    @Option(help: "Cases per call, 1–500.")
    var limit: Int?

    func validate() throws {
        if let limit, !(1...CaseQuery.maximumLimit).contains(limit) { throw ValidationError("--limit must be 1–\(CaseQuery.maximumLimit)") }
    }
}

struct Find: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find cases by any filter, a page at a time (--all for every page).",
        discussion: "Without --all one page is printed and the cursor of the next goes to stderr; pass it back with --cursor.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var filters: QueryOptions

    @Option(help: "Only these statuses; repeat or separate with commas (submitted,accepted,…).")
    var status: [String] = []

    @Option(help: "Only this loop step: 1–5 or collect, classifyAndDispose, deliberate, handleAndFeedBack, evaluateAndAssess.")
    var step: StepArgument?

    @Option(help: ArgumentHelp("Only cases whose running clock ends before TIME (a day alone: its end). \(TimeArgument.help).", valueName: "time"))
    var dueBefore: TimeArgument?

    @Option(help: ArgumentHelp("Only cases registered at or after TIME (a day alone: its start).", valueName: "time"))
    var createdFrom: TimeArgument?

    @Option(help: ArgumentHelp("Only cases registered before TIME (a day alone: its start).", valueName: "time"))
    var createdBefore: TimeArgument?

    @Option(help: "Only cases whose title or description matches this text.")
    var text: String?

    @Option(help: ArgumentHelp("Only duplicates merged into this case.", valueName: "case"))
    var master: CaseArgument?

    @Option(help: "newestFirst (default) or oldestFirst.")
    var order: CaseQuery.Order = .newestFirst

    @Option(help: "Continue after a previous page.")
    var cursor: String?

    @Flag(help: "Follow the cursors and print every page.")
    var all = false

    func validate() throws {
        for name in statuses where CaseStatus(argument: name) == nil {
            throw ValidationError("unknown status \"\(name)\"; one of: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    private var statuses: [String] { status.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty } }

    func run() async throws {
        let session = try session()
        let (cases, next) = try await session.withClient { client -> ([CaseView], String?) in
            var query = CaseQuery(
                community: filters.community, statuses: Set(statuses.compactMap { CaseStatus(argument: $0) }), step: step?.step,
                category: filters.category, source: filters.source, unit: filters.unit, dueBefore: try await session.instant(dueBefore, endOfDay: true, client: client),
                createdFrom: try await session.instant(createdFrom, endOfDay: false, client: client),
                createdBefore: try await session.instant(createdBefore, endOfDay: false, client: client), text: text,
                order: order, limit: filters.limit ?? 50, cursor: cursor)
            if let master { query.master = try await master.id(using: client) }
            return try await fetch(query, all: all, client: client)
        }
        if session.json {
            session.emit(.object([("cases", .array(cases.map(\.json))), ("nextCursor", .string(next))]))
            return
        }
        if cases.isEmpty {
            session.note("no cases match")
        } else {
            session.write(CaseRendering.table(cases).rendered)
            session.note("\(cases.count) \(cases.count == 1 ? "case" : "cases")")
        }
        if let next { session.note("more: --cursor \(next)   (or --all)") }
    }
}

/// One page of `query`, or with `all` every page; the cursor of the page after the last one fetched.
func fetch(_ query: CaseQuery, all: Bool, client: CouncilClient) async throws -> ([CaseView], String?) {
    var query = query
    var cases: [CaseView] = []
    while true {
        let page = try await client.findCases(query: query)
        cases += page.cases
        guard all, let next = page.nextCursor, !page.cases.isEmpty else { return (cases, page.nextCursor) }
        query.cursor = next
    }
}

struct Overdue: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the cases whose running clock has run out, oldest first.",
        discussion: "Every page is fetched. LATE says how long ago the due time passed; 督办 marks cases under supervision.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var filters: QueryOptions

    func run() async throws {
        let session = try session()
        // Overdue by the server's clock, which decides when a running clock runs out.
        let (cases, now) = try await session.withClient { client in
            let now = try await session.clock(client).now
            let (cases, _) = try await fetch(
                CaseQuery(
                    community: filters.community, category: filters.category, source: filters.source, unit: filters.unit, dueBefore: now,
                    order: .oldestFirst, limit: filters.limit ?? 100),
                all: true, client: client)
            return (cases, now)
        }
        if session.json {
            session.emit(.object([("now", .time(now)), ("cases", .array(cases.map(\.json)))]))
            return
        }
        guard !cases.isEmpty else {
            session.note("no overdue cases")
            return
        }
        var table = Table([
            .init("NUMBER"), .init("DUE (UTC+8)"), .init("LATE", alignRight: true), .init("DEADLINE"), .init("STATUS"), .init("COMMUNITY"),
            .init("UNIT"), .init("TITLE", maxWidth: 40),
        ])
        for view in cases {
            let c = view.state
            let late = c.currentDue.map { LocalTime.span(milliseconds: now.millisecondsSince1970 - $0.millisecondsSince1970) } ?? "—"
            table.add([
                c.number.description, LocalTime.format(c.currentDue), late, CaseRendering.deadlineShort(view.deadlineState),
                MessageTemplates.statusName(c.status), c.community, c.responsibleUnit ?? "—", c.submission.title,
            ])
        }
        session.write(table.rendered)
        session.note("\(cases.count) overdue \(cases.count == 1 ? "case" : "cases") at \(LocalTime.format(now)) UTC+8")
    }
}

struct Changes: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the changes feed: every event after a sequence number, in order.",
        discussion: "Resume later with --after set to the last sequence printed.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Start after this sequence number.")
    var after: Int64 = 0

    @Option(help: "Events per call, 1–1000.")
    var limit: Int = 100

    @Flag(help: "Keep reading until the latest event.")
    var all = false

    func validate() throws {
        guard after >= 0 else { throw ValidationError("--after must not be negative") }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1–1000") }
    }

    func run() async throws {
        let session = try session()
        let (events, latest) = try await session.withClient { client in
            var events: [CaseEvent] = []
            var cursor = after, latest: Int64 = 0
            repeat {
                let page = try await client.listChanges(after: cursor, limit: limit)
                events += page.events
                latest = page.latestSequence
                guard let last = page.events.last else { break }
                cursor = last.sequence
            } while all && cursor < latest
            return (events, latest)
        }
        if session.json {
            session.emit(.object([
                ("events", .array(events.map { $0.json })), ("latestSequence", .int(latest)),
            ]))
            return
        }
        if !events.isEmpty {
            var table = Table([
                .init("SEQ", alignRight: true), .init("WHEN (UTC+8)"), .init("CASE"), .init("BY"), .init("WHAT"), .init("DETAILS", maxWidth: 60),
            ])
            for event in events {
                table.add([
                    String(event.sequence), LocalTime.format(event.occurredAt), event.caseNumber.description, event.principal.description,
                    event.change.label, CaseRendering.details(event.change, names: DirectoryNames()),
                ])
            }
            session.write(table.rendered)
        }
        let last = events.last?.sequence ?? after
        session.note("\(events.count) \(events.count == 1 ? "event" : "events"); latest sequence \(latest)\(last < latest ? "; continue with --after \(last)" : "")")
    }
}

struct Watch: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print events live as they happen, until Ctrl-C.",
        discussion: """
            Without --after only new events are printed; --after N first replays every event after sequence N. \
            On Ctrl-C the last sequence printed goes to stderr: pass it as --after to resume without a gap. With \
            --json each event is one line of JSON.
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Replay the events after this sequence number first.")
    var after: Int64?

    @Option(help: "Stop after this many events.")
    var count: Int?

    func validate() throws {
        if let after, after < 0 { throw ValidationError("--after must not be negative") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let session = try session()
        let last = Mutex<Int64>(after ?? 0)
        let after = after, count = count
        let watching = Task {
            try await session.withClient { client in
                if after == nil {
                    let latest = try await client.listChanges(after: 0, limit: 1).latestSequence
                    last.withLock { $0 = latest }
                }
                let start = last.withLock { $0 }
                if !session.json { session.note("watching councild at \(session.endpoint) after sequence \(start); Ctrl-C to stop") }
                var printed = 0
                for try await batch in client.watchEvents(after: start) {
                    for event in batch.events {
                        session.write(Self.line(event, json: session.json))
                        last.withLock { $0 = event.sequence }
                        printed += 1
                        if let count, printed >= count { return }
                    }
                }
                throw Failure(.unavailable, "councild at \(session.endpoint) ended the stream")
            }
        }
        // Ctrl-C ends the watch cleanly and says where to resume.
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT)
        interrupt.setEventHandler { watching.cancel() }
        interrupt.resume()
        defer { interrupt.cancel() }
        do {
            try await watching.value
        } catch where watching.isCancelled {
            session.note("stopped; resume with --after \(last.withLock { $0 })")
        } catch let failure as Failure where failure.status == .unavailable {
            throw Failure(.unavailable, failure.message + "; resume with --after \(last.withLock { $0 })", error: failure.error)
        }
    }

    static func line(_ event: CaseEvent, json: Bool) -> String {
        if json { return event.json.rendered(pretty: false) + "\n" }
        let details = CaseRendering.details(event.change, names: DirectoryNames())
        return "#\(event.sequence)  \(LocalTime.format(event.occurredAt))  \(event.caseNumber)  \(event.principal)  \(event.change.label)"
            + (details.isEmpty ? "" : "  · \(DisplayWidth.singleLine(details))") + "\n"
    }
}
