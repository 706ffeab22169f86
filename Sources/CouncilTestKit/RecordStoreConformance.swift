import CouncilKit
import Foundation
import Testing

/// A record type for the conformance checks.
struct ConformanceNote: CouncilRecord, Equatable {
    static let recordKind = "conformanceNote"
    var recordID: String
    var recordCommunity: String?
    var recordDate: Timestamp?
    var text: String
}

extension CaseStoreConformance {
    static let recordChecks: [Check] = [
        Check(name: "records: creates, replaces and refuses stale versions", body: recordVersions),
        Check(name: "records: exactly one of many racing writers wins", body: recordRace),
        Check(name: "records: lists by kind, community and date, paged in (date, id) order", body: recordListing),
        Check(name: "records: saved with a case write in its transaction, or not at all", body: recordsWithCaseWrite),
    ]

    static func recordsWithCaseWrite(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let service = try CouncilFixtures.service(on: store)
        func writes(_ id: String, _ version: Int) -> @Sendable (CouncilCase) throws -> [RecordWrite] {
            let note = ConformanceNote(recordID: id, recordCommunity: nil, recordDate: nil, text: "随案件写入")
            return { _ in [try RecordWrite(note, expectedVersion: version)] }
        }

        // A submission and an operation each save their record with the case.
        let (submitted, first) = try await CaseService.withRecords(writes("with-submit", 0)) {
            try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff)
        }
        #expect(first && submitted.created)
        #expect(try await store.fetch(ConformanceNote.self, id: "with-submit")?.version == 1)
        let c = submitted.case
        let (_, second) = try await CaseService.withRecords(writes("with-accept", 0)) {
            try await service.accept(c.id, by: CouncilFixtures.staff)
        }
        #expect(second)
        #expect(try await store.fetch(ConformanceNote.self, id: "with-accept")?.version == 1)

        // A record at another version than expected fails the case write, and nothing of it is written.
        let sequence = try await store.latestSequence()
        let refused = await #expect(throws: CouncilError.self) {
            _ = try await CaseService.withRecords(writes("with-accept", 0)) {
                try await service.dispatch(c.id, to: "UM", by: CouncilFixtures.staff)
            }
        }
        #expect(refused?.code == .versionConflict)
        #expect(try await store.fetch(c.id)?.status == .accepted, "the case did not move")
        #expect(try await store.latestSequence() == sequence, "no event was written")
        #expect(try await store.fetch(ConformanceNote.self, id: "with-accept")?.version == 1)
        let failedSubmit = await #expect(throws: CouncilError.self) {
            _ = try await CaseService.withRecords(writes("with-submit", 0)) {
                try await service.submit(CouncilFixtures.walkIn("另一件事"), by: CouncilFixtures.staff)
            }
        }
        #expect(failedSubmit?.code == .versionConflict)
        #expect(try await store.latestSequence() == sequence, "no case was registered")

        // Replacing at the stored version works with the write.
        let (_, replaced) = try await CaseService.withRecords(writes("with-accept", 1)) {
            try await service.dispatch(c.id, to: "UM", by: CouncilFixtures.staff)
        }
        #expect(replaced)
        #expect(try await store.fetch(ConformanceNote.self, id: "with-accept")?.version == 2)
        try await store.close()
    }

    static func recordVersions(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let note = ConformanceNote(recordID: "n1", recordCommunity: "QX01", recordDate: CouncilFixtures.monday, text: "第一版")
        #expect(try await store.save(note, expectedVersion: 0) == 1)
        let duplicate = await #expect(throws: CouncilError.self) { try await store.save(note, expectedVersion: 0) }
        #expect(duplicate?.code == .versionConflict)
        var changed = note
        changed.text = "第二版"
        #expect(try await store.save(changed, expectedVersion: 1) == 2)
        let stale = await #expect(throws: CouncilError.self) { try await store.save(note, expectedVersion: 1) }
        #expect(stale?.code == .versionConflict)
        let read = try #require(try await store.fetch(ConformanceNote.self, id: "n1"))
        #expect(read.record == changed && read.version == 2)
        #expect(try await store.fetch(ConformanceNote.self, id: "missing") == nil)
        #expect(try await store.fetchRecord(kind: "otherKind", id: "n1") == nil, "ids are unique within a kind only")
        try await store.close()
    }

    static func recordRace(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let note = ConformanceNote(recordID: "race", recordCommunity: nil, recordDate: nil, text: "0")
        try await store.save(note, expectedVersion: 0)
        let wins = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<12 {
                group.addTask {
                    var mine = note
                    mine.text = "\(i)"
                    return (try? await store.save(mine, expectedVersion: 1)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await store.fetch(ConformanceNote.self, id: "race")?.version == 2)
        try await store.close()
    }

    static func recordListing(_ fixture: any CaseStoreFixture) async throws {
        let store = try await fixture.makeStore()
        let day: Int64 = 86_400_000
        let t0 = CouncilFixtures.monday
        func at(_ days: Int64) -> Timestamp { Timestamp(millisecondsSince1970: t0.millisecondsSince1970 + days * day) }
        let notes = [
            ConformanceNote(recordID: "b", recordCommunity: "QX01", recordDate: at(1), text: ""),
            ConformanceNote(recordID: "a", recordCommunity: "QX01", recordDate: at(1), text: ""),
            ConformanceNote(recordID: "c", recordCommunity: "QX02", recordDate: at(0), text: ""),
            ConformanceNote(recordID: "d", recordCommunity: "QX01", recordDate: at(5), text: ""),
            ConformanceNote(recordID: "z", recordCommunity: "QX01", recordDate: nil, text: "undated"),
        ]
        for note in notes { try await store.save(note, expectedVersion: 0) }
        _ = try await store.saveRecord(
            StoredRecord(kind: "otherKind", id: "a", version: 0, community: "QX01", date: at(1), document: Data("{}".utf8)),
            expectedVersion: 0)

        func ids(_ query: RecordQuery) async throws -> [String] { try await store.listRecords(query).map(\.id) }
        let kind = ConformanceNote.recordKind
        #expect(try await ids(RecordQuery(kind: kind)) == ["z", "c", "a", "b", "d"], "undated first, then by date and id")
        #expect(try await ids(RecordQuery(kind: kind, community: "QX01")) == ["z", "a", "b", "d"])
        #expect(try await ids(RecordQuery(kind: kind, from: at(1))) == ["a", "b", "d"])
        #expect(try await ids(RecordQuery(kind: kind, before: at(5))) == ["c", "a", "b"])
        #expect(try await ids(RecordQuery(kind: kind, from: at(1), before: at(2))) == ["a", "b"])
        let first = try await store.listRecords(RecordQuery(kind: kind, limit: 2))
        #expect(first.map(\.id) == ["z", "c"])
        let rest = try await ids(RecordQuery(kind: kind, after: RecordPosition(first[1]), limit: 10))
        #expect(rest == ["a", "b", "d"])
        #expect(try await ids(RecordQuery(kind: kind, after: RecordPosition(first[0]), limit: 1)) == ["c"])
        #expect(try await store.all(ConformanceNote.self, community: "QX01").map(\.record.recordID) == ["z", "a", "b", "d"])
        try await store.close()
    }
}
