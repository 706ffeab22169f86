import CouncilAPI
import CouncilKit

// Assessment (评价考核): scorecards, the annual assessment and the CSV exports, which carry no personal data
// (AssessmentService leaves it out).

extension CouncilService {
    var assessment: AssessmentService { AssessmentService(cases: environment.cases) }

    public func getScorecard(_ request: GetScorecardRequest, context: CallContext) async throws -> Scorecard {
        try await assessment.scorecard(request.subject, from: request.from, through: request.through)
    }

    /// The call's weights and threshold replace the server's configured ones where given.
    public func getAnnualAssessment(_ request: GetAnnualAssessmentRequest, context: CallContext) async throws -> GetAnnualAssessmentResponse {
        var chosen = environment.assessmentWeights
        if !request.weights.isEmpty {
            var weights: [MeasureKind: Double] = [:]
            for (i, weight) in request.weights.enumerated() {
                guard weight.weight.isFinite, weight.weight >= 0 else {
                    throw CouncilError.invalid("weights[\(i)].weight", "a weight must be a finite number ≥ 0")
                }
                guard weights.updateValue(weight.weight, forKey: weight.kind) == nil else {
                    throw CouncilError.invalid("weights[\(i)].kind", "\(weight.kind.rawValue) is weighted twice")
                }
            }
            chosen.weights = weights
        }
        if let threshold = request.threshold { chosen.minimumCountedShare = threshold.minimumCountedShare }
        let result: AssessmentService.AnnualAssessment
        do {
            result = try await assessment.annualAssessment(year: request.year, weights: chosen)
        } catch let error as CouncilError where error.field == "weights.minimumCountedShare" {
            throw CouncilError(error.code, error.message, field: "threshold.minimumCountedShare")
        }
        return GetAnnualAssessmentResponse(
            year: result.year,
            weights: MeasureKind.allCases.compactMap { kind in result.weights.weights[kind].map { MeasureWeight(kind: kind, weight: $0) } },
            communities: result.communities, units: result.units, minimumCountedShare: result.weights.minimumCountedShare)
    }

    /// Every matching case: the query's cursor is ignored.
    public func exportCases(_ request: ExportCasesRequest, context: CallContext) async throws -> [UInt8] {
        var query = request.query
        query.cursor = nil
        return try exportable(try await assessment.casesCSV(query))
    }

    /// The subjects' scorecards; no subjects: every community's.
    public func exportScorecards(_ request: ExportScorecardsRequest, context: CallContext) async throws -> [UInt8] {
        let subjects = request.subjects.isEmpty
            ? environment.directory.sortedCommunities.map { ScorecardSubject.community($0.code) } : request.subjects
        var cards: [Scorecard] = []
        for (i, subject) in subjects.enumerated() {
            do {
                cards.append(try await assessment.scorecard(subject, from: request.from, through: request.through))
            } catch let error as CouncilError where error.field == "subject" {
                throw CouncilError(error.code, error.message, field: request.subjects.isEmpty ? "subjects" : "subjects[\(i)]")
            }
        }
        return try exportable(AssessmentService.scorecardsCSV(cards))
    }
}
