import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import CouncilWire
import Foundation
import Testing

// councilctl's council commands — scorecard, assessment, meetings, the linkage, representatives, exports and loading
// a directory — run as a process against a loopback councild, with the data made through CouncilClient.

private func environment(_ server: TestDaemon, key: String = "demo-hall-staff") -> [String: String] {
    ["COUNCIL_SERVER": "127.0.0.1:\(server.port)", "COUNCIL_KEY": key]
}

private func ctl(_ arguments: String..., env: [String: String]) async throws -> CouncilctlBinary.Result {
    try await CouncilctlBinary.run(arguments, environment: env)
}

/// Display columns by an oracle independent of councilctl's: CJK ideographs, CJK punctuation and fullwidth forms
/// take two, everything else one.
private func width(_ text: some StringProtocol) -> Int {
    text.unicodeScalars.reduce(0) { sum, scalar in
        let wide = (0x4E00...0x9FFF).contains(scalar.value) || (0x3000...0x303F).contains(scalar.value) || (0xFF01...0xFF60).contains(scalar.value)
        return sum + (wide ? 2 : 1)
    }
}

/// The character at each display column of `line` (wide characters at their first column only).
private func cells(_ line: String) -> [Int: Character] {
    var result: [Int: Character] = [:]
    var column = 0
    for character in line {
        result[column] = character
        column += width(String(character))
    }
    return result
}

/// Checks a table's columns line up in display columns: in every row, a left-aligned column's cell starts where its
/// header starts, and a right-aligned column's cell ends where its header ends, with a space before each.
private func expectTable(
    _ lines: [String], left: [String], right: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let header = try #require(lines.first, sourceLocation: sourceLocation)
    #expect(lines.count > 1, "the table has rows", sourceLocation: sourceLocation)
    func start(of name: String) throws -> Int {
        let range = try #require(header.range(of: name), "header \(name) missing in \(header)", sourceLocation: sourceLocation)
        return width(header[..<range.lowerBound])
    }
    for name in left {
        let column = try start(of: name)
        for row in lines.dropFirst() {
            let at = cells(row)
            #expect(at[column] != nil && at[column] != " ", "no cell starts at column \(column) (\(name)) in: \(row)", sourceLocation: sourceLocation)
            if column > 0 { #expect(at[column - 1] == " ", "the cell before \(name) runs into it in: \(row)", sourceLocation: sourceLocation) }
        }
    }
    for name in right {
        let end = try start(of: name) + width(name) - 1
        for row in lines.dropFirst() {
            let at = cells(row)
            #expect(at[end] != nil && at[end] != " ", "no cell ends at column \(end) (\(name)) in: \(row)", sourceLocation: sourceLocation)
            #expect(at[end + 1] == nil || at[end + 1] == " ", "the cell under \(name) runs past it in: \(row)", sourceLocation: sourceLocation)
        }
    }
}

/// The lines of `text` from the one starting with `header` up to the next blank line.
private func tableLines(_ text: String, startingWith header: String) -> [String] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let first = lines.firstIndex(where: { $0.hasPrefix(header) }) else { return [] }
    return Array(lines[first...].prefix { !$0.isEmpty })
}

/// A time in UTC+8 as councilctl reads it, `2026-11-29 19:30`.
private func local(_ instant: Timestamp) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: Date(timeIntervalSince1970: Double(instant.millisecondsSince1970) / 1000))
}

private func temporaryFile(_ name: String, _ contents: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("councilctl-\(UUID().uuidString)-\(name)")
    try Data(contents.utf8).write(to: url)
    return url
}

@Suite("councilctl's council commands, run as a process against a loopback councild")
struct CouncilctlCouncilTests {
    static let resident = PersonalData(name: "李秀英", phone: "13712345678")

    /// Today and now as the daemon sees them.
    func now(_ server: TestDaemon) -> (Timestamp, LocalDate) {
        let environment = server.daemon.environment
        let now = environment.clock.now()
        return (now, environment.configuration.calendar.localDate(of: now))
    }

    /// A case of `community` taken around the loop to a rating.
    @discardableResult
    func ratedCase(_ staff: CouncilClient, _ community: String, unit: String, rating: Rating, solved: Bool) async throws -> CaseView {
        let submitted = try await staff.submit(submission: Submission(
            title: "楼道堆物", description: "楼道堆放杂物", source: .walkIn, community: community, category: "environment", submitter: Self.resident))
        let id = submitted.case.state.id
        _ = try await staff.accept(caseID: id)
        _ = try await staff.dispatch(caseID: id, unit: unit)
        _ = try await staff.resolve(caseID: id, result: HandlingResult(summary: "已清理"))
        _ = try await staff.recordFeedback(caseID: id, feedback: Feedback(channel: .phone, message: "已电话告知"))
        return try await staff.evaluate(caseID: id, evaluation: Evaluation(rating: rating, solved: solved))
    }

    @Test(
        "scorecard and assessment print every figure with numerator and denominator, ranked, and --json agrees with the server",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func scorecardAndAssessment() async throws {
        try await TestDaemon.with { server in
            let env = environment(server)
            let staff = server.client("hall-staff")
            let (_, today) = now(server)
            try await ratedCase(staff, "QX01", unit: "UM", rating: .satisfied, solved: true)
            try await ratedCase(staff, "QX01", unit: "UM", rating: .dissatisfied, solved: false)
            try await ratedCase(staff, "QX02", unit: "HC", rating: .basicallySatisfied, solved: true)

            let card = try await ctl("scorecard", "--community", "QX01", "--formulas", env: env)
            #expect(card.status == 0, "\(card.stderr)")
            #expect(card.stdout.hasPrefix("示例社区01 community QX01 · "), "\(card.stdout)")
            #expect(card.stdout.contains("cases received 收件: 2"))
            let rows = tableLines(card.stdout, startingWith: "指标")
            #expect(rows.count == 1 + 8, "a header and every figure:\n\(card.stdout)")
            try expectTable(rows, left: ["指标", "MEASURE", "FORMULA"], right: ["NUM", "DEN", "VALUE"])
            let satisfaction = try #require(rows.first { $0.hasPrefix("满意率") })
            #expect(satisfaction.split(separator: " ").contains("50.0%"), "\(satisfaction)")
            #expect(satisfaction.contains("(satisfied + basically satisfied) / rated cases"))
            let rework = try #require(rows.first { $0.hasPrefix("返工率") })
            #expect(rework.contains("rework rate ↓"))
            #expect(try #require(rows.first { $0.hasPrefix("走访频次") }).hasSuffix("—") == false, "formulas come last")
            #expect(!tableLines(try await ctl("scorecard", "--community", "QX01", env: env).stdout, startingWith: "指标")[0].contains("FORMULA"))

            // --json carries the server's figures one for one.
            let from = LocalDate(year: today.year, month: today.month, day: 1)!
            for arguments in [["--community", "QX01"], ["--unit", "UM"], ["--community", "QX02"]] {
                let json = try await CouncilctlBinary.run(["scorecard", "--json"] + arguments, environment: env)
                #expect(json.status == 0, "\(json.stderr)")
                let object = try json.object()
                let subject: ScorecardSubject = arguments[0] == "--unit" ? .unit(arguments[1]) : .community(arguments[1])
                let expected = try await staff.getScorecard(subject: subject, from: from, through: today)
                #expect(object["from"] as? String == from.description && object["through"] as? String == today.description)
                #expect(object["casesReceived"] as? Int == expected.casesReceived)
                let measures = try #require(object["measures"] as? [[String: Any]])
                #expect(measures.map { $0["kind"] as? String } == expected.measures.map(\.kind.rawValue))
                #expect(measures.map { $0["numerator"] as? Int } == expected.measures.map(\.numerator))
                #expect(measures.map { $0["denominator"] as? Int } == expected.measures.map(\.denominator))
                #expect(measures.map { $0["value"] as? Double } == expected.measures.map(\.value))
            }
            #expect(try await ctl("scorecard", "--community", "QX01", "--unit", "UM", env: env).status == 2)
            #expect(try await ctl("scorecard", "--community", "QX99", env: env).status == 7)

            // The assessment: QX02 (basically satisfied, solved) ranks above QX01 (one of two satisfied and solved).
            let assessment = try await ctl("assessment", env: env)
            #expect(assessment.status == 0, "\(assessment.stderr)")
            #expect(assessment.stdout.hasPrefix("\(today.year) 年度考核 annual assessment · weights: 响应率 15 · 按期办结率 20 · 解决率 20 · 满意率 25 · 返工率 5"))
            let communities = tableLines(assessment.stdout, startingWith: "RANK")
            try expectTable(
                communities, left: ["CODE", "NAME"],
                right: ["RANK", "CASES", "SCORE", "响应率", "按期办结率", "解决率", "满意率", "返工率", "延期率", "议事频次", "走访频次"])
            let qx02 = try #require(communities.first { $0.contains("QX02") }).split(separator: " ")
            let qx01 = try #require(communities.first { $0.contains("QX01") }).split(separator: " ")
            #expect(qx02.first == "1" && qx01.first == "2", "\(assessment.stdout)")
            #expect(assessment.stdout.contains("责任单位 UNITS (2 with cases in \(today.year))"))

            let wire = try await staff.getAnnualAssessment(year: today.year)
            let json = try await ctl("assessment", "--json", env: env)
            let object = try json.object()
            let ranked = try #require(object["communities"] as? [[String: Any]])
            #expect(ranked.count == 44)
            #expect(ranked.map { ($0["subject"] as? [String: Any])?["code"] as? String } == wire.communities.map(\.subject.code))
            #expect(ranked.map { $0["rank"] as? Int } == wire.communities.map(\.rank))
            #expect(zip(ranked, wire.communities).allSatisfy { abs(($0["score"] as? Double ?? -1) - $1.score) < 1e-9 })
            let units = try #require(object["units"] as? [[String: Any]])
            #expect(units.map { ($0["subject"] as? [String: Any])?["code"] as? String } == wire.units.map(\.subject.code))
            #expect((object["weights"] as? [String: Double])?["satisfactionRate"] == 25)

            let weights = try temporaryFile("weights.json", #"{"满意率": 1, "resolutionRate": 0}"#)
            defer { try? FileManager.default.removeItem(at: weights) }
            let weighted = try await ctl("assessment", "--weights", weights.path, "--top", "2", "--communities-only", "--json", env: env)
            #expect(weighted.status == 0, "\(weighted.stderr)")
            let top = try #require(try weighted.object()["communities"] as? [[String: Any]])
            #expect(top.map { ($0["subject"] as? [String: Any])?["code"] as? String } == ["QX02", "QX01"])
            #expect(top.map { $0["score"] as? Double } == [100, 50], "satisfaction alone: 1/1 and 1/2")
            #expect((try weighted.object()["units"] as? [Any])?.isEmpty == true)

            let badWeights = try temporaryFile("weights.json", #"{"happiness": 3}"#)
            defer { try? FileManager.default.removeItem(at: badWeights) }
            let refused = try await ctl("assessment", "--weights", badWeights.path, env: env)
            #expect(refused.status == 7 && refused.stderr.contains("unknown measure \"happiness\""), "\(refused.stderr)")
            await staff.close()
        }
    }

    @Test(
        "a meeting scheduled, held with a resolution moves its case; the notice names no one; gaps, cancel and reschedule",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func meetings() async throws {
        try await TestDaemon.with { server in
            let env = environment(server)
            let staff = server.client("hall-staff")
            let (now, today) = now(server)
            let submitted = try await staff.submit(submission: Submission(
                title: "小区垃圾清运不及时", description: "三号楼东侧垃圾站三天未清运", source: .walkIn, community: "QX01",
                category: "environment", submitter: Self.resident))
            let number = submitted.case.state.number.description
            _ = try await staff.accept(caseID: submitted.case.state.id)

            let scheduled = try await ctl(
                "meetings", "schedule", "--community", "QX01", "--at", local(now.adding(hours: 1)), "--place-kind", "议事廊", "--place", "1号楼议事廊",
                "--format", "jointMeeting", "--convener", "HS01", "--invite", "representative:RP01", "--invite", "unit:UM", "--invite", "resident",
                "--case", number, "--topic", "楼道照明", env: env)
            #expect(scheduled.status == 0, "\(scheduled.stderr)")
            let id = scheduled.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(id.hasPrefix("QX01-") && scheduled.stderr.contains("1 case, 1 topic"), "\(scheduled.stderr)")
            #expect(try await staff.getCase(key: .number(CaseNumber(number)!)).state.status == .awaitingDeliberation)

            let shownBefore = try await ctl("meetings", "show", id, "--json", env: env)
            let meetingBefore = try #require(try shownBefore.object()["meeting"] as? [String: Any])
            #expect(meetingBefore["status"] as? String == "scheduled" && meetingBefore["placeKind"] as? String == "corridor")
            let agenda = try #require(meetingBefore["agenda"] as? [[String: Any]])
            #expect(agenda.map { $0["caseNumber"] as? String } == [number, nil])
            #expect(agenda.map { $0["topic"] as? String } == ["小区垃圾清运不及时", "楼道照明"])

            let deadline = today.adding(days: 10)
            let record = try temporaryFile("record.json", """
                {"attendees": ["HS01", "RP01"], "residents": 7, "minutes": "议事会议纪要",
                 "items": [
                   {"case": "\(number)", "questions": "清运为何延误？", "answers": "车辆故障", "debate": "李秀英要求每日清运",
                    "resolution": {"decision": "城管局督促每日清运，完成后电话13712345678告知李秀英", "unit": "UM",
                                   "deadline": "\(deadline)", "vote": [8, 1, 0]}},
                   {"item": 2, "debate": "照明损坏"}]}
                """)
            defer { try? FileManager.default.removeItem(at: record) }
            let held = try await ctl("meetings", "hold", id, "--record", record.path, env: env)
            #expect(held.status == 0, "\(held.stderr)")
            #expect(held.stdout.contains("held \(id)") && held.stdout.contains("9 present (2 named + 7 residents)"), "\(held.stdout)")
            let movedRow = try #require(held.stdout.split(separator: "\n").first { $0.hasPrefix(number) })
            #expect(movedRow.contains("resolution") && movedRow.contains("inProgress") && movedRow.contains("UM"), "\(movedRow)")

            let moved = try await staff.getCase(key: .number(CaseNumber(number)!))
            #expect(moved.state.status == .inProgress && moved.state.responsibleUnit == "UM")
            #expect(moved.state.handlingDue == server.daemon.environment.configuration.calendar.startOfDay(deadline.adding(days: 1)))
            #expect(moved.state.meetings == [id])

            let shown = try await ctl("meetings", "show", id, env: env)
            #expect(shown.status == 0)
            #expect(shown.stdout.contains("已召开 held") && shown.stdout.contains("议事廊 corridor · 1号楼议事廊"))
            #expect(shown.stdout.contains("9: 2 named (HS01, RP01) + 7 residents"))
            #expect(shown.stdout.contains("决议 resolution: 城管局督促每日清运") && shown.stdout.contains("vote 8/1/0"))
            #expect(shown.stdout.contains("问：清运为何延误？") && shown.stdout.contains("议事会议纪要"))
            try expectTable(tableLines(shown.stdout, startingWith: "#"), left: ["CASE", "TOPIC", "OUTCOME"], right: ["#"])

            let notice = try await ctl("meetings", "notice", id, env: env)
            #expect(notice.status == 0)
            #expect(notice.stdout.contains("议事结果公示") && notice.stdout.contains("决议") && notice.stdout.contains("表决：同意8票"))
            #expect(!notice.stdout.contains("李秀英") && !notice.stdout.contains("13712345678"), "\(notice.stdout)")
            #expect(!notice.stdout.contains("HS01") && !notice.stdout.contains("RP01"), "attendees are counted, not named")

            let listed = try await ctl("meetings", "list", "--community", "QX01", "--json", env: env)
            let meetings = try #require(try listed.object()["meetings"] as? [[String: Any]])
            #expect(meetings.map { $0["id"] as? String } == [id] && meetings.first?["status"] as? String == "held")
            let byCase = try await ctl("meetings", "list", "--case", number, env: env)
            #expect(byCase.status == 0 && byCase.stdout.contains(id))

            let again = try await ctl("meetings", "hold", id, "--record", record.path, env: env)
            #expect(again.status == 6, "a meeting is held once: \(again.stderr)")
            let broken = try temporaryFile("record.json", #"{"items": [{"item": 1, "resolution": {"decision": "x"}}]}"#)
            defer { try? FileManager.default.removeItem(at: broken) }
            let invalid = try await ctl("meetings", "hold", id, "--record", broken.path, env: env)
            #expect(invalid.status == 7 && invalid.stderr.contains("items[0].resolution.deadline"), "\(invalid.stderr)")
            #expect(try await ctl("meetings", "show", "QX01-00000000-none", env: env).status == 5)
            #expect(try await ctl("meetings", "hold", "--help", env: env).stdout.contains("\"resolution\": {\"decision\""))

            // Weeks without a meeting: the weeks of the last three before this one.
            let monday = today.adding(days: -(Weekday.allCases.firstIndex(of: today.weekday)!))
            let gaps = try await ctl("meetings", "gaps", "--community", "QX01", "--from", monday.adding(days: -21).description, "--json", env: env)
            #expect(gaps.status == 0, "\(gaps.stderr)")
            let weeks = try #require(try gaps.object()["gaps"] as? [[String: Any]])
            #expect(weeks.map { $0["weekStarting"] as? String } == [-21, -14, -7].map { monday.adding(days: $0).description })

            // Reschedule, then cancel, another meeting.
            let second = try await ctl(
                "meetings", "schedule", "--community", "QX01", "--at", local(now.adding(hours: 48)), "--convener", "HS01", "--topic", "停车管理",
                env: env).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let moved2 = try await ctl("meetings", "reschedule", second, "--to", local(now.adding(hours: 72)), "--json", env: env)
            let rescheduled = try #require(try moved2.object()["meeting"] as? [String: Any])
            #expect((rescheduled["rescheduledFrom"] as? [String])?.count == 1)
            let cancelled = try await ctl("meetings", "cancel", second, "--reason", "大雪", env: env)
            #expect(cancelled.status == 0 && cancelled.stdout.contains("已取消 cancelled"), "\(cancelled.stdout)")
            #expect(try await ctl("meetings", "cancel", second, "--reason", "again", env: env).status == 6)
            await staff.close()
        }
    }

    @Test(
        "coverage, links, visits, representatives and commendations, written and read through councilctl",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func linkageAndRepresentatives() async throws {
        try await TestDaemon.with { server in
            let env = environment(server)
            let linked = try await ctl("link", "establish", "--kind", "leaderCommunity", "--holder", "L01", "--target", "QX01", "--start", "-40d", env: env)
            #expect(linked.status == 0, "\(linked.stderr)")
            let link = linked.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await ctl("link", "establish", "--kind", "unit", "--holder", "UM", "--target", "QX01-C1", env: env).status == 0)
            #expect(try await ctl("link", "establish", "--kind", "结对", "--holder", "CD01", "--target", "QX01-C1-B1-H1", env: env).status == 0)

            let coverage = try await ctl("coverage", env: env)
            #expect(coverage.status == 0, "\(coverage.stderr)")
            #expect(coverage.stdout.contains("communities without a leader 无包联领导: 43"))
            let communities = tableLines(coverage.stdout, startingWith: "COMMUNITY")
            try expectTable(communities, left: ["COMMUNITY", "NAME"])
            #expect(communities.contains { $0.hasPrefix("QX02") } && !communities.contains { $0.hasPrefix("QX01") })
            let compounds = tableLines(coverage.stdout, startingWith: "COMPOUND")
            #expect(compounds.contains { $0.hasPrefix("QX01-C2") } && !compounds.contains { $0.hasPrefix("QX01-C1 ") })
            let json = try await ctl("coverage", "--json", env: env).object()
            #expect((json["communitiesWithoutLeader"] as? [String])?.count == 43)
            #expect((json["householdsWithoutCadre"] as? [String])?.contains("QX01-C1-B1-H1") == false)

            let visit = try await ctl("visit", "log", "--link", link, "--person", "L01", "--note", "走访议事厅，听取居民意见", env: env)
            #expect(visit.status == 0, "\(visit.stderr)")
            let raised = try await ctl(
                "visit", "raise-case", visit.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--title", "路灯不亮", "--json", env: env)
            #expect(raised.status == 0, "\(raised.stderr)")
            #expect((try raised.object()["case"] as? [String: Any])?["source"] as? String == "leaderVisit")
            let visits = try await ctl("visits", "--community", "QX01", env: env)
            #expect(visits.stdout.contains("走访议事厅") && visits.stdout.contains("QX01-"), "\(visits.stdout)")
            let links = try await ctl("links", "--community", "QX01", env: env)
            try expectTable(links.stdout.split(separator: "\n").map(String.init), left: ["ID", "KIND", "HOLDER", "TARGET", "COMMUNITY", "FROM", "TO"])
            #expect(links.stdout.contains("L01 区级领导01") && links.stdout.contains("包联 leader→community"))
            let lapses = try await ctl("lapses", "--from", "-40d", "--json", env: env)
            #expect(lapses.status == 0, "\(lapses.stderr)")
            #expect((try lapses.object()["lapses"] as? [[String: Any]])?.allSatisfy { $0["link"] as? String == link } == true)

            let elected = try await ctl(
                "elect", "--community", "QX01", "--on", "-30d", "--method", "householdVote", "--candidate", "RP01=120", "--candidate", "RP02=80",
                "--elected", "RP01,RP02", "--term-end", "+1000d", env: env)
            #expect(elected.status == 0, "\(elected.stderr)")
            let representatives = try await ctl("representatives", "--community", "QX01", env: env)
            #expect(representatives.status == 0, "\(representatives.stderr)")
            let current = tableLines(representatives.stdout, startingWith: "PERSON")
            try expectTable(current, left: ["PERSON", "NAME"], right: ["ATTENDED", "HELD", "RATE"])
            #expect(current.dropFirst().map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["RP01 居民代表01", "RP02 居民代表02"])
            #expect(representatives.stdout.contains("户代表选举 householdVote") && representatives.stdout.contains("RP01 120, RP02 80"))
            let representativesJSON = try await ctl("representatives", "--community", "QX01", "--json", env: env).object()
            #expect((representativesJSON["representatives"] as? [[String: Any]])?.map { $0["person"] as? String } == ["RP01", "RP02"])

            #expect(try await ctl("commend", "--person", "VL01", "--community", "QX01", "--reason", "热心志愿服务", "--awarded-by", "桥西区委", env: env).status == 0)
            let commendations = try await ctl("commendations", "--community", "QX01", env: env)
            #expect(commendations.stdout.contains("VL01 志愿者01") && commendations.stdout.contains("热心志愿服务"))
            try expectTable(commendations.stdout.split(separator: "\n").map(String.init), left: ["DATE", "PERSON", "COMMUNITY", "AWARDED BY", "REASON"])
        }
    }

    @Test(
        "load-directory uploads a seed and `communities` shows it; exports write the server's CSV bytes",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func loadDirectoryAndExports() async throws {
        try await TestDaemon.with { server in
            let env = environment(server)
            let staff = server.client("hall-staff")
            try await ratedCase(staff, "QX01", unit: "UM", rating: .satisfied, solved: true)

            let cases = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: cases) }
            let exported = try await ctl("export", "cases", "--community", "QX01", "--out", cases.path, "--json", env: env)
            #expect(exported.status == 0, "\(exported.stderr)")
            #expect(try exported.object()["rows"] as? Int == 1)
            let bytes = try Data(contentsOf: cases)
            #expect(Array(bytes) == (try await staff.exportCases(query: CaseQuery(community: "QX01", order: .oldestFirst))))
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(!String(decoding: bytes, as: UTF8.self).contains("李秀英"))
            let scorecards = try await ctl("export", "scorecards", "--community", "QX01", "--unit", "UM", env: env)
            #expect(scorecards.status == 0 && scorecards.stdout.hasPrefix("\u{FEFF}subject,code,from"), "\(scorecards.stdout.prefix(80))")
            #expect(exported.stderr.isEmpty && scorecards.stderr.isEmpty, "no progress line is drawn into a pipe or a file")
            #expect(scorecards.stdout.contains("community,QX01") && scorecards.stdout.contains("unit,UM"))
            #expect(try await ctl("export", "cases", "--json", env: env).status == 2, "--json needs --out")

            let before = try await ctl("communities", env: env)
            #expect(before.stdout.hasPrefix("桥西区 (130703): 44 communities"))
            let seed = try temporaryFile("seed.json", #"""
                {"district": {"code": "130703", "name": "桥西区"},
                 "communities": [{"code": "QX90", "name": "新社区90"}, {"code": "QX91", "name": "新社区91", "street": "东山坡街道"}],
                 "compounds": [{"code": "QX90-C1", "name": "新小区", "community": "QX90"}],
                 "people": [{"id": "HS90", "name": "议事厅工作人员90", "roles": ["hallStaff"], "community": "QX90"}],
                 "categories": [{"code": "environment", "name": "环境卫生"}]}
                """#)
            defer { try? FileManager.default.removeItem(at: seed) }
            let checked = try await ctl("load-directory", seed.path, "--check", env: env)
            #expect(checked.status == 0 && checked.stdout.contains("valid directory"))
            #expect(try await ctl("communities", env: env).stdout.contains("44 communities"), "--check sends nothing")

            let loaded = try await ctl("load-directory", seed.path, env: env)
            #expect(loaded.status == 0, "\(loaded.stderr)")
            #expect(loaded.stdout.contains("loaded directory for 桥西区 (130703), version 1"), "\(loaded.stdout)")
            #expect(loaded.stderr == "councild at 127.0.0.1:\(server.port) now uses this directory (stored version 1)\n", "only the note: \(loaded.stderr)")
            let after = try await ctl("communities", env: env)
            #expect(after.stdout.hasPrefix("桥西区 (130703): 2 communities"), "\(after.stdout)")
            #expect(after.stdout.contains("QX91  新社区91  东山坡街道"))
            let again = try await ctl("load-directory", seed.path, "--json", env: env).object()
            #expect(again["uploaded"] as? Bool == true && again["version"] as? Int == 2)
            #expect((again["counts"] as? [String: Int])?["communities"] == 2)

            let refused = try await ctl("load-directory", seed.path, env: environment(server, key: "demo-petition-office").merging(["COUNCIL_SYSTEM": "petition-office"]) { $1 })
            #expect(refused.status == 4, "the petition office's key has no directory scope: \(refused.stderr)")
            await staff.close()
        }
    }
}
