// Encode and decode cost of typical wire frames through protobuf-c, including the conversion to and from
// CouncilKit values, in a release build:
//
//     swift run -c release --package-path Benchmarks council-wire-bench [ITERATIONS [NAME]]      (default 200000; NAME: only those measurements)
//
// "submit" is a call registering a petition with personal data and an external reference; "case view" is a
// response carrying a case that has been accepted, dispatched, extended and is in progress. Figures are wall
// time per operation on whatever else the machine is doing; compare runs on the same machine.

import CouncilAPI
import CouncilKit
import CouncilWire
import Foundation
import NIOCore

@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 200_000
/// Only measurements whose name contains this text, when given (for profiling one of them).
let only = CommandLine.arguments.dropFirst(2).first
let monday = Timestamp(millisecondsSince1970: 1_796_000_400_000)

let submission = Submission(
    title: "小区垃圾清运不及时", description: "三号楼东侧垃圾站已经三天没有清运，气味很大，居民多次反映。", source: .petitionOffice,
    community: "QX07", category: "environment",
    location: CaseLocation(compound: "QX07-C1", description: "3号楼东侧垃圾站"),
    submitter: PersonalData(name: "张三", phone: "13812345678", address: "示例社区07第1小区3号楼2单元501"),
    externalReference: ExternalReference(system: "petition-office", reference: "XF-2026-000123"),
    attachments: ["photo://xf/000123/1.jpg"])
let submitFrame = WireFrame.call(WireCall(
    callID: 1, timeoutMilliseconds: 5000,
    metadata: CallMetadata(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", idempotencyKey: "XF-2026-000123-submit"),
    request: .submit(SubmitRequest(submission: submission))))

// A case taken through the loop for real, so the view is what a server would send.
let clock = ManualClock(monday)
let service = CaseService(
    store: InMemoryCaseStore(), directory: try DirectorySeed.qiaoxiDemo().directory(),
    configuration: CaseService.Configuration(policy: .standard, calendar: try DirectorySeed.qiaoxiDemo().calendar ?? WorkCalendar()),
    clock: clock)
let staff = Principal(system: "hall-staff", user: "HS01")
var state = try await service.submit(submission, by: Principal(system: "petition-office")).case
state = try await service.accept(state.id, note: "按信访件办理", by: staff)
state = try await service.dispatch(state.id, to: "UM", instructions: "请尽快清运并反馈", by: staff)
state = try await service.addProgress(state.id, note: "已安排清运车辆", by: Principal(system: "unit-portal", user: "UM"))
state = try await service.requestExtension(state.id, ExtensionRequest(length: 5, reason: "等待环卫车辆调度"), by: staff)
let view = CaseView(
    state: state, submitterDisclosure: .masked, allowedOperations: service.allowedOperations(for: state),
    deadlineState: service.deadlineState(of: state))
let caseFrame = WireFrame.response(WireResponseFrame(callID: 2, response: .getCase(view)))

let codec = WireCodec()

func measure(_ name: String, bytes: Int, _ body: () throws -> Void) rethrows {
    if let only, !name.contains(only) { return }
    for _ in 0..<(iterations / 10) { try body() }  // warm up
    let elapsed = try ContinuousClock().measure { for _ in 0..<iterations { try body() } }
    let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    let padded = name.padding(toLength: 22, withPad: " ", startingAt: 0)
    print("\(padded) \(String(format: "%7.0f", ns / Double(iterations))) ns/op   (\(bytes) bytes, \(iterations) iterations)")
}

var buffer = ByteBufferAllocator().buffer(capacity: 4096)
for (name, frame) in [("submit", submitFrame), ("case view", caseFrame)] {
    buffer.clear()
    try codec.encode(payloadOf: frame, into: &buffer)
    let payload = buffer.getBytes(at: 0, length: buffer.readableBytes)!
    let decoded = try codec.decode(payload: payload)
    precondition(decoded == frame, "\(name) does not round-trip")
    try measure("\(name) encode", bytes: payload.count) {
        buffer.clear()
        try codec.encode(payloadOf: frame, into: &buffer)
    }
    try payload.withUnsafeBytes { raw in
        try measure("\(name) decode", bytes: payload.count) { blackHole(try codec.decode(payload: raw)) }
    }
}
