extension CaseService {
    /// Registers a case (收集): step 1 of the loop.
    ///
    /// When the submission carries an ``ExternalReference`` already registered, the first case is returned and
    /// nothing is written (`created == false`) — so a sending system may retry safely.
    ///
    /// A system files cases under its own references: the external reference names the principal's system. Hall
    /// staff may register a case under another system's reference (a petition brought in on paper, say), since that
    /// system may then evaluate, verify and withdraw it: pass `forAnotherSystem`.
    ///
    /// - Parameters:
    ///   - submission: What was brought. The community may be left out when the location names a grid cell,
    ///     compound or building.
    ///   - principal: Who is submitting.
    ///   - forAnotherSystem: Whether hall staff register the case for the system its external reference names.
    /// - Returns: The case, and whether this call registered it.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming the field at fault;
    ///   ``CouncilError/Code/permissionDenied`` for another system's reference without `forAnotherSystem`;
    ///   ``CouncilError/Code/externalReferenceConflict`` when the external reference was used for different content.
    public func submit(_ submission: Submission, by principal: Principal, forAnotherSystem: Bool = false) async throws -> SubmitResult {
        try Validate.principal(principal)
        if let reference = submission.externalReference {
            try Validate.code(reference.system, "submission.externalReference.system")
            guard reference.system == principal.system || forAnotherSystem else {
                throw CouncilError(
                    .permissionDenied, "\(principal.system) may not register cases under \(reference.system)'s references",
                    field: "submission.externalReference.system")
            }
            try Validate.identifier(reference.reference, "submission.externalReference.reference", TextLimits.externalReference)
            // A retry is answered from what was registered, whatever the time now: its content was valid then.
            if let existing = try await store.fetch(externalReference: reference) {
                return try repeated(existing, submission)
            }
        }
        let community = try validate(submission)

        let now = clock.now()
        let limits = policy.limits(
            category: submission.category, priority: submission.priority ?? .normal, source: submission.source)
        let intake = Intake(
            submission: submission, community: community,
            responseDue: calendar.due(from: now, limit: limits.response),
            requiresVerification: policy.verifyingSources.contains(submission.source))
        let id = CaseID()
        let number = CaseNumber(community: community, date: calendar.localDate(of: now), serial: 0)
        let state = CouncilCase(id: id, number: number, intake: intake, at: now)
        let event = PendingEvent(caseID: id, version: 1, occurredAt: now, principal: principal, change: .submitted(intake))
        let pending = PendingRecords.current
        let creation = try await store.create(NewCase(state: state, event: event, records: try pending?.records(for: state) ?? []))
        if creation.created {
            pending?.markWritten()
            return SubmitResult(case: creation.state, created: true)
        }
        return try repeated(creation.state, submission)
    }

    private func repeated(_ existing: CouncilCase, _ submission: Submission) throws -> SubmitResult {
        guard existing.submission == submission else {
            throw CouncilError(
                .externalReferenceConflict,
                "\(submission.externalReference?.description ?? "the external reference") was already submitted as case \(existing.number) with different content",
                field: "submission.externalReference")
        }
        return SubmitResult(case: existing, created: false)
    }

    /// Checks a submission against the directory; returns its community code.
    private func validate(_ s: Submission) throws -> String {
        try Validate.text(s.title, "submission.title", TextLimits.title)
        try Validate.text(s.description, "submission.description", TextLimits.description, required: false)
        if let category = s.category { try requireCategory(category, "submission.category") }
        if let submitter = s.submitter { try Validate.personalData(submitter, "submission.submitter") }
        if let due = s.requestedDue {
            guard due > clock.now() else {
                throw CouncilError.invalid("submission.requestedDue", "the requested due time \(due) has already passed")
            }
            try checkBounded(due, "submission.requestedDue", now: clock.now())
        }
        guard s.attachments.count <= 20 else {
            throw CouncilError.invalid("submission.attachments", "at most 20 attachments are allowed, not \(s.attachments.count)")
        }
        for (i, attachment) in s.attachments.enumerated() {
            try Validate.text(attachment, "submission.attachments[\(i)]", TextLimits.attachment)
        }

        var implied: [(field: String, community: String)] = []
        if let location = s.location {
            try Validate.text(location.description, "submission.location.description", TextLimits.placeDescription)
            if let lat = location.latitude, !(-90.0...90.0).contains(lat) {
                throw CouncilError.invalid("submission.location.latitude", "latitude must be between -90 and 90")
            }
            if let lon = location.longitude, !(-180.0...180.0).contains(lon) {
                throw CouncilError.invalid("submission.location.longitude", "longitude must be between -180 and 180")
            }
            if let cell = location.gridCell {
                guard let c = directory.community(ofGridCell: cell) else { throw unknown("submission.location.gridCell", "grid cell", cell) }
                implied.append(("submission.location.gridCell", c.code))
            }
            if let compound = location.compound {
                guard let c = directory.community(ofCompound: compound) else { throw unknown("submission.location.compound", "compound", compound) }
                implied.append(("submission.location.compound", c.code))
            }
            if let building = location.building {
                guard let b = directory.buildings[building], let c = directory.community(ofBuilding: building) else {
                    throw unknown("submission.location.building", "building", building)
                }
                if let compound = location.compound, b.compound != compound {
                    throw CouncilError.invalid("submission.location.building", "building \(building) is not in compound \(compound)")
                }
                implied.append(("submission.location.building", c.code))
            }
        }

        let community: String
        if let given = s.community {
            guard directory.communities[given] != nil else { throw unknown("submission.community", "community", given) }
            community = given
        } else if let first = implied.first {
            community = first.community
        } else {
            throw CouncilError.invalid(
                "submission.community", "name the community, or a grid cell, compound or building it can be found from")
        }
        if let clash = implied.first(where: { $0.community != community }) {
            throw CouncilError.invalid(clash.field, "lies in community \(clash.community), not \(community)")
        }
        return community
    }

    func requireCategory(_ code: String, _ field: String) throws {
        guard directory.categories[code] != nil else { throw unknown(field, "category", code) }
    }

    func unknown(_ field: String, _ what: String, _ code: String) -> CouncilError {
        let shown = code.count > 64 ? code.prefix(64) + "…" : Substring(code)
        return CouncilError.invalid(field, "the directory has no \(what) \"\(shown)\"")
    }
}
