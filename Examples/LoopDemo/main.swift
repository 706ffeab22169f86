// Takes one case around the five-step loop on the embedded SQLite store and prints each step.
//
//     swift run council-loop-demo [--database PATH]
//
// Without --database the store lives in a new temporary file.

import CouncilKit
import CouncilSQLite
import Foundation

@main
struct LoopDemo {
    static func main() async {
        do {
            try await run()
        } catch {
            FileHandle.standardError.write(Data("council-loop-demo: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run() async throws {
        let arguments = CommandLine.arguments
        let path: String
        if let flag = arguments.firstIndex(of: "--database"), flag + 1 < arguments.count {
            path = arguments[flag + 1]
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("council-demo-\(UUID().uuidString).sqlite").path
        }

        let seed = try DirectorySeed.qiaoxiDemo()
        let directory = try seed.directory()
        let store = try SQLiteCaseStore(path: path)
        let calendar = seed.calendar ?? WorkCalendar()
        let service = CaseService(
            store: store, directory: directory, configuration: .init(policy: .standard, calendar: calendar))
        let staff = Principal(system: "hall-staff", user: "HS01")
        let unit = Principal(system: "unit-portal", user: "UM")

        print("Council Hall — \(directory.district.name), \(directory.communities.count) communities; store: \(path)\n")

        func show(_ step: String, _ c: CouncilCase) {
            let due = c.currentDue.map { " · due \(local($0, calendar))" } ?? ""
            print("\(step.padding(toLength: 22, withPad: " ", startingAt: 0)) \(c.number)  \(c.status.rawValue) (step \(c.step.rawValue))\(due)")
        }

        var c = try await service.submit(
            Submission(
                title: "小区垃圾清运不及时", description: "3号楼东侧垃圾站三天没有清运，气味很大。", source: .walkIn,
                community: "QX01", category: "environment",
                location: CaseLocation(compound: "QX01-C1", building: "QX01-C1-B3", description: "3号楼东侧垃圾站"),
                submitter: PersonalData(name: "张三", phone: "13812345678")),
            by: staff
        ).case
        show("1 collect", c)
        c = try await service.accept(c.id, note: "属环境卫生问题，予以受理", by: staff)
        show("2 accept", c)
        c = try await service.scheduleDeliberation(c.id, meeting: "QX01-M-48", note: "涉及物业与城管，上会协商", by: staff)
        show("2 schedule meeting", c)
        c = try await service.recordDeliberationOutcome(
            c.id,
            DeliberationRecord(
                meeting: "QX01-M-48", summary: "居民代表提问，物业与城管局答复，议定增加清运频次",
                outcome: .resolution(
                    MeetingResolution(
                        decision: "城管局每日清运一次，物业负责垃圾站周边保洁", responsibleUnit: "UM",
                        deadline: service.clock.now().adding(hours: 72), vote: Vote(inFavour: 11, against: 0, abstaining: 1)))),
            by: staff)
        show("3 deliberate", c)
        c = try await service.addProgress(c.id, note: "已安排清运车辆，每日上午清运", by: unit)
        show("4 progress", c)
        c = try await service.resolve(c.id, HandlingResult(summary: "垃圾站已清空并改为每日清运"), by: unit)
        show("4 resolve", c)
        c = try await service.recordFeedback(c.id, Feedback(channel: .phone, message: "已电话告知居民处理结果"), by: staff)
        show("4 feed back", c)
        c = try await service.evaluate(c.id, Evaluation(rating: .dissatisfied, solved: false, comment: "周末仍未清运"), by: staff)
        show("5 evaluate", c)
        c = try await service.rework(c.id, reason: "居民反映周末未清运", by: staff)
        show("5 rework", c)
        c = try await service.resolve(c.id, HandlingResult(summary: "周末增加一班清运"), by: unit)
        show("4 resolve again", c)
        c = try await service.recordFeedback(c.id, Feedback(channel: .inPerson, message: "网格员上门告知"), by: staff)
        show("4 feed back", c)
        c = try await service.evaluate(c.id, Evaluation(rating: .satisfied, solved: true), by: staff)
        show("5 evaluate", c)
        c = try await service.close(c.id, note: "居民满意，结案", by: staff)
        show("5 close", c)

        print("\nHistory of \(c.number) (submitter shown masked: \(c.submission.submitter?.description ?? "none")):")
        for event in try await service.history(of: c.id) {
            print("  #\(event.sequence) v\(event.version) \(local(event.occurredAt, calendar)) \(event.principal) \(event.change.kind)")
        }
        let open = try await service.find(CaseQuery(community: "QX01", statuses: [.closed]))
        print("\nClosed cases in QX01: \(open.cases.count); satisfied: \(c.evaluation?.rating == .satisfied); reworks: \(c.reworkCount)")

        // The notifications the standard routes send for this case, delivered by the durable courier to a
        // notifier that prints them (log-safe text: the submitter's name reads 居民).
        print("\nNotifications:")
        let courier = try NotificationCourier(
            store: store, router: NotificationRouter(routing: .standard(channel: "print"), directory: directory, calendar: calendar),
            notifiers: ["print": PrintNotifier()])
        let delivering = Task { try await courier.run() }
        await courier.waitUntilHandled(through: try await store.latestSequence())
        delivering.cancel()
        try await delivering.value
        try await store.close()
    }

    /// Prints each notification's recipient and log-safe message.
    struct PrintNotifier: Notifier {
        func deliver(_ notification: CaseNotification) async throws {
            print("  #\(notification.event.sequence) \(notification.topic) → \(notification.recipient.key): \(notification.logSafeMessage)")
        }
    }

    /// `2026-11-30 09:00` in the calendar's local time; a due time at midnight reads as `24:00` of the day before.
    static func local(_ t: Timestamp, _ calendar: WorkCalendar) -> String {
        let day = calendar.localDate(of: t)
        let minutes = Int((t.millisecondsSince1970 - calendar.startOfDay(day).millisecondsSince1970) / 60_000)
        if minutes == 0 { return "\(day.adding(days: -1)) 24:00" }
        return "\(day) " + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
