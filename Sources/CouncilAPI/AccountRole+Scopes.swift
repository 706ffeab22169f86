import CouncilKit

extension AccountRole: Codable {
    /// The scopes the role grants (`Schemas/PROTOCOL.md` §8a).
    public var scopes: Set<Scope> {
        switch self {
        case .hallStaff: [.submit, .read, .manage, .personalData]
        case .communityCadre: [.submit, .read, .manage]
        case .unitHandler: [.read, .manage]
        case .leader: [.read]
        case .auditor: [.read, .personalData]
        case .administrator: [.read, .accounts, .directory, .notifications]
        }
    }
}

extension Set<AccountRole> {
    /// Every scope the roles grant together.
    public var scopes: Set<Scope> { reduce(into: []) { $0.formUnion($1.scopes) } }
}
