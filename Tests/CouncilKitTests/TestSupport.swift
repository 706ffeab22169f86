import CouncilKit
import CouncilTestKit

/// Instants in Zhangjiakou local time (UTC+8), built from literal dates.
enum Local {
    /// A calendar used only to turn literal local dates into instants: UTC+8, weekends only.
    static let zone = WorkCalendar()

    /// Local midnight at the start of the given day, plus `hour`:`minute`.
    static func at(_ year: Int, _ month: Int, _ day: Int, hour: Int = 0, minute: Int = 0) -> Timestamp {
        zone.startOfDay(LocalDate(year: year, month: month, day: day)!)
            .adding(seconds: Int64(hour) * 3600 + Int64(minute) * 60)
    }

    /// Monday 2026-11-30 09:00 local time.
    static let mondayNine = at(2026, 11, 30, hour: 9)
}

/// A fresh in-memory store, a manual clock and a service over the demo directory.
struct Harness {
    let store: InMemoryCaseStore
    let clock: ManualClock
    let service: CaseService

    /// - Parameters:
    ///   - start: Where the clock starts; Monday 2026-11-30 09:00 local time by default.
    ///   - calendar: The work calendar; the demo seed's 2026 calendar when `nil`.
    ///   - policy: The time-limit policy.
    init(start: Timestamp = Local.mondayNine, calendar: WorkCalendar? = nil, policy: TimeLimitPolicy = .standard) throws {
        let seed = try DirectorySeed.qiaoxiDemo()
        store = InMemoryCaseStore()
        clock = ManualClock(start)
        service = CaseService(
            store: store, directory: try seed.directory(),
            configuration: CaseService.Configuration(policy: policy, calendar: calendar ?? seed.calendar!),
            clock: clock)
    }

    var driver: LoopDriver { LoopDriver(service: service, clock: clock) }

    /// The case's stored version and number of events.
    func footprint(_ id: CaseID) async throws -> (version: Int, events: Int) {
        let stored = try await store.fetch(id)
        return (stored?.version ?? -1, try await store.history(of: id).count)
    }
}

let staff = CouncilFixtures.staff
let unitUser = CouncilFixtures.unitUser
let gridPlatform = CouncilFixtures.gridPlatform
let petitionOffice = CouncilFixtures.petitionOffice

/// A petition transferred by the petition office for community QX01.
func petition(_ reference: String, requestedDue: Timestamp? = nil) -> Submission {
    Submission(
        title: "小区供水管道漏水", description: "信访人反映小区供水管道长期漏水无人维修。", source: .petitionOffice,
        community: "QX01", category: "environment",
        submitter: PersonalData(name: "王五", phone: "13700001234"),
        externalReference: ExternalReference(system: "petition-office", reference: reference),
        requestedDue: requestedDue)
}
