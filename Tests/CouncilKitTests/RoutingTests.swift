import CouncilKit
import CouncilTestKit
import Foundation
import Testing

@Suite("Routing and message templates")
struct RoutingTests {
    /// A router over the demo directory with the standard routes through `all`.
    static func router(_ routing: NotificationRouting = .standard(channel: "all")) throws -> NotificationRouter {
        NotificationRouter(routing: routing, directory: try CouncilFixtures.directory(), calendar: WorkCalendar())
    }

    /// The notifications of every event of a case's history.
    static func notifications(_ router: NotificationRouter, _ h: Harness, _ id: CaseID) async throws -> [CaseNotification] {
        let state = try #require(try await h.store.fetch(id))
        return try await h.store.history(of: id).flatMap { router.notifications(for: $0, of: state) }
    }

    @Test("a case around the loop reaches the submitter, the unit and nobody else, in Chinese")
    func standardRoutes() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let c = try await h.driver.case(in: .closed)
        let all = try await Self.notifications(try Self.router(), h, c.id)
        let routes = all.map { "\($0.topic)→\($0.recipient.key)" }
        #expect(routes == [
            "submitted→submitter:\(c.id)", "accepted→submitter:\(c.id)", "dispatched→unit:UM",
            "feedbackRecorded→submitter:\(c.id)", "closed→submitter:\(c.id)",
        ])
        let dispatched = try #require(all.first { $0.topic == "dispatched" })
        #expect(dispatched.template == "dispatched.unit")
        #expect(dispatched.message.hasPrefix("桥西区城市管理综合行政执法局：示例社区01议事厅交办案件\(c.number)“小区垃圾清运不及时”，请于"))
        #expect(dispatched.message.hasSuffix("前办结并反馈。"))
        let welcome = try #require(all.first)
        #expect(welcome.message.hasPrefix("张三您好，您反映的“小区垃圾清运不及时”已登记，案件编号\(c.number)"))
        #expect(welcome.logSafeMessage.hasPrefix("居民您好，"))
        #expect(welcome.recipient.phone == "13812345678")
        #expect(welcome.id == "all.1.submitter.\(c.id)")
    }

    @Test("the submitters of merged duplicates follow the master's outcome, each by name, none seeing the other's data")
    func duplicatesFollowTheMaster() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let staff = CouncilFixtures.staff
        var duplicate = CouncilFixtures.walkIn("垃圾站又满了")
        duplicate.submitter = PersonalData(name: "王五", phone: "13600002222")
        let master = try await h.service.submit(CouncilFixtures.walkIn(), by: staff).case
        let copy = try await h.service.submit(duplicate, by: staff).case
        _ = try await h.service.merge(copy.id, into: master.id, by: staff)
        var anonymous = CouncilFixtures.walkIn("匿名反映垃圾站")
        anonymous.submitter = nil  // no phone: nobody to tell
        let silent = try await h.service.submit(anonymous, by: staff).case
        _ = try await h.service.merge(silent.id, into: master.id, by: staff)
        _ = try await h.service.accept(master.id, by: staff)
        _ = try await h.service.dispatch(master.id, to: "UM", by: staff)
        _ = try await h.service.resolve(master.id, HandlingResult(summary: "已清运"), by: staff)
        _ = try await h.service.recordFeedback(master.id, Feedback(channel: .phone, message: "已告知"), by: staff)

        let state = try #require(try await h.store.fetch(master.id))
        let duplicates = try await h.store.find(CaseQuery(master: master.id)).cases
        let feedback = try #require(try await h.store.history(of: master.id).last)
        let sent = try Self.router().notifications(for: feedback, of: state, duplicates: duplicates)
        #expect(duplicates.count == 2)
        #expect(sent.map(\.recipient.key) == ["submitter:\(master.id)", "submitter:\(copy.id)"])
        let toDuplicate = try #require(sent.first { $0.recipient.id == copy.id.rawValue })
        #expect(toDuplicate.recipient.phone == "13600002222")
        #expect(toDuplicate.message.hasPrefix("王五"), "the duplicate's submitter is greeted by their own name")
        #expect(!toDuplicate.message.contains("张三") && !toDuplicate.message.contains("13812345678"))
        #expect(try Self.router().notifications(for: feedback, of: state).count == 1, "without the duplicates, only the master's submitter")
    }

    @Test("the system that sent a case merged into another hears of it, with the case to follow")
    func sourceSystemHearsOfMerging() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let master = try await h.service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case
        let reported = try await h.service.submit(CouncilFixtures.gridReport("WG-2026-0042"), by: CouncilFixtures.gridPlatform).case
        _ = try await h.service.merge(reported.id, into: master.id, by: CouncilFixtures.staff)
        let sent = try await Self.notifications(try Self.router(), h, reported.id).filter { $0.topic == "merged" }
        #expect(sent.map(\.recipient.key) == ["system:grid-platform"])
        let notice = try #require(sent.first)
        #expect(notice.message == "案件\(reported.number)“井盖缺失”与已登记的同类问题合并办理，办理进展请查看合并后的案件。")
        guard case .merged(let into, _) = notice.event.change else {
            Issue.record("expected the merge event, got \(notice.event.change)")
            return
        }
        #expect(into == master.id, "the event names the case to follow")
    }

    @Test("personal data reaches the submitter only: not other recipients' messages, events or logs")
    func personalData() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let c = try await h.driver.case(in: .dispatched)
        let routing = NotificationRouting(
            rules: [.init(topics: ["submitted"], recipients: [.submitter, .unit("UM"), .person("L01")], channel: "all", template: "probe")],
            templates: ["probe": "{submitterName}反映：{title}"])
        let all = try await Self.notifications(try Self.router(routing), h, c.id)
        #expect(all.count == 3)
        for n in all {
            guard case .submitted(let intake) = n.event.change else { Issue.record("expected the submission"); continue }
            if n.recipient.kind == .submitter {
                #expect(n.message == "张三反映：小区垃圾清运不及时")
                #expect(intake.submission.submitter?.name == "张三")
            } else {
                #expect(n.message == "居民反映：小区垃圾清运不及时")
                #expect(intake.submission.submitter == nil, "the event is stripped of personal data")
            }
            #expect(n.logSafeMessage == "居民反映：小区垃圾清运不及时")
            #expect(!"\(n)".contains("张三") && !"\(n)".contains("13812345678"))
        }
    }

    @Test("a submitter without a phone number gets no text; events without a route give nothing")
    func noAddressNoNotification() async throws {
        let h = try Harness()
        var submission = CouncilFixtures.walkIn()
        submission.submitter = PersonalData(name: "李四")
        let c = try await h.service.submit(submission, by: staff).case
        _ = try await h.service.addProgress(try await h.service.dispatch(
            try await h.service.accept(c.id, by: staff).id, to: "UM", by: staff).id, note: "进展", by: unitUser)
        let all = try await Self.notifications(try Self.router(), h, c.id)
        #expect(all.map(\.topic) == ["dispatched"])
    }

    @Test("supervision alerts reach the leader linked in configuration, else one found in the directory")
    func linkedLeader() async throws {
        let h = try Harness(calendar: WorkCalendar())
        let c = try await h.driver.case(in: .dispatched)
        h.clock.set(try #require(c.handlingDue).adding(hours: 49))
        let alert = try #require(try await h.service.raiseDeadlineAlert(c.id, by: Principal(system: "deadline-monitor")))
        #expect(alert.level == .supervision)
        let event = try #require(try await h.store.history(of: c.id).last)
        let state = try #require(try await h.store.fetch(c.id))

        var routing = NotificationRouting.standard(channel: "all")
        routing.linkedLeaders = ["QX01": "L03"]
        let linked = try Self.router(routing).notifications(for: event, of: state)
        #expect(linked.map(\.recipient.key) == ["unit:UM", "leader:L03"])
        let leader = try #require(linked.last)
        #expect(leader.template == "deadlineAlert.supervision.leader")
        #expect(leader.message.hasPrefix("区级领导03：示例社区01案件\(c.number)“小区垃圾清运不及时”超期未办结（期限"))
        #expect(leader.message.hasSuffix("责任单位桥西区城市管理综合行政执法局），请予督办。"))

        // The demo directory links no leader to a community, so without configuration nobody is found.
        #expect(try Self.router().notifications(for: event, of: state).map(\.recipient.key) == ["unit:UM"])
        let seed = try DirectorySeed.qiaoxiDemo()
        var people = seed.people
        people.append(Person(id: "L99", name: "区级领导99", roles: [.leader], community: "QX01"))
        let directory = try Directory(
            district: seed.district, communities: seed.communities, compounds: seed.compounds, buildings: seed.buildings,
            households: seed.households, gridCells: seed.gridCells, units: seed.units, people: people, categories: seed.categories)
        let found = NotificationRouter(routing: .standard(channel: "all"), directory: directory).notifications(for: event, of: state)
        #expect(found.map(\.recipient.key) == ["unit:UM", "leader:L99"])
    }

    @Test("the sending system hears of the result with its completion report")
    func sourceSystem() async throws {
        let h = try Harness()
        var c = try await h.service.submit(petition("XF-2026-001"), by: petitionOffice).case
        c = try await h.service.accept(c.id, by: staff)
        c = try await h.service.dispatch(c.id, to: "HC", by: staff)
        c = try await h.service.resolve(c.id, HandlingResult(summary: "已更换漏水管道", completionReport: "经现场查看，已于12月3日更换。"), by: unitUser)
        let all = try await Self.notifications(try Self.router(), h, c.id)
        let resolved = try #require(all.first { $0.topic == "resolved" })
        #expect(resolved.recipient.key == "system:petition-office")
        #expect(resolved.message == "案件\(c.number)“小区供水管道漏水”已办结：已更换漏水管道。办结报告：经现场查看，已于12月3日更换。")
        #expect(all.filter { $0.recipient.kind == .system }.map(\.topic) == ["accepted", "resolved"])
    }

    @Test("rules filter by topic, source, community and category")
    func filters() async throws {
        let h = try Harness()
        let c = try await h.driver.case(in: .accepted)
        let event = try #require(try await h.store.history(of: c.id).last)
        let state = try #require(try await h.store.fetch(c.id))
        func matches(_ rule: NotificationRouting.Rule) -> Bool { rule.matches(event, of: state) }
        let base = NotificationRouting.Rule(recipients: [.submitter], channel: "all")
        #expect(matches(base))
        #expect(matches(.init(topics: ["accepted"], recipients: [.submitter], channel: "all")))
        #expect(!matches(.init(topics: ["declined"], recipients: [.submitter], channel: "all")))
        #expect(matches(.init(sources: [.walkIn], recipients: [.submitter], channel: "all")))
        #expect(!matches(.init(sources: [.hotline], recipients: [.submitter], channel: "all")))
        #expect(matches(.init(communities: ["QX01"], recipients: [.submitter], channel: "all")))
        #expect(!matches(.init(communities: ["QX02"], recipients: [.submitter], channel: "all")))
        #expect(matches(.init(categories: ["environment"], recipients: [.submitter], channel: "all")))
        #expect(!matches(.init(categories: ["parking"], recipients: [.submitter], channel: "all")))
    }

    @Test("routing configuration reads from JSON and is checked against notifiers and directory")
    func configuration() throws {
        let json = """
            {"rules": [
               {"name": "居民", "topics": ["submitted", "feedbackRecorded"], "recipients": ["submitter"], "channel": "sms"},
               {"topics": ["deadlineAlert"], "communities": ["QX01"], "recipients": ["responsibleUnit", "unit:UM", "person:L01", "system:grid-platform", "linkedLeader"], "channel": "webhook"}],
             "linkedLeaders": {"QX01": "L01"},
             "templates": {"dispatched.unit": "{unit}：请于{due}前办结{caseNumber}。"}}
            """
        let routing = try JSONDecoder().decode(NotificationRouting.self, from: Data(json.utf8))
        #expect(routing.rules.count == 2)
        #expect(routing.rules[1].recipients == [.responsibleUnit, .unit("UM"), .person("L01"), .system("grid-platform"), .linkedLeader])
        #expect(routing.rules[0].sources.isEmpty)
        let directory = try CouncilFixtures.directory()
        try routing.validate(channels: ["sms", "webhook"], directory: directory)
        let again = try JSONDecoder().decode(NotificationRouting.self, from: try JSONEncoder().encode(routing))
        #expect(again == routing)

        func refusal(_ routing: NotificationRouting, channels: Set<String> = ["sms", "webhook"]) -> String? {
            do { try routing.validate(channels: channels, directory: directory) } catch let error as CouncilError {
                return error.field
            } catch { return "unexpected" }
            return nil
        }
        #expect(refusal(routing, channels: ["sms"]) == "routing.rules[1].channel")
        var bad = routing
        bad.templates["x"] = "{phone}"
        #expect(refusal(bad) == "routing.templates.x")
        bad = routing
        bad.linkedLeaders["QX01"] = "nobody"
        #expect(refusal(bad) == "routing.linkedLeaders.QX01")
        bad = routing
        bad.rules[1].recipients = [.unit("NOPE")]
        #expect(refusal(bad) == "routing.rules[1].recipients")
        bad = routing
        bad.rules[0].template = "missing"
        #expect(refusal(bad) == "routing.rules[0].template")
        // The old name of supervision (督办) would match nothing: refused, not ignored.
        bad = routing
        bad.rules[0].topics = ["deadlineAlert.escalation"]
        #expect(refusal(bad) == "routing.rules[0].topics")
        bad = routing
        bad.templates["deadlineAlert.escalation.leader"] = "{recipient}：请予督办。"
        #expect(refusal(bad) == "routing.templates.deadlineAlert.escalation.leader")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(NotificationRouting.self, from: Data(#"{"rules": [{"recipients": ["mayor"], "channel": "sms"}]}"#.utf8))
        }
    }

    @Test("templates render known placeholders, leave unknown text alone and mark missing values")
    func rendering() throws {
        #expect(MessageTemplates.render("案件{caseNumber}：{unit}", ["caseNumber": "QX01-20261130-0001"]) == "案件QX01-20261130-0001：—")
        #expect(MessageTemplates.render("{不是占位符}{title", ["title": "x"]) == "{不是占位符}{title")
        #expect(throws: CouncilError.self) { try MessageTemplates.check("{title", field: "t") }
        for (key, text) in MessageTemplates.standard.templates {
            try MessageTemplates.check(text, field: key)
        }
        let templates = MessageTemplates.standard
        #expect(templates.template(topic: "dispatched", kind: .unit)?.key == "dispatched.unit")
        #expect(templates.template(topic: "deadlineAlert.overdue", kind: .unit)?.key == "deadlineAlert.overdue")
        #expect(templates.template(topic: "progressAdded", kind: .submitter)?.key == "default.submitter")
        #expect(templates.template(topic: "progressAdded", kind: .leader)?.key == "default")
        let router = try Self.router()
        #expect(router.localTime(Local.at(2026, 12, 22)) == "2026年12月21日24:00")
        #expect(router.localTime(Local.at(2026, 12, 1, hour: 9, minute: 5)) == "2026年12月1日 09:05")
    }
}
