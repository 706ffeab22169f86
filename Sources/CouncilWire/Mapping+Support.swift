import CCouncilWireSupport
import CProtobufC
import CouncilAPI
import CouncilKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// What the mapping between Swift values and protobuf-c messages is built from, the generated part
// (Mapping.generated.swift) and the hand-written one alike: how values of each kind go into a message and come out of
// one. Errors name fields by their schema names; `within` prefixes the path of the message they sit in.

/// A method whose request and response travel as members of `Call.request` and `Response.response`. The generated
/// mapping makes every ``Methods`` type one.
public protocol WireMethod: CouncilMethod {
    /// The request as the member of `Call.request`.
    static func wrap(_ request: Request) -> WireRequest
    /// The response as the member of `Response.response`.
    static func wrap(_ response: Response) -> WireResponse
    /// The request, if `request` is this method's.
    static func unwrap(_ request: WireRequest) -> Request?
    /// The response, if `response` answers this method.
    static func unwrap(_ response: WireResponse) -> Response?
}

/// A Swift enum carried as a schema enum; value 0 is the schema's `…_UNSPECIFIED`. The generated mapping makes every
/// enum of the schema one.
protocol WireEnumeration {
    /// The value's number in the schema.
    var wireNumber: UInt32 { get }
    /// The value with this number; `nil` for 0 and for numbers the schema does not have.
    init?(wireNumber: UInt32)
}

extension WireEnumeration {
    /// The value of a required enum field.
    /// - Throws: ``WireError/Code/missingField`` for 0, ``WireError/Code/unknownEnumValue`` for a number this version
    ///   does not know.
    @inline(__always)
    init(wire number: UInt32, _ field: @autoclosure () -> String) throws {
        guard number != 0 else { throw WireError.missing(field()) }
        guard let value = Self(wireNumber: number) else {
            throw WireError(.unknownEnumValue, "\(field()) has the unknown value \(number)", field: field())
        }
        self = value
    }

    /// The value of an optional enum field: `nil` for 0.
    @inline(__always)
    init?(optionalWire number: UInt32, _ field: @autoclosure () -> String) throws {
        guard number != 0 else { return nil }
        try self.init(wire: number, field())
    }
}

/// A Swift value carried as a schema string: a case id, a case number, a calendar day.
protocol WireText {
    /// The value as the wire carries it.
    var wireText: String { get }
    /// The value a wire string names; `nil` when it names none.
    init?(wireText: String)
    /// What a valid string looks like, for error messages: "a case id (a UUID)".
    static var wireExpectation: String { get }
}

extension CaseID: WireText {
    var wireText: String { rawValue }
    init?(wireText: String) { self.init(wireText) }
    static var wireExpectation: String { "a case id (a UUID)" }
}

extension CaseNumber: WireText {
    var wireText: String { description }
    init?(wireText: String) { self.init(wireText) }
    static var wireExpectation: String { "a case number such as QX07-20261129-0003" }
}

extension LocalDate: WireText {
    var wireText: String { description }
    init?(wireText: String) { self.init(wireText) }
    static var wireExpectation: String { "a date written YYYY-MM-DD" }
}

extension Recipient.Kind: WireText {
    var wireText: String { rawValue }
    init?(wireText: String) { self.init(rawValue: wireText) }
    static var wireExpectation: String { "a recipient kind (\(Self.allCases.map(\.rawValue).joined(separator: ", ")))" }
}

// MARK: - Encoding

extension Arena {
    /// `value` for an int32 field.
    /// - Throws: ``WireError/Code/invalidValue`` when it does not fit.
    @inline(__always)
    func int32(_ value: Int, _ field: @autoclosure () -> String) throws -> Int32 {
        guard let narrow = Int32(exactly: value) else { throw WireError.invalid(field(), "\(field()) is out of range") }
        return narrow
    }

    /// `value` for a uint32 field.
    /// - Throws: ``WireError/Code/invalidValue`` when it is negative or does not fit.
    @inline(__always)
    func uint32(_ value: Int, _ field: @autoclosure () -> String) throws -> UInt32 {
        guard let narrow = UInt32(exactly: value) else { throw WireError.invalid(field(), "\(field()) is out of range") }
        return narrow
    }

    /// A copy of `bytes` for a `bytes` field.
    func binary(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        guard !bytes.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        guard let memory = council_arena_alloc(raw, bytes.count) else { fatalError("out of memory encoding a frame") }
        bytes.withUnsafeBytes { _ = memcpy(memory, $0.baseAddress!, bytes.count) }
        return ProtobufCBinaryData(len: bytes.count, data: memory.assumingMemoryBound(to: UInt8.self))
    }

    /// A C array of numbers for a repeated scalar field.
    func scalars<T>(_ values: [T]) -> (Int, UnsafeMutablePointer<T>?) {
        guard let array = array(T.self, count: values.count) else { return (0, nil) }
        for (i, value) in values.enumerated() { (array + i).initialize(to: value) }
        return (values.count, array)
    }

    /// A C array of enum values for a repeated enum field, in schema order when `values` is a set.
    func enums<Value: WireEnumeration, C: RawRepresentable>(_ values: some Collection<Value>) -> (Int, UnsafeMutablePointer<C>?)
    where C.RawValue == UInt32 {
        var numbers = values.map(\.wireNumber)
        if !(values is [Value]) { numbers.sort() }
        guard let array = array(C.self, count: numbers.count) else { return (0, nil) }
        for (i, number) in numbers.enumerated() { (array + i).initialize(to: C(rawValue: number)!) }
        return (numbers.count, array)
    }

    /// A C array of messages for a repeated message field; errors name the element.
    func messages<Value, Message>(
        _ values: some Collection<Value>, _ field: String, _ make: (Value) throws -> UnsafeMutablePointer<Message>
    ) throws -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Message>?>?) {
        guard let array = array(UnsafeMutablePointer<Message>?.self, count: values.count) else { return (0, nil) }
        for (i, value) in values.enumerated() {
            (array + i).initialize(to: try within("\(field)[\(i)]") { try make(value) })
        }
        return (values.count, array)
    }
}

// MARK: - Decoding

/// Where the decoding half of the mapping lives: `Decode.message(_:)` is overloaded for every message of the schema.
enum Decode {}

extension Decode {
    /// A required non-empty string: an id or a code.
    static func requiredText(_ pointer: CString?, _ field: String) throws -> String {
        let value = text(pointer)
        guard !value.isEmpty else { throw WireError.missing(field) }
        return value
    }

    /// A required value carried as a string.
    /// - Throws: ``WireError/Code/missingField`` when empty, ``WireError/Code/invalidValue`` when it names no value.
    static func wireText<Value: WireText>(_ pointer: CString?, _ field: String) throws -> Value {
        let value = text(pointer)
        guard !value.isEmpty else { throw WireError.missing(field) }
        guard let parsed = Value(wireText: value) else {
            throw WireError.invalid(field, "\(field) is not \(Value.wireExpectation)")
        }
        return parsed
    }

    /// The values of a repeated field of values carried as strings.
    static func wireTexts<Value: WireText>(
        _ count: Int, _ array: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ field: String
    ) throws -> [Value] {
        guard count > 0, let array else { return [] }
        return try (0..<count).map { try wireText(array[$0], "\(field)[\($0)]") }
    }

    /// The values of a repeated enum field.
    static func wireEnums<Value: WireEnumeration, C: RawRepresentable>(
        _ count: Int, _ array: UnsafeMutablePointer<C>?, _ field: String
    ) throws -> [Value] where C.RawValue == UInt32 {
        guard count > 0, let array else { return [] }
        return try (0..<count).map { try Value(wire: array[$0].rawValue, "\(field)[\($0)]") }
    }

    /// The numbers of a repeated scalar field.
    static func scalars<T>(_ count: Int, _ array: UnsafeMutablePointer<T>?) -> [T] {
        guard count > 0, let array else { return [] }
        return Array(UnsafeBufferPointer(start: array, count: count))
    }

    /// A number where 0 means absent.
    /// - Throws: ``WireError/Code/invalidValue`` for a negative one.
    static func positive(_ value: Int64, _ field: String) throws -> Int? {
        guard value >= 0 else { throw WireError.invalid(field, "\(field) cannot be negative") }
        return value == 0 ? nil : Int(value)
    }

    /// The bytes of a `bytes` field.
    static func binary(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard data.len > 0, let bytes = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: data.len))
    }

    /// The bytes of a required `bytes` field.
    static func requiredBinary(_ data: ProtobufCBinaryData, _ field: String) throws -> [UInt8] {
        let bytes = binary(data)
        guard !bytes.isEmpty else { throw WireError.missing(field) }
        return bytes
    }

    /// A required sub-message converted by `convert`; errors inside it name their path under `field`, and a missing
    /// one names `field` itself.
    @inline(__always)
    static func nested<Message, Value>(
        _ pointer: UnsafeMutablePointer<Message>?, _ field: String, _ convert: (UnsafeMutablePointer<Message>) throws -> Value
    ) throws -> Value {
        let message = try required(pointer, field)
        return try within(field) { try convert(message) }
    }
}
