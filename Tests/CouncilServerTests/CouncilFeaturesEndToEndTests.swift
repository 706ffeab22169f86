import CouncilAPI
@testable import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import CouncilWire
import Foundation
import Logging
import Testing

/// The council itself over loopback: meetings, the linkage, representatives, scorecards and the directory, through
/// councild and CouncilClient.
@Suite("council features end to end over loopback")
struct CouncilFeaturesEndToEndTests {
    static let resident = PersonalData(name: "张三丰", phone: "13912345678", address: "示例社区01第1小区1号楼1单元101", idNumber: "130703198001011234")

    /// Today and the current time as the daemon sees them.
    func now(_ server: TestDaemon) -> (Timestamp, LocalDate) {
        let environment = server.daemon.environment
        let now = environment.clock.now()
        return (now, environment.configuration.calendar.localDate(of: now))
    }

    /// A walk-in case of QX01 with a resident's personal data, accepted.
    func acceptedCase(_ staff: CouncilClient, title: String = "小区垃圾清运不及时") async throws -> CaseView {
        let submitted = try await staff.submit(submission: 
            Submission(
                title: title, description: "张三丰反映：三号楼东侧垃圾站三天未清运，电话13912345678。", source: .walkIn, community: "QX01",
                category: "environment", submitter: Self.resident))
        return try await staff.accept(caseID: submitted.case.state.id)
    }

    @Test("a meeting takes a case, its resolution sends the case to the unit, and the public notice names no one")
    func meetingResolution() async throws {
        try await TestDaemon.with { server in
            let staff = server.client("hall-staff"), office = server.client("petition-office")
            let (now, _) = now(server)
            let accepted = try await acceptedCase(staff)
            let id = accepted.state.id

            let plan = MeetingService.Plan(
                community: "QX01", scheduledAt: now.adding(hours: 1), placeKind: .corridor, placeName: "1号楼议事廊", format: .jointMeeting,
                convener: "HS01", invited: [Meeting.Participant(role: .representative, reference: "RP01"), Meeting.Participant(role: .resident)],
                cases: [id], topics: ["楼道照明"])
            let scheduled = try await staff.scheduleMeeting(plan: plan)
            #expect(scheduled.status == .scheduled)
            #expect(scheduled.agenda.map(\.caseID) == [id, nil])
            #expect(try await staff.getCase(key: .id(id)).state.status == .awaitingDeliberation)
            #expect(try await office.listMeetings(discussing: id).map(\.id) == [scheduled.id], "a case lists the meetings that have it")

            let deadline = now.adding(hours: 24 * 10)
            let record = MeetingService.Record(
                heldAt: now, attendees: ["HS01", "RP01"], residentCount: 7,
                items: [
                    MeetingService.Record.Item(
                        number: 1, record: Meeting.ItemRecord(questions: "清运为何延误？", answers: "车辆故障", debate: "张三丰要求每日清运"),
                        outcome: .resolution(MeetingResolution(
                            decision: "城管局督促每日清运，完成后告知张三丰（13912345678）", responsibleUnit: "UM", deadline: deadline,
                            vote: Vote(inFavour: 8, against: 1, abstaining: 0)))),
                    MeetingService.Record.Item(number: 2, record: Meeting.ItemRecord(debate: "照明损坏"), outcome: nil),
                ],
                minutes: "议事会议纪要")
            let held = try await staff.holdMeeting(meeting: scheduled.id, record: record)
            #expect(held.meeting.status == .held && held.meeting.agenda[0].outcome != nil)
            #expect(held.failures.isEmpty && held.carriedOver.isEmpty)
            let moved = try #require(held.cases.first)
            #expect(moved.state.id == id)
            #expect(moved.state.status == .inProgress)
            #expect(moved.state.responsibleUnit == "UM")
            #expect(moved.state.meetings == [scheduled.id])
            let stored = try await office.getCase(key: .id(id))
            #expect(stored.state.status == .inProgress && stored.state.responsibleUnit == "UM")
            #expect(stored.state.handlingDue == deadline)
            #expect(stored.state.submission.submitter?.phone == "139****5678", "the office's key sees personal data masked")

            let notice = try await office.getPublicNotice(meeting: scheduled.id)
            #expect(notice.contains("议事结果公示") && notice.contains("决议") && notice.contains("桥西区城市管理综合行政执法局"))
            for value in [Self.resident.name!, Self.resident.phone!, Self.resident.address!, Self.resident.idNumber!] {
                #expect(!notice.contains(value), "the public notice carries no personal data")
            }

            let csv = try await office.exportCases(query: CaseQuery(community: "QX01"))
            #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 with a byte-order mark")
            let text = String(decoding: csv, as: UTF8.self)
            #expect(text.contains(stored.state.number.description))
            for value in [Self.resident.name!, Self.resident.phone!, Self.resident.address!, Self.resident.idNumber!] {
                #expect(!text.contains(value), "the case export carries no personal data")
            }

            let again = await #expect(throws: CouncilClientError.self) { try await staff.holdMeeting(meeting: scheduled.id, record: record) }
            #expect(again?.code == .failedPrecondition, "a meeting is held once")
            let badDeadline = MeetingService.Record(
                heldAt: now, attendees: [], residentCount: 0,
                items: [MeetingService.Record.Item(number: 1, record: Meeting.ItemRecord(), outcome: .deferred(reason: "再议"))])
            let unknown = await #expect(throws: CouncilClientError.self) { try await staff.holdMeeting(meeting: "QX01-00000000-none", record: badDeadline) }
            #expect(unknown?.code == .notFound)
            await staff.close()
            await office.close()
        }
    }

    @Test("links and visits make the coverage report; a visit raises a case with the visit as its source")
    func linkage() async throws {
        try await TestDaemon.with { server in
            let staff = server.client("hall-staff")
            let (now, today) = now(server)
            let leader = try await staff.establishLink(kind: .leaderCommunity, holder: "L01", target: "QX01", start: today.adding(days: -40))
            _ = try await staff.establishLink(kind: .unitCompound, holder: "UM", target: "QX01-C1", start: today)
            let pairing = try await staff.establishLink(kind: .cadreHousehold, holder: "CD01", target: "QX01-C1-B1-H1", start: today)
            let visit = try await staff.logVisit(link: leader.id, at: now, people: ["L01"], notes: "走访议事厅")
            _ = try await staff.logVisit(link: pairing.id, at: now, people: ["CD01"], notes: "入户走访", helpGiven: "送米面油")

            let coverage = try await staff.getCoverage(day: today)
            #expect(!coverage.communitiesWithoutLeader.contains("QX01") && coverage.communitiesWithoutLeader.contains("QX02"))
            #expect(coverage.communitiesWithoutLeader.count == 43)
            #expect(!coverage.compoundsWithoutUnit.contains("QX01-C1") && coverage.compoundsWithoutUnit.contains("QX01-C2"))
            #expect(!coverage.householdsWithoutCadre.contains("QX01-C1-B1-H1"))
            #expect(try await staff.listLinks(community: "QX01").count == 3)
            #expect(try await staff.listVisits(community: "QX01").count == 2)

            let raised = try await staff.raiseCaseOnVisit(visit: visit.id, submission: Submission(title: "路灯不亮", description: "走访时居民反映", source: .walkIn))
            #expect(raised.state.submission.source == .leaderVisit)
            #expect(raised.state.community == "QX01")
            let visits = try await staff.listVisits(community: "QX01")
            #expect(visits.first { $0.id == visit.id }?.raisedCases == [raised.state.id])

            let lapses = try await staff.listCadenceLapses(from: today.adding(days: -40), through: today)
            #expect(lapses.allSatisfy { $0.link == leader.id }, "only the leader's earlier months can lapse")
            let ended = try await staff.endLink(link: pairing.id, day: today)
            #expect(ended.end == today)
            await staff.close()
        }
    }

    @Test("an election names the representatives; attendance and commendations are read back")
    func representatives() async throws {
        try await TestDaemon.with { server in
            let staff = server.client("hall-staff"), office = server.client("petition-office")
            let (now, today) = now(server)
            let election = try await staff.recordElection(
                community: "QX01", date: today.adding(days: -30), method: .householdVote,
                candidates: [Election.Candidate(person: "RP01", votes: 120), Election.Candidate(person: "RP02", votes: 80),
                             Election.Candidate(person: "VL01", votes: 12)],
                elected: ["RP01", "RP02"], termStart: today.adding(days: -30), termEnd: today.adding(days: 365 * 3))
            #expect(try await office.listElections(community: "QX01") == [election])
            #expect(try await office.listRepresentatives(community: "QX01", day: today) == ["RP01", "RP02"])
            #expect(try await office.listRepresentatives(community: "QX02", day: today) == [])

            let meeting = try await staff.scheduleMeeting(plan: MeetingService.Plan(
                community: "QX01", scheduledAt: now, placeKind: .hall, placeName: "议事厅", format: .heartToHeartTalk, convener: "HS01"))
            _ = try await staff.holdMeeting(meeting: meeting.id, record: MeetingService.Record(heldAt: now, attendees: ["RP01"], residentCount: 3, items: []))
            let attendance = try await office.getAttendance(community: "QX01", from: now.adding(hours: -24), before: now.adding(hours: 24))
            #expect(attendance == [
                Attendance(person: "RP01", meetingsHeld: 1, meetingsAttended: 1), Attendance(person: "RP02", meetingsHeld: 1, meetingsAttended: 0),
            ])

            let commendation = try await staff.commend(person: "VL01", community: "QX01", reason: "热心志愿服务", date: today, awardedBy: "桥西区委")
            #expect(try await office.listCommendations(community: "QX01") == [commendation])
            let unknown = await #expect(throws: CouncilClientError.self) {
                try await staff.recordElection(
                    community: "QX01", date: today, method: .directVote, candidates: [], elected: ["RP01"], termStart: today, termEnd: today)
            }
            #expect(unknown?.code == .invalidArgument && unknown?.field == "elected[0]")
            await staff.close()
            await office.close()
        }
    }

    /// `card` as computed at `asOf`, so two computations of the same figures compare equal.
    func at(_ card: Scorecard, _ asOf: Timestamp) -> Scorecard {
        var card = card
        card.asOf = asOf
        return card
    }

    func at(_ rankings: [AssessmentService.Ranking], _ asOf: Timestamp) -> [AssessmentService.Ranking] {
        rankings.map { ranking in
            var ranking = ranking
            ranking.scorecard.asOf = asOf
            return ranking
        }
    }

    @Test("scorecards, the annual assessment and the scorecard export over the wire match AssessmentService in-process")
    func assessmentMatches() async throws {
        try await TestDaemon.with { server in
            let staff = server.client("hall-staff"), office = server.client("petition-office")
            let (now, today) = now(server)
            _ = try await staff.establishLink(kind: .leaderCommunity, holder: "L01", target: "QX01", start: today.adding(days: -60))
            _ = try await staff.establishLink(kind: .unitCompound, holder: "UM", target: "QX01-C1", start: today.adding(days: -60))
            let first = try await acceptedCase(staff, title: "垃圾清运")
            _ = try await staff.dispatch(caseID: first.state.id, unit: "UM")
            _ = try await staff.resolve(caseID: first.state.id, result: HandlingResult(summary: "已清运"))
            _ = try await staff.recordFeedback(caseID: first.state.id, feedback: Feedback(channel: .phone, message: "已电话告知"))
            _ = try await staff.evaluate(caseID: first.state.id, evaluation: Evaluation(rating: .basicallySatisfied, solved: true))
            let second = try await acceptedCase(staff, title: "楼道堆物")
            _ = try await staff.dispatch(caseID: second.state.id, unit: "UM")
            let third = try await staff.submit(submission: Submission(title: "噪音扰民", description: "", source: .hotline, community: "QX01", category: "environment"))
            _ = try await staff.decline(caseID: third.case.state.id, reason: "不属社区职责")
            let meeting = try await staff.scheduleMeeting(plan: MeetingService.Plan(
                community: "QX01", scheduledAt: now, placeKind: .hall, placeName: "议事厅", format: .jointMeeting, convener: "HS01"))
            _ = try await staff.holdMeeting(meeting: meeting.id, record: MeetingService.Record(heldAt: now, attendees: [], residentCount: 5, items: []))
            let leaderLink = try await staff.listLinks(community: "QX01").first { $0.kind == .leaderCommunity }!
            _ = try await staff.logVisit(link: leaderLink.id, at: now, people: ["L01"], notes: "走访")

            let local = AssessmentService(cases: server.daemon.environment.cases)
            let from = today.adding(days: -30)
            for subject in [ScorecardSubject.community("QX01"), .unit("UM"), .leader("L01"), .community("QX02")] {
                let wire = try await office.getScorecard(subject: subject, from: from, through: today)
                let inProcess = try await local.scorecard(subject, from: from, through: today)
                #expect(at(wire, inProcess.asOf) == inProcess, "\(subject)")
            }
            let community = try await office.getScorecard(subject: .community("QX01"), from: from, through: today)
            #expect(community.casesReceived == 3)
            #expect(community[.satisfactionRate] == Measure(kind: .satisfactionRate, numerator: 1, denominator: 1))
            #expect(community[.meetingCadence]?.numerator ?? 0 >= 1)

            let year = today.year
            let wire = try await office.getAnnualAssessment(year: year)
            let inProcess = try await local.annualAssessment(year: year)
            #expect(wire.year == year && wire.assessmentWeights == .standard)
            #expect(at(wire.communities, now) == at(inProcess.communities, now))
            #expect(at(wire.units, now) == at(inProcess.units, now))
            #expect(wire.units.map(\.subject) == [.unit("UM")])
            let weighted = try await office.getAnnualAssessment(year: year, weights: [MeasureWeight(kind: .satisfactionRate, weight: 1)])
            #expect(weighted.assessmentWeights == AssessmentService.Weights([.satisfactionRate: 1]))
            #expect(weighted.communities.first?.subject == .community("QX01"), "the only community with a rating ranks first on satisfaction alone")

            let subjects: [ScorecardSubject] = [.community("QX01"), .unit("UM"), .leader("L01")]
            let csv = try await office.exportScorecards(subjects: subjects, from: from, through: today)
            var cards: [Scorecard] = []
            for subject in subjects { cards.append(try await local.scorecard(subject, from: from, through: today)) }
            #expect(csv == Array(AssessmentService.scorecardsCSV(cards).utf8))
            let unknownSubject = await #expect(throws: CouncilClientError.self) {
                try await office.exportScorecards(subjects: [.community("QX01"), .unit("NOPE")], from: from, through: today)
            }
            #expect(unknownSubject?.code == .invalidArgument && unknownSubject?.field == "subjects[1]")
            await staff.close()
            await office.close()
        }
    }

    @Test("bad weights, thresholds and filter combinations are refused by their field and change nothing", arguments: [
        (GetAnnualAssessmentRequest(year: 2026, weights: [MeasureWeight(kind: .responseRate, weight: -1)]), "weights[0].weight"),
        (GetAnnualAssessmentRequest(year: 2026, weights: [MeasureWeight(kind: .responseRate, weight: .infinity)]), "weights[0].weight"),
        (GetAnnualAssessmentRequest(
            year: 2026, weights: [MeasureWeight(kind: .responseRate, weight: 1), MeasureWeight(kind: .responseRate, weight: 2)]),
         "weights[1].kind"),
        (GetAnnualAssessmentRequest(year: 2026, threshold: RankingThreshold(minimumCountedShare: -0.1)), "threshold.minimum_counted_share"),
        (GetAnnualAssessmentRequest(year: 2026, threshold: RankingThreshold(minimumCountedShare: 1.5)), "threshold.minimum_counted_share"),
        (GetAnnualAssessmentRequest(year: 2026, threshold: RankingThreshold(minimumCountedShare: .nan)), "threshold.minimum_counted_share"),
        (GetAnnualAssessmentRequest(year: 1969), "year"),
    ])
    func badAssessmentRequests(_ request: GetAnnualAssessmentRequest, field: String) async throws {
        try await TestDaemon.with { server in
            let office = server.client("petition-office")
            let error = await #expect(throws: CouncilClientError.self) {
                try await office.getAnnualAssessment(year: request.year, weights: request.weights, threshold: request.threshold)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == field)
            await office.close()
        }
    }

    @Test("periods that end before they start and unknown communities are refused by the service, named by their field")
    func badPeriods() async throws {
        try await TestDaemon.with { server in
            let office = server.client("petition-office")
            let day = LocalDate(year: 2026, month: 11, day: 30)!, earlier = LocalDate(year: 2026, month: 11, day: 1)!
            let now = Timestamp(millisecondsSince1970: 1_796_000_400_000)
            let refusals: [(String, () async throws -> Void)] = [
                ("through", { _ = try await office.listMeetingCadenceGaps(from: day, through: earlier) }),
                ("community", { _ = try await office.listMeetingCadenceGaps(community: "NOPE", from: earlier, through: day) }),
                ("through", { _ = try await office.listCadenceLapses(from: day, through: earlier) }),
                ("before", { _ = try await office.getAttendance(community: "QX01", from: now, before: now) }),
                ("discussing", { _ = try await office.listMeetings(community: "QX01", discussing: CaseID()) }),
            ]
            for (field, call) in refusals {
                let error = await #expect(throws: CouncilClientError.self) { try await call() }
                #expect(error?.code == .invalidArgument && error?.field == field, "\(field): \(String(describing: error))")
            }
            await office.close()
        }
    }

    @Test("the client repeats reads after a lost connection, never a council write, idempotency key or not")
    func retries() {
        let keyed = CallMetadata(idempotencyKey: "k-1"), none = CallMetadata()
        let day = LocalDate(year: 2026, month: 11, day: 30)!
        let cancel = CancelMeetingRequest(meeting: "M1", reason: "雪")
        #expect(CouncilClient.isSafeToRetry(Methods.GetScorecard.descriptor, GetScorecardRequest(subject: .community("QX01"), from: day, through: day), none))
        #expect(CouncilClient.isSafeToRetry(Methods.ExportCases.descriptor, ExportCasesRequest(query: CaseQuery()), none))
        #expect(!CouncilClient.isSafeToRetry(Methods.CancelMeeting.descriptor, cancel, none))
        #expect(!CouncilClient.isSafeToRetry(Methods.CancelMeeting.descriptor, cancel, keyed), "the server keeps no idempotency record for meetings")
        #expect(!CouncilClient.isSafeToRetry(Methods.LoadDirectory.descriptor, LoadDirectoryRequest(seed: [0x7B]), keyed))
        #expect(CouncilClient.isSafeToRetry(Methods.CloseUnrated.descriptor, CloseUnratedRequest(caseID: CaseID()), keyed), "case operations honour the key")
        #expect(!CouncilClient.isSafeToRetry(Methods.CloseUnrated.descriptor, CloseUnratedRequest(caseID: CaseID()), none))
    }

    static let directoryKey = "test-directory-admin"
    static let readOnlyKey = "test-submit-only"
    static let keys = [
        KeyRing.Entry(system: "directory-admin", keyHash: KeyRing.hash(directoryKey), scopes: [.directory, .read]),
        KeyRing.Entry(system: "kiosk", keyHash: KeyRing.hash(readOnlyKey), scopes: [.submit]),
    ]
    static let newSeed = Array(#"""
        {"district": {"code": "130703", "name": "桥西区"},
         "communities": [{"code": "QX90", "name": "新社区90"}, {"code": "QX91", "name": "新社区91", "street": "东山坡街道"}],
         "compounds": [{"code": "QX90-C1", "name": "新小区", "community": "QX90"}],
         "people": [{"id": "HS90", "name": "议事厅工作人员90", "roles": ["hallStaff"], "community": "QX90"}],
         "categories": [{"code": "environment", "name": "环境卫生"}],
         "calendar": {"holidays": ["2026-10-01"], "adjustedWorkdays": []}}
        """#.utf8)

    @Test("a directory-scope key loads a new directory; keys without the right scope are refused")
    func loadDirectoryAndScopes() async throws {
        try await TestDaemon.with(keys: Self.keys) { server in
            let admin = server.client("directory-admin", key: Self.directoryKey)
            let office = server.client("petition-office"), kiosk = server.client("kiosk", key: Self.readOnlyKey)
            #expect(try await admin.listCommunities().communities.count == 44)

            let refused = await #expect(throws: CouncilClientError.self) { try await office.loadDirectory(seed: Self.newSeed) }
            #expect(refused?.code == .permissionDenied, "the petition office's key has no directory scope")
            let broken = await #expect(throws: CouncilClientError.self) {
                try await admin.loadDirectory(seed: Array(#"{"district": {"code": "1", "name": "x"}, "communities": [{"code": "A", "name": "a"}, {"code": "A", "name": "b"}], "categories": []}"#.utf8))
            }
            #expect(broken?.code == .invalidArgument)
            #expect(try await admin.listCommunities().communities.count == 44, "a refused directory changes nothing")

            let loaded = try await admin.loadDirectory(seed: Self.newSeed)
            #expect(loaded.communities == 2 && loaded.compounds == 1 && loaded.people == 1 && loaded.version == 1)
            let listing = try await office.listCommunities()
            #expect(listing.communities.map(\.code) == ["QX90", "QX91"])
            #expect(listing.compounds.map(\.code) == ["QX90-C1"])
            #expect(server.daemon.environment.configuration.calendar.holidays.contains(LocalDate(year: 2026, month: 10, day: 1)!))
            #expect(try await admin.loadDirectory(seed: Self.newSeed).version == 2)

            let (now, today) = now(server)
            let denied: [(CouncilClient, (CouncilClient) async throws -> Void)] = [
                (office, { _ = try await $0.scheduleMeeting(plan: MeetingService.Plan(community: "QX90", scheduledAt: now, placeKind: .hall, placeName: "议事厅", format: .other, convener: "HS90")) }),
                (office, { _ = try await $0.establishLink(kind: .leaderCommunity, holder: "L01", target: "QX90", start: today) }),
                (office, { _ = try await $0.recordElection(community: "QX90", date: today, method: .other, candidates: [], elected: [], termStart: today, termEnd: today) }),
                (office, { _ = try await $0.commend(person: "HS90", reason: "好", date: today, awardedBy: "区委") }),
                (kiosk, { _ = try await $0.getScorecard(subject: .community("QX90"), from: today, through: today) }),
                (kiosk, { _ = try await $0.getPublicNotice(meeting: "any") }),
                (kiosk, { _ = try await $0.exportCases(query: CaseQuery()) }),
                (kiosk, { _ = try await $0.getCoverage(day: today) }),
                (admin, { _ = try await $0.holdMeeting(meeting: "any", record: MeetingService.Record(heldAt: now, attendees: [], residentCount: 0, items: [])) }),
            ]
            for (client, call) in denied {
                let error = await #expect(throws: CouncilClientError.self) { try await call(client) }
                #expect(error?.code == .permissionDenied)
            }
            #expect(try await office.getCoverage(day: today).communitiesWithoutLeader == ["QX90", "QX91"], "the read scope reads the council")
            await admin.close()
            await office.close()
            await kiosk.close()
        }
    }

    @Test("a restarted server keeps the directory loaded over the wire, not its seed file")
    func storedDirectorySurvivesRestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("council-directory-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await TestDaemon.with(keys: Self.keys, database: path) { server in
            let admin = server.client("directory-admin", key: Self.directoryKey)
            _ = try await admin.loadDirectory(seed: Self.newSeed)
            await admin.close()
        }
        try await TestDaemon.with(keys: Self.keys, database: path) { server in
            #expect(server.daemon.environment.directory.communities.keys.sorted() == ["QX90", "QX91"])
            let office = server.client("petition-office")
            let codes = try await office.listCommunities().communities.map(\.code)
            #expect(codes == ["QX90", "QX91"])
            #expect(server.daemon.environment.configuration.calendar.holidays.contains(LocalDate(year: 2026, month: 10, day: 1)!))
            await office.close()
        }
    }
    @Test("a directory loaded through one node is in force on another node on the same database, without a restart")
    func directoryReachesOtherNodes() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("council-nodes-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        // The nodes' own followers wait an hour; the test runs node two's follow step itself.
        let slow: (inout ServerConfiguration) -> Void = { $0.directoryRefreshMilliseconds = 3_600_000 }
        try await TestDaemon.with(keys: Self.keys, database: path, configure: slow) { one in
            try await TestDaemon.with(keys: Self.keys, database: path, configure: slow) { two in
                let admin = one.client("directory-admin", key: Self.directoryKey), office = two.client("petition-office")
                #expect(try await office.listCommunities().communities.count == 44)
                #expect(try await admin.loadDirectory(seed: Self.newSeed).version == 1)
                let count = try await office.listCommunities().communities.count
                #expect(count == 44, "node two keeps its directory until its follower reads the store")
                let follower = DirectoryFollower(
                    environment: two.daemon.environment, interval: .seconds(3600), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
                #expect(try await follower.follow(), "a newer stored directory is put in force")
                #expect(try await !follower.follow(), "once")
                let codes = try await office.listCommunities().communities.map(\.code)
                #expect(codes == ["QX90", "QX91"], "the other node follows the stored directory")
                #expect(two.daemon.environment.directoryVersion == 1)
                #expect(two.daemon.environment.configuration.calendar.holidays.contains(LocalDate(year: 2026, month: 10, day: 1)!))
                let staff = two.client("hall-staff")
                let refused = await #expect(throws: CouncilClientError.self) {
                    _ = try await staff.submit(submission: Submission(title: "路灯不亮", description: "路灯坏了", source: .walkIn, community: "QX01"))
                }
                #expect(refused?.code == .invalidArgument && refused?.field == "submission.community", "QX01 is gone from the directory in force")
                await admin.close()
                await office.close()
                await staff.close()
            }
        }
    }

    @Test("a directory the notification routing cannot use is refused and changes nothing")
    func directoryMustSuitTheRouting() async throws {
        let routed: (inout ServerConfiguration) -> Void = {
            $0.notifications.routing = NotificationRouting(rules: [.init(name: "city", recipients: [.unit("UM")], channel: "log")])
        }
        try await TestDaemon.with(keys: Self.keys, configure: routed) { server in
            let admin = server.client("directory-admin", key: Self.directoryKey)
            let error = await #expect(throws: CouncilClientError.self) { try await admin.loadDirectory(seed: Self.newSeed) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == "seed")
            let message = error?.message ?? ""
            #expect(message.contains("the directory has no unit \"UM\""))
            let communities = try await admin.listCommunities().communities
            #expect(communities.count == 44, "the directory in force is unchanged")
            #expect(server.daemon.environment.directoryVersion == 0, "nothing was stored")
            await admin.close()
        }
    }
}

@Suite("notification dead letters over the wire", .timeLimit(.minutes(1)))
struct DeadLetterEndToEndTests {
    @Test("an operator lists a dead letter, a failed replay keeps it pending, a discard sets it aside; other keys are refused")
    func listReplayDiscard() async throws {
        // Webhooks go to one system's endpoint only: the submitter's notice has nowhere to go, a permanent failure.
        let configure: (inout ServerConfiguration) -> Void = {
            $0.notifications.webhook = .init(endpoints: [
                "system:archive": .init(url: "http://127.0.0.1:9/council", secret: String(repeating: "s", count: 32)),
            ])
        }
        try await TestDaemon.with(configure: configure) { server in
            let staff = server.client("hall-staff"), office = server.client("petition-office")
            var submission = Submission(title: "楼道灯不亮", description: "三单元楼道灯坏了", source: .walkIn, community: "QX01")
            submission.submitter = PersonalData(name: "李明", phone: "13900001111")
            let submitted = try await staff.submit(submission: submission).case
            await server.daemon.notifications.waitUntilHandled(through: try await server.daemon.environment.store.latestSequence())

            let letters = try await staff.listDeadLetters()
            #expect(letters.map(\.topic) == ["submitted"])
            let letter = try #require(letters.first)
            #expect(letter.caseNumber == submitted.state.number && letter.recipientKind == .submitter && letter.permanent)
            #expect(letter.channel == "webhook" && letter.state == .pending && letter.attempts == 1)
            #expect(try await staff.listDeadLetters(channel: "log").isEmpty)
            #expect(try await staff.listDeadLetters(community: "QX02").isEmpty)

            let denied = await #expect(throws: CouncilClientError.self) { try await office.listDeadLetters() }
            #expect(denied?.code == .permissionDenied)

            let progress = try await staff.getNotificationProgress()
            #expect(progress.latestSequence == 1)
            #expect(progress.channels == [
                ChannelProgress(channel: "log", handledThrough: 1, backlog: 0, pendingDeadLetters: 0),
                ChannelProgress(channel: "webhook", handledThrough: 1, backlog: 0, pendingDeadLetters: 1),
            ])
            let progressDenied = await #expect(throws: CouncilClientError.self) { try await office.getNotificationProgress() }
            #expect(progressDenied?.code == .permissionDenied)

            let failed = await #expect(throws: CouncilClientError.self) { try await staff.replayDeadLetter(id: letter.id) }
            #expect(failed?.code == .unavailable && failed?.reason == "notificationFailed")
            let after = try #require(try await staff.listDeadLetters().first)
            #expect(after.state == .pending && after.attempts == 2, "a failed replay keeps the letter, one attempt more")

            let discarded = try await staff.discardDeadLetter(id: letter.id, note: "居民未留有效联系方式以外的渠道")
            #expect(discarded.state == .discarded && discarded.note == "居民未留有效联系方式以外的渠道")
            #expect(try await staff.listDeadLetters().isEmpty)
            #expect(try await staff.listDeadLetters(states: [.discarded]).map(\.id) == [letter.id])
            let again = await #expect(throws: CouncilClientError.self) { try await staff.discardDeadLetter(id: letter.id) }
            #expect(again?.code == .failedPrecondition)
            let unknown = await #expect(throws: CouncilClientError.self) { try await staff.replayDeadLetter(id: "webhook.999.unit.UM") }
            #expect(unknown?.code == .notFound)
            await staff.close()
            await office.close()
        }
    }
}
