import ArgumentParser
import CouncilClient
import CouncilKit
import CouncilAPI
import Foundation

// The three-level linkage (三级联动): leader ↔ community, unit ↔ compound, cadre ↔ household; their visits; and what
// the linkage does not reach.

struct Coverage: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "覆盖 What the linkage misses: communities without a leader, compounds without a unit, households in difficulty without a cadre.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(parsing: .unconditional, help: ArgumentHelp("The day (default: today). \(DayArgument.help).", valueName: "day"))
    var on: DayArgument?

    func run() async throws {
        let session = try session()
        let (day, report, names) = try await session.withClient { client in
            async let names = session.json ? DirectoryNames() : DirectoryNames.load(client)
            let day = try await session.day(on, client: client)
            let report = try await client.getCoverage(day: day)
            return (day, report, await names)
        }
        if session.json {
            var members: [(String, JSONValue)] = [("on", .day(day))]
            if case .object(let rest) = report.json { members += rest }
            session.emit(.object(members))
            return
        }
        var out = "coverage on \(day)\n"
        func section(_ title: String, _ codes: [String], _ headers: [String], _ row: (String) -> [String]) {
            out += "\n\(title): \(codes.count)\n"
            guard !codes.isEmpty else { return }
            var table = Table(headers.map { Table.Column($0) })
            for code in codes { table.add(row(code)) }
            out += table.rendered
        }
        section("communities without a leader 无包联领导", report.communitiesWithoutLeader, ["COMMUNITY", "NAME"]) {
            [$0, names.communities[$0] ?? "—"]
        }
        section("compounds without a unit 无联系单位", report.compoundsWithoutUnit, ["COMPOUND", "NAME"]) {
            [$0, names.compounds[$0] ?? "—"]
        }
        section("households in difficulty without a cadre 困难户无结对干部", report.householdsWithoutCadre, ["HOUSEHOLD"]) { [$0] }
        session.write(out)
    }
}

struct Lapses: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Links whose visits fell behind: leaders without a visit in a month, pairings past the visit interval.",
        discussion: "The period defaults to this month so far. \(DayArgument.help).")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(parsing: .unconditional, help: ArgumentHelp("The first day (default: the 1st of this month).", valueName: "day"))
    var from: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("The last day (default: today).", valueName: "day"))
    var through: DayArgument?

    func validate() throws {
        try Period.check(month: nil, from: from, through: through)
    }

    func run() async throws {
        let session = try session()
        let (period, lapses, links, names) = try await session.withClient { client in
            async let names = session.json ? DirectoryNames() : DirectoryNames.load(client, people: true)
            let period = try Period.resolve(month: nil, from: from, through: through, clock: try await session.clock(client))
            let lapses = try await client.listCadenceLapses(from: period.from, through: period.through)
            let links = try await client.listLinks()
            return (period, lapses, Dictionary(links.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }), await names)
        }
        if session.json {
            session.emit(.object([
                ("from", .day(period.from)), ("through", .day(period.through)),
                ("lapses", .array(lapses.map { lapse in
                    var members: [(String, JSONValue)] = [("link", .string(lapse.link)), ("kind", .string(links[lapse.link]?.kind.rawValue))]
                    members += [("holder", .string(lapse.holder)), ("target", .string(lapse.target)), ("missing", .day(lapse.missing))]
                    return .object(members)
                })),
            ]))
            return
        }
        guard !lapses.isEmpty else {
            session.note("no lapses in \(period.description)")
            return
        }
        var table = Table("LINK", "KIND", "HOLDER", "TARGET", "MISSING")
        for lapse in lapses {
            let kind = links[lapse.link]?.kind
            let missing = kind == .leaderCommunity
                ? "no visit in \(String(lapse.missing.description.prefix(7)))" : "visit due \(lapse.missing)"
            table.add([lapse.link, kind?.label ?? "—", names.holder(lapse.holder), lapse.target, missing])
        }
        session.write(table.rendered)
        session.note("\(lapses.count) \(lapses.count == 1 ? "lapse" : "lapses") in \(period.description)")
    }
}

struct Links: ServerCommand {
    static let configuration = CommandConfiguration(abstract: "List links: 包联 leader→community, 联系 unit→compound, 结对 cadre→household.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only this community's.")
    var community: String?
    @Option(help: "Only this kind: leaderCommunity (包联), unitCompound (联系), cadreHousehold (结对).")
    var kind: Link.Kind?
    @Flag(help: "Only links active today (the server's).")
    var active = false

    func run() async throws {
        let session = try session()
        let (all, today, names) = try await session.withClient { client in
            async let names = session.json ? DirectoryNames() : DirectoryNames.load(client, people: true)
            let links = try await client.listLinks(community: community)
            let today = active ? try await session.clock(client).today : nil
            return (links, today, await names)
        }
        let links = all.filter { (kind == nil || $0.kind == kind) && (today.map($0.isActive(on:)) ?? true) }
        if session.json {
            session.emit(.object([("links", .array(links.map(\.json)))]))
            return
        }
        guard !links.isEmpty else {
            session.note("no links")
            return
        }
        session.write(LinkRendering.table(links, names: names).rendered)
        session.note("\(links.count) \(links.count == 1 ? "link" : "links")")
    }
}

enum LinkRendering {
    static func table(_ links: [Link], names: DirectoryNames) -> Table {
        var table = Table("ID", "KIND", "HOLDER", "TARGET", "COMMUNITY", "FROM", "TO")
        for link in links {
            let target = link.kind == .unitCompound ? names.compound(link.target) : link.kind == .leaderCommunity ? names.community(link.target) : link.target
            table.add([link.id, link.kind.label, names.holder(link.holder), target, link.community, link.start.description, link.end?.description ?? "—"])
        }
        return table
    }

    static func line(_ link: Link) -> String {
        "\(link.id) · \(link.kind.label) · \(link.holder) → \(link.target) · from \(link.start)" + (link.end.map { " through \($0)" } ?? "")
    }
}

struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Establish or end a link of the three-level linkage.",
        subcommands: [LinkEstablish.self, LinkEnd.self])
}

struct LinkEstablish: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "establish",
        abstract: "Establish a link; prints its id.",
        discussion: """
            --kind leaderCommunity: --holder a leader's person id, --target a community (包联).
            --kind unitCompound:    --holder a unit code, --target a compound (联系).
            --kind cadreHousehold:  --holder a cadre's person id, --target a household in difficulty (结对).
            Example: councilctl link establish --kind leaderCommunity --holder L01 --target QX01
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "leaderCommunity (包联), unitCompound (联系) or cadreHousehold (结对).")
    var kind: Link.Kind
    @Option(help: "The leader's or cadre's person id, or the unit's code.")
    var holder: String
    @Option(help: "The community, compound or household code.")
    var target: String
    @Option(parsing: .unconditional, help: ArgumentHelp("The link's first day (default: today). \(DayArgument.help).", valueName: "day"))
    var start: DayArgument?

    func run() async throws {
        let session = try session()
        let link = try await session.withClient { client in
            try await client.establishLink(
                kind: kind, holder: holder, target: target, start: try await session.day(start, client: client), options: session.options())
        }
        if session.json {
            session.emit(.object([("link", link.json)]))
        } else {
            session.print(link.id)
            session.note("established " + LinkRendering.line(link))
        }
    }
}

struct LinkEnd: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "End a link; the day given is its last.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The link's id (see `councilctl links`).")
    var id: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Its last day (default: today).", valueName: "day"))
    var on: DayArgument?

    func run() async throws {
        let session = try session()
        let link = try await session.withClient { client in
            try await client.endLink(link: id, day: try await session.day(on, client: client), options: session.options())
        }
        if session.json {
            session.emit(.object([("link", link.json)]))
        } else {
            session.print(LinkRendering.line(link))
        }
    }
}

struct Visits: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "List visits under the links: leader visits, units' volunteer service, cadres' household visits.",
        discussion: "\(DayArgument.help).")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only this community's.")
    var community: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only visits on or after this day.", valueName: "day"))
    var from: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only visits on or before this day.", valueName: "day"))
    var through: DayArgument?
    @Option(name: .customLong("before"), parsing: .unconditional, help: .private)
    var deprecatedBefore: DayArgument?

    func validate() throws {
        if through != nil && deprecatedBefore != nil { throw ValidationError("give --through (--before is its old spelling), not both") }
    }

    func run() async throws {
        let session = try session()
        let (visits, numbers) = try await session.withClient { client in
            let first = try await session.givenDay(from, client: client)
            let last = try await session.givenDay(through ?? deprecatedBefore?.adding(days: -1), client: client)
            let visits = try await client.listVisits(
                community: community, from: first.map { LocalTime.instant($0) }, before: last.map { LocalTime.instant($0.adding(days: 1)) })
            let numbers = session.json ? [:] : await caseNumbers(visits.flatMap(\.raisedCases), client: client)
            return (visits, numbers)
        }
        if session.json {
            session.emit(.object([("visits", .array(visits.map(\.json)))]))
            return
        }
        guard !visits.isEmpty else {
            session.note("no visits")
            return
        }
        var table = Table([
            .init("TIME (UTC+8)"), .init("KIND"), .init("COMMUNITY"), .init("LINK"), .init("PEOPLE"), .init("HOURS", alignRight: true),
            .init("NOTES", maxWidth: 30), .init("HELP GIVEN", maxWidth: 20), .init("CASES RAISED"),
        ])
        for v in visits {
            table.add([
                LocalTime.format(v.at), v.kind.chinese, v.community, v.link, v.people.joined(separator: ","), v.hours.map { oneDecimal($0) } ?? "—",
                v.notes, v.helpGiven ?? "—", v.raisedCases.isEmpty ? "—" : v.raisedCases.map { numbers[$0]?.description ?? String($0.rawValue.prefix(8)) }.joined(separator: ","),
            ])
        }
        session.write(table.rendered)
        session.note("\(visits.count) \(visits.count == 1 ? "visit" : "visits")")
    }
}

struct VisitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visit", abstract: "Log a visit under a link, or register a case raised on one.",
        subcommands: [VisitLog.self, VisitRaiseCase.self])
}

struct VisitLog: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Log a visit under a link active on its day; prints the visit's id.",
        discussion: "Example: councilctl visit log --link LINK-ID --person L01 --note '走访议事厅，听取居民意见'")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "The link's id (see `councilctl links`).")
    var link: String
    @Option(help: ArgumentHelp("When (default: now). \(TimeArgument.help).", valueName: "time"))
    var at: TimeArgument?
    @Option(help: "A person who went; repeat for more.")
    var person: [String] = []
    @Option(help: "Hours of service, for a unit's volunteer activity.")
    var hours: Double?
    @Option(help: "What was done or heard.")
    var note: String?
    @Option(name: .customLong("notes"), help: .private)
    var deprecatedNotes: String?
    @Option(help: "Help given to a household in difficulty.")
    var helpGiven: String?

    func validate() throws {
        if let hours, !(hours >= 0 && hours.isFinite) { throw ValidationError("--hours must be 0 or more") }
        guard (note == nil) != (deprecatedNotes == nil) else { throw ValidationError("give --note: what was done or heard") }
    }

    func run() async throws {
        let session = try session()
        let visit = try await session.withClient { client in
            try await client.logVisit(
                link: link, at: try await session.instant(at ?? .fromNow(seconds: 0), endOfDay: false, client: client)!, people: person, hours: hours,
                notes: note ?? deprecatedNotes ?? "", helpGiven: helpGiven, options: session.options())
        }
        if session.json {
            session.emit(.object([("visit", visit.json)]))
        } else {
            session.print(visit.id)
            session.note("logged \(visit.kind.chinese) visit in \(visit.community) at \(LocalTime.format(visit.at)) UTC+8")
        }
    }
}

struct VisitRaiseCase: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "raise-case",
        abstract: "Register a case raised on a visit; its source becomes the leader's or cadre's visit. Prints its number.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The visit's id (see `councilctl visits`).")
    var visit: String
    @Option(help: "A short title.")
    var title: String
    @Option(help: "What the problem is.")
    var description: String = ""
    @Option(help: "A suggested category code.")
    var category: String?
    @Option(help: "The place in words.")
    var place: String?

    func run() async throws {
        let session = try session()
        let submission = Submission(
            title: title, description: description, source: .walkIn, category: category,
            location: place.map { CaseLocation(description: $0) })
        let view = try await session.withClient { try await $0.raiseCaseOnVisit(visit: visit, submission: submission, options: session.options()) }
        if session.json {
            session.emit(.object([("visit", .string(visit)), ("case", view.json)]))
        } else {
            session.print(view.state.number.description)
            session.note("registered \(view.state.number) (\(view.state.submission.source.label)) in \(view.state.community)")
        }
    }
}

// MARK: Representatives and commendations

struct Representatives: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "居民代表 A community's representatives, their attendance at held meetings, and its elections.",
        discussion: "Attendance counts the meetings held in the current term so far, or in --from … --through.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "The community code.")
    var community: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Who represents it on this day (default: today).", valueName: "day"))
    var on: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("Count attendance from this day (default: the term's start).", valueName: "day"))
    var from: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("Count attendance through this day (default: the day given with --on).", valueName: "day"))
    var through: DayArgument?

    func run() async throws {
        let session = try session()
        let (day, current, elections, attendance, period, names) = try await session.withClient { client in
            async let names = DirectoryNames.load(client, people: true)
            let day = try await session.day(on, client: client)
            let first = try await session.givenDay(from, client: client), last = try await session.givenDay(through, client: client)
            let elections = try await client.listElections(community: community)
            let current = try await client.listRepresentatives(community: community, day: day)
            let term = elections.last { $0.termStart <= day && day <= $0.termEnd }
            let period = Period(from: first ?? term?.termStart ?? LocalTime.firstOfMonth(day), through: last ?? day)
            let attendance = current.isEmpty
                ? [] : try await client.getAttendance(
                    community: community, from: LocalTime.instant(period.from), before: LocalTime.instant(period.through.adding(days: 1)))
            return (day, current, elections, attendance, period, await names)
        }
        let counts = Dictionary(attendance.map { ($0.person, $0) }, uniquingKeysWith: { a, _ in a })
        if session.json {
            session.emit(.object([
                ("community", .string(community)), ("on", .day(day)), ("attendanceFrom", .day(period.from)), ("attendanceThrough", .day(period.through)),
                ("representatives", .array(current.map { person in
                    .object([
                        ("person", .string(person)), ("name", .string(names.people[person])),
                        ("meetingsHeld", .int(counts[person]?.meetingsHeld)), ("meetingsAttended", .int(counts[person]?.meetingsAttended)),
                    ])
                })),
                ("elections", .array(elections.map(\.json))),
            ]))
            return
        }
        var out = "\(names.community(community)) · representatives on \(day)\n"
        if current.isEmpty {
            out += "none: no election's term covers \(day)\n"
        } else {
            out += "attendance at meetings held \(period.description)\n\n"
            var table = Table([.init("PERSON"), .init("NAME"), .init("ATTENDED", alignRight: true), .init("HELD", alignRight: true), .init("RATE", alignRight: true)])
            for person in current {
                let count = counts[person]
                table.add([
                    person, names.people[person] ?? "—", count.map { String($0.meetingsAttended) } ?? "—", count.map { String($0.meetingsHeld) } ?? "—",
                    percent(count.flatMap { $0.meetingsHeld == 0 ? nil : Double($0.meetingsAttended) / Double($0.meetingsHeld) }),
                ])
            }
            out += table.rendered
        }
        out += "\nELECTIONS 选举\n"
        if elections.isEmpty {
            out += "none recorded\n"
        } else {
            var table = Table([.init("DATE"), .init("METHOD"), .init("TERM"), .init("CANDIDATES (VOTES)"), .init("ELECTED")])
            for e in elections {
                table.add([
                    e.date.description, e.method.label, "\(e.termStart) – \(e.termEnd)",
                    e.candidates.map { "\($0.person) \($0.votes)" }.joined(separator: ", "), e.elected.joined(separator: ", "),
                ])
            }
            out += table.rendered
        }
        session.write(out)
    }
}

/// A candidate and votes: PERSON=VOTES.
struct CandidateArgument: ExpressibleByArgument {
    var candidate: Election.Candidate

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, let votes = Int(parts[1]), votes >= 0 else { return nil }
        candidate = Election.Candidate(person: parts[0], votes: votes)
    }
}

struct Elect: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record an election of a community's representatives.",
        discussion: """
            Example: councilctl elect --community QX01 --on 2026-01-10 --method householdVote \\
                       --candidate RP01=120 --candidate RP02=80 --candidate VL01=12 --elected RP01,RP02 \\
                       --term-start 2026-01-10 --term-end 2028-12-31
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "The community code.")
    var community: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Election day (default: today).", valueName: "day"))
    var on: DayArgument?
    @Option(name: .customLong("date"), parsing: .unconditional, help: .private)
    var deprecatedDate: DayArgument?
    @Option(help: "directVote, householdVote, groupNomination or other.")
    var method: Election.Method
    @Option(help: ArgumentHelp("A candidate and the votes received; repeat for more.", valueName: "person=votes"))
    var candidate: [CandidateArgument] = []
    @Option(help: ArgumentHelp("The elected candidates; repeat or separate with commas.", valueName: "person"))
    var elected: [String] = []
    @Option(parsing: .unconditional, help: ArgumentHelp("The term's first day (default: election day).", valueName: "day"))
    var termStart: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("The term's last day.", valueName: "day"))
    var termEnd: DayArgument

    func validate() throws {
        if on != nil && deprecatedDate != nil { throw ValidationError("give --on (--date is its old spelling), not both") }
    }

    func run() async throws {
        let session = try session()
        let chosen = elected.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let election = try await session.withClient { client in
            let day = try await session.day(on ?? deprecatedDate, client: client)
            return try await client.recordElection(
                community: community, date: day, method: method, candidates: candidate.map(\.candidate), elected: chosen,
                termStart: try await session.givenDay(termStart, client: client) ?? day,
                termEnd: try await session.day(termEnd, client: client), options: session.options())
        }
        if session.json {
            session.emit(.object([("election", election.json)]))
        } else {
            session.print("\(election.id) · \(election.method.label) · elected \(election.elected.joined(separator: ", ")) · term \(election.termStart) – \(election.termEnd)")
        }
    }
}

struct Commendations: ServerCommand {
    static let configuration = CommandConfiguration(abstract: "表彰 List commendations, all or of one community.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only this community's.")
    var community: String?

    func run() async throws {
        let session = try session()
        let (list, names) = try await session.withClient { client in
            async let names = session.json ? DirectoryNames() : DirectoryNames.load(client, people: true)
            let list = try await client.listCommendations(community: community)
            return (list, await names)
        }
        if session.json {
            session.emit(.object([("commendations", .array(list.map(\.json)))]))
            return
        }
        guard !list.isEmpty else {
            session.note("no commendations")
            return
        }
        var table = Table([.init("DATE"), .init("PERSON"), .init("COMMUNITY"), .init("AWARDED BY"), .init("REASON", maxWidth: 50)])
        for c in list {
            table.add([c.date.description, names.person(c.person), c.community ?? "—", c.awardedBy, c.reason])
        }
        session.write(table.rendered)
    }
}

struct Commend: ServerCommand {
    static let configuration = CommandConfiguration(abstract: "Record a commendation (表彰): who, why, when, by whom.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "The person's id.")
    var person: String
    @Option(help: "The community, when it is a community's commendation.")
    var community: String?
    @Option(help: "Why.")
    var reason: String
    @Option(parsing: .unconditional, help: ArgumentHelp("The day it is awarded (default: today).", valueName: "day"))
    var on: DayArgument?
    @Option(name: .customLong("date"), parsing: .unconditional, help: .private)
    var deprecatedDate: DayArgument?
    @Option(help: "Who awards it, for example 桥西区委.")
    var awardedBy: String

    func validate() throws {
        if on != nil && deprecatedDate != nil { throw ValidationError("give --on (--date is its old spelling), not both") }
    }

    func run() async throws {
        let session = try session()
        let commendation = try await session.withClient { client in
            try await client.commend(
                person: person, community: community, reason: reason, date: try await session.day(on ?? deprecatedDate, client: client),
                awardedBy: awardedBy, options: session.options())
        }
        if session.json {
            session.emit(.object([("commendation", commendation.json)]))
        } else {
            session.print("\(commendation.id) · \(commendation.person) · \(commendation.date) · \(commendation.awardedBy)")
        }
    }
}
