import Foundation

/// The places, bodies and people a council hall works with, and the categories cases fall into.
///
/// District → community → compound → building → household; grid cells mapped onto communities; responsible
/// units; people. Every reference is checked when the directory is built, so a lookup that succeeds is consistent.
public struct Directory: Hashable, Sendable {
    /// The district.
    public let district: District
    /// Communities by code.
    public let communities: [String: Community]
    /// Compounds by code.
    public let compounds: [String: Compound]
    /// Buildings by code.
    public let buildings: [String: Building]
    /// Households by code.
    public let households: [String: Household]
    /// Grid cells by code.
    public let gridCells: [String: GridCell]
    /// Responsible units by code.
    public let units: [String: ResponsibleUnit]
    /// People by id.
    public let people: [String: Person]
    /// Categories by code.
    public let categories: [String: Category]

    /// Builds a directory, checking that codes are unique and every reference resolves.
    ///
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming the first duplicate code or dangling reference.
    public init(
        district: District, communities: [Community], compounds: [Compound] = [], buildings: [Building] = [],
        households: [Household] = [], gridCells: [GridCell] = [], units: [ResponsibleUnit] = [],
        people: [Person] = [], categories: [Category]
    ) throws {
        self.district = district
        self.communities = try Self.index(communities, "communities", key: \.code)
        self.compounds = try Self.index(compounds, "compounds", key: \.code)
        self.buildings = try Self.index(buildings, "buildings", key: \.code)
        self.households = try Self.index(households, "households", key: \.code)
        self.gridCells = try Self.index(gridCells, "gridCells", key: \.code)
        self.units = try Self.index(units, "units", key: \.code)
        self.people = try Self.index(people, "people", key: \.id)
        self.categories = try Self.index(categories, "categories", key: \.code)

        for c in compounds {
            try require(self.communities[c.community], "compounds.\(c.code).community", c.community)
            if let company = c.propertyCompany { try require(self.units[company], "compounds.\(c.code).propertyCompany", company) }
        }
        for b in buildings { try require(self.compounds[b.compound], "buildings.\(b.code).compound", b.compound) }
        for h in households { try require(self.buildings[h.building], "households.\(h.code).building", h.building) }
        for g in gridCells {
            try require(self.communities[g.community], "gridCells.\(g.code).community", g.community)
            if let worker = g.gridWorker { try require(self.people[worker], "gridCells.\(g.code).gridWorker", worker) }
        }
        for p in people {
            if let community = p.community { try require(self.communities[community], "people.\(p.id).community", community) }
            if let unit = p.unit { try require(self.units[unit], "people.\(p.id).unit", unit) }
        }
    }

    /// The community a grid cell lies in.
    public func community(ofGridCell code: String) -> Community? {
        gridCells[code].flatMap { communities[$0.community] }
    }

    /// The community a compound belongs to.
    public func community(ofCompound code: String) -> Community? {
        compounds[code].flatMap { communities[$0.community] }
    }

    /// The community a building belongs to.
    public func community(ofBuilding code: String) -> Community? {
        buildings[code].flatMap { community(ofCompound: $0.compound) }
    }

    /// Communities in code order.
    public var sortedCommunities: [Community] { communities.values.sorted { $0.code < $1.code } }

    private static func index<T>(_ items: [T], _ name: String, key: KeyPath<T, String>) throws -> [String: T] {
        var result: [String: T] = [:]
        result.reserveCapacity(items.count)
        for item in items {
            let code = item[keyPath: key]
            guard !code.isEmpty else { throw CouncilError.invalid(name, "an entry of \(name) has an empty code") }
            guard result.updateValue(item, forKey: code) == nil else {
                throw CouncilError.invalid("\(name).\(code)", "\(name) lists \"\(code)\" twice")
            }
        }
        return result
    }
}

private func require<T>(_ value: T?, _ field: String, _ code: String) throws {
    guard value != nil else { throw CouncilError.invalid(field, "refers to \"\(code)\", which the directory does not contain") }
}

/// The file a hall starts from: its directory and its work calendar, as JSON.
///
/// ```json
/// { "district": {"code": "130703", "name": "桥西区"},
///   "communities": [{"code": "QX01", "name": "…"}], "compounds": [], "buildings": [], "households": [],
///   "gridCells": [], "units": [], "people": [], "categories": [{"code": "environment", "name": "环境卫生"}],
///   "calendar": {"holidays": ["2026-10-01"], "adjustedWorkdays": ["2026-10-10"]} }
/// ```
public struct DirectorySeed: Hashable, Sendable, Codable {
    /// A remark about the file, for people reading it.
    public var note: String?
    /// The district.
    public var district: District
    /// Communities.
    public var communities: [Community]
    /// Compounds.
    public var compounds: [Compound]
    /// Buildings.
    public var buildings: [Building]
    /// Households.
    public var households: [Household]
    /// Grid cells.
    public var gridCells: [GridCell]
    /// Responsible units.
    public var units: [ResponsibleUnit]
    /// People.
    public var people: [Person]
    /// Categories.
    public var categories: [Category]
    /// The work calendar; weekends only when absent.
    public var calendar: WorkCalendar?

    /// Reads a seed file.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming the place in the file that is wrong.
    public static func load(contentsOf url: URL) throws -> DirectorySeed {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CouncilError.invalid("seed", "cannot read the seed file \(url.lastPathComponent)")
        }
        return try decode(data)
    }

    /// Decodes a seed from JSON.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming the place in the JSON that is wrong.
    public static func decode(_ data: Data) throws -> DirectorySeed {
        do {
            return try JSONDecoder().decode(DirectorySeed.self, from: data)
        } catch let error as DecodingError {
            throw CouncilError.invalid("seed", "the seed file is not valid: \(error.councilSummary)")
        }
    }

    /// The demo seed for Qiaoxi District shipped with CouncilKit: 44 communities with placeholder names, some
    /// compounds, grid cells, units and people, and the 2026 holiday calendar.
    public static func qiaoxiDemo() throws -> DirectorySeed {
        guard let url = Bundle.module.url(forResource: "qiaoxi-demo", withExtension: "json") else {
            throw CouncilError(.dataCorrupted, "the demo seed is missing from the CouncilKit bundle")
        }
        return try load(contentsOf: url)
    }

    /// The checked directory.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming a duplicate code or dangling reference.
    public func directory() throws -> Directory {
        try Directory(
            district: district, communities: communities, compounds: compounds, buildings: buildings,
            households: households, gridCells: gridCells, units: units, people: people, categories: categories)
    }

    private enum CodingKeys: String, CodingKey {
        case note, district, communities, compounds, buildings, households, gridCells, units, people, categories, calendar
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        district = try c.decode(District.self, forKey: .district)
        communities = try c.decode([Community].self, forKey: .communities)
        compounds = try c.decodeIfPresent([Compound].self, forKey: .compounds) ?? []
        buildings = try c.decodeIfPresent([Building].self, forKey: .buildings) ?? []
        households = try c.decodeIfPresent([Household].self, forKey: .households) ?? []
        gridCells = try c.decodeIfPresent([GridCell].self, forKey: .gridCells) ?? []
        units = try c.decodeIfPresent([ResponsibleUnit].self, forKey: .units) ?? []
        people = try c.decodeIfPresent([Person].self, forKey: .people) ?? []
        categories = try c.decode([Category].self, forKey: .categories)
        calendar = try c.decodeIfPresent(WorkCalendar.self, forKey: .calendar)
    }
}

extension DecodingError {
    /// Where and what kind of problem, never the input's values (a seed holds people's names).
    var councilSummary: String {
        func path(_ context: Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "top level" : String(p.drop(while: { $0 == "." }))
        }
        switch self {
        case .keyNotFound(let key, let context): return "\(path(context)): missing \"\(key.stringValue)\""
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): not an allowed value"
        @unknown default: return "unreadable"
        }
    }
}
