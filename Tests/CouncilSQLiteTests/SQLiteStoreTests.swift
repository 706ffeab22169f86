import CouncilKit
@testable import CouncilSQLite
import CouncilTestKit
import Foundation
import GRDB
import Testing

@Suite("SQLiteCaseStore on disk")
struct SQLiteStoreTests {
    @Test("commits with synchronous=FULL although GRDB opens WAL pools with NORMAL")
    func synchronousFull() async throws {
        let path = try TemporaryFolder.make().appendingPathComponent("council.sqlite").path
        let store = try SQLiteCaseStore(path: path)
        #expect(try await store.synchronousSetting() == 2)
        try await store.close()
    }

    @Test("a file that is not a database is refused with a storage error, not a crash")
    func notADatabase() throws {
        let url = try TemporaryFolder.make().appendingPathComponent("council.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: url)
        let error = #expect(throws: CouncilError.self) { try SQLiteCaseStore(path: url.path) }
        #expect(error?.code == .storageUnavailable)
        #expect(error.map { !$0.description.contains("SELECT") && !$0.description.contains("CREATE") } ?? false)
    }

    @Test("a folder that does not exist is refused with a storage error")
    func missingFolder() throws {
        let error = #expect(throws: CouncilError.self) {
            try SQLiteCaseStore(path: "/nonexistent-council-folder/\(UUID().uuidString)/council.sqlite")
        }
        #expect(error?.code == .storageUnavailable)
    }

    @Test("two stores on one file see each other's writes, and sequences stay gap-free")
    func twoHandlesOneFile() async throws {
        let path = try TemporaryFolder.make().appendingPathComponent("council.sqlite").path
        let first = try SQLiteCaseStore(path: path)
        let second = try SQLiteCaseStore(path: path)
        let services = [try CouncilFixtures.service(on: first), try CouncilFixtures.service(on: second)]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<10 {
                let service = services[i % 2]
                group.addTask { _ = try await service.submit(CouncilFixtures.walkIn("问题\(i)"), by: CouncilFixtures.staff) }
            }
            try await group.waitForAll()
        }
        #expect(try await first.events(after: 0, limit: 100).map(\.sequence) == Array(1...10))
        let found = try await second.find(CaseQuery(limit: 100)).cases
        let numbers = found.map { $0.number.serial }.sorted()
        #expect(numbers == Array(1...10))
        try await first.close()
        try await second.close()
    }

    @Test("personal data is stored only in the case row, and search never reads it")
    func personalDataNotIndexed() async throws {
        let path = try TemporaryFolder.make().appendingPathComponent("council.sqlite").path
        let store = try SQLiteCaseStore(path: path)
        let service = try CouncilFixtures.service(on: store)
        _ = try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff)
        #expect(try await store.find(CaseQuery(text: "13812345678")).cases.isEmpty)
        #expect(try await store.find(CaseQuery(text: "张三")).cases.isEmpty)
        try await store.close()
    }

    @Test("a full database refuses a write with storageFull in plain words, writes nothing, and writes again once it has room")
    func fullDatabase() async throws {
        let store = try SQLiteCaseStore(path: TemporaryFolder.make().appendingPathComponent("council.sqlite").path)
        let service = try CouncilFixtures.service(on: store)
        let long = String(repeating: "垃圾站满了，气味很大。", count: 400)
        _ = try await service.submit(CouncilFixtures.walkIn(description: long), by: CouncilFixtures.staff)
        try await store.probeWrite()
        #expect(try await store.availableBytes() > SQLiteCaseStore.roomForAWrite)

        try await store.setMaximumPageCount(1)
        let error = await #expect(throws: CouncilError.self) {
            try await service.submit(CouncilFixtures.walkIn("满了", description: long), by: CouncilFixtures.staff)
        }
        #expect(error == CouncilError.storageFull)
        #expect(error?.description.contains("SQLite") == false)
        #expect(try await store.latestSequence() == 1, "nothing of the refused case was written")
        #expect(store.lastWrite.failure == CouncilError.storageFull)
        #expect(try await store.availableBytes() < SQLiteCaseStore.roomForAWrite)
        let probe = await #expect(throws: CouncilError.self) { try await store.probeWrite() }
        #expect(probe == CouncilError.storageFull, "the probe asks for room, not only for its own row")

        try await store.setMaximumPageCount(1_000_000)
        try await store.probeWrite()
        #expect(store.lastWrite.failure == nil)
        _ = try await service.submit(CouncilFixtures.walkIn("又有空间", description: long), by: CouncilFixtures.staff)
        #expect(try await store.latestSequence() == 2)
        try await store.close()
    }

    @Test("many writes in one transaction on a full database each fail alone with storageFull")
    func fullDatabaseGroupCommit() async throws {
        let store = try SQLiteCaseStore(path: TemporaryFolder.make().appendingPathComponent("council.sqlite").path)
        let service = try CouncilFixtures.service(on: store)
        try await store.setMaximumPageCount(1)
        let long = String(repeating: "井盖缺失，存在安全隐患。", count: 400)
        let outcomes = await withTaskGroup(of: CouncilError?.self) { group in
            for n in 0..<8 {
                group.addTask {
                    do {
                        _ = try await service.submit(CouncilFixtures.walkIn("并发 \(n)", description: long), by: CouncilFixtures.staff)
                        return nil
                    } catch { return error as? CouncilError }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0 == CouncilError.storageFull })
        #expect(try await store.latestSequence() == 0)
        try await store.close()
    }

    @Test("an I/O error the operating system reported as a full disk or quota counts as a full disk; others do not")
    func ioErrorsOfAFullDisk() {
        let write = DatabaseError(resultCode: .SQLITE_IOERR_WRITE, message: "disk I/O error")
        let fsync = DatabaseError(resultCode: .SQLITE_IOERR_FSYNC, message: "disk I/O error")
        #expect(GroupCommit.diskFull(ioError: write, systemErrno: ENOSPC)?.resultCode == .SQLITE_FULL)
        #expect(GroupCommit.diskFull(ioError: fsync, systemErrno: EDQUOT)?.resultCode == .SQLITE_FULL)
        #expect(GroupCommit.diskFull(ioError: write, systemErrno: EIO) == nil, "a failing disk is not a full one")
        #expect(GroupCommit.diskFull(ioError: DatabaseError(resultCode: .SQLITE_BUSY), systemErrno: ENOSPC) == nil)
        #expect(SQLiteCaseStore.storageError(DatabaseError(resultCode: .SQLITE_FULL), "register the case") == CouncilError.storageFull)
        let other = SQLiteCaseStore.storageError(write, "register the case")
        #expect(other.code == .storageUnavailable && other.message == "could not register the case: SQLite error 778")
    }
}
