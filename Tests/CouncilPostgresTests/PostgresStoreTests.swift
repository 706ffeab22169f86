import CouncilKit
@testable import CouncilPostgres
import CouncilTestKit
import Foundation
import Logging
import PostgresNIO
import Testing

@Suite("PostgresCaseStore configuration")
struct PostgresConfigurationTests {
    @Test("reads host, port, user, password, database, sslmode and schema from a URL")
    func url() throws {
        let c = try PostgresCaseStore.Configuration(url: "postgresql://council%40hall:p%2Fss@db.example:6543/council_prod?sslmode=require&schema=qiaoxi")
        #expect(c.host == "db.example")
        #expect(c.port == 6543)
        #expect(c.username == "council@hall")
        #expect(c.password == "p/ss")
        #expect(c.database == "council_prod")
        #expect(c.tls == .require)
        #expect(c.schema == "qiaoxi")

        let defaults = try PostgresCaseStore.Configuration(url: "postgres://localhost")
        #expect(defaults.port == 5432 && defaults.username == "postgres" && defaults.password == nil)
        #expect(defaults.database == "council" && defaults.schema == "public" && defaults.tls == .prefer)
    }

    @Test("refuses bad URLs without repeating them, since they may hold a password", arguments: [
        "mysql://u:secret@host/db", "postgres://u:secret@/db", "postgres://u:secret@host/db?sslmode=sometimes",
        "postgres://u:secret@host/db?schema=Robert%27);DROP", "postgres://u:secret@host/db?search_path=x",
    ])
    func badURL(_ url: String) throws {
        let error = #expect(throws: CouncilError.self) { try PostgresCaseStore.Configuration(url: url) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "configuration.url")
        #expect(error.map { !$0.description.contains("secret") } ?? false)
    }
}

// Skipped, with this reason shown, when no server is configured; `make test` always configures one.
@Suite("PostgresCaseStore's errors")
struct PostgresErrorTests {
    @Test("a SQLSTATE becomes a CouncilKit code: disk full is storageFull, other scarce resources unavailable, class XX corruption", arguments: [
        ("53100", CouncilError.Code.storageFull), ("53000", .storageUnavailable), ("53200", .storageUnavailable),
        ("53300", .storageUnavailable), ("53400", .storageUnavailable), ("XX001", .dataCorrupted), ("XX002", .dataCorrupted),
        ("40001", .storageUnavailable), ("58030", .storageUnavailable),
    ])
    func sqlStates(_ state: String, _ code: CouncilError.Code) {
        #expect(PostgresCaseStore.errorCode(sqlState: state) == code)
    }
}

@Suite("PostgresCaseStore on a server", .enabled(if: TestServer.isAvailable, TestServer.skipReason))
struct PostgresStoreTests {
    @Test("an unreachable server fails opening with a storage error after the startup timeout")
    func unreachable() async throws {
        var configuration = try TestServer.freshConfiguration()
        configuration.password = "secret-password"
        configuration.port = 1  // nothing listens on port 1
        configuration.startupTimeout = .milliseconds(300)
        let quiet = Logger(label: "CouncilPostgresTests", factory: { _ in SwiftLogNoOpLogHandler() })
        let error = await #expect(throws: CouncilError.self) { try await PostgresCaseStore(configuration: configuration, logger: quiet) }
        #expect(error?.code == .storageUnavailable)
        #expect(error.map { !$0.description.contains("secret") } ?? false)
    }

    @Test("reopening a migrated schema keeps its version and records each step once")
    func migrationsRecorded() async throws {
        let configuration = try TestServer.freshConfiguration()
        let latest = 3  // cases and events; records; the commit notification
        let store = try await PostgresCaseStore(configuration: configuration)
        #expect(store.schemaVersion == latest)
        try await store.close()
        let again = try await PostgresCaseStore(configuration: configuration)
        #expect(again.schemaVersion == latest)
        try await again.close()
        let rows = try await RawSQL.rows("SELECT version, name FROM \"\(configuration.schema)\".council_schema_versions", configuration)
        #expect(rows.count == latest, "each step recorded once")
    }

    @Test("a row that cannot be decoded is reported as corrupted data, without SQL or personal data")
    func corruptedRow() async throws {
        let configuration = try TestServer.freshConfiguration()
        let store = try await PostgresCaseStore(configuration: configuration)
        let service = try CouncilFixtures.service(on: store)
        let c = try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case
        _ = try await RawSQL.rows("UPDATE \"\(configuration.schema)\".cases SET state = '{\"name\": \"张三\"}'", configuration)
        let error = await #expect(throws: CouncilError.self) { try await store.fetch(c.id) }
        #expect(error?.code == .dataCorrupted)
        let text = error?.description ?? ""
        #expect(!text.contains("SELECT") && !text.contains("张三") && !text.contains("cases"))
        try await store.close()
    }

    @Test("a server-side failure surfaces as storage unavailable with only its SQLSTATE")
    func serverError() async throws {
        let configuration = try TestServer.freshConfiguration()
        let store = try await PostgresCaseStore(configuration: configuration)
        let service = try CouncilFixtures.service(on: store)
        _ = try await RawSQL.rows("ALTER TABLE \"\(configuration.schema)\".events ADD CONSTRAINT no_events CHECK (seq < 0) NOT VALID", configuration)
        let error = await #expect(throws: CouncilError.self) { try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff) }
        #expect(error?.code == .storageUnavailable)
        #expect(error?.message.contains("23514") == true)
        #expect(error.map { !$0.description.contains("INSERT") && !$0.description.contains("张三") } ?? false)
        #expect(try await store.latestSequence() == 0, "nothing was written")
        #expect(try await store.find(CaseQuery()).cases.isEmpty, "the case row rolled back with the event")
        try await store.close()
    }

    @Test("the server's full disk (SQLSTATE 53100) surfaces as storageFull in plain words; nothing is written")
    func diskFull() async throws {
        let configuration = try TestServer.freshConfiguration()
        let store = try await PostgresCaseStore(configuration: configuration)
        let service = try CouncilFixtures.service(on: store)
        let schema = "\"\(configuration.schema)\""
        // The error a full disk raises, raised where a case write must pass.
        _ = try await RawSQL.rows(
            "CREATE FUNCTION \(schema).refuse_as_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$",
            configuration)
        _ = try await RawSQL.rows("CREATE TRIGGER refuse_as_full BEFORE INSERT ON \(schema).events FOR EACH ROW EXECUTE FUNCTION \(schema).refuse_as_full()", configuration)
        let error = await #expect(throws: CouncilError.self) { try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff) }
        #expect(error == CouncilError.storageFull)
        #expect(error.map { !$0.description.contains("53100") && !$0.description.contains("extend") } ?? false)
        #expect(store.lastWrite.failure == CouncilError.storageFull)
        #expect(try await store.latestSequence() == 0, "nothing was written")
        #expect(try await store.find(CaseQuery()).cases.isEmpty)

        _ = try await RawSQL.rows("DROP TRIGGER refuse_as_full ON \(schema).events", configuration)
        try await store.probeWrite()
        #expect(store.lastWrite.failure == nil, "the next write that succeeds clears it")
        try await store.close()
    }

    @Test("Chinese search agrees with SearchText.matches on every query, including one-character and normalised forms")
    func searchAgreesWithSearchText() async throws {
        let store = try await PostgresCaseStore(configuration: TestServer.freshConfiguration())
        let service = try CouncilFixtures.service(on: store)
        let texts: [(String, String)] = [
            ("小区垃圾清运不及时", "垃圾站满了，垃圾桶也坏了"),
            ("楼下停车难", "晚上车位不够 WiFi 6 信号差"),
            ("暖气不热", "室温只有十五度，家里有老人"),
            ("噪", "单字标题"),
            ("路灯不亮", "Street light broken near gate 3"),
            ("\u{F900}字兼容", "兼容汉字与\u{8C48}统一汉字"),  // a compatibility ideograph and its canonical equivalent
            ("Café crème", "e\u{301}clair cafe\u{301}"),  // precomposed and decomposed accents
        ]
        var submissions: [(CaseID, String)] = []
        for (title, description) in texts {
            let c = try await service.submit(CouncilFixtures.walkIn(title, description: description), by: CouncilFixtures.staff).case
            submissions.append((c.id, SearchText.searchableText(of: c.submission)))
        }
        let queries = [
            "垃圾", "垃圾站", "站满", "圾", "停车", "车停", "WiFi", "wifi 6", "6 wifi", "噪", "老人", "十五度", "热",
            "street light", "light street", "gate 3", "\u{8C48}", "\u{F900}", "\u{8C48}字", "café", "cafe\u{301}",
            "éclair", "不", "垃圾 站", "兼容汉字",
        ]
        for query in queries {
            let expected = Set(submissions.filter { SearchText.matches(query: query, in: $0.1) }.map(\.0))
            let found = Set(try await store.find(CaseQuery(text: query, limit: 500)).cases.map(\.id))
            #expect(found == expected, "query \(query)")
        }
        try await store.close()
    }
}

/// Statements run beside the store, to damage or inspect what it wrote.
enum RawSQL {
    static func rows(_ sql: String, _ configuration: PostgresCaseStore.Configuration) async throws -> [PostgresRow] {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: Logger(label: "CouncilPostgresTests"))
        defer { Task { try? await connection.close() } }
        return try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "CouncilPostgresTests")).collect()
    }
}

// Skipped, with this reason shown, when no server is configured; `make test` always configures one.
@Suite("PostgresCaseStore durability", .enabled(if: TestServer.isAvailable, TestServer.skipReason))
struct PostgresDurabilityTests {
    @Test("commits are flushed before a call returns: synchronous_commit is on")
    func synchronousCommitOn() async throws {
        let store = try await PostgresCaseStore(configuration: TestServer.freshConfiguration())
        #expect(store.synchronousCommit == "on")
        try await store.close()
    }

    @Test("a database that acknowledges commits before flushing them is refused")
    func synchronousCommitOff() async throws {
        let base = try TestServer.freshConfiguration()
        let database = "council_async_" + base.schema.suffix(12)
        _ = try await RawSQL.rows("CREATE DATABASE \(database)", base)
        _ = try await RawSQL.rows("ALTER DATABASE \(database) SET synchronous_commit = off", base)
        var configuration = base
        configuration.database = database
        let error = await #expect(throws: CouncilError.self) { try await PostgresCaseStore(configuration: configuration) }
        #expect(error?.code == .storageUnavailable)
        #expect(error?.message.contains("synchronous_commit") == true)
    }
}
