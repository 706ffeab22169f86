/// A sitting of the council (议事会议): when and where, who was invited and came, what was on the agenda and
/// what was decided.
///
/// Each community holds at least one a week. Kept as a ``CouncilRecord`` (kind `meeting`); ``MeetingService``
/// is the only writer.
public struct Meeting: CouncilRecord, Hashable, Identifiable {
    /// Where a meeting stands.
    public enum Status: String, CaseIterable, Sendable, Codable {
        /// Planned; the agenda may still change.
        case scheduled
        /// Held; its record and outcomes are final.
        case held
        /// Called off.
        case cancelled
    }

    /// The kind of place (三个灵活: the hall is the main place, corridors and pavilions in the compounds too).
    public enum PlaceKind: String, CaseIterable, Sendable, Codable {
        /// The council hall (议事厅).
        case hall
        /// A corridor in a compound (议事廊).
        case corridor
        /// A pavilion in a compound (议事亭).
        case pavilion
        /// Anywhere else.
        case other
    }

    /// The form the meeting takes.
    public enum Format: String, CaseIterable, Sendable, Codable {
        /// 联席会.
        case jointMeeting
        /// 恳谈会.
        case heartToHeartTalk
        /// 协调会.
        case coordinationMeeting
        /// Anything else.
        case other
    }

    /// Someone invited: a directory person, a unit, or a resident by role only.
    public struct Participant: Hashable, Sendable, Codable {
        /// The participant's role at the meeting.
        public enum Role: String, CaseIterable, Sendable, Codable {
            /// A resident representative (居民代表).
            case representative
            /// A community cadre (社区干部).
            case cadre
            /// A district leader (区级领导).
            case leader
            /// A responsible unit (职能部门).
            case unit
            /// A property company (物业公司).
            case propertyCompany
            /// A legal adviser (法律顾问).
            case legalAdviser
            /// A resident, counted rather than named.
            case resident
            /// Anyone else.
            case other
        }

        /// The role.
        public var role: Role
        /// A person id or unit code from the directory; `nil` for residents, who are counted, not named.
        public var reference: String?

        /// Creates a participant.
        public init(role: Role, reference: String? = nil) {
            self.role = role
            self.reference = reference
        }
    }

    /// One item on the agenda: a case awaiting deliberation, or a free topic.
    public struct AgendaItem: Hashable, Sendable, Codable {
        /// The item's number on the agenda, from 1.
        public var number: Int
        /// The case, when the item is one.
        public var caseID: CaseID?
        /// The topic in words; for a case, its title.
        public var topic: String
        /// The record of the discussion, once held.
        public var record: ItemRecord?
        /// The outcome, once held.
        public var outcome: DeliberationOutcome?

        /// Creates an item.
        public init(number: Int, caseID: CaseID?, topic: String, record: ItemRecord? = nil, outcome: DeliberationOutcome? = nil) {
            self.number = number
            self.caseID = caseID
            self.topic = topic
            self.record = record
            self.outcome = outcome
        }
    }

    /// What was said on an item (问答辩).
    public struct ItemRecord: Hashable, Sendable, Codable {
        /// Questions raised.
        public var questions: String
        /// Answers given.
        public var answers: String
        /// The debate.
        public var debate: String

        /// Creates a record.
        public init(questions: String = "", answers: String = "", debate: String = "") {
            self.questions = questions
            self.answers = answers
            self.debate = debate
        }

        /// The three parts as one summary for the case's history.
        public var summary: String {
            [("问", questions), ("答", answers), ("辩", debate)].filter { !$0.1.isEmpty }.map { "\($0.0)：\($0.1)" }
                .joined(separator: "\n")
        }
    }

    /// The meeting id.
    public var id: String
    /// The community whose council meets.
    public var community: String
    /// When it is (or was) to start.
    public var scheduledAt: Timestamp
    /// The kind of place.
    public var placeKind: PlaceKind
    /// The place's name, for example 3号楼议事廊.
    public var placeName: String
    /// The format.
    public var format: Format
    /// The convener's person id.
    public var convener: String
    /// Who was invited.
    public var invited: [Participant]
    /// The agenda, in order.
    public var agenda: [AgendaItem]
    /// Where it stands.
    public var status: Status
    /// When it was held.
    public var heldAt: Timestamp?
    /// Directory people who attended.
    public var attendees: [String]
    /// How many residents attended besides them.
    public var residentCount: Int
    /// The minutes (会议纪要).
    public var minutes: String?
    /// Earlier start times, when it was rescheduled.
    public var rescheduledFrom: [Timestamp]
    /// Why it was cancelled.
    public var cancellationReason: String?

    /// Creates a meeting as stored; ``MeetingService`` makes new ones, and a client rebuilds them from the wire.
    public init(
        id: String, community: String, scheduledAt: Timestamp, placeKind: PlaceKind, placeName: String, format: Format,
        convener: String, invited: [Participant], agenda: [AgendaItem], status: Status, heldAt: Timestamp?,
        attendees: [String], residentCount: Int, minutes: String?, rescheduledFrom: [Timestamp], cancellationReason: String?
    ) {
        self.id = id
        self.community = community
        self.scheduledAt = scheduledAt
        self.placeKind = placeKind
        self.placeName = placeName
        self.format = format
        self.convener = convener
        self.invited = invited
        self.agenda = agenda
        self.status = status
        self.heldAt = heldAt
        self.attendees = attendees
        self.residentCount = residentCount
        self.minutes = minutes
        self.rescheduledFrom = rescheduledFrom
        self.cancellationReason = cancellationReason
    }

    /// The cases on the agenda.
    public var caseIDs: [CaseID] { agenda.compactMap(\.caseID) }

    public static let recordKind = "meeting"
    public var recordID: String { id }
    public var recordCommunity: String? { community }
    public var recordDate: Timestamp? { heldAt ?? scheduledAt }
}
