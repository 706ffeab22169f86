import CouncilKit
import CouncilAPI

// The `--json` shapes of the council's records. As for cases: keys are stable, times ISO 8601 with +08:00, calendar
// days YYYY-MM-DD, enum values the schema's camelCase names, absent values null.

extension JSONValue {
    /// A calendar day as YYYY-MM-DD, or null.
    static func day(_ value: LocalDate?) -> JSONValue { value.map { .string($0.description) } ?? .null }
    /// A fraction, or null.
    static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
}

extension DeliberationOutcome {
    var json: JSONValue {
        switch self {
        case .resolution(let r):
            return .object([
                ("kind", .string("resolution")), ("decision", .string(r.decision)), ("responsibleUnit", .string(r.responsibleUnit)),
                ("deadline", .time(r.deadline)),
                ("vote", r.vote.map { .object([("inFavour", .int($0.inFavour)), ("against", .int($0.against)), ("abstaining", .int($0.abstaining))]) } ?? .null),
            ])
        case .deferred(let reason): return .object([("kind", .string("deferred")), ("reason", .string(reason))])
        case .noConsensus(let note): return .object([("kind", .string("noConsensus")), ("note", .string(note))])
        }
    }
}

extension Meeting {
    /// The meeting as `--json` prints it; `numbers` gives the case numbers known for the agenda's cases.
    func json(numbers: [CaseID: CaseNumber] = [:]) -> JSONValue {
        .object([
            ("id", .string(id)),
            ("community", .string(community)),
            ("status", .string(status.rawValue)),
            ("scheduledAt", .time(scheduledAt)),
            ("placeKind", .string(placeKind.rawValue)),
            ("placeName", .string(placeName)),
            ("format", .string(format.rawValue)),
            ("convener", .string(convener)),
            ("invited", .array(invited.map { .object([("role", .string($0.role.rawValue)), ("reference", .string($0.reference))]) })),
            ("agenda", .array(agenda.map { item in
                .object([
                    ("number", .int(item.number)),
                    ("caseId", .string(item.caseID?.rawValue)),
                    ("caseNumber", .string(item.caseID.flatMap { numbers[$0]?.description })),
                    ("topic", .string(item.topic)),
                    ("record", item.record.map {
                        .object([("questions", .string($0.questions)), ("answers", .string($0.answers)), ("debate", .string($0.debate))])
                    } ?? .null),
                    ("outcome", item.outcome?.json ?? .null),
                ])
            })),
            ("heldAt", .time(heldAt)),
            ("attendees", .strings(attendees)),
            ("residentCount", .int(residentCount)),
            ("minutes", .string(minutes)),
            ("rescheduledFrom", .array(rescheduledFrom.map { .time($0) })),
            ("cancellationReason", .string(cancellationReason)),
        ])
    }
}

extension CadenceGap {
    var json: JSONValue {
        .object([("community", .string(community)), ("weekStarting", .day(weekStarting)), ("weekEnding", .day(weekStarting.adding(days: 6)))])
    }
}

extension Link {
    var json: JSONValue {
        .object([
            ("id", .string(id)), ("kind", .string(kind.rawValue)), ("holder", .string(holder)), ("target", .string(target)),
            ("community", .string(community)), ("start", .day(start)), ("end", .day(end)),
        ])
    }
}

extension Visit {
    var json: JSONValue {
        .object([
            ("id", .string(id)), ("link", .string(link)), ("kind", .string(kind.rawValue)), ("community", .string(community)),
            ("at", .time(at)), ("people", .strings(people)), ("hours", .number(hours)), ("notes", .string(notes)),
            ("helpGiven", .string(helpGiven)), ("raisedCases", .strings(raisedCases.map(\.rawValue))),
        ])
    }
}

extension CoverageReport {
    var json: JSONValue {
        .object([
            ("communitiesWithoutLeader", .strings(communitiesWithoutLeader)), ("compoundsWithoutUnit", .strings(compoundsWithoutUnit)),
            ("householdsWithoutCadre", .strings(householdsWithoutCadre)),
        ])
    }
}

extension CadenceLapse {
    var json: JSONValue {
        .object([("link", .string(link)), ("holder", .string(holder)), ("target", .string(target)), ("missing", .day(missing))])
    }
}

extension Election {
    var json: JSONValue {
        .object([
            ("id", .string(id)), ("community", .string(community)), ("date", .day(date)), ("method", .string(method.rawValue)),
            ("candidates", .array(candidates.map { .object([("person", .string($0.person)), ("votes", .int($0.votes))]) })),
            ("elected", .strings(elected)), ("termStart", .day(termStart)), ("termEnd", .day(termEnd)),
        ])
    }
}

extension Commendation {
    var json: JSONValue {
        .object([
            ("id", .string(id)), ("person", .string(person)), ("community", .string(community)), ("reason", .string(reason)),
            ("date", .day(date)), ("awardedBy", .string(awardedBy)),
        ])
    }
}

extension Attendance {
    var json: JSONValue {
        .object([("person", .string(person)), ("meetingsHeld", .int(meetingsHeld)), ("meetingsAttended", .int(meetingsAttended))])
    }
}

extension ScorecardSubject {
    var kindName: String {
        switch self {
        case .community: return "community"
        case .unit: return "unit"
        case .leader: return "leader"
        }
    }

    /// The subject's name from the directory, when known.
    func name(_ names: DirectoryNames) -> String? {
        switch self {
        case .community(let code): return names.communities[code]
        case .unit(let code): return names.units[code]
        case .leader(let id): return names.people[id]
        }
    }

    func json(_ names: DirectoryNames) -> JSONValue {
        .object([("kind", .string(kindName)), ("code", .string(code)), ("name", .string(name(names)))])
    }
}

extension Measure {
    var json: JSONValue {
        .object([
            ("kind", .string(kind.rawValue)), ("name", .string(kind.chineseName)), ("nameEn", .string(kind.english)),
            ("numerator", .int(numerator)), ("denominator", .int(denominator)), ("value", .number(value)),
            ("higherIsBetter", .bool(kind.higherIsBetter)), ("formula", .string(kind.formula)),
        ])
    }
}

extension Scorecard {
    func json(_ names: DirectoryNames) -> JSONValue {
        .object([
            ("subject", subject.json(names)), ("from", .day(from)), ("through", .day(through)), ("asOf", .time(asOf)),
            ("casesReceived", .int(casesReceived)), ("measures", .array(measures.map(\.json))),
        ])
    }
}

extension AssessmentService.Weights {
    var json: JSONValue {
        .object(MeasureKind.allCases.compactMap { kind in weights[kind].map { (kind.rawValue, .double($0)) } })
    }
}

extension AssessmentService.Ranking {
    func json(_ names: DirectoryNames) -> JSONValue {
        .object([
            ("rank", .int(rank)), ("subject", subject.json(names)), ("score", .double(score)), ("countedShare", .double(countedShare)),
            ("casesReceived", .int(scorecard.casesReceived)),
            ("contributions", .array(contributions.map { c in
                .object([
                    ("kind", .string(c.measure.kind.rawValue)), ("name", .string(c.measure.kind.chineseName)),
                    ("numerator", .int(c.measure.numerator)), ("denominator", .int(c.measure.denominator)), ("value", .number(c.measure.value)),
                    ("weight", .double(c.weight)), ("points", .double(c.points)),
                ])
            })),
        ])
    }
}

extension CaseView {
    /// The case in a line of JSON for council answers: what moved, not the whole case.
    var briefJSON: JSONValue {
        let c = state
        return .object([
            ("id", .string(c.id.rawValue)), ("number", .string(c.number.description)), ("version", .int(c.version)),
            ("status", .string(c.status.rawValue)), ("responsibleUnit", .string(c.responsibleUnit)), ("currentDue", .time(c.currentDue)),
        ])
    }
}

/// The council's part of `councilctl --help`'s JSON documentation.
let councilJSONDocumentation = """
      meetings list        {meetings: [meeting]}
      meetings show        {meeting}
      meetings schedule|add|cancel|reschedule  {meeting}
      meetings hold        {meeting, moved: [brief case], failed:
                           [{caseId, code, message}], carriedOver:
                           [{caseId, meeting}]}
      meetings notice      {meeting, text}
      meetings gaps        {from, through, gaps: [{community,
                           weekStarting, weekEnding}]}
      scorecard            {subject{kind,code,name}, from, through, asOf,
                           casesReceived, measures: [{kind, name, nameEn,
                           numerator, denominator, value, higherIsBetter,
                           formula}]}
      assessment           {year, weights{measure: weight}, communities:
                           [ranking], units: [ranking]}; ranking: rank
                           subject score casesReceived contributions[{kind
                           name numerator denominator value weight points}]
      coverage             {on, communitiesWithoutLeader,
                           compoundsWithoutUnit, householdsWithoutCadre}
      lapses               {from, through, lapses: [{link, kind, holder,
                           target, missing}]}
      links / link …       {links: [link]} / {link}
      visits / visit …     {visits: [visit]} / {visit} / {visit, case}
      representatives      {community, on, representatives: [{person,
                           name, meetingsHeld, meetingsAttended}],
                           elections: [election]}
      elect, commend       {election} / {commendation}
      commendations        {commendations: [commendation]}
      export cases|scorecards  {file, bytes, rows} (needs --out)
      load-directory       {file, valid, district, counts, uploaded,
                           version}
      meeting: id community status scheduledAt placeKind placeName format
        convener invited[{role,reference}] agenda[{number caseId
        caseNumber topic record{questions,answers,debate} outcome{kind
        decision responsibleUnit deadline vote reason note}}] heldAt
        attendees residentCount minutes rescheduledFrom cancellationReason
      link: id kind holder target community start end
      visit: id link kind community at people hours notes helpGiven
        raisedCases
    """
