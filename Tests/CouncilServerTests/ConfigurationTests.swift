import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import Foundation
import Logging
import NIOCore
import Testing

@Suite("councild's configuration file")
struct ConfigurationTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// The JSON block that follows `marker` in the README.
    static func example(after marker: String) throws -> String {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: marker)?.upperBound)
        let open = try #require(text.range(of: "```json\n", range: start..<text.endIndex)?.upperBound)
        let close = try #require(text.range(of: "\n```", range: open..<text.endIndex)?.lowerBound)
        return String(text[open..<close])
    }

    static func load(_ json: String) throws -> ServerConfiguration {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("councild-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return try ServerConfiguration.load(contentsOf: path)
    }

    @Test("the README's example loads; a routing without rules keeps the standard routes and adds its linked leaders")
    func readmeExample() async throws {
        var configuration = try Self.load(try Self.example(after: "The configuration file is JSON; every key is optional:"))
        #expect(configuration.listen == "0.0.0.0:7420")
        #expect(configuration.keys.map(\.system) == ["petition-office", "hall-staff"])
        #expect(configuration.directoryRefreshMilliseconds == 5000)
        #expect(configuration.storage.lowFreeSpaceWarningBytes == 2_147_483_648)
        #expect(ServerConfiguration().storage.lowFreeSpaceWarningBytes == 1 << 30, "1 GiB unless configured")
        #expect(configuration.admin?.listen == "127.0.0.1:7421")
        let routing = try #require(configuration.notifications.routing)
        #expect(routing.usesStandardRules && routing.linkedLeaders == ["QX01": "L01"])
        let filled = routing.withStandardRules(channel: "webhook")
        #expect(filled.rules == NotificationRouting.standard(channel: "webhook").rules && filled.linkedLeaders == ["QX01": "L01"])
        #expect(!filled.usesStandardRules)

        #expect(configuration.tls?.clientSystems.map(\.system) == ["grid-platform", "petition-office"])
        #expect(configuration.tls?.clientSystems.last?.keyRequired == true)

        // A daemon runs with it (on a store, seed, port and certificates of the test's own).
        let pki = try TestPKI.make()
        defer { pki.remove() }
        configuration.tls?.certificate = pki.path("server.pem")
        configuration.tls?.privateKey = pki.path("server-key.pem")
        configuration.tls?.clientCA = pki.path("ca.pem")
        configuration.tls?.revokedSerials = pki.path("revoked-serials.txt")
        configuration.database = ":memory:"
        configuration.seed = nil
        configuration.listen = "127.0.0.1:0"
        configuration.admin = .init(listen: "127.0.0.1:0")
        let daemon = try await CouncilDaemon(configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        #expect(daemon.environment.routing.rules == filled.rules)
        #expect(daemon.environment.routing.linkedLeaders == ["QX01": "L01"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await daemon.run() }
            let address = try await daemon.server.listeningAddress()
            #expect(address.port != nil)
            group.cancelAll()
        }
    }

    @Test("a routing that names what the directory lacks is refused at start, with the webhook client let go cleanly")
    func badRoutingAtStart() async throws {
        var configuration = try Self.load(try Self.example(after: "The configuration file is JSON; every key is optional:"))
        configuration.database = ":memory:"
        configuration.seed = nil
        configuration.listen = "127.0.0.1:0"
        configuration.tls = nil
        configuration.notifications.routing?.linkedLeaders = ["QX01": "NOBODY"]
        let error = await #expect(throws: CouncilError.self) {
            _ = try await CouncilDaemon(configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        }
        #expect(error?.field == "routing.linkedLeaders.QX01")
    }

    @Test("a value out of range is refused, naming the key", arguments: [
        (#"{"directoryRefreshMilliseconds": 0}"#, "directoryRefreshMilliseconds"),
        (#"{"assessment": {"weights": {"happiness": 1}}}"#, "assessment.weights.happiness"),
        (#"{"assessment": {"weights": {"onTimeRate": -1}}}"#, "assessment.weights.onTimeRate"),
        (#"{"assessment": {"weights": {"onTimeRate": 0}}}"#, "assessment.weights"),
        (#"{"assessment": {"minimumCountedShare": 1.5}}"#, "assessment.minimumCountedShare"),
        (#"{"linkage": {"householdVisitIntervalDays": 0}}"#, "linkage.householdVisitIntervalDays"),
        (#"{"storage": {"lowFreeSpaceWarningBytes": -1}}"#, "storage.lowFreeSpaceWarningBytes"),
        (#"{"admin": {"listen": "7421"}}"#, "admin.listen"),
        (#"{"admin": {"listen": "127.0.0.1:99999"}}"#, "admin.listen"),
    ])
    func outOfRange(json: String, key: String) throws {
        let error = #expect(throws: ServerConfigurationError.self) { try Self.load(json) }
        #expect(error?.message.hasPrefix(key) == true, "\(error?.message ?? "")")
    }

    @Test("the admin listener: off by the library's default, on where the file says, off for \"off\"")
    func adminSetting() throws {
        #expect(ServerConfiguration().admin == nil)
        #expect(try Self.load(#"{"admin": {"listen": "off"}}"#).admin?.isOff == true)
        let address = try #require(try Self.load(#"{"admin": {"listen": "[::1]:9000"}}"#).admin).hostAndPort()
        #expect(address.host == "::1" && address.port == 9000)
        #expect(ServerConfiguration.Admin().listen == "127.0.0.1:7421")
    }

    @Test("configured assessment weights and threshold are the server's default; a call's own replace them")
    func configuredAssessment() async throws {
        let weights: [MeasureKind: Double] = [.satisfactionRate: 3, .onTimeRate: 1]
        try await TestDaemon.with(configure: {
            $0.assessment.weights = ["satisfactionRate": 3, "onTimeRate": 1]
            $0.assessment.minimumCountedShare = 0.25
        }) { server in
            let office = server.client("petition-office")
            let year = server.daemon.environment.cases.configuration.calendar.localDate(of: server.daemon.environment.clock.now()).year
            let configured = try await office.getAnnualAssessment(year: year)
            #expect(configured.assessmentWeights == AssessmentService.Weights(weights, minimumCountedShare: 0.25))
            let own = try await office.getAnnualAssessment(year: year, weights: [MeasureWeight(kind: .responseRate, weight: 1)])
            #expect(own.assessmentWeights == AssessmentService.Weights([.responseRate: 1], minimumCountedShare: 0.25), "the threshold stays the server's")
            let share = try await office.getAnnualAssessment(year: year, threshold: RankingThreshold(minimumCountedShare: 0))
            #expect(share.assessmentWeights == AssessmentService.Weights(weights, minimumCountedShare: 0), "the weights stay the server's")
            await office.close()
        }
    }
}
