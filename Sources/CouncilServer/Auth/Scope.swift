import CouncilKit
import CouncilWire

/// What a client system's key allows.
public enum Scope: String, CaseIterable, Hashable, Sendable, Codable {
    /// Register cases; and, for cases the caller's own system sent, evaluate, verify and withdraw them.
    case submit
    /// Read cases, their history, the changes feed and the watch stream; read the directory; read meetings, public
    /// notices, links, visits, coverage, elections, representatives, commendations, scorecards, the annual
    /// assessment and the CSV exports.
    case read
    /// Move any case through the loop (every case operation); schedule, change and hold meetings; establish and end
    /// links, log visits and raise cases on them; record elections and commendations.
    case manage
    /// See submitters' personal data unmasked.
    case personalData
    /// Change the directory (load a directory seed).
    case directory
    /// List, replay and set aside the notifications the server gave up on (dead letters).
    case notifications
}

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

    /// Operations a system with the submit scope may perform on the cases it sent itself.
    static let sourceSystemOperations: Set<CaseOperation> = [.evaluate, .verify, .withdraw]

    /// Throws unless the caller may call `method`.
    ///
    /// Case operations other than submit need `manage`, except evaluate, verify and withdraw, which the `submit`
    /// scope also allows on cases whose external reference names the caller's own system (checked once the case is
    /// read, by ``requireSourceSystem(of:for:)``).
    func authorize(_ method: WireMethod) throws {
        let needed: Scope
        switch method {
        case .getServerInfo, .checkHealth:
            return
        case .listCommunities, .locateGridCell, .listUnits, .listPeople, .listCategories, .getCase, .getHistory,
            .findCases, .listChanges, .watchEvents:
            needed = .read
        case .getMeeting, .listMeetings, .getPublicNotice, .listMeetingCadenceGaps, .listLinks, .listVisits, .getCoverage,
            .listCadenceLapses, .listElections, .listRepresentatives, .getAttendance, .listCommendations, .getScorecard,
            .getAnnualAssessment, .exportCases, .exportScorecards:
            needed = .read
        case .scheduleMeeting, .addToAgenda, .rescheduleMeeting, .cancelMeeting, .holdMeeting, .establishLink, .endLink,
            .logVisit, .raiseCaseOnVisit, .recordElection, .commend:
            needed = .manage
        case .loadDirectory:
            needed = .directory
        case .listDeadLetters, .replayDeadLetter, .discardDeadLetter:
            needed = .notifications
        case .submit:
            needed = .submit
        default:
            if let operation = method.operation, Self.sourceSystemOperations.contains(operation), scopes.contains(.submit) {
                return
            }
            needed = .manage
        }
        guard scopes.contains(needed) else {
            throw CouncilError(.permissionDenied, "the key of \(principal.system) does not allow \(method) (needs the \(needed.rawValue) scope)")
        }
    }

    /// For a caller without `manage` using the submit scope on a source-system operation: the case must be its own.
    func requireSourceSystem(of state: CouncilCase, for operation: CaseOperation) throws {
        guard !scopes.contains(.manage) else { return }
        guard state.submission.externalReference?.system == principal.system else {
            throw CouncilError(
                .permissionDenied,
                "\(principal.system) may \(operation.rawValue) only the cases it sent itself; case \(state.number) came from elsewhere")
        }
    }
}
