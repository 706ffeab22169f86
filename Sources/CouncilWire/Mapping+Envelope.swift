import CCouncilWireSupport
import CProtobufC
import CouncilAPI
import CouncilKit
import CouncilWireC

// The envelope: WireFrame ↔ council.v1.Frame, and statuses.

extension Arena {
    func encode(_ frame: WireFrame, into f: UnsafeMutablePointer<Council__V1__Frame>) throws {
        switch frame {
        case .handshake(let h):
            let m = make(council__v1__handshake__init)
            try within("handshake") {
                m.pointee.protocol_version = h.protocolVersion
                m.pointee.client_system = try string(h.clientSystem, "client_system")
                m.pointee.client_instance = try string(h.clientInstance, "client_instance")
                if let token = h.bearerToken {
                    let c = make(council__v1__credential__init)
                    c.pointee.bearer_token = try string(token, "credential.bearer_token")
                    c.pointee.kind_case = oneof(1)
                    m.pointee.credential = c
                }
            }
            f.pointee.handshake = m; f.pointee.kind_case = oneof(1)
        case .handshakeResult(let result):
            let m = make(council__v1__handshake_result__init)
            try within("handshake_result") {
                m.pointee.status = try within("status") { try encode(result.status) }
                m.pointee.protocol_version = result.protocolVersion
                m.pointee.server_id = try string(result.serverID, "server_id")
                if let limits = result.limits { m.pointee.limits = try encode(limits) }
            }
            f.pointee.handshake_result = m; f.pointee.kind_case = oneof(2)
        case .call(let call):
            let m = make(council__v1__call__init)
            m.pointee.call_id = call.callID
            m.pointee.timeout_ms = call.timeoutMilliseconds ?? 0
            if call.metadata != CallMetadata() {
                let md = make(council__v1__call_metadata__init)
                try within("metadata") {
                    if let v = call.metadata.traceID { md.pointee.trace_id = try string(v, "trace_id") }
                    if let v = call.metadata.idempotencyKey { md.pointee.idempotency_key = try string(v, "idempotency_key") }
                    if let v = call.metadata.actingUser { md.pointee.acting_user = try string(v, "acting_user") }
                }
                m.pointee.metadata = md
            }
            try encode(call.request, into: m)
            f.pointee.call = m; f.pointee.kind_case = oneof(3)
        case .response(let response):
            let m = make(council__v1__response__init)
            m.pointee.call_id = response.callID
            if response.status != .ok {
                m.pointee.status = try within("status") { try encode(response.status) }
            }
            m.pointee.end_of_stream = response.endOfStream ? 1 : 0
            if let result = response.response { try encode(result, into: m) }
            f.pointee.response = m; f.pointee.kind_case = oneof(4)
        case .cancel(let callID):
            let m = make(council__v1__cancel__init)
            m.pointee.call_id = callID
            f.pointee.cancel = m; f.pointee.kind_case = oneof(5)
        case .ping(let payload):
            let m = make(council__v1__ping__init)
            m.pointee.payload = payload
            f.pointee.ping = m; f.pointee.kind_case = oneof(6)
        case .pong(let payload):
            let m = make(council__v1__pong__init)
            m.pointee.payload = payload
            f.pointee.pong = m; f.pointee.kind_case = oneof(7)
        case .goAway(let goAway):
            let m = make(council__v1__go_away__init)
            m.pointee.last_call_id = goAway.lastCallID
            m.pointee.status = try within("goaway.status") { try encode(goAway.status) }
            f.pointee.goaway = m; f.pointee.kind_case = oneof(8)
        }
    }

    func encode(_ s: CallStatus) throws -> UnsafeMutablePointer<Council__V1__Status> {
        let m = make(council__v1__status__init)
        m.pointee.code = .init(rawValue: UInt32(bitPattern: s.code.rawValue))
        m.pointee.message = try string(s.message, "message")
        if let v = s.field { m.pointee.field = try string(v, "field") }
        if let v = s.reason { m.pointee.reason = try string(v, "reason") }
        m.pointee.case_status = .init(rawValue: s.caseStatus?.wireNumber ?? 0)
        (m.pointee.n_allowed_operations, m.pointee.allowed_operations) = enums(s.allowedOperations)
        return m
    }
}

extension Arena {
    func encode(_ l: ConnectionLimits) throws -> UnsafeMutablePointer<Council__V1__Limits> {
        let m = make(council__v1__limits__init)
        m.pointee.max_frame_bytes = l.maxFrameBytes
        m.pointee.decode_budget_bytes = l.decodeBudgetBytes
        m.pointee.max_concurrent_calls = l.maxConcurrentCalls
        m.pointee.idle_timeout_ms = l.idleTimeoutMilliseconds
        m.pointee.frame_read_timeout_ms = l.frameReadTimeoutMilliseconds
        m.pointee.default_call_timeout_ms = l.defaultCallTimeoutMilliseconds
        return m
    }
}

extension Decode {
    static func message(_ m: UnsafeMutablePointer<Council__V1__Limits>) throws -> ConnectionLimits {
        let p = m.pointee
        return ConnectionLimits(
            maxFrameBytes: p.max_frame_bytes, decodeBudgetBytes: p.decode_budget_bytes,
            maxConcurrentCalls: p.max_concurrent_calls, idleTimeoutMilliseconds: p.idle_timeout_ms,
            frameReadTimeoutMilliseconds: p.frame_read_timeout_ms, defaultCallTimeoutMilliseconds: p.default_call_timeout_ms)
    }

    @inline(__always)
    static func optionalText(_ pointer: CString?) -> String? {
        let value = text(pointer)
        return value.isEmpty ? nil : value
    }

    static func status(_ m: UnsafeMutablePointer<Council__V1__Status>?) throws -> CallStatus {
        guard let m else { return .ok }
        return try message(m)
    }

    static func message(_ m: UnsafeMutablePointer<Council__V1__Status>) throws -> CallStatus {
        let p = m.pointee
        return CallStatus(
            StatusCode(rawValue: Int32(bitPattern: p.code.rawValue)), text(p.message), field: optionalText(p.field),
            reason: optionalText(p.reason), caseStatus: try CaseStatus(optionalWire: p.case_status.rawValue, "case_status"),
            allowedOperations: try wireEnums(p.n_allowed_operations, p.allowed_operations, "allowed_operations"))
    }

    static func frame(_ f: UnsafeMutablePointer<Council__V1__Frame>) throws -> WireFrame {
        let p = f.pointee
        switch p.kind_case.rawValue {
        case 1:
            let m = try required(p.handshake, "handshake").pointee
            var token: String?
            if let c = m.credential, c.pointee.kind_case.rawValue == 1 { token = text(c.pointee.bearer_token) }
            return .handshake(
                Handshake(
                    protocolVersion: m.protocol_version, clientSystem: text(m.client_system),
                    clientInstance: text(m.client_instance), bearerToken: token))
        case 2:
            let m = try required(p.handshake_result, "handshake_result").pointee
            return .handshakeResult(
                HandshakeResult(
                    status: try within("handshake_result.status") { try status(m.status) }, protocolVersion: m.protocol_version,
                    serverID: text(m.server_id), limits: try m.limits.map(message)))
        case 3:
            let c = try required(p.call, "call")
            let callID = c.pointee.call_id
            do {
                guard callID != 0 else { throw WireError.missing("call_id") }
                let metadata = c.pointee.metadata.map {
                    CallMetadata(
                        traceID: optionalText($0.pointee.trace_id), idempotencyKey: optionalText($0.pointee.idempotency_key),
                        actingUser: optionalText($0.pointee.acting_user))
                } ?? CallMetadata()
                let timeout = c.pointee.timeout_ms
                guard let request = try request(c) else { throw WireError.missing("request") }
                return .call(
                    WireCall(callID: callID, timeoutMilliseconds: timeout == 0 ? nil : timeout, metadata: metadata, request: request))
            } catch var error as WireError {
                error.callID = callID == 0 ? nil : callID
                throw error
            }
        case 4:
            let r = try required(p.response, "response")
            let callID = r.pointee.call_id
            do {
                return .response(
                    WireResponseFrame(
                        callID: callID, status: try within("status") { try status(r.pointee.status) },
                        endOfStream: r.pointee.end_of_stream != 0, response: try response(r)))
            } catch var error as WireError {
                error.callID = callID
                throw error
            }
        case 5: return .cancel(callID: try required(p.cancel, "cancel").pointee.call_id)
        case 6: return .ping(try required(p.ping, "ping").pointee.payload)
        case 7: return .pong(try required(p.pong, "pong").pointee.payload)
        case 8:
            let m = try required(p.goaway, "goaway").pointee
            return .goAway(GoAway(lastCallID: m.last_call_id, status: try within("goaway.status") { try status(m.status) }))
        default:
            if p.base.n_unknown_fields > 0 {
                throw WireError(.unknownFrameKind, "the frame is of a kind this version does not know; ignore it", field: "kind")
            }
            throw WireError.missing("kind")
        }
    }
}
