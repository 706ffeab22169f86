/// The district a deployment serves (区), for example 桥西区.
public struct District: Hashable, Sendable, Codable {
    /// The district code, for example `130703`.
    public var code: String
    /// The name, for example 桥西区.
    public var name: String

    /// Creates a district.
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A community (社区): one council hall each.
public struct Community: Hashable, Sendable, Codable {
    /// The community code used in case numbers, for example `QX07`.
    public var code: String
    /// The name, for example 东山坡社区.
    public var name: String
    /// The street office (街道) it belongs to, when known.
    public var street: String?

    /// Creates a community.
    public init(code: String, name: String, street: String? = nil) {
        self.code = code
        self.name = name
        self.street = street
    }
}

/// A residential compound (小区) within a community.
public struct Compound: Hashable, Sendable, Codable {
    /// The compound code.
    public var code: String
    /// The name.
    public var name: String
    /// The community code.
    public var community: String
    /// The property company's unit code, when one manages the compound.
    public var propertyCompany: String?

    /// Creates a compound.
    public init(code: String, name: String, community: String, propertyCompany: String? = nil) {
        self.code = code
        self.name = name
        self.community = community
        self.propertyCompany = propertyCompany
    }
}

/// A building (楼栋) within a compound.
public struct Building: Hashable, Sendable, Codable {
    /// The building code.
    public var code: String
    /// The name, for example 3号楼.
    public var name: String
    /// The compound code.
    public var compound: String

    /// Creates a building.
    public init(code: String, name: String, compound: String) {
        self.code = code
        self.name = name
        self.compound = compound
    }
}

/// A household (户) within a building.
public struct Household: Hashable, Sendable, Codable {
    /// The household code.
    public var code: String
    /// The door, for example 2单元501.
    public var unitNumber: String
    /// The building code.
    public var building: String
    /// Whether the household is in difficulty and should have a paired cadre (结对帮扶).
    public var inDifficulty: Bool

    /// Creates a household.
    public init(code: String, unitNumber: String, building: String, inDifficulty: Bool = false) {
        self.code = code
        self.unitNumber = unitNumber
        self.building = building
        self.inDifficulty = inDifficulty
    }
}

/// A grid cell (网格) of the grid-management platform, mapped onto a community.
public struct GridCell: Hashable, Sendable, Codable {
    /// The platform's cell code.
    public var code: String
    /// The community code the cell lies in.
    public var community: String
    /// The grid worker's person id, when assigned.
    public var gridWorker: String?

    /// Creates a grid cell.
    public init(code: String, community: String, gridWorker: String? = nil) {
        self.code = code
        self.community = community
        self.gridWorker = gridWorker
    }
}

/// A body a case can be dispatched to (责任单位).
public struct ResponsibleUnit: Hashable, Sendable, Codable {
    /// What kind of body it is.
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        /// A government department (职能部门).
        case department
        /// A property company (物业公司).
        case propertyCompany
        /// A utility: water, power, gas, heating.
        case utility
        /// A legal adviser (法律顾问), for dispute mediation.
        case legalAdviser
        /// Anything else.
        case other
    }

    /// The unit code.
    public var code: String
    /// The name, for example 桥西区城市管理综合行政执法局.
    public var name: String
    /// The kind.
    public var kind: Kind

    /// Creates a unit.
    public init(code: String, name: String, kind: Kind) {
        self.code = code
        self.name = name
        self.kind = kind
    }
}

/// A person the council works with: leader, cadre, representative, grid worker or volunteer.
public struct Person: Hashable, Sendable, Codable {
    /// A role a person holds.
    public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
        /// A district leader (区级领导), who may 包联 a community.
        case leader
        /// A party-member cadre (党员干部), who may be paired with households.
        case cadre
        /// A resident representative (居民代表).
        case representative
        /// A grid worker (网格员).
        case gridWorker
        /// A volunteer (志愿者).
        case volunteer
        /// Community staff who run the hall.
        case hallStaff
    }

    /// The person id.
    public var id: String
    /// The name.
    public var name: String
    /// The roles held.
    public var roles: Set<Role>
    /// The community the person serves or lives in, when one.
    public var community: String?
    /// The unit the person works for, when one.
    public var unit: String?

    /// Creates a person.
    public init(id: String, name: String, roles: Set<Role>, community: String? = nil, unit: String? = nil) {
        self.id = id
        self.name = name
        self.roles = roles
        self.community = community
        self.unit = unit
    }
}

/// A case category (问题分类), for example 环境卫生.
public struct Category: Hashable, Sendable, Codable {
    /// The category code, for example `environment`.
    public var code: String
    /// The name, for example 环境卫生.
    public var name: String

    /// Creates a category.
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}
