import ArgumentParser
import CouncilClient
import CouncilKit
import CouncilAPI
import CouncilTerminal
import Foundation

struct ScorecardCommand: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "评价 A community's, unit's or leader's figures over a period, with how each was reached.",
        discussion: """
            Every measure is shown with its numerator and denominator, so the value can be checked by hand; --formulas \
            adds what each counts (docs/assessment.md has the rules). A figure with nothing to count has no value (—). \
            Rework and extension rates are better low (↓). The period defaults to the current month so far, the 1st \
            through today (UTC+8). \(DayArgument.help).
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "A community code, for example QX01.")
    var community: String?
    @Option(help: "A responsible unit's code, for example UM.")
    var unit: String?
    @Option(help: "A district leader's person id, for example L01.")
    var leader: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The first day (default: the 1st of this month).", valueName: "day"))
    var from: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("The last day (default: today).", valueName: "day"))
    var through: DayArgument?
    @Option(help: ArgumentHelp("A whole month instead: 2026-11, this or last.", valueName: "month"))
    var month: MonthArgument?

    @Flag(help: "Show each figure's formula.")
    var formulas = false

    func validate() throws {
        guard [community, unit, leader].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --community, --unit or --leader")
        }
        try Period.check(month: month, from: from, through: through)
    }

    var subject: ScorecardSubject {
        if let community { return .community(community) }
        if let unit { return .unit(unit) }
        return .leader(leader!)
    }

    func run() async throws {
        let session = try session()
        let (card, names) = try await session.withClient { client in
            async let names = DirectoryNames.load(client, people: leader != nil)
            let period = try Period.resolve(month: month, from: from, through: through, clock: try await session.clock(client))
            let card = try await client.getScorecard(subject: subject, from: period.from, through: period.through)
            return (card, await names)
        }
        if session.json {
            session.emit(card.json(names))
        } else {
            session.write(Self.render(card, names: names, formulas: formulas))
        }
    }

    static func render(_ card: Scorecard, names: DirectoryNames, formulas: Bool) -> String {
        let name = card.subject.name(names).map { "\($0) " } ?? ""
        var out = "\(name)\(card.subject) · \(Period(from: card.from, through: card.through).description)"
            + " · as of \(LocalTime.format(card.asOf)) (UTC+8)\n"
        out += "cases received 收件: \(card.casesReceived)\n\n"
        var columns: [Table.Column] = [
            .init("指标"), .init("MEASURE"), .init("NUM", alignRight: true), .init("DEN", alignRight: true), .init("VALUE", alignRight: true),
        ]
        if formulas { columns.append(.init("FORMULA")) }
        var table = Table(columns)
        for measure in card.measures {
            let english = measure.kind.english + (measure.kind.higherIsBetter ? "" : " ↓")
            var row = [measure.kind.chineseName, english, String(measure.numerator), String(measure.denominator), percent(measure.value)]
            if formulas { row.append(measure.kind.formula) }
            table.add(row)
        }
        return out + table.rendered
    }
}

struct AssessmentCommand: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "assessment",
        abstract: "年度考核 Rank communities and units on the year's scorecards, with each figure's points.",
        discussion: """
            A subject's score (0–100) is the weighted mean of the figures it has; each figure column shows the points \
            it contributed (— where the figure has nothing to count, and its weight goes to the others). Equal \
            scores share a rank. Units appear when they have cases in the year.

            --weights FILE is a JSON object of measure → weight, measures named as in `scorecard --json` or in \
            Chinese; measures left out weigh nothing. For example:
              {"satisfactionRate": 30, "onTimeRate": 30, "resolutionRate": 20, "responseRate": 20}
            Without it the server's configured weights are used (by default the standard ones: \(Self.standardWeights)).
            """)

    static let standardWeights = MeasureKind.allCases.compactMap { kind in
        AssessmentService.Weights.standard.weights[kind].map { "\(kind.rawValue) \(weightText($0))" }
    }.joined(separator: ", ")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "The year (default: this year, UTC+8).")
    var year: Int?

    @Option(help: ArgumentHelp("A JSON file of measure → weight.", valueName: "file"))
    var weights: String?

    @Option(help: ArgumentHelp(
        "Rank only subjects whose figures with something to count carry at least this share of the weight, 0–1 (default: the server's, 0.5 unless configured); 0 ranks every subject with anything to count.",
        valueName: "share"))
    var minimumCountedShare: Double?

    @Option(help: "Show only the first N of each ranking.")
    var top: Int?

    @Flag(help: "Only communities.")
    var communitiesOnly = false

    @Flag(help: "Only units.")
    var unitsOnly = false

    func validate() throws {
        if let year, !(2000...2100).contains(year) { throw ValidationError("--year must be 2000–2100") }
        if let top, top < 1 { throw ValidationError("--top must be 1 or more") }
        if let minimumCountedShare, !(0.0...1.0).contains(minimumCountedShare) {
            throw ValidationError("--minimum-counted-share must be between 0 and 1")
        }
        if communitiesOnly && unitsOnly { throw ValidationError("give --communities-only or --units-only, not both") }
    }

    /// Reads a weights file.
    static func loadWeights(_ path: String) throws -> AssessmentService.Weights {
        func invalid(_ why: String) -> Failure { Failure(.invalid, "invalid weights file \(path): \(why)") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw invalid("cannot read it") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw invalid("not a JSON object of measure → weight")
        }
        var weights: [MeasureKind: Double] = [:]
        for (key, value) in object {
            guard let kind = MeasureKind(argument: key) else {
                throw invalid("unknown measure \"\(key)\"; one of: \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let number = jsonNumber(value), number >= 0 else { throw invalid("the weight of \(key) must be a number, 0 or more") }
            weights[kind] = number
        }
        guard weights.values.contains(where: { $0 > 0 }) else { throw invalid("no measure has a weight above 0") }
        return AssessmentService.Weights(weights)
    }

    func run() async throws {
        let session = try session()
        let weights = try self.weights.map(Self.loadWeights)
        let (assessment, names) = try await session.withClient { client in
            async let names = DirectoryNames.load(client)
            let year = if let year = self.year { year } else { try await session.clock(client).today.year }
            let answer = try await client.getAnnualAssessment(
                year: year, weights: weights.map { $0.weights.map { MeasureWeight(kind: $0.key, weight: $0.value) } } ?? [],
                threshold: minimumCountedShare.map { RankingThreshold(minimumCountedShare: $0) })
            let assessment = AssessmentService.AnnualAssessment(
                year: answer.year, weights: answer.assessmentWeights, communities: answer.communities, units: answer.units)
            return (assessment, await names)
        }
        let communities = unitsOnly ? [] : Array(assessment.communities.prefix(top ?? .max))
        let units = communitiesOnly ? [] : Array(assessment.units.prefix(top ?? .max))
        if session.json {
            session.emit(.object([
                ("year", .int(assessment.year)), ("weights", assessment.weights.json),
                ("minimumCountedShare", .double(assessment.weights.minimumCountedShare)),
                ("communities", .array(communities.map { $0.json(names) })), ("units", .array(units.map { $0.json(names) })),
            ]))
            return
        }
        let used = MeasureKind.allCases.filter { (assessment.weights.weights[$0] ?? 0) > 0 }
        var out = "\(assessment.year) 年度考核 annual assessment · weights: "
            + used.map { "\($0.chineseName) \(weightText(assessment.weights.weights[$0]!))" }.joined(separator: " · ") + "\n"
        out += "figure columns: points contributed to the score (— nothing to count; its weight goes to the others)\n"
        out += "COUNTED: the share of the weight with something to count; below \(percent(assessment.weights.minimumCountedShare)) "
            + "a subject is not ranked (RANK —, 数据不足 too little to count) and follows the ranked ones\n"
        if !unitsOnly {
            out += "\n社区 COMMUNITIES (\(assessment.communities.count))\n"
            out += Self.table(communities, measures: used, names: names).rendered
            if communities.count < assessment.communities.count {
                out += "… \(assessment.communities.count - communities.count) more (without --top)\n"
            }
        }
        if !communitiesOnly {
            out += "\n责任单位 UNITS (\(assessment.units.count) with cases in \(assessment.year))\n"
            out += units.isEmpty ? "none\n" : Self.table(units, measures: used, names: names).rendered
            if units.count < assessment.units.count { out += "… \(assessment.units.count - units.count) more (without --top)\n" }
        }
        session.write(out)
    }

    static func table(_ rankings: [AssessmentService.Ranking], measures: [MeasureKind], names: DirectoryNames) -> Table {
        var columns: [Table.Column] = [
            .init("RANK", alignRight: true), .init("CODE"), .init("NAME", maxWidth: 24), .init("CASES", alignRight: true),
            .init("SCORE", alignRight: true), .init("COUNTED", alignRight: true),
        ]
        columns += measures.map { Table.Column($0.chineseName, alignRight: true) }
        var table = Table(columns)
        for ranking in rankings {
            var row = [
                ranking.rank.map(String.init) ?? "—", ranking.subject.code, ranking.subject.name(names) ?? "—",
                String(ranking.scorecard.casesReceived), oneDecimal(ranking.score), percent(ranking.countedShare),
            ]
            for kind in measures {
                let contribution = ranking.contributions.first { $0.measure.kind == kind }
                row.append(contribution.flatMap { $0.measure.value == nil ? nil : oneDecimal($0.points) } ?? "—")
            }
            table.add(row)
        }
        return table
    }
}

// MARK: Export

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export cases or scorecards as CSV (UTF-8 with a byte-order mark, for spreadsheets).",
        subcommands: [ExportCases.self, ExportScorecards.self])
}

/// Where an export goes: a file, or stdout.
struct ExportOutput: ParsableArguments {
    @Option(help: ArgumentHelp("The file to write (default: stdout).", valueName: "file.csv"))
    var out: String?

    /// The bytes written per progress report.
    static let chunkBytes = 64 << 10

    /// The export's progress line, or one that draws nothing when the CSV itself goes to the terminal: the line
    /// would be drawn among its rows.
    func progress(_ session: Session) -> TerminalProgress {
        out == nil && isatty(STDOUT_FILENO) == 1 ? TerminalProgress(terminal: nil) : session.progress()
    }

    /// Writes the CSV, showing the bytes written on `progress`, then ends the line; answers for `--json`.
    func write(_ csv: [UInt8], session: Session, progress: TerminalProgress, label: String) throws {
        // Rows: lines after the header, not counting line breaks inside quoted fields.
        var rows = 0, quoted = false
        for byte in csv {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == UInt8(ascii: "\n"), !quoted { rows += 1 }
        }
        rows = max(0, rows - 1)
        progress.begin("\(label): writing \(out ?? "stdout")", total: Int64(csv.count), unit: .bytes)
        let chunks = stride(from: 0, to: csv.count, by: Self.chunkBytes).map { $0..<min($0 + Self.chunkBytes, csv.count) }
        guard let out else {
            for chunk in chunks {
                Console.outBytes(csv[chunk])
                progress.update(Int64(chunk.upperBound))
            }
            progress.finish()
            return
        }
        do {
            let url = URL(fileURLWithPath: out)
            try Data().write(to: url)
            let file = try FileHandle(forWritingTo: url)
            defer { try? file.close() }
            for chunk in chunks {
                try file.write(contentsOf: csv[chunk])
                progress.update(Int64(chunk.upperBound))
            }
        } catch {
            progress.finish()
            throw Failure(.failed, "cannot write \(out): \(error.localizedDescription)")
        }
        progress.finish()
        if session.json {
            session.emit(.object([("file", .string(out)), ("bytes", .int(csv.count)), ("rows", .int(rows))]))
        } else {
            session.note("wrote \(rows) \(rows == 1 ? "row" : "rows") (\(csv.count) bytes) to \(out)")
        }
    }

    func validate(json: Bool) throws {
        if json && out == nil { throw Failure.usage("--json needs --out FILE: the CSV itself is the output otherwise") }
    }
}

struct ExportCases: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "Every case matching the filters, one row each, without personal data.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var output: ExportOutput

    @Option(help: "Only this community.")
    var community: String?
    @Option(help: "Only this category.")
    var category: String?
    @Option(help: "Only cases with this responsible unit.")
    var unit: String?
    @Option(help: "Only cases from this source.")
    var source: CaseSource?
    @Option(help: "Only these statuses; repeat or separate with commas.")
    var status: [String] = []
    @Option(parsing: .unconditional, help: ArgumentHelp("Only cases registered on or after this day.", valueName: "day"))
    var from: DayArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only cases registered on or before this day.", valueName: "day"))
    var through: DayArgument?

    private var statuses: [CaseStatus] {
        status.flatMap { $0.split(separator: ",") }.compactMap { CaseStatus(argument: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        for name in status.flatMap({ $0.split(separator: ",") }) where CaseStatus(argument: name.trimmingCharacters(in: .whitespaces)) == nil {
            throw ValidationError("unknown status \"\(name)\"")
        }
    }

    func run() async throws {
        let session = try session()
        try output.validate(json: session.json)
        let progress = output.progress(session)
        defer { progress.finish() }
        progress.begin("export cases: waiting for councild")
        let csv = try await session.withClient { client in
            let first = try await session.givenDay(from, client: client), last = try await session.givenDay(through, client: client)
            let query = CaseQuery(
                community: community, statuses: Set(statuses), category: category, source: source, unit: unit,
                createdFrom: first.map { LocalTime.instant($0) }, createdBefore: last.map { LocalTime.instant($0.adding(days: 1)) },
                order: .oldestFirst)
            return try await client.exportCases(query: query)
        }
        try output.write(csv, session: session, progress: progress, label: "export cases")
    }
}

struct ExportScorecards: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecards",
        abstract: "Scorecards of the subjects given (default: every community), one row per figure.",
        discussion: "The period defaults to the current month so far. \(DayArgument.help).")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var output: ExportOutput

    @Option(help: "A community; repeat for more.")
    var community: [String] = []
    @Option(help: "A unit; repeat for more.")
    var unit: [String] = []
    @Option(help: "A leader; repeat for more.")
    var leader: [String] = []
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
        try output.validate(json: session.json)
        let subjects = community.map(ScorecardSubject.community) + unit.map(ScorecardSubject.unit) + leader.map(ScorecardSubject.leader)
        let progress = output.progress(session)
        defer { progress.finish() }
        progress.begin("export scorecards: waiting for councild")
        let csv = try await session.withClient { client in
            let period = try Period.resolve(month: month, from: from, through: through, clock: try await session.clock(client))
            return try await client.exportScorecards(subjects: subjects, from: period.from, through: period.through)
        }
        try output.write(csv, session: session, progress: progress, label: "export scorecards")
    }
}

extension Console {
    /// Writes bytes to stdout as they are.
    static func outBytes(_ bytes: ArraySlice<UInt8>) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(bytes))
        } catch {
            exit(ExitStatus.ok.rawValue)
        }
    }
}
