package hall.council.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import council.v1.Call;
import council.v1.CaseSource;
import council.v1.CaseStatus;
import council.v1.Event;
import council.v1.ExternalReference;
import council.v1.Frame;
import council.v1.GetCaseRequest;
import council.v1.Limits;
import council.v1.LocateGridCellRequest;
import council.v1.PersonalData;
import council.v1.Pong;
import council.v1.Response;
import council.v1.Status;
import council.v1.SubmitRequest;
import council.v1.Submission;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every golden frame of Schemas/testdata decodes to the values its .md lists and re-encodes byte for byte, as the
 * Python and C clients check; the frames a client sends are also built through the client's own code.
 */
class GoldenFramesTest {
    static final String CASE_ID = "6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab";
    static final String NUMBER = "QX07-20261130-0003";
    static final long REGISTERED = 1796000400000L;
    static final long RESPONSE_DUE = 1797350400000L;
    static final long HANDLING_DUE = 1801238400000L;

    static Path testdata() {
        String dir = System.getProperty("council.testdata");
        if (dir != null) return Paths.get(dir);
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("Schemas/testdata"))) return p.resolve("Schemas/testdata");
        }
        throw new IllegalStateException("Schemas/testdata not found above " + here);
    }

    static byte[] golden(String name) throws IOException {
        return Files.readAllBytes(testdata().resolve(name));
    }

    static Frame decode(String name) throws IOException {
        byte[] data = golden(name);
        Frame frame = Wire.read(new ByteArrayInputStream(data), Wire.DEFAULT_MAX_FRAME_BYTES);
        assertArrayEquals(data, Wire.encode(frame), name + " re-encodes byte for byte");
        return frame;
    }

    /** The bytes of a call as the client writes it (call id, timeout and metadata filled in as CouncilClient does). */
    static byte[] callBytes(Call.Builder call) {
        return Wire.encode(Frame.newBuilder().setCall(call).build());
    }

    @Test
    void everyGoldenFileRoundTrips() throws IOException {
        try (var files = Files.list(testdata())) {
            List<Path> bins = files.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
            assertEquals(13, bins.size(), "golden frames in Schemas/testdata");
            for (Path p : bins) {
                decode(p.getFileName().toString());
            }
        }
    }

    @Test
    void handshake() throws IOException {
        var h = decode("handshake.bin").getHandshake();
        assertEquals(1, h.getProtocolVersion());
        assertEquals("petition-office", h.getClientSystem());
        assertEquals("xf-bridge/2.3", h.getClientInstance());
        assertEquals("example-token", h.getCredential().getBearerToken());
    }

    @Test
    void handshakeResult() throws IOException {
        var h = decode("handshake-result.bin").getHandshakeResult();
        assertTrue(h.hasStatus());
        assertEquals(Status.getDefaultInstance(), h.getStatus());
        assertEquals(1, h.getProtocolVersion());
        assertEquals("councild-01", h.getServerId());
        Limits l = h.getLimits();
        assertEquals(List.of(1048576, 8388608, 100, 300000, 10000, 30000), List.of(l.getMaxFrameBytes(),
                l.getDecodeBudgetBytes(), l.getMaxConcurrentCalls(), l.getIdleTimeoutMs(), l.getFrameReadTimeoutMs(),
                l.getDefaultCallTimeoutMs()));
    }

    @Test
    void submitCall() throws IOException {
        Call c = decode("submit-call.bin").getCall();
        assertEquals(1, c.getCallId());
        assertEquals(5000, c.getTimeoutMs());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", c.getMetadata().getTraceId());
        assertEquals("XF-2026-000123-submit", c.getMetadata().getIdempotencyKey());
        Submission s = c.getSubmit().getSubmission();
        assertEquals("小区垃圾清运不及时", s.getTitle());
        assertEquals(CaseSource.CASE_SOURCE_PETITION_OFFICE, s.getSource());
        assertEquals("13812345678", s.getSubmitter().getPhone());
        Submission built = Submission.newBuilder().setTitle("小区垃圾清运不及时").setDescription("三号楼东侧垃圾站三天未清运")
                .setSource(CaseSource.CASE_SOURCE_PETITION_OFFICE).setCommunity("QX07").setCategory("environment")
                .setSubmitter(PersonalData.newBuilder().setName("张三").setPhone("13812345678"))
                .setExternalReference(ExternalReference.newBuilder().setSystem("petition-office")
                        .setReference("XF-2026-000123"))
                .build();
        Call.Builder call = Call.newBuilder().setCallId(1).setTimeoutMs(5000)
                .setMetadata(council.v1.CallMetadata.newBuilder().setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
                        .setIdempotencyKey("XF-2026-000123-submit"))
                .setSubmit(SubmitRequest.newBuilder().setSubmission(built));
        assertArrayEquals(golden("submit-call.bin"), callBytes(call));
    }

    @Test
    void getCaseCallAndResponse() throws IOException {
        Call c = decode("get-case-call.bin").getCall();
        assertEquals(2, c.getCallId());
        assertFalse(c.hasMetadata());
        assertEquals(GetCaseRequest.KeyCase.NUMBER, c.getGetCase().getKeyCase());
        assertArrayEquals(golden("get-case-call.bin"), callBytes(Call.newBuilder().setCallId(2)
                .setGetCase(GetCaseRequest.newBuilder().setNumber(NUMBER))));

        Response r = decode("get-case-response.bin").getResponse();
        assertEquals(2, r.getCallId());
        assertFalse(r.hasStatus());
        assertTrue(r.getEndOfStream());
        var k = r.getGetCase().getCase();
        assertEquals(CASE_ID, k.getId());
        assertEquals(NUMBER, k.getNumber());
        assertEquals(1, k.getVersion());
        assertEquals(CaseStatus.CASE_STATUS_SUBMITTED, k.getStatus());
        assertEquals("张**", k.getSubmission().getSubmitter().getName());
        assertEquals("138****5678", k.getSubmission().getSubmitter().getPhone());
        assertFalse(k.getSubmission().getSubmitter().hasAddress());
        assertEquals(REGISTERED, k.getCreatedAt());
        assertEquals(RESPONSE_DUE, k.getResponseDue());
        assertEquals(List.of(2, 3, 4, 8, 21), k.getAllowedOperationsValueList());
        assertTrue(k.hasCurrentDue());
        assertEquals(RESPONSE_DUE, k.getCurrentDue());
        assertFalse(k.hasHandlingDue());
    }

    @Test
    void errorResponseIsTyped() throws IOException {
        Response r = decode("error-response.bin").getResponse();
        assertEquals(3, r.getCallId());
        assertEquals(Response.ResponseCase.RESPONSE_NOT_SET, r.getResponseCase());
        CouncilException e = CouncilException.fromStatus(r.getStatus());
        assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
        assertEquals("illegalTransition", e.reason());
        assertEquals("", e.field());
        assertEquals("cannot evaluate a case that is inProgress", e.getMessage());
        assertEquals("inProgress", e.caseStatusName());
        assertEquals(List.of("addProgress", "requestExtension", "resolve", "return", "withdraw"),
                e.allowedOperationNames());
        assertTrue(e.fromServer());
        assertFalse(e.retryable());
        assertTrue(e.toString().contains("case is inProgress"));
        assertEquals(e, CouncilException.unwrap(new java.util.concurrent.CompletionException(e)));
        assertEquals(e, CouncilException.unwrap(new java.util.concurrent.ExecutionException(e)));
        assertEquals(null, CouncilException.unwrap(new IllegalStateException(e)));
    }

    @Test
    void watchEventsItemAndEnd() throws IOException {
        Response r = decode("watch-events-item.bin").getResponse();
        assertEquals(4, r.getCallId());
        assertFalse(r.getEndOfStream());
        Event e = r.getWatchEvents().getEvents(0);
        assertEquals(4, e.getSequence());
        assertEquals(CASE_ID, e.getCaseId());
        assertEquals(REGISTERED + 3600 * 1000, e.getOccurredAt());
        assertEquals("hall-staff", e.getPrincipal().getSystem());
        assertEquals(HANDLING_DUE, e.getAccepted().getHandlingDue());
        assertFalse(e.getAccepted().hasNote());

        Response end = decode("watch-events-end.bin").getResponse();
        assertTrue(end.getEndOfStream());
        CouncilException x = CouncilException.fromStatus(end.getStatus());
        assertEquals(Status.Code.UNAVAILABLE, x.code());
        assertEquals("draining", x.reason());
        assertTrue(x.retryable());
    }

    @Test
    void locateGridCell() throws IOException {
        Call c = decode("locate-grid-cell-call.bin").getCall();
        assertEquals(5, c.getCallId());
        assertArrayEquals(golden("locate-grid-cell-call.bin"), callBytes(Call.newBuilder().setCallId(5)
                .setLocateGridCell(LocateGridCellRequest.newBuilder().setGridCell("130703007001"))));
        var g = decode("locate-grid-cell-response.bin").getResponse().getLocateGridCell();
        assertEquals("QX07", g.getGridCell().getCommunity());
        assertEquals("示例社区07", g.getCommunity().getName());
    }

    @Test
    void pingPongAndGoAway() throws IOException {
        Frame ping = decode("ping.bin");
        assertEquals(REGISTERED, ping.getPing().getPayload());
        assertArrayEquals(golden("pong.bin"), Wire.encode(Frame.newBuilder()
                .setPong(Pong.newBuilder().setPayload(ping.getPing().getPayload())).build()));
        var g = decode("goaway-drain.bin").getGoaway();
        assertEquals(5, g.getLastCallId());
        assertEquals("draining", g.getStatus().getReason());
    }

    @Test
    void framingLimits() {
        byte[] tooLarge = {0x00, 0x20, 0x00, 0x01};
        CouncilException e = org.junit.jupiter.api.Assertions.assertThrows(CouncilException.class,
                () -> Wire.read(new ByteArrayInputStream(tooLarge), Wire.DEFAULT_MAX_FRAME_BYTES));
        assertEquals("frameTooLarge", e.reason());
        byte[] truncated = {0x00, 0x00, 0x00, 0x05, 0x0a};
        e = org.junit.jupiter.api.Assertions.assertThrows(CouncilException.class,
                () -> Wire.read(new ByteArrayInputStream(truncated), Wire.DEFAULT_MAX_FRAME_BYTES));
        assertEquals("connectionClosed", e.reason());
        assertTrue(Wire.looksLikeTls(0x15030300L));
        assertEquals(List.of("::1", "7420"), List.of(CouncilClient.parseAddress("[::1]:7420")));
        assertEquals(List.of("hall.example", "7420"), List.of(CouncilClient.parseAddress("hall.example")));
    }
}
