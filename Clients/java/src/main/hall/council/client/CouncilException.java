package hall.council.client;

import council.v1.CaseOperation;
import council.v1.CaseStatus;
import council.v1.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A call, a handshake or a connection that ended with a non-OK status (PROTOCOL.md §9). Carries what the server's
 * {@code council.v1.Status} said — {@link #code()}, {@link #reason()}, {@link #field()}, the message, and for
 * FAILED_PRECONDITION the case's status and the operations it allows — and whether the server sent it or this
 * library concluded it ({@link #fromServer()}: a lost connection, a local timeout, a malformed frame).
 *
 * <p>Switch on {@link #code()}, then on {@link #reason()}; show {@link #getMessage()}; highlight {@link #field()}.
 */
public class CouncilException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Reasons this library produces itself (fromServer() false); the same words the C and Python clients use.
    public static final String CONNECT_FAILED = "connectFailed";
    public static final String CLIENT_TIMEOUT = "clientTimeout";
    public static final String CONNECTION_CLOSED = "connectionClosed";
    public static final String NOT_PROCESSED = "notProcessed";
    public static final String GOAWAY = "goaway";
    public static final String TOO_MANY_CALLS = "tooManyCalls";
    public static final String FRAME_TOO_LARGE = "frameTooLarge";
    public static final String MALFORMED_FRAME = "malformedFrame";
    public static final String UNEXPECTED_RESPONSE = "unexpectedResponse";
    public static final String BAD_REQUEST = "badRequest";
    public static final String TLS_HANDSHAKE_FAILED = "tlsHandshakeFailed";
    public static final String TLS_REQUIRED = "tlsRequired";
    public static final String BAD_TLS_FILE = "invalidArgument";
    public static final String STREAM_LAGGING = "streamLagging";
    public static final String STORAGE_FULL = "storageFull";

    private final Status.Code code;
    private final int codeNumber;
    private final String reason;
    private final String field;
    private final CaseStatus caseStatus;
    private final List<CaseOperation> allowedOperations;
    private final boolean fromServer;

    public CouncilException(Status.Code code, String reason, String message, String field, CaseStatus caseStatus,
                            List<CaseOperation> allowedOperations, boolean fromServer, int codeNumber) {
        super(message == null ? "" : message);
        this.code = code;
        this.codeNumber = codeNumber;
        this.reason = reason == null ? "" : reason;
        this.field = field == null ? "" : field;
        this.caseStatus = caseStatus == null ? CaseStatus.CASE_STATUS_UNSPECIFIED : caseStatus;
        this.allowedOperations = Collections.unmodifiableList(new ArrayList<>(allowedOperations));
        this.fromServer = fromServer;
    }

    /** The exception for a non-OK status the server sent. */
    public static CouncilException fromStatus(Status status) {
        Status.Code code = status.getCode() == Status.Code.UNRECOGNIZED ? Status.Code.UNKNOWN : status.getCode();
        return new CouncilException(code, status.getReason(), status.getMessage(), status.getField(),
                status.getCaseStatus(), status.getAllowedOperationsList(), true, status.getCodeValue());
    }

    /**
     * The CouncilException behind what a call's future failed with: itself, or the cause of the
     * {@code CompletionException} ({@code join()}, derived stages) or {@code ExecutionException} ({@code get()}) that
     * wraps it; null when the failure is something else.
     */
    public static CouncilException unwrap(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            if (t instanceof CouncilException) return (CouncilException) t;
            if (!(t instanceof java.util.concurrent.CompletionException)
                    && !(t instanceof java.util.concurrent.ExecutionException)) {
                return null;
            }
            t = t.getCause();
        }
        return null;
    }

    /** An error this library concluded itself. */
    public static CouncilException local(Status.Code code, String reason, String message) {
        return local(code, reason, message, "");
    }

    public static CouncilException local(Status.Code code, String reason, String message, String field) {
        return new CouncilException(code, reason, message, field, CaseStatus.CASE_STATUS_UNSPECIFIED, List.of(), false,
                code.getNumber());
    }

    /** The canonical code (UNKNOWN for a number this schema does not know; {@link #codeNumber()} keeps it). */
    public Status.Code code() { return code; }

    public int codeNumber() { return codeNumber; }

    /** The machine-readable reason, for example {@code illegalTransition}; empty when none. */
    public String reason() { return reason; }

    /** The offending field's path (PROTOCOL.md §3), for example {@code submission.title}; empty when none. */
    public String field() { return field; }

    /** For FAILED_PRECONDITION on a case: the case's status; CASE_STATUS_UNSPECIFIED otherwise. */
    public CaseStatus caseStatus() { return caseStatus; }

    /** For FAILED_PRECONDITION on a case: what its status allows. */
    public List<CaseOperation> allowedOperations() { return allowedOperations; }

    /** True when the server sent this status; false when the client concluded it. */
    public boolean fromServer() { return fromServer; }

    /** Whether trying again later, or on a new connection, is sensible (PROTOCOL.md §9.1). */
    public boolean retryable() {
        return code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.UNAVAILABLE
                || (code == Status.Code.RESOURCE_EXHAUSTED
                    && (TOO_MANY_CALLS.equals(reason) || STORAGE_FULL.equals(reason)
                        || STREAM_LAGGING.equals(reason)));
    }

    /** {@code inProgress}, as PROTOCOL.md spells a case status; empty when none. */
    public String caseStatusName() {
        return caseStatus == CaseStatus.CASE_STATUS_UNSPECIFIED ? "" : lowerCamel(caseStatus.name(), "CASE_STATUS_");
    }

    /** The allowed operations as PROTOCOL.md spells them: {@code addProgress}, {@code resolve}, … */
    public List<String> allowedOperationNames() {
        List<String> names = new ArrayList<>();
        for (CaseOperation op : allowedOperations) {
            names.add(lowerCamel(op.name(), "CASE_OPERATION_"));
        }
        return names;
    }

    static String lowerCamel(String enumName, String prefix) {
        String[] words = enumName.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            if (!words[i].isEmpty()) {
                out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(code.name());
        if (!reason.isEmpty()) text.append(' ').append(reason);
        if (!field.isEmpty()) text.append(" field=").append(field);
        text.append(": ").append(getMessage().isEmpty() ? "(no message)" : getMessage());
        if (caseStatus != CaseStatus.CASE_STATUS_UNSPECIFIED) {
            text.append(" [case is ").append(caseStatusName()).append("; allowed: ")
                .append(String.join(" ", allowedOperationNames())).append(']');
        }
        if (!fromServer) text.append(" (client)");
        return text.toString();
    }
}
