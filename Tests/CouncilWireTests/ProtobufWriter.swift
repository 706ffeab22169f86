/// A minimal protobuf writer for hand-made, deliberately wrong messages.
enum PB {
    /// A field: number and encoded value.
    struct Field {
        let bytes: [UInt8]

        static func varint(_ number: Int, _ value: UInt64) -> Field {
            Field(bytes: PB.varint(UInt64(number << 3)) + PB.varint(value))
        }

        static func bytes(_ number: Int, _ value: [UInt8]) -> Field {
            Field(bytes: PB.varint(UInt64(number << 3 | 2)) + PB.varint(UInt64(value.count)) + value)
        }

        static func string(_ number: Int, _ value: String) -> Field { bytes(number, Array(value.utf8)) }

        static func message(_ number: Int, _ fields: [Field]) -> Field { bytes(number, PB.message(fields)) }
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    static func message(_ fields: [Field]) -> [UInt8] { fields.flatMap(\.bytes) }

    /// A Frame holding a call with id `callID` and the request member `method` made of `fields`.
    static func call(_ callID: UInt64, method: Int, _ fields: [Field]) -> [UInt8] {
        message([.message(3, [.varint(1, callID), .message(method, fields)])])
    }

    /// The 4-byte big-endian length prefix and `payload`.
    static func framed(_ payload: [UInt8]) -> [UInt8] {
        let n = UInt32(payload.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + payload
    }
}
