import Foundation

/// Decodes the JSON the store itself wrote with `JSONEncoder` — cases' states and events' changes — several times
/// faster than `JSONDecoder`, which was the largest single cost of reading a case (a quarter of councild's CPU per
/// get-case, most of a page of find-cases).
///
/// It parses the document once into a flat list of nodes that point into the bytes, and looks keys up by comparing
/// bytes, so it allocates a `String` only for the string values a type asks for; `JSONDecoder` builds a dictionary
/// with a `String` per key for every object. It keeps no coding path. Whatever it cannot decode — anything a type
/// refuses, or JSON it does not expect — it leaves to `JSONDecoder`, whose answer (and error) counts: the two agree
/// on everything the store writes, which the tests check.
enum StoredJSON {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let fast = decodeFast(type, from: data) { return fast }
        return try JSONDecoder().decode(type, from: data)
    }

    /// The fast path alone: `nil` where it gives up.
    static func decodeFast<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        data.withUnsafeBytes { raw -> T? in
            guard let document = try? JSONDocument(raw.bindMemory(to: UInt8.self)) else { return nil }
            return try? T(from: NodeDecoder(document, 0))
        }
    }
}

/// A parsed JSON document: nodes in document order, each pointing into the bytes.
final class JSONDocument {
    enum Kind: UInt8 { case null, `false`, `true`, number, string, escapedString, array, object }

    struct Node {
        var kind: Kind
        /// For strings: the bytes between the quotes; for numbers: the number's bytes.
        var start: Int32
        var end: Int32
        /// The index of the node after this one and everything inside it.
        var next: Int32
        /// Elements of an array; members of an object (each a key node followed by its value's nodes).
        var count: Int32
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var nodes: [Node] = []

    struct Malformed: Error {}

    init(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard bytes.count < Int(Int32.max) else { throw Malformed() }
        self.bytes = bytes
        nodes.reserveCapacity(bytes.count / 12 + 4)
        var i = 0
        try parseValue(&i, depth: 0)
        skipSpace(&i)
        guard i == bytes.count else { throw Malformed() }
    }

    @inline(__always) private func skipSpace(_ i: inout Int) {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private func parseValue(_ i: inout Int, depth: Int) throws {
        guard depth < 64 else { throw Malformed() }
        skipSpace(&i)
        guard i < bytes.count else { throw Malformed() }
        let index = nodes.count
        switch bytes[i] {
        case UInt8(ascii: "{"):
            nodes.append(Node(kind: .object, start: Int32(i), end: 0, next: 0, count: 0))
            i += 1
            var count: Int32 = 0
            skipSpace(&i)
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
            } else {
                while true {
                    skipSpace(&i)
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Malformed() }
                    try parseString(&i)
                    skipSpace(&i)
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Malformed() }
                    i += 1
                    try parseValue(&i, depth: depth + 1)
                    count += 1
                    skipSpace(&i)
                    guard i < bytes.count else { throw Malformed() }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard bytes[i] == UInt8(ascii: "}") else { throw Malformed() }
                    i += 1
                    break
                }
            }
            nodes[index].count = count
            nodes[index].end = Int32(i)
        case UInt8(ascii: "["):
            nodes.append(Node(kind: .array, start: Int32(i), end: 0, next: 0, count: 0))
            i += 1
            var count: Int32 = 0
            skipSpace(&i)
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
            } else {
                while true {
                    try parseValue(&i, depth: depth + 1)
                    count += 1
                    skipSpace(&i)
                    guard i < bytes.count else { throw Malformed() }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard bytes[i] == UInt8(ascii: "]") else { throw Malformed() }
                    i += 1
                    break
                }
            }
            nodes[index].count = count
            nodes[index].end = Int32(i)
        case UInt8(ascii: "\""):
            try parseString(&i)
            return
        case UInt8(ascii: "t"):
            try literal(&i, "true", .true)
        case UInt8(ascii: "f"):
            try literal(&i, "false", .false)
        case UInt8(ascii: "n"):
            try literal(&i, "null", .null)
        default:
            let start = i
            while i < bytes.count {
                let b = bytes[i]
                guard (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                    || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                else { break }
                i += 1
            }
            guard i > start else { throw Malformed() }
            nodes.append(Node(kind: .number, start: Int32(start), end: Int32(i), next: 0, count: 0))
        }
        nodes[index].next = Int32(nodes.count)
    }

    private func literal(_ i: inout Int, _ word: StaticString, _ kind: Kind) throws {
        let length = word.utf8CodeUnitCount
        guard i + length <= bytes.count else { throw Malformed() }
        for k in 0..<length where bytes[i + k] != word.utf8Start[k] { throw Malformed() }
        nodes.append(Node(kind: kind, start: Int32(i), end: Int32(i + length), next: 0, count: 0))
        i += length
    }

    private func parseString(_ i: inout Int) throws {
        let start = i + 1
        var j = start
        var escaped = false
        while j < bytes.count {
            let b = bytes[j]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") {
                escaped = true
                j += 2
                continue
            }
            guard b >= 0x20 else { throw Malformed() }
            j += 1
        }
        guard j < bytes.count else { throw Malformed() }
        let index = nodes.count
        nodes.append(Node(kind: escaped ? .escapedString : .string, start: Int32(start), end: Int32(j), next: Int32(index + 1), count: 0))
        i = j + 1
    }

    // MARK: Reading nodes

    @inline(__always) func kind(_ node: Int) -> Kind { nodes[node].kind }

    /// The value node of `key` in the object at `node`, or `nil`.
    func member(_ node: Int, _ key: String) -> Int? {
        var child = node + 1
        let count = nodes[node].count
        var k: Int32 = 0
        var key = key
        return key.withUTF8 { wanted -> Int? in
            while k < count {
                let keyNode = nodes[child]
                let value = child + 1
                if keyNode.kind == .string {
                    let length = Int(keyNode.end - keyNode.start)
                    if length == wanted.count,
                        memcmp(bytes.baseAddress! + Int(keyNode.start), wanted.baseAddress!, length) == 0
                    {
                        return value
                    }
                } else if keyNode.kind == .escapedString, string(child) == String(decoding: wanted, as: UTF8.self) {
                    return value
                }
                child = Int(nodes[value].next)
                k += 1
            }
            return nil
        }
    }

    /// The keys of the object at `node`.
    func keys(_ node: Int) -> [String] {
        var keys: [String] = []
        var child = node + 1
        for _ in 0..<nodes[node].count {
            keys.append(string(child) ?? "")
            child = Int(nodes[child + 1].next)
        }
        return keys
    }

    func string(_ node: Int) -> String? {
        let n = nodes[node]
        let slice = UnsafeBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])
        switch n.kind {
        case .string: return String(decoding: slice, as: UTF8.self)
        case .escapedString: return Self.unescape(slice)
        default: return nil
        }
    }

    func int64(_ node: Int) -> Int64? {
        let n = nodes[node]
        guard n.kind == .number else { return nil }
        var i = Int(n.start)
        let end = Int(n.end)
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < end else { return nil }
        var value: Int64 = 0
        while i < end {
            let digit = bytes[i] &- 0x30
            guard digit < 10 else { return nil }  // a fraction or an exponent: leave it to JSONDecoder
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return value
    }

    func double(_ node: Int) -> Double? {
        let n = nodes[node]
        guard n.kind == .number else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)]), as: UTF8.self))
    }

    private static func unescape(_ slice: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= slice.count else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = slice[at + k]
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: return nil
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while i < slice.count {
            let b = slice[i]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < slice.count else { return nil }
            let e = slice[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i) else { return nil }
                i += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 6 <= slice.count, slice[i] == UInt8(ascii: "\\"), slice[i + 1] == UInt8(ascii: "u"),
                        let low = hex4(i + 2), (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: String(Character(unicode)).utf8)
            default:
                return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A `Decoder` over one node of a ``JSONDocument``.
struct NodeDecoder: Decoder {
    let document: JSONDocument
    let node: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ document: JSONDocument, _ node: Int) {
        self.document = document
        self.node = node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard document.kind(node) == .object else { throw NodeDecoder.mismatch([String: Int].self) }
        return KeyedDecodingContainer(KeyedNode<Key>(document: document, node: node))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard document.kind(node) == .array else { throw NodeDecoder.mismatch([Int].self) }
        return UnkeyedNode(document: document, node: node)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleNode(document: document, node: node)
    }

    static func mismatch(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "not what the stored JSON holds"))
    }

    /// A primitive or a `Decodable` from one node.
    @inline(__always)
    static func value<T: Decodable>(_ type: T.Type, _ document: JSONDocument, _ node: Int) throws -> T {
        if T.self == String.self {
            guard let v = document.string(node) else { throw mismatch(T.self) }
            return v as! T
        }
        if T.self == Int.self {
            guard let v = document.int64(node), let i = Int(exactly: v) else { throw mismatch(T.self) }
            return i as! T
        }
        if T.self == Int64.self {
            guard let v = document.int64(node) else { throw mismatch(T.self) }
            return v as! T
        }
        if T.self == Bool.self {
            switch document.kind(node) {
            case .true: return true as! T
            case .false: return false as! T
            default: throw mismatch(T.self)
            }
        }
        if T.self == Double.self {
            guard let v = document.double(node) else { throw mismatch(T.self) }
            return v as! T
        }
        return try T(from: NodeDecoder(document, node))
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ document: JSONDocument, _ node: Int) throws -> T {
        guard let v = document.int64(node), let i = T(exactly: v) else { throw mismatch(T.self) }
        return i
    }
}

private struct KeyedNode<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let document: JSONDocument
    let node: Int
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { document.keys(node).compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { document.member(node, key.stringValue) != nil }

    private func required(_ key: Key) throws -> Int {
        guard let value = document.member(node, key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no such key in the stored JSON"))
        }
        return value
    }

    private func present(_ key: Key) -> Int? {
        guard let value = document.member(node, key.stringValue), document.kind(value) != .null else { return nil }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { document.kind(try required(key)) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try NodeDecoder.value(type, document, try required(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try NodeDecoder.value(type, document, try required(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try NodeDecoder.value(type, document, try required(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        guard let v = document.double(try required(key)) else { throw NodeDecoder.mismatch(type) }
        return Float(v)
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try NodeDecoder.value(type, document, try required(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try NodeDecoder.integer(type, document, try required(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try NodeDecoder.integer(type, document, try required(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try NodeDecoder.integer(type, document, try required(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try NodeDecoder.value(type, document, try required(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try NodeDecoder.integer(type, document, try required(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try NodeDecoder.integer(type, document, try required(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try NodeDecoder.integer(type, document, try required(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try NodeDecoder.integer(type, document, try required(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try NodeDecoder.integer(type, document, try required(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try NodeDecoder.value(type, document, try required(key)) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try NodeDecoder.value(type, document, $0) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map { try NodeDecoder.value(type, document, $0) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try NodeDecoder.value(type, document, $0) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try NodeDecoder.value(type, document, $0) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(key).map { try NodeDecoder.value(type, document, $0) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try NodeDecoder.value(type, document, $0) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(document, try required(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(document, try required(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        throw NodeDecoder.mismatch(Any.self)  // the store's types use none: JSONDecoder takes over
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        throw NodeDecoder.mismatch(Any.self)
    }
}

private struct UnkeyedNode: UnkeyedDecodingContainer {
    let document: JSONDocument
    var codingPath: [any CodingKey] { [] }
    let count: Int?
    private(set) var currentIndex = 0
    private var child: Int

    init(document: JSONDocument, node: Int) {
        self.document = document
        self.count = Int(document.nodes[node].count)
        self.child = node + 1
    }

    var isAtEnd: Bool { currentIndex >= count! }

    private mutating func next() throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: [], debugDescription: "the array has ended"))
        }
        let node = child
        child = Int(document.nodes[node].next)
        currentIndex += 1
        return node
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if document.kind(child) == .null {
            _ = try next()
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try NodeDecoder.value(type, document, try next()) }
    mutating func decode(_ type: String.Type) throws -> String { try NodeDecoder.value(type, document, try next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try NodeDecoder.value(type, document, try next()) }
    mutating func decode(_ type: Float.Type) throws -> Float {
        guard let v = document.double(try next()) else { throw NodeDecoder.mismatch(type) }
        return Float(v)
    }
    mutating func decode(_ type: Int.Type) throws -> Int { try NodeDecoder.value(type, document, try next()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try NodeDecoder.integer(type, document, try next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try NodeDecoder.integer(type, document, try next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try NodeDecoder.integer(type, document, try next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try NodeDecoder.value(type, document, try next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try NodeDecoder.integer(type, document, try next()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try NodeDecoder.integer(type, document, try next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try NodeDecoder.integer(type, document, try next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try NodeDecoder.integer(type, document, try next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try NodeDecoder.integer(type, document, try next()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try NodeDecoder.value(type, document, try next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(document, try next()).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(document, try next()).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        throw NodeDecoder.mismatch(Any.self)
    }
}

private struct SingleNode: SingleValueDecodingContainer {
    let document: JSONDocument
    let node: Int
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { document.kind(node) == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try NodeDecoder.value(type, document, node) }
    func decode(_ type: String.Type) throws -> String { try NodeDecoder.value(type, document, node) }
    func decode(_ type: Double.Type) throws -> Double { try NodeDecoder.value(type, document, node) }
    func decode(_ type: Float.Type) throws -> Float {
        guard let v = document.double(node) else { throw NodeDecoder.mismatch(type) }
        return Float(v)
    }
    func decode(_ type: Int.Type) throws -> Int { try NodeDecoder.value(type, document, node) }
    func decode(_ type: Int8.Type) throws -> Int8 { try NodeDecoder.integer(type, document, node) }
    func decode(_ type: Int16.Type) throws -> Int16 { try NodeDecoder.integer(type, document, node) }
    func decode(_ type: Int32.Type) throws -> Int32 { try NodeDecoder.integer(type, document, node) }
    func decode(_ type: Int64.Type) throws -> Int64 { try NodeDecoder.value(type, document, node) }
    func decode(_ type: UInt.Type) throws -> UInt { try NodeDecoder.integer(type, document, node) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try NodeDecoder.integer(type, document, node) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try NodeDecoder.integer(type, document, node) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try NodeDecoder.integer(type, document, node) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try NodeDecoder.integer(type, document, node) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try NodeDecoder.value(type, document, node) }
}
