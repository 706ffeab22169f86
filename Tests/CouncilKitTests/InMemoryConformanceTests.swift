import CouncilKit
import CouncilTestKit
import Testing

/// Opens fresh in-memory stores; they keep nothing beyond the process, so there is nothing to reopen.
struct InMemoryStoreFixture: CaseStoreFixture {
    func makeStore() async throws -> any CaseStore { InMemoryCaseStore() }
    func reopen(_ store: any CaseStore) async throws -> (any CaseStore)? { nil }
}

@Suite("InMemoryCaseStore conformance")
struct InMemoryConformanceTests {
    @Test("meets the CaseStore contract", arguments: CaseStoreConformance.checks)
    func conformance(_ check: CaseStoreConformance.Check) async throws {
        try await check.run(InMemoryStoreFixture())
    }
}
