/// A frame or message that cannot be decoded or encoded.
///
/// Every failure of the wire codec is one of these. ``code`` says what went wrong, ``field`` names the offending
/// field as a path of schema field names relative to the request or response message (for example
/// `submission.title`), and ``callID`` tells which call the frame belonged to when that much could be read, so a
/// server can answer that call instead of closing the connection. ``CallStatus/init(error:)`` turns it into the
/// status a peer receives.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The length prefix announces more bytes than the maximum frame size. Detected from the 4-byte header,
        /// before any of the payload is buffered. RESOURCE_EXHAUSTED.
        public static let frameTooLarge = Code("frameTooLarge")
        /// The connection ended in the middle of a frame, or a buffer holds less than its length prefix
        /// announces. INVALID_ARGUMENT.
        public static let truncatedFrame = Code("truncatedFrame")
        /// The payload is not a valid protobuf encoding of a `council.v1.Frame`. INVALID_ARGUMENT.
        public static let malformedMessage = Code("malformedMessage")
        /// Decoding the frame would need more memory than the decode budget allows. RESOURCE_EXHAUSTED.
        public static let decodeBudgetExceeded = Code("decodeBudgetExceeded")
        /// A string field is not valid UTF-8. INVALID_ARGUMENT.
        public static let invalidUTF8 = Code("invalidUTF8")
        /// A string field contains U+0000, which protobuf-c would silently cut the string at. INVALID_ARGUMENT.
        public static let embeddedNUL = Code("embeddedNUL")
        /// Messages nest deeper than the schema allows. INVALID_ARGUMENT.
        public static let messageTooDeep = Code("messageTooDeep")
        /// An enum field holds a number this version of the schema does not define. INVALID_ARGUMENT.
        public static let unknownEnumValue = Code("unknownEnumValue")
        /// A field the message needs is absent (or an enum is left at `…_UNSPECIFIED`). INVALID_ARGUMENT.
        public static let missingField = Code("missingField")
        /// A field is present but its value is unusable: a case id that is not a UUID, a negative count.
        /// INVALID_ARGUMENT.
        public static let invalidValue = Code("invalidValue")
        /// The call's request names a method this server does not know. UNIMPLEMENTED.
        public static let unknownMethod = Code("unknownMethod")
        /// The frame's kind is not one this version knows; receivers ignore such frames. UNIMPLEMENTED.
        public static let unknownFrameKind = Code("unknownFrameKind")
        /// A frame started arriving but did not complete within the whole-frame read timeout. DEADLINE_EXCEEDED.
        public static let frameReadTimeout = Code("frameReadTimeout")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence for people; never contains the offending value.
    public var message: String
    /// The offending field, as a path of schema field names, when one is at fault.
    public var field: String?
    /// The call the frame belonged to, when its id could be read before the failure.
    public var callID: UInt64?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil, callID: UInt64? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.callID = callID
    }

    /// Whether the connection can go on after this error: true when the frame was read completely and its call
    /// is known, so the server can answer that call with an error status and keep serving. False when the byte
    /// stream itself can no longer be trusted (oversized or truncated frame, read timeout) or no call can be
    /// blamed; the server then sends a goaway and closes.
    public var isRecoverable: Bool {
        switch code {
        case .frameTooLarge, .truncatedFrame, .frameReadTimeout: return false
        case .unknownFrameKind: return true
        default: return callID != nil
        }
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let field { text += " [field: \(field)]" }
        if let callID { text += " [call: \(callID)]" }
        return text
    }

    static func missing(_ field: String) -> WireError {
        WireError(.missingField, "\(field) is required", field: field)
    }

    static func invalid(_ field: String, _ message: String) -> WireError {
        WireError(.invalidValue, message, field: field)
    }
}
