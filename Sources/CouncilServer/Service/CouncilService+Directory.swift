import CouncilAPI
import CouncilKit

// The directory: the codes cases refer to.

extension CouncilService {
    public func listCommunities(_ request: ListCommunitiesRequest, context: CallContext) async throws -> ListCommunitiesResponse {
        let directory = environment.directory
        guard let community = request.community else {
            return ListCommunitiesResponse(
                district: directory.district, communities: directory.sortedCommunities,
                compounds: directory.compounds.values.sorted { $0.code < $1.code },
                buildings: directory.buildings.values.sorted { $0.code < $1.code },
                gridCells: directory.gridCells.values.sorted { $0.code < $1.code })
        }
        guard let found = directory.communities[community] else {
            throw CouncilError.notFound("the directory has no community \(community.prefix(64))")
        }
        let compounds = directory.compounds.values.filter { $0.community == community }.sorted { $0.code < $1.code }
        let compoundCodes = Set(compounds.map(\.code))
        return ListCommunitiesResponse(
            district: directory.district, communities: [found], compounds: compounds,
            buildings: directory.buildings.values.filter { compoundCodes.contains($0.compound) }.sorted { $0.code < $1.code },
            gridCells: directory.gridCells.values.filter { $0.community == community }.sorted { $0.code < $1.code })
    }

    public func locateGridCell(_ request: LocateGridCellRequest, context: CallContext) async throws -> LocateGridCellResponse {
        let directory = environment.directory
        guard let cell = directory.gridCells[request.gridCell], let community = directory.communities[cell.community] else {
            throw CouncilError.notFound("the directory has no grid cell \(request.gridCell.prefix(64))")
        }
        return LocateGridCellResponse(gridCell: cell, community: community)
    }

    public func listUnits(_ request: ListUnitsRequest, context: CallContext) async throws -> [ResponsibleUnit] {
        environment.directory.units.values.filter { request.kind == nil || $0.kind == request.kind }.sorted { $0.code < $1.code }
    }

    public func listPeople(_ request: ListPeopleRequest, context: CallContext) async throws -> [Person] {
        environment.directory.people.values
            .filter { person in
                (request.community == nil || person.community == request.community)
                    && (request.role.map { person.roles.contains($0) } ?? true)
            }
            .sorted { $0.id < $1.id }
    }

    public func listCategories(_ request: ListCategoriesRequest, context: CallContext) async throws -> ListCategoriesResponse {
        let policy = environment.configuration.policy
        return ListCategoriesResponse(
            categories: environment.directory.categories.values.sorted { $0.code < $1.code }
                .map { CategoryInfo(category: $0, policy: policy) },
            policy: policy)
    }
}
