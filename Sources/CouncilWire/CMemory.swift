import CCouncilWireSupport
import CProtobufC
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C memory handling of the codec, all of it: messages being encoded live in an arena that is reset after
// each pack; unpacked messages live in another arena that is reset after conversion. Nothing is freed piece by
// piece, so no unpacked or hand-built message can leak or be freed twice.

/// An arena holding the C messages of one encode or one decode. Not thread-safe: one per codec.
struct Arena {
    let raw: OpaquePointer

    init(budget: Int) {
        guard let raw = council_arena_create(budget) else { fatalError("out of memory creating a wire arena") }
        self.raw = raw
    }

    func destroy() { council_arena_destroy(raw) }
    func reset() { council_arena_reset(raw) }
    var exhausted: Bool { council_arena_exhausted(raw) != 0 }
    var allocator: UnsafeMutablePointer<ProtobufCAllocator> { council_arena_allocator(raw) }

    /// A new message of type `T`, initialised by its generated `…__init` function.
    @inline(__always)
    func make<T>(_ initialize: (UnsafeMutablePointer<T>?) -> Void) -> UnsafeMutablePointer<T> {
        guard let memory = council_arena_alloc(raw, MemoryLayout<T>.stride) else { fatalError("out of memory encoding a frame") }
        let pointer = memory.bindMemory(to: T.self, capacity: 1)
        initialize(pointer)
        return pointer
    }

    /// Room for `count` values of type `T`, uninitialised; `nil` when `count` is 0.
    @inline(__always)
    func array<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T>? {
        guard count > 0 else { return nil }
        guard let memory = council_arena_alloc(raw, MemoryLayout<T>.stride * count) else {
            fatalError("out of memory encoding a frame")
        }
        return memory.bindMemory(to: T.self, capacity: count)
    }

    /// A NUL-terminated copy of `value`.
    /// - Throws: ``WireError/Code/embeddedNUL`` naming `field` when `value` contains U+0000, which C strings
    ///   cannot carry.
    @inline(__always)
    func string(_ value: String, _ field: @autoclosure () -> String) throws -> UnsafeMutablePointer<CChar> {
        var value = value
        let copy: UnsafeMutablePointer<CChar>? = try value.withUTF8 { bytes in
            if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil {
                throw WireError(.embeddedNUL, "\(field()) contains a NUL character", field: field())
            }
            return council_arena_copy_string(raw, bytes.baseAddress, bytes.count)
        }
        guard let copy else { fatalError("out of memory encoding a frame") }
        return copy
    }

    /// Copies of `values` as a C array of C strings.
    func strings(_ values: [String], _ field: String) throws -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard let array = array(UnsafeMutablePointer<CChar>?.self, count: values.count) else { return (0, nil) }
        for (i, value) in values.enumerated() {
            (array + i).initialize(to: try string(value, "\(field)[\(i)]"))
        }
        return (values.count, array)
    }

    /// A C array of messages made by `make`.
    func messages<Value, Message>(
        _ values: [Value], _ make: (Value) throws -> UnsafeMutablePointer<Message>
    ) rethrows -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Message>?>?) {
        guard let array = array(UnsafeMutablePointer<Message>?.self, count: values.count) else { return (0, nil) }
        for (i, value) in values.enumerated() { (array + i).initialize(to: try make(value)) }
        return (values.count, array)
    }
}

// MARK: Reading unpacked messages

/// The text of a string field. The pre-scan has already checked it is UTF-8 without NUL.
@inline(__always)
func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
}

/// Whether a presence oneof (`oneof _x { … }`) is set: its case is the field number, 0 when not set.
@inline(__always)
func isSet<Case: RawRepresentable>(_ oneofCase: Case) -> Bool where Case.RawValue: BinaryInteger {
    oneofCase.rawValue != 0
}

/// The oneof case value for field `number` (protobuf-c numbers oneof cases by field number).
@inline(__always)
func oneof<Case: RawRepresentable>(_ number: Case.RawValue) -> Case where Case.RawValue: BinaryInteger {
    Case(rawValue: number)!
}

/// The strings of a repeated string field.
func texts(_ count: Int, _ array: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
    guard count > 0, let array else { return [] }
    var result: [String] = []
    result.reserveCapacity(count)
    for i in 0..<count { result.append(text(array[i])) }
    return result
}

/// The values of a repeated message field, converted by `convert`; errors name the element's index.
func elements<Message, Value>(
    _ count: Int, _ array: UnsafeMutablePointer<UnsafeMutablePointer<Message>?>?, _ field: String,
    _ convert: (UnsafeMutablePointer<Message>) throws -> Value
) throws -> [Value] {
    guard count > 0, let array else { return [] }
    var result: [Value] = []
    result.reserveCapacity(count)
    for i in 0..<count {
        guard let element = array[i] else { throw WireError.missing("\(field)[\(i)]") }
        result.append(try within("\(field)[\(i)]") { try convert(element) })
    }
    return result
}

/// Runs `body`, prefixing the field path of any ``WireError`` it throws with `field`.
@inline(__always)
func within<T>(_ field: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch var error as WireError {
        error.field = error.field.map { "\(field()).\($0)" } ?? field()
        throw error
    }
}

/// A required sub-message.
@inline(__always)
func required<Message>(_ pointer: UnsafeMutablePointer<Message>?, _ field: String) throws -> UnsafeMutablePointer<Message> {
    guard let pointer else { throw WireError.missing(field) }
    return pointer
}
