import CouncilKit
import GRPCCore
import GRPCNIOTransportHTTP2

/// get-case and submit-case served by grpc-swift-2 over HTTP/2, on the same ``CaseService`` and store as councild:
/// the peer councilbench compares councild with.
///
/// It answers as councild answers a caller without the personal-data scope (the petition office's key in the
/// benchmark): the submitter masked, the allowed operations and the deadline state computed per call.
public struct CouncilGRPCPeer: Council_Peer_V1_CouncilPeer.SimpleServiceProtocol {
    let service: CaseService
    let principal = Principal(system: "petition-office")

    /// Creates the service over a case service.
    public init(service: CaseService) {
        self.service = service
    }

    public func getCase(request: Council_V1_GetCaseRequest, context: ServerContext) async throws -> Council_V1_GetCaseResponse {
        let found: CouncilCase
        do {
            switch request.key {
            case .id(let text):
                guard let id = CaseID(text) else { throw RPCError(code: .invalidArgument, message: "id is not a case id") }
                found = try await service.case(id)
            case .number(let text):
                guard let number = CaseNumber(text) else { throw RPCError(code: .invalidArgument, message: "number is not a case number") }
                found = try await service.case(number: number)
            case .externalReference(let reference):
                found = try await service.case(externalReference: ExternalReference(system: reference.system, reference: reference.reference))
            case nil:
                throw RPCError(code: .invalidArgument, message: "key is required")
            }
        } catch let error as CouncilError {
            throw RPCError(error)
        }
        var response = Council_V1_GetCaseResponse()
        response.case = view(found)
        return response
    }

    public func submit(request: Council_V1_SubmitRequest, context: ServerContext) async throws -> Council_V1_SubmitResponse {
        guard request.hasSubmission else { throw RPCError(code: .invalidArgument, message: "submission is required") }
        let submission: Submission
        do {
            submission = try Submission(request.submission)
        } catch let error as PeerInvalidArgument {
            throw RPCError(code: .invalidArgument, message: error.message)
        }
        do {
            let result = try await service.submit(submission, by: principal)
            var response = Council_V1_SubmitResponse()
            response.case = view(result.case)
            response.created = result.created
            return response
        } catch let error as CouncilError {
            throw RPCError(error)
        }
    }

    private func view(_ state: CouncilCase) -> Council_V1_Case {
        Council_V1_Case(
            view: state.maskingPersonalData(), disclosure: .masked, allowedOperations: service.allowedOperations(for: state),
            deadlineState: service.deadlineState(of: state))
    }

    /// Serves on `host:port` until the task is cancelled.
    public static func serve(service: CaseService, host: String, port: Int) async throws {
        let server = GRPCServer(
            transport: .http2NIOPosix(address: .ipv4(host: host, port: port), transportSecurity: .plaintext),
            services: [CouncilGRPCPeer(service: service)])
        try await server.serve()
    }
}

extension RPCError {
    init(_ error: CouncilError) {
        let code: RPCError.Code
        switch error.code {
        case .notFound: code = .notFound
        case .invalidArgument: code = .invalidArgument
        case .versionConflict: code = .aborted
        case .storageUnavailable: code = .unavailable
        default: code = .failedPrecondition
        }
        self.init(code: code, message: error.description)
    }
}

extension CouncilGRPCPeer {
    /// The submit request a client sends for `submission`.
    public static func request(_ submission: Submission) -> Council_V1_SubmitRequest {
        var request = Council_V1_SubmitRequest()
        request.submission = Council_V1_Submission(submission)
        return request
    }
}
