import CouncilKit
import Foundation

// CouncilKit gives `Intake`, `Acceptance`, `Dispatch`, `ExtensionApproval` and `ExtensionDenial` no public
// initialiser, but every stored property of each is `public var`. To decode them from the wire without changing
// CouncilKit, each is built from a template decoded once from JSON, then every property is assigned. A test
// (DomainConstructionTests) counts the stored properties, so a property added to CouncilKit fails the build's
// tests instead of silently keeping the template's value. Public initialisers in CouncilKit would remove this.

enum DomainTemplates {
    private static func decode<T: Decodable>(_ json: String) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            preconditionFailure("the \(T.self) template no longer decodes: \(error)")
        }
    }

    static let intake: Intake = decode("""
        {"submission": {"title": "", "description": "", "source": "walkIn", "attachments": []},
         "community": "", "responseDue": 0, "requiresVerification": false}
        """)
    static let acceptance: Acceptance = decode("""
        {"category": "", "priority": "normal", "handlingDue": 0, "handlingLimit": "0h",
         "evaluationWindow": "0h", "maxExtension": "0h", "reworkLimit": 0}
        """)
    static let dispatch: Dispatch = decode(#"{"unit": "", "due": 0}"#)
    static let extensionApproval: ExtensionApproval = decode(
        #"{"approver": "", "messageToSubmitter": "", "length": 0, "newDue": 0}"#)
    static let extensionDenial: ExtensionDenial = decode(#"{"approver": "", "reason": ""}"#)
}

extension Intake {
    init(wire submission: Submission, community: String, responseDue: Timestamp, requiresVerification: Bool) {
        self = DomainTemplates.intake
        self.submission = submission
        self.community = community
        self.responseDue = responseDue
        self.requiresVerification = requiresVerification
    }
}

extension Acceptance {
    init(
        wire category: String, priority: Priority, note: String?, handlingDue: Timestamp, handlingLimit: TimeLimit,
        evaluationWindow: TimeLimit, maxExtension: TimeLimit, reworkLimit: Int
    ) {
        self = DomainTemplates.acceptance
        self.category = category
        self.priority = priority
        self.note = note
        self.handlingDue = handlingDue
        self.handlingLimit = handlingLimit
        self.evaluationWindow = evaluationWindow
        self.maxExtension = maxExtension
        self.reworkLimit = reworkLimit
    }
}

extension Dispatch {
    init(wire unit: String, due: Timestamp, instructions: String?) {
        self = DomainTemplates.dispatch
        self.unit = unit
        self.due = due
        self.instructions = instructions
    }
}

extension ExtensionApproval {
    init(wire approver: String, messageToSubmitter: String, length: Int, newDue: Timestamp) {
        self = DomainTemplates.extensionApproval
        self.approver = approver
        self.messageToSubmitter = messageToSubmitter
        self.length = length
        self.newDue = newDue
    }
}

extension ExtensionDenial {
    init(wire approver: String, reason: String) {
        self = DomainTemplates.extensionDenial
        self.approver = approver
        self.reason = reason
    }
}
