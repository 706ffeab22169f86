import CouncilAPI
import NIOCore
import NIOSSL

extension CouncilClient.Configuration {
    /// TLS to councild, and the client certificate for mutual TLS.
    ///
    /// ```swift
    /// var configuration = CouncilClient.Configuration(host: "hall.example", system: "grid-platform", key: nil)
    /// configuration.tls = .init(trustRoots: "/etc/council/ca.pem", certificate: "grid.pem", privateKey: "grid-key.pem")
    /// ```
    public struct TLS: Hashable, Sendable {
        /// CA certificates, PEM, the server's certificate must chain to; `nil`: the system's trust store.
        public var trustRoots: String?
        /// This client's certificate chain, PEM, for mutual TLS; with ``privateKey``.
        public var certificate: String?
        /// The private key of ``certificate``, PEM.
        public var privateKey: String?
        /// The name the server's certificate must carry; `nil`: the host connected to (an IP address is checked
        /// against the certificate's IP addresses).
        public var serverName: String?

        /// Creates TLS settings. The server is always verified; TLS 1.2 is the least version spoken.
        public init(trustRoots: String? = nil, certificate: String? = nil, privateKey: String? = nil, serverName: String? = nil) {
            self.trustRoots = trustRoots
            self.certificate = certificate
            self.privateKey = privateKey
            self.serverName = serverName
        }
    }
}

/// The NIOSSL context a connection's TLS handshake uses, made from ``CouncilClient/Configuration/TLS``.
struct ClientTLS {
    let context: NIOSSLContext
    /// The name sent as SNI and verified; `nil` for an IP address, which is verified against the peer's address.
    let serverHostname: String?

    /// - Throws: ``CouncilClientError`` INVALID_ARGUMENT naming the setting whose file cannot be used.
    init(_ settings: CouncilClient.Configuration.TLS, host: String) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let trustRoots = settings.trustRoots {
            guard let roots = try? NIOSSLCertificate.fromPEMFile(trustRoots), !roots.isEmpty else {
                throw Self.invalid("tls.trustRoots", "cannot read PEM certificates from \(trustRoots)")
            }
            configuration.trustRoots = .certificates(roots)
        }
        switch (settings.certificate, settings.privateKey) {
        case (let certificate?, let key?):
            guard let chain = try? NIOSSLCertificate.fromPEMFile(certificate), !chain.isEmpty else {
                throw Self.invalid("tls.certificate", "cannot read a PEM certificate chain from \(certificate)")
            }
            guard let privateKey = try? NIOSSLPrivateKey(file: key, format: .pem) else {
                throw Self.invalid("tls.privateKey", "cannot read a PEM private key from \(key)")
            }
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(privateKey)
        case (nil, nil):
            break
        default:
            throw Self.invalid("tls.certificate", "a client certificate and its private key go together")
        }
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Self.invalid("tls", "the client certificate and private key cannot be used together (\(error))")
        }
        let name = settings.serverName ?? host
        serverHostname = (try? SocketAddress(ipAddress: name, port: 0)) == nil ? name : nil
    }

    private static func invalid(_ field: String, _ message: String) -> CouncilClientError {
        var error = CouncilClientError(.invalidArgument, message, reason: "invalidArgument")
        error.field = field
        return error
    }

    /// Why a TLS handshake failed, in words, when `error` is a TLS error.
    static func failureReason(_ error: any Error) -> String? {
        let detail: String
        switch error {
        case let error as NIOSSLError:
            if case .handshakeFailed(let cause) = error { detail = "\(cause)" } else { detail = "\(error)" }
        case let error as BoringSSLError:
            detail = "\(error)"
        case let error as NIOSSLExtraError:
            detail = "\(error)"
        default:
            return nil
        }
        // BoringSSL's reason is the upper-case word after the library name, for example CERTIFICATE_VERIFY_FAILED.
        guard let range = detail.firstRange(of: "OPENSSL_internal:") else { return detail }
        let code = String(detail[range.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" })
        let explanation: String? =
            switch code {
            case "CERTIFICATE_VERIFY_FAILED": "the server's certificate is not trusted, or not for this host"
            case "TLSV1_ALERT_UNKNOWN_CA", "TLSV1_ALERT_BAD_CERTIFICATE", "SSLV3_ALERT_BAD_CERTIFICATE":
                "the server does not trust the client certificate"
            case "TLSV1_ALERT_CERTIFICATE_REQUIRED", "PEER_DID_NOT_RETURN_A_CERTIFICATE": "the server requires a client certificate"
            case "WRONG_VERSION_NUMBER": "the server does not speak TLS here"
            case "TLSV1_ALERT_CERTIFICATE_EXPIRED", "SSLV3_ALERT_CERTIFICATE_EXPIRED": "the server says the client certificate has expired"
            default: nil
            }
        return explanation.map { "\($0) (\(code))" } ?? code
    }
}
