import CouncilKit
import CouncilSQLite
import Foundation
import GRDB

/// The large store find-cases, text search and memory are measured on: two years of a district's cases, written
/// through ``CaseService`` and ``SQLiteCaseStore`` — the daemon's own code path — by many concurrent writers, so
/// group commit puts hundreds of them in each transaction.
///
/// Every case is submitted at its time on the two-year timeline and handled an hour later: the newest 1% are
/// accepted and still open (their handling clocks run for weeks, so no deadline alert is due); the others ended
/// declined (40%), referred (25%) or withdrawn (35%). The notification cursor of councild's `log` channel is set
/// to the end, as a deployment that imports its history would, or the daemon would start by notifying every case.
enum Dataset {
    enum Time {
        @TaskLocal static var now: Timestamp?
    }

    /// The clock the loader's service reads: each writer sets the time of the step it takes.
    struct ScriptedClock: CouncilClock {
        func now() -> Timestamp { Time.now ?? SystemClock().now() }
    }

    static func service(store: any CaseStore, clock: any CouncilClock = SystemClock()) throws -> CaseService {
        let seed = try DirectorySeed.qiaoxiDemo()
        return CaseService(
            store: store, directory: try seed.directory(),
            configuration: CaseService.Configuration(policy: .standard, calendar: seed.calendar ?? WorkCalendar()), clock: clock)
    }

    /// Writes `cases` cases into a new store at `path` (replacing it); returns how long it took. `progress` is told
    /// the count after every case, from many tasks at once.
    static func load(cases: Int, path: String, writers: Int = 256, progress: @escaping @Sendable (Int) -> Void) async throws -> Duration {
        let temporary = path + ".loading"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        let clock = ContinuousClock()
        let started = clock.now
        let store = try SQLiteCaseStore(path: temporary)
        let service = try service(store: store, clock: ScriptedClock())
        let end = SystemClock().now().adding(hours: -1).millisecondsSince1970
        let span: Int64 = 730 * 24 * 3_600_000
        let step = max(1, span / Int64(cases))
        let open = max(1, cases / 100)
        let staff = Principal(system: "hall-staff", user: "HS01")
        let done = Counter()

        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for i in stride(from: writer, to: cases, by: writers) {
                        let at = Timestamp(millisecondsSince1970: end - Int64(cases - i) * step)
                        let submission = Corpus.submission(i)
                        let submitter: Principal = switch submission.source {
                        case .petitionOffice: Principal(system: "petition-office")
                        case .gridPlatform: Principal(system: "grid-platform")
                        default: staff
                        }
                        let id = try await Time.$now.withValue(at) { try await service.submit(submission, by: submitter).case.id }
                        try await Time.$now.withValue(at.adding(hours: 1)) {
                            if i >= cases - open {
                                // Heating cases have a two-day clock; file the open ones where the clock runs for weeks.
                                _ = try await service.accept(
                                    id, category: submission.category == "heating" ? "infrastructure" : nil, by: staff)
                            } else {
                                switch i % 20 {
                                case 0..<8:
                                    _ = try await service.decline(id, reason: "不属于社区议事范围，已告知反映人向有关部门反映", by: staff)
                                case 8..<13:
                                    _ = try await service.refer(
                                        id, Referral(destination: .higherLevel, organization: "桥西区信访局", reason: "涉及多个部门，转上级协调"),
                                        by: staff)
                                default:
                                    _ = try await service.withdraw(id, reason: "问题已自行解决", by: submitter)
                                }
                            }
                        }
                        progress(done.increment())
                    }
                }
            }
            try await group.waitForAll()
        }
        let latest = try await store.latestSequence()
        _ = try await store.save(NotificationCursor(channel: "log", sequence: latest, updatedAt: SystemClock().now()), expectedVersion: 0)
        try await store.close()
        // Fold the write-ahead log into the file before it is renamed: the log is found by the file's name.
        let queue = try DatabaseQueue(path: temporary)
        try await queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try queue.close()
        for suffix in ["-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: temporary + suffix)
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        return clock.now - started
    }

    /// How many cases a store holds, and a sample of their ids spread over all of them.
    static func sample(path: String, count: Int) throws -> (cases: Int, ids: [CaseID], latestSequence: Int64) {
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? database.close() }
        return try database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0
            let every = max(1, total / max(count, 1))
            let ids = try String.fetchAll(db, sql: "SELECT id FROM cases WHERE row % ? = 0 LIMIT ?", arguments: [every, count])
                .compactMap(CaseID.init)
            let latest = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0
            return (total, ids, latest)
        }
    }

    /// The bytes of a stored case's state and of its first event, as the store wrote them.
    static func rowSample(path: String) throws -> (state: Data, change: Data) {
        let database = try DatabaseQueue(path: path)
        defer { try? database.close() }
        return try database.read { db in
            let state = try Data.fetchOne(db, sql: "SELECT state FROM cases ORDER BY row LIMIT 1") ?? Data()
            let change = try Data.fetchOne(db, sql: "SELECT change FROM events ORDER BY seq LIMIT 1") ?? Data()
            return (state, change)
        }
    }
}

/// A count several tasks add to.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}

import Synchronization
