import CouncilAPI
import Foundation
import NIOSSL
import Synchronization
import SwiftASN1
import X509

extension ServerConfiguration {
    /// TLS on councild's listener, and mutual TLS for client systems.
    ///
    /// ```json
    /// "tls": { "certificate": "/etc/council/server.pem", "privateKey": "/etc/council/server-key.pem",
    ///          "clientCA": "/etc/council/client-ca.pem", "revokedSerials": "/etc/council/revoked-serials.txt",
    ///          "clientSystems": [ { "system": "grid-platform", "commonName": "grid-platform", "scopes": ["submit", "read"] },
    ///                             { "system": "petition-office", "dnsName": "xf.example", "keyRequired": true } ] }
    /// ```
    ///
    /// The files are read when the server starts and again on ``CouncilServer/reloadTransportSecurity()``
    /// (councild: SIGHUP); new handshakes use what was read last, live connections keep theirs.
    public struct TLS: Hashable, Sendable, Codable {
        /// The server's certificate chain, PEM: its own certificate first, then any intermediates.
        public var certificate: String
        /// The server certificate's private key, PEM.
        public var privateKey: String
        /// The CA certificates, PEM, that client certificates must chain to. Absent: clients are not asked for
        /// certificates and authenticate by key alone.
        public var clientCA: String?
        /// Whether a client without a certificate is refused in the TLS handshake. Default `false`: a client may
        /// still authenticate by key alone. Needs ``clientCA``.
        public var requireClientCertificate: Bool
        /// A file of revoked client-certificate serial numbers, one a line in hex (colons and case do not matter;
        /// `#` starts a comment). A client presenting one is refused with `UNAUTHENTICATED`, reason
        /// `certificateRevoked`.
        public var revokedSerials: String?
        /// Which client certificates stand for which client systems.
        public var clientSystems: [ClientCertificateRule]

        /// Creates TLS settings.
        public init(
            certificate: String, privateKey: String, clientCA: String? = nil, requireClientCertificate: Bool = false,
            revokedSerials: String? = nil, clientSystems: [ClientCertificateRule] = []
        ) {
            self.certificate = certificate
            self.privateKey = privateKey
            self.clientCA = clientCA
            self.requireClientCertificate = requireClientCertificate
            self.revokedSerials = revokedSerials
            self.clientSystems = clientSystems
        }

        private enum CodingKeys: String, CodingKey {
            case certificate, privateKey, clientCA, requireClientCertificate, revokedSerials, clientSystems
        }

        /// Decodes TLS settings; keys left out keep their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            certificate = try c.decode(String.self, forKey: .certificate)
            privateKey = try c.decode(String.self, forKey: .privateKey)
            clientCA = try c.decodeIfPresent(String.self, forKey: .clientCA)
            requireClientCertificate = try c.decodeIfPresent(Bool.self, forKey: .requireClientCertificate) ?? false
            revokedSerials = try c.decodeIfPresent(String.self, forKey: .revokedSerials)
            clientSystems = try c.decodeIfPresent([ClientCertificateRule].self, forKey: .clientSystems) ?? []
        }
    }

    /// A client certificate that stands for a client system: matched by its subject's common name or by a DNS name
    /// among its subject alternative names (exactly one of the two).
    public struct ClientCertificateRule: Hashable, Sendable, Codable {
        /// The client system the certificate stands for; the handshake's `client_system` must name it.
        public var system: String
        /// The subject common name (CN) to match.
        public var commonName: String?
        /// A DNS subject alternative name to match.
        public var dnsName: String?
        /// What the system may do when it authenticates by certificate alone. With a key, the key's scopes apply.
        public var scopes: Set<Scope>
        /// Whether the system must also present its key: certificate and key together. Default `false`: the
        /// certificate alone authenticates it.
        public var keyRequired: Bool

        /// Creates a rule.
        public init(system: String, commonName: String? = nil, dnsName: String? = nil, scopes: Set<Scope> = [], keyRequired: Bool = false) {
            self.system = system
            self.commonName = commonName
            self.dnsName = dnsName
            self.scopes = scopes
            self.keyRequired = keyRequired
        }

        private enum CodingKeys: String, CodingKey { case system, commonName, dnsName, scopes, keyRequired }

        /// Decodes a rule; `scopes` defaults to none and `keyRequired` to `false`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            system = try c.decode(String.self, forKey: .system)
            commonName = try c.decodeIfPresent(String.self, forKey: .commonName)
            dnsName = try c.decodeIfPresent(String.self, forKey: .dnsName)
            scopes = try c.decodeIfPresent(Set<Scope>.self, forKey: .scopes) ?? []
            keyRequired = try c.decodeIfPresent(Bool.self, forKey: .keyRequired) ?? false
        }

        func matches(_ certificate: PeerCertificate) -> Bool {
            if let commonName { return certificate.commonName == commonName }
            if let dnsName { return certificate.dnsNames.contains(dnsName.lowercased()) }
            return false
        }
    }
}

/// What councild needs to know of a verified client certificate.
struct PeerCertificate: Hashable, Sendable {
    /// The serial number in uppercase hex without separators.
    var serial: String
    /// The subject's common name, when it has one.
    var commonName: String?
    /// The DNS subject alternative names, lowercased.
    var dnsNames: [String]

    /// Reads a certificate NIOSSL verified; `nil` when it cannot be parsed.
    init?(_ certificate: NIOSSLCertificate) {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else { return nil }
        self.init(parsed)
    }

    init(_ certificate: Certificate) {
        serial = TransportSecurity.normalizedSerial(certificate.serialNumber.bytes.map { String(format: "%02X", $0) }.joined())
        commonName = certificate.subject.flatMap { $0 }.first { $0.type == .RDNAttributeType.commonName }.map { "\($0.value)" }
        dnsNames = (try? certificate.extensions.subjectAlternativeNames)??.compactMap { name in
            if case .dnsName(let dns) = name { return dns.lowercased() }
            return nil
        } ?? []
    }
}

/// The listener's TLS state: the context new handshakes use, the revoked client serials and the certificate rules,
/// read from the files ``ServerConfiguration/TLS`` names and read again by ``reload()``.
public final class TransportSecurity: Sendable {
    /// What the server certificate in force says of itself, for the log.
    public struct Summary: Hashable, Sendable {
        /// The server certificate's subject, for example `CN=councild,O=Qiaoxi`.
        public var subject: String
        /// When it expires.
        public var notValidAfter: Date
        /// How many revoked client serials are in force.
        public var revokedSerials: Int
    }

    private struct State {
        var context: NIOSSLContext
        var revoked: Set<String>
        var summary: Summary
    }

    /// The settings this was loaded from.
    public let configuration: ServerConfiguration.TLS
    private let state: Mutex<State>

    /// Reads the certificate, key, client CA and revocation list.
    /// - Throws: ``ServerConfigurationError`` naming the setting whose file cannot be read or used.
    public init(_ configuration: ServerConfiguration.TLS) throws {
        for (i, rule) in configuration.clientSystems.enumerated() where (rule.commonName == nil) == (rule.dnsName == nil) {
            throw ServerConfigurationError("tls.clientSystems[\(i)] must give exactly one of commonName and dnsName")
        }
        if configuration.requireClientCertificate && configuration.clientCA == nil {
            throw ServerConfigurationError("tls.requireClientCertificate needs tls.clientCA, the CA client certificates chain to")
        }
        self.configuration = configuration
        self.state = Mutex(try Self.load(configuration))
    }

    /// Reads every file again; new handshakes use the result, live connections keep what they negotiated.
    /// - Returns: What the server certificate now in force says of itself.
    /// - Throws: ``ServerConfigurationError`` when a file cannot be read or used; what was in force stays.
    @discardableResult
    public func reload() throws -> Summary {
        let loaded = try Self.load(configuration)
        state.withLock { $0 = loaded }
        return loaded.summary
    }

    /// What the server certificate in force says of itself.
    public var summary: Summary { state.withLock { $0.summary } }

    /// The context for the next handshake.
    var context: NIOSSLContext { state.withLock { $0.context } }

    /// Whether a client certificate's serial is revoked.
    func isRevoked(_ certificate: PeerCertificate) -> Bool {
        state.withLock { $0.revoked.contains(certificate.serial) }
    }

    /// The rule a client certificate matches, if any: the first in configuration order.
    func rule(for certificate: PeerCertificate) -> ServerConfiguration.ClientCertificateRule? {
        configuration.clientSystems.first { $0.matches(certificate) }
    }

    private static func load(_ configuration: ServerConfiguration.TLS) throws -> State {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(configuration.certificate)
        } catch {
            throw ServerConfigurationError("tls.certificate: cannot read a PEM certificate chain from \(configuration.certificate)")
        }
        guard let leaf = chain.first, let der = try? leaf.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else {
            throw ServerConfigurationError("tls.certificate: \(configuration.certificate) holds no certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: configuration.privateKey, format: .pem)
        } catch {
            throw ServerConfigurationError("tls.privateKey: cannot read a PEM private key from \(configuration.privateKey)")
        }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        if let clientCA = configuration.clientCA {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMFile(clientCA)
            } catch {
                throw ServerConfigurationError("tls.clientCA: cannot read PEM certificates from \(clientCA)")
            }
            guard !roots.isEmpty else { throw ServerConfigurationError("tls.clientCA: \(clientCA) holds no certificate") }
            tls.trustRoots = .certificates(roots)
            tls.certificateVerification = configuration.requireClientCertificate ? .noHostnameVerification : .optionalVerification
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw ServerConfigurationError("tls: the certificate and private key cannot be used together (\(error))")
        }
        var revoked: Set<String> = []
        if let path = configuration.revokedSerials {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ServerConfigurationError("tls.revokedSerials: cannot read \(path)")
            }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                let serial = normalizedSerial(entry)
                if serial.isEmpty { continue }
                guard serial.allSatisfy(\.isHexDigit) else {
                    throw ServerConfigurationError("tls.revokedSerials: line \(number + 1) of \(path) is not a hex serial number")
                }
                revoked.insert(serial)
            }
        }
        return State(
            context: context, revoked: revoked,
            summary: Summary(subject: "\(parsed.subject)", notValidAfter: parsed.notValidAfter, revokedSerials: revoked.count))
    }

    /// A serial number as compared: uppercase hex, no separators, no leading zeros.
    static func normalizedSerial(_ text: some StringProtocol) -> String {
        let hex = text.uppercased().filter { !$0.isWhitespace && $0 != ":" }
        let trimmed = hex.drop { $0 == "0" }
        return trimmed.isEmpty && !hex.isEmpty ? "0" : String(trimmed)
    }
}
