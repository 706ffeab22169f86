import Foundation

/// Computes scorecards (评价考核) for communities, units and leaders, ranks them in the annual assessment
/// (年度考核), and exports cases and scorecards as CSV.
///
/// The formula of every figure is on ``MeasureKind``.
public struct AssessmentService: Sendable {
    /// How much each figure weighs in the annual assessment, and how much must be counted for a rank.
    ///
    /// Weights need not sum to 1: a subject's score is the weighted mean of the figures it has (a figure with
    /// nothing to count — no rated case, say — is left out and the other weights share its part), on a scale of 100.
    /// So that a subject with little to count — one declined case, say — is not ranked above subjects with a year's
    /// results, a subject is ranked only when the figures it has carry at least ``minimumCountedShare`` of the
    /// weight; the others are listed after the ranked ones, without a rank (数据不足, too little to count).
    public struct Weights: Hashable, Sendable, Codable {
        /// The standard ``minimumCountedShare``: half of the weight.
        public static let standardMinimumCountedShare = 0.5

        /// Weight by figure; figures left out weigh nothing.
        public var weights: [MeasureKind: Double]
        /// The least share of the total weight, 0–1, that the figures a subject has must carry for it to be ranked.
        /// 0 ranks every subject.
        public var minimumCountedShare: Double

        /// Creates weights.
        /// - Parameters:
        ///   - weights: Weight by figure; figures left out weigh nothing.
        ///   - minimumCountedShare: The least share of the total weight, 0–1, that a subject's figures must carry for
        ///     it to be ranked.
        public init(_ weights: [MeasureKind: Double], minimumCountedShare: Double = Weights.standardMinimumCountedShare) {
            self.weights = weights
            self.minimumCountedShare = minimumCountedShare
        }

        private enum CodingKeys: String, CodingKey { case weights, minimumCountedShare }

        /// Decodes weights; without `minimumCountedShare`, the standard share.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            weights = try c.decode([MeasureKind: Double].self, forKey: .weights)
            minimumCountedShare = try c.decodeIfPresent(Double.self, forKey: .minimumCountedShare) ?? Self.standardMinimumCountedShare
        }

        /// The sum of every figure's weight.
        public var total: Double { weights.values.reduce(0, +) }

        /// Satisfaction 25, on-time closure 20, resolution 20, response 15, meeting and visit cadence 5 each,
        /// rework and extension 5 each.
        public static let standard = Weights([
            .satisfactionRate: 25, .onTimeRate: 20, .resolutionRate: 20, .responseRate: 15,
            .meetingCadence: 5, .visitCadence: 5, .reworkRate: 5, .extensionRate: 5,
        ])
    }

    /// One figure's part in a subject's score.
    public struct Contribution: Hashable, Sendable, Codable {
        /// The figure.
        public var measure: Measure
        /// Its configured weight.
        public var weight: Double
        /// Points it adds to the score (0–100 in all).
        public var points: Double

        /// Creates a contribution.
        public init(measure: Measure, weight: Double, points: Double) {
            self.measure = measure
            self.weight = weight
            self.points = points
        }
    }

    /// A subject's place in the annual assessment.
    public struct Ranking: Hashable, Sendable, Codable {
        /// 1 for the best score; equal scores share a rank. `nil` when the subject is not ranked: its figures carry
        /// less than ``Weights/minimumCountedShare`` of the weight.
        public var rank: Int?
        /// The subject.
        public var subject: ScorecardSubject
        /// The score, 0–100.
        public var score: Double
        /// The share of the total weight, 0–1, carried by the figures the subject has something to count for.
        public var countedShare: Double
        /// How each figure contributed.
        public var contributions: [Contribution]
        /// The scorecard behind it.
        public var scorecard: Scorecard

        /// Creates a ranking.
        public init(
            rank: Int?, subject: ScorecardSubject, score: Double, countedShare: Double, contributions: [Contribution], scorecard: Scorecard
        ) {
            self.rank = rank
            self.subject = subject
            self.score = score
            self.countedShare = countedShare
            self.contributions = contributions
            self.scorecard = scorecard
        }
    }

    /// The annual assessment: communities and units ranked on the year's scorecards.
    public struct AnnualAssessment: Hashable, Sendable, Codable {
        /// The year.
        public var year: Int
        /// The weights used.
        public var weights: Weights
        /// Communities, best first.
        public var communities: [Ranking]
        /// Units with cases in the year, best first.
        public var units: [Ranking]

        /// Creates an assessment.
        public init(year: Int, weights: Weights, communities: [Ranking], units: [Ranking]) {
            self.year = year
            self.weights = weights
            self.communities = communities
            self.units = units
        }
    }

    /// The case service whose store and directory are used.
    public let cases: CaseService

    /// Creates the service.
    public init(cases: CaseService) {
        self.cases = cases
    }

    // MARK: Scorecards

    /// The figures of a subject for the period `from`…`through` (whole local days), judged now.
    public func scorecard(_ subject: ScorecardSubject, from: LocalDate, through: LocalDate) async throws -> Scorecard {
        guard from <= through else { throw CouncilError.invalid("through", "the period ends before it starts") }
        let calendar = cases.calendar
        let start = calendar.startOfDay(from), end = calendar.startOfDay(through.adding(days: 1))
        let asOf = cases.clock.now()
        var counted: [CouncilCase]
        var links: [Link]
        let linkage = LinkageService(cases: cases)
        switch subject {
        case .community(let code):
            guard cases.directory.communities[code] != nil else { throw cases.unknown("subject", "community", code) }
            counted = try await allCases(CaseQuery(community: code, createdFrom: start, createdBefore: end))
            links = try await linkage.links(community: code).filter { $0.kind == .leaderCommunity }
        case .unit(let code):
            guard cases.directory.units[code] != nil else { throw cases.unknown("subject", "unit", code) }
            counted = try await allCases(CaseQuery(unit: code, createdFrom: start, createdBefore: end))
            links = try await linkage.links().filter { $0.kind == .unitCompound && $0.holder == code }
        case .leader(let id):
            guard cases.directory.people[id]?.roles.contains(.leader) == true else { throw cases.unknown("subject", "leader", id) }
            links = try await linkage.links().filter { $0.kind == .leaderCommunity && $0.holder == id }
            counted = []
            for community in Set(links.map(\.community)).sorted() {
                let linkedDays = links.filter { $0.community == community }
                counted += try await allCases(CaseQuery(community: community, createdFrom: start, createdBefore: end)).filter { c in
                    let day = calendar.localDate(of: c.createdAt)
                    return linkedDays.contains { $0.isActive(on: day) }
                }
            }
        }

        var measures = Self.caseMeasures(counted, asOf: asOf)
        if case .community(let code) = subject {
            let gaps = try await MeetingService(cases: cases).cadenceGaps(community: code, from: from, through: through)
            let weeks = Self.weeks(from: from, through: through)
            measures.append(Measure(kind: .meetingCadence, numerator: weeks - gaps.count, denominator: weeks))
        }
        let visits = try await linkage.visits(from: start, before: end)
        measures.append(Self.visitCadence(links: links, visits: visits, from: from, through: through, calendar: calendar))
        return Scorecard(subject: subject, from: from, through: through, asOf: asOf, casesReceived: counted.count, measures: measures)
    }

    /// The case figures — response, on-time closure, resolution, satisfaction, rework and extension — of a set of
    /// cases judged at `asOf`, by the formulas on ``MeasureKind``.
    public static func caseMeasures(_ cases: [CouncilCase], asOf: Timestamp) -> [Measure] {
        var responded = 0, respondedOnTime = 0, unansweredLate = 0
        var handled = 0, resolvedCounted = 0, resolvedOnTime = 0, unresolvedLate = 0, extended = 0
        var rated = 0, solved = 0, satisfied = 0, everResolved = 0, reworked = 0
        for c in cases {
            if let at = c.respondedAt {
                responded += 1
                if at <= c.responseDue { respondedOnTime += 1 }
            } else if c.status != .withdrawn, c.responseDue < asOf {
                unansweredLate += 1
            }
            let leftHandling: Set<CaseStatus> = [.withdrawn, .declined, .referred, .merged]
            if c.acceptance != nil, !leftHandling.contains(c.status) {
                handled += 1
                if c.extensionCount > 0 { extended += 1 }
                if let onTime = c.resolvedOnTime {
                    resolvedCounted += 1
                    if onTime { resolvedOnTime += 1 }
                } else if let due = c.handlingDue, due < asOf {
                    unresolvedLate += 1
                }
            }
            if c.resolvedAt != nil { everResolved += 1 }
            if c.reworkCount > 0 { reworked += 1 }
            if let evaluation = c.evaluation {
                rated += 1
                if evaluation.solved { solved += 1 }
                if evaluation.rating != .dissatisfied { satisfied += 1 }
            }
        }
        return [
            Measure(kind: .responseRate, numerator: respondedOnTime, denominator: responded + unansweredLate),
            Measure(kind: .onTimeRate, numerator: resolvedOnTime, denominator: resolvedCounted + unresolvedLate),
            Measure(kind: .resolutionRate, numerator: solved, denominator: rated),
            Measure(kind: .satisfactionRate, numerator: satisfied, denominator: rated),
            Measure(kind: .reworkRate, numerator: reworked, denominator: everResolved),
            Measure(kind: .extensionRate, numerator: extended, denominator: handled),
        ]
    }

    // MARK: Annual assessment

    /// Ranks every community, and every unit with cases in the year, on the year's scorecards — the year so far
    /// when it is the current one. Subjects whose figures carry less than `weights.minimumCountedShare` of the weight
    /// follow the ranked ones, unranked.
    /// - Throws: ``CouncilError/Code/invalidArgument`` when the year is not one, has not begun, or the minimum counted
    ///   share is outside 0–1.
    public func annualAssessment(year: Int, weights: Weights = .standard) async throws -> AnnualAssessment {
        guard (1970...9999).contains(year) else { throw CouncilError.invalid("year", "the year must be between 1970 and 9999") }
        for (kind, weight) in weights.weights where !weight.isFinite || weight < 0 {
            throw CouncilError.invalid("weights", "the weight of \(kind.rawValue) must be a finite number ≥ 0")
        }
        guard let from = LocalDate(year: year, month: 1, day: 1), let yearEnd = LocalDate(year: year, month: 12, day: 31) else {
            throw CouncilError.invalid("year", "not a year")
        }
        guard weights.minimumCountedShare.isFinite, (0.0...1.0).contains(weights.minimumCountedShare) else {
            throw CouncilError.invalid("weights.minimumCountedShare", "the minimum counted share must be between 0 and 1")
        }
        // The year so far: weeks and months still to come are not missed meetings or visits.
        let today = cases.calendar.localDate(of: cases.clock.now())
        guard today >= from else { throw CouncilError.invalid("year", "\(year) has not begun") }
        let through = min(yearEnd, today)
        var communityCards: [Scorecard] = []
        for community in cases.directory.sortedCommunities {
            communityCards.append(try await scorecard(.community(community.code), from: from, through: through))
        }
        var unitCards: [Scorecard] = []
        for unit in cases.directory.units.keys.sorted() {
            let card = try await scorecard(.unit(unit), from: from, through: through)
            if card.casesReceived > 0 { unitCards.append(card) }
        }
        return AnnualAssessment(
            year: year, weights: weights, communities: Self.rank(communityCards, weights), units: Self.rank(unitCards, weights))
    }

    /// Scores and ranks scorecards with `weights`: the ranked subjects best first, then those with too little to
    /// count (``Weights/minimumCountedShare``), unranked, best score first.
    public static func rank(_ cards: [Scorecard], _ weights: Weights) -> [Ranking] {
        let total = weights.total
        let scored: [Ranking] = cards.map { card in
            let available = card.measures.filter { $0.score != nil && (weights.weights[$0.kind] ?? 0) > 0 }
            let counted = available.reduce(0) { $0 + (weights.weights[$1.kind] ?? 0) }
            let contributions = card.measures.map { measure -> Contribution in
                let weight = weights.weights[measure.kind] ?? 0
                let points = counted > 0 ? (measure.score ?? 0) * weight / counted * 100 : 0
                return Contribution(measure: measure, weight: weight, points: measure.score == nil ? 0 : points)
            }
            return Ranking(
                rank: nil, subject: card.subject, score: contributions.reduce(0) { $0 + $1.points },
                countedShare: total > 0 ? counted / total : 0, contributions: contributions, scorecard: card)
        }
        // Shares are compared with a little slack: 50 of 100 is half, however the division rounds.
        let qualifies = { (ranking: Ranking) in ranking.countedShare > 0 && ranking.countedShare >= weights.minimumCountedShare - 1e-9 }
        let best = { (a: Ranking, b: Ranking) in (a.score, b.subject.code) > (b.score, a.subject.code) }
        var ranked = scored.filter(qualifies).sorted(by: best)
        for i in ranked.indices {
            ranked[i].rank = i > 0 && abs(ranked[i - 1].score - ranked[i].score) < 1e-9 ? ranked[i - 1].rank : i + 1
        }
        return ranked + scored.filter { !qualifies($0) }.sorted(by: best)
    }

    // MARK: Export

    /// Cases matching `query` (every page) as CSV: UTF-8 with a byte-order mark so spreadsheets show Chinese
    /// correctly. Personal data is left out.
    public func casesCSV(_ query: CaseQuery) async throws -> String {
        var rows = [["case number", "community", "category", "source", "status", "step", "title", "registered", "response due",
                     "responded", "handling due", "unit", "resolved", "on time", "rating", "solved", "reworks", "extensions"]]
        let calendar = cases.calendar
        func time(_ t: Timestamp?) -> String {
            guard let t else { return "" }
            let day = calendar.localDate(of: t)
            let minutes = (t.millisecondsSince1970 - calendar.startOfDay(day).millisecondsSince1970) / 60_000
            return "\(day) \(minutes / 60 < 10 ? "0" : "")\(minutes / 60):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
        }
        for c in try await allCases(query) {
            rows.append([
                c.number.description, c.community, c.category ?? "", c.submission.source.rawValue, c.status.rawValue,
                String(c.step.rawValue), Redactor(c.submission.submitter.map { [$0] } ?? []).redact(c.submission.title), time(c.createdAt), time(c.responseDue), time(c.respondedAt),
                time(c.handlingDue), c.responsibleUnit ?? "", time(c.resolvedAt), c.resolvedOnTime.map { $0 ? "yes" : "no" } ?? "",
                c.evaluation?.rating.rawValue ?? "", c.evaluation.map { $0.solved ? "yes" : "no" } ?? "",
                String(c.reworkCount), String(c.extensionCount),
            ])
        }
        return Self.csv(rows)
    }

    /// Scorecards as CSV, one row per subject and figure, UTF-8 with a byte-order mark.
    public static func scorecardsCSV(_ cards: [Scorecard]) -> String {
        var rows = [["subject", "code", "from", "through", "cases received", "measure", "名称", "numerator", "denominator", "value"]]
        for card in cards {
            let kind: String
            switch card.subject {
            case .community: kind = "community"
            case .unit: kind = "unit"
            case .leader: kind = "leader"
            }
            for m in card.measures {
                rows.append([
                    kind, card.subject.code, card.from.description, card.through.description, String(card.casesReceived),
                    m.kind.rawValue, m.kind.chineseName, String(m.numerator), String(m.denominator),
                    m.value.map { String(format4: $0) } ?? "",
                ])
            }
        }
        return csv(rows)
    }

    /// RFC 4180 CSV with a byte-order mark. A cell a spreadsheet would run as a formula — one beginning with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return, or their full-width forms — is written as text: prefixed with `'` and
    /// quoted, as OWASP's CSV-injection guidance says.
    static func csv(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { row in
            row.map { cell in
                let field = startsFormula(cell) ? "'" + cell : cell
                return startsFormula(cell) || field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }

    /// The first characters that make a spreadsheet read a cell as a formula; such cells are exported as text.
    public static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    private static func startsFormula(_ cell: String) -> Bool {
        cell.unicodeScalars.first.map(formulaStarts.contains) ?? false
    }

    // MARK: Helpers

    private func allCases(_ query: CaseQuery) async throws -> [CouncilCase] {
        var query = query
        query.limit = CaseQuery.maximumLimit
        query.order = .oldestFirst
        var result: [CouncilCase] = []
        repeat {
            let page = try await cases.find(query)
            result += page.cases
            query.cursor = page.nextCursor
        } while query.cursor != nil
        return result
    }

    static func weeks(from: LocalDate, through: LocalDate) -> Int {
        let firstMonday = from.adding(days: -(Weekday.allCases.firstIndex(of: from.weekday)!))
        return (through.daysSince1970 - firstMonday.daysSince1970) / 7 + 1
    }

    static func visitCadence(links: [Link], visits: [Visit], from: LocalDate, through: LocalDate, calendar: WorkCalendar) -> Measure {
        var months = 0, visited = 0
        for link in links {
            var month = LocalDate(year: from.year, month: from.month, day: 1)!
            while month <= through {
                let next = month.month == 12
                    ? LocalDate(year: month.year + 1, month: 1, day: 1)! : LocalDate(year: month.year, month: month.month + 1, day: 1)!
                let first = max(month, from, link.start), last = min(next.adding(days: -1), through, link.end ?? through)
                if first <= last {
                    months += 1
                    if visits.contains(where: { visit in
                        guard visit.link == link.id else { return false }
                        let day = calendar.localDate(of: visit.at)
                        return day >= first && day <= last
                    }) { visited += 1 }
                }
                month = next
            }
        }
        return Measure(kind: .visitCadence, numerator: visited, denominator: months)
    }
}

extension String {
    /// A fraction with four decimals, for CSV.
    fileprivate init(format4 value: Double) {
        let scaled = (value * 10_000).rounded()
        let whole = Int(scaled) / 10_000, fraction = Int(scaled) % 10_000
        let digits = String(fraction)
        self = "\(whole)." + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
