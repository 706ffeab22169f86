/// Which case events reach which recipients through which notifier: the routing part of a deployment's
/// configuration.
///
/// Each ``Rule`` matches events by topic, source, community and category and names recipients and a channel — the
/// name under which a ``Notifier`` is registered with the ``NotificationCourier``. Every matching rule applies;
/// the same recipient reached twice on one channel gets one notification. Messages come from ``MessageTemplates``,
/// which ``templates`` can override.
///
/// ```json
/// {
///   "rules": [
///     {"topics": ["submitted", "accepted", "feedbackRecorded"], "recipients": ["submitter"], "channel": "sms"},
///     {"topics": ["dispatched", "deadlineAlert.overdue"], "recipients": ["responsibleUnit"], "channel": "webhook"},
///     {"topics": ["deadlineAlert.supervision"], "recipients": ["linkedLeader"], "channel": "webhook"},
///     {"topics": ["resolved"], "sources": ["petitionOffice", "gridPlatform"], "recipients": ["sourceSystem"],
///      "channel": "webhook"}
///   ],
///   "linkedLeaders": {"QX01": "L01", "QX02": "L02"},
///   "templates": {"dispatched.unit": "{unit}：请于{due}前办结案件{caseNumber}“{title}”。"}
/// }
/// ```
public struct NotificationRouting: Hashable, Sendable, Codable {
    /// One routing rule: events that match every filter go to the recipients through the channel.
    public struct Rule: Hashable, Sendable, Codable {
        /// A name for people reading the configuration and logs.
        public var name: String?
        /// Event topics: a change kind such as `dispatched`, a deadline alert such as `deadlineAlert.overdue`, or
        /// `deadlineAlert` for every alert. Empty matches every event.
        public var topics: [String]
        /// Case sources; empty matches any.
        public var sources: [CaseSource]
        /// Community codes; empty matches any.
        public var communities: [String]
        /// Category codes; empty matches any.
        public var categories: [String]
        /// Who receives the notification.
        public var recipients: [RecipientSelector]
        /// The notifier's name, as registered with the courier.
        public var channel: String
        /// A template key to use instead of looking one up by topic and recipient kind.
        public var template: String?

        /// Creates a rule.
        public init(
            name: String? = nil, topics: [String] = [], sources: [CaseSource] = [], communities: [String] = [],
            categories: [String] = [], recipients: [RecipientSelector], channel: String, template: String? = nil
        ) {
            self.name = name
            self.topics = topics
            self.sources = sources
            self.communities = communities
            self.categories = categories
            self.recipients = recipients
            self.channel = channel
            self.template = template
        }

        /// Whether the rule applies to `event` of the case `state`.
        public func matches(_ event: CaseEvent, of state: CouncilCase) -> Bool {
            if !topics.isEmpty {
                let topic = event.change.topic
                guard topics.contains(where: { $0 == topic || $0 == event.change.kind }) else { return false }
            }
            if !sources.isEmpty, !sources.contains(state.submission.source) { return false }
            if !communities.isEmpty, !communities.contains(state.community) { return false }
            if !categories.isEmpty {
                guard let category = state.category, categories.contains(category) else { return false }
            }
            return true
        }

        private enum CodingKeys: String, CodingKey {
            case name, topics, sources, communities, categories, recipients, channel, template
        }

        /// Decodes a rule; every list may be left out and is then empty.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                name: try c.decodeIfPresent(String.self, forKey: .name),
                topics: try c.decodeIfPresent([String].self, forKey: .topics) ?? [],
                sources: try c.decodeIfPresent([CaseSource].self, forKey: .sources) ?? [],
                communities: try c.decodeIfPresent([String].self, forKey: .communities) ?? [],
                categories: try c.decodeIfPresent([String].self, forKey: .categories) ?? [],
                recipients: try c.decode([RecipientSelector].self, forKey: .recipients),
                channel: try c.decode(String.self, forKey: .channel),
                template: try c.decodeIfPresent(String.self, forKey: .template))
        }
    }

    /// The rules, all of which apply.
    public var rules: [Rule]
    /// Templates that replace or add to ``MessageTemplates/standard``, by key.
    public var templates: [String: String]
    /// The district leader who 包联 each community, by community code → person id, for communities without a
    /// recorded leader link (``LinkageService``). A community in neither falls back to a person in the directory with
    /// the leader role and that community.
    public var linkedLeaders: [String: String]
    /// Whether the rules are still to be the standard ones: set when a configuration file gives `templates` or
    /// `linkedLeaders` without `rules`. ``withStandardRules(channel:)`` fills them in once the channel is known.
    public var usesStandardRules: Bool

    /// Creates a routing configuration.
    public init(rules: [Rule], templates: [String: String] = [:], linkedLeaders: [String: String] = [:]) {
        self.rules = rules
        self.templates = templates
        self.linkedLeaders = linkedLeaders
        self.usesStandardRules = false
    }

    /// This configuration, with the standard rules through `channel` when ``usesStandardRules`` is set.
    public func withStandardRules(channel: String) -> NotificationRouting {
        guard usesStandardRules else { return self }
        return NotificationRouting(rules: Self.standard(channel: channel).rules, templates: templates, linkedLeaders: linkedLeaders)
    }

    /// The routes the five-step loop calls for, all through one channel: the submitter hears of registration,
    /// acceptance, refusal, extensions, the result and closing; the unit of its dispatches, resolutions, rework and
    /// approaching or passed due times; the linked leader of supervision alerts; the sending system of acceptance, refusal,
    /// referral, merging into another case (which the event names, to follow), the result and closing for its
    /// cases; the submitters of merged duplicates of the result and of closing.
    ///
    /// - Parameter channel: The notifier every route uses.
    public static func standard(channel: String) -> NotificationRouting {
        NotificationRouting(rules: [
            Rule(
                name: "submitter", topics: [
                    "submitted", "accepted", "declined", "referred", "merged", "extensionApproved", "feedbackRecorded",
                    "reworkStarted", "closed", "closedUnrated",
                ], recipients: [.submitter], channel: channel),
            Rule(
                name: "unit", topics: [
                    "dispatched", "deliberated", "reworkStarted", "extensionDenied", "extensionApproved",
                    "deadlineAlert.dueSoon", "deadlineAlert.overdue", "deadlineAlert.supervision",
                ], recipients: [.responsibleUnit], channel: channel),
            Rule(name: "supervision", topics: ["deadlineAlert.supervision"], recipients: [.linkedLeader], channel: channel),
            Rule(
                name: "source system", topics: ["accepted", "declined", "referred", "merged", "resolved", "closed", "closedUnrated"],
                recipients: [.sourceSystem], channel: channel),
            Rule(
                name: "duplicates", topics: ["feedbackRecorded", "closed", "closedUnrated"], recipients: [.duplicateSubmitters],
                channel: channel),
        ])
    }

    private enum CodingKeys: String, CodingKey { case rules, templates, linkedLeaders }

    /// Decodes a routing configuration; every key may be left out. Without `rules`, the standard rules apply
    /// (``usesStandardRules``).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rules = try c.decodeIfPresent([Rule].self, forKey: .rules)
        self.init(
            rules: rules ?? [],
            templates: try c.decodeIfPresent([String: String].self, forKey: .templates) ?? [:],
            linkedLeaders: try c.decodeIfPresent([String: String].self, forKey: .linkedLeaders) ?? [:])
        usesStandardRules = rules == nil
    }

    /// Encodes the configuration; `rules` is left out while ``usesStandardRules`` is set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !usesStandardRules { try c.encode(rules, forKey: .rules) }
        try c.encode(templates, forKey: .templates)
        try c.encode(linkedLeaders, forKey: .linkedLeaders)
    }

    /// Checks the configuration against the notifiers and the directory.
    ///
    /// - Parameters:
    ///   - channels: The names of the registered notifiers.
    ///   - directory: The directory that units, people and communities must exist in.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming the first rule, template or link at fault.
    /// The topic supervision alerts had before the glossary named 督办 supervision; a configuration that still
    /// names it would match nothing, so it is refused.
    static let renamedSupervisionTopic = "deadlineAlert.escalation"

    public func validate(channels: Set<String>, directory: Directory) throws {
        for (i, rule) in rules.enumerated() {
            let field = "routing.rules[\(i)]"
            guard channels.contains(rule.channel) else {
                throw CouncilError.invalid("\(field).channel", "no notifier is registered as \"\(rule.channel)\"")
            }
            guard !rule.recipients.isEmpty else { throw CouncilError.invalid("\(field).recipients", "a rule needs recipients") }
            for topic in rule.topics where topic.hasPrefix(Self.renamedSupervisionTopic) {
                throw CouncilError.invalid("\(field).topics", "\(Self.renamedSupervisionTopic) is now called deadlineAlert.supervision (督办)")
            }
            if let key = rule.template, key.hasPrefix(Self.renamedSupervisionTopic) {
                throw CouncilError.invalid("\(field).template", "\(Self.renamedSupervisionTopic) templates are now called deadlineAlert.supervision (督办)")
            }
            for community in rule.communities where directory.communities[community] == nil {
                throw CouncilError.invalid("\(field).communities", "the directory has no community \"\(community)\"")
            }
            for selector in rule.recipients {
                switch selector {
                case .unit(let code) where directory.units[code] == nil:
                    throw CouncilError.invalid("\(field).recipients", "the directory has no unit \"\(code)\"")
                case .person(let id) where directory.people[id] == nil:
                    throw CouncilError.invalid("\(field).recipients", "the directory has no person \"\(id)\"")
                default: break
                }
            }
            if let key = rule.template, templates[key] == nil, MessageTemplates.standard.templates[key] == nil {
                throw CouncilError.invalid("\(field).template", "there is no template \"\(key)\"")
            }
        }
        for (key, text) in templates {
            if key.hasPrefix(Self.renamedSupervisionTopic) {
                throw CouncilError.invalid("routing.templates.\(key)", "\(Self.renamedSupervisionTopic) templates are now called deadlineAlert.supervision (督办)")
            }
            try MessageTemplates.check(text, field: "routing.templates.\(key)")
        }
        for (community, person) in linkedLeaders.sorted(by: { $0.key < $1.key }) {
            guard directory.communities[community] != nil else {
                throw CouncilError.invalid("routing.linkedLeaders.\(community)", "the directory has no community \"\(community)\"")
            }
            guard directory.people[person] != nil else {
                throw CouncilError.invalid("routing.linkedLeaders.\(community)", "the directory has no person \"\(person)\"")
            }
        }
    }
}

/// Who a routing rule sends to. In configuration: `submitter`, `responsibleUnit`, `linkedLeader`, `sourceSystem`,
/// or a fixed recipient `unit:CODE`, `person:ID`, `system:NAME`.
public enum RecipientSelector: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The person who raised the case, when the submission carries a phone number.
    case submitter
    /// The unit the event hands the case to (a dispatch, a meeting's resolution), else the case's responsible unit.
    case responsibleUnit
    /// The district leader linked to the case's community (包联), from ``NotificationRouting/linkedLeaders`` or the
    /// directory.
    case linkedLeader
    /// The system that sent the case, named by its external reference (the petition office, the grid platform).
    case sourceSystem
    /// The submitters of the duplicates merged into the case (重复件): they follow its outcome. Each is reached like
    /// ``submitter`` (a phone number is needed).
    case duplicateSubmitters
    /// A fixed unit.
    case unit(String)
    /// A fixed person.
    case person(String)
    /// A fixed system.
    case system(String)

    /// Parses the configuration form; `nil` for anything else.
    public init?(_ text: String) {
        switch text {
        case "submitter": self = .submitter
        case "responsibleUnit": self = .responsibleUnit
        case "linkedLeader": self = .linkedLeader
        case "sourceSystem": self = .sourceSystem
        case "duplicateSubmitters": self = .duplicateSubmitters
        default:
            guard let colon = text.firstIndex(of: ":") else { return nil }
            let value = String(text[text.index(after: colon)...])
            guard !value.isEmpty else { return nil }
            switch text[..<colon] {
            case "unit": self = .unit(value)
            case "person": self = .person(value)
            case "system": self = .system(value)
            default: return nil
            }
        }
    }

    /// The configuration form.
    public var description: String {
        switch self {
        case .submitter: return "submitter"
        case .responsibleUnit: return "responsibleUnit"
        case .linkedLeader: return "linkedLeader"
        case .sourceSystem: return "sourceSystem"
        case .duplicateSubmitters: return "duplicateSubmitters"
        case .unit(let code): return "unit:\(code)"
        case .person(let id): return "person:\(id)"
        case .system(let name): return "system:\(name)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let selector = RecipientSelector(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected submitter, responsibleUnit, linkedLeader, sourceSystem, unit:CODE, person:ID or system:NAME")
        }
        self = selector
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
