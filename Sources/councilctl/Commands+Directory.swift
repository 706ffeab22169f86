import ArgumentParser
import CouncilClient
import CouncilKit
import CouncilAPI

struct Health: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check whether councild can take work.",
        discussion: "Exits 0 when serving; 3 when councild cannot be reached, is draining, or cannot reach its store.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    func run() async throws {
        let session = try session()
        let status = try await session.withClient { try await $0.checkHealth() }
        if session.json {
            session.emit(.object([("status", .string(status.rawValue)), ("server", .string(session.endpoint.description))]))
        } else {
            let words: [ServingStatus: String] = [.serving: "serving", .notServing: "not serving (its store is unavailable)", .draining: "draining (shutting down)"]
            session.print("councild at \(session.endpoint): \(words[status] ?? status.rawValue)")
        }
        if status != .serving { throw ExitCode(ExitStatus.unavailable.rawValue) }
    }
}

struct Info: ServerCommand {
    static let configuration = CommandConfiguration(abstract: "Show who the server is: version, protocol, district, limits.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    func run() async throws {
        let session = try session()
        let info = try await session.withClient { try await $0.getServerInfo() }
        let l = info.limits
        if session.json {
            session.emit(.object([
                ("serverId", .string(info.serverID)), ("serverVersion", .string(info.serverVersion)),
                ("protocolVersions", .array(info.protocolVersions.map { .int(Int64($0)) })), ("serverTime", .time(info.serverTime)),
                ("district", .object([("code", .string(info.district.code)), ("name", .string(info.district.name))])),
                ("limits", .object([
                    ("maxFrameBytes", .int(Int64(l.maxFrameBytes))), ("decodeBudgetBytes", .int(Int64(l.decodeBudgetBytes))),
                    ("maxConcurrentCalls", .int(Int64(l.maxConcurrentCalls))), ("idleTimeoutMs", .int(Int64(l.idleTimeoutMilliseconds))),
                    ("frameReadTimeoutMs", .int(Int64(l.frameReadTimeoutMilliseconds))),
                    ("defaultCallTimeoutMs", .int(Int64(l.defaultCallTimeoutMilliseconds))),
                ])),
            ]))
            return
        }
        var table = Table("", "")
        table.add(["server", "\(info.serverID) (councild \(info.serverVersion)) at \(session.endpoint)"])
        table.add(["protocol", info.protocolVersions.map(String.init).joined(separator: ", ")])
        table.add(["district", "\(info.district.code) \(info.district.name)"])
        table.add(["server time", "\(LocalTime.format(info.serverTime)) (UTC+8)"])
        table.add(["you are", session.system + (session.actingUser.map { ":\($0)" } ?? "")])
        table.add(["max frame", "\(l.maxFrameBytes) bytes"])
        table.add(["calls in flight", "\(l.maxConcurrentCalls) per connection"])
        table.add(["call deadline", "\(l.defaultCallTimeoutMilliseconds / 1000) s by default"])
        table.add(["idle timeout", "\(l.idleTimeoutMilliseconds / 1000) s"])
        session.write(table.lines().dropFirst().map { $0 + "\n" }.joined())
    }
}

struct Communities: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the district's communities, or one community with its compounds, buildings and grid cells.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only this community, with its compounds, buildings and grid cells; for example QX05.")
    var community: String?
    /// `communities QX05`, the old spelling of `--community QX05`.
    @Argument(help: .private)
    var deprecatedCode: String?

    func validate() throws {
        if community != nil && deprecatedCode != nil { throw ValidationError("give --community once") }
    }

    func run() async throws {
        let session = try session()
        let code = community ?? deprecatedCode
        let listing = try await session.withClient { try await $0.listCommunities(community: code) }
        if session.json {
            session.emit(.object([
                ("district", .object([("code", .string(listing.district.code)), ("name", .string(listing.district.name))])),
                ("communities", .array(listing.communities.map { .object([("code", .string($0.code)), ("name", .string($0.name)), ("street", .string($0.street))]) })),
                ("compounds", .array(listing.compounds.map {
                    .object([("code", .string($0.code)), ("name", .string($0.name)), ("community", .string($0.community)), ("propertyCompany", .string($0.propertyCompany))])
                })),
                ("buildings", .array(listing.buildings.map { .object([("code", .string($0.code)), ("name", .string($0.name)), ("compound", .string($0.compound))]) })),
                ("gridCells", .array(listing.gridCells.map { .object([("code", .string($0.code)), ("community", .string($0.community)), ("gridWorker", .string($0.gridWorker))]) })),
            ]))
            return
        }
        var out = "\(listing.district.name) (\(listing.district.code)): \(listing.communities.count) \(listing.communities.count == 1 ? "community" : "communities")\n\n"
        var communities = Table("CODE", "NAME", "STREET")
        for c in listing.communities { communities.add([c.code, c.name, c.street ?? "—"]) }
        out += communities.rendered
        if code != nil {
            if !listing.compounds.isEmpty {
                var compounds = Table("COMPOUND", "NAME", "PROPERTY COMPANY")
                for c in listing.compounds { compounds.add([c.code, c.name, c.propertyCompany ?? "—"]) }
                out += "\n" + compounds.rendered
            }
            if !listing.buildings.isEmpty {
                var buildings = Table("BUILDING", "NAME", "COMPOUND")
                for b in listing.buildings { buildings.add([b.code, b.name, b.compound]) }
                out += "\n" + buildings.rendered
            }
            if !listing.gridCells.isEmpty {
                var cells = Table("GRID CELL", "GRID WORKER")
                for g in listing.gridCells { cells.add([g.code, g.gridWorker ?? "—"]) }
                out += "\n" + cells.rendered
            }
        }
        session.write(out)
    }
}

struct Locate: ServerCommand {
    static let configuration = CommandConfiguration(abstract: "Find the community a grid cell (网格) lies in.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The grid platform's cell code, for example 130703005001.")
    var gridCell: String

    func run() async throws {
        let session = try session()
        let located = try await session.withClient { try await $0.locateGridCell(gridCell: gridCell) }
        let (cell, community) = (located.gridCell, located.community)
        if session.json {
            session.emit(.object([
                ("gridCell", .object([("code", .string(cell.code)), ("community", .string(cell.community)), ("gridWorker", .string(cell.gridWorker))])),
                ("community", .object([("code", .string(community.code)), ("name", .string(community.name)), ("street", .string(community.street))])),
            ]))
        } else {
            let street = community.street.map { ", \($0)" } ?? ""
            let worker = cell.gridWorker.map { " · grid worker \($0)" } ?? ""
            session.print("grid cell \(cell.code) → \(community.code) \(community.name)\(street)\(worker)")
        }
    }
}

struct Units: ServerCommand {
    static let configuration = CommandConfiguration(abstract: "List responsible units (责任单位) a case can be dispatched to.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only one kind: department, propertyCompany, utility, legalAdviser, other.")
    var kind: ResponsibleUnit.Kind?

    func run() async throws {
        let session = try session()
        let units = try await session.withClient { try await $0.listUnits(kind: kind) }
        if session.json {
            session.emit(.object([("units", .array(units.map { .object([("code", .string($0.code)), ("name", .string($0.name)), ("kind", .string($0.kind.rawValue))]) }))]))
            return
        }
        var table = Table("CODE", "NAME", "KIND")
        for unit in units { table.add([unit.code, unit.name, unit.kind.rawValue]) }
        session.write(table.rendered)
    }
}

struct People: ServerCommand {
    static let configuration = CommandConfiguration(abstract: "List people: leaders, cadres, representatives, grid workers, volunteers, hall staff.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Option(help: "Only people of this community.")
    var community: String?

    @Option(help: "Only this role: leader, cadre, representative, gridWorker, volunteer, hallStaff.")
    var role: Person.Role?

    func run() async throws {
        let session = try session()
        let people = try await session.withClient { try await $0.listPeople(community: community, role: role) }
        let order = Person.Role.allCases
        func roles(_ p: Person) -> [String] { p.roles.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }.map(\.rawValue) }
        if session.json {
            session.emit(.object([("people", .array(people.map {
                .object([("id", .string($0.id)), ("name", .string($0.name)), ("roles", .strings(roles($0))), ("community", .string($0.community)), ("unit", .string($0.unit))])
            }))]))
            return
        }
        var table = Table("ID", "NAME", "ROLES", "COMMUNITY", "UNIT")
        for p in people { table.add([p.id, p.name, roles(p).joined(separator: ","), p.community ?? "—", p.unit ?? "—"]) }
        session.write(table.rendered)
    }
}

struct Categories: ServerCommand {
    static let configuration = CommandConfiguration(
        abstract: "List case categories with their time limits (限时办结) by priority and source.",
        discussion: "Limits read 2h (hours), 15wd (working days) or 60d (calendar days). Sources with the same limits share a row.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    func run() async throws {
        let session = try session()
        let listing = try await session.withClient { try await $0.listCategories() }
        let (categories, policy) = (listing.categories, listing.policy)
        if session.json {
            session.emit(.object([
                ("categories", .array(categories.map { info in
                    .object([
                        ("code", .string(info.category.code)), ("name", .string(info.category.name)),
                        ("limits", .array(info.limits.map { entry in
                            .object([
                                ("priority", .string(entry.priority.rawValue)), ("source", .string(entry.source.rawValue)),
                                ("response", .string(entry.limits.response.description)), ("handling", .string(entry.limits.handling.description)),
                                ("evaluationWindow", .string(entry.limits.evaluationWindow.description)),
                                ("maxExtension", .string(entry.limits.maxExtension.description)),
                            ])
                        })),
                    ])
                })),
                ("policy", .object([
                    ("dueSoonHours", .int(policy.dueSoonHours)), ("supervisionAfterHours", .int(policy.supervisionAfterHours)),
                    ("reworkLimit", .int(policy.reworkLimit)),
                    ("verifyingSources", .strings(CaseSource.allCases.filter(policy.verifyingSources.contains).map(\.rawValue))),
                ])),
            ]))
            return
        }
        var table = Table("CODE", "NAME", "PRIORITY", "SOURCES", "RESPONSE", "HANDLING", "EVALUATION", "MAX EXTENSION")
        for info in categories {
            var first = true
            for priority in Priority.allCases {
                // Group the sources that share the same limits, keeping the schema's source order.
                var groups: [(TimeLimits, [CaseSource])] = []
                for entry in info.limits where entry.priority == priority {
                    if let index = groups.firstIndex(where: { $0.0 == entry.limits }) { groups[index].1.append(entry.source) } else { groups.append((entry.limits, [entry.source])) }
                }
                let largest = groups.indices.max { groups[$0].1.count < groups[$1].1.count }
                for (index, (limits, sources)) in groups.enumerated() {
                    let sourceText = groups.count == 1 ? "all" : index == largest ? "others" : sources.map(\.rawValue).joined(separator: ",")
                    table.add([
                        first ? info.category.code : "", first ? info.category.name : "", priority.label, sourceText,
                        limits.response.description, limits.handling.description, limits.evaluationWindow.description, limits.maxExtension.description,
                    ])
                    first = false
                }
            }
        }
        session.write(table.rendered)
        let verifying = CaseSource.allCases.filter(policy.verifyingSources.contains).map(\.rawValue).joined(separator: ", ")
        session.print(
            "",
            "due soon \(policy.dueSoonHours)h before the due time · supervision (督办) \(policy.supervisionAfterHours)h after it · rework limit \(policy.reworkLimit)",
            "on-site verification (核查) before closing for: \(verifying.isEmpty ? "none" : verifying)")
    }
}
