/// Turns a case event into the notifications the routing calls for: recipients resolved from the case and the
/// directory, messages rendered from the templates.
///
/// Pure and deterministic: the same event, case and configuration give the same notifications with the same ids,
/// which is what makes retries, restarts and replays idempotent.
public struct NotificationRouter: Sendable {
    /// The routing rules.
    public let routing: NotificationRouting
    /// The templates: the standard ones with the routing's overrides.
    public let templates: MessageTemplates
    /// Where unit, person and community names and leader links come from.
    public let directory: Directory
    /// The time zone due times are shown in.
    public let calendar: WorkCalendar

    /// Creates a router.
    /// - Parameters:
    ///   - routing: The routing rules and template overrides.
    ///   - directory: The directory.
    ///   - calendar: The calendar whose time zone due times are shown in.
    public init(routing: NotificationRouting, directory: Directory, calendar: WorkCalendar = WorkCalendar()) {
        self.routing = routing
        self.templates = MessageTemplates(overriding: routing.templates)
        self.directory = directory
        self.calendar = calendar
    }

    /// The notifications for `event`, in rule order, one per channel and recipient.
    ///
    /// - Parameters:
    ///   - event: The event.
    ///   - state: The case the event belongs to, as it stood right after the event (the courier replays the history
    ///     when later events followed); recipients the event itself names (the unit of a dispatch, a meeting's
    ///     responsible unit) take precedence over it.
    ///   - duplicates: The cases merged into this one, for rules that reach ``RecipientSelector/duplicateSubmitters``.
    ///   - linkedLeader: The leader linked to the case's community (包联) when the event happened, by the links the
    ///     hall records (``LinkageService``); it takes precedence over the routing's ``NotificationRouting/linkedLeaders``.
    ///   - channel: Only notifications through this channel; `nil` for all.
    public func notifications(
        for event: CaseEvent, of state: CouncilCase, duplicates: [CouncilCase] = [], linkedLeader: String? = nil,
        channel: String? = nil
    ) -> [CaseNotification] {
        var result: [CaseNotification] = []
        var seen: Set<String> = []
        for rule in routing.rules where (channel == nil || rule.channel == channel) && rule.matches(event, of: state) {
            let recipients = rule.recipients.flatMap { selector -> [Recipient] in
                guard selector == .duplicateSubmitters else {
                    return recipient(selector, for: event, of: state, linkedLeader: linkedLeader).map { [$0] } ?? []
                }
                return duplicates.compactMap { duplicate in
                    guard duplicate.master == state.id, let submitter = duplicate.submission.submitter, let phone = submitter.phone else {
                        return nil
                    }
                    return Recipient(kind: .submitter, id: duplicate.id.rawValue, name: submitter.name, phone: phone)
                }
            }
            for recipient in recipients {
                let id = CaseNotification.identifier(channel: rule.channel, sequence: event.sequence, recipient: recipient)
                guard seen.insert(id).inserted else { continue }
                guard let (key, text) = chooseTemplate(rule, event: event, recipient: recipient) else { continue }
                var values = self.values(for: event, of: state, recipient: recipient)
                let forSubmitter = recipient.kind == .submitter
                // Only the case's own submitter may see its event's personal data; a duplicate's submitter is
                // another person.
                let ownSubmitter = forSubmitter && recipient.id == state.id.rawValue
                let name = forSubmitter ? (recipient.name ?? "") : "居民"
                values[MessageTemplates.personalPlaceholder] = name
                let message = MessageTemplates.render(text, values)
                values[MessageTemplates.personalPlaceholder] = forSubmitter && name.isEmpty ? "" : "居民"
                let logSafe = MessageTemplates.render(text, values)
                result.append(
                    CaseNotification(
                        id: id, channel: rule.channel, recipient: recipient,
                        event: ownSubmitter ? event : event.withoutPersonalData(),
                        community: state.community, topic: event.change.topic, template: key, message: message,
                        logSafeMessage: logSafe))
            }
        }
        return result
    }

    private func chooseTemplate(_ rule: NotificationRouting.Rule, event: CaseEvent, recipient: Recipient) -> (String, String)? {
        if let key = rule.template, let text = templates.templates[key] { return (key, text) }
        return templates.template(topic: event.change.topic, kind: recipient.kind).map { ($0.key, $0.text) }
    }

    /// The recipient a selector names for `event`, or `nil` when there is none (no phone number, no unit, no link).
    ///
    /// The linked leader is `linkedLeader` when given (a recorded link), else the routing's
    /// ``NotificationRouting/linkedLeaders`` entry for the community, else the directory's leader of the community.
    public func recipient(
        _ selector: RecipientSelector, for event: CaseEvent, of state: CouncilCase, linkedLeader: String? = nil
    ) -> Recipient? {
        switch selector {
        case .submitter:
            guard let submitter = state.submission.submitter, let phone = submitter.phone else { return nil }
            return Recipient(kind: .submitter, id: state.id.rawValue, name: submitter.name, phone: phone)
        case .responsibleUnit:
            return (unitNamed(by: event.change) ?? state.responsibleUnit).flatMap { unit($0) }
        case .linkedLeader:
            let linked = linkedLeader.flatMap { directory.people[$0] == nil ? nil : $0 } ?? routing.linkedLeaders[state.community]
                ?? directory.people.values
                    .filter { $0.roles.contains(.leader) && $0.community == state.community }
                    .map(\.id).min()
            guard let id = linked, let person = directory.people[id] else { return nil }
            return Recipient(kind: .leader, id: id, name: person.name)
        case .sourceSystem:
            return state.submission.externalReference.map { Recipient(kind: .system, id: $0.system, name: $0.system) }
        case .unit(let code):
            return unit(code)
        case .person(let id):
            guard let person = directory.people[id] else { return nil }
            return Recipient(kind: .person, id: id, name: person.name)
        case .system(let name):
            return Recipient(kind: .system, id: name, name: name)
        case .duplicateSubmitters:
            return nil  // several recipients: resolved by notifications(for:of:duplicates:channel:)
        }
    }

    private func unit(_ code: String) -> Recipient? {
        directory.units[code].map { Recipient(kind: .unit, id: $0.code, name: $0.name) }
    }

    private func unitNamed(by change: CaseChange) -> String? {
        switch change {
        case .dispatched(let dispatch): return dispatch.unit
        case .deliberated(let record):
            if case .resolution(let resolution) = record.outcome { return resolution.responsibleUnit }
            return nil
        case .returned(let unit, _): return unit
        default: return nil
        }
    }

    /// The placeholder values for one notification, without `{submitterName}`.
    func values(for event: CaseEvent, of state: CouncilCase, recipient: Recipient) -> [String: String] {
        var values: [String: String] = [
            "caseNumber": state.number.description,
            "title": state.submission.title,
            "community": directory.communities[state.community]?.name ?? state.community,
            "event": MessageTemplates.eventName(event.change),
            "status": MessageTemplates.statusName(state.status),
        ]
        let unitCode = unitNamed(by: event.change) ?? state.responsibleUnit
        if let code = unitCode { values["unit"] = directory.units[code]?.name ?? code }
        if recipient.kind != .submitter { values["recipient"] = recipient.name ?? recipient.id }
        if let summary = state.result?.summary { values["summary"] = summary }
        if let report = state.result?.completionReport { values["report"] = report }
        var due = state.currentDue
        switch event.change {
        case .submitted(let intake): due = intake.responseDue
        case .accepted(let acceptance): due = acceptance.handlingDue
        case .declined(let reason): values["reason"] = reason
        case .referred(let referral):
            values["reason"] = referral.reason
            values["organization"] = referral.organization
        case .dispatched(let dispatch): due = dispatch.due
        case .handledLocally(_, let handlingDue): due = handlingDue
        case .returned(_, let reason): values["reason"] = reason
        case .deliberated(let record):
            if case .resolution(let resolution) = record.outcome {
                values["decision"] = resolution.decision
                due = resolution.deadline
            }
        case .extensionRequested(let request): values["reason"] = request.reason
        case .extensionApproved(let approval):
            values["message"] = approval.messageToSubmitter
            due = approval.newDue
        case .extensionDenied(let denial): values["reason"] = denial.reason
        case .resolved(let result):
            values["summary"] = result.summary
            values["report"] = result.completionReport ?? "—"
        case .feedbackRecorded(let feedback, let evaluationDue):
            values["message"] = feedback.message
            due = evaluationDue
        case .reworkStarted(let reason, let handlingDue):
            values["reason"] = reason
            due = handlingDue
        case .verified(let verification, let handlingDue):
            if let note = verification.note { values["reason"] = note }
            if let handlingDue { due = handlingDue }
        case .closed(let note): if let note { values["reason"] = note }
        case .withdrawn(let reason): if let reason { values["reason"] = reason }
        case .deadlineAlert(let alert): due = alert.due
        case .merged, .scheduledForDeliberation, .progressAdded, .evaluated, .closedUnrated: break
        }
        if let due { values["due"] = localTime(due) }
        return values
    }

    /// `2026年12月21日24:00` for a due time at local midnight, else `2026年12月21日 09:30`.
    public func localTime(_ instant: Timestamp) -> String {
        let day = calendar.localDate(of: instant)
        let minutes = Int((instant.millisecondsSince1970 - calendar.startOfDay(day).millisecondsSince1970) / 60_000)
        func date(_ d: LocalDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }
        if minutes == 0 { return date(day.adding(days: -1)) + "24:00" }
        let hh = minutes / 60, mm = minutes % 60
        return date(day) + " " + (hh < 10 ? "0" : "") + "\(hh):" + (mm < 10 ? "0" : "") + "\(mm)"
    }
}
