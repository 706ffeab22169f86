import CouncilClient
import CouncilKit
import CouncilAPI
import CouncilTerminal

/// Names for the codes a case refers to (communities, categories, units), so output reads 供暖 beside `heating`.
/// Empty when the directory could not be read: output then shows the codes alone.
struct DirectoryNames: Sendable {
    var communities: [String: String] = [:]
    var categories: [String: String] = [:]
    var units: [String: String] = [:]
    var people: [String: String] = [:]
    var compounds: [String: String] = [:]

    /// Reads the names; failures leave them empty, since they only decorate. People's names, and compounds', are
    /// read only when asked for.
    static func load(_ client: CouncilClient, people withPeople: Bool = false) async -> DirectoryNames {
        async let communities = try? client.listCommunities()
        async let categories = try? client.listCategories()
        async let units = try? client.listUnits()
        async let people = withPeople ? try? client.listPeople() : nil
        var names = DirectoryNames()
        let listing = await communities
        for community in listing?.communities ?? [] { names.communities[community.code] = community.name }
        for compound in listing?.compounds ?? [] { names.compounds[compound.code] = compound.name }
        for info in await categories?.categories ?? [] { names.categories[info.category.code] = info.category.name }
        for unit in await units ?? [] { names.units[unit.code] = unit.name }
        for person in await people ?? [] { names.people[person.id] = person.name }
        return names
    }

    func community(_ code: String) -> String { communities[code].map { "\(code) \($0)" } ?? code }
    func category(_ code: String?) -> String { code.map { c in categories[c].map { "\(c) \($0)" } ?? c } ?? "—" }
    func unit(_ code: String?) -> String { code.map { u in units[u].map { "\(u) \($0)" } ?? u } ?? "—" }
    func person(_ id: String) -> String { people[id].map { "\(id) \($0)" } ?? id }
    func compound(_ code: String) -> String { compounds[code].map { "\(code) \($0)" } ?? code }
    /// A person id or unit code, whichever it is.
    func holder(_ code: String) -> String { people[code] != nil ? person(code) : units[code] != nil ? unit(code) : code }
}

enum CaseRendering {
    /// The case in full: its fields, description, timeline and what it allows next.
    static func show(_ view: CaseView, history: [CaseEvent], names: DirectoryNames) -> String {
        let c = view.state, s = c.submission
        var out = "\(c.number)  \(DisplayWidth.singleLine(s.title))\n"
        var fields: [(String, String)] = [
            ("status", "\(c.status.label) · step \(c.step.rawValue) \(c.step.chinese) \(c.step.english) · version \(c.version)"),
            ("community", names.community(c.community)),
            ("source", s.source.label + (s.externalReference.map { " · ref \($0)" } ?? "")),
            ("category", "\(names.category(c.category)) · priority \(c.priority.label)"),
        ]
        if let disposition = c.disposition {
            fields.append(("disposition", disposition.label + (c.responsibleUnit.map { " → \(names.unit($0))" } ?? "")))
        } else if let unit = c.responsibleUnit {
            fields.append(("unit", names.unit(unit)))
        }
        if let master = c.master { fields.append(("master", master.rawValue)) }
        if let submitter = s.submitter, !submitter.isEmpty {
            let parts = [submitter.name, submitter.phone, submitter.address, submitter.idNumber].compactMap { $0 }
            fields.append(("submitter", parts.joined(separator: " ") + (view.submitterDisclosure == .full ? "" : " (\(view.submitterDisclosure.rawValue))")))
        }
        if let location = s.location {
            let parts = [
                location.compound.map { "compound \($0)" }, location.building.map { "building \($0)" },
                location.gridCell.map { "grid cell \($0)" }, location.description,
                location.latitude.flatMap { lat in location.longitude.map { "\(lat), \($0)" } },
            ].compactMap { $0 }
            if !parts.isEmpty { fields.append(("location", parts.joined(separator: " · "))) }
        }
        fields.append(("created", LocalTime.format(c.createdAt) + " (UTC+8)"))
        if let due = c.currentDue {
            let clock = c.runningClock.map { " (\($0.label))" } ?? ""
            fields.append(("due", "\(LocalTime.format(due))\(clock) · \(view.deadlineState.label)"))
        }
        if let requested = s.requestedDue { fields.append(("requested due", LocalTime.format(requested))) }
        if let pending = c.pendingExtension { fields.append(("extension", "requested: \(pending.length) more · \(pending.reason)")) }
        if c.extensionCount > 0 { fields.append(("extensions", "\(c.extensionCount) approved, \(c.extendedLength) in total")) }
        if c.returnCount > 0 { fields.append(("returned", "\(c.returnCount)×")) }
        if c.reworkCount > 0 { fields.append(("reworked", "\(c.reworkCount)×")) }
        if let result = c.result {
            fields.append(("result", result.summary + (c.resolvedOnTime.map { $0 ? " · on time" : " · late" } ?? "")))
            if let report = result.completionReport { fields.append(("report", report)) }
        }
        if let feedback = c.feedback { fields.append(("feedback", "\(feedback.channel.label): \(feedback.message)")) }
        if let evaluation = c.evaluation { fields.append(("evaluation", evaluationText(evaluation))) }
        if c.requiresVerification || c.verification != nil {
            fields.append(("verification", c.verification.map { verificationText($0) } ?? "required before closing"))
        }
        if let referral = c.referral { fields.append(("referred to", "\(referral.destination.label) \(referral.organization) · \(referral.reason)")) }
        if let note = c.closingNote { fields.append(("closing note", note)) }
        if let closed = c.closedAt { fields.append(("closed", LocalTime.format(closed) + (c.closedUnrated ? " · unrated" : ""))) }
        if !s.attachments.isEmpty { fields.append(("attachments", s.attachments.joined(separator: ", "))) }
        if !c.meetings.isEmpty { fields.append(("meetings", c.meetings.joined(separator: ", "))) }
        fields.append(("id", c.id.rawValue))

        let labelWidth = fields.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (label, value) in fields {
            out += "  \(DisplayWidth.padded(label, to: labelWidth))  \(DisplayWidth.singleLine(value))\n"
        }
        if !s.description.isEmpty {
            out += "\nDescription\n"
            for line in s.description.split(separator: "\n", omittingEmptySubsequences: false) {
                out += "  \(DisplayWidth.singleLine(String(line)))\n"
            }
        }
        out += "\nTimeline (\(history.count) \(history.count == 1 ? "event" : "events"), UTC+8)\n"
        out += timeline(history, names: names)
        out += "\nAllowed next: \(commandList(view.allowedOperations))\n"
        return out
    }

    /// Events as blocks: version, time, who, what; then the details indented below.
    static func timeline(_ events: [CaseEvent], names: DirectoryNames) -> String {
        let who = events.map { $0.principal.description }
        let whoWidth = who.map { DisplayWidth.of($0) }.max() ?? 0
        let versionWidth = events.map { "v\($0.version)".count }.max() ?? 0
        var out = ""
        for (event, actor) in zip(events, who) {
            let version = DisplayWidth.padded("v\(event.version)", to: versionWidth)
            out += "  \(version)  \(LocalTime.format(event.occurredAt))  \(DisplayWidth.padded(DisplayWidth.singleLine(actor), to: whoWidth))  \(event.change.label)\n"
            let detail = details(event.change, names: names)
            if !detail.isEmpty {
                out += String(repeating: " ", count: 2 + versionWidth + 2) + "  " + DisplayWidth.singleLine(detail) + "\n"
            }
        }
        return out
    }

    /// What a change recorded, in a line.
    static func details(_ change: CaseChange, names: DirectoryNames) -> String {
        func join(_ parts: String?...) -> String { parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ") }
        switch change {
        case .submitted(let intake):
            return join(
                "source \(intake.submission.source.label)", "community \(names.community(intake.community))",
                "response due \(LocalTime.format(intake.responseDue))", intake.submission.externalReference.map { "ref \($0)" },
                intake.requiresVerification ? "verification required" : nil)
        case .accepted(let a):
            return join(
                "category \(names.category(a.category))", "priority \(a.priority.label)", "handling due \(LocalTime.format(a.handlingDue))",
                a.note)
        case .declined(let reason): return "reason: \(reason)"
        case .referred(let r): return join("to \(r.destination.label) \(r.organization)", "reason: \(r.reason)")
        case .dispatched(let d): return join("to \(names.unit(d.unit))", "due \(LocalTime.format(d.due))", d.instructions)
        case .handledLocally(let note, let due): return join("due \(LocalTime.format(due))", note)
        case .returned(let unit, let reason): return join(unit.map { "by \(names.unit($0))" }, "reason: \(reason)")
        case .merged(_, let number): return "into \(number)"
        case .scheduledForDeliberation(let meeting, let note): return join(meeting.map { "meeting \($0)" }, note)
        case .deliberated(let record):
            let outcome: String
            switch record.outcome {
            case .resolution(let r):
                let vote = r.vote.map { "vote \($0.inFavour) for, \($0.against) against, \($0.abstaining) abstaining" }
                outcome = join("决议 resolution: \(r.decision)", r.responsibleUnit.map { "unit \(names.unit($0))" }, "deadline \(LocalTime.format(r.deadline))", vote)
            case .deferred(let reason): outcome = "暂缓 deferred: \(reason)"
            case .noConsensus(let note): outcome = "未达成共识 no consensus: \(note)"
            }
            return join(record.meeting.map { "meeting \($0)" }, outcome, record.summary.map { "record: \($0)" })
        case .progressAdded(let note): return note
        case .extensionRequested(let r): return join("\(r.length) more", "reason: \(r.reason)")
        case .extensionApproved(let a):
            return join("by \(a.approver)", "\(a.length) more", "new due \(LocalTime.format(a.newDue))", "told submitter: \(a.messageToSubmitter)")
        case .extensionDenied(let d): return join("by \(d.approver)", "reason: \(d.reason)")
        case .resolved(let r): return join(r.summary, r.completionReport.map { "report: \($0)" })
        case .feedbackRecorded(let f, let due): return join("\(f.channel.label): \(f.message)", "evaluation due \(LocalTime.format(due))")
        case .evaluated(let e): return evaluationText(e)
        case .reworkStarted(let reason, let due): return join("reason: \(reason)", "handling due \(LocalTime.format(due))")
        case .verified(let v, let due): return join(verificationText(v), due.map { "handling due \(LocalTime.format($0))" })
        case .closed(let note): return note ?? ""
        case .withdrawn(let reason): return reason ?? ""
        case .closedUnrated: return ""
        case .deadlineAlert(let alert): return "\(alert.clock.label) clock · due \(LocalTime.format(alert.due))"
        }
    }

    static func evaluationText(_ e: Evaluation) -> String {
        [e.rating.label, e.solved ? "已解决 solved" : "未解决 not solved", e.comment].compactMap { $0 }.joined(separator: " · ")
    }

    static func verificationText(_ v: Verification) -> String {
        [v.passed ? "核查通过 passed" : "核查未通过 failed", v.note].compactMap { $0 }.joined(separator: " · ")
    }

    /// One line after a step: where the case stands now.
    static func summaryLine(_ view: CaseView) -> String {
        let c = view.state
        var parts = ["\(c.number) v\(c.version)", c.status.label]
        if let due = c.currentDue { parts.append("due \(LocalTime.format(due)) (\(view.deadlineState.label))") }
        parts.append("next: \(commandList(view.allowedOperations))")
        return parts.joined(separator: " · ")
    }

    /// Cases as a table.
    static func table(_ views: [CaseView], names: DirectoryNames = DirectoryNames()) -> Table {
        var table = Table([
            .init("NUMBER"), .init("STATUS"), .init("COMMUNITY"), .init("CATEGORY"), .init("UNIT"), .init("DUE (UTC+8)"),
            .init("DEADLINE"), .init("TITLE", maxWidth: 40),
        ])
        for view in views {
            let c = view.state
            table.add([
                c.number.description, MessageTemplates.statusName(c.status), c.community, c.category ?? "—", c.responsibleUnit ?? "—",
                LocalTime.format(c.currentDue), deadlineShort(view.deadlineState), c.submission.title,
            ])
        }
        return table
    }

    static func deadlineShort(_ state: DeadlineState) -> String {
        switch state {
        case .none: return "—"
        case .onTime: return "按时"
        case .dueSoon: return "即将到期"
        case .overdue: return "已超期"
        case .supervised: return "督办"
        }
    }
}
