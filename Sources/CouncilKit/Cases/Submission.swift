/// The channel a case came in by (问题来源).
public enum CaseSource: String, CaseIterable, Sendable, Codable {
    /// A resident walked into the council hall.
    case walkIn
    /// Raised at a council meeting.
    case meeting
    /// Raised during a district leader's visit (包联走访).
    case leaderVisit
    /// Raised during a cadre's household visit (结对走访).
    case cadreVisit
    /// Brought by a resident representative.
    case representative
    /// Reported by the grid-management platform (网格化管理).
    case gridPlatform
    /// Transferred by the petition office (信访).
    case petitionOffice
    /// From the 12345 citizens' service hotline.
    case hotline
    /// Submitted through a resident app or mini program.
    case app
}

/// How urgent a case is; chooses the row of the time-limit policy.
public enum Priority: String, CaseIterable, Sendable, Codable {
    /// Ordinary handling times.
    case normal
    /// Shorter limits: safety, heating failures in winter, anything that cannot wait.
    case urgent
}

/// Where the problem is. Every field is optional; codes refer to the directory.
public struct CaseLocation: Hashable, Sendable, Codable {
    /// A residential compound code (小区).
    public var compound: String?
    /// A building code (楼栋) within the compound.
    public var building: String?
    /// A grid cell code (网格) from the grid-management platform.
    public var gridCell: String?
    /// The place in words, for example 3号楼东侧垃圾站. Not the submitter's own address (that is ``PersonalData``).
    public var description: String?
    /// WGS-84 latitude in degrees.
    public var latitude: Double?
    /// WGS-84 longitude in degrees.
    public var longitude: Double?

    /// Creates a location.
    public init(
        compound: String? = nil, building: String? = nil, gridCell: String? = nil, description: String? = nil,
        latitude: Double? = nil, longitude: Double? = nil
    ) {
        self.compound = compound
        self.building = building
        self.gridCell = gridCell
        self.description = description
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// What a submitter brings: the input of ``CaseService/submit(_:by:)``.
///
/// Two submissions with the same ``externalReference`` are the same case when every field is equal.
public struct Submission: Hashable, Sendable, Codable {
    /// A short title, for example 小区垃圾清运不及时. 1–200 characters.
    public var title: String
    /// What the problem is, in the submitter's words. Up to 5,000 characters.
    public var description: String
    /// The channel the case came in by.
    public var source: CaseSource
    /// The community code. May be left out when ``location`` names a grid cell, compound or building: the
    /// community is then taken from the directory.
    public var community: String?
    /// A suggested category code; the hall confirms or changes it on acceptance.
    public var category: String?
    /// A suggested priority; defaults to ``Priority/normal``.
    public var priority: Priority?
    /// Where the problem is.
    public var location: CaseLocation?
    /// Who raised it. Personal data: see ``PersonalData``.
    public var submitter: PersonalData?
    /// The sending system's key for this case; makes intake idempotent.
    public var externalReference: ExternalReference?
    /// A due time the sending system sets for handling (the petition office may set its own).
    public var requestedDue: Timestamp?
    /// References to photos or documents held elsewhere (URLs or file ids).
    public var attachments: [String]

    /// Creates a submission.
    public init(
        title: String, description: String, source: CaseSource, community: String? = nil,
        category: String? = nil, priority: Priority? = nil, location: CaseLocation? = nil,
        submitter: PersonalData? = nil, externalReference: ExternalReference? = nil,
        requestedDue: Timestamp? = nil, attachments: [String] = []
    ) {
        self.title = title
        self.description = description
        self.source = source
        self.community = community
        self.category = category
        self.priority = priority
        self.location = location
        self.submitter = submitter
        self.externalReference = externalReference
        self.requestedDue = requestedDue
        self.attachments = attachments
    }
}
