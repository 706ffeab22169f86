import CouncilAPI
import CouncilKit

/// Who is calling: the authenticated client system, the person acting within it, and what its key allows.
public struct Caller: Hashable, Sendable {
    /// The client system and acting user, recorded on every event the call causes.
    public var principal: Principal
    /// What the key allows.
    public var scopes: Set<Scope>

    /// Creates a caller.
    public init(principal: Principal, scopes: Set<Scope>) {
        self.principal = principal
        self.scopes = scopes
    }

    /// How submitters' personal data is shown to this caller.
    public var disclosure: PersonalDataDisclosure { scopes.contains(.personalData) ? .full : .masked }
}
