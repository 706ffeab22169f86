package hall.council.client;

import java.time.Duration;

/**
 * How one call is made: its deadline and its metadata (PROTOCOL.md §5.3, §5.5). Immutable; start from
 * {@link #defaults()} and derive: {@code CallOptions.defaults().timeout(Duration.ofSeconds(10)).idempotencyKey(k)}.
 */
public final class CallOptions {
    private static final CallOptions DEFAULTS = new CallOptions(null, "", "", "");

    private final Duration timeout;
    private final String traceId;
    private final String idempotencyKey;
    private final String actingUser;

    private CallOptions(Duration timeout, String traceId, String idempotencyKey, String actingUser) {
        this.timeout = timeout;
        this.traceId = traceId;
        this.idempotencyKey = idempotencyKey;
        this.actingUser = actingUser;
    }

    public static CallOptions defaults() { return DEFAULTS; }

    /** The call's deadline, sent as {@code timeout_ms}; the client gives up a grace period later. Null: the client's
     *  default timeout. */
    public CallOptions timeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a call's timeout must be positive");
        }
        return new CallOptions(timeout, traceId, idempotencyKey, actingUser);
    }

    public CallOptions traceId(String traceId) {
        return new CallOptions(timeout, nonNull(traceId), idempotencyKey, actingUser);
    }

    /** The same key for each retry of one logical operation, a new one for every other (PROTOCOL.md §5.3). */
    public CallOptions idempotencyKey(String key) {
        return new CallOptions(timeout, traceId, nonNull(key), actingUser);
    }

    /** The person within the calling system on whose behalf the call is made. */
    public CallOptions actingUser(String user) {
        return new CallOptions(timeout, traceId, idempotencyKey, nonNull(user));
    }

    public Duration timeout() { return timeout; }
    public String traceId() { return traceId; }
    public String idempotencyKey() { return idempotencyKey; }
    public String actingUser() { return actingUser; }

    private static String nonNull(String s) { return s == null ? "" : s; }
}
