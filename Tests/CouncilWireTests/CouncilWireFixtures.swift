import CouncilAPI
@testable import CouncilWire
import CouncilKit

/// Deterministic values for the council's messages — meetings, linkage, representatives, assessment, directory
/// loading — each with every optional field set in one value and left out in another.
extension WireFixtures {
    static let meetingID = "QX07-20261130-1a2b3c4d"
    static let otherCaseID = CaseID("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a")!
    static let day = LocalDate(year: 2026, month: 11, day: 30)!
    static let lastDay = LocalDate(year: 2026, month: 12, day: 31)!

    static let resolution = MeetingResolution(
        decision: "由物业公司每日清运两次", responsibleUnit: "PC01", deadline: at(hours: 24 * 14),
        vote: Vote(inFavour: 11, against: 1, abstaining: 2))

    static let fullPlan = MeetingService.Plan(
        community: "QX07", scheduledAt: at(hours: 48), placeKind: .corridor, placeName: "3号楼议事廊", format: .jointMeeting,
        convener: "HS07",
        invited: [
            Meeting.Participant(role: .representative, reference: "R0701"), Meeting.Participant(role: .propertyCompany, reference: "PC01"),
            Meeting.Participant(role: .resident),
        ],
        cases: [caseID, otherCaseID], topics: ["楼道照明", "停车秩序"], includeWaitingCases: false)

    static let minimalPlan = MeetingService.Plan(
        community: "QX08", scheduledAt: at(hours: 1), placeKind: .hall, placeName: "议事厅", format: .other, convener: "HS08")

    static let fullRecord = MeetingService.Record(
        heldAt: at(hours: 50), attendees: ["HS07", "R0701"], residentCount: 12,
        items: [
            MeetingService.Record.Item(
                number: 1, record: Meeting.ItemRecord(questions: "清运时间？", answers: "每日两次", debate: "居民要求早晚各一次"),
                outcome: .resolution(resolution)),
            MeetingService.Record.Item(number: 2, record: Meeting.ItemRecord(), outcome: .deferred(reason: "等待物业报价")),
            MeetingService.Record.Item(number: 3, record: Meeting.ItemRecord(debate: "意见分歧"), outcome: .noConsensus(note: "另行协调")),
            MeetingService.Record.Item(number: 4, record: Meeting.ItemRecord(questions: "照明何时修？"), outcome: nil),
        ],
        minutes: "会议纪要：……")

    static let minimalRecord = MeetingService.Record(heldAt: at(hours: 3), attendees: [], residentCount: 0, items: [])

    /// A held meeting with every optional field set.
    static var heldMeeting: Meeting {
        Meeting(
            id: meetingID, community: "QX07", scheduledAt: at(hours: 48), placeKind: .pavilion, placeName: "小区议事亭",
            format: .heartToHeartTalk, convener: "HS07", invited: fullPlan.invited,
            agenda: [
                Meeting.AgendaItem(number: 1, caseID: caseID, topic: "小区垃圾清运不及时", record: fullRecord.items[0].record, outcome: .resolution(resolution)),
                Meeting.AgendaItem(number: 2, caseID: otherCaseID, topic: "停车难", record: Meeting.ItemRecord(), outcome: .deferred(reason: "等待物业报价")),
                Meeting.AgendaItem(number: 3, caseID: nil, topic: "楼道照明", record: Meeting.ItemRecord(debate: "意见分歧"), outcome: .noConsensus(note: "另行协调")),
                Meeting.AgendaItem(number: 4, caseID: nil, topic: "停车秩序", record: nil, outcome: nil),
            ],
            status: .held, heldAt: at(hours: 50), attendees: ["HS07", "R0701"], residentCount: 12, minutes: "会议纪要：……",
            rescheduledFrom: [at(hours: 24), at(hours: 30)], cancellationReason: "（未取消）")
    }

    /// A scheduled meeting with nothing optional.
    static var scheduledMeeting: Meeting {
        Meeting(
            id: "QX08-20261201-00000000", community: "QX08", scheduledAt: at(hours: 1), placeKind: .hall, placeName: "议事厅",
            format: .coordinationMeeting, convener: "HS08", invited: [], agenda: [], status: .scheduled, heldAt: nil, attendees: [],
            residentCount: 0, minutes: nil, rescheduledFrom: [], cancellationReason: nil)
    }

    static let fullLink = Link(
        id: "cadreHousehold-C0701-QX07-C1-B3-H201-20261130", kind: .cadreHousehold, holder: "C0701", target: "QX07-C1-B3-H201",
        community: "QX07", start: day, end: lastDay)
    static let openLink = Link(id: "leaderCommunity-L01-QX07-20261130", kind: .leaderCommunity, holder: "L01", target: "QX07", community: "QX07", start: day, end: nil)

    static let fullVisit = Visit(
        id: "\(fullLink.id)-1796000400000", link: fullLink.id, kind: .cadreHousehold, community: "QX07", at: at(hours: 5),
        people: ["C0701", "V0702"], hours: 2.5, notes: "了解取暖情况", helpGiven: "送米面油", raisedCases: [caseID, otherCaseID])
    static let bareVisit = Visit(
        id: "\(openLink.id)-1796000400001", link: openLink.id, kind: .leaderCommunity, community: "QX07", at: at(hours: 6),
        people: [], hours: nil, notes: "", helpGiven: nil, raisedCases: [])

    static let election = Election(
        id: "QX07-20261130", community: "QX07", date: day, method: .householdVote,
        candidates: [Election.Candidate(person: "R0701", votes: 312), Election.Candidate(person: "R0702", votes: 0)],
        elected: ["R0701"], termStart: day, termEnd: LocalDate(year: 2031, month: 11, day: 29)!)
    static let emptyElection = Election(
        id: "QX08-20261130", community: "QX08", date: day, method: .other, candidates: [], elected: [], termStart: day, termEnd: day)

    static let commendation = Commendation(id: "V0702-20261231-abcdef", person: "V0702", community: "QX07", reason: "热心志愿服务", date: lastDay, awardedBy: "桥西区委")
    static let districtCommendation = Commendation(id: "R0701-20261231-123456", person: "R0701", community: nil, reason: "履职尽责", date: lastDay, awardedBy: "桥西区人民政府")

    static var scorecard: Scorecard {
        Scorecard(
            subject: .community("QX07"), from: day, through: lastDay, asOf: at(hours: 800), casesReceived: 17,
            measures: MeasureKind.allCases.enumerated().map { Measure(kind: $0.element, numerator: $0.offset, denominator: $0.offset == 0 ? 0 : 9) })
    }

    static var assessment: AssessmentService.AnnualAssessment {
        let card = scorecard
        let contributions = card.measures.map { AssessmentService.Contribution(measure: $0, weight: 5, points: $0.score.map { $0 * 12.5 } ?? 0) }
        var unitCard = card
        unitCard.subject = .unit("PC01")
        unitCard.measures = []
        return AssessmentService.AnnualAssessment(
            year: 2026, weights: AssessmentService.Weights(AssessmentService.Weights.standard.weights, minimumCountedShare: 0.6),
            communities: [
                AssessmentService.Ranking(
                    rank: 1, subject: .community("QX07"), score: 87.25, countedShare: 0.95, contributions: contributions, scorecard: card),
                AssessmentService.Ranking(
                    rank: 1, subject: .community("QX08"), score: 87.25, countedShare: 1, contributions: [], scorecard: card),
                AssessmentService.Ranking(
                    rank: nil, subject: .community("QX09"), score: 80, countedShare: 0.25, contributions: [], scorecard: card),
            ],
            units: [AssessmentService.Ranking(rank: 1, subject: .unit("PC01"), score: 0, countedShare: 0.9, contributions: [], scorecard: unitCard)])
    }

    /// Every request of the council's methods.
    static let councilRequests: [WireRequest] = [
        .scheduleMeeting(ScheduleMeetingRequest(plan: fullPlan)), .scheduleMeeting(ScheduleMeetingRequest(plan: minimalPlan)),
        .addToAgenda(AddToAgendaRequest(meeting: meetingID, item: .caseID(caseID))),
        .addToAgenda(AddToAgendaRequest(meeting: meetingID, item: .topic("楼道照明"))),
        .rescheduleMeeting(RescheduleMeetingRequest(meeting: meetingID, scheduledAt: at(hours: 72))),
        .cancelMeeting(CancelMeetingRequest(meeting: meetingID, reason: "暴雪")),
        .holdMeeting(HoldMeetingRequest(meeting: meetingID, record: fullRecord)),
        .holdMeeting(HoldMeetingRequest(meeting: meetingID, record: minimalRecord)),
        .getMeeting(GetMeetingRequest(meeting: meetingID)),
        .listMeetings(ListMeetingsRequest(community: "QX07", from: monday, before: at(hours: 24 * 7))),
        .listMeetings(ListMeetingsRequest()),
        .listMeetings(ListMeetingsRequest(discussing: caseID)),
        .getPublicNotice(GetPublicNoticeRequest(meeting: meetingID)),
        .listMeetingCadenceGaps(ListMeetingCadenceGapsRequest(community: "QX07", from: day, through: lastDay)),
        .listMeetingCadenceGaps(ListMeetingCadenceGapsRequest(from: day, through: day)),
        .establishLink(EstablishLinkRequest(kind: .unitCompound, holder: "UM", target: "QX07-C1", start: day)),
        .endLink(EndLinkRequest(link: fullLink.id, day: lastDay)),
        .logVisit(LogVisitRequest(link: fullLink.id, at: at(hours: 5), people: ["C0701"], hours: 1.5, notes: "走访", helpGiven: "送温暖")),
        .logVisit(LogVisitRequest(link: openLink.id, at: at(hours: 5))),
        .raiseCaseOnVisit(RaiseCaseOnVisitRequest(visit: fullVisit.id, submission: submission)),
        .raiseCaseOnVisit(RaiseCaseOnVisitRequest(visit: bareVisit.id, submission: minimalSubmission)),
        .listLinks(ListLinksRequest(community: "QX07")), .listLinks(ListLinksRequest()),
        .listVisits(ListVisitsRequest(community: "QX07", from: monday, before: at(hours: 100))), .listVisits(ListVisitsRequest()),
        .getCoverage(GetCoverageRequest(day: day)),
        .listCadenceLapses(ListCadenceLapsesRequest(from: day, through: lastDay)),
        .recordElection(RecordElectionRequest(
            community: "QX07", date: day, method: .directVote, candidates: election.candidates, elected: ["R0701"], termStart: day,
            termEnd: lastDay)),
        .recordElection(RecordElectionRequest(community: "QX08", date: day, method: .groupNomination, termStart: day, termEnd: day)),
        .listElections(ListElectionsRequest(community: "QX07")),
        .listRepresentatives(ListRepresentativesRequest(community: "QX07", day: lastDay)),
        .getAttendance(GetAttendanceRequest(community: "QX07", from: monday, before: at(hours: 24 * 30))),
        .commend(CommendRequest(person: "V0702", community: "QX07", reason: "热心志愿服务", date: lastDay, awardedBy: "桥西区委")),
        .commend(CommendRequest(person: "R0701", reason: "履职尽责", date: lastDay, awardedBy: "桥西区人民政府")),
        .listCommendations(ListCommendationsRequest(community: "QX07")), .listCommendations(ListCommendationsRequest()),
        .getScorecard(GetScorecardRequest(subject: .community("QX07"), from: day, through: lastDay)),
        .getScorecard(GetScorecardRequest(subject: .unit("UM"), from: day, through: day)),
        .getScorecard(GetScorecardRequest(subject: .leader("L01"), from: day, through: lastDay)),
        .getAnnualAssessment(GetAnnualAssessmentRequest(
            year: 2026, weights: MeasureKind.allCases.map { MeasureWeight(kind: $0, weight: AssessmentService.Weights.standard.weights[$0] ?? 0) })),
        .getAnnualAssessment(GetAnnualAssessmentRequest(year: 2026)),
        .getAnnualAssessment(GetAnnualAssessmentRequest(
            year: 2027, weights: [MeasureWeight(kind: .satisfactionRate, weight: 0.5), MeasureWeight(kind: .visitCadence, weight: 0)])),
        .getAnnualAssessment(GetAnnualAssessmentRequest(year: 2026, threshold: RankingThreshold(minimumCountedShare: 0))),
        .getAnnualAssessment(GetAnnualAssessmentRequest(
            year: 2026, weights: [MeasureWeight(kind: .onTimeRate, weight: 1)], threshold: RankingThreshold(minimumCountedShare: 1))),
        .exportCases(ExportCasesRequest(query: query)), .exportCases(ExportCasesRequest(query: CaseQuery())),
        .exportScorecards(ExportScorecardsRequest(subjects: [.community("QX07"), .unit("UM"), .leader("L01")], from: day, through: lastDay)),
        .exportScorecards(ExportScorecardsRequest(from: day, through: lastDay)),
        .loadDirectory(LoadDirectoryRequest(seed: Array(#"{"district":{"code":"130703","name":"桥西区"},"communities":[],"categories":[]}"#.utf8))),
        .listDeadLetters(ListDeadLettersRequest()),
        .listDeadLetters(ListDeadLettersRequest(channel: "webhook", community: "QX07", states: [.pending, .discarded])),
        .replayDeadLetter(ReplayDeadLetterRequest(id: "webhook.42.unit.UM")),
        .discardDeadLetter(DiscardDeadLetterRequest(id: "webhook.42.unit.UM", note: "接收方已停用该接口")),
        .discardDeadLetter(DiscardDeadLetterRequest(id: "webhook.43.system.grid-platform")),
        .getNotificationProgress(GetNotificationProgressRequest()),
        .addAccount(AddAccountRequest(personID: "CD01", roles: [.hallStaff, .communityCadre])),
        .addAccount(AddAccountRequest(personID: "L01", system: "leaders-office", roles: [.leader])),
        .setAccountRoles(SetAccountRolesRequest(personID: "CD01", roles: [.auditor, .administrator, .unitHandler])),
        .setAccountDisabled(SetAccountDisabledRequest(personID: "CD01", disabled: true)),
        .setAccountDisabled(SetAccountDisabledRequest(personID: "CD01", disabled: false)),
        .listAccounts(ListAccountsRequest()),
        .issueKey(IssueKeyRequest(personID: "CD01")),
        .issueKey(IssueKeyRequest(personID: "CD01", expiresAt: monday.adding(hours: 24 * 90))),
        .rotateKey(RotateKeyRequest(keyID: "chp_0123456789abcdef")),
        .rotateKey(RotateKeyRequest(keyID: "chp_0123456789abcdef", expiresAt: monday.adding(hours: 24 * 30))),
        .revokeKey(RevokeKeyRequest(keyID: "chp_0123456789abcdef")),
        .listAccountChanges(ListAccountChangesRequest()),
        .listAccountChanges(ListAccountChangesRequest(personID: "CD01")),
        .listSignInFailures(ListSignInFailuresRequest()),
    ]

    static let account = Account(
        personID: "CD01", system: "hall-staff", roles: [.hallStaff, .leader], disabled: false, createdAt: monday,
        keys: [
            PersonalKeyInfo(keyID: "chp_fedcba9876543210", issuedAt: monday.adding(hours: 1), expiresAt: monday.adding(hours: 24 * 90), lastUsedAt: monday.adding(hours: 2)),
            PersonalKeyInfo(keyID: "chp_0123456789abcdef", issuedAt: monday, revokedAt: monday.adding(hours: 1)),
        ])

    static let deadLetter = DeadLetter(
        id: "webhook.42.unit.UM", channel: "webhook", sequence: 42, caseID: caseID, caseNumber: number, community: "QX07",
        topic: "dispatched", recipientKind: .unit, recipientID: "UM", attempts: 8, lastError: "HTTP 503 from the receiver",
        permanent: false, createdAt: monday, updatedAt: monday.adding(hours: 2))

    /// Every response of the council's methods.
    static var councilResponses: [WireResponse] {
        [
            .scheduleMeeting(heldMeeting), .scheduleMeeting(scheduledMeeting), .addToAgenda(scheduledMeeting),
            .rescheduleMeeting(scheduledMeeting), .cancelMeeting(heldMeeting),
            .holdMeeting(HoldMeetingResponse(
                meeting: heldMeeting, cases: [fullView, minimalView],
                failures: [
                    CaseFailure(caseID: otherCaseID, status: CallStatus(
                        .failedPrecondition, "case QX07-20261130-0003 is withdrawn", reason: "illegalTransition", caseStatus: .withdrawn)),
                    CaseFailure(caseID: caseID, status: CallStatus(.aborted, "a concurrent change won", reason: "versionConflict")),
                ],
                carriedOver: [
                    CarriedOverCase(caseID: otherCaseID, meeting: "QX07-20261207-5e6f7a8b"),
                    CarriedOverCase(caseID: caseID, meeting: "QX07-20261207-5e6f7a8b"),
                ])),
            .holdMeeting(HoldMeetingResponse(meeting: scheduledMeeting)),
            .getMeeting(heldMeeting), .listMeetings([heldMeeting, scheduledMeeting]), .listMeetings([]),
            .getPublicNotice("议事结果公示\n\n一、小区垃圾清运不及时"), .getPublicNotice(""),
            .listMeetingCadenceGaps([CadenceGap(community: "QX07", weekStarting: day), CadenceGap(community: "QX08", weekStarting: day.adding(days: 7))]),
            .listMeetingCadenceGaps([]),
            .establishLink(fullLink), .establishLink(openLink), .endLink(fullLink),
            .logVisit(fullVisit), .logVisit(bareVisit),
            .raiseCaseOnVisit(fullView), .raiseCaseOnVisit(minimalView),
            .listLinks([fullLink, openLink]), .listLinks([]), .listVisits([fullVisit, bareVisit]), .listVisits([]),
            .getCoverage(CoverageReport(communitiesWithoutLeader: ["QX08", "QX09"], compoundsWithoutUnit: ["QX07-C2"], householdsWithoutCadre: ["H1"])),
            .getCoverage(CoverageReport(communitiesWithoutLeader: [], compoundsWithoutUnit: [], householdsWithoutCadre: [])),
            .listCadenceLapses([CadenceLapse(link: openLink.id, holder: "L01", target: "QX07", missing: day)]), .listCadenceLapses([]),
            .recordElection(election), .recordElection(emptyElection), .listElections([election, emptyElection]), .listElections([]),
            .listRepresentatives(["R0701", "R0702"]), .listRepresentatives([]),
            .getAttendance([Attendance(person: "R0701", meetingsHeld: 4, meetingsAttended: 3)]), .getAttendance([]),
            .commend(commendation), .commend(districtCommendation), .listCommendations([commendation, districtCommendation]),
            .listCommendations([]),
            .getScorecard(scorecard),
            .getScorecard(Scorecard(subject: .leader("L01"), from: day, through: day, asOf: monday, casesReceived: 0, measures: [])),
            .getAnnualAssessment(GetAnnualAssessmentResponse(
                year: assessment.year,
                weights: MeasureKind.allCases.compactMap { kind in assessment.weights.weights[kind].map { MeasureWeight(kind: kind, weight: $0) } },
                communities: assessment.communities, units: assessment.units, minimumCountedShare: 0.6)),
            .getAnnualAssessment(GetAnnualAssessmentResponse(year: 2027)),
            .exportCases(Array("\u{FEFF}case number,community\r\nQX07-20261130-0003,QX07\r\n".utf8)), .exportCases([]),
            .exportScorecards(Array("\u{FEFF}subject,code\r\n".utf8)),
            .loadDirectory(LoadDirectoryResponse(
                district: district, communities: 44, compounds: 12, buildings: 30, households: 8, gridCells: 50, units: 9, people: 20,
                categories: 10, version: 3)),
            .listDeadLetters([]),
            .listDeadLetters([deadLetter, {
                var discarded = deadLetter
                discarded.state = .discarded
                discarded.note = "接收方已停用该接口"
                discarded.recipientKind = .submitter
                discarded.recipientID = caseID.rawValue
                return discarded
            }()]),
            .replayDeadLetter({
                var replayed = deadLetter
                replayed.state = .replayed
                replayed.attempts = 9
                return replayed
            }()),
            .discardDeadLetter(deadLetter),
            .getNotificationProgress(NotificationProgress(latestSequence: 0, channels: [])),
            .getNotificationProgress(NotificationProgress(latestSequence: 4_200_000_000, channels: [
                ChannelProgress(channel: "log", handledThrough: 4_200_000_000, backlog: 0, pendingDeadLetters: 0),
                ChannelProgress(channel: "webhook", handledThrough: 4_199_999_958, backlog: 42, pendingDeadLetters: 3),
            ])),
            .addAccount(account),
            .setAccountRoles({
                var disabled = account
                disabled.disabled = true
                disabled.keys = []
                return disabled
            }()),
            .setAccountDisabled(account),
            .listAccounts([]), .listAccounts([account, Account(personID: "L01", system: "leaders-office", roles: [.leader], createdAt: monday)]),
            .issueKey(IssuedKeyResponse(key: "chp_fedcba9876543210_c2VjcmV0LXNlY3JldC1zZWNyZXQ", info: account.keys.first, account: account)),
            .rotateKey(IssuedKeyResponse(key: "chp_fedcba9876543210_c2VjcmV0LXNlY3JldC1zZWNyZXQ", info: account.keys.first, account: account)),
            .revokeKey(account),
            .listAccountChanges([]),
            .listAccountChanges([
                AccountChange(at: monday, personID: "CD01", change: "added for hall-staff with roles hallStaff", by: Principal(system: "hall-staff")),
                AccountChange(at: monday.adding(hours: 1), personID: "CD01", change: "key chp_0123456789abcdef revoked",
                              by: Principal(system: "hall-staff", user: "A01", userAuthenticated: true)),
            ]),
            .listSignInFailures([]),
            .listSignInFailures([
                SignInFailures(kind: "address", subject: "10.0.0.7", failures: 5, lastFailureAt: monday, delayedUntil: monday.adding(seconds: 4)),
                SignInFailures(kind: "account", subject: "CD01", failures: 1, lastFailureAt: monday),
            ]),
        ]
    }
}
