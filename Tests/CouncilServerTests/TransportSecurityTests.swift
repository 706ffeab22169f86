import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import Foundation
import Logging
import Testing

/// A throwaway CA and certificates made by `scripts/make-test-pki.sh` for one test.
struct TestPKI {
    struct PKIError: Error, CustomStringConvertible {
        var description: String { "scripts/make-test-pki.sh failed" }
    }

    let directory: URL

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Makes a new CA and certificates in a new temporary directory.
    static func make() throws -> TestPKI {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("council-pki-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent("scripts/make-test-pki.sh")
        process.arguments = [directory.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PKIError() }
        return TestPKI(directory: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// TLS settings trusting this CA, with the client certificate `name` (`grid-platform`, `revoked`, …) when given.
    func client(_ name: String? = nil, trusting ca: String = "ca.pem") -> CouncilClient.Configuration.TLS {
        .init(trustRoots: path(ca), certificate: name.map { path("\($0).pem") }, privateKey: name.map { path("\($0)-key.pem") })
    }

    /// The server's settings: this CA's server certificate, client certificates from this CA, its revocation list,
    /// grid-platform by certificate alone and petition-office by certificate and key.
    var server: ServerConfiguration.TLS {
        ServerConfiguration.TLS(
            certificate: path("server.pem"), privateKey: path("server-key.pem"), clientCA: path("ca.pem"),
            revokedSerials: path("revoked-serials.txt"),
            clientSystems: [
                .init(system: "grid-platform", commonName: "grid-platform", scopes: [.submit, .read]),
                .init(system: "petition-office", dnsName: "petition-office", keyRequired: true),
            ])
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

extension TestDaemon {
    /// A client over TLS as `system`, with its demo key unless `key` says otherwise (`.some(nil)`: no key).
    func client(_ system: String, key: String?? = .none, tls: CouncilClient.Configuration.TLS) -> CouncilClient {
        let demoKey = CouncilDaemon.demoKeys.first { $0.entry.system == system }?.key
        var configuration = CouncilClient.Configuration(host: host, port: port, system: system, key: key ?? demoKey, tls: tls)
        configuration.connectTimeout = .seconds(30)
        return CouncilClient(configuration: configuration)
    }
}

@Suite("TLS and mutual TLS on the listener")
struct TransportSecurityTests {
    private func serving(_ client: CouncilClient) async throws -> Bool {
        try await client.checkHealth() == .serving
    }

    private func report() -> Submission {
        Submission(
            title: "井盖缺失", description: "东山坡社区3号楼前井盖缺失。", source: .gridPlatform, community: "QX01",
            externalReference: ExternalReference(system: "grid-platform", reference: "WG-\(UUID().uuidString.prefix(8))"))
    }

    @Test("a system authenticates by certificate alone, and its events name it")
    func certificateAlone() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        try await TestDaemon.with(configure: { $0.tls = pki.server }) { daemon async throws in
            let grid = daemon.client("grid-platform", key: .some(nil), tls: pki.client("grid-platform"))
            let submitted = try await grid.submit(submission: report())
            let history = try await grid.getHistory(caseID: submitted.case.state.id)
            #expect(history.events.first?.principal.system == "grid-platform")
            await grid.close()

            // The same certificate cannot speak for another system.
            let impostor = daemon.client("petition-office", key: .some(nil), tls: pki.client("grid-platform"))
            let refused = await refusal { _ = try await impostor.checkHealth() }
            #expect(refused?.code == .permissionDenied)
            #expect(refused?.message == "this client certificate belongs to another client system")
            await impostor.close()
        }
    }

    @Test("a system configured for certificate and key is refused with either alone")
    func certificateAndKey() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        try await TestDaemon.with(configure: { $0.tls = pki.server }) { daemon async throws in
            let withoutKey = daemon.client("petition-office", key: .some(nil), tls: pki.client("petition-office"))
            let refused = await refusal { _ = try await withoutKey.checkHealth() }
            #expect(refused?.code == .unauthenticated && refused?.reason == "unauthenticated")
            #expect(refused?.message == "petition-office must present its key together with its certificate")
            await withoutKey.close()

            let both = daemon.client("petition-office", tls: pki.client("petition-office"))
            #expect(try await serving(both))
            await both.close()

            // Without a client certificate, a key still authenticates (the client CA is optional by default).
            let keyOnly = daemon.client("hall-staff", tls: pki.client())
            #expect(try await serving(keyOnly))
            await keyOnly.close()
        }
    }

    @Test("a revoked certificate is refused at the handshake even with a valid key")
    func revokedCertificate() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        try await TestDaemon.with(configure: { $0.tls = pki.server }) { daemon async throws in
            let revoked = daemon.client("petition-office", tls: pki.client("revoked"))
            let refused = await refusal { _ = try await revoked.checkHealth() }
            #expect(refused?.code == .unauthenticated)
            #expect(refused?.reason == "certificateRevoked")
            await revoked.close()
        }
    }

    @Test("certificates from another CA fail the TLS handshake, on either side")
    func untrustedCertificates() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        try await TestDaemon.with(configure: { $0.tls = pki.server }) { daemon async throws in
            let stranger = daemon.client("petition-office", tls: pki.client("stranger"))
            let strangerRefused = await refusal { _ = try await stranger.checkHealth() }
            #expect(strangerRefused?.code == .unavailable && strangerRefused?.reason == "tlsHandshakeFailed")
            #expect(strangerRefused?.message.contains("the server does not trust the client certificate") == true)
            await stranger.close()

            let wrongRoots = daemon.client("hall-staff", tls: pki.client(trusting: "stranger-ca.pem"))
            let serverRefused = await refusal { _ = try await wrongRoots.checkHealth() }
            #expect(serverRefused?.reason == "tlsHandshakeFailed")
            #expect(serverRefused?.message.contains("the server's certificate is not trusted") == true)
            await wrongRoots.close()

            // A client speaking plaintext to the TLS listener is told where to look.
            let plaintext = daemon.client("hall-staff")
            let plainRefused = await refusal { _ = try await plaintext.checkHealth() }
            #expect(plainRefused?.code == .unavailable)
            #expect(plainRefused?.message.contains("does the server expect TLS?") == true)
            await plaintext.close()
        }
    }

    @Test("a reload puts a new certificate and revocation list in force for new handshakes; live connections stay")
    func reload() async throws {
        let first = try TestPKI.make(), second = try TestPKI.make()
        defer {
            first.remove()
            second.remove()
        }
        // The server reads its files from a directory of its own, which the test rewrites.
        let live = try TestPKI.make()
        defer { live.remove() }
        func install(_ pki: TestPKI, revoking: Bool) throws {
            for name in ["server.pem", "server-key.pem", "ca.pem"] {
                try? FileManager.default.removeItem(atPath: live.path(name))
                try FileManager.default.copyItem(atPath: pki.path(name), toPath: live.path(name))
            }
            let serials = revoking ? try String(contentsOfFile: first.path("revoked-serials.txt"), encoding: .utf8) : "# none\n"
            try serials.write(toFile: live.path("revoked-serials.txt"), atomically: true, encoding: .utf8)
        }
        try install(first, revoking: false)
        try await TestDaemon.with(configure: { $0.tls = live.server }) { daemon async throws in
            let kept = daemon.client("hall-staff", tls: first.client())
            #expect(try await serving(kept))
            let revokedBefore = daemon.client("petition-office", tls: first.client("revoked"))
            #expect(try await serving(revokedBefore), "not revoked yet")
            await revokedBefore.close()

            try install(second, revoking: false)
            let summary = try daemon.daemon.server.reloadTransportSecurity()
            #expect(summary?.subject.contains("CN=councild") == true)
            let oldRoots = daemon.client("hall-staff", tls: first.client())
            #expect(await refusal { _ = try await oldRoots.checkHealth() }?.reason == "tlsHandshakeFailed")
            await oldRoots.close()
            let newRoots = daemon.client("hall-staff", tls: second.client())
            #expect(try await serving(newRoots))
            await newRoots.close()
            #expect(try await serving(kept), "a live connection keeps the certificate it negotiated")
            await kept.close()

            try install(first, revoking: true)
            try daemon.daemon.server.reloadTransportSecurity()
            let revokedAfter = daemon.client("petition-office", tls: first.client("revoked"))
            #expect(await refusal { _ = try await revokedAfter.checkHealth() }?.reason == "certificateRevoked")
            await revokedAfter.close()

            // A reload that cannot read its files keeps what is in force.
            try FileManager.default.removeItem(atPath: live.path("server-key.pem"))
            #expect(throws: ServerConfigurationError.self) { try daemon.daemon.server.reloadTransportSecurity() }
            let afterFailedReload = daemon.client("hall-staff", tls: first.client())
            #expect(try await serving(afterFailedReload))
            await afterFailedReload.close()
        }
    }

    @Test("a plaintext listener off loopback refuses to start unless allowed", arguments: [
        ("0.0.0.0:0", false, true), (":0", false, true), ("127.0.0.1:0", false, false), ("localhost:0", false, false),
        ("[::1]:0", false, false), ("127.9.9.9:0", false, false), ("0.0.0.0:0", true, false),
    ])
    func plaintextOffLoopback(listen: String, allowPlaintext: Bool, refused: Bool) async throws {
        var configuration = ServerConfiguration()
        configuration.listen = listen
        configuration.database = ":memory:"
        configuration.allowPlaintext = allowPlaintext
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            _ = try await CouncilDaemon(configuration: configuration, logger: logger)
            #expect(!refused, "\(listen) should have been refused")
        } catch let error as ServerConfigurationError {
            #expect(refused, "\(error)")
            #expect(error.message.contains("refusing to listen in plaintext on \(listen)"))
            #expect(error.message.contains("allowPlaintext"))
        }
    }

    @Test("TLS settings that cannot work are refused with the setting named")
    func badSettings() throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        var both = pki.server
        both.clientSystems = [.init(system: "grid-platform", commonName: "grid-platform", dnsName: "grid-platform")]
        #expect(throws: ServerConfigurationError("tls.clientSystems[0] must give exactly one of commonName and dnsName")) {
            try TransportSecurity(both)
        }
        var missingKey = pki.server
        missingKey.privateKey = pki.path("nothing-here.pem")
        #expect(throws: ServerConfigurationError("tls.privateKey: cannot read a PEM private key from \(pki.path("nothing-here.pem"))")) {
            try TransportSecurity(missingKey)
        }
        var mismatched = pki.server
        mismatched.privateKey = pki.path("grid-platform-key.pem")
        #expect(throws: ServerConfigurationError.self) { try TransportSecurity(mismatched) }
        var requireWithoutCA = pki.server
        requireWithoutCA.clientCA = nil
        requireWithoutCA.requireClientCertificate = true
        #expect(throws: ServerConfigurationError.self) { try TransportSecurity(requireWithoutCA) }

        let json = """
            { "tls": { "certificate": "s.pem", "privateKey": "k.pem", "clientSystems": [ { "system": "grid-platform", "commonName": "grid-platform" } ] },
              "allowPlaintext": true }
            """
        let decoded = try JSONDecoder().decode(ServerConfiguration.self, from: Data(json.utf8))
        #expect(decoded.allowPlaintext)
        #expect(decoded.tls?.clientSystems.first?.keyRequired == false && decoded.tls?.requireClientCertificate == false)
    }

    @Test("with requireClientCertificate, a client without one is refused in the TLS handshake")
    func requiredClientCertificate() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        var settings = pki.server
        settings.requireClientCertificate = true
        try await TestDaemon.with(configure: { $0.tls = settings }) { daemon async throws in
            let bare = daemon.client("hall-staff", tls: pki.client())
            let refused = await refusal { _ = try await bare.checkHealth() }
            #expect(refused?.reason == "tlsHandshakeFailed")
            await bare.close()
            let withCertificate = daemon.client("hall-staff", tls: pki.client("hall-staff"))
            #expect(try await serving(withCertificate))
            await withCertificate.close()
        }
    }
}

@Suite("councild and councilctl over TLS, as processes")
struct TransportSecurityProcessTests {
    @Test(
        "councild serves councilctl over mutual TLS and puts a new certificate in force on SIGHUP",
        .enabled(if: CouncildProcess.executable != nil && CouncilctlBinary.url != nil, "councild and councilctl are not built next to the tests"))
    func hangupReload() async throws {
        let first = try TestPKI.make(), second = try TestPKI.make(), live = try TestPKI.make()
        defer {
            for pki in [first, second, live] { pki.remove() }
        }
        func install(_ pki: TestPKI) throws {
            for name in ["server.pem", "server-key.pem"] {
                try? FileManager.default.removeItem(atPath: live.path(name))
                try FileManager.default.copyItem(atPath: pki.path(name), toPath: live.path(name))
            }
        }
        try install(first)
        let councild = try await CouncildProcess.start([
            "--memory", "--demo", "--listen", "127.0.0.1:0", "--tls-certificate", live.path("server.pem"),
            "--tls-private-key", live.path("server-key.pem"), "--tls-client-ca", first.path("ca.pem"),
        ])
        defer { councild.kill() }
        try await councild.waitForLog("transport=mutual-tls")
        let server = "127.0.0.1:\(councild.port)"
        func health(trusting pki: TestPKI) async throws -> CouncilctlBinary.Result {
            try await CouncilctlBinary.run(
                ["health", "--server", server, "--system", "hall-staff", "--key", "demo-hall-staff"],
                environment: ["COUNCIL_TLS_CA": pki.path("ca.pem"), "COUNCIL_TLS_CERT": first.path("hall-staff.pem"),
                              "COUNCIL_TLS_KEY": first.path("hall-staff-key.pem")])
        }
        #expect(try await health(trusting: first).status == 0)

        try install(second)
        councild.signal(SIGHUP)
        try await councild.waitForLog("reloaded the TLS certificate")
        let old = try await health(trusting: first)
        #expect(old.status == 3, "the old CA no longer verifies the server: \(old.stderr)")
        #expect(old.stderr.contains("TLS handshake with \(server) failed: the server's certificate is not trusted"))
        #expect(try await health(trusting: second).status == 0)

        councild.signal(SIGTERM)
        #expect(try await councild.waitForExit().status == 0)
    }

    @Test(
        "councild refuses to listen in plaintext off loopback, and says why",
        .enabled(if: CouncildProcess.executable != nil, "councild is not built next to the tests"))
    func plaintextRefused() async throws {
        let refused = try await CouncildProcess.refusal(["--memory", "--demo", "--listen", "0.0.0.0:0"])
        #expect(refused.exit.status == 2)
        #expect(refused.log.contains("refusing to listen in plaintext on 0.0.0.0:0"), "\(refused.log)")
        let allowed = try await CouncildProcess.start(["--memory", "--demo", "--listen", "0.0.0.0:0", "--allow-plaintext"])
        allowed.signal(SIGTERM)
        #expect(try await allowed.waitForExit().status == 0)
    }
}
