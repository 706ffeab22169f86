/// Keeps the three-level linkage (三级联动): links with their dates, the visits made under them, the cases those
/// visits raise, and the reports of who is missing and who is late.
public struct LinkageService: Sendable {
    /// Options.
    public struct Configuration: Hashable, Sendable, Codable {
        /// How many days may pass between visits to a paired household before the pairing is late. Defaults to 30.
        public var householdVisitIntervalDays: Int

        /// Creates the default configuration.
        public init() { householdVisitIntervalDays = 30 }

        /// Creates a configuration.
        public init(householdVisitIntervalDays: Int) { self.householdVisitIntervalDays = householdVisitIntervalDays }
    }

    /// The case service visits raise cases through; its store keeps the links and visits.
    public let cases: CaseService
    /// Options.
    public let configuration: Configuration

    /// Creates the service.
    public init(cases: CaseService, configuration: Configuration = Configuration()) {
        self.cases = cases
        self.configuration = configuration
    }

    var store: any CaseStore { cases.store }
    var directory: Directory { cases.directory }

    // MARK: Links

    /// Establishes a link.
    /// - Parameters:
    ///   - kind: Which level.
    ///   - holder: A leader or cadre person id (with that role), or a unit code.
    ///   - target: A community, compound or household code.
    ///   - start: The first day.
    /// - Returns: The link.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming `holder` or `target` when the directory does not have
    ///   them in the right role.
    public func establish(_ kind: Link.Kind, holder: String, target: String, start: LocalDate) async throws -> Link {
        let community: String
        switch kind {
        case .leaderCommunity:
            try requirePerson(holder, role: .leader)
            guard directory.communities[target] != nil else { throw cases.unknown("target", "community", target) }
            community = target
        case .unitCompound:
            guard directory.units[holder] != nil else { throw cases.unknown("holder", "unit", holder) }
            guard let c = directory.community(ofCompound: target) else { throw cases.unknown("target", "compound", target) }
            community = c.code
        case .cadreHousehold:
            try requirePerson(holder, role: .cadre)
            guard let household = directory.households[target], let c = directory.community(ofBuilding: household.building) else {
                throw cases.unknown("target", "household", target)
            }
            community = c.code
        }
        let link = Link(
            id: "\(kind.rawValue)-\(holder)-\(target)-\(start.compactText)", kind: kind, holder: holder, target: target,
            community: community, start: start, end: nil)
        do {
            try await store.save(link, expectedVersion: 0)
        } catch let error as CouncilError where error.code == .versionConflict {
            throw CouncilError.invalid("start", "\(holder) is already linked to \(target) from \(start)")
        }
        return link
    }

    /// Ends a link on `day` (its last day).
    public func end(_ id: String, on day: LocalDate) async throws -> Link {
        guard let current = try await store.fetch(Link.self, id: id) else { throw CouncilError.notFound("no link \(id)") }
        guard day >= current.record.start else { throw CouncilError.invalid("day", "a link cannot end before it starts") }
        var link = current.record
        link.end = day
        try await store.save(link, expectedVersion: current.version)
        return link
    }

    /// Every link, optionally of one community.
    public func links(community: String? = nil) async throws -> [Link] {
        try await store.all(Link.self, community: community).map(\.record)
    }

    // MARK: Visits

    /// Logs a visit under a link that is active on the visit's day.
    /// - Parameters:
    ///   - link: The link id.
    ///   - at: When.
    ///   - people: Who went (person ids).
    ///   - hours: Hours of volunteer service, for a unit's activity.
    ///   - notes: What was done or heard.
    ///   - helpGiven: Help given to a household in difficulty.
    /// - Returns: The visit.
    public func logVisit(
        under link: String, at: Timestamp, people: [String], hours: Double? = nil, notes: String, helpGiven: String? = nil
    ) async throws -> Visit {
        guard let found = try await store.fetch(Link.self, id: link)?.record else { throw CouncilError.invalid("link", "no link \(link)") }
        try cases.checkWithinReach(at, "at")
        let day = cases.calendar.localDate(of: at)
        guard found.isActive(on: day) else { throw CouncilError.invalid("at", "link \(link) is not active on \(day)") }
        for (i, person) in people.enumerated() where directory.people[person] == nil {
            throw cases.unknown("people[\(i)]", "person", person)
        }
        if let hours, !(0...24).contains(hours) { throw CouncilError.invalid("hours", "hours must be between 0 and 24") }
        try Validate.text(notes, "notes", TextLimits.description, required: false)
        try Validate.text(helpGiven, "helpGiven", TextLimits.account)
        let visit = Visit(
            id: "\(link)-\(at.millisecondsSince1970)", link: link, kind: found.kind, community: found.community, at: at,
            people: people, hours: hours, notes: notes, helpGiven: helpGiven, raisedCases: [])
        try await store.save(visit, expectedVersion: 0)
        return visit
    }

    /// Registers a case raised on a leader's or cadre's visit; its source becomes that visit.
    /// - Returns: The case, linked from the visit.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for an unknown visit or a unit's volunteer activity (units
    ///   bring problems to the hall like anyone else).
    public func raiseCase(onVisit id: String, _ submission: Submission, by principal: Principal) async throws -> CouncilCase {
        guard let found = try await store.fetch(Visit.self, id: id) else { throw CouncilError.invalid("visit", "no visit \(id)") }
        guard found.record.kind != .unitCompound else {
            throw CouncilError.invalid("visit", "cases are raised on leader and cadre visits; submit a unit's finding as a case directly")
        }
        var submission = submission
        submission.source = found.record.kind == .cadreHousehold ? .cadreVisit : .leaderVisit
        if submission.community == nil { submission.community = found.record.community }
        let c = try await cases.submit(submission, by: principal).case
        var visit = found.record
        var version = found.version
        while true {
            visit.raisedCases.append(c.id)
            do {
                try await store.save(visit, expectedVersion: version)
                return c
            } catch let error as CouncilError where error.code == .versionConflict {
                guard let again = try await store.fetch(Visit.self, id: id) else { throw error }
                visit = again.record
                version = again.version
            }
        }
    }

    /// Visits in `[from, before)`, optionally of one community, in time order.
    public func visits(community: String? = nil, from: Timestamp? = nil, before: Timestamp? = nil) async throws -> [Visit] {
        try await store.all(Visit.self, community: community, from: from, before: before).map(\.record)
    }

    // MARK: Reports

    /// What the linkage does not cover on `day`: communities without a leader, compounds without a unit,
    /// households in difficulty without a cadre.
    public func coverage(on day: LocalDate) async throws -> CoverageReport {
        let active = try await links().filter { $0.isActive(on: day) }
        func covered(_ kind: Link.Kind) -> Set<String> { Set(active.filter { $0.kind == kind }.map(\.target)) }
        return CoverageReport(
            communitiesWithoutLeader: directory.communities.keys.filter { !covered(.leaderCommunity).contains($0) }.sorted(),
            compoundsWithoutUnit: directory.compounds.keys.filter { !covered(.unitCompound).contains($0) }.sorted(),
            householdsWithoutCadre: directory.households.values.filter { $0.inDifficulty && !covered(.cadreHousehold).contains($0.code) }
                .map(\.code).sorted())
    }

    /// Links whose visits fell behind in `[from, through]`: leaders without a visit in a calendar month they were
    /// linked for, and household pairings with more than the configured interval between visits.
    ///
    /// A month counts for a leader when the link is active on any day of it within the period. A pairing is late
    /// when, from its start (or the period's start) to the end of the period, a stretch of more than the interval
    /// passes without a visit; the lapse names the day the visit was due.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for a period that ends before it starts (`through`).
    public func cadenceLapses(from: LocalDate, through: LocalDate) async throws -> [CadenceLapse] {
        guard from <= through else { throw CouncilError.invalid("through", "the period ends before it starts") }
        let calendar = cases.calendar
        let allVisits = try await visits(before: calendar.startOfDay(through.adding(days: 1)))
        var lapses: [CadenceLapse] = []
        for link in try await links().sorted(by: { $0.id < $1.id }) {
            let visitDays = allVisits.filter { $0.link == link.id }.map { calendar.localDate(of: $0.at) }.sorted()
            switch link.kind {
            case .leaderCommunity:
                var month = LocalDate(year: from.year, month: from.month, day: 1)!
                while month <= through {
                    let next = month.month == 12
                        ? LocalDate(year: month.year + 1, month: 1, day: 1)! : LocalDate(year: month.year, month: month.month + 1, day: 1)!
                    let lastDay = next.adding(days: -1)
                    // The part of the month inside both the period and the link, as the scorecard counts it.
                    let first = max(month, from, link.start), last = min(lastDay, through, link.end ?? through)
                    if first <= last, !visitDays.contains(where: { $0 >= first && $0 <= last }) {
                        lapses.append(CadenceLapse(link: link.id, holder: link.holder, target: link.target, missing: month))
                    }
                    month = next
                }
            case .cadreHousehold:
                let interval = configuration.householdVisitIntervalDays
                // The clock runs from the link's start, or from the last visit before it.
                var last = link.start.adding(days: -1)
                if let before = visitDays.last(where: { $0 < from }), before > last { last = before }
                let stop = min(link.end ?? through, through)
                for day in visitDays where day >= from && day <= stop {
                    if day.daysSince1970 - last.daysSince1970 > interval {
                        lapses.append(CadenceLapse(link: link.id, holder: link.holder, target: link.target, missing: last.adding(days: interval)))
                    }
                    last = day
                }
                if stop.daysSince1970 - last.daysSince1970 > interval {
                    lapses.append(CadenceLapse(link: link.id, holder: link.holder, target: link.target, missing: last.adding(days: interval)))
                }
            case .unitCompound:
                break  // volunteer service is logged and counted in scorecards, without a fixed cadence
            }
        }
        return lapses
    }

    private func requirePerson(_ id: String, role: Person.Role) throws {
        guard let person = directory.people[id] else { throw cases.unknown("holder", "person", id) }
        guard person.roles.contains(role) else {
            throw CouncilError.invalid("holder", "person \(id) is not a \(role.rawValue)")
        }
    }
}
