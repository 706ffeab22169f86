import CouncilKit
import CouncilTestKit
import Foundation
import Testing

/// Value types: personal data, search tokens, identifiers, timestamps, the event format, the directory.
@Suite("Domain values")
struct DomainValueTests {
    // MARK: Personal data

    static let person = PersonalData(name: "张三", phone: "13812345678", address: "桥西区新华街3号楼2单元501", idNumber: "130703199001011234")

    @Test("masking")
    func masking() {
        #expect(PersonalData.maskName("张三") == "张**")
        #expect(PersonalData.maskPhone("13812345678") == "138****5678")
        #expect(PersonalData.maskPhone("0313-1234567") == "031****4567")
        #expect(PersonalData.maskPhone("8123456") == "****56")
        #expect(PersonalData.maskIDNumber("130703199001011234") == "1****4")
        #expect(PersonalData.maskAddress("桥西区新华街3号楼2单元501") == "桥西区新华街****")
        #expect(Self.person.masked() == PersonalData(name: "张**", phone: "138****5678", address: "桥西区新华街****", idNumber: "1****4"))
        #expect(PersonalData().masked().isEmpty)
    }

    /// Values of every length up to 30 characters mask to shapes that do not depend on the length: a handful of
    /// shapes per mask, each taken by values of many lengths.
    @Test("a mask says nothing of the length of what it hides", arguments: [
        ("name", PersonalData.maskName), ("phone", PersonalData.maskPhone), ("address", PersonalData.maskAddress),
        ("idNumber", PersonalData.maskIDNumber),
    ] as [(String, @Sendable (String) -> String)])
    func maskLength(_ field: String, _ mask: @Sendable (String) -> String) {
        func shape(_ masked: String) -> String { masked.map { $0 == "*" ? "*" : "x" }.joined() }
        let lengths = (field == "phone" ? 3 : 1)...30  // a phone number has at least three digits
        for length in lengths {
            let masked = mask(String(repeating: "7", count: length))
            #expect(!masked.isEmpty)
            // What stays visible is never a count of the hidden characters: each shape holds exactly four stars
            // (two for a name), and the run of stars never grows with the input.
            #expect(masked.filter { $0 == "*" }.count == (field == "name" ? 2 : 4), "\(field) of \(length) characters: \(masked)")
        }
        let shapes = Set(lengths.map { shape(mask(String(repeating: "7", count: $0))) })
        #expect(shapes.count <= 2, "\(field) masks to \(shapes.sorted())")
    }

    static let raw = ["张三", "13812345678", "3号楼2单元501", "130703199001011234", "12345678"]

    static func leaks(_ text: String) -> [String] { raw.filter { text.contains($0) } }

    @Test("printing personal data never shows the raw values")
    func personalDataPrinting() {
        let p = Self.person
        var dumped = ""
        dump(p, to: &dumped)
        for text in ["\(p)", String(describing: p), String(reflecting: p), p.description, p.debugDescription, dumped,
                     "\([p])", "\(Optional(p) as Any)"] {
            #expect(Self.leaks(text) == [], "\(text)")
        }
        #expect("\(p)".contains("138****5678"))
        #expect("\(p)".contains("张*"))
    }

    @Test("printing a submission or case never shows the submitter's raw data")
    func containersDoNotLeak() async throws {
        var s = CouncilFixtures.walkIn()
        s.submitter = Self.person
        let h = try Harness()
        let c = try await h.service.submit(s, by: staff).case
        let event = try #require(try await h.store.history(of: c.id).first)
        for value in [s as Any, c as Any, event as Any] {
            var dumped = ""
            dump(value, to: &dumped)
            for text in ["\(value)", String(describing: value), String(reflecting: value), dumped] {
                #expect(Self.leaks(text) == [], "\(type(of: value))")
            }
        }
    }

    // MARK: Search text

    @Test("search tokens", arguments: [
        ("小区垃圾", ["小区", "区垃", "垃圾"]),
        ("A栋漏水 WiFi", ["a", "栋漏", "漏水", "wifi"]),
        ("3号楼电梯坏了", ["3", "号楼", "楼电", "电梯", "梯坏", "坏了"]),
        ("停车，噪音！", ["停车", "噪音"]),
        ("垃", ["垃"]),
        ("Room 501B", ["room", "501b"]),
        ("!!! ...", []),
        ("", []),
    ])
    func tokens(_ text: String, _ expected: [String]) {
        #expect(SearchText.tokens(text) == expected)
    }

    @Test("search matching")
    func matching() {
        let text = "小区垃圾清运不及时 A栋漏水 WiFi坏了"
        #expect(SearchText.matches(query: "垃圾", in: text))
        #expect(SearchText.matches(query: "区垃圾", in: text))
        #expect(SearchText.matches(query: "垃", in: text))
        #expect(SearchText.matches(query: "圾清", in: text))
        #expect(SearchText.matches(query: "wifi", in: text))
        #expect(SearchText.matches(query: "WIFI", in: text))
        #expect(SearchText.matches(query: "漏水", in: text))
        #expect(!SearchText.matches(query: "清垃", in: text))
        #expect(!SearchText.matches(query: "垃圾站", in: text))
        #expect(!SearchText.matches(query: "Wi", in: text))
        #expect(!SearchText.matches(query: "停车", in: text))
        #expect(!SearchText.matches(query: "", in: text))
        #expect(!SearchText.matches(query: "，", in: text))
        #expect(SearchText.matches(query: "room 501", in: "Room 501 leaks"))
        #expect(!SearchText.matches(query: "501 room", in: "Room 501 leaks"))
    }

    // MARK: Identifiers and timestamps

    @Test("case numbers parse and print")
    func caseNumbers() throws {
        let n = try #require(CaseNumber("QX07-20261129-0003"))
        #expect(n.prefix == "QX07-20261129")
        #expect(n.serial == 3)
        #expect(n.description == "QX07-20261129-0003")
        #expect(CaseNumber(community: "QX07", date: LocalDate(year: 2026, month: 11, day: 29)!, serial: 3) == n)
        #expect(CaseNumber(prefix: "QX07-20261129", serial: 12_345).description == "QX07-20261129-12345")
        #expect(CaseNumber("QX07-20261129-12345")?.serial == 12_345)
        for bad in ["QX07-20261129-003", "QX07-20261129-0000", "-0001", "QX07", "QX07-20261129-00a1",
                    "QX07-20261129-", "QX07-20261129-١٢٣٤", ""] {
            #expect(CaseNumber(bad) == nil, "\(bad)")
        }
        #expect(String(data: try JSONEncoder().encode(n), encoding: .utf8) == "\"QX07-20261129-0003\"")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CaseNumber.self, from: Data("\"QX07\"".utf8)) }
    }

    @Test("parsers refuse an explicit plus sign where only digits belong")
    func plusSigns() {
        #expect(CaseNumber("QX07-20261129-+123") == nil)
        #expect(LocalDate("2026-+1-05") == nil)
        #expect(TimeLimit("+2h") == nil)
    }

    @Test("case ids parse as lowercase UUIDs")
    func caseIDs() throws {
        let id = try #require(CaseID("E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(id.rawValue == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
        #expect(id.description == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
        #expect(CaseID("e621e1f8-c36c-495a-93fc-0c247a3e6e5f") == id)
        #expect(CaseID("not-a-uuid") == nil)
        #expect(CaseID("") == nil)
        let fresh = CaseID()
        #expect(fresh.rawValue == fresh.rawValue.lowercased())
        #expect(CaseID(fresh.rawValue) == fresh)
        #expect(CaseID() != fresh)
        #expect(try JSONDecoder().decode(CaseID.self, from: try JSONEncoder().encode(id)) == id)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CaseID.self, from: Data("\"x\"".utf8)) }
    }

    @Test("timestamps print as ISO 8601 in UTC", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_796_000_400_000, "2026-11-30T01:00:00.000Z"),
        (1_796_000_400_123, "2026-11-30T01:00:00.123Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-86_400_000, "1969-12-31T00:00:00.000Z"),
    ])
    func timestampText(_ ms: Int64, _ text: String) throws {
        let t = Timestamp(millisecondsSince1970: ms)
        #expect(t.description == text)
        #expect("\(t)" == text)
        #expect(String(data: try JSONEncoder().encode(t), encoding: .utf8) == String(ms))
        #expect(try JSONDecoder().decode(Timestamp.self, from: Data(String(ms).utf8)) == t)
    }

    @Test("timestamps from dates, and arithmetic")
    func timestampArithmetic() {
        #expect(Timestamp(Date(timeIntervalSince1970: 1.9999)).millisecondsSince1970 == 1_999)
        #expect(Timestamp(Date(timeIntervalSince1970: 1_796_000_400)).millisecondsSince1970 == 1_796_000_400_000)
        #expect(Timestamp(millisecondsSince1970: 1_500).date == Date(timeIntervalSince1970: 1.5))
        #expect(Timestamp(millisecondsSince1970: 0).adding(hours: 2) == Timestamp(millisecondsSince1970: 7_200_000))
        #expect(Timestamp(millisecondsSince1970: 0).adding(seconds: -1) == Timestamp(millisecondsSince1970: -1_000))
        #expect(Timestamp(millisecondsSince1970: 1) > Timestamp(millisecondsSince1970: 0))
        let clock = ManualClock(Timestamp(millisecondsSince1970: 0))
        clock.advance(days: 1)
        clock.advance(hours: 1)
        clock.advance(seconds: 1)
        #expect(clock.now() == Timestamp(millisecondsSince1970: 90_001_000))
    }

    // MARK: The event format

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// One change of every kind, with the kind's stored name.
    static func everyChange() throws -> [(kind: String, change: CaseChange)] {
        let intake = try decode(Intake.self, """
            {"submission": {"title": "小区垃圾清运不及时", "description": "三天未清运", "source": "gridPlatform",
                            "category": "environment", "priority": "urgent",
                            "location": {"gridCell": "130703001001", "latitude": 40.81, "longitude": 114.87},
                            "submitter": {"name": "张三", "phone": "13812345678"},
                            "externalReference": {"system": "grid-platform", "reference": "GR-1"},
                            "requestedDue": 1796659200000, "attachments": ["photo://1.jpg"]},
             "community": "QX01", "responseDue": 1796007600000, "requiresVerification": true}
            """)
        #expect(intake.submission.submitter?.phone == "13812345678")
        #expect(intake.submission.location?.gridCell == "130703001001")
        #expect(intake.requiresVerification)
        let acceptance = try decode(Acceptance.self, """
            {"category": "environment", "priority": "normal", "note": "受理", "handlingDue": 1797868800000,
             "handlingLimit": "15wd", "evaluationWindow": "7d", "maxExtension": "10wd", "reworkLimit": 2}
            """)
        #expect(acceptance.handlingLimit == .workingDays(15))
        #expect(acceptance.maxExtension == .workingDays(10))
        let dispatch = try decode(Dispatch.self, #"{"unit": "UM", "due": 1797868800000, "instructions": "三日内清运"}"#)
        #expect(dispatch.unit == "UM")
        let approval = try decode(ExtensionApproval.self,
            #"{"approver": "L01", "messageToSubmitter": "延期五日", "length": 5, "newDue": 1798473600000}"#)
        #expect(approval.length == 5)
        let denial = try decode(ExtensionDenial.self, #"{"approver": "L01", "reason": "不同意"}"#)
        #expect(denial.reason == "不同意")
        let due = Timestamp(millisecondsSince1970: 1_797_868_800_000)

        return [
            ("submitted", .submitted(intake)),
            ("accepted", .accepted(acceptance)),
            ("declined", .declined(reason: "不属于受理范围")),
            ("referred", .referred(Referral(destination: .disciplineInspection, organization: "区纪委监委", reason: "涉及干部作风"))),
            ("dispatched", .dispatched(dispatch)),
            ("handledLocally", .handledLocally(note: "社区即办", due: due)),
            ("returned", .returned(unit: "UM", reason: "非本单位职责")),
            ("merged", .merged(master: CaseID("e621e1f8-c36c-495a-93fc-0c247a3e6e5f")!, masterNumber: CaseNumber("QX01-20261130-0001")!)),
            ("scheduledForDeliberation", .scheduledForDeliberation(meeting: "M-7", note: nil)),
            ("deliberated", .deliberated(DeliberationRecord(
                meeting: "M-7", summary: "问答辩记录",
                outcome: .resolution(MeetingResolution(decision: "加装路灯", responsibleUnit: "POWER", deadline: due, vote: Vote(inFavour: 11, against: 2, abstaining: 1)))))),
            ("progressAdded", .progressAdded(note: "已联系供电公司")),
            ("extensionRequested", .extensionRequested(ExtensionRequest(length: 5, reason: "等待材料"))),
            ("extensionApproved", .extensionApproved(approval)),
            ("extensionDenied", .extensionDenied(denial)),
            ("resolved", .resolved(HandlingResult(summary: "已安装", completionReport: "办结报告"))),
            ("feedbackRecorded", .feedbackRecorded(Feedback(channel: .textMessage, message: "短信告知"), evaluationDue: due)),
            ("evaluated", .evaluated(Evaluation(rating: .basicallySatisfied, solved: true, comment: "还行"))),
            ("reworkStarted", .reworkStarted(reason: "仍不亮", handlingDue: due)),
            ("verified", .verified(Verification(passed: false, note: "现场未修复"), handlingDue: due)),
            ("closed", .closed(note: nil)),
            ("withdrawn", .withdrawn(reason: "已自行解决")),
            ("closedUnrated", .closedUnrated),
            ("deadlineAlert", .deadlineAlert(DeadlineAlert(level: .supervision, clock: .handling, due: due))),
        ]
    }

    @Test("every change kind round-trips through JSON")
    func changeRoundTrip() throws {
        let all = try Self.everyChange()
        #expect(all.count == 23)
        #expect(Set(all.map(\.change.operation)) == Set(CaseOperation.allCases))
        for (kind, change) in all {
            #expect(change.kind == kind)
            let data = try JSONEncoder().encode(change)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["kind"] as? String == kind)
            #expect(try JSONDecoder().decode(CaseChange.self, from: data) == change, "\(kind)")
        }
    }

    @Test("deliberation outcomes and optional fields round-trip")
    func moreRoundTrips() throws {
        let changes: [CaseChange] = [
            .deliberated(DeliberationRecord(meeting: nil, summary: nil, outcome: .deferred(reason: "人数不足"))),
            .deliberated(DeliberationRecord(meeting: "M-8", summary: "分歧较大", outcome: .noConsensus(note: "未达成一致"))),
            .deliberated(DeliberationRecord(meeting: "M-9", summary: nil, outcome: .resolution(MeetingResolution(decision: "社区自办", responsibleUnit: nil, deadline: Timestamp(millisecondsSince1970: 1))))),
            .handledLocally(note: nil, due: Timestamp(millisecondsSince1970: 5)),
            .returned(unit: nil, reason: "退回"),
            .scheduledForDeliberation(meeting: nil, note: "待定"),
            .verified(Verification(passed: true), handlingDue: nil),
            .closed(note: "结案"),
            .withdrawn(reason: nil),
        ]
        for change in changes {
            #expect(try JSONDecoder().decode(CaseChange.self, from: try JSONEncoder().encode(change)) == change)
        }
        #expect(throws: DecodingError.self) { try Self.decode(CaseChange.self, #"{"kind": "teleported"}"#) }
        #expect(throws: DecodingError.self) { try Self.decode(CaseChange.self, #"{"kind": "declined"}"#) }
    }

    @Test("events round-trip and a case replays from them")
    func eventsAndReplay() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .closed)
        let history = try await h.store.history(of: c.id)
        #expect(history.map(\.change.kind) == ["submitted", "accepted", "dispatched", "progressAdded", "resolved", "feedbackRecorded", "evaluated", "closed"])
        let data = try JSONEncoder().encode(history)
        #expect(try JSONDecoder().decode([CaseEvent].self, from: data) == history)
        #expect(try CouncilCase.replaying(history, number: c.number) == c)
    }

    @Test("replaying refuses a history that does not start with a submission or skips a version")
    func replayRejects() throws {
        let all = try Self.everyChange()
        let id = CaseID("e621e1f8-c36c-495a-93fc-0c247a3e6e5f")!
        let number = CaseNumber("QX01-20261130-0001")!
        let t = Timestamp(millisecondsSince1970: 1_796_000_400_000)
        func event(_ version: Int, _ change: CaseChange, case caseID: CaseID = id) -> CaseEvent {
            CaseEvent(sequence: Int64(version), caseID: caseID, caseNumber: number, version: version, occurredAt: t, principal: staff, change: change)
        }
        let submitted = all[0].change
        let histories: [[CaseEvent]] = [
            [],
            [event(1, .declined(reason: "无"))],
            [event(1, .closedUnrated), event(2, submitted)],
            [event(2, submitted)],
            [event(1, submitted), event(3, .declined(reason: "跳过版本"))],
            [event(1, submitted), event(2, .declined(reason: "别的案件"), case: CaseID())],
        ]
        for history in histories {
            let error = #expect(throws: CouncilError.self) { try CouncilCase.replaying(history, number: number) }
            #expect(error?.code == .dataCorrupted, "\(history.map(\.change.kind))")
        }
        let declined = try CouncilCase.replaying([event(1, submitted), event(2, .declined(reason: "不属于受理范围"))], number: number)
        #expect(declined.status == .declined)
        #expect(declined.version == 2)
        #expect(declined.closingNote == "不属于受理范围")
        #expect(declined.community == "QX01")
    }

    // MARK: Directory

    @Test("the demo seed: 44 communities, every grid cell in one of them")
    func demoSeed() throws {
        let seed = try DirectorySeed.qiaoxiDemo()
        let directory = try seed.directory()
        #expect(directory.district == District(code: "130703", name: "桥西区"))
        #expect(directory.communities.count == 44)
        #expect(directory.sortedCommunities.first?.code == "QX01")
        #expect(directory.sortedCommunities.last?.code == "QX44")
        #expect(!directory.gridCells.isEmpty)
        for cell in directory.gridCells.values {
            #expect(directory.community(ofGridCell: cell.code)?.code == cell.community, "\(cell.code)")
        }
        for compound in directory.compounds.values {
            #expect(directory.community(ofCompound: compound.code)?.code == compound.community, "\(compound.code)")
        }
        #expect(directory.community(ofGridCell: "130703001001")?.code == "QX01")
        #expect(directory.community(ofBuilding: "QX03-C2-B1")?.code == "QX03")
        #expect(directory.community(ofGridCell: "nope") == nil)
        let calendar = try #require(seed.calendar)
        #expect(calendar.holidays.isSuperset(of: Set((1...7).map { LocalDate(year: 2026, month: 10, day: $0)! })))
        #expect(calendar.adjustedWorkdays.contains(LocalDate(year: 2026, month: 10, day: 10)!))
    }

    static let qx = District(code: "130703", name: "桥西区")
    static let env = [Category(code: "environment", name: "环境卫生")]

    @Test("a directory refuses duplicate codes and dangling references, naming the field")
    func directoryChecks() {
        let one = Community(code: "QX01", name: "示例社区01")
        let attempts: [(String, () throws -> Directory)] = [
            ("communities.QX01", { try Directory(district: Self.qx, communities: [one, Community(code: "QX01", name: "重复")], categories: Self.env) }),
            ("compounds.C9.community", { try Directory(district: Self.qx, communities: [one], compounds: [Compound(code: "C9", name: "小区", community: "QX99")], categories: Self.env) }),
            ("compounds.C1.propertyCompany", { try Directory(district: Self.qx, communities: [one], compounds: [Compound(code: "C1", name: "小区", community: "QX01", propertyCompany: "PC99")], categories: Self.env) }),
            ("buildings.B1.compound", { try Directory(district: Self.qx, communities: [one], buildings: [Building(code: "B1", name: "1号楼", compound: "C0")], categories: Self.env) }),
            ("gridCells.G1.community", { try Directory(district: Self.qx, communities: [one], gridCells: [GridCell(code: "G1", community: "QX02")], categories: Self.env) }),
            ("gridCells.G1.gridWorker", { try Directory(district: Self.qx, communities: [one], gridCells: [GridCell(code: "G1", community: "QX01", gridWorker: "GW99")], categories: Self.env) }),
            ("people.P1.unit", { try Directory(district: Self.qx, communities: [one], people: [Person(id: "P1", name: "某人", roles: [.cadre], unit: "NOPE")], categories: Self.env) }),
            ("categories.environment", { try Directory(district: Self.qx, communities: [one], categories: Self.env + Self.env) }),
            ("communities", { try Directory(district: Self.qx, communities: [Community(code: "", name: "无代码")], categories: Self.env) }),
        ]
        for (field, make) in attempts {
            let error = #expect(throws: CouncilError.self, "\(field)") { _ = try make() }
            #expect(error?.code == .invalidArgument, "\(field)")
            #expect(error?.field == field)
        }
    }

    @Test("a seed with a duplicate community or a dangling compound fails to build its directory")
    func seedChecks() throws {
        var seed = try DirectorySeed.qiaoxiDemo()
        seed.communities.append(Community(code: "QX07", name: "重复的社区"))
        let duplicate = #expect(throws: CouncilError.self) { _ = try seed.directory() }
        #expect(duplicate?.code == .invalidArgument)
        #expect(duplicate?.field == "communities.QX07")

        seed = try DirectorySeed.qiaoxiDemo()
        seed.compounds.append(Compound(code: "QX50-C1", name: "孤立小区", community: "QX50"))
        let dangling = #expect(throws: CouncilError.self) { _ = try seed.directory() }
        #expect(dangling?.code == .invalidArgument)
        #expect(dangling?.field == "compounds.QX50-C1.community")
    }

    @Test("a minimal seed decodes with the optional lists empty")
    func minimalSeed() throws {
        let seed = try DirectorySeed.decode(Data("""
            {"district": {"code": "130703", "name": "桥西区"}, "communities": [{"code": "QX01", "name": "一"}],
             "categories": [{"code": "environment", "name": "环境卫生"}]}
            """.utf8))
        #expect(seed.compounds.isEmpty && seed.gridCells.isEmpty && seed.people.isEmpty)
        #expect(seed.calendar == nil)
        #expect(try seed.directory().communities.keys.sorted() == ["QX01"])
    }

    struct BadSeed: Sendable, CustomTestStringConvertible {
        let label: String
        let json: String
        /// Input values that must not appear in the error.
        let secrets: [String]
        var testDescription: String { label }
    }

    @Test("malformed seeds are invalid arguments whose messages do not echo input values", arguments: [
        BadSeed(label: "not JSON", json: #"{"district": {"code": "SECRET-7781""#, secrets: ["SECRET-7781"]),
        BadSeed(label: "missing categories",
                json: #"{"district": {"code": "SECRET-7781", "name": "桥西区"}, "communities": []}"#, secrets: ["SECRET-7781"]),
        BadSeed(label: "number where a name belongs",
                json: #"{"district": {"code": "SECRET-7781", "name": 13812345678}, "communities": [], "categories": []}"#,
                secrets: ["SECRET-7781", "13812345678"]),
        BadSeed(label: "unknown role",
                json: #"{"district": {"code": "130703", "name": "桥西区"}, "communities": [], "categories": [], "people": [{"id": "P1", "name": "张三", "roles": ["SECRET-ROLE-13812345678"]}]}"#,
                secrets: ["SECRET-ROLE", "13812345678", "张三"]),
        BadSeed(label: "malformed holiday",
                json: #"{"district": {"code": "130703", "name": "桥西区"}, "communities": [], "categories": [], "calendar": {"holidays": ["SECRET-13812345678"]}}"#,
                secrets: ["SECRET", "13812345678"]),
    ])
    func malformedSeed(_ bad: BadSeed) {
        let error = #expect(throws: CouncilError.self) { _ = try DirectorySeed.decode(Data(bad.json.utf8)) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "seed")
        for secret in bad.secrets {
            #expect(error?.message.contains(secret) == false, "the message echoes \(secret): \(error?.message ?? "")")
            #expect(error?.description.contains(secret) == false)
        }
    }
}
