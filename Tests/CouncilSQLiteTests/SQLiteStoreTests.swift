import CouncilKit
import CouncilSQLite
import CouncilTestKit
import Foundation
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
}
