import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilServer
import CouncilWire
import Foundation
import Testing

/// Many connections and many calls at once (PROTOCOL.md §5.2, §8): every answer reaches the call that asked, in any
/// order, and the limits refuse exactly the excess.
@Suite("councild under concurrency")
struct ServerConcurrencyTests {
    /// The grid cells of the demo directory and the community each lies in: `locate_grid_cell` answers depend on the
    /// request, so a mixed-up answer shows.
    private static let gridCells: [(cell: String, community: String)] = (1...20).flatMap { community in
        [1, 2].map { (String(format: "130703%03d%03d", community, $0), String(format: "QX%02d", community)) }
    }

    /// What a call of the mixed load asks, so its answer can be checked against it.
    private enum Expectation {
        case submitted(title: String, reference: ExternalReference)
        case caseByNumber(CaseID)
        case casesOfCommunity([CaseID])
        case gridCell(cell: String, community: String)
    }

    /// One case per community QX01…QX08, registered by hall staff.
    private func seedCases(_ server: TestDaemon) async throws -> [CaseView] {
        let staff = server.client("hall-staff")
        var seeded: [CaseView] = []
        for k in 1...8 {
            var submission = Harness.submission("既有案件 \(k)")
            submission.community = String(format: "QX%02d", k)
            seeded.append(try await staff.submit(submission: submission).case)
        }
        await staff.close()
        return seeded
    }

    @Test("64 connections × 32 calls in flight (submit, get_case, find_cases, locate_grid_cell): every answer matches its call id, nothing is lost")
    func sixtyFourConnections() async throws {
        try await TestDaemon.with { server in
            let seeds = try await seedCases(server)
            let systems = ["hall-staff", "petition-office", "grid-platform"]
            let submitted = try await withThrowingTaskGroup(of: Int.self) { group in
                for c in 0..<64 {
                    group.addTask {
                        let system = systems[c % systems.count]
                        let connection = try await server.raw(system)
                        var expected: [UInt64: Expectation] = [:]
                        var bytes: [UInt8] = []
                        for i in 0..<32 {
                            let id = UInt64(i + 1)
                            let seed = seeds[(c + i) % seeds.count]
                            let request: WireRequest
                            switch i % 4 {
                            case 0:
                                var submission = Harness.submission("并发提交 \(c)-\(i)")
                                submission.community = "QX20"
                                let reference = ExternalReference(system: system, reference: "C-\(c)-\(i)")
                                submission.externalReference = reference
                                request = .submit(SubmitRequest(submission: submission))
                                expected[id] = .submitted(title: submission.title, reference: reference)
                            case 1:
                                request = .getCase(GetCaseRequest(key: .number(seed.state.number)))
                                expected[id] = .caseByNumber(seed.state.id)
                            case 2:
                                request = .findCases(FindCasesRequest(query: CaseQuery(community: seed.state.community)))
                                expected[id] = .casesOfCommunity([seed.state.id])
                            default:
                                let cell = Self.gridCells[(c * 32 + i) % Self.gridCells.count]
                                request = .locateGridCell(LocateGridCellRequest(gridCell: cell.cell))
                                expected[id] = .gridCell(cell: cell.cell, community: cell.community)
                            }
                            bytes += try WireCodec().encode(.call(WireCall(callID: id, request: request)))
                        }
                        await connection.send(bytes)  // 32 calls in flight at once

                        var submits = 0
                        for _ in 0..<32 {
                            let response = try await connection.nextResponse()
                            guard let expectation = expected.removeValue(forKey: response.callID) else {
                                Issue.record("connection \(c): an answer to call \(response.callID), which is unknown or answered already")
                                continue
                            }
                            #expect(response.status.isOK, "connection \(c) call \(response.callID): \(response.status)")
                            #expect(response.endOfStream)
                            switch (expectation, response.response) {
                            case (.submitted(let title, let reference), .submit(let submitted)?):
                                #expect(submitted.created)
                                #expect(submitted.case.state.submission.title == title)
                                #expect(submitted.case.state.submission.externalReference == reference)
                                submits += 1
                            case (.caseByNumber(let id), .getCase(let view)?):
                                #expect(view.state.id == id)
                            case (.casesOfCommunity(let ids), .findCases(let page)?):
                                #expect(page.cases.map(\.state.id) == ids)
                            case (.gridCell(let cell, let community), .locateGridCell(let found)?):
                                #expect(found.gridCell.code == cell)
                                #expect(found.community.code == community)
                            default:
                                Issue.record("connection \(c) call \(response.callID): \(expectation) answered with \(String(describing: response.response))")
                            }
                        }
                        #expect(expected.isEmpty, "calls never answered: \(expected.keys.sorted())")
                        await connection.close()
                        return submits
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(submitted == 64 * 8)
            let staff = server.client("hall-staff")
            let feed = try await staff.listChanges(after: 0, limit: 1)
            #expect(feed.latestSequence == Int64(8 + 64 * 8), "every acknowledged submit is stored exactly once")
            var titles: [String] = []
            var query = CaseQuery(community: "QX20", limit: 500)
            while true {
                let page = try await staff.findCases(query: query)
                titles += page.cases.map(\.state.submission.title)
                guard let next = page.nextCursor, !page.cases.isEmpty else { break }
                query.cursor = next
            }
            #expect(titles.count == 64 * 8 && Set(titles).count == 64 * 8)
            await staff.close()
            await server.expectStillServing()
        }
    }

    @Test("64 CouncilClients × 32 concurrent calls each all succeed")
    func sixtyFourClients() async throws {
        try await TestDaemon.with { server in
            let seeds = try await seedCases(server)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<64 {
                    group.addTask {
                        let client = server.client(["hall-staff", "petition-office", "grid-platform"][c % 3])
                        try await withThrowingTaskGroup(of: Void.self) { calls in
                            for i in 0..<32 {
                                calls.addTask {
                                    let seed = seeds[(c + i) % seeds.count]
                                    if i % 2 == 0 {
                                        let found = try await client.getCase(key: .id(seed.state.id))
                                        #expect(found.state.number == seed.state.number)
                                    } else {
                                        let cell = Self.gridCells[(c + i) % Self.gridCells.count]
                                        let located = try await client.locateGridCell(gridCell: cell.cell)
                                        #expect(located.community.code == cell.community)
                                    }
                                }
                            }
                            try await calls.waitForAll()
                        }
                        await client.close()
                    }
                }
                try await group.waitForAll()
            }
            await server.expectStillServing()
        }
    }

    @Test("pipelined raw calls: each response carries the call id of the request it answers")
    func rawPipelining() async throws {
        try await TestDaemon.with { server in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        let connection = try await server.raw("grid-platform")
                        var expected: [UInt64: (cell: String, community: String)] = [:]
                        var bytes: [UInt8] = []
                        for id in UInt64(1)...64 {
                            let cell = Self.gridCells[Int.random(in: 0..<Self.gridCells.count)]
                            expected[id] = cell
                            bytes += try WireCodec().encode(.call(WireCall(callID: id, request: .locateGridCell(LocateGridCellRequest(gridCell: cell.cell)))))
                        }
                        await connection.send(bytes)  // all 64 calls in one write
                        var seen: Set<UInt64> = []
                        for _ in 0..<64 {
                            let response = try await connection.nextResponse()
                            #expect(seen.insert(response.callID).inserted, "call \(response.callID) answered twice")
                            guard let cell = expected[response.callID] else {
                                Issue.record("an answer to call \(response.callID), which was never made")
                                continue
                            }
                            guard case .locateGridCell(let located)? = response.response else {
                                Issue.record("call \(response.callID): \(response.status)")
                                continue
                            }
                            #expect(located.gridCell.code == cell.cell)
                            #expect(located.community.code == cell.community)
                        }
                        #expect(seen.count == 64)
                        await connection.close()
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("responses come back out of order: quick calls overtake a slow find")
    func outOfOrder() async throws {
        try await GatedServer.with { server, _ in
            let connection = try await RawWireConnection.handshaken(port: server.port)
            try await connection.call(1, GatedServer.slowFind)
            try await server.gate.waitForArrivals(1)
            try await connection.call(2, .getServerInfo(GetServerInfoRequest()))
            try await connection.call(3, .locateGridCell(LocateGridCellRequest(gridCell: "130703007001")))
            let second = try await connection.nextResponse()
            let third = try await connection.nextResponse()
            // Both overtake call 1; between themselves they may finish in either order (§5.2).
            #expect(Set([second.callID, third.callID]) == [2, 3])
            server.gate.open()
            let first = try await connection.nextResponse()
            #expect(first.callID == 1)
            if case .findCases? = first.response {} else { Issue.record("call 1 should carry its find result: \(first.status)") }
            await connection.close()

            // The Swift client takes them in any order too.
            server.gate.reset()
            let client = server.client()
            let slow = Task { try await client.findCases(query: GatedServer.slowQuery) }
            try await server.gate.waitForArrivals(2)
            #expect(try await client.checkHealth() == .serving, "answered while the find waits")
            server.gate.open()
            _ = try await slow.value  // the slow find succeeds
            await client.close()
        }
    }

    @Test("more than max_concurrent_calls in flight: the extra calls get RESOURCE_EXHAUSTED tooManyCalls, the connection goes on")
    func tooManyCalls() async throws {
        try await TestDaemon.with(limits: { $0.maxConcurrentCalls = 4 }) { server in
            let connection = try await server.raw()
            for id in UInt64(1)...4 { try await connection.call(id, .watchEvents(WatchEventsRequest(after: 0))) }
            for id in UInt64(5)...7 { try await connection.call(id, .getServerInfo(GetServerInfoRequest())) }
            for id in UInt64(5)...7 {
                let refused = try await connection.nextResponse()
                #expect(refused.callID == id)
                #expect(refused.status.code == .resourceExhausted)
                #expect(refused.status.reason == "tooManyCalls")
                #expect(refused.endOfStream)
            }
            try await connection.send(.ping(99))
            #expect(try await connection.nextFrame() == .pong(99), "the connection still answers")

            // Ending the streams frees their slots.
            for id in UInt64(1)...4 {
                try await connection.send(.cancel(callID: id))
                let end = try await connection.nextResponse()
                #expect(end.callID == id && end.status.code == .cancelled && end.endOfStream)
            }
            let answer = try await Self.callUntilAccepted(connection, firstID: 8, .getServerInfo(GetServerInfoRequest()))
            #expect(answer.status.isOK)

            // Other connections have their own allowance.
            let other = try await server.raw()
            for id in UInt64(1)...4 { try await other.call(id, .checkHealth(CheckHealthRequest())) }
            for _ in 1...4 { #expect(try await other.nextResponse().status.isOK) }
            await other.close()
            await connection.close()
        }
    }

    @Test("a cancelled call keeps its slot until its work ends, and its late result is never sent")
    func cancelledCallKeepsItsSlot() async throws {
        try await GatedServer.with(gate: StoreGate(honorsCancellation: false), limits: { $0.maxConcurrentCalls = 2 }) { server, _ in
            let connection = try await RawWireConnection.handshaken(port: server.port)
            try await connection.call(1, GatedServer.slowFind)
            try await connection.call(2, GatedServer.slowFind)
            try await server.gate.waitForArrivals(2)
            try await connection.send(.cancel(callID: 1))
            let cancelled = try await connection.nextResponse()
            #expect(cancelled.callID == 1 && cancelled.status.code == .cancelled && cancelled.endOfStream)

            try await connection.call(3, .getServerInfo(GetServerInfoRequest()))
            let refused = try await connection.nextResponse()
            #expect(refused.callID == 3)
            #expect(refused.status.reason == "tooManyCalls", "call 1's work still runs, so it still counts")

            server.gate.open()
            let second = try await connection.nextResponse()
            #expect(second.callID == 2 && second.status.isOK, "call 1 was answered already: its result is dropped")
            let answer = try await Self.callUntilAccepted(connection, firstID: 4, .getServerInfo(GetServerInfoRequest()))
            #expect(answer.status.isOK)
            await connection.close()
        }
    }

    @Test("a client that waits for each answer before the next call never exceeds max_concurrent_calls (§5.2: in flight until its response)")
    func sequentialCallsNeverRefused() async throws {
        try await TestDaemon.with(limits: { $0.maxConcurrentCalls = 1 }) { server in
            let connection = try await server.raw()
            var refused = 0
            for id in UInt64(1)...400 {
                try await connection.call(id, .checkHealth(CheckHealthRequest()))
                let answer = try await connection.nextResponse()
                if answer.status.reason == "tooManyCalls" { refused += 1 }
            }
            #expect(refused == 0, "\(refused) of 400 calls refused although only one was ever in flight")
            await connection.close()
        }
    }

    @Test("max_connections + 1: the extra handshake gets RESOURCE_EXHAUSTED tooManyConnections and a close")
    func tooManyConnections() async throws {
        try await TestDaemon.with(limits: { $0.maxConnections = 3 }) { server in
            var open: [RawWireConnection] = []
            for _ in 0..<3 { open.append(try await server.raw()) }
            let extra = try await RawWireConnection.connect(port: server.port)
            let result = try await extra.handshake(system: "hall-staff", key: "demo-hall-staff")
            #expect(result.status.code == .resourceExhausted)
            #expect(result.status.reason == "tooManyConnections")
            #expect(await extra.closesWithoutMoreFrames())

            for (i, connection) in open.enumerated() {
                try await connection.call(1, .checkHealth(CheckHealthRequest()))
                #expect(try await connection.nextResponse().status.isOK, "connection \(i) still serves")
            }
            // A place freed is taken again (the server notices the close asynchronously: retry the handshake).
            await open.removeLast().close()
            var accepted = false
            for _ in 0..<200 where !accepted {
                let again = try await RawWireConnection.connect(port: server.port)
                let result = try await again.handshake(system: "hall-staff", key: "demo-hall-staff")
                accepted = result.status.isOK
                if !accepted { #expect(result.status.reason == "tooManyConnections") }
                await again.close()
            }
            #expect(accepted)
            for connection in open { await connection.close() }
        }
    }

    /// Sends `request` with increasing ids until it is not refused tooManyCalls (the slot of a call that just ended
    /// is freed when its task finishes, a moment after its answer went out).
    static func callUntilAccepted(_ connection: RawWireConnection, firstID: UInt64, _ request: WireRequest) async throws -> WireResponseFrame {
        var id = firstID
        while true {
            try await connection.call(id, request)
            let answer = try await connection.nextResponse()
            #expect(answer.callID == id)
            if answer.status.reason != "tooManyCalls" || id - firstID >= 200 { return answer }
            id += 1
        }
    }
}
