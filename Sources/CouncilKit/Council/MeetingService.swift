import Foundation

/// Schedules and holds council meetings (议事会议) and carries their outcomes into the cases they discuss.
///
/// A case on a meeting's agenda is awaiting deliberation; holding the meeting records each item's questions,
/// answers and debate and its outcome, and moves each case in the loop: a resolution sends it to handling with the
/// resolution's unit and deadline, a deferral keeps it on the next meeting's agenda, no consensus returns it to
/// the hall.
public struct MeetingService: Sendable {
    /// What to schedule.
    public struct Plan: Hashable, Sendable {
        /// The community code.
        public var community: String
        /// When it starts.
        public var scheduledAt: Timestamp
        /// The kind of place.
        public var placeKind: Meeting.PlaceKind
        /// The place's name.
        public var placeName: String
        /// The format.
        public var format: Meeting.Format
        /// The convener's person id.
        public var convener: String
        /// Who is invited.
        public var invited: [Meeting.Participant]
        /// Cases to put on the agenda; accepted cases are scheduled for deliberation by this meeting.
        public var cases: [CaseID]
        /// Free topics to put on the agenda.
        public var topics: [String]
        /// Whether to add the community's cases still awaiting deliberation that no other scheduled meeting has on
        /// its agenda (deferred at an earlier meeting). Defaults to `true`.
        public var includeWaitingCases: Bool

        /// Creates a plan.
        public init(
            community: String, scheduledAt: Timestamp, placeKind: Meeting.PlaceKind, placeName: String,
            format: Meeting.Format, convener: String, invited: [Meeting.Participant] = [], cases: [CaseID] = [],
            topics: [String] = [], includeWaitingCases: Bool = true
        ) {
            self.community = community
            self.scheduledAt = scheduledAt
            self.placeKind = placeKind
            self.placeName = placeName
            self.format = format
            self.convener = convener
            self.invited = invited
            self.cases = cases
            self.topics = topics
            self.includeWaitingCases = includeWaitingCases
        }
    }

    /// What happened at a meeting, for ``hold(_:_:by:)``.
    public struct Record: Hashable, Sendable {
        /// One agenda item's discussion and outcome.
        public struct Item: Hashable, Sendable {
            /// The agenda item's number.
            public var number: Int
            /// The questions, answers and debate.
            public var record: Meeting.ItemRecord
            /// The outcome; required for cases, optional for free topics.
            public var outcome: DeliberationOutcome?

            /// Creates an item record.
            public init(number: Int, record: Meeting.ItemRecord, outcome: DeliberationOutcome?) {
                self.number = number
                self.record = record
                self.outcome = outcome
            }
        }

        /// When it was held.
        public var heldAt: Timestamp
        /// Directory people who attended.
        public var attendees: [String]
        /// How many residents attended besides them.
        public var residentCount: Int
        /// Each agenda item's record.
        public var items: [Item]
        /// The minutes.
        public var minutes: String?

        /// Creates a record.
        public init(heldAt: Timestamp, attendees: [String], residentCount: Int, items: [Item], minutes: String? = nil) {
            self.heldAt = heldAt
            self.attendees = attendees
            self.residentCount = residentCount
            self.items = items
            self.minutes = minutes
        }
    }

    /// What ``hold(_:_:by:)`` did.
    public struct HoldResult: Sendable {
        /// The meeting as held.
        public var meeting: Meeting
        /// Each case on the agenda after its outcome was recorded.
        public var cases: [CouncilCase]
        /// Cases whose outcome could not be recorded (the case changed meanwhile), with the reason.
        public var failures: [CaseID: CouncilError]
        /// Deferred cases put on the community's next scheduled meeting, by that meeting's id.
        public var carriedOver: [CaseID: String]
    }

    /// The cases, directory, calendar and store the meetings work with.
    public let cases: CaseService

    /// Creates the service on top of the case service (and its store).
    public init(cases: CaseService) {
        self.cases = cases
    }

    var store: any CaseStore { cases.store }
    var directory: Directory { cases.directory }

    // MARK: Writing

    /// Schedules a meeting and puts its cases on the agenda.
    /// - Parameters:
    ///   - plan: When, where, who and what.
    ///   - principal: Who schedules it; recorded on the cases' events.
    /// - Returns: The scheduled meeting.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming the field at fault (an unknown person, unit or case,
    ///   a case of another community or one that is not accepted or awaiting deliberation).
    public func schedule(_ plan: Plan, by principal: Principal) async throws -> Meeting {
        try requireCommunity(plan.community)
        try Validate.text(plan.placeName, "plan.placeName", TextLimits.shortName)
        try cases.checkWithinReach(plan.scheduledAt, "plan.scheduledAt")
        try requirePerson(plan.convener, "plan.convener")
        for (i, participant) in plan.invited.enumerated() { try check(participant, "plan.invited[\(i)]") }
        for (i, topic) in plan.topics.enumerated() { try Validate.text(topic, "plan.topics[\(i)]", TextLimits.topic) }

        var agendaCases: [CouncilCase] = []
        for (i, id) in plan.cases.enumerated() where !agendaCases.contains(where: { $0.id == id }) {
            agendaCases.append(try await deliberable(id, community: plan.community, field: "plan.cases[\(i)]"))
        }
        if plan.includeWaitingCases {
            let onAgendas = Set(try await scheduledMeetings(of: plan.community).flatMap(\.caseIDs))
            for waiting in try await waitingCases(of: plan.community)
            where !onAgendas.contains(waiting.id) && !agendaCases.contains(where: { $0.id == waiting.id }) {
                agendaCases.append(waiting)
            }
        }

        let date = cases.calendar.localDate(of: plan.scheduledAt)
        let meeting = Meeting(
            id: "\(plan.community)-\(date.compactText)-\(CaseID().rawValue.prefix(8))", community: plan.community,
            scheduledAt: plan.scheduledAt, placeKind: plan.placeKind, placeName: plan.placeName, format: plan.format,
            convener: plan.convener, invited: plan.invited,
            agenda: (agendaCases.map { ($0.id as CaseID?, $0.submission.title) } + plan.topics.map { (nil, $0) })
                .enumerated().map { Meeting.AgendaItem(number: $0.offset + 1, caseID: $0.element.0, topic: $0.element.1) },
            status: .scheduled, heldAt: nil, attendees: [], residentCount: 0, minutes: nil, rescheduledFrom: [],
            cancellationReason: nil)
        try await store.save(meeting, expectedVersion: 0)
        for c in agendaCases where c.status == .accepted {
            _ = try await cases.scheduleDeliberation(c.id, meeting: meeting.id, by: principal)
        }
        return meeting
    }

    /// Adds a case or a free topic to a scheduled meeting's agenda.
    /// - Parameters:
    ///   - id: The meeting.
    ///   - caseID: A case of the meeting's community, accepted or awaiting deliberation; or `nil` for a free topic.
    ///   - topic: The topic, for a free topic; ignored for a case (its title is used).
    ///   - principal: Who adds it.
    /// - Returns: The meeting with the new item.
    public func addToAgenda(_ id: String, caseID: CaseID? = nil, topic: String? = nil, by principal: Principal) async throws -> Meeting {
        let current = try await meeting(id)
        try requireScheduled(current)
        var item: (CaseID?, String)
        var toSchedule: CouncilCase?
        if let caseID {
            guard !current.caseIDs.contains(caseID) else {
                throw CouncilError.invalid("caseID", "case \(caseID) is already on the agenda")
            }
            let c = try await deliberable(caseID, community: current.community, field: "caseID")
            item = (c.id, c.submission.title)
            if c.status == .accepted { toSchedule = c }
        } else {
            guard let topic else { throw CouncilError.invalid("topic", "give a case or a topic") }
            try Validate.text(topic, "topic", TextLimits.topic)
            item = (nil, topic)
        }
        let updated = try await update(id) { meeting in
            try requireScheduled(meeting)
            meeting.agenda.append(Meeting.AgendaItem(number: (meeting.agenda.map(\.number).max() ?? 0) + 1, caseID: item.0, topic: item.1))
        }
        if let toSchedule { _ = try await cases.scheduleDeliberation(toSchedule.id, meeting: id, by: principal) }
        return updated
    }

    /// Moves a scheduled meeting to another time.
    public func reschedule(_ id: String, to time: Timestamp, by principal: Principal) async throws -> Meeting {
        try cases.checkWithinReach(time, "scheduledAt")
        return try await update(id) { meeting in
            try requireScheduled(meeting)
            meeting.rescheduledFrom.append(meeting.scheduledAt)
            meeting.scheduledAt = time
        }
    }

    /// Calls off a scheduled meeting. Its cases stay awaiting deliberation and go onto the community's next
    /// scheduled meeting, or onto the next meeting scheduled.
    public func cancel(_ id: String, reason: String, by principal: Principal) async throws -> Meeting {
        try Validate.text(reason, "reason", TextLimits.reason)
        let cancelled = try await update(id) { meeting in
            try requireScheduled(meeting)
            meeting.status = .cancelled
            meeting.cancellationReason = reason
        }
        var waiting: [CaseID] = []
        for caseID in cancelled.caseIDs where try await store.fetch(caseID)?.status == .awaitingDeliberation {
            waiting.append(caseID)
        }
        _ = try await carryOver(waiting, from: cancelled, by: principal)
        return cancelled
    }

    /// Puts cases onto the community's next scheduled meeting after `meeting`, if there is one.
    private func carryOver(_ caseIDs: [CaseID], from meeting: Meeting, by principal: Principal) async throws -> [CaseID: String] {
        guard !caseIDs.isEmpty,
            let next = try await scheduledMeetings(of: meeting.community)
                .filter({ $0.id != meeting.id }).min(by: { $0.scheduledAt < $1.scheduledAt })
        else { return [:] }
        var carried: [CaseID: String] = [:]
        for caseID in caseIDs where !next.caseIDs.contains(caseID) {
            _ = try await addToAgenda(next.id, caseID: caseID, by: principal)
            carried[caseID] = next.id
        }
        return carried
    }

    /// Records a meeting as held and carries each item's outcome into its case.
    ///
    /// Every case item needs an outcome. The meeting is saved first; then each case's outcome is recorded through
    /// ``CaseService/recordDeliberationOutcome(_:_:by:expectedVersion:)``. A case that changed meanwhile (withdrawn,
    /// say) is reported in ``HoldResult/failures`` and left as it is. Deferred cases go onto the community's next
    /// scheduled meeting when there is one, or onto the next meeting scheduled.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming the item at fault;
    ///   ``CouncilError/Code/failedPrecondition`` when the meeting was held or cancelled already.
    public func hold(_ id: String, _ record: Record, by principal: Principal) async throws -> HoldResult {
        for (i, person) in record.attendees.enumerated() { try requirePerson(person, "record.attendees[\(i)]") }
        guard record.residentCount >= 0 else { throw CouncilError.invalid("record.residentCount", "cannot be negative") }
        try Validate.text(record.minutes, "record.minutes", TextLimits.report)
        try cases.checkWithinReach(record.heldAt, "record.heldAt")
        let current = try await meeting(id)
        try requireScheduled(current)
        var results: [Int: Record.Item] = [:]
        for (i, item) in record.items.enumerated() {
            guard let agendaItem = current.agenda.first(where: { $0.number == item.number }) else {
                throw CouncilError.invalid("record.items[\(i)].number", "the agenda has no item \(item.number)")
            }
            guard results.updateValue(item, forKey: item.number) == nil else {
                throw CouncilError.invalid("record.items[\(i)].number", "item \(item.number) is recorded twice")
            }
            try Validate.text(item.record.questions, "record.items[\(i)].record.questions", TextLimits.description, required: false)
            try Validate.text(item.record.answers, "record.items[\(i)].record.answers", TextLimits.description, required: false)
            try Validate.text(item.record.debate, "record.items[\(i)].record.debate", TextLimits.description, required: false)
            if let outcome = item.outcome { try cases.validate(outcome, "record.items[\(i)].outcome") }
            if case .resolution(let resolution) = item.outcome {
                let field = "record.items[\(i)].outcome.resolution.deadline"
                guard resolution.deadline > max(record.heldAt, cases.clock.now()) else {
                    throw CouncilError.invalid(field, "the deadline must be after the meeting and in the future")
                }
                try cases.checkBounded(resolution.deadline, field, now: cases.clock.now())
            }
            if agendaItem.caseID != nil, item.outcome == nil {
                throw CouncilError.invalid("record.items[\(i)].outcome", "agenda item \(item.number) is a case and needs an outcome")
            }
        }
        if let missing = current.agenda.first(where: { $0.caseID != nil && results[$0.number] == nil }) {
            throw CouncilError.invalid("record.items", "agenda item \(missing.number) is a case and needs an outcome")
        }

        // Cases that left deliberation meanwhile (withdrawn, say) get no outcome: the meeting cannot decide them.
        var failures: [CaseID: CouncilError] = [:]
        for item in current.agenda {
            guard let caseID = item.caseID, let c = try await store.fetch(caseID) else { continue }
            do {
                try c.check(.recordDeliberationOutcome, at: cases.clock.now())
            } catch let error as CouncilError {
                failures[caseID] = error
                results[item.number]?.outcome = nil
            }
        }

        let held = try await update(id) { meeting in
            try requireScheduled(meeting)
            meeting.status = .held
            meeting.heldAt = record.heldAt
            meeting.attendees = record.attendees
            meeting.residentCount = record.residentCount
            meeting.minutes = record.minutes
            for index in meeting.agenda.indices {
                if let result = results[meeting.agenda[index].number] {
                    meeting.agenda[index].record = result.record
                    meeting.agenda[index].outcome = result.outcome
                }
            }
        }

        var updated: [CouncilCase] = []
        var deferred: [CaseID] = []
        for item in held.agenda {
            guard let caseID = item.caseID, let outcome = item.outcome else { continue }
            do {
                let summary = item.record?.summary
                updated.append(
                    try await cases.recordDeliberationOutcome(
                        caseID, DeliberationRecord(meeting: id, summary: summary?.isEmpty == false ? summary : nil, outcome: outcome),
                        by: principal))
                if case .deferred = outcome { deferred.append(caseID) }
            } catch let error as CouncilError {
                failures[caseID] = error
            }
        }

        let carriedOver = try await carryOver(deferred, from: held, by: principal)
        return HoldResult(meeting: held, cases: updated, failures: failures, carriedOver: carriedOver)
    }

    // MARK: Reading

    /// The meeting with this id.
    /// - Throws: ``CouncilError/Code/notFound``.
    public func meeting(_ id: String) async throws -> Meeting {
        guard let found = try await store.fetch(Meeting.self, id: id) else { throw CouncilError.notFound("no meeting \(id)") }
        return found.record
    }

    /// Meetings of a community (or all) whose date — held, else scheduled — falls in `[from, before)`, in date order.
    public func meetings(community: String? = nil, from: Timestamp? = nil, before: Timestamp? = nil) async throws -> [Meeting] {
        try await store.all(Meeting.self, community: community, from: from, before: before).map(\.record)
    }

    /// The meetings that discussed a case or have it on their agenda, in date order.
    public func meetings(discussing caseID: CaseID) async throws -> [Meeting] {
        let c = try await cases.case(caseID)
        var found: [Meeting] = []
        for id in c.meetings { if let m = try await store.fetch(Meeting.self, id: id) { found.append(m.record) } }
        for m in try await scheduledMeetings(of: c.community) where m.caseIDs.contains(caseID) && !found.contains(where: { $0.id == m.id }) {
            found.append(m)
        }
        return found.sorted { ($0.recordDate ?? $0.scheduledAt) < ($1.recordDate ?? $1.scheduledAt) }
    }

    /// The weeks (Monday to Sunday, local time) in which a community held no meeting.
    ///
    /// Each community must hold at least one meeting a week.
    /// - Parameters:
    ///   - community: One community, or every community in the directory.
    ///   - from: The first day of the period.
    ///   - through: The last day of the period.
    /// - Returns: The gaps, by community and then week.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for a period that ends before it starts (`through`) or a
    ///   community the directory does not have (`community`).
    public func cadenceGaps(community: String? = nil, from: LocalDate, through: LocalDate) async throws -> [CadenceGap] {
        guard from <= through else { throw CouncilError.invalid("through", "the period ends before it starts") }
        if let community, directory.communities[community] == nil {
            throw CouncilError.invalid("community", "the directory has no community \(community.prefix(64))")
        }
        let calendar = cases.calendar
        let communities = community.map { [$0] } ?? directory.sortedCommunities.map(\.code)
        let firstMonday = from.adding(days: -(Weekday.allCases.firstIndex(of: from.weekday)!))
        let held = try await meetings(
            community: community, from: calendar.startOfDay(firstMonday), before: calendar.startOfDay(through.adding(days: 1))
        ).filter { $0.status == .held }
        var heldWeeks: Set<String> = []
        for meeting in held {
            let day = calendar.localDate(of: meeting.heldAt!)
            let monday = day.adding(days: -(Weekday.allCases.firstIndex(of: day.weekday)!))
            heldWeeks.insert("\(meeting.community) \(monday)")
        }
        var gaps: [CadenceGap] = []
        for code in communities {
            var monday = firstMonday
            while monday <= through {
                if !heldWeeks.contains("\(code) \(monday)") { gaps.append(CadenceGap(community: code, weekStarting: monday)) }
                monday = monday.adding(days: 7)
            }
        }
        return gaps
    }

    // MARK: Helpers

    func scheduledMeetings(of community: String) async throws -> [Meeting] {
        try await meetings(community: community).filter { $0.status == .scheduled }
    }

    private func waitingCases(of community: String) async throws -> [CouncilCase] {
        var result: [CouncilCase] = []
        var query = CaseQuery(community: community, statuses: [.awaitingDeliberation], order: .oldestFirst, limit: 500)
        repeat {
            let page = try await cases.find(query)
            result += page.cases
            query.cursor = page.nextCursor
        } while query.cursor != nil
        return result
    }

    private func deliberable(_ id: CaseID, community: String, field: String) async throws -> CouncilCase {
        guard let c = try await store.fetch(id) else { throw CouncilError.invalid(field, "no case with id \(id)") }
        guard c.community == community else {
            throw CouncilError.invalid(field, "case \(c.number) belongs to community \(c.community), not \(community)")
        }
        guard c.status == .accepted || c.status == .awaitingDeliberation else {
            throw CouncilError.invalid(field, "case \(c.number) is \(c.status.rawValue); only accepted cases or cases awaiting deliberation go on an agenda")
        }
        return c
    }

    private func update(_ id: String, _ change: (inout Meeting) throws -> Void) async throws -> Meeting {
        var attempt = 0
        while true {
            attempt += 1
            guard let current = try await store.fetch(Meeting.self, id: id) else { throw CouncilError.notFound("no meeting \(id)") }
            var meeting = current.record
            try change(&meeting)
            do {
                try await store.save(meeting, expectedVersion: current.version)
                return meeting
            } catch let error as CouncilError where error.code == .versionConflict && attempt < cases.configuration.maximumAttempts {
                continue
            }
        }
    }

    private func requireScheduled(_ meeting: Meeting) throws {
        guard meeting.status == .scheduled else {
            throw CouncilError(.failedPrecondition, "meeting \(meeting.id) is \(meeting.status.rawValue), not scheduled")
        }
    }

    private func requireCommunity(_ code: String) throws {
        guard directory.communities[code] != nil else { throw cases.unknown("plan.community", "community", code) }
    }

    private func requirePerson(_ id: String, _ field: String) throws {
        guard directory.people[id] != nil else { throw cases.unknown(field, "person", id) }
    }

    private func check(_ participant: Meeting.Participant, _ field: String) throws {
        guard let reference = participant.reference else { return }
        switch participant.role {
        case .unit, .propertyCompany, .legalAdviser:
            guard directory.units[reference] != nil else { throw cases.unknown("\(field).reference", "unit", reference) }
        default:
            guard directory.people[reference] != nil else { throw cases.unknown("\(field).reference", "person", reference) }
        }
    }
}

/// A week in which a community held no council meeting.
public struct CadenceGap: Hashable, Sendable, Codable {
    /// The community code.
    public var community: String
    /// The Monday the week starts on.
    public var weekStarting: LocalDate

    /// Creates a gap.
    public init(community: String, weekStarting: LocalDate) {
        self.community = community
        self.weekStarting = weekStarting
    }
}
