import CouncilKit
@testable import CouncilSQLite
import CouncilTestKit
import Foundation
import GRDB
import Testing

@Suite("SQLiteBackup")
struct SQLiteBackupTests {
    @Test("a backup copied in steps reports its pages as it goes and still reads one snapshot: a write committed between steps is not in the copy")
    func stepsKeepOneSnapshot() async throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("council.sqlite").path
        let copy = folder.appendingPathComponent("backup.sqlite").path
        let store = try SQLiteCaseStore(path: path)
        _ = try await CouncilFixtures.service(on: store).submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff)
        // Another writer, as councild would be; its rows make the file span several steps.
        let writer = try DatabaseQueue(path: path)
        try await writer.write { db in
            try db.execute(sql: "CREATE TABLE filler(bytes BLOB)")
            for _ in 0..<12 { try db.execute(sql: "INSERT INTO filler(bytes) VALUES (zeroblob(1000000))") }
        }

        var steps: [SQLiteBackup.Step] = []
        var written = false
        let summary = try SQLiteBackup.backup(database: path, to: copy) { step in
            steps.append(step)
            if case .copied = step, !written {
                written = true
                do {
                    try writer.write { db in try db.execute(sql: "INSERT INTO filler(bytes) VALUES (x'01')") }
                } catch {
                    Issue.record("the write between steps failed: \(error)")
                }
            }
        }

        #expect(steps.first == .copying(path))
        #expect(steps.last == .checking(copy))
        let copied = steps.compactMap { step -> (pages: Int, pageCount: Int)? in
            if case .copied(let pages, let pageCount) = step { return (pages, pageCount) }
            return nil
        }
        #expect(copied.count >= 3, "\(copied.count) steps")
        #expect(copied.map(\.pages) == copied.map(\.pages).sorted() && Set(copied.map(\.pages)).count == copied.count,
                "the pages copied only grow: the backup never started again")
        #expect(Set(copied.map(\.pageCount)).count == 1 && copied.last?.pages == copied.last?.pageCount)
        #expect(summary.cases == 1)
        let inCopy = try DatabaseQueue(path: copy)
        #expect(try await inCopy.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filler") } == 12)
        #expect(try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filler") } == 13)
        try inCopy.close()
        try writer.close()
        try await store.close()
    }
}
