import CouncilKit
import CouncilTestKit
import Testing

/// The public notice (公示) of a held meeting, and the redactor behind it.
@Suite("Council public notice")
struct CouncilNoticeTests {
    /// The longest run of ASCII digits in `text`.
    static func longestDigitRun(_ text: String) -> Int {
        var longest = 0, current = 0
        for c in text {
            if c.isASCII && c.isNumber { current += 1; longest = max(longest, current) } else { current = 0 }
        }
        return longest
    }

    static func expectNoPersonalData(_ text: String, _ people: [PersonalData], sourceLocation: SourceLocation = #_sourceLocation) {
        for pd in people {
            for value in [pd.name, pd.phone, pd.address, pd.idNumber].compactMap({ $0 }) {
                #expect(!text.contains(value), "\(value) leaked", sourceLocation: sourceLocation)
            }
        }
        #expect(longestDigitRun(text) < 7, "a phone or ID-like number leaked", sourceLocation: sourceLocation)
    }

    @Test("the fixture's notices: exact text, every submitter's data and every long number removed")
    func fixtureNotices() async throws {
        let s = try await CouncilScenario.build()
        let mq2 = try await s.meetings.publicNotice(s.meeting("Mq2"))
        // A9's decision named its submitter, address, phone and ID number, and a duty phone; attendees are counted
        // (3 directory people + 15 residents), not named; the deadline Nov 26 18:00 is shown as that day.
        #expect(mq2 == """
            议事结果公示

            示例社区01居民议事厅于2026年11月19日在议事厅（社区议事厅）召开联席会，参会18人。现将议事结果公示如下：

            一、3号楼前停车位被长期占用
                决议：采纳***的建议，在***楼前增划停车位，联系电话***，身份证***。值班电话***。
                责任单位：桥西区住房和城乡建设局
                完成时限：2026年11月26日
                表决：同意9票，反对1票，弃权0票
            二、小区增设电动车充电桩
                结果：未形成一致意见，由社区另行研究处置。

            公示期内如有异议，请向示例社区01居民议事厅反映。

            示例社区01居民议事厅
            2026年11月19日
            """)

        let mq1 = try await s.meetings.publicNotice(s.meeting("Mq1"))
        #expect(mq1.contains("示例社区01居民议事厅于2026年11月12日在议事厅（社区议事厅）召开联席会，参会11人。"))
        #expect(mq1.contains("一、小区增设电动车充电桩\n    结果：暂缓议决，下次会议继续协商。理由：需进一步征求意见，联系人***（***）"))

        let mr1 = try await s.meetings.publicNotice(s.meeting("Mr1"))
        #expect(mr1.contains("示例社区02居民议事厅于2026年11月18日在议事廊（2号楼议事廊）召开恳谈会，参会8人。"))
        #expect(mr1.contains("一、单元门禁系统故障\n    决议：由物业公司更换单元门禁主板\n    责任单位：示例物业服务有限公司一\n    完成时限：2026年11月25日\n\n"))
        #expect(!mr1.contains("表决"))  // no vote was taken

        let mq4 = try await s.meetings.publicNotice(s.meeting("Mq4"))
        #expect(mq4.contains("于2026年12月6日在议事厅（社区议事厅）召开联席会，参会10人。"))
        #expect(mq4.contains("一、冬季供暖安全\n    结果：已听取意见，未作决议。"))

        for notice in [mq1, mq2, mr1, mq4] {
            Self.expectNoPersonalData(notice, s.allPersonalData)
            for person in ["HS01", "RP01", "RP02", "L01", "议事厅工作人员01", "居民代表01", "区级领导01"] {
                #expect(!notice.contains(person))
            }
        }

        // Only held meetings are made public.
        for unheld in [s.meeting("Mr3"), s.meeting("Mq3")] {
            let error = await #expect(throws: CouncilError.self) { try await s.meetings.publicNotice(unheld) }
            #expect(error?.code == .failedPrecondition)
        }
        let missing = await #expect(throws: CouncilError.self) { try await s.meetings.publicNotice("QX01-20261203-nothere") }
        #expect(missing?.code == .notFound)
    }

    @Test("personal data inside titles, decisions and reasons is removed; the rest of the notice stays")
    func dataInTitles() async throws {
        let b = try MeetingBench()
        let wang = PersonalData(name: "王德胜", phone: "13800001111", address: "示例社区01第1小区2号楼3单元401", idNumber: "13070319791212003X")
        let li = PersonalData(name: "李淑芬", phone: "15912345678", address: "示例社区01第2小区1号楼1单元101")
        let c1 = try await b.accepted("王德胜（13800001111）家门前井盖松动", submitter: wang)
        let c2 = try await b.accepted("示例社区01第2小区1号楼1单元101楼上漏水", submitter: li)
        let m = try await b.meetings.schedule(
            MeetingService.Plan(
                community: "QX01", scheduledAt: dec26(2, 15), placeKind: .pavilion, placeName: "王德胜家楼下议事亭", format: .coordinationMeeting,
                convener: "HS01", cases: [c1.id, c2.id], topics: ["请李淑芬下次列席"]),
            by: staff)
        let pending = await #expect(throws: CouncilError.self) { try await b.meetings.publicNotice(m.id) }
        #expect(pending?.code == .failedPrecondition)

        b.h.clock.set(dec26(2, 16))
        _ = try await b.meetings.hold(
            m.id,
            MeetingService.Record(
                heldAt: dec26(2, 15), attendees: ["HS01", "RP01", "GW01"], residentCount: 4,
                items: [
                    .init(number: 1, record: Meeting.ItemRecord(questions: "王德胜问何时修"),
                          outcome: .resolution(MeetingResolution(
                              decision: "由城管局于12月9日前修复3处井盖，王德胜（身份证13070319791212003X，住示例社区01第1小区2号楼3单元401）监督，联系13800001111",
                              responsibleUnit: "UM", deadline: dec26(9, 18), vote: Vote(inFavour: 11, against: 0, abstaining: 2)))),
                    .init(number: 2, record: Meeting.ItemRecord(), outcome: .deferred(reason: "待李淑芬（15912345678）补充照片")),
                    .init(number: 3, record: Meeting.ItemRecord(), outcome: nil),
                ]),
            by: staff)
        let notice = try await b.meetings.publicNotice(m.id)
        #expect(notice.hasPrefix("议事结果公示\n\n示例社区01居民议事厅于2026年12月2日在议事亭（***家楼下议事亭）召开协调会，参会7人。"))
        #expect(notice.contains("一、***（***）家门前井盖松动\n"))
        #expect(notice.contains("    决议：由城管局于12月9日前修复3处井盖，***（身份证***，住***）监督，联系***\n"))
        #expect(notice.contains("    责任单位：桥西区城市管理综合行政执法局\n"))
        #expect(notice.contains("    完成时限：2026年12月9日\n"))
        #expect(notice.contains("    表决：同意11票，反对0票，弃权2票\n"))
        #expect(notice.contains("二、***楼上漏水\n    结果：暂缓议决，下次会议继续协商。理由：待***（***）补充照片\n"))
        #expect(notice.contains("三、请***下次列席\n    结果：已听取意见，未作决议。\n"))
        #expect(notice.hasSuffix("示例社区01居民议事厅\n2026年12月2日"))
        Self.expectNoPersonalData(notice, [wang, li])
        #expect(!notice.contains("网格员01"))
    }

    @Test("a phone written with spaces or dashes is removed from the notice too")
    func separatedPhone() async throws {
        let b = try MeetingBench()
        let pd = PersonalData(name: "赵春生", phone: "13812345678")
        let c = try await b.accepted("请回电138 1234 5678，楼道漏水", submitter: pd)
        let m = try await b.meetings.schedule(b.plan(cases: [c.id]), by: staff)
        b.h.clock.set(dec26(3, 16))
        _ = try await b.meetings.hold(
            m.id,
            b.record([.init(number: 1, record: Meeting.ItemRecord(), outcome: .resolution(MeetingResolution(
                decision: "物业维修，联系138-1234-5678", responsibleUnit: "PC03", deadline: dec26(10, 18))))]),
            by: staff)
        let notice = try await b.meetings.publicNotice(m.id)
        #expect(!notice.contains("赵春生"))
        #expect(!notice.contains("138 1234 5678"))
        #expect(!notice.contains("138-1234-5678"))
    }

    @Test("the redactor replaces known values and digit runs of seven or more, and keeps short numbers")
    func redactor() {
        let zhang = PersonalData(name: "张三", phone: "13812345678", address: "示例社区01第1小区3号楼2单元501", idNumber: "130703199001011234")
        let r = Redactor([zhang])
        #expect(r.redact("张三住示例社区01第1小区3号楼2单元501，电话13812345678，身份证130703199001011234。")
            == "***住***，电话***，身份证***。")
        // Digit runs: 7 and more go, 6 and fewer stay; an ID number's final X goes with it.
        #expect(Redactor([]).redact("工号1234567，房号502，邮编075000，证件13070319900101123X号，另13070319900101123x")
            == "工号***，房号502，邮编075000，证件***号，另***")
        #expect(Redactor([]).redact("编号1234567A") == "编号***A")
        #expect(Redactor([]).redact("共12户、3栋，2026年12月2日") == "共12户、3栋，2026年12月2日")
        #expect(Redactor([]).redact("13812345678") == "***")
        // Longer values first: the address containing the name is removed whole.
        #expect(Redactor([PersonalData(name: "张三", address: "张三庄村5号")]).redact("张三庄村5号的张三") == "***的***")
        // Blank values are not "known".
        #expect(Redactor([PersonalData(name: " ")]).redact("a b c") == "a b c")
        // Several people.
        #expect(Redactor([zhang, PersonalData(name: "李四")]).redact("李四和张三") == "***和***")
        #expect(r.redact("") == "")
    }
}
