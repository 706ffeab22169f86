import CouncilKit
import Crypto
import Foundation

/// The webhook signature: HMAC-SHA256 over `timestamp + "." + body` with the endpoint's secret.
///
/// The sender puts the Unix time in seconds in ``WebhookNotifier/timestampHeader`` and `v1=` followed by the
/// lowercase hex HMAC in ``WebhookNotifier/signatureHeader``. A receiver recomputes the HMAC over the header's
/// timestamp text, a full stop and the raw body bytes exactly as received, compares in constant time, and refuses
/// timestamps further than its tolerance from its own clock, which bounds replays of a captured request.
public enum WebhookSignature {
    /// The scheme prefix of the signature header's value.
    public static let scheme = "v1"

    /// The signature header's value for `body` sent at `timestamp`.
    /// - Parameters:
    ///   - body: The request body, byte for byte.
    ///   - timestamp: Unix time in seconds, as sent in the timestamp header.
    ///   - secret: The endpoint's shared secret.
    /// - Returns: `v1=` and the lowercase hex HMAC-SHA256.
    public static func sign(body: some DataProtocol, timestamp: Int64, secret: String) -> String {
        "\(scheme)=" + hex(mac(body: body, timestamp: String(timestamp), secret: secret))
    }

    /// Whether a received request carries a valid, fresh signature.
    ///
    /// - Parameters:
    ///   - body: The raw request body, before any JSON parsing.
    ///   - timestampHeader: The timestamp header's value.
    ///   - signatureHeader: The signature header's value.
    ///   - secret: The endpoint's shared secret.
    ///   - now: The receiver's current time.
    ///   - tolerance: How far the timestamp may be from `now`, either way. Defaults to 5 minutes.
    /// - Returns: `true` when the signature matches and the timestamp is within the tolerance.
    public static func verify(
        body: some DataProtocol, timestampHeader: String, signatureHeader: String, secret: String, now: Timestamp,
        tolerance: Duration = .seconds(300)
    ) -> Bool {
        guard !timestampHeader.isEmpty, timestampHeader.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let seconds = Int64(timestampHeader)
        else { return false }
        let (skew, overflow) = (now.millisecondsSince1970 / 1000).subtractingReportingOverflow(seconds)
        guard !overflow, skew.magnitude <= UInt64(max(0, tolerance.components.seconds)) else { return false }
        guard signatureHeader.hasPrefix("\(scheme)="), let given = bytes(fromHex: String(signatureHeader.dropFirst(scheme.count + 1)))
        else { return false }
        let key = SymmetricKey(data: Data(secret.utf8))
        var signed = Data(timestampHeader.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(contentsOf: body)
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: signed, using: key)
    }

    static func mac(body: some DataProtocol, timestamp: String, secret: String) -> HashedAuthenticationCode<SHA256> {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: Data(secret.utf8)))
        hmac.update(data: Data(timestamp.utf8))
        hmac.update(data: Data(".".utf8))
        hmac.update(data: Data(body))
        return hmac.finalize()
    }

    static func hex(_ code: some Sequence<UInt8>) -> String {
        code.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(fromHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(32)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
