package hall.council.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import council.v1.AcceptRequest;
import council.v1.Call;
import council.v1.Case;
import council.v1.CaseOperation;
import council.v1.CaseSource;
import council.v1.CaseStatus;
import council.v1.CheckHealthRequest;
import council.v1.CheckHealthResponse;
import council.v1.EvaluateRequest;
import council.v1.Evaluation;
import council.v1.ExternalReference;
import council.v1.GetCaseRequest;
import council.v1.GetHistoryRequest;
import council.v1.GetServerInfoRequest;
import council.v1.GetServerInfoResponse;
import council.v1.Rating;
import council.v1.Response;
import council.v1.Status;
import council.v1.SubmitResponse;
import council.v1.Submission;
import council.v1.WatchEventsResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The client against a running councild (scripts/with-councild.sh, with or without --tls), as the Python and C live
 * suites test it.
 *
 * <pre>
 *   COUNCIL_ADDRESS   host:port of councild
 *   COUNCIL_KEY       petition-office's key (submit, read)
 *   COUNCIL_HALL_KEY  hall-staff's key (read, manage): the refused-transition checks
 *   COUNCIL_TLS_CA    connect over TLS, verifying councild against it; COUNCIL_TLS_CERT and COUNCIL_TLS_KEY:
 *                     petition-office's client certificate
 *   COUNCIL_TLS_DIR   the test PKI councild was started with: the checks of how it treats certificates
 * </pre>
 */
@Tag("live")
class LiveTest {
    static final String ADDRESS = System.getenv("COUNCIL_ADDRESS");
    static final String KEY = System.getenv("COUNCIL_KEY");
    static final String HALL_KEY = blankToNull(System.getenv("COUNCIL_HALL_KEY"));
    static final String TLS_CA = blankToNull(System.getenv("COUNCIL_TLS_CA"));
    static final String TLS_CERT = blankToNull(System.getenv("COUNCIL_TLS_CERT"));
    static final String TLS_KEY = blankToNull(System.getenv("COUNCIL_TLS_KEY"));
    static final String TLS_DIR = blankToNull(System.getenv("COUNCIL_TLS_DIR"));
    static final String SYSTEM = "petition-office";

    CouncilClient client;

    static String blankToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    /** Options for petition-office: over TLS with its certificate when the run is a TLS one. */
    static CouncilClient.Options options(String token) {
        CouncilClient.Options o = new CouncilClient.Options().address(ADDRESS).clientSystem(SYSTEM).token(token)
                .clientInstance("java client live test");
        if (TLS_CA != null) {
            o.caFile(Path.of(TLS_CA));
            if (TLS_CERT != null) o.clientCertificate(Path.of(TLS_CERT), Path.of(TLS_KEY));
        }
        return o;
    }

    static CouncilException failure(Runnable action) {
        Throwable t = assertThrows(Throwable.class, action::run);
        if (t instanceof CompletionException) t = t.getCause();
        assertTrue(t instanceof CouncilException, "expected a CouncilException, got " + t);
        return (CouncilException) t;
    }

    static Submission submission(String reference, String title) {
        return Submission.newBuilder().setTitle(title).setDescription("自动测试提交")
                .setSource(CaseSource.CASE_SOURCE_PETITION_OFFICE).setCommunity("QX07")
                .setExternalReference(ExternalReference.newBuilder().setSystem(SYSTEM).setReference(reference))
                .build();
    }

    static String reference(String prefix) {
        return prefix + "-" + System.currentTimeMillis() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1000;
    }

    @BeforeEach
    void connect() {
        assumeTrue(ADDRESS != null, "COUNCIL_ADDRESS is not set");
        client = CouncilClient.connect(options(KEY));
    }

    @AfterEach
    void shutdown() {
        if (client != null) assertTrue(client.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void handshakeServerInfoHealthAndPing() {
        assertEquals(1, client.protocolVersion());
        assertFalse(client.serverId().isEmpty());
        assertTrue(client.limits().getMaxConcurrentCalls() > 0);
        assertEquals(TLS_CA != null, client.tlsProtocol() != null);
        GetServerInfoResponse info = client.call(Call.newBuilder().setGetServerInfo(GetServerInfoRequest.getDefaultInstance()),
                CallOptions.defaults(), Response::getGetServerInfo).join();
        assertTrue(info.getProtocolVersionsList().contains(1));
        CheckHealthResponse health = client.call(Call.newBuilder().setCheckHealth(CheckHealthRequest.getDefaultInstance()),
                CallOptions.defaults(), Response::getCheckHealth).join();
        assertEquals(CheckHealthResponse.ServingStatus.SERVING, health.getStatus());
        assertTrue(client.ping().join().toSeconds() < 5);
    }

    @Test
    void wrongKeyIsRefusedWithTheServersStatus() {
        CouncilException e = failure(() -> CouncilClient.connect(options("not-a-key-anyone-issued")));
        assertEquals(Status.Code.UNAUTHENTICATED, e.code());
        assertEquals("unauthenticated", e.reason());
        assertTrue(e.fromServer());
    }

    @Test
    void manyCallsShareTheConnection() {
        List<CompletableFuture<GetServerInfoResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(client.call(Call.newBuilder().setGetServerInfo(GetServerInfoRequest.getDefaultInstance()),
                    CallOptions.defaults(), Response::getGetServerInfo));
        }
        CompletableFuture<Case> missing = client.getCase(GetCaseRequest.newBuilder().setNumber("QX07-19990101-9999")
                .build(), CallOptions.defaults());
        String serverId = calls.get(0).join().getServerId();
        for (CompletableFuture<GetServerInfoResponse> c : calls) assertEquals(serverId, c.join().getServerId());
        assertEquals(Status.Code.NOT_FOUND, failure(missing::join).code());
        assertEquals(0, client.callsInFlight());
    }

    @Test
    void submitFetchAndWatch() throws InterruptedException {
        String reference = reference("JAVA-LIVE");
        CallOptions options = CallOptions.defaults().idempotencyKey(reference + "-submit");
        SubmitResponse first = client.submit(submission(reference, "Java 客户端联调测试：楼道灯不亮"), options).join();
        SubmitResponse again = client.submit(submission(reference, "Java 客户端联调测试：楼道灯不亮"), options).join();
        assertTrue(first.getCreated());
        assertFalse(again.getCreated());
        Case c = first.getCase();
        assertEquals(c.getId(), again.getCase().getId());
        assertEquals(1, c.getVersion());
        assertEquals(CaseStatus.CASE_STATUS_SUBMITTED, c.getStatus());
        assertEquals(c.getId(), client.getCase(GetCaseRequest.newBuilder().setNumber(c.getNumber()).build(), null).join().getId());
        assertEquals(c.getNumber(), client.getCase(GetCaseRequest.newBuilder().setId(c.getId()).build(), null).join().getNumber());

        CouncilException conflict = failure(() -> client.submit(submission(reference, "内容不同"), null).join());
        assertEquals(Status.Code.ALREADY_EXISTS, conflict.code());
        assertEquals("externalReferenceConflict", conflict.reason());
        assertEquals("submission.external_reference", conflict.field());

        long first_sequence = client.call(Call.newBuilder().setGetHistory(GetHistoryRequest.newBuilder().setCaseId(c.getId())),
                null, Response::getGetHistory).join().getEvents(0).getSequence();
        try (WatchStream stream = client.watchEvents(first_sequence - 1, null)) {
            WatchEventsResponse item = stream.poll(Duration.ofSeconds(10));
            assertNotNull(item);
            assertTrue(item.getEventsList().stream().anyMatch(e -> e.getCaseId().equals(c.getId())));
            assertTrue(stream.lastSequence() >= first_sequence);
            stream.cancel();
            while (stream.poll(Duration.ofSeconds(5)) != null) {
                // the items before the end
            }
            assertTrue(stream.isFinished(), "the stream ends after cancel");
            assertNull(stream.error(), "a cancelled stream ends cleanly");
        }
        assertEquals(0, client.callsInFlight());
    }

    @Test
    void invalidArgumentNamesTheField() {
        CouncilException e = failure(() -> client.submit(submission(reference("JAVA-LIVE-EMPTY"), ""), null).join());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertEquals("submission.title", e.field());
        assertFalse(e.reason().isEmpty());
    }

    @Test
    void refusedTransitionsAreTyped() {
        assumeTrue(HALL_KEY != null, "COUNCIL_HALL_KEY is not set");
        Case c = client.submit(submission(reference("JAVA-LIVE-T"), "Java 客户端联调测试：转换"), null).join().getCase();
        CouncilClient.Options hallOptions = new CouncilClient.Options().address(ADDRESS).clientSystem("hall-staff")
                .token(HALL_KEY);
        if (TLS_CA != null) hallOptions.caFile(Path.of(TLS_CA));
        try (CouncilClient hall = CouncilClient.connect(hallOptions)) {
            CouncilException e = failure(() -> hall.call(Call.newBuilder().setEvaluate(EvaluateRequest.newBuilder()
                    .setCaseId(c.getId()).setEvaluation(Evaluation.newBuilder().setRating(Rating.RATING_SATISFIED)
                            .setSolved(true))), null).join());
            assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
            assertEquals("illegalTransition", e.reason());
            assertEquals(CaseStatus.CASE_STATUS_SUBMITTED, e.caseStatus());
            assertTrue(e.allowedOperations().contains(CaseOperation.CASE_OPERATION_ACCEPT));
            CouncilException stale = failure(() -> hall.call(Call.newBuilder().setAccept(AcceptRequest.newBuilder()
                    .setCaseId(c.getId()).setExpectedVersion(99)), null).join());
            assertEquals(Status.Code.ABORTED, stale.code());
        }
    }

    @Test
    void cancelledCallFutureStaysCancelledAndTheConnectionGoesOn() {
        CompletableFuture<Response> call = client.call(Call.newBuilder()
                .setGetServerInfo(GetServerInfoRequest.getDefaultInstance()), null);
        // The answer may have come first: then cancel() is refused and the result stands.
        boolean cancelled = call.cancel(true);
        assertEquals(cancelled, call.isCancelled());
        if (!cancelled) assertTrue(call.join().hasGetServerInfo());
        assertTrue(client.call(Call.newBuilder().setGetServerInfo(GetServerInfoRequest.getDefaultInstance()), null)
                .join().hasGetServerInfo());
    }

    // ---- how councild treats client certificates (the --tls run)

    static CouncilClient.Options pki(String system, String certificate, String token) {
        Path dir = Path.of(TLS_DIR);
        return new CouncilClient.Options().address(ADDRESS).clientSystem(system).token(token)
                .caFile(Path.of(TLS_CA))
                .clientCertificate(dir.resolve(certificate + ".pem"), dir.resolve(certificate + "-key.pem"));
    }

    @Test
    void certificateFromAnUntrustedCaFailsTheTlsHandshake() {
        assumeTrue(TLS_DIR != null && TLS_CA != null, "not a TLS run");
        long start = System.nanoTime();
        CouncilException e = failure(() -> CouncilClient.connect(pki(SYSTEM, "stranger", KEY)).close());
        assertEquals(Status.Code.UNAVAILABLE, e.code());
        assertEquals("tlsHandshakeFailed", e.reason());
        assertFalse(e.fromServer());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
    }

    @Test
    void revokedCertificateIsRefused() {
        assumeTrue(TLS_DIR != null && TLS_CA != null, "not a TLS run");
        CouncilException e = failure(() -> CouncilClient.connect(pki(SYSTEM, "revoked", KEY)).close());
        assertEquals(Status.Code.UNAUTHENTICATED, e.code());
        assertEquals("certificateRevoked", e.reason());
        assertTrue(e.fromServer());
    }

    @Test
    void certificateAloneForASystemThatAllowsIt() {
        assumeTrue(TLS_DIR != null && TLS_CA != null, "not a TLS run");
        try (CouncilClient grid = CouncilClient.connect(pki("grid-platform", "grid-platform", null))) {
            assertTrue(grid.call(Call.newBuilder().setGetServerInfo(GetServerInfoRequest.getDefaultInstance()), null)
                    .join().getGetServerInfo().getProtocolVersionsList().contains(1));
        }
    }

    @Test
    void certificateAloneForASystemThatNeedsItsKeyToo() {
        assumeTrue(TLS_DIR != null && TLS_CA != null, "not a TLS run");
        CouncilException e = failure(() -> CouncilClient.connect(pki(SYSTEM, "petition-office", null)).close());
        assertEquals(Status.Code.UNAUTHENTICATED, e.code());
        assertEquals("unauthenticated", e.reason());
    }

    @Test
    void plainTcpToATlsServerSaysSo() {
        assumeTrue(TLS_CA != null, "not a TLS run");
        CouncilException e = failure(() -> CouncilClient.connect(new CouncilClient.Options().address(ADDRESS)
                .clientSystem(SYSTEM).token(KEY).connectTimeout(Duration.ofSeconds(5))).close());
        assertEquals(Status.Code.UNAVAILABLE, e.code(), e.toString());
    }
}
