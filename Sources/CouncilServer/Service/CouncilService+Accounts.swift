import CouncilAPI
import CouncilKit

extension CouncilService {
    public func addAccount(_ request: AddAccountRequest, context: CallContext) async throws -> Account {
        try await accounts.add(person: request.personID, system: request.system, roles: request.roles, by: context.caller.principal)
    }

    public func setAccountRoles(_ request: SetAccountRolesRequest, context: CallContext) async throws -> Account {
        try await accounts.setRoles(person: request.personID, roles: request.roles, by: context.caller.principal)
    }

    public func setAccountDisabled(_ request: SetAccountDisabledRequest, context: CallContext) async throws -> Account {
        try await accounts.setDisabled(person: request.personID, disabled: request.disabled, by: context.caller.principal)
    }

    public func listAccounts(_ request: ListAccountsRequest, context: CallContext) async throws -> [Account] {
        try await accounts.accounts()
    }

    public func issueKey(_ request: IssueKeyRequest, context: CallContext) async throws -> IssuedKeyResponse {
        try await accounts.issueKey(person: request.personID, expiresAt: request.expiresAt, by: context.caller.principal)
    }

    public func rotateKey(_ request: RotateKeyRequest, context: CallContext) async throws -> IssuedKeyResponse {
        try await accounts.rotateKey(request.keyID, expiresAt: request.expiresAt, by: context.caller.principal)
    }

    public func revokeKey(_ request: RevokeKeyRequest, context: CallContext) async throws -> Account {
        try await accounts.revokeKey(request.keyID, by: context.caller.principal)
    }

    public func listAccountChanges(_ request: ListAccountChangesRequest, context: CallContext) async throws -> [AccountChange] {
        try await accounts.changes(of: request.personID.isEmpty ? nil : request.personID)
    }

    public func listSignInFailures(_ request: ListSignInFailuresRequest, context: CallContext) async throws -> [SignInFailures] {
        signIns.report()
    }
}
