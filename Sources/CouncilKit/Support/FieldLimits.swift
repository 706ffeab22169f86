/// The characters and length of one kind of string field, and the fields of that kind as the schema names them.
public struct FieldLimit: Hashable, Sendable, CustomStringConvertible {
    /// What the field may hold.
    public enum Kind: String, Hashable, Sendable {
        /// 1–64 ASCII letters, digits and `-_.:`: a client system's code.
        case code
        /// One line of visible characters, no space at either end (``TextRules/identifierProblem(_:max:)``).
        case identifier
        /// What people type, line breaks and tabs included (``TextRules``).
        case text
    }

    /// The fields this limit applies to, as the schema and error statuses name them: `metadata.trace_id`, `note`;
    /// `add_progress: note` is one method's field where others of the same name have another limit.
    public let fields: [String]
    /// What they may hold.
    public let kind: Kind
    /// The most characters (user-perceived characters: Unicode extended grapheme clusters) they may have.
    public let maxCharacters: Int
    /// Whether they may be empty (for free text: blank), meaning "none".
    public let mayBeEmpty: Bool

    /// Creates a limit.
    public init(_ fields: [String], _ kind: Kind, maxCharacters: Int, mayBeEmpty: Bool) {
        self.fields = fields
        self.kind = kind
        self.maxCharacters = maxCharacters
        self.mayBeEmpty = mayBeEmpty
    }

    /// The first field: the one a refusal names when it is the only one.
    public var field: String { fields[0] }

    /// Why `value` breaks the limit, as a sentence naming `field`; `nil` when it does not.
    public func problem(_ value: String, field: String? = nil) -> String? {
        let field = field ?? self.field
        if value.isEmpty { return mayBeEmpty ? nil : "\(field) must not be empty" }
        switch kind {
        case .code:
            return TextRules.isCode(value, max: maxCharacters) ? nil : "\(field) must be 1–\(maxCharacters) ASCII letters, digits or -_.: characters"
        case .identifier:
            return TextRules.identifierProblem(value, max: maxCharacters).map { "\(field) \($0)" }
        case .text:
            return TextRules.textProblem(value, max: maxCharacters, required: !mayBeEmpty).map { "\(field) \($0)" }
        }
    }

    public var description: String { fields.joined(separator: ", ") }
}

/// The limits of the strings of cases and of the council's records: every free-text field and every identifier a
/// person chooses, with the fields each applies to. CouncilKit checks each operation's input against it; with the
/// handshake's and call metadata's (`FieldLimits` in CouncilAPI) it makes PROTOCOL.md's table of field limits (§8.1).
public enum TextLimits {
    /// A case's title.
    public static let title = FieldLimit(["submission.title"], .text, maxCharacters: 200, mayBeEmpty: false)
    /// A case's description and other long accounts.
    public static let description = FieldLimit(
        ["submission.description", "record.items[].record.questions", "record.items[].record.answers",
         "record.items[].record.debate", "notes"],
        .text, maxCharacters: 5000, mayBeEmpty: true)
    /// A reference to a photo or document held elsewhere.
    public static let attachment = FieldLimit(["submission.attachments[]"], .text, maxCharacters: 500, mayBeEmpty: false)
    /// A place's description, an organization's name.
    public static let placeDescription = FieldLimit(
        ["submission.location.description", "referral.organization"], .text, maxCharacters: 200, mayBeEmpty: false)
    /// The sending system's own identifier for a record.
    public static let externalReference = FieldLimit(
        ["submission.external_reference.reference"], .identifier, maxCharacters: 128, mayBeEmpty: false)
    /// The person on whose behalf an event happens, within its system.
    public static let principalUser = FieldLimit(["principal.user"], .identifier, maxCharacters: 128, mayBeEmpty: false)
    /// A submitter's name.
    public static let personName = FieldLimit(["submission.submitter.name"], .text, maxCharacters: 64, mayBeEmpty: false)
    /// A submitter's address.
    public static let address = FieldLimit(["submission.submitter.address"], .text, maxCharacters: 200, mayBeEmpty: false)
    /// A submitter's identity-document number.
    public static let idNumber = FieldLimit(["submission.submitter.id_number"], .text, maxCharacters: 32, mayBeEmpty: false)
    /// Why something was done or refused.
    public static let reason = FieldLimit(
        ["reason", "referral.reason", "extension.reason", "record.reason"], .text, maxCharacters: 1000, mayBeEmpty: false)
    /// A short note or message on a step of the loop.
    public static let note = FieldLimit(
        ["note", "record.note", "message_to_submitter", "evaluation.comment"], .text, maxCharacters: 1000, mayBeEmpty: false)
    /// A longer account of a step: progress, instructions, a result, feedback, a verification, a decision.
    public static let account = FieldLimit(
        ["add_progress: note", "instructions", "result.summary", "feedback.message", "verification.note",
         "record.resolution.decision", "help_given"],
        .text, maxCharacters: 2000, mayBeEmpty: false)
    /// What a deliberation recorded.
    public static let summary = FieldLimit(["record.summary"], .text, maxCharacters: 5000, mayBeEmpty: false)
    /// A completion report, a meeting's minutes.
    public static let report = FieldLimit(["result.completion_report", "record.minutes"], .text, maxCharacters: 20_000, mayBeEmpty: false)
    /// A meeting place's name, who awards a commendation.
    public static let shortName = FieldLimit(["plan.place_name", "awarded_by"], .text, maxCharacters: 100, mayBeEmpty: false)
    /// A free topic on a meeting's agenda.
    public static let topic = FieldLimit(["plan.topics[]", "topic"], .text, maxCharacters: 200, mayBeEmpty: false)

    /// Every limit, in the order PROTOCOL.md lists them.
    public static let all: [FieldLimit] = [
        title, description, attachment, placeDescription, externalReference, principalUser, personName, address, idNumber,
        reason, note, account, summary, report, shortName, topic,
    ]
}
