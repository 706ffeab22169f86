import CouncilKit
import CouncilSQLite
import CouncilTestKit
import Foundation
import Testing

/// Opens each store in a new temporary folder, and reopens it from the same file.
struct SQLiteFixture: CaseStoreFixture {
    func makeStore() async throws -> any CaseStore {
        try SQLiteCaseStore(path: TemporaryFolder.make().appendingPathComponent("council.sqlite").path)
    }

    func reopen(_ store: any CaseStore) async throws -> (any CaseStore)? {
        let path = try #require(store as? SQLiteCaseStore).path
        try await store.close()
        return try SQLiteCaseStore(path: path)
    }
}

enum TemporaryFolder {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("council-sqlite-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite("SQLiteCaseStore meets the CaseStore contract")
struct SQLiteConformanceTests {
    @Test(arguments: CaseStoreConformance.checks)
    func conformance(_ check: CaseStoreConformance.Check) async throws {
        try await check.run(SQLiteFixture())
    }
}
