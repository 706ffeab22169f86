import CouncilKit
import CouncilPostgres
import CouncilTestKit
import Synchronization
import Testing

/// A flag one task sets and another polls.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

// Skipped, with this reason shown, when no server is configured; `make test` always configures one.
@Suite("PostgresCaseStore under concurrent writers on two pools", .enabled(if: TestServer.isAvailable, TestServer.skipReason))
struct PostgresConcurrencyTests {
    static let writers = 8
    static let roundsPerWriter = 24
    static let references = 6

    struct Submitted: Sendable {
        var reference: String
        var caseID: CaseID
        var created: Bool
    }

    struct WriterResult: Sendable {
        var appends: [CaseID: Int] = [:]
        var submitted: [Submitted] = []
    }

    struct FeedReport: Sendable {
        var seen: [Int64] = []
        var violations: [String] = []
    }

    @Test("two pools hammering the same cases and references: no lost update, no duplicate, no skipped sequence")
    func twoPoolsHammer() async throws {
        let configuration = try TestServer.freshConfiguration()
        // Both nodes start together on an empty schema: the migration lock lets one migrate, the other wait.
        async let first = PostgresCaseStore(configuration: configuration)
        async let second = PostgresCaseStore(configuration: configuration)
        let stores = try await [first, second]
        #expect(stores.map(\.schemaVersion) == [3, 3], "both see the fully migrated schema")
        let services = try stores.map { try CouncilFixtures.service(on: $0) }

        var targets: [CouncilCase] = []
        for i in 0..<3 {
            targets.append(try await services[i % 2].submit(CouncilFixtures.walkIn("共同问题\(i)"), by: CouncilFixtures.staff).case)
        }
        let shared = targets
        let writersDone = Flag()

        // The reader follows the feed on the second pool while the writers run.
        let reader = Task { () -> FeedReport in
            var report = FeedReport()
            var last: Int64 = 0
            var finalPass = false
            while true {
                if writersDone.isSet { finalPass = true }
                let batch = try await stores[1].events(after: last, limit: 25)
                let sequences = batch.map(\.sequence)
                if let head = sequences.first, sequences != Array(head..<(head + Int64(sequences.count))) || head != last + 1 {
                    report.violations.append("after \(last) the feed returned \(sequences)")
                }
                report.seen += sequences
                last = sequences.last ?? last
                if batch.isEmpty {
                    if finalPass { break }
                    await Task.yield()
                }
            }
            return report
        }

        let results = try await withThrowingTaskGroup(of: WriterResult.self) { group in
            for w in 0..<Self.writers {
                group.addTask {
                    let store = stores[w % 2], service = services[w % 2]
                    var result = WriterResult()
                    for round in 0..<Self.roundsPerWriter {
                        let id = shared[(w + round) % shared.count].id
                        var attempts = 0
                        while true {
                            attempts += 1
                            let current = try #require(try await store.fetch(id))
                            let change = CaseChange.progressAdded(note: "写入者\(w)第\(round)次")
                            let event = PendingEvent(
                                caseID: id, version: current.version + 1, occurredAt: CouncilFixtures.monday,
                                principal: CouncilFixtures.unitUser, change: change)
                            do {
                                _ = try await store.append(
                                    CaseUpdate(
                                        caseID: id, expectedVersion: current.version, events: [event],
                                        state: current.applying(change, at: CouncilFixtures.monday)))
                                result.appends[id, default: 0] += 1
                                break
                            } catch let error as CouncilError where error.code == .versionConflict && attempts < 1000 {
                                continue
                            }
                        }
                        if round % 4 == 0 {
                            let reference = "GR-HAMMER-\((w + round) % Self.references)"
                            let submitted = try await service.submit(CouncilFixtures.gridReport(reference), by: CouncilFixtures.gridPlatform)
                            result.submitted.append(Submitted(reference: reference, caseID: submitted.case.id, created: submitted.created))
                        }
                    }
                    return result
                }
            }
            var all: [WriterResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        writersDone.set()
        let feed = try await reader.value

        // No lost update: each case's version is its submission plus every append that returned success.
        for target in targets {
            let appended = results.reduce(0) { $0 + ($1.appends[target.id] ?? 0) }
            let stored = try #require(try await stores[0].fetch(target.id))
            #expect(stored.version == 1 + appended)
            #expect(try await stores[1].history(of: target.id).map(\.version) == Array(1...(1 + appended)))
        }
        let appendCount = results.reduce(0) { $0 + $1.appends.values.reduce(0, +) }
        #expect(appendCount == Self.writers * Self.roundsPerWriter)

        // No duplicate case per reference, and exactly one submit created it.
        let submissions = results.flatMap(\.submitted)
        let byReference = Dictionary(grouping: submissions, by: \.reference)
        #expect(byReference.count == Self.references)
        for (reference, attempts) in byReference {
            #expect(Set(attempts.map(\.caseID)).count == 1, "\(reference) maps to one case")
            #expect(attempts.filter(\.created).count == 1, "\(reference) was created once")
        }
        let gridCases = try await stores[0].find(CaseQuery(source: .gridPlatform, limit: 500)).cases
        #expect(gridCases.count == Self.references)

        // Serials unique and dense per prefix.
        let everything = try await stores[1].find(CaseQuery(limit: 500)).cases
        #expect(everything.count == 3 + Self.references)
        for (_, group) in Dictionary(grouping: everything, by: \.number.prefix) {
            #expect(group.map(\.number.serial).sorted() == Array(1...group.count))
        }

        // The feed is exactly 1...N, and the reader saw it in order without holes.
        let total = Int64(3 + appendCount + Self.references)
        #expect(try await stores[0].events(after: 0, limit: 10_000).map(\.sequence) == Array(1...total))
        #expect(try await stores[1].latestSequence() == total)
        #expect(feed.violations.isEmpty, "\(feed.violations.prefix(5))")
        #expect(feed.seen == Array(1...total))

        for store in stores { try await store.close() }
    }
}
