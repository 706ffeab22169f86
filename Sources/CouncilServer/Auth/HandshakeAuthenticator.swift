import CouncilAPI
import CouncilKit

/// Decides who a connection is from its handshake: the client system it names, the key it presents, and the client
/// certificate its TLS handshake verified.
///
/// * A revoked certificate is refused whatever else is presented (`UNAUTHENTICATED`, `certificateRevoked`).
/// * A certificate a ``ServerConfiguration/ClientCertificateRule`` matches stands for that rule's system: the
///   handshake must name it (else `PERMISSION_DENIED`). Without a key the rule's scopes apply, unless the rule
///   requires the key too (then `UNAUTHENTICATED`); with a key, the key must be that system's and its scopes apply.
/// * Otherwise the key alone decides, as without TLS.
struct HandshakeAuthenticator: Sendable {
    var keys: KeyRing
    var security: TransportSecurity?

    func authenticate(system: String, token: String?, certificate: PeerCertificate?) -> Result<Caller, CallStatus> {
        let rule = certificate.flatMap { certificate in security?.rule(for: certificate) }
        if let certificate, security?.isRevoked(certificate) == true {
            return .failure(CallStatus(.unauthenticated, "this client certificate has been revoked", reason: "certificateRevoked"))
        }
        if let rule, rule.system != system {
            return .failure(CallStatus(.permissionDenied, "this client certificate belongs to another client system", reason: "permissionDenied"))
        }
        guard let token else {
            guard let rule else {
                return .failure(CallStatus(.unauthenticated, "the credential is missing or not valid", reason: "unauthenticated"))
            }
            if rule.keyRequired {
                return .failure(
                    CallStatus(.unauthenticated, "\(rule.system) must present its key together with its certificate", reason: "unauthenticated"))
            }
            return .success(Caller(principal: Principal(system: rule.system), scopes: rule.scopes))
        }
        guard let entry = keys.entry(forKey: token) else {
            return .failure(CallStatus(.unauthenticated, "the credential is missing or not valid", reason: "unauthenticated"))
        }
        if entry.system != system {
            return .failure(CallStatus(.permissionDenied, "this key belongs to another client system", reason: "permissionDenied"))
        }
        return .success(Caller(principal: Principal(system: entry.system), scopes: entry.scopes))
    }
}
