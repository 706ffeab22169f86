import CouncilKit
import CouncilTestKit
import Testing

// The fixture of issue 5: four weeks (Monday 2026-11-09 to Sunday 2026-12-06) in communities QX01 and QX02 of
// the demo directory, played through the public API with a manual clock. Every expected figure in
// CouncilAssessmentTests is worked out by hand from the comments here; nothing is computed by the code under test.
//
// Calendar facts used throughout (demo seed calendar; no holidays or adjusted days in Nov/Dec 2026):
//   Mondays: Nov 2, 9, 16, 23, 30, Dec 7. Weekends: Nov 14-15, 21-22, 28-29, Dec 5-6.
//   Walk-in (default policy): respond within 1 working day (due at midnight after the next working day), handle
//   within 15 working days of acceptance, 7 calendar days to evaluate, up to 10 working days of extension.
//   Hotline: respond within 2 hours, handle within 5 working days.
//   A day-counted due time is the midnight *ending* its last day, written below as "Nov 20 00:00".

/// A local instant in November 2026 (UTC+8).
func nov26(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Timestamp { Local.at(2026, 11, day, hour: hour, minute: minute) }
/// A local instant in December 2026 (UTC+8).
func dec26(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Timestamp { Local.at(2026, 12, day, hour: hour, minute: minute) }
/// A local day.
func localDay(_ year: Int, _ month: Int, _ day: Int) -> LocalDate { LocalDate(year: year, month: month, day: day)! }

/// The played-out fixture: its services, and the ids of its cases, meetings and links by label.
struct CouncilScenario {
    /// The scorecard period: four whole weeks, Monday to Sunday.
    static let from = localDay(2026, 11, 9)
    static let through = localDay(2026, 12, 6)
    /// Where the clock is left when the fixture is built: the instant scorecards are judged at.
    static let asOf = dec26(7, 10)

    let h: Harness
    let meetings: MeetingService
    let linkage: LinkageService
    let assessment: AssessmentService
    private(set) var ids: [String: CaseID] = [:]
    private(set) var submitters: [String: PersonalData] = [:]
    private(set) var meetingIDs: [String: String] = [:]
    private(set) var linkIDs: [String: String] = [:]

    /// The case with this label (A1…A15 in QX01, B1…B8 in QX02, X0 and Y0 outside the period).
    subscript(_ label: String) -> CaseID { ids[label]! }
    /// The meeting with this label (Mq1…Mq4 in QX01, Mr1…Mr3 in QX02).
    func meeting(_ label: String) -> String { meetingIDs[label]! }

    /// Every submitter of the fixture, for checks that no personal data leaks.
    var allPersonalData: [PersonalData] { Array(submitters.values) }

    private init() throws {
        h = try Harness(start: nov26(1, 9))
        meetings = MeetingService(cases: h.service)
        linkage = LinkageService(cases: h.service)
        assessment = AssessmentService(cases: h.service)
    }

    /// Builds the fixture; the clock is left at ``asOf``.
    static func build() async throws -> CouncilScenario {
        var s = try CouncilScenario()
        try await s.play()
        s.h.clock.set(asOf)
        return s
    }

    // MARK: Submitters

    static let names = [
        "赵志刚", "钱秀兰", "孙建国", "李桂英", "周海燕", "吴国庆", "郑玉梅", "王德胜", "冯淑珍", "陈永红",
        "褚丽华", "卫建军", "蒋春花", "沈宝山", "韩金凤", "杨振华", "朱彩霞", "秦志明", "尤美玲", "许长春",
        "何翠兰", "吕建业", "施桂芳", "张秋菊", "孔繁荣", "曹宏伟",
    ]

    /// A distinct submitter for each case label: name, an 11-digit mobile, an address and an 18-character ID.
    static func person(_ index: Int) -> PersonalData {
        let four = String(repeating: "0", count: 4 - String(index).count) + String(index)
        return PersonalData(
            name: names[index], phone: "1392611" + four, address: "张家口市桥西区示例路\(index)号院\(index)单元\(100 + index)室",
            idNumber: "13070319800101" + four)
    }

    static let labels = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "A11", "A12", "A13", "A14", "A15",
                         "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "X0", "Y0"]

    // MARK: Playing

    private func at(_ t: Timestamp) { h.clock.set(t) }

    private mutating func submit(
        _ label: String, at t: Timestamp, community: String, title: String, category: String = "environment",
        source: CaseSource = .walkIn
    ) async throws -> CaseID {
        at(t)
        let pd = Self.person(Self.labels.firstIndex(of: label)!)
        let c = try await h.service.submit(
            Submission(title: title, description: "居民反映：\(title)。", source: source, community: community, category: category, submitter: pd),
            by: staff
        ).case
        ids[label] = c.id
        submitters[label] = pd
        return c.id
    }

    private mutating func raise(_ label: String, onVisit visit: String, at t: Timestamp, title: String, category: String) async throws -> CaseID {
        at(t)
        let pd = Self.person(Self.labels.firstIndex(of: label)!)
        let c = try await linkage.raiseCase(
            onVisit: visit, Submission(title: title, description: "走访中听到：\(title)。", source: .walkIn, category: category, submitter: pd),
            by: staff)
        ids[label] = c.id
        submitters[label] = pd
        return c.id
    }

    private func plan(
        _ community: String, _ when: Timestamp, _ place: Meeting.PlaceKind, _ placeName: String, _ format: Meeting.Format,
        convener: String, cases: [CaseID] = [], topics: [String] = []
    ) -> MeetingService.Plan {
        MeetingService.Plan(
            community: community, scheduledAt: when, placeKind: place, placeName: placeName, format: format, convener: convener,
            invited: [Meeting.Participant(role: .representative, reference: community == "QX01" ? "RP01" : "RP03"),
                      Meeting.Participant(role: .unit, reference: "UM"), Meeting.Participant(role: .resident)],
            cases: cases, topics: topics)
    }

    // swiftlint:disable:next function_body_length
    private mutating func play() async throws {
        let s = h.service

        // ---- Links (三级联动) and the visits made before the period ----
        // L02 ↔ QX01 from Sep 1, ended Nov 15. L01 ↔ QX02 from Oct 1, ended Nov 20 (its last day). L01 ↔ QX01 from Nov 16.
        linkIDs["L02-QX01"] = try await linkage.establish(.leaderCommunity, holder: "L02", target: "QX01", start: localDay(2026, 9, 1)).id
        _ = try await linkage.end(linkIDs["L02-QX01"]!, on: localDay(2026, 11, 15))
        linkIDs["L01-QX02"] = try await linkage.establish(.leaderCommunity, holder: "L01", target: "QX02", start: localDay(2026, 10, 1)).id
        _ = try await linkage.end(linkIDs["L01-QX02"]!, on: localDay(2026, 11, 20))
        linkIDs["L01-QX01"] = try await linkage.establish(.leaderCommunity, holder: "L01", target: "QX01", start: localDay(2026, 11, 16)).id
        // UM ↔ compound QX01-C1 from Oct 1; UM ↔ compound QX02-C1 from Nov 23.
        linkIDs["UM-QX01-C1"] = try await linkage.establish(.unitCompound, holder: "UM", target: "QX01-C1", start: localDay(2026, 10, 1)).id
        linkIDs["UM-QX02-C1"] = try await linkage.establish(.unitCompound, holder: "UM", target: "QX02-C1", start: localDay(2026, 11, 23)).id
        // Cadres paired with two households in difficulty, both from Oct 1.
        linkIDs["CD01-H"] = try await linkage.establish(.cadreHousehold, holder: "CD01", target: "QX01-C1-B1-H1", start: localDay(2026, 10, 1)).id
        linkIDs["CD02-H"] = try await linkage.establish(.cadreHousehold, holder: "CD02", target: "QX02-C1-B1-H1", start: localDay(2026, 10, 1)).id

        _ = try await linkage.logVisit(under: linkIDs["CD01-H"]!, at: Local.at(2026, 10, 5, hour: 10), people: ["CD01"], notes: "入户走访", helpGiven: "送米面油")
        _ = try await linkage.logVisit(under: linkIDs["L01-QX02"]!, at: Local.at(2026, 10, 15, hour: 10), people: ["L01"], notes: "包联走访")
        _ = try await linkage.logVisit(under: linkIDs["L02-QX01"]!, at: Local.at(2026, 10, 20, hour: 10), people: ["L02"], notes: "包联走访")

        // ---- X0: QX01, registered Fri Nov 6, before the period: counts nowhere in the period's scorecards ----
        let x0 = try await submit("X0", at: nov26(6, 10), community: "QX01", title: "小区健身器材损坏")
        at(nov26(6, 11)); _ = try await s.accept(x0, by: staff)  // handling due Nov 28 00:00, never resolved

        // ---- Week of Nov 9 ----
        // B1 (QX02, hotline): registered Mon 09:00, response due 11:00; accepted 12:00 (late).
        let b1 = try await submit("B1", at: nov26(9, 9), community: "QX02", title: "夜间施工噪音扰民", source: .hotline)
        // A1 (QX01): registered Mon 09:30, response due Wed Nov 11 00:00.
        let a1 = try await submit("A1", at: nov26(9, 9, 30), community: "QX01", title: "垃圾站清运不及时")
        at(nov26(9, 10)); _ = try await s.accept(a1, by: staff)
        // A2 (QX01): registered Mon 10:05, response due Wed Nov 11 00:00.
        let a2 = try await submit("A2", at: nov26(9, 10, 5), community: "QX01", title: "楼道杂物堆放")
        at(nov26(9, 10, 30)); _ = try await s.dispatch(a1, to: "UM", due: nov26(20, 0), by: staff)
        at(nov26(9, 12)); _ = try await s.accept(b1, by: staff)  // hotline handling: 5 working days → Nov 17 00:00
        at(nov26(9, 12, 10)); _ = try await s.dispatch(b1, to: "UM", by: staff)

        // A3 (QX01): registered Tue 09:00, never answered; response due Thu Nov 12 00:00.
        _ = try await submit("A3", at: nov26(10, 9), community: "QX01", title: "单元门禁损坏")
        // B2 (QX02): registered Tue 09:05, accepted 10:05, dispatched to UM due Nov 20 00:00.
        let b2 = try await submit("B2", at: nov26(10, 9, 5), community: "QX02", title: "小区路面塌陷")
        // A4 (QX01): registered Tue 10:00, withdrawn 15:00 before any response.
        let a4 = try await submit("A4", at: nov26(10, 10), community: "QX01", title: "邻里漏水纠纷", category: "dispute")
        at(nov26(10, 10, 5)); _ = try await s.accept(b2, by: staff)
        at(nov26(10, 10, 10)); _ = try await s.dispatch(b2, to: "UM", due: nov26(20, 0), by: staff)
        at(nov26(10, 15)); _ = try await s.withdraw(a4, reason: "已与邻居协商解决", by: staff)

        // A5 (QX01): registered Wed 09:00, accepted 10:00, dispatched to UM due Nov 20 00:00.
        let a5 = try await submit("A5", at: nov26(11, 9), community: "QX01", title: "绿化带枯死")
        at(nov26(11, 10)); _ = try await s.accept(a5, by: staff)
        at(nov26(11, 10, 10)); _ = try await s.dispatch(a5, to: "UM", due: nov26(20, 0), by: staff)
        // A10 (QX01): registered Wed 10:30, accepted 11:00 (handling due Dec 3 00:00), put before meeting Mq1.
        let a10 = try await submit("A10", at: nov26(11, 10, 30), community: "QX01", title: "小区增设电动车充电桩", category: "infrastructure")
        at(nov26(11, 11)); _ = try await s.accept(a10, by: staff)
        at(nov26(11, 12))
        meetingIDs["Mq1"] = try await meetings.schedule(
            plan("QX01", nov26(12, 15), .hall, "社区议事厅", .jointMeeting, convener: "HS01", cases: [a10]), by: staff).id

        // A2 accepted Thu 09:00 (late: due Nov 11 00:00), dispatched to UM due Nov 20 00:00.
        at(nov26(12, 9)); _ = try await s.accept(a2, by: staff)
        at(nov26(12, 9, 10)); _ = try await s.dispatch(a2, to: "UM", due: nov26(20, 0), by: staff)
        // A6 (QX01): registered Thu 09:20, accepted and handled locally (due Dec 4 00:00).
        let a6 = try await submit("A6", at: nov26(12, 9, 20), community: "QX01", title: "路灯不亮", category: "infrastructure")
        // B7 (QX02): registered Thu 09:30, accepted, dispatched to UM with the acceptance due Dec 4 00:00; never resolved.
        let b7 = try await submit("B7", at: nov26(12, 9, 30), community: "QX02", title: "下水道堵塞")
        at(nov26(12, 10)); _ = try await s.accept(a6, by: staff)
        at(nov26(12, 10, 5)); _ = try await s.handleLocally(a6, by: staff)
        at(nov26(12, 10, 10)); _ = try await s.accept(b7, by: staff)
        at(nov26(12, 10, 15)); _ = try await s.dispatch(b7, to: "UM", by: staff)
        _ = try await linkage.logVisit(under: linkIDs["L01-QX02"]!, at: nov26(12, 10), people: ["L01"], notes: "包联走访，了解供暖情况")
        // Mq1 held Thu 15:00: A10 deferred. No other QX01 meeting is scheduled yet, so nothing is carried over.
        at(nov26(12, 16))
        _ = try await meetings.hold(
            meeting("Mq1"),
            MeetingService.Record(
                heldAt: nov26(12, 15), attendees: ["HS01", "RP01"], residentCount: 9,
                items: [.init(number: 1, record: Meeting.ItemRecord(questions: "充电桩装在哪里？", answers: "拟装在2号楼北侧", debate: "部分居民担心安全"),
                              outcome: .deferred(reason: "需进一步征求意见，联系人\(submitters["A10"]!.name!)（\(submitters["A10"]!.phone!)）"))]),
            by: staff)

        // A7 (QX01): registered Fri 09:00, declined 10:00 (on time).
        let a7 = try await submit("A7", at: nov26(13, 9), community: "QX01", title: "要求调换租住房屋", category: "other")
        at(nov26(13, 10)); _ = try await s.decline(a7, reason: "不属于社区受理范围", by: staff)
        // A6 resolved Fri 10:30 (on time), fed back 11:00: evaluation window ends Nov 21 00:00.
        at(nov26(13, 10, 30)); _ = try await s.resolve(a6, HandlingResult(summary: "已更换灯泡"), by: staff)
        at(nov26(13, 11)); _ = try await s.recordFeedback(a6, Feedback(channel: .phone, message: "路灯已修复"), by: staff)
        // UM's volunteer service in compound QX01-C1 (Saturday).
        _ = try await linkage.logVisit(under: linkIDs["UM-QX01-C1"]!, at: nov26(14, 9), people: ["CD01", "VL01"], hours: 3, notes: "志愿清扫")

        // ---- Week of Nov 16 ----
        // A8 (QX01, grid platform, needs on-site verification): registered Mon 09:00, accepted 10:00 (handling due
        // Dec 8 00:00), dispatched to UM with that due.
        at(nov26(16, 9))
        let a8 = try await s.submit(CouncilFixtures.gridReport("GR-A8", title: "路口井盖缺失"), by: gridPlatform).case.id
        ids["A8"] = a8
        // B5 (QX02): registered Mon 09:10, accepted 10:05, put before meeting Mr1.
        let b5 = try await submit("B5", at: nov26(16, 9, 10), community: "QX02", title: "单元门禁系统故障", category: "property")
        at(nov26(16, 10)); _ = try await s.accept(a8, by: staff)
        at(nov26(16, 10, 5)); _ = try await s.accept(b5, by: staff)
        at(nov26(16, 10, 10)); _ = try await s.dispatch(a8, to: "UM", by: staff)
        // A9 (QX01): registered Mon 10:20, accepted 11:00, put before meeting Mq2.
        let a9 = try await submit("A9", at: nov26(16, 10, 20), community: "QX01", title: "3号楼前停车位被长期占用", category: "parking")
        at(nov26(16, 11)); _ = try await s.accept(a9, by: staff)
        at(nov26(16, 11, 10))
        meetingIDs["Mr1"] = try await meetings.schedule(
            plan("QX02", nov26(18, 15), .corridor, "2号楼议事廊", .heartToHeartTalk, convener: "HS02", cases: [b5]), by: staff).id
        // B1 resolved Mon 15:00 (on time: due Nov 17 00:00), fed back, rated dissatisfied and not solved on Tue.
        at(nov26(16, 15)); _ = try await s.resolve(b1, HandlingResult(summary: "已责令施工方夜间停工"), by: unitUser)
        at(nov26(16, 16)); _ = try await s.recordFeedback(b1, Feedback(channel: .phone, message: "已处理"), by: staff)
        at(nov26(17, 9)); _ = try await s.evaluate(b1, Evaluation(rating: .dissatisfied, solved: false), by: staff)
        // Mq2 scheduled Tue 09:30 with A9; it also picks up A10, still awaiting deliberation after its deferral.
        at(nov26(17, 9, 30))
        meetingIDs["Mq2"] = try await meetings.schedule(
            plan("QX01", nov26(19, 15), .hall, "社区议事厅", .jointMeeting, convener: "HS01", cases: [a9]), by: staff).id
        // A14 (QX01): registered Tue 09:40, accepted 10:00 (on time), withdrawn Wed 09:00.
        let a14 = try await submit("A14", at: nov26(17, 9, 40), community: "QX01", title: "楼顶防水层破损", category: "property")
        at(nov26(17, 10)); _ = try await s.accept(a14, by: staff)
        // A15 (QX01): registered Tue 11:00, merged into A9 at 12:00 (a response, on time).
        let a15 = try await submit("A15", at: nov26(17, 11), community: "QX01", title: "3号楼前乱停车", category: "parking")
        at(nov26(17, 12)); _ = try await s.merge(a15, into: a9, by: staff)
        at(nov26(18, 9)); _ = try await s.withdraw(a14, reason: "物业已自行修复", by: staff)

        // A8 resolved Wed 09:50 (on time against Dec 8 00:00).
        at(nov26(18, 9, 50)); _ = try await s.resolve(a8, HandlingResult(summary: "已补装井盖"), by: unitUser)
        // L01 visits QX01 on Wed 10:00 and hears A11 (source becomes leaderVisit); accepted 11:00, dispatched to UM
        // due Dec 4 00:00; never resolved.
        let l01Visit = try await linkage.logVisit(under: linkIDs["L01-QX01"]!, at: nov26(18, 10), people: ["L01", "HS01"], notes: "包联走访")
        let a11 = try await raise("A11", onVisit: l01Visit.id, at: nov26(18, 10), title: "小区出入口车辆乱停", category: "parking")
        at(nov26(18, 10, 30)); _ = try await s.requestExtension(a5, ExtensionRequest(length: 3, reason: "需采购苗木"), by: unitUser)
        at(nov26(18, 11)); _ = try await s.approveExtension(a5, approver: "L01", messageToSubmitter: "苗木采购需时，延期三个工作日", by: staff)
        // A5 is now due Nov 25 00:00 (Nov 20 00:00 + 3 working days: Fri 20, Mon 23, Tue 24).
        at(nov26(18, 11, 5)); _ = try await s.accept(a11, by: staff)
        at(nov26(18, 11, 10)); _ = try await s.dispatch(a11, to: "UM", due: dec26(4, 0), by: staff)
        // Mr1 held Wed 15:00: B5 resolved to property company PC01, deadline Wed Nov 25 18:00.
        at(nov26(18, 16))
        _ = try await meetings.hold(
            meeting("Mr1"),
            MeetingService.Record(
                heldAt: nov26(18, 15), attendees: ["HS02", "RP03"], residentCount: 6,
                items: [.init(number: 1, record: Meeting.ItemRecord(questions: "门禁何时修好？", answers: "物业承诺一周内修复"),
                              outcome: .resolution(MeetingResolution(decision: "由物业公司更换单元门禁主板", responsibleUnit: "PC01", deadline: nov26(25, 18))))]),
            by: staff)

        // A8 fails on-site verification Thu 09:00: reopened, new handling due Dec 11 00:00 (15 working days from Nov 19).
        at(nov26(19, 9)); _ = try await s.verify(a8, Verification(passed: false, note: "井盖尺寸不符"), by: gridPlatform)
        // B2: 5 working days' extension approved Thu: due Nov 20 00:00 → Nov 27 00:00 (Fri 20, Mon 23 … Thu 26).
        at(nov26(19, 9, 10)); _ = try await s.requestExtension(b2, ExtensionRequest(length: 5, reason: "需协调施工队"), by: unitUser)
        at(nov26(19, 9, 20)); _ = try await s.approveExtension(b2, approver: "L01", messageToSubmitter: "施工队协调需时，延期五个工作日", by: staff)
        // A1 resolved Thu 15:00 (on time: due Nov 20 00:00).
        at(nov26(19, 15)); _ = try await s.resolve(a1, HandlingResult(summary: "已清运并增加清运频次"), by: unitUser)
        at(nov26(19, 16)); _ = try await s.recordFeedback(a1, Feedback(channel: .phone, message: "已清运"), by: staff)
        // Mq2 held Thu 15:00: A9 resolved to HC, deadline Thu Nov 26 18:00, vote 9/1/0; A10 no consensus → accepted.
        at(nov26(19, 16, 30))
        _ = try await meetings.hold(
            meeting("Mq2"),
            MeetingService.Record(
                heldAt: nov26(19, 15), attendees: ["HS01", "RP01", "L01"], residentCount: 15,
                items: [
                    .init(number: 1, record: Meeting.ItemRecord(questions: "占用车位的是谁？", answers: "多为外来车辆", debate: "是否设道闸"),
                          outcome: .resolution(MeetingResolution(decision: Self.a9Decision(submitters["A9"]!), responsibleUnit: "HC",
                                                                 deadline: nov26(26, 18), vote: Vote(inFavour: 9, against: 1, abstaining: 0)))),
                    .init(number: 2, record: Meeting.ItemRecord(debate: "选址分歧较大"), outcome: .noConsensus(note: "各方意见分歧较大")),
                ]),
            by: staff)
        // A1 rated satisfied and solved Fri, closed.
        at(nov26(20, 9)); _ = try await s.evaluate(a1, Evaluation(rating: .satisfied, solved: true), by: staff)
        at(nov26(20, 10)); _ = try await s.close(a1, by: staff)
        // CD01 visits the paired household Fri (46 days after the Oct 5 visit). CD02 visits its household Fri and
        // hears B3 (source becomes cadreVisit): registered Fri Nov 20 10:00, the last day of L01's link to QX02.
        _ = try await linkage.logVisit(under: linkIDs["CD01-H"]!, at: nov26(20, 9), people: ["CD01"], notes: "入户走访", helpGiven: "联系医疗救助")
        let cd02Visit = try await linkage.logVisit(under: linkIDs["CD02-H"]!, at: nov26(20, 10), people: ["CD02"], notes: "入户走访", helpGiven: "送冬衣")
        let b3 = try await raise("B3", onVisit: cd02Visit.id, at: nov26(20, 10), title: "独居老人需要助餐服务", category: "elderly")
        // A10 handled locally Fri 11:00 with its acceptance due (Dec 3 00:00); never resolved.
        at(nov26(20, 11)); _ = try await s.handleLocally(a10, by: staff)

        // ---- Week of Nov 23 (no meeting held in either community) ----
        // A6 closed unrated Mon 09:00 (window ended Nov 21 00:00).
        at(nov26(23, 9)); _ = try await s.closeUnrated(a6, by: staff)
        // B3 accepted Mon 09:05 (on time: due Nov 24 00:00), handled locally due Nov 27 00:00.
        at(nov26(23, 9, 5)); _ = try await s.accept(b3, by: staff)
        at(nov26(23, 9, 10)); _ = try await s.handleLocally(b3, due: nov26(27, 0), by: staff)
        // A13 (QX01): registered Mon 09:20, accepted 10:05 (handling due Dec 15 00:00), dispatched to UM,
        // returned by UM Tue, dispatched to HC; resolved Dec 3 (on time), fed back, not yet rated.
        let a13 = try await submit("A13", at: nov26(23, 9, 20), community: "QX01", title: "外墙保温层脱落", category: "safety")
        // B4 (QX02): registered Mon 09:30, referred 10:15 (on time).
        let b4 = try await submit("B4", at: nov26(23, 9, 30), community: "QX02", title: "与开发商的房产证纠纷", category: "dispute")
        at(nov26(23, 10)); _ = try await s.resolve(a2, HandlingResult(summary: "已清理楼道"), by: unitUser)  // late: due Nov 20 00:00
        at(nov26(23, 10, 5)); _ = try await s.accept(a13, by: staff)
        at(nov26(23, 10, 10)); _ = try await s.dispatch(a13, to: "UM", by: staff)
        at(nov26(23, 10, 15)); _ = try await s.refer(b4, Referral(destination: .court, organization: "桥西区人民法院", reason: "需司法裁决"), by: staff)
        at(nov26(23, 11)); _ = try await s.recordFeedback(a2, Feedback(channel: .inPerson, message: "已清理"), by: staff)
        at(nov26(24, 9)); _ = try await s.evaluate(a2, Evaluation(rating: .basicallySatisfied, solved: true), by: staff)
        at(nov26(24, 9, 30))
        meetingIDs["Mq3"] = try await meetings.schedule(
            plan("QX01", nov26(25, 15), .pavilion, "中心花园议事亭", .coordinationMeeting, convener: "HS01", topics: ["楼道堆物清理"]), by: staff).id
        at(nov26(24, 10)); _ = try await s.close(a2, by: staff)
        at(nov26(24, 11)); _ = try await s.returnCase(a13, reason: "外墙属住建部门监管", by: unitUser)
        at(nov26(24, 11, 10)); _ = try await s.dispatch(a13, to: "HC", by: staff)
        // A5 resolved Tue 15:00 (on time against its extended due, Nov 25 00:00).
        at(nov26(24, 15)); _ = try await s.resolve(a5, HandlingResult(summary: "已补种"), by: unitUser)
        at(nov26(24, 16)); _ = try await s.recordFeedback(a5, Feedback(channel: .phone, message: "已补种"), by: staff)
        at(nov26(24, 17)); _ = try await meetings.cancel(meeting("Mq3"), reason: "主持人临时公出", by: staff)
        // A5 rated dissatisfied Wed 09:00 and reworked 10:00: new due Dec 17 00:00.
        at(nov26(25, 9)); _ = try await s.evaluate(a5, Evaluation(rating: .dissatisfied, solved: false), by: staff)
        at(nov26(25, 10)); _ = try await s.rework(a5, reason: "补种苗木已枯死", by: staff)
        // B6 (QX02): registered Wed 09:30, never answered; response due Fri Nov 27 00:00.
        _ = try await submit("B6", at: nov26(25, 9, 30), community: "QX02", title: "快递柜占用消防通道", category: "safety")
        // B5 resolved Wed 10:00 (on time: deadline Nov 25 18:00), fed back 11:00; window ends Dec 3 00:00.
        at(nov26(25, 10, 5)); _ = try await s.resolve(b5, HandlingResult(summary: "已更换门禁主板"), by: unitUser)
        at(nov26(25, 11)); _ = try await s.recordFeedback(b5, Feedback(channel: .textMessage, message: "门禁已修复"), by: staff)
        at(nov26(25, 12))
        meetingIDs["Mr2"] = try await meetings.schedule(
            plan("QX02", nov26(26, 15), .hall, "社区议事厅", .jointMeeting, convener: "HS02", topics: ["电动车充电桩选址"]), by: staff).id
        at(nov26(26, 9)); _ = try await meetings.cancel(meeting("Mr2"), reason: "会场停电", by: staff)
        // B3 resolved Thu (on time: Nov 27 00:00), rated satisfied Fri, closed.
        at(nov26(26, 10)); _ = try await s.resolve(b3, HandlingResult(summary: "已纳入社区助餐名单"), by: staff)
        at(nov26(26, 11)); _ = try await s.recordFeedback(b3, Feedback(channel: .inPerson, message: "已安排助餐"), by: staff)
        at(nov26(27, 9)); _ = try await s.evaluate(b3, Evaluation(rating: .satisfied, solved: true), by: staff)
        at(nov26(27, 9, 30)); _ = try await s.close(b3, by: staff)
        // A9 resolved Fri 10:00 (late: deadline Nov 26 18:00); rated basically satisfied but not solved Sat.
        at(nov26(27, 10)); _ = try await s.resolve(a9, HandlingResult(summary: "已增划停车位"), by: unitUser)
        at(nov26(27, 10, 10)); _ = try await s.recordFeedback(a9, Feedback(channel: .meeting, message: "已增划"), by: staff)
        // A8 resolved again Fri 10:30 (on time against Dec 11 00:00), rated satisfied Sat, verified Mon, closed.
        at(nov26(27, 10, 30)); _ = try await s.resolve(a8, HandlingResult(summary: "已更换合格井盖"), by: unitUser)
        at(nov26(27, 11, 30)); _ = try await s.recordFeedback(a8, Feedback(channel: .sourceSystem, message: "已更换"), by: staff)
        at(nov26(28, 9)); _ = try await s.evaluate(a8, Evaluation(rating: .satisfied, solved: true), by: staff)
        at(nov26(28, 9, 30)); _ = try await s.evaluate(a9, Evaluation(rating: .basicallySatisfied, solved: false), by: staff)

        // ---- Week of Nov 30 ----
        at(nov26(30, 9)); _ = try await s.verify(a8, Verification(passed: true), by: gridPlatform)
        at(nov26(30, 9, 5)); _ = try await s.resolve(b2, HandlingResult(summary: "已修复路面"), by: unitUser)  // late: due Nov 27 00:00
        // B8 (QX02): registered Mon 09:30, accepted 10:00 (due Dec 22 00:00), dispatched to UM; still within its time.
        let b8 = try await submit("B8", at: nov26(30, 9, 30), community: "QX02", title: "垃圾分类桶破损")
        at(nov26(30, 10)); _ = try await s.close(a8, by: staff)
        at(nov26(30, 10, 1)); _ = try await s.accept(b8, by: staff)
        at(nov26(30, 10, 10)); _ = try await s.dispatch(b8, to: "UM", by: staff)
        at(nov26(30, 10, 15)); _ = try await s.recordFeedback(b2, Feedback(channel: .phone, message: "已修复"), by: staff)
        // A5 resolved again Mon 10:30 (on time against Dec 17 00:00), rated basically satisfied and solved Tue, closed.
        at(nov26(30, 10, 30)); _ = try await s.resolve(a5, HandlingResult(summary: "已重新补种耐寒品种"), by: unitUser)
        at(nov26(30, 11)); _ = try await s.recordFeedback(a5, Feedback(channel: .phone, message: "已重新补种"), by: staff)
        at(nov26(30, 12))
        meetingIDs["Mq4"] = try await meetings.schedule(
            plan("QX01", dec26(6, 19), .hall, "社区议事厅", .jointMeeting, convener: "HS01", topics: ["冬季供暖安全"]), by: staff).id
        meetingIDs["Mr3"] = try await meetings.schedule(
            plan("QX02", dec26(9, 15), .hall, "社区议事厅", .jointMeeting, convener: "HS02", topics: ["冬季除雪安排"]), by: staff).id
        at(dec26(1, 9)); _ = try await s.evaluate(a5, Evaluation(rating: .basicallySatisfied, solved: true), by: staff)
        at(dec26(1, 9, 10)); _ = try await s.evaluate(b2, Evaluation(rating: .satisfied, solved: true), by: staff)
        at(dec26(1, 10)); _ = try await s.close(a5, by: staff)
        at(dec26(1, 10, 10)); _ = try await s.close(b2, by: staff)
        // B5 closed unrated Thu 09:00; A13 resolved by HC Thu 10:00 and fed back.
        at(dec26(3, 9)); _ = try await s.closeUnrated(b5, by: staff)
        at(dec26(3, 10)); _ = try await s.resolve(a13, HandlingResult(summary: "已修补外墙"), by: unitUser)
        at(dec26(3, 11)); _ = try await s.recordFeedback(a13, Feedback(channel: .phone, message: "已修补"), by: staff)
        _ = try await linkage.logVisit(under: linkIDs["UM-QX02-C1"]!, at: dec26(3, 14), people: ["CD07"], hours: 2, notes: "志愿宣传垃圾分类")
        // A12 (QX01): registered Fri Dec 4 15:00; response due Tue Dec 8 00:00, still open at asOf.
        _ = try await submit("A12", at: dec26(4, 15), community: "QX01", title: "供暖温度偏低", category: "other")
        // Mq4 held Sunday Dec 6 19:00, the period's last evening: a free topic only.
        at(dec26(6, 21))
        _ = try await meetings.hold(
            meeting("Mq4"),
            MeetingService.Record(
                heldAt: dec26(6, 19), attendees: ["HS01", "RP02"], residentCount: 8,
                items: [.init(number: 1, record: Meeting.ItemRecord(questions: "燃气安全如何检查？", answers: "物业入户检查"), outcome: nil)]),
            by: staff)

        // ---- Y0: QX01, registered Mon Dec 7 09:00, after the period ----
        _ = try await submit("Y0", at: dec26(7, 9), community: "QX01", title: "电梯异响")
    }

    /// A9's resolution: it names the submitter, the address, the phone and the ID number, and another 11-digit
    /// number, so the public notice has something to remove.
    static func a9Decision(_ pd: PersonalData) -> String {
        "采纳\(pd.name!)的建议，在\(pd.address!)楼前增划停车位，联系电话\(pd.phone!)，身份证\(pd.idNumber!)。值班电话15000001111。"
    }
}
