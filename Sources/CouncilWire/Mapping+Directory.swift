import CouncilKit
import CouncilWireC

// Directory entries and the time-limit policy: CouncilKit values ↔ protobuf-c messages.

extension Arena {
    func encode(_ d: District) throws -> UnsafeMutablePointer<Council__V1__District> {
        let m = make(council__v1__district__init)
        m.pointee.code = try string(d.code, "code")
        m.pointee.name = try string(d.name, "name")
        return m
    }

    func encode(_ c: Community) throws -> UnsafeMutablePointer<Council__V1__Community> {
        let m = make(council__v1__community__init)
        m.pointee.code = try string(c.code, "code")
        m.pointee.name = try string(c.name, "name")
        if let v = c.street { m.pointee.street = try string(v, "street"); m.pointee._street_case = oneof(3) }
        return m
    }

    func encode(_ c: Compound) throws -> UnsafeMutablePointer<Council__V1__Compound> {
        let m = make(council__v1__compound__init)
        m.pointee.code = try string(c.code, "code")
        m.pointee.name = try string(c.name, "name")
        m.pointee.community = try string(c.community, "community")
        if let v = c.propertyCompany {
            m.pointee.property_company = try string(v, "property_company"); m.pointee._property_company_case = oneof(4)
        }
        return m
    }

    func encode(_ b: Building) throws -> UnsafeMutablePointer<Council__V1__Building> {
        let m = make(council__v1__building__init)
        m.pointee.code = try string(b.code, "code")
        m.pointee.name = try string(b.name, "name")
        m.pointee.compound = try string(b.compound, "compound")
        return m
    }

    func encode(_ g: GridCell) throws -> UnsafeMutablePointer<Council__V1__GridCell> {
        let m = make(council__v1__grid_cell__init)
        m.pointee.code = try string(g.code, "code")
        m.pointee.community = try string(g.community, "community")
        if let v = g.gridWorker { m.pointee.grid_worker = try string(v, "grid_worker"); m.pointee._grid_worker_case = oneof(3) }
        return m
    }

    func encode(_ u: ResponsibleUnit) throws -> UnsafeMutablePointer<Council__V1__ResponsibleUnit> {
        let m = make(council__v1__responsible_unit__init)
        m.pointee.code = try string(u.code, "code")
        m.pointee.name = try string(u.name, "name")
        m.pointee.kind = .init(rawValue: WireEnums.unitKind.number(u.kind))
        return m
    }

    func encode(_ p: Person) throws -> UnsafeMutablePointer<Council__V1__Person> {
        let m = make(council__v1__person__init)
        m.pointee.id = try string(p.id, "id")
        m.pointee.name = try string(p.name, "name")
        let roles = p.roles.map { WireEnums.personRole.number($0) }.sorted()
        if let array = array(Council__V1__PersonRole.self, count: roles.count) {
            for (i, n) in roles.enumerated() { (array + i).initialize(to: .init(rawValue: n)) }
            m.pointee.n_roles = roles.count
            m.pointee.roles = array
        }
        if let v = p.community { m.pointee.community = try string(v, "community"); m.pointee._community_case = oneof(4) }
        if let v = p.unit { m.pointee.unit = try string(v, "unit"); m.pointee._unit_case = oneof(5) }
        return m
    }

    func encode(_ c: CouncilKit.Category) throws -> UnsafeMutablePointer<Council__V1__Category> {
        let m = make(council__v1__category__init)
        m.pointee.code = try string(c.code, "code")
        m.pointee.name = try string(c.name, "name")
        return m
    }

    func encode(_ l: TimeLimits) -> UnsafeMutablePointer<Council__V1__TimeLimits> {
        let m = make(council__v1__time_limits__init)
        m.pointee.response = encode(l.response)
        m.pointee.handling = encode(l.handling)
        m.pointee.evaluation_window = encode(l.evaluationWindow)
        m.pointee.max_extension = encode(l.maxExtension)
        return m
    }

    func encode(_ info: CategoryInfo) throws -> UnsafeMutablePointer<Council__V1__CategoryInfo> {
        let m = make(council__v1__category_info__init)
        m.pointee.category = try within("category") { try encode(info.category) }
        (m.pointee.n_limits, m.pointee.limits) = messages(info.limits) { entry in
            let e = make(council__v1__resolved_time_limits__init)
            e.pointee.priority = .init(rawValue: WireEnums.priority.number(entry.priority))
            e.pointee.source = .init(rawValue: WireEnums.caseSource.number(entry.source))
            e.pointee.limits = encode(entry.limits)
            return e
        }
        return m
    }

    func encode(_ policy: TimeLimitPolicy) throws -> UnsafeMutablePointer<Council__V1__TimeLimitPolicy> {
        let m = make(council__v1__time_limit_policy__init)
        m.pointee.defaults = encode(policy.defaults)
        (m.pointee.n_rules, m.pointee.rules) = try messages(Array(policy.rules.enumerated())) { (i, rule) in
            let r = make(council__v1__time_limit_rule__init)
            if let v = rule.category { r.pointee.category = try string(v, "rules[\(i)].category"); r.pointee._category_case = oneof(1) }
            r.pointee.priority = .init(rawValue: WireEnums.priority.number(rule.priority))
            r.pointee.source = .init(rawValue: WireEnums.caseSource.number(rule.source))
            r.pointee.limits = encode(rule.limits)
            return r
        }
        m.pointee.due_soon_hours = Int32(clamping: policy.dueSoonHours)
        m.pointee.escalate_after_hours = Int32(clamping: policy.escalateAfterHours)
        m.pointee.rework_limit = Int32(clamping: policy.reworkLimit)
        let sources = policy.verifyingSources.map { WireEnums.caseSource.number($0) }.sorted()
        if let array = array(Council__V1__CaseSource.self, count: sources.count) {
            for (i, n) in sources.enumerated() { (array + i).initialize(to: .init(rawValue: n)) }
            m.pointee.n_verifying_sources = sources.count
            m.pointee.verifying_sources = array
        }
        return m
    }
}

extension Decode {
    static func district(_ m: UnsafeMutablePointer<Council__V1__District>) -> District {
        District(code: text(m.pointee.code), name: text(m.pointee.name))
    }

    static func community(_ m: UnsafeMutablePointer<Council__V1__Community>) -> Community {
        Community(
            code: text(m.pointee.code), name: text(m.pointee.name),
            street: isSet(m.pointee._street_case) ? text(m.pointee.street) : nil)
    }

    static func compound(_ m: UnsafeMutablePointer<Council__V1__Compound>) -> Compound {
        Compound(
            code: text(m.pointee.code), name: text(m.pointee.name), community: text(m.pointee.community),
            propertyCompany: isSet(m.pointee._property_company_case) ? text(m.pointee.property_company) : nil)
    }

    static func building(_ m: UnsafeMutablePointer<Council__V1__Building>) -> Building {
        Building(code: text(m.pointee.code), name: text(m.pointee.name), compound: text(m.pointee.compound))
    }

    static func gridCell(_ m: UnsafeMutablePointer<Council__V1__GridCell>) -> GridCell {
        GridCell(
            code: text(m.pointee.code), community: text(m.pointee.community),
            gridWorker: isSet(m.pointee._grid_worker_case) ? text(m.pointee.grid_worker) : nil)
    }

    static func unit(_ m: UnsafeMutablePointer<Council__V1__ResponsibleUnit>) throws -> ResponsibleUnit {
        ResponsibleUnit(
            code: text(m.pointee.code), name: text(m.pointee.name),
            kind: try WireEnums.unitKind.value(m.pointee.kind.rawValue, "kind"))
    }

    static func person(_ m: UnsafeMutablePointer<Council__V1__Person>) throws -> Person {
        let p = m.pointee
        var roles = Set<Person.Role>()
        if p.n_roles > 0, let array = p.roles {
            for i in 0..<p.n_roles { roles.insert(try WireEnums.personRole.value(array[i].rawValue, "roles[\(i)]")) }
        }
        return Person(
            id: text(p.id), name: text(p.name), roles: roles, community: isSet(p._community_case) ? text(p.community) : nil,
            unit: isSet(p._unit_case) ? text(p.unit) : nil)
    }

    static func category(_ m: UnsafeMutablePointer<Council__V1__Category>) -> CouncilKit.Category {
        CouncilKit.Category(code: text(m.pointee.code), name: text(m.pointee.name))
    }

    static func timeLimits(_ m: UnsafeMutablePointer<Council__V1__TimeLimits>?, _ field: String) throws -> TimeLimits {
        let m = try required(m, field)
        return try within(field) {
            TimeLimits(
                response: try timeLimit(m.pointee.response, "response"), handling: try timeLimit(m.pointee.handling, "handling"),
                evaluationWindow: try timeLimit(m.pointee.evaluation_window, "evaluation_window"),
                maxExtension: try timeLimit(m.pointee.max_extension, "max_extension"))
        }
    }

    static func categoryInfo(_ m: UnsafeMutablePointer<Council__V1__CategoryInfo>) throws -> CategoryInfo {
        let entries = try elements(m.pointee.n_limits, m.pointee.limits, "limits") { e in
            CategoryInfo.Entry(
                priority: try WireEnums.priority.value(e.pointee.priority.rawValue, "priority"),
                source: try WireEnums.caseSource.value(e.pointee.source.rawValue, "source"),
                limits: try timeLimits(e.pointee.limits, "limits"))
        }
        return CategoryInfo(category: category(try required(m.pointee.category, "category")), limits: entries)
    }

    static func policy(_ m: UnsafeMutablePointer<Council__V1__TimeLimitPolicy>) throws -> TimeLimitPolicy {
        let p = m.pointee
        let rules = try elements(p.n_rules, p.rules, "rules") { r in
            TimeLimitPolicy.Rule(
                category: isSet(r.pointee._category_case) ? text(r.pointee.category) : nil,
                priority: try WireEnums.priority.optional(r.pointee.priority.rawValue, "priority"),
                source: try WireEnums.caseSource.optional(r.pointee.source.rawValue, "source"),
                limits: try timeLimits(r.pointee.limits, "limits"))
        }
        var sources = Set<CaseSource>()
        if p.n_verifying_sources > 0, let array = p.verifying_sources {
            for i in 0..<p.n_verifying_sources {
                sources.insert(try WireEnums.caseSource.value(array[i].rawValue, "verifying_sources[\(i)]"))
            }
        }
        return TimeLimitPolicy(
            defaults: try timeLimits(p.defaults, "defaults"), rules: rules, dueSoonHours: Int(p.due_soon_hours),
            escalateAfterHours: Int(p.escalate_after_hours), reworkLimit: Int(p.rework_limit), verifyingSources: sources)
    }
}
