import CouncilKit
import CouncilPostgres
import CouncilTestKit
import Foundation
import Testing

/// The server the tests use: `COUNCIL_POSTGRES_URL`, for example `postgres://postgres@127.0.0.1:5432/council_test`.
/// `make test` starts a throwaway server and sets it (scripts/with-postgres.sh).
enum TestServer {
    static let url = ProcessInfo.processInfo.environment["COUNCIL_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var isAvailable: Bool { url != nil }
    static let skipReason: Comment =
        "COUNCIL_POSTGRES_URL is not set: run `make test`, or point it at a throwaway PostgreSQL database"

    /// A configuration on a schema no other test uses; the store creates it.
    static func freshConfiguration() throws -> PostgresCaseStore.Configuration {
        var configuration = try PostgresCaseStore.Configuration(url: try #require(url))
        configuration.schema = "council_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        configuration.maximumConnections = 8
        return configuration
    }
}

/// Opens each store on a fresh schema; reopening closes the client and opens a new one on the same schema.
struct PostgresFixture: CaseStoreFixture {
    func makeStore() async throws -> any CaseStore {
        try await PostgresCaseStore(configuration: TestServer.freshConfiguration())
    }

    func reopen(_ store: any CaseStore) async throws -> (any CaseStore)? {
        let configuration = try #require(store as? PostgresCaseStore).configuration
        try await store.close()
        return try await PostgresCaseStore(configuration: configuration)
    }
}

// Skipped, with this reason shown, when no server is configured; `make test` always configures one.
@Suite("PostgresCaseStore meets the CaseStore contract", .enabled(if: TestServer.isAvailable, TestServer.skipReason))
struct PostgresConformanceTests {
    @Test(arguments: CaseStoreConformance.checks)
    func conformance(_ check: CaseStoreConformance.Check) async throws {
        try await check.run(PostgresFixture())
    }
}

@Suite("PostgreSQL tests in CI")
struct PostgresInCITests {
    // CI must not pass by skipping every PostgreSQL test: `.ci/run` goes through `make test`, which sets the URL.
    @Test("CI provides a server", .enabled(if: ProcessInfo.processInfo.environment["CI"] == "true", "only checked in CI"))
    func serverConfiguredInCI() {
        #expect(TestServer.isAvailable, "CI=true but COUNCIL_POSTGRES_URL is not set")
    }
}
