/// An election of resident representatives (居民代表选任) in a community.
public struct Election: CouncilRecord, Hashable, Identifiable {
    /// How the representatives were chosen.
    public enum Method: String, CaseIterable, Sendable, Codable {
        /// Every resident voter votes.
        case directVote
        /// One vote per household (户代表).
        case householdVote
        /// Residents' groups elect (居民小组推选).
        case groupNomination
        /// Anything else.
        case other
    }

    /// A candidate and the votes received.
    public struct Candidate: Hashable, Sendable, Codable {
        /// The candidate's person id.
        public var person: String
        /// Votes received.
        public var votes: Int

        /// Creates a candidate.
        public init(person: String, votes: Int) {
            self.person = person
            self.votes = votes
        }
    }

    /// The election id.
    public var id: String
    /// The community.
    public var community: String
    /// Election day.
    public var date: LocalDate
    /// The method.
    public var method: Method
    /// Candidates with their votes.
    public var candidates: [Candidate]
    /// The elected candidates' person ids.
    public var elected: [String]
    /// The first day of the term.
    public var termStart: LocalDate
    /// The last day of the term.
    public var termEnd: LocalDate

    /// Creates an election as stored; ``RepresentativeService`` records new ones, and a client rebuilds them from
    /// the wire.
    public init(
        id: String, community: String, date: LocalDate, method: Method, candidates: [Candidate], elected: [String],
        termStart: LocalDate, termEnd: LocalDate
    ) {
        self.id = id
        self.community = community
        self.date = date
        self.method = method
        self.candidates = candidates
        self.elected = elected
        self.termStart = termStart
        self.termEnd = termEnd
    }

    public static let recordKind = "election"
    public var recordID: String { id }
    public var recordCommunity: String? { community }
    public var recordDate: Timestamp? { nil }
}

/// A commendation (表彰) of an exemplary representative, volunteer or anyone else.
public struct Commendation: CouncilRecord, Hashable, Identifiable {
    /// The commendation id.
    public var id: String
    /// The person commended, by directory id.
    public var person: String
    /// The community, when the commendation is a community's.
    public var community: String?
    /// Why.
    public var reason: String
    /// When.
    public var date: LocalDate
    /// Who awards it, for example 桥西区委.
    public var awardedBy: String

    /// Creates a commendation as stored; ``RepresentativeService`` records new ones, and a client rebuilds them
    /// from the wire.
    public init(id: String, person: String, community: String?, reason: String, date: LocalDate, awardedBy: String) {
        self.id = id
        self.person = person
        self.community = community
        self.reason = reason
        self.date = date
        self.awardedBy = awardedBy
    }

    public static let recordKind = "commendation"
    public var recordID: String { id }
    public var recordCommunity: String? { community }
    public var recordDate: Timestamp? { nil }
}

/// A representative's attendance at a community's held meetings.
public struct Attendance: Hashable, Sendable, Codable {
    /// The representative's person id.
    public var person: String
    /// Held meetings of the community in the period.
    public var meetingsHeld: Int
    /// Of those, the ones attended.
    public var meetingsAttended: Int

    /// Creates an attendance count.
    public init(person: String, meetingsHeld: Int, meetingsAttended: Int) {
        self.person = person
        self.meetingsHeld = meetingsHeld
        self.meetingsAttended = meetingsAttended
    }
}

/// Records elections and commendations and answers who represents a community.
public struct RepresentativeService: Sendable {
    /// The case service whose store and directory are used.
    public let cases: CaseService

    /// Creates the service.
    public init(cases: CaseService) {
        self.cases = cases
    }

    var store: any CaseStore { cases.store }
    var directory: Directory { cases.directory }

    /// Records an election.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for an unknown community or person, negative votes, an
    ///   elected person who was not a candidate, or a term that ends before it starts.
    public func recordElection(
        community: String, date: LocalDate, method: Election.Method, candidates: [Election.Candidate], elected: [String],
        termStart: LocalDate, termEnd: LocalDate
    ) async throws -> Election {
        guard directory.communities[community] != nil else { throw cases.unknown("community", "community", community) }
        for (i, candidate) in candidates.enumerated() {
            guard directory.people[candidate.person] != nil else { throw cases.unknown("candidates[\(i)].person", "person", candidate.person) }
            guard candidate.votes >= 0 else { throw CouncilError.invalid("candidates[\(i)].votes", "votes cannot be negative") }
        }
        for (i, person) in elected.enumerated() where !candidates.contains(where: { $0.person == person }) {
            throw CouncilError.invalid("elected[\(i)]", "\(person) was not a candidate")
        }
        guard termStart <= termEnd else { throw CouncilError.invalid("termEnd", "the term ends before it starts") }
        let election = Election(
            id: "\(community)-\(date.compactText)", community: community, date: date, method: method, candidates: candidates,
            elected: elected, termStart: termStart, termEnd: termEnd)
        do {
            try await store.save(election, expectedVersion: 0)
        } catch let error as CouncilError where error.code == .versionConflict {
            throw CouncilError.invalid("date", "community \(community) already has an election on \(date)")
        }
        return election
    }

    /// Elections of a community, in date order.
    public func elections(community: String) async throws -> [Election] {
        try await store.all(Election.self, community: community).map(\.record).sorted { $0.date < $1.date }
    }

    /// The representatives whose term covers `day`, from the latest such election.
    public func representatives(of community: String, on day: LocalDate) async throws -> [String] {
        try await elections(community: community).last { $0.termStart <= day && day <= $0.termEnd }?.elected ?? []
    }

    /// Each current representative's attendance at the community's meetings held in `[from, before)`.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for a period that ends before it starts (`before`).
    public func attendance(of community: String, from: Timestamp, before: Timestamp) async throws -> [Attendance] {
        guard from < before else { throw CouncilError.invalid("before", "the period ends before it starts") }
        let day = cases.calendar.localDate(of: before.adding(seconds: -1))
        let held = try await MeetingService(cases: cases).meetings(community: community, from: from, before: before)
            .filter { $0.status == .held }
        return try await representatives(of: community, on: day).map { person in
            Attendance(person: person, meetingsHeld: held.count, meetingsAttended: held.filter { $0.attendees.contains(person) }.count)
        }
    }

    /// Records a commendation.
    public func commend(person: String, community: String?, reason: String, date: LocalDate, awardedBy: String) async throws -> Commendation {
        guard directory.people[person] != nil else { throw cases.unknown("person", "person", person) }
        if let community, directory.communities[community] == nil { throw cases.unknown("community", "community", community) }
        try Validate.text(reason, "reason", TextLimits.reason)
        try Validate.text(awardedBy, "awardedBy", TextLimits.shortName)
        let commendation = Commendation(
            id: "\(person)-\(date.compactText)-\(CaseID().rawValue.prefix(6))", person: person, community: community,
            reason: reason, date: date, awardedBy: awardedBy)
        try await store.save(commendation, expectedVersion: 0)
        return commendation
    }

    /// Commendations, optionally of one community, in date order.
    public func commendations(community: String? = nil) async throws -> [Commendation] {
        try await store.all(Commendation.self, community: community).map(\.record).sorted { ($0.date, $0.id) < ($1.date, $1.id) }
    }
}
