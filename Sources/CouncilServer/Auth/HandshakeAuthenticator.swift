import CouncilAPI
import CouncilKit
import Metrics

/// Decides who a connection is from its handshake: the client system it names, the key it presents, and the client
/// certificate its TLS handshake verified.
///
/// * A revoked certificate is refused whatever else is presented (`UNAUTHENTICATED`, `certificateRevoked`).
/// * A certificate a ``ServerConfiguration/ClientCertificateRule`` matches stands for that rule's system: the
///   handshake must name it (else `PERMISSION_DENIED`). Without a key the rule's scopes apply, unless the rule
///   requires the key too (then `UNAUTHENTICATED`); with a key, the key must be that system's and its scopes apply.
/// * A personal key (`chp_…`, ``AccountRegistry``) signs its person in: the handshake must name the account's system,
///   the account's roles give the scopes, and every event the connection causes names the person as signed in.
/// * Otherwise the key alone decides, as without TLS.
///
/// Refusals for the credential count as failed sign-ins (``SignInGuard``); after repeated ones from an address or for
/// an account, further refusals are answered only after a growing wait. A credential that signs in is answered at once.
struct HandshakeAuthenticator: Sendable {
    /// The keys in force; ``CouncilServer/reloadKeys(_:)`` replaces them for the handshakes that follow.
    let keys: KeysInForce
    var security: TransportSecurity?
    var accounts: AccountRegistry
    var guardian: SignInGuard
    /// Where failed sign-ins are counted, by the kind of credential.
    var metrics: ServerMetrics

    /// Decides; a refusal waits first when `address` or the key's account is being slowed down.
    func authenticate(system: String, token: String?, certificate: PeerCertificate?, address: String, clock: any SleepingClock) async
        -> (result: Result<Caller, CallStatus>, account: String?)
    {
        var account: String?
        let result: Result<Caller, CallStatus>
        if let token, token.hasPrefix(AccountRegistry.keyPrefix), certificate.map({ security?.isRevoked($0) != true }) ?? true {
            (result, account) = await signIn(system: system, key: token)
        } else {
            result = decide(system: system, token: token, certificate: certificate)
        }
        switch result {
        case .success:
            guardian.succeeded(account: account)
        case .failure(let status) where status.code == .unauthenticated:
            // Only refusals wait: a valid credential is never slowed down by others' failures from its address.
            let wait = guardian.delay(address: address, account: account)
            guardian.failed(address: address, account: account)
            let byCertificate = status.reason == "certificateRevoked" || (token == nil && certificate != nil)
            metrics.signInFailed(byCertificate ? "certificate" : token?.hasPrefix(AccountRegistry.keyPrefix) == true ? "account" : "key")
            if wait > .zero {
                // A timer rather than a sleep: the connection's other timers run on the same clock.
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    _ = clock.schedule(after: wait) { continuation.resume() }
                }
            }
        case .failure:
            break
        }
        return (result, account)
    }

    private func signIn(system: String, key: String) async -> (Result<Caller, CallStatus>, String?) {
        let outcome: Result<Account, AccountRegistry.Refusal>
        do {
            outcome = try await accounts.signIn(key: key)
        } catch {
            return (.failure(CallStatus(.unavailable, "accounts cannot be read now; try again", reason: "storageUnavailable")), nil)
        }
        switch outcome {
        case .success(let account):
            guard account.system == system else {
                return (.failure(CallStatus(.permissionDenied, "this key's account signs in through \(account.system)", reason: "permissionDenied")), account.personID)
            }
            let principal = Principal(system: system, user: account.personID, userAuthenticated: true)
            return (.success(Caller(principal: principal, scopes: account.roles.scopes)), account.personID)
        case .failure(let refusal):
            let status: CallStatus
            switch refusal {
            case .unknownKey: status = CallStatus(.unauthenticated, "the credential is missing or not valid", reason: "unauthenticated")
            case .revoked: status = CallStatus(.unauthenticated, "this key has been revoked", reason: "keyRevoked")
            case .expired: status = CallStatus(.unauthenticated, "this key has expired", reason: "keyExpired")
            case .disabled: status = CallStatus(.unauthenticated, "this account is disabled", reason: "accountDisabled")
            }
            return (.failure(status), refusal.person)
        }
    }

    private func decide(system: String, token: String?, certificate: PeerCertificate?) -> Result<Caller, CallStatus> {
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
