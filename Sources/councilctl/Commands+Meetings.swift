import ArgumentParser
import CouncilClient
import CouncilKit
import CouncilAPI
import CouncilTerminal
import Foundation

struct Meetings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "议事会议 Council meetings: list, show, schedule, hold, cancel, reschedule, the public notice, weekly gaps.",
        discussion: "Without a subcommand: `meetings list`. Times print in UTC+8.",
        subcommands: [
            MeetingsList.self, MeetingsShow.self, MeetingsSchedule.self, MeetingsAdd.self, MeetingsHold.self, MeetingsCancel.self,
            MeetingsReschedule.self, MeetingsNotice.self, MeetingsGaps.self,
        ],
        defaultSubcommand: MeetingsList.self)
}

/// The case numbers of `ids`, looked up a few at a time; ids that cannot be read are left out.
func caseNumbers(_ ids: [CaseID], client: CouncilClient) async -> [CaseID: CaseNumber] {
    var known: [CaseID: CaseNumber] = [:]
    let unique = Array(Set(ids))
    for start in stride(from: 0, to: unique.count, by: 16) {
        let batch = unique[start..<min(start + 16, unique.count)]
        await withTaskGroup(of: (CaseID, CaseNumber?).self) { group in
            for id in batch { group.addTask { (id, try? await client.getCase(key: .id(id)).state.number) } }
            for await (id, number) in group { if let number { known[id] = number } }
        }
    }
    return known
}

/// The meeting as people read it: when, where, who, the agenda with outcomes, each item's record, the minutes.
enum MeetingRendering {
    static func show(_ m: Meeting, numbers: [CaseID: CaseNumber], names: DirectoryNames) -> String {
        var out = "\(m.id)  \(names.communities[m.community] ?? m.community) \(m.format.chinese)\n"
        var fields: [(String, String)] = [
            ("status", m.status.label),
            ("community", names.community(m.community)),
            ("time", LocalTime.format(m.scheduledAt) + " (UTC+8)" + (m.heldAt.map { " · held \(LocalTime.format($0))" } ?? "")),
            ("place", "\(m.placeKind.label) · \(m.placeName)"),
            ("format", m.format.label),
            ("convener", names.person(m.convener)),
        ]
        if !m.invited.isEmpty {
            fields.append(("invited", m.invited.map { p in
                p.role.chinese + (p.reference.map { " " + names.holder($0) } ?? "")
            }.joined(separator: ", ")))
        }
        if m.status == .held {
            let named = m.attendees.isEmpty ? "" : " (\(m.attendees.joined(separator: ", ")))"
            fields.append(("attendance", "\(m.attendees.count + m.residentCount): \(m.attendees.count) named\(named) + \(m.residentCount) residents"))
        }
        if !m.rescheduledFrom.isEmpty {
            fields.append(("rescheduled", "from " + m.rescheduledFrom.map { LocalTime.format($0) }.joined(separator: ", then ")))
        }
        if let reason = m.cancellationReason { fields.append(("cancelled", reason)) }
        var table = Table("", "")
        for (name, value) in fields { table.add([name, value]) }
        out += table.lines().dropFirst().map { $0 + "\n" }.joined()

        out += "\nAGENDA 议程\n"
        if m.agenda.isEmpty {
            out += "none\n"
        } else {
            var agenda = Table([.init("#", alignRight: true), .init("CASE"), .init("TOPIC", maxWidth: 30), .init("OUTCOME")])
            for item in m.agenda {
                let caseText = item.caseID.map { numbers[$0]?.description ?? String($0.rawValue.prefix(8)) } ?? "(topic)"
                let outcome = item.outcome?.text(names: names) ?? (m.status == .held ? "heard, no decision" : "—")
                agenda.add([String(item.number), caseText, item.topic, outcome])
            }
            out += agenda.rendered
            let records = m.agenda.compactMap { item -> String? in
                guard let record = item.record, !record.summary.isEmpty else { return nil }
                let parts = [("问", record.questions), ("答", record.answers), ("辩", record.debate)].filter { !$0.1.isEmpty }
                return "  \(item.number). " + parts.map { "\($0.0)：\(DisplayWidth.singleLine($0.1))" }.joined(separator: "  ")
            }
            if !records.isEmpty { out += "\nRECORD 问答辩\n" + records.map { $0 + "\n" }.joined() }
        }
        if let minutes = m.minutes, !minutes.isEmpty {
            out += "\nMINUTES 会议纪要\n" + minutes.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + DisplayWidth.singleLine(String($0)) + "\n" }.joined()
        }
        return out
    }

    static func table(_ meetings: [Meeting]) -> Table {
        var table = Table([
            .init("ID"), .init("TIME (UTC+8)"), .init("STATUS"), .init("COMMUNITY"), .init("PLACE", maxWidth: 24), .init("FORMAT"),
            .init("CASES", alignRight: true), .init("TOPICS", alignRight: true), .init("PRESENT", alignRight: true),
        ])
        for m in meetings {
            table.add([
                m.id, LocalTime.format(m.heldAt ?? m.scheduledAt), m.status.chinese, m.community, "\(m.placeKind.chinese) \(m.placeName)",
                m.format.chinese, String(m.caseIDs.count), String(m.agenda.count - m.caseIDs.count),
                m.status == .held ? String(m.attendees.count + m.residentCount) : "—",
            ])
        }
        return table
    }

    /// One line after a change to a meeting.
    static func summaryLine(_ m: Meeting) -> String {
        "\(m.id) · \(m.status.label) · \(LocalTime.format(m.scheduledAt)) UTC+8 · \(m.placeKind.chinese) \(m.placeName) · "
            + "\(m.caseIDs.count) \(m.caseIDs.count == 1 ? "case" : "cases"), \(m.agenda.count - m.caseIDs.count) \(m.agenda.count - m.caseIDs.count == 1 ? "topic" : "topics")"
    }
}

struct MeetingsList: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List meetings of a community (or all) in a period, or those that discussed a case.",
        discussion: "\(DayArgument.help). A meeting's date is when it was held, else when it is scheduled.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only this community.")
    var community: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only meetings on or after this day.", valueName: "day"))
    var from: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only meetings on or before this day.", valueName: "day"))
    var through: DayArgument?
    @Option(name: .customLong("before"), parsing: .unconditional, help: .private)
    var deprecatedBefore: DayArgument?
    @Option(name: .customLong("case"), help: ArgumentHelp("Only the meetings that have this case on their agenda: \(CaseArgument.help).", valueName: "case"))
    var target: CaseArgument?

    func validate() throws {
        if target != nil, community != nil || from != nil || through != nil || deprecatedBefore != nil {
            throw ValidationError("--case lists a case's meetings; it takes no --community, --from or --through")
        }
        if through != nil && deprecatedBefore != nil { throw ValidationError("give --through (--before is its old spelling), not both") }
    }

    func run() async throws {
        let session = try session()
        let meetings = try await session.withClient { client in
            if let target { return try await client.listMeetings(discussing: try await target.id(using: client)) }
            let first = try await session.givenDay(from, client: client)
            let last = try await session.givenDay(through ?? deprecatedBefore?.adding(days: -1), client: client)
            return try await client.listMeetings(
                community: community, from: first.map { LocalTime.instant($0) }, before: last.map { LocalTime.instant($0.adding(days: 1)) })
        }
        if session.json {
            session.emit(.object([("meetings", .array(meetings.map { $0.json() }))]))
            return
        }
        guard !meetings.isEmpty else {
            session.note("no meetings")
            return
        }
        session.write(MeetingRendering.table(meetings).rendered)
        session.note("\(meetings.count) \(meetings.count == 1 ? "meeting" : "meetings")")
    }
}

struct MeetingsShow: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a meeting: time, place, who came, the agenda with outcomes, the record and minutes.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The meeting's id (see `meetings list`).")
    var id: String

    func run() async throws {
        let session = try session()
        let (meeting, numbers, names) = try await session.withClient { client in
            async let names = session.json ? DirectoryNames() : DirectoryNames.load(client, people: true)
            let meeting = try await client.getMeeting(meeting: id)
            let numbers = await caseNumbers(meeting.caseIDs, client: client)
            return (meeting, numbers, await names)
        }
        if session.json {
            session.emit(.object([("meeting", meeting.json(numbers: numbers))]))
        } else {
            session.write(MeetingRendering.show(meeting, numbers: numbers, names: names))
        }
    }
}

/// Someone invited: ROLE or ROLE:REF.
struct ParticipantArgument: ExpressibleByArgument {
    var participant: Meeting.Participant

    init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, let role = Meeting.Participant.Role(argument: first) else { return nil }
        let reference = parts.count == 2 && !parts[1].isEmpty ? parts[1] : nil
        participant = Meeting.Participant(role: role, reference: reference)
    }
}

struct MeetingsSchedule: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Schedule a meeting and put cases and topics on its agenda; prints the meeting's id.",
        discussion: """
            Accepted cases given with --case are scheduled for deliberation (awaitingDeliberation). The community's \
            cases still awaiting deliberation that no other scheduled meeting has are added too, unless \
            --no-waiting-cases. Prints the id alone on stdout (M=$(councilctl meetings schedule …)); a note on stderr \
            sums up the agenda.

            Example:
              councilctl meetings schedule --community QX01 --at '2026-12-03 19:00' \\
                --place-kind corridor --place 1号楼议事廊 --format jointMeeting --convener HS01 \\
                --invite representative:RP01 --invite unit:UM --invite resident \\
                --case QX01-20261129-0001 --topic 楼道照明
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "The community code.")
    var community: String
    @Option(help: ArgumentHelp("When it starts. \(TimeArgument.help).", valueName: "time"))
    var at: TimeArgument
    @Option(help: "hall (议事厅, default), corridor (议事廊), pavilion (议事亭) or other.")
    var placeKind: Meeting.PlaceKind = .hall
    @Option(help: "The place's name, for example 3号楼议事廊 (default: the kind's name).")
    var place: String?
    @Option(help: "jointMeeting (联席会, default), heartToHeartTalk (恳谈会), coordinationMeeting (协调会) or other.")
    var format: Meeting.Format = .jointMeeting
    @Option(help: "The convener's person id (see `councilctl people`).")
    var convener: String
    @Option(help: ArgumentHelp(
        "Someone invited, ROLE or ROLE:ID — representative, cadre, leader, unit, propertyCompany, legalAdviser, resident, other; repeat for more.",
        valueName: "role[:id]"))
    var invite: [ParticipantArgument] = []
    @Option(name: .customLong("case"), help: ArgumentHelp("A case to deliberate (accepted or awaiting deliberation); repeat for more.", valueName: "case"))
    var cases: [CaseArgument] = []
    @Option(help: "A free topic; repeat for more.")
    var topic: [String] = []
    @Flag(help: "Do not add the community's other cases awaiting deliberation.")
    var noWaitingCases = false

    func validate() throws {
        if case .day = at { throw ValidationError("--at needs a time of day too, for example '2026-12-03 19:00'") }
    }

    func run() async throws {
        let session = try session()
        let meeting = try await session.withClient { client in
            var ids: [CaseID] = []
            for c in cases { ids.append(try await c.id(using: client)) }
            let plan = MeetingService.Plan(
                community: community, scheduledAt: try await session.instant(at, endOfDay: false, client: client)!, placeKind: placeKind, placeName: place ?? placeKind.chinese,
                format: format, convener: convener, invited: invite.map(\.participant), cases: ids, topics: topic,
                includeWaitingCases: !noWaitingCases)
            return try await client.scheduleMeeting(plan: plan, options: session.options())
        }
        if session.json {
            session.emit(.object([("meeting", meeting.json())]))
            return
        }
        session.print(meeting.id)
        session.note("scheduled: " + MeetingRendering.summaryLine(meeting))
    }
}

struct MeetingsAdd: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a case or a free topic to a scheduled meeting's agenda.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The meeting's id.")
    var id: String
    @Option(name: .customLong("case"), help: ArgumentHelp("A case (accepted or awaiting deliberation).", valueName: "case"))
    var target: CaseArgument?
    @Option(help: "A free topic.")
    var topic: String?

    func validate() throws {
        guard (target == nil) != (topic == nil) else { throw ValidationError("give --case or --topic") }
    }

    func run() async throws {
        let session = try session()
        let meeting = try await session.withClient { client in
            if let target {
                return try await client.addToAgenda(meeting: id, item: .caseID(try await target.id(using: client)), options: session.options())
            }
            return try await client.addToAgenda(meeting: id, item: .topic(topic!), options: session.options())
        }
        if session.json {
            session.emit(.object([("meeting", meeting.json())]))
        } else {
            session.print(MeetingRendering.summaryLine(meeting))
        }
    }
}

/// The record of a held meeting as a JSON file, read by `meetings hold`.
struct HoldRecordFile {
    /// One item as written, before its case is matched to the agenda.
    struct Item {
        var number: Int?
        var caseKey: CaseArgument?
        var record: Meeting.ItemRecord
        var outcome: DeliberationOutcome?
        var path: String
    }

    var heldAt: Timestamp?
    var attendees: [String]
    var residentCount: Int
    var minutes: String?
    var items: [Item]

    static let documentation = """
        THE RECORD FILE (JSON; - reads stdin)
          {
            "heldAt": "2026-12-03 19:00",
            "attendees": ["HS01", "RP01", "RP02"],
            "residents": 12,
            "minutes": "会议纪要：……",
            "items": [
              {"item": 1,
               "questions": "清运为何延误？", "answers": "车辆故障", "debate": "要求每日清运",
               "resolution": {"decision": "城管局督促每日清运", "unit": "UM",
                              "deadline": "2026-12-15", "vote": [15, 2, 1]}},
              {"case": "QX01-20261129-0002", "deferred": "需物业公司到场再议"},
              {"item": 3, "noConsensus": "意见分歧较大，由社区另行研究"},
              {"item": 4, "debate": "楼道照明：已听取意见"}
            ]
          }
          heldAt      when it was held: a TIME as elsewhere (default: now)
          attendees   person ids of directory people who came
          residents   how many other residents came (default 0)
          minutes     the minutes, optional
          items       one per agenda item discussed, named by "item" (its
                      number in `meetings show`) or "case" (number or id).
                      questions / answers / debate are optional text.
                      Every case needs exactly one outcome:
                        resolution {decision, unit (optional: the community
                          itself), deadline (TIME; a day alone is its end,
                          after the meeting and in the future), vote
                          [for, against, abstaining] (optional)}
                        deferred "reason"   kept for the next meeting
                        noConsensus "note"  back to the hall
                      A free topic may have none.
        """

    struct Problem: Error {
        var message: String
    }

    /// Reads the file's JSON.
    static func parse(_ data: Data, now: Timestamp) throws -> HoldRecordFile {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem(message: "not a JSON object")
        }
        try checkKeys(root, ["heldAt", "attendees", "residents", "residentCount", "minutes", "items"], at: "")
        var file = HoldRecordFile(heldAt: nil, attendees: [], residentCount: 0, minutes: nil, items: [])
        if let text = root["heldAt"] {
            file.heldAt = try time(text, "heldAt", endOfDay: false, now: now)
        }
        if let list = root["attendees"] {
            guard let people = list as? [String] else { throw Problem(message: "attendees: a list of person ids") }
            file.attendees = people
        }
        if let count = root["residents"] ?? root["residentCount"] {
            guard let number = jsonInt(count), number >= 0 else { throw Problem(message: "residents: a count, 0 or more") }
            file.residentCount = number
        }
        if let minutes = root["minutes"] {
            guard let text = minutes as? String else { throw Problem(message: "minutes: text") }
            file.minutes = text
        }
        guard let items = (root["items"] ?? []) as? [[String: Any]] else { throw Problem(message: "items: a list of objects") }
        for (index, raw) in items.enumerated() {
            let path = "items[\(index)]"
            try checkKeys(raw, ["item", "case", "questions", "answers", "debate", "resolution", "deferred", "noConsensus"], at: path)
            var item = Item(number: nil, caseKey: nil, record: Meeting.ItemRecord(), outcome: nil, path: path)
            if let number = raw["item"] {
                guard let n = jsonInt(number) else { throw Problem(message: "\(path).item: the agenda item's number") }
                item.number = n
            }
            if let key = raw["case"] {
                guard let text = key as? String, let parsed = CaseArgument(argument: text) else {
                    throw Problem(message: "\(path).case: a case number or id")
                }
                item.caseKey = parsed
            }
            guard (item.number == nil) != (item.caseKey == nil) else { throw Problem(message: "\(path): give \"item\" or \"case\"") }
            for (key, keyPath) in [("questions", \Meeting.ItemRecord.questions), ("answers", \.answers), ("debate", \.debate)] {
                guard let value = raw[key] else { continue }
                guard let text = value as? String else { throw Problem(message: "\(path).\(key): text") }
                item.record[keyPath: keyPath] = text
            }
            let outcomes = ["resolution", "deferred", "noConsensus"].filter { raw[$0] != nil }
            guard outcomes.count <= 1 else { throw Problem(message: "\(path): one outcome only, not \(outcomes.joined(separator: " and "))") }
            if let resolution = raw["resolution"] {
                item.outcome = .resolution(try self.resolution(resolution, "\(path).resolution", now: now))
            } else if let reason = raw["deferred"] {
                guard let text = reason as? String else { throw Problem(message: "\(path).deferred: the reason, as text") }
                item.outcome = .deferred(reason: text)
            } else if let note = raw["noConsensus"] {
                guard let text = note as? String else { throw Problem(message: "\(path).noConsensus: a note, as text") }
                item.outcome = .noConsensus(note: text)
            }
            file.items.append(item)
        }
        return file
    }

    private static func resolution(_ value: Any, _ path: String, now: Timestamp) throws -> MeetingResolution {
        guard let object = value as? [String: Any] else { throw Problem(message: "\(path): an object {decision, unit, deadline, vote}") }
        try checkKeys(object, ["decision", "unit", "deadline", "vote"], at: path)
        guard let decision = object["decision"] as? String else { throw Problem(message: "\(path).decision: what was decided, as text") }
        var unit: String?
        if let value = object["unit"], !(value is NSNull) {
            guard let code = value as? String else { throw Problem(message: "\(path).unit: a unit code") }
            unit = code
        }
        guard let deadlineText = object["deadline"] else { throw Problem(message: "\(path).deadline: required") }
        let deadline = try time(deadlineText, "\(path).deadline", endOfDay: true, now: now)
        var vote: Vote?
        if let raw = object["vote"] {
            if let list = raw as? [Any], list.count == 3, case let numbers = list.compactMap(jsonInt), numbers.count == 3, numbers.allSatisfy({ $0 >= 0 }) {
                vote = Vote(inFavour: numbers[0], against: numbers[1], abstaining: numbers[2])
            } else if let counts = raw as? [String: Any], counts.count == 3, let f = jsonInt(counts["inFavour"]), let a = jsonInt(counts["against"]),
                let s = jsonInt(counts["abstaining"]), f >= 0, a >= 0, s >= 0
            {
                vote = Vote(inFavour: f, against: a, abstaining: s)
            } else {
                throw Problem(message: "\(path).vote: [for, against, abstaining], three counts")
            }
        }
        return MeetingResolution(decision: decision, responsibleUnit: unit, deadline: deadline, vote: vote)
    }

    private static func time(_ value: Any, _ path: String, endOfDay: Bool, now: Timestamp) throws -> Timestamp {
        guard let text = value as? String, let parsed = TimeArgument.parse(text) else {
            throw Problem(message: "\(path): a time such as '2026-12-03 19:00' or 2026-12-15")
        }
        return parsed.timestamp(endOfDay: endOfDay, clock: ServerClock(now: now))
    }

    private static func checkKeys(_ object: [String: Any], _ allowed: Set<String>, at path: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Problem(message: "\(path.isEmpty ? "" : path + ".")\(unknown): unknown key; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// The record for the server, with each item matched to the meeting's agenda.
    func record(for meeting: Meeting, client: CouncilClient, now: Timestamp) async throws -> MeetingService.Record {
        var result: [MeetingService.Record.Item] = []
        for item in items {
            var number = item.number
            if let key = item.caseKey {
                let id = try await key.id(using: client)
                guard let agendaItem = meeting.agenda.first(where: { $0.caseID == id }) else {
                    throw Problem(message: "\(item.path).case: \(key) is not on the agenda of \(meeting.id)")
                }
                number = agendaItem.number
            }
            result.append(MeetingService.Record.Item(number: number!, record: item.record, outcome: item.outcome))
        }
        return MeetingService.Record(heldAt: heldAt ?? now, attendees: attendees, residentCount: residentCount, items: result, minutes: minutes)
    }
}

struct MeetingsHold: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Record a meeting as held — attendance, each item's record and outcome — and move its cases.",
        discussion: """
            A resolution sends its case to handling (inProgress) with the resolution's unit and deadline; a deferral \
            keeps it awaiting deliberation and puts it on the community's next scheduled meeting; no consensus \
            returns it to the hall (accepted). A case that changed meanwhile is reported and left as it is (exit 6).

            \(HoldRecordFile.documentation)
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The meeting's id.")
    var id: String

    @Option(name: .customLong("record"), help: ArgumentHelp("The record file (JSON, see below; - for stdin).", valueName: "file"))
    var file: String

    func run() async throws {
        let session = try session()
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw Failure(.invalid, "invalid meeting record \(file): cannot read it")
        }
        func parse(now: Timestamp) throws -> HoldRecordFile {
            do { return try HoldRecordFile.parse(data, now: now) } catch let problem as HoldRecordFile.Problem {
                throw Failure(.invalid, "invalid meeting record \(file): \(problem.message)")
            }
        }
        _ = try parse(now: Timestamp(millisecondsSince1970: 0))  // A broken file is refused before connecting.
        let (held, names) = try await session.withClient { client in
            let meeting = try await client.getMeeting(meeting: id)
            // `now`, `+1w` and a missing heldAt count from the server's clock.
            let now = try await session.clock(client).now
            let parsed = try parse(now: now)
            let record: MeetingService.Record
            do { record = try await parsed.record(for: meeting, client: client, now: now) } catch let problem as HoldRecordFile.Problem {
                throw Failure(.invalid, "invalid meeting record \(file): \(problem.message)")
            }
            let held = try await client.holdMeeting(meeting: id, record: record, options: session.options())
            return (held, session.json ? DirectoryNames() : await DirectoryNames.load(client))
        }
        let failed = held.failures.map { ($0.caseID, $0.status) }
        let carried = held.carriedOver.map { ($0.caseID, $0.meeting) }
        if session.json {
            session.emit(.object([
                ("meeting", held.meeting.json(numbers: Dictionary(held.cases.map { ($0.state.id, $0.state.number) }, uniquingKeysWith: { a, _ in a }))),
                ("moved", .array(held.cases.map(\.briefJSON))),
                ("failed", .array(failed.map { .object([("caseId", .string($0.0.rawValue)), ("code", .string("\($0.1.code)")), ("message", .string($0.1.message))]) })),
                ("carriedOver", .array(carried.map { .object([("caseId", .string($0.0.rawValue)), ("meeting", .string($0.1))]) })),
            ]))
        } else {
            let m = held.meeting
            var out = "held \(m.id) at \(LocalTime.format(m.heldAt)) (UTC+8) · \(m.attendees.count + m.residentCount) present"
                + " (\(m.attendees.count) named + \(m.residentCount) residents)\n"
            if !held.cases.isEmpty {
                var table = Table([.init("CASE"), .init("OUTCOME"), .init("NOW"), .init("UNIT"), .init("DUE (UTC+8)")])
                for view in held.cases {
                    let outcome = m.agenda.first { $0.caseID == view.state.id }?.outcome
                    table.add([
                        view.state.number.description, outcome.map { "\($0.kind)" } ?? "—", view.state.status.label,
                        names.unit(view.state.responsibleUnit), LocalTime.format(view.state.currentDue),
                    ])
                }
                out += "\n" + table.rendered
            }
            for (id, meeting) in carried { out += "carried over: case \(id) → meeting \(meeting)\n" }
            session.write(out)
            for (id, status) in failed { session.note("not moved: case \(id): \(status.message) (\(status.code))") }
        }
        if !failed.isEmpty {
            throw Failure(.refused, "\(failed.count) of the meeting's cases could not be moved; the meeting is recorded as held", answeredInJSON: session.json)
        }
    }
}

struct MeetingsCancel: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Call off a scheduled meeting; its cases wait for the community's next meeting.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The meeting's id.")
    var id: String
    @Option(help: "Why it is called off.")
    var reason: String

    func run() async throws {
        let session = try session()
        let meeting = try await session.withClient { try await $0.cancelMeeting(meeting: id, reason: reason, options: session.options()) }
        if session.json {
            session.emit(.object([("meeting", meeting.json())]))
        } else {
            session.print(MeetingRendering.summaryLine(meeting))
        }
    }
}

struct MeetingsReschedule: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule", abstract: "Move a scheduled meeting to another time; the earlier time is kept.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The meeting's id.")
    var id: String
    @Option(help: ArgumentHelp("The new time. \(TimeArgument.help).", valueName: "time"))
    var to: TimeArgument

    func validate() throws {
        if case .day = to { throw ValidationError("--to needs a time of day too, for example '2026-12-05 19:00'") }
    }

    func run() async throws {
        let session = try session()
        let meeting = try await session.withClient { client in
            try await client.rescheduleMeeting(
                meeting: id, scheduledAt: try await session.instant(to, endOfDay: false, client: client)!, options: session.options())
        }
        if session.json {
            session.emit(.object([("meeting", meeting.json())]))
        } else {
            session.print(MeetingRendering.summaryLine(meeting))
        }
    }
}

struct MeetingsNotice: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Print a held meeting's public notice (公示) for the notice board: the resolutions, without personal data.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The meeting's id.")
    var id: String

    func run() async throws {
        let session = try session()
        let text = try await session.withClient { try await $0.getPublicNotice(meeting: id) }
        if session.json {
            session.emit(.object([("meeting", .string(id)), ("text", .string(text))]))
        } else {
            session.write(text.hasSuffix("\n") ? text : text + "\n")
        }
    }
}

struct MeetingsGaps: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "List the weeks (Monday–Sunday) in which a community — or each — held no meeting.",
        discussion: "Each community meets at least once a week. The period defaults to this month so far. \(DayArgument.help).")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only this community.")
    var community: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("The first day (default: the 1st of this month).", valueName: "day"))
    var from: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("The last day (default: today).", valueName: "day"))
    var through: DayArgument?
    @Option(help: ArgumentHelp("A whole month instead: 2026-11, this or last.", valueName: "month"))
    var month: MonthArgument?

    func validate() throws {
        try Period.check(month: month, from: from, through: through)
    }

    func run() async throws {
        let session = try session()
        let (period, gaps, names) = try await session.withClient { client in
            async let names = session.json ? DirectoryNames() : DirectoryNames.load(client)
            let period = try Period.resolve(month: month, from: from, through: through, clock: try await session.clock(client))
            let gaps = try await client.listMeetingCadenceGaps(community: community, from: period.from, through: period.through)
            return (period, gaps, await names)
        }
        if session.json {
            session.emit(.object([("from", .day(period.from)), ("through", .day(period.through)), ("gaps", .array(gaps.map(\.json)))]))
            return
        }
        guard !gaps.isEmpty else {
            session.note("no gaps in \(period.description): every week had a meeting")
            return
        }
        var table = Table("COMMUNITY", "NAME", "WEEK WITHOUT A MEETING")
        for gap in gaps {
            table.add([gap.community, names.communities[gap.community] ?? "—", "\(gap.weekStarting) – \(gap.weekStarting.adding(days: 6))"])
        }
        session.write(table.rendered)
        let communities = Set(gaps.map(\.community)).count
        session.note("\(gaps.count) \(gaps.count == 1 ? "week" : "weeks") without a meeting in \(communities) \(communities == 1 ? "community" : "communities"), \(period.description)")
    }
}
