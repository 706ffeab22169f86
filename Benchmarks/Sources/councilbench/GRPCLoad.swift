import CouncilGRPCPeer
import CouncilKit
import GRPCCore
import GRPCNIOTransportHTTP2
import Histogram
import NIOCore
import NIOPosix
import Synchronization

/// The same load on the gRPC peer, through grpc-swift-2's own client: one client (one HTTP/2 connection) per
/// connection of the plan, each running `inFlight` calls at a time.
enum GRPCLoad {
    static func run(host: String, port: Int, plan: LoadPlan, kind: CallKind, workload: Workload) async throws -> LoadResult {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: plan.clientThreads)
        do {
            let result = try await run(host: host, port: port, plan: plan, kind: kind, workload: workload, group: group)
            try await group.shutdownGracefully()
            return result
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private static func run(
        host: String, port: Int, plan: LoadPlan, kind: CallKind, workload: Workload, group: MultiThreadedEventLoopGroup
    ) async throws -> LoadResult {
        let start = ContinuousClock.now
        let windowStart = start + plan.warmup
        let windowEnd = windowStart + plan.window
        let results = ResultBox()
        try await withThrowingTaskGroup(of: Void.self) { connections in
            for connection in 0..<plan.connections {
                connections.addTask {
                    try await withGRPCClient(
                        transport: .http2NIOPosix(
                            target: .ipv4(address: host, port: port), transportSecurity: .plaintext, eventLoopGroup: group)
                    ) { client in
                        let peer = Council_Peer_V1_CouncilPeer.Client(wrapping: client)
                        try await withThrowingTaskGroup(of: LoadResult.self) { calls in
                            for lane in 0..<plan.inFlight {
                                calls.addTask {
                                    var result = LoadResult()
                                    var random = Xorshift(seed: UInt64(connection * 1000 + lane + 1) &* 0x2545_F491_4F6C_DD1D)
                                    var serial: UInt64 = 0
                                    while ContinuousClock.now < windowEnd {
                                        serial += 1
                                        let began = ContinuousClock.now
                                        do {
                                            switch kind {
                                            case .submit:
                                                let submission = Corpus.submission(
                                                    random: &random, reference: "\(workload.runTag)-g\(connection)-\(lane)-\(serial)")
                                                let response = try await peer.submit(CouncilGRPCPeer.request(submission))
                                                if !response.hasCase { result.error("submit: no case in the response") }
                                            default:
                                                var request = Council_V1_GetCaseRequest()
                                                request.id = workload.caseIDs[random.index(workload.caseIDs.count)].rawValue
                                                let response = try await peer.getCase(request)
                                                if !response.hasCase { result.error("get: no case in the response") }
                                            }
                                        } catch {
                                            result.error("\(kind.rawValue): \(error)")
                                            continue
                                        }
                                        let ended = ContinuousClock.now
                                        if began >= windowStart, ended <= windowEnd {
                                            let elapsed = (ended - began).components
                                            result.record(kind, nanoseconds: UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000))
                                        }
                                    }
                                    return result
                                }
                            }
                            for try await result in calls {
                                results.value.withLock { $0.merge(result) }
                            }
                        }
                    }
                }
            }
            try await connections.waitForAll()
        }
        var result = results.value.withLock { $0 }
        let window = plan.window.components
        result.windowSeconds = Double(window.seconds) + Double(window.attoseconds) / 1e18
        return result
    }
}

/// Results several tasks merge into.
final class ResultBox: Sendable {
    let value = Mutex(LoadResult())
}
