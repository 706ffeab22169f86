import CouncilAPI
import CouncilKit

/// Refuses a call its caller's key does not allow, before anything else is done: the method's scope
/// (``MethodDescriptor/scope``) is needed; or, for a method with an ``MethodDescriptor/ownCasesScope``, that scope
/// and a case the caller's own system sent (its external reference names the system).
public struct AuthorizationInterceptor: ServerInterceptor {
    private let lookUp: @Sendable (CaseID) async throws -> CouncilCase

    /// Creates the interceptor.
    /// - Parameter lookUp: Reads a case, for methods a caller may call on its own cases only.
    public init(lookUp: @escaping @Sendable (CaseID) async throws -> CouncilCase) {
        self.lookUp = lookUp
    }

    public func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        let method = context.method, caller = context.caller
        guard let needed = method.scope, !caller.scopes.contains(needed) else { return try await next(request, context) }
        if let own = method.ownCasesScope, caller.scopes.contains(own), let target = request as? any CaseOperationRequest {
            let state = try await lookUp(target.caseID)
            guard state.submission.externalReference?.system == caller.principal.system else {
                throw CouncilError(
                    .permissionDenied,
                    "\(caller.principal.system) may \(method.field) only the cases it sent itself; case \(state.number) came from elsewhere")
            }
            var context = context
            context.actsOnOwnCaseOnly = true
            return try await next(request, context)
        }
        throw CouncilError(
            .permissionDenied,
            "the key of \(caller.principal.system) does not allow \(method.field) (needs the \(needed.rawValue) scope)")
    }
}
