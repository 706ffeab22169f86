import CCouncilWireSupport
import CProtobufC
import CouncilKit
import CouncilWireC
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The council itself — meetings, the linkage, representatives, scorecards — CouncilKit values ↔ protobuf-c messages.
// Calendar days travel as `YYYY-MM-DD` strings; fields the server derives (a measure's value and formula) are
// written from the CouncilKit value and not read back.

// MARK: - Encoding

extension Arena {
    /// A calendar day as `YYYY-MM-DD`.
    @inline(__always)
    func date(_ day: LocalDate, _ field: @autoclosure () -> String) throws -> CString {
        try string(day.description, field())
    }

    /// A copy of `bytes` for a `bytes` field.
    func binary(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        guard !bytes.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        guard let memory = council_arena_alloc(raw, bytes.count) else { fatalError("out of memory encoding a frame") }
        bytes.withUnsafeBytes { _ = memcpy(memory, $0.baseAddress!, bytes.count) }
        return ProtobufCBinaryData(len: bytes.count, data: memory.assumingMemoryBound(to: UInt8.self))
    }

    func encode(_ r: MeetingResolution) throws -> UnsafeMutablePointer<Council__V1__MeetingResolution> {
        let res = make(council__v1__meeting_resolution__init)
        res.pointee.decision = try string(r.decision, "decision")
        if let v = r.responsibleUnit {
            res.pointee.responsible_unit = try string(v, "responsible_unit"); res.pointee._responsible_unit_case = oneof(2)
        }
        res.pointee.deadline = r.deadline.millisecondsSince1970
        if let vote = r.vote {
            let v = make(council__v1__vote__init)
            v.pointee.in_favour = Int32(clamping: vote.inFavour)
            v.pointee.against = Int32(clamping: vote.against)
            v.pointee.abstaining = Int32(clamping: vote.abstaining)
            res.pointee.vote = v
        }
        return res
    }

    func encode(_ d: Meeting.ItemRecord) throws -> UnsafeMutablePointer<Council__V1__ItemRecord> {
        let m = make(council__v1__item_record__init)
        m.pointee.questions = try string(d.questions, "questions")
        m.pointee.answers = try string(d.answers, "answers")
        m.pointee.debate = try string(d.debate, "debate")
        return m
    }

    func encode(_ p: Meeting.Participant) throws -> UnsafeMutablePointer<Council__V1__Participant> {
        let m = make(council__v1__participant__init)
        m.pointee.role = .init(rawValue: WireEnums.participantRole.number(p.role))
        if let v = p.reference { m.pointee.reference = try string(v, "reference"); m.pointee._reference_case = oneof(2) }
        return m
    }

    func encode(_ item: Meeting.AgendaItem) throws -> UnsafeMutablePointer<Council__V1__AgendaItem> {
        let m = make(council__v1__agenda_item__init)
        m.pointee.number = Int32(clamping: item.number)
        if let v = item.caseID { m.pointee.case_id = try string(v.rawValue, "case_id"); m.pointee._case_id_case = oneof(2) }
        m.pointee.topic = try string(item.topic, "topic")
        if let v = item.record { m.pointee.record = try within("record") { try encode(v) } }
        switch item.outcome {
        case .resolution(let r)?:
            m.pointee.resolution = try within("resolution") { try encode(r) }; m.pointee.outcome_case = oneof(5)
        case .deferred(let reason)?:
            m.pointee.deferred_reason = try string(reason, "deferred_reason"); m.pointee.outcome_case = oneof(6)
        case .noConsensus(let note)?:
            m.pointee.no_consensus_note = try string(note, "no_consensus_note"); m.pointee.outcome_case = oneof(7)
        case nil:
            break
        }
        return m
    }

    func encode(_ meeting: Meeting) throws -> UnsafeMutablePointer<Council__V1__Meeting> {
        let m = make(council__v1__meeting__init)
        m.pointee.id = try string(meeting.id, "id")
        m.pointee.community = try string(meeting.community, "community")
        m.pointee.scheduled_at = meeting.scheduledAt.millisecondsSince1970
        m.pointee.place_kind = .init(rawValue: WireEnums.placeKind.number(meeting.placeKind))
        m.pointee.place_name = try string(meeting.placeName, "place_name")
        m.pointee.format = .init(rawValue: WireEnums.meetingFormat.number(meeting.format))
        m.pointee.convener = try string(meeting.convener, "convener")
        (m.pointee.n_invited, m.pointee.invited) = try messages(Array(meeting.invited.enumerated())) { i, p in
            try within("invited[\(i)]") { try encode(p) }
        }
        (m.pointee.n_agenda, m.pointee.agenda) = try messages(Array(meeting.agenda.enumerated())) { i, item in
            try within("agenda[\(i)]") { try encode(item) }
        }
        m.pointee.status = .init(rawValue: WireEnums.meetingStatus.number(meeting.status))
        if let v = meeting.heldAt { m.pointee.held_at = v.millisecondsSince1970; m.pointee._held_at_case = oneof(11) }
        (m.pointee.n_attendees, m.pointee.attendees) = try strings(meeting.attendees, "attendees")
        m.pointee.resident_count = Int32(clamping: meeting.residentCount)
        if let v = meeting.minutes { m.pointee.minutes = try string(v, "minutes"); m.pointee._minutes_case = oneof(14) }
        if let array = array(Int64.self, count: meeting.rescheduledFrom.count) {
            for (i, t) in meeting.rescheduledFrom.enumerated() { (array + i).initialize(to: t.millisecondsSince1970) }
            m.pointee.n_rescheduled_from = meeting.rescheduledFrom.count
            m.pointee.rescheduled_from = array
        }
        if let v = meeting.cancellationReason {
            m.pointee.cancellation_reason = try string(v, "cancellation_reason"); m.pointee._cancellation_reason_case = oneof(16)
        }
        return m
    }

    func encode(_ plan: MeetingService.Plan) throws -> UnsafeMutablePointer<Council__V1__MeetingPlan> {
        let m = make(council__v1__meeting_plan__init)
        m.pointee.community = try string(plan.community, "community")
        m.pointee.scheduled_at = plan.scheduledAt.millisecondsSince1970
        m.pointee.place_kind = .init(rawValue: WireEnums.placeKind.number(plan.placeKind))
        m.pointee.place_name = try string(plan.placeName, "place_name")
        m.pointee.format = .init(rawValue: WireEnums.meetingFormat.number(plan.format))
        m.pointee.convener = try string(plan.convener, "convener")
        (m.pointee.n_invited, m.pointee.invited) = try messages(Array(plan.invited.enumerated())) { i, p in
            try within("invited[\(i)]") { try encode(p) }
        }
        (m.pointee.n_cases, m.pointee.cases) = try strings(plan.cases.map(\.rawValue), "cases")
        (m.pointee.n_topics, m.pointee.topics) = try strings(plan.topics, "topics")
        // Absent means true: send the field only when it differs.
        if !plan.includeWaitingCases { m.pointee.include_waiting_cases = 0; m.pointee._include_waiting_cases_case = oneof(10) }
        return m
    }

    func encode(_ record: MeetingService.Record) throws -> UnsafeMutablePointer<Council__V1__MeetingRecord> {
        let m = make(council__v1__meeting_record__init)
        m.pointee.held_at = record.heldAt.millisecondsSince1970
        (m.pointee.n_attendees, m.pointee.attendees) = try strings(record.attendees, "attendees")
        m.pointee.resident_count = Int32(clamping: record.residentCount)
        (m.pointee.n_items, m.pointee.items) = try messages(Array(record.items.enumerated())) { i, item in
            try within("items[\(i)]") {
                let r = make(council__v1__meeting_item_record__init)
                r.pointee.number = Int32(clamping: item.number)
                r.pointee.record = try within("record") { try encode(item.record) }
                switch item.outcome {
                case .resolution(let res)?:
                    r.pointee.resolution = try within("resolution") { try encode(res) }; r.pointee.outcome_case = oneof(3)
                case .deferred(let reason)?:
                    r.pointee.deferred_reason = try string(reason, "deferred_reason"); r.pointee.outcome_case = oneof(4)
                case .noConsensus(let note)?:
                    r.pointee.no_consensus_note = try string(note, "no_consensus_note"); r.pointee.outcome_case = oneof(5)
                case nil:
                    break
                }
                return r
            }
        }
        if let v = record.minutes { m.pointee.minutes = try string(v, "minutes"); m.pointee._minutes_case = oneof(5) }
        return m
    }

    func encode(_ held: MeetingHeld) throws -> UnsafeMutablePointer<Council__V1__HoldMeetingResponse> {
        let m = make(council__v1__hold_meeting_response__init)
        m.pointee.meeting = try within("meeting") { try encode(held.meeting) }
        (m.pointee.n_cases, m.pointee.cases) = try messages(Array(held.cases.enumerated())) { i, view in
            try within("cases[\(i)]") { try encode(view) }
        }
        let failures = held.failures.sorted { $0.key.rawValue < $1.key.rawValue }
        (m.pointee.n_failures, m.pointee.failures) = try messages(Array(failures.enumerated())) { i, failure in
            try within("failures[\(i)]") {
                let f = make(council__v1__case_failure__init)
                f.pointee.case_id = try string(failure.key.rawValue, "case_id")
                f.pointee.status = try within("status") { try encode(failure.value) }
                return f
            }
        }
        let carried = held.carriedOver.sorted { $0.key.rawValue < $1.key.rawValue }
        (m.pointee.n_carried_over, m.pointee.carried_over) = try messages(Array(carried.enumerated())) { i, entry in
            try within("carried_over[\(i)]") {
                let c = make(council__v1__carried_over_case__init)
                c.pointee.case_id = try string(entry.key.rawValue, "case_id")
                c.pointee.meeting = try string(entry.value, "meeting")
                return c
            }
        }
        return m
    }

    func encode(_ gap: CadenceGap) throws -> UnsafeMutablePointer<Council__V1__MeetingCadenceGap> {
        let m = make(council__v1__meeting_cadence_gap__init)
        m.pointee.community = try string(gap.community, "community")
        m.pointee.week_starting = try date(gap.weekStarting, "week_starting")
        return m
    }

    func encode(_ link: Link) throws -> UnsafeMutablePointer<Council__V1__Link> {
        let m = make(council__v1__link__init)
        m.pointee.id = try string(link.id, "id")
        m.pointee.kind = .init(rawValue: WireEnums.linkKind.number(link.kind))
        m.pointee.holder = try string(link.holder, "holder")
        m.pointee.target = try string(link.target, "target")
        m.pointee.community = try string(link.community, "community")
        m.pointee.start = try date(link.start, "start")
        if let v = link.end { m.pointee.end = try date(v, "end"); m.pointee._end_case = oneof(7) }
        return m
    }

    func encode(_ visit: Visit) throws -> UnsafeMutablePointer<Council__V1__Visit> {
        let m = make(council__v1__visit__init)
        m.pointee.id = try string(visit.id, "id")
        m.pointee.link = try string(visit.link, "link")
        m.pointee.kind = .init(rawValue: WireEnums.linkKind.number(visit.kind))
        m.pointee.community = try string(visit.community, "community")
        m.pointee.at = visit.at.millisecondsSince1970
        (m.pointee.n_people, m.pointee.people) = try strings(visit.people, "people")
        if let v = visit.hours { m.pointee.hours = v; m.pointee._hours_case = oneof(7) }
        m.pointee.notes = try string(visit.notes, "notes")
        if let v = visit.helpGiven { m.pointee.help_given = try string(v, "help_given"); m.pointee._help_given_case = oneof(9) }
        (m.pointee.n_raised_cases, m.pointee.raised_cases) = try strings(visit.raisedCases.map(\.rawValue), "raised_cases")
        return m
    }

    func encode(_ lapse: CadenceLapse) throws -> UnsafeMutablePointer<Council__V1__CadenceLapse> {
        let m = make(council__v1__cadence_lapse__init)
        m.pointee.link = try string(lapse.link, "link")
        m.pointee.holder = try string(lapse.holder, "holder")
        m.pointee.target = try string(lapse.target, "target")
        m.pointee.missing = try date(lapse.missing, "missing")
        return m
    }

    func encode(_ candidates: [Election.Candidate]) throws -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Council__V1__Candidate>?>?) {
        try messages(Array(candidates.enumerated())) { i, candidate in
            let c = make(council__v1__candidate__init)
            c.pointee.person = try string(candidate.person, "candidates[\(i)].person")
            c.pointee.votes = Int32(clamping: candidate.votes)
            return c
        }
    }

    func encode(_ election: Election) throws -> UnsafeMutablePointer<Council__V1__Election> {
        let m = make(council__v1__election__init)
        m.pointee.id = try string(election.id, "id")
        m.pointee.community = try string(election.community, "community")
        m.pointee.date = try date(election.date, "date")
        m.pointee.method = .init(rawValue: WireEnums.electionMethod.number(election.method))
        (m.pointee.n_candidates, m.pointee.candidates) = try encode(election.candidates)
        (m.pointee.n_elected, m.pointee.elected) = try strings(election.elected, "elected")
        m.pointee.term_start = try date(election.termStart, "term_start")
        m.pointee.term_end = try date(election.termEnd, "term_end")
        return m
    }

    func encode(_ a: Attendance) throws -> UnsafeMutablePointer<Council__V1__Attendance> {
        let m = make(council__v1__attendance__init)
        m.pointee.person = try string(a.person, "person")
        m.pointee.meetings_held = Int32(clamping: a.meetingsHeld)
        m.pointee.meetings_attended = Int32(clamping: a.meetingsAttended)
        return m
    }

    func encode(_ c: Commendation) throws -> UnsafeMutablePointer<Council__V1__Commendation> {
        let m = make(council__v1__commendation__init)
        m.pointee.id = try string(c.id, "id")
        m.pointee.person = try string(c.person, "person")
        if let v = c.community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(3) }
        m.pointee.reason = try string(c.reason, "reason")
        m.pointee.date = try date(c.date, "date")
        m.pointee.awarded_by = try string(c.awardedBy, "awarded_by")
        return m
    }

    func encode(_ subject: ScorecardSubject) throws -> UnsafeMutablePointer<Council__V1__ScorecardSubject> {
        let m = make(council__v1__scorecard_subject__init)
        switch subject {
        case .community(let code): m.pointee.community = try string(code, "community"); m.pointee.subject_case = oneof(1)
        case .unit(let code): m.pointee.unit = try string(code, "unit"); m.pointee.subject_case = oneof(2)
        case .leader(let id): m.pointee.leader = try string(id, "leader"); m.pointee.subject_case = oneof(3)
        }
        return m
    }

    func encode(_ measure: Measure) throws -> UnsafeMutablePointer<Council__V1__Measure> {
        let m = make(council__v1__measure__init)
        m.pointee.kind = .init(rawValue: WireEnums.measureKind.number(measure.kind))
        m.pointee.numerator = Int32(clamping: measure.numerator)
        m.pointee.denominator = Int32(clamping: measure.denominator)
        if let v = measure.value { m.pointee.value = v; m.pointee._value_case = oneof(4) }
        m.pointee.formula = try string(measure.kind.formula, "formula")
        m.pointee.chinese_name = try string(measure.kind.chineseName, "chinese_name")
        m.pointee.higher_is_better = measure.kind.higherIsBetter ? 1 : 0
        return m
    }

    func encode(_ card: Scorecard) throws -> UnsafeMutablePointer<Council__V1__Scorecard> {
        let m = make(council__v1__scorecard__init)
        m.pointee.subject = try within("subject") { try encode(card.subject) }
        m.pointee.from = try date(card.from, "from")
        m.pointee.through = try date(card.through, "through")
        m.pointee.as_of = card.asOf.millisecondsSince1970
        m.pointee.cases_received = Int32(clamping: card.casesReceived)
        (m.pointee.n_measures, m.pointee.measures) = try messages(Array(card.measures.enumerated())) { i, measure in
            try within("measures[\(i)]") { try encode(measure) }
        }
        return m
    }

    func encode(_ weights: AssessmentService.Weights) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Council__V1__MeasureWeight>?>?) {
        let ordered = MeasureKind.allCases.compactMap { kind in weights.weights[kind].map { (kind, $0) } }
        return messages(ordered) { kind, weight in
            let w = make(council__v1__measure_weight__init)
            w.pointee.kind = .init(rawValue: WireEnums.measureKind.number(kind))
            w.pointee.weight = weight
            return w
        }
    }

    func encode(_ ranking: AssessmentService.Ranking) throws -> UnsafeMutablePointer<Council__V1__Ranking> {
        let m = make(council__v1__ranking__init)
        m.pointee.rank = Int32(clamping: ranking.rank ?? 0)
        m.pointee.subject = try within("subject") { try encode(ranking.subject) }
        m.pointee.score = ranking.score
        m.pointee.counted_share = ranking.countedShare
        (m.pointee.n_contributions, m.pointee.contributions) = try messages(Array(ranking.contributions.enumerated())) { i, c in
            try within("contributions[\(i)]") {
                let e = make(council__v1__contribution__init)
                e.pointee.measure = try within("measure") { try encode(c.measure) }
                e.pointee.weight = c.weight
                e.pointee.points = c.points
                return e
            }
        }
        m.pointee.scorecard = try within("scorecard") { try encode(ranking.scorecard) }
        return m
    }

    func encode(_ rankings: [AssessmentService.Ranking], _ field: String) throws
        -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Council__V1__Ranking>?>?)
    {
        try messages(Array(rankings.enumerated())) { i, ranking in try within("\(field)[\(i)]") { try encode(ranking) } }
    }

    func encode(_ subjects: [ScorecardSubject], _ field: String) throws
        -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Council__V1__ScorecardSubject>?>?)
    {
        try messages(Array(subjects.enumerated())) { i, subject in try within("\(field)[\(i)]") { try encode(subject) } }
    }
}

// MARK: - Decoding

extension Decode {
    /// A required sub-message converted by `convert`; errors inside it name their path under `field`, and a missing
    /// one names `field` itself.
    @inline(__always)
    static func nested<Message, Value>(
        _ pointer: UnsafeMutablePointer<Message>?, _ field: String, _ convert: (UnsafeMutablePointer<Message>) throws -> Value
    ) throws -> Value {
        let message = try required(pointer, field)
        return try within(field) { try convert(message) }
    }

    /// A required calendar day.
    static func date(_ pointer: CString?, _ field: String) throws -> LocalDate {
        let value = text(pointer)
        guard !value.isEmpty else { throw WireError.missing(field) }
        guard let day = LocalDate(value) else { throw WireError.invalid(field, "\(field) is not a date written YYYY-MM-DD") }
        return day
    }

    /// A required non-empty string: an id or a code.
    static func requiredText(_ pointer: CString?, _ field: String) throws -> String {
        let value = text(pointer)
        guard !value.isEmpty else { throw WireError.missing(field) }
        return value
    }

    /// The bytes of a `bytes` field.
    static func binary(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard data.len > 0, let bytes = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: data.len))
    }

    /// Case ids of a repeated string field.
    static func caseIDs(_ count: Int, _ array: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ field: String) throws -> [CaseID] {
        guard count > 0, let array else { return [] }
        return try (0..<count).map { try caseID(array[$0], "\(field)[\($0)]") }
    }

    static func meetingResolution(_ m: UnsafeMutablePointer<Council__V1__MeetingResolution>) -> MeetingResolution {
        let r = m.pointee
        let vote = r.vote.map { Vote(inFavour: Int($0.pointee.in_favour), against: Int($0.pointee.against), abstaining: Int($0.pointee.abstaining)) }
        return MeetingResolution(
            decision: text(r.decision), responsibleUnit: isSet(r._responsible_unit_case) ? text(r.responsible_unit) : nil,
            deadline: Timestamp(wire: r.deadline), vote: vote)
    }

    static func itemRecord(_ m: UnsafeMutablePointer<Council__V1__ItemRecord>) -> Meeting.ItemRecord {
        Meeting.ItemRecord(questions: text(m.pointee.questions), answers: text(m.pointee.answers), debate: text(m.pointee.debate))
    }

    /// The outcome of a `oneof outcome { resolution, deferred_reason, no_consensus_note }` numbered from `first`.
    static func outcome(
        _ number: UInt32, first: UInt32, _ resolution: UnsafeMutablePointer<Council__V1__MeetingResolution>?,
        _ deferred: CString?, _ noConsensus: CString?
    ) throws -> DeliberationOutcome? {
        switch number {
        case 0: return nil
        case first: return .resolution(meetingResolution(try required(resolution, "resolution")))
        case first + 1: return .deferred(reason: text(deferred))
        case first + 2: return .noConsensus(note: text(noConsensus))
        default: throw WireError.invalid("outcome", "outcome has an unknown member")
        }
    }

    static func participant(_ m: UnsafeMutablePointer<Council__V1__Participant>) throws -> Meeting.Participant {
        Meeting.Participant(
            role: try WireEnums.participantRole.value(m.pointee.role.rawValue, "role"),
            reference: isSet(m.pointee._reference_case) ? text(m.pointee.reference) : nil)
    }

    static func agendaItem(_ m: UnsafeMutablePointer<Council__V1__AgendaItem>) throws -> Meeting.AgendaItem {
        let p = m.pointee
        return Meeting.AgendaItem(
            number: Int(p.number), caseID: isSet(p._case_id_case) ? try caseID(p.case_id, "case_id") : nil, topic: text(p.topic),
            record: p.record.map(itemRecord),
            outcome: try outcome(p.outcome_case.rawValue, first: 5, p.resolution, p.deferred_reason, p.no_consensus_note))
    }

    static func meeting(_ m: UnsafeMutablePointer<Council__V1__Meeting>) throws -> Meeting {
        let p = m.pointee
        var rescheduled: [Timestamp] = []
        if p.n_rescheduled_from > 0, let array = p.rescheduled_from {
            rescheduled = (0..<p.n_rescheduled_from).map { Timestamp(wire: array[$0]) }
        }
        return Meeting(
            id: try requiredText(p.id, "id"), community: text(p.community), scheduledAt: Timestamp(wire: p.scheduled_at),
            placeKind: try WireEnums.placeKind.value(p.place_kind.rawValue, "place_kind"), placeName: text(p.place_name),
            format: try WireEnums.meetingFormat.value(p.format.rawValue, "format"), convener: text(p.convener),
            invited: try elements(p.n_invited, p.invited, "invited") { try participant($0) },
            agenda: try elements(p.n_agenda, p.agenda, "agenda") { try agendaItem($0) },
            status: try WireEnums.meetingStatus.value(p.status.rawValue, "status"),
            heldAt: isSet(p._held_at_case) ? Timestamp(wire: p.held_at) : nil, attendees: texts(p.n_attendees, p.attendees),
            residentCount: try count(p.resident_count, "resident_count"),
            minutes: isSet(p._minutes_case) ? text(p.minutes) : nil, rescheduledFrom: rescheduled,
            cancellationReason: isSet(p._cancellation_reason_case) ? text(p.cancellation_reason) : nil)
    }

    static func meetingPlan(_ m: UnsafeMutablePointer<Council__V1__MeetingPlan>) throws -> MeetingService.Plan {
        let p = m.pointee
        return MeetingService.Plan(
            community: try requiredText(p.community, "community"), scheduledAt: Timestamp(wire: p.scheduled_at),
            placeKind: try WireEnums.placeKind.value(p.place_kind.rawValue, "place_kind"), placeName: text(p.place_name),
            format: try WireEnums.meetingFormat.value(p.format.rawValue, "format"), convener: try requiredText(p.convener, "convener"),
            invited: try elements(p.n_invited, p.invited, "invited") { try participant($0) },
            cases: try caseIDs(p.n_cases, p.cases, "cases"), topics: texts(p.n_topics, p.topics),
            includeWaitingCases: isSet(p._include_waiting_cases_case) ? p.include_waiting_cases != 0 : true)
    }

    static func meetingRecord(_ m: UnsafeMutablePointer<Council__V1__MeetingRecord>) throws -> MeetingService.Record {
        let p = m.pointee
        let items = try elements(p.n_items, p.items, "items") { item in
            let i = item.pointee
            return MeetingService.Record.Item(
                number: Int(i.number), record: i.record.map(itemRecord) ?? Meeting.ItemRecord(),
                outcome: try outcome(i.outcome_case.rawValue, first: 3, i.resolution, i.deferred_reason, i.no_consensus_note))
        }
        return MeetingService.Record(
            heldAt: Timestamp(wire: p.held_at), attendees: texts(p.n_attendees, p.attendees),
            residentCount: try count(p.resident_count, "resident_count"), items: items,
            minutes: isSet(p._minutes_case) ? text(p.minutes) : nil)
    }

    static func meetingHeld(_ m: UnsafeMutablePointer<Council__V1__HoldMeetingResponse>) throws -> MeetingHeld {
        let p = m.pointee
        var failures: [CaseID: WireStatus] = [:]
        for (id, failure) in try elements(p.n_failures, p.failures, "failures", { f in
            (try caseID(f.pointee.case_id, "case_id"), try nested(f.pointee.status, "status", status))
        }) { failures[id] = failure }
        var carried: [CaseID: String] = [:]
        for (id, next) in try elements(p.n_carried_over, p.carried_over, "carried_over", { c in
            (try caseID(c.pointee.case_id, "case_id"), try requiredText(c.pointee.meeting, "meeting"))
        }) { carried[id] = next }
        return MeetingHeld(
            meeting: try nested(p.meeting, "meeting", meeting),
            cases: try elements(p.n_cases, p.cases, "cases") { try caseView($0) }, failures: failures, carriedOver: carried)
    }

    static func cadenceGap(_ m: UnsafeMutablePointer<Council__V1__MeetingCadenceGap>) throws -> CadenceGap {
        CadenceGap(community: text(m.pointee.community), weekStarting: try date(m.pointee.week_starting, "week_starting"))
    }

    static func link(_ m: UnsafeMutablePointer<Council__V1__Link>) throws -> Link {
        let p = m.pointee
        return Link(
            id: try requiredText(p.id, "id"), kind: try WireEnums.linkKind.value(p.kind.rawValue, "kind"), holder: text(p.holder),
            target: text(p.target), community: text(p.community), start: try date(p.start, "start"),
            end: isSet(p._end_case) ? try date(p.end, "end") : nil)
    }

    static func visit(_ m: UnsafeMutablePointer<Council__V1__Visit>) throws -> Visit {
        let p = m.pointee
        return Visit(
            id: try requiredText(p.id, "id"), link: text(p.link), kind: try WireEnums.linkKind.value(p.kind.rawValue, "kind"),
            community: text(p.community), at: Timestamp(wire: p.at), people: texts(p.n_people, p.people),
            hours: isSet(p._hours_case) ? p.hours : nil, notes: text(p.notes),
            helpGiven: isSet(p._help_given_case) ? text(p.help_given) : nil,
            raisedCases: try caseIDs(p.n_raised_cases, p.raised_cases, "raised_cases"))
    }

    static func cadenceLapse(_ m: UnsafeMutablePointer<Council__V1__CadenceLapse>) throws -> CadenceLapse {
        CadenceLapse(
            link: text(m.pointee.link), holder: text(m.pointee.holder), target: text(m.pointee.target),
            missing: try date(m.pointee.missing, "missing"))
    }

    static func candidates(_ count: Int, _ array: UnsafeMutablePointer<UnsafeMutablePointer<Council__V1__Candidate>?>?) throws -> [Election.Candidate] {
        try elements(count, array, "candidates") { c in
            Election.Candidate(person: try requiredText(c.pointee.person, "person"), votes: Int(c.pointee.votes))
        }
    }

    static func election(_ m: UnsafeMutablePointer<Council__V1__Election>) throws -> Election {
        let p = m.pointee
        return Election(
            id: try requiredText(p.id, "id"), community: text(p.community), date: try date(p.date, "date"),
            method: try WireEnums.electionMethod.value(p.method.rawValue, "method"),
            candidates: try candidates(p.n_candidates, p.candidates), elected: texts(p.n_elected, p.elected),
            termStart: try date(p.term_start, "term_start"), termEnd: try date(p.term_end, "term_end"))
    }

    static func attendance(_ m: UnsafeMutablePointer<Council__V1__Attendance>) throws -> Attendance {
        Attendance(
            person: text(m.pointee.person), meetingsHeld: try count(m.pointee.meetings_held, "meetings_held"),
            meetingsAttended: try count(m.pointee.meetings_attended, "meetings_attended"))
    }

    static func commendation(_ m: UnsafeMutablePointer<Council__V1__Commendation>) throws -> Commendation {
        let p = m.pointee
        return Commendation(
            id: try requiredText(p.id, "id"), person: text(p.person), community: isSet(p._community_case) ? text(p.community) : nil,
            reason: text(p.reason), date: try date(p.date, "date"), awardedBy: text(p.awarded_by))
    }

    static func subject(_ m: UnsafeMutablePointer<Council__V1__ScorecardSubject>) throws -> ScorecardSubject {
        let p = m.pointee
        switch p.subject_case.rawValue {
        case 1: return .community(try requiredText(p.community, "community"))
        case 2: return .unit(try requiredText(p.unit, "unit"))
        case 3: return .leader(try requiredText(p.leader, "leader"))
        default: throw WireError.missing("subject")
        }
    }

    static func subjects(_ count: Int, _ array: UnsafeMutablePointer<UnsafeMutablePointer<Council__V1__ScorecardSubject>?>?, _ field: String) throws -> [ScorecardSubject] {
        try elements(count, array, field) { try subject($0) }
    }

    static func measure(_ m: UnsafeMutablePointer<Council__V1__Measure>) throws -> Measure {
        Measure(
            kind: try WireEnums.measureKind.value(m.pointee.kind.rawValue, "kind"),
            numerator: try count(m.pointee.numerator, "numerator"), denominator: try count(m.pointee.denominator, "denominator"))
    }

    static func scorecard(_ m: UnsafeMutablePointer<Council__V1__Scorecard>) throws -> Scorecard {
        let p = m.pointee
        return Scorecard(
            subject: try nested(p.subject, "subject", subject), from: try date(p.from, "from"),
            through: try date(p.through, "through"), asOf: Timestamp(wire: p.as_of),
            casesReceived: try count(p.cases_received, "cases_received"),
            measures: try elements(p.n_measures, p.measures, "measures") { try measure($0) })
    }

    /// Weights: at most one per kind, each finite and ≥ 0.
    static func weights(_ count: Int, _ array: UnsafeMutablePointer<UnsafeMutablePointer<Council__V1__MeasureWeight>?>?) throws -> AssessmentService.Weights {
        var weights: [MeasureKind: Double] = [:]
        for (i, (kind, weight)) in try elements(count, array, "weights", { w in
            (try WireEnums.measureKind.value(w.pointee.kind.rawValue, "kind"), w.pointee.weight)
        }).enumerated() {
            guard weight.isFinite, weight >= 0 else {
                throw WireError.invalid("weights[\(i)].weight", "a weight must be a finite number ≥ 0")
            }
            guard weights.updateValue(weight, forKey: kind) == nil else {
                throw WireError.invalid("weights[\(i)].kind", "\(kind.rawValue) is weighted twice")
            }
        }
        return AssessmentService.Weights(weights)
    }

    /// A minimum counted share: finite, 0–1.
    static func minimumCountedShare(_ share: Double, _ field: String) throws -> Double {
        guard share.isFinite, (0.0...1.0).contains(share) else {
            throw WireError.invalid(field, "the minimum counted share must be between 0 and 1")
        }
        return share
    }

    static func ranking(_ m: UnsafeMutablePointer<Council__V1__Ranking>) throws -> AssessmentService.Ranking {
        let p = m.pointee
        guard p.rank >= 0 else { throw WireError.invalid("rank", "a rank is 1 or more, or 0 for none") }
        return AssessmentService.Ranking(
            rank: p.rank == 0 ? nil : Int(p.rank), subject: try nested(p.subject, "subject", subject), score: p.score,
            countedShare: p.counted_share,
            contributions: try elements(p.n_contributions, p.contributions, "contributions") { c in
                AssessmentService.Contribution(
                    measure: try nested(c.pointee.measure, "measure", measure),
                    weight: c.pointee.weight, points: c.pointee.points)
            },
            scorecard: try nested(p.scorecard, "scorecard", scorecard))
    }
}
