package hall.council.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import council.v1.Call;
import council.v1.Event;
import council.v1.Frame;
import council.v1.GetServerInfoRequest;
import council.v1.GetServerInfoResponse;
import council.v1.GoAway;
import council.v1.HandshakeResult;
import council.v1.Limits;
import council.v1.Ping;
import council.v1.Response;
import council.v1.Status;
import council.v1.WatchEventsResponse;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What needs a server that misbehaves on purpose: deadlines, cancel, a slow stream reader, GoAway, pings and
 * responses out of order. The fake accepts one connection, answers the handshake, and then does what each test says.
 */
class FakeServerTest {
    ServerSocket listener;
    Socket peer;
    DataInputStream in;
    OutputStream out;
    final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    CouncilClient client;

    @BeforeEach
    void start() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
            try {
                peer = listener.accept();
                in = new DataInputStream(peer.getInputStream());
                out = peer.getOutputStream();
                Frame handshake = Wire.read(in, Wire.DEFAULT_MAX_FRAME_BYTES);
                assertEquals("petition-office", handshake.getHandshake().getClientSystem());
                send(Frame.newBuilder().setHandshakeResult(HandshakeResult.newBuilder()
                        .setStatus(Status.getDefaultInstance()).setProtocolVersion(1).setServerId("fake")
                        .setLimits(Limits.newBuilder().setMaxFrameBytes(1 << 20).setMaxConcurrentCalls(100))).build());
                Thread reader = new Thread(() -> {
                    try {
                        Frame f;
                        while ((f = Wire.read(in, Wire.DEFAULT_MAX_FRAME_BYTES)) != null) received.add(f);
                    } catch (IOException | CouncilException ignored) {
                        // the test is over
                    }
                });
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        client = CouncilClient.connect(new CouncilClient.Options()
                .address("127.0.0.1:" + listener.getLocalPort()).clientSystem("petition-office").token("t")
                .grace(Duration.ofMillis(100)).watchBuffer(2).frameReadTimeout(Duration.ofMillis(300)));
        accepted.get(5, TimeUnit.SECONDS);
        assertEquals("fake", client.serverId());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (peer != null) peer.close();
        listener.close();
    }

    synchronized void send(Frame frame) throws IOException {
        out.write(Wire.encode(frame));
        out.flush();
    }

    Frame next() throws InterruptedException {
        Frame f = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(f, "the fake server expected a frame");
        return f;
    }

    static Call.Builder info() {
        return Call.newBuilder().setGetServerInfo(GetServerInfoRequest.getDefaultInstance());
    }

    static Response.Builder infoAnswer(long id, String serverId) {
        return Response.newBuilder().setCallId(id).setEndOfStream(true)
                .setGetServerInfo(GetServerInfoResponse.newBuilder().setServerId(serverId));
    }

    static CouncilException failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        assertTrue(e.getCause() instanceof CouncilException, String.valueOf(e.getCause()));
        return (CouncilException) e.getCause();
    }

    @Test
    void responsesOutOfOrderFindTheirCalls() throws Exception {
        CompletableFuture<Response> one = client.call(info(), null);
        CompletableFuture<Response> two = client.call(info(), null);
        assertEquals(1, next().getCall().getCallId());
        assertEquals(2, next().getCall().getCallId());
        send(Frame.newBuilder().setResponse(infoAnswer(2, "second")).build());
        send(Frame.newBuilder().setResponse(infoAnswer(1, "first")).build());
        assertEquals("first", one.join().getGetServerInfo().getServerId());
        assertEquals("second", two.join().getGetServerInfo().getServerId());
    }

    @Test
    void deadlineIsSentAndKeptLocally() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Response> call = client.call(info(), CallOptions.defaults().timeout(Duration.ofMillis(200))
                .traceId("trace-1").actingUser("u1"));
        Call sent = next().getCall();
        assertEquals(200, sent.getTimeoutMs());
        assertEquals("trace-1", sent.getMetadata().getTraceId());
        assertEquals("u1", sent.getMetadata().getActingUser());
        CouncilException e = failure(call);   // the fake never answers
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
        assertEquals("clientTimeout", e.reason());
        assertFalse(e.fromServer());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300, "timeout plus grace");
        assertEquals(sent.getCallId(), next().getCancel().getCallId(), "the call is cancelled on the server");
        assertEquals(0, client.callsInFlight());
    }

    @Test
    void serverDeadlineAndOtherStatusesAreTyped() throws Exception {
        CompletableFuture<Response> call = client.call(info(), null);
        long id = next().getCall().getCallId();
        send(Frame.newBuilder().setResponse(Response.newBuilder().setCallId(id).setEndOfStream(true)
                .setStatus(Status.newBuilder().setCode(Status.Code.DEADLINE_EXCEEDED).setReason("deadlineExceeded")
                        .setMessage("the call's deadline passed"))).build());
        CouncilException e = failure(call);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
        assertEquals("deadlineExceeded", e.reason());
        assertTrue(e.fromServer());
        assertTrue(e.retryable());
    }

    @Test
    void cancellingTheFutureCancelsTheCall() throws Exception {
        CompletableFuture<Response> call = client.call(info(), null);
        long id = next().getCall().getCallId();
        assertTrue(call.cancel(true));
        assertEquals(id, next().getCancel().getCallId());
        send(Frame.newBuilder().setResponse(Response.newBuilder().setCallId(id).setEndOfStream(true)
                .setStatus(Status.newBuilder().setCode(Status.Code.CANCELLED).setReason("cancelled"))).build());
        CompletableFuture<Response> after = client.call(info(), null);
        long next = next().getCall().getCallId();
        assertTrue(next > id, "call ids increase");
        send(Frame.newBuilder().setResponse(infoAnswer(next, "still here")).build());
        assertEquals("still here", after.join().getGetServerInfo().getServerId());
        assertTrue(call.isCancelled());
    }

    @Test
    void slowStreamReaderGetsStreamLaggingNotAStalledConnection() throws Exception {
        WatchStream stream = client.watchEvents(10, null);
        Call sent = next().getCall();
        assertEquals(10, sent.getWatchEvents().getAfter());
        assertEquals(0, sent.getTimeoutMs());
        for (int i = 1; i <= 5; i++) {
            send(Frame.newBuilder().setResponse(Response.newBuilder().setCallId(sent.getCallId())
                    .setWatchEvents(WatchEventsResponse.newBuilder().addEvents(Event.newBuilder().setSequence(10 + i))))
                    .build());
        }
        assertEquals(sent.getCallId(), next().getCancel().getCallId(), "the overflowing stream is cancelled");
        // The connection is not held up by the stream: another call is answered meanwhile.
        CompletableFuture<Response> other = client.call(info(), null);
        long id = next().getCall().getCallId();
        send(Frame.newBuilder().setResponse(infoAnswer(id, "answered")).build());
        assertEquals("answered", other.join().getGetServerInfo().getServerId());
        // The buffered items first, then the error; resume from lastSequence().
        assertEquals(11, stream.next().getEvents(0).getSequence());
        assertEquals(12, stream.next().getEvents(0).getSequence());
        CouncilException e = assertThrows(CouncilException.class, stream::hasNext);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
        assertEquals("streamLagging", e.reason());
        assertEquals(12, stream.lastSequence());
        stream.close();
    }

    @Test
    void streamEndsCleanlyAfterCancelAndWithTheServersErrorOtherwise() throws Exception {
        WatchStream stream = client.watchEvents(0, null);
        long id = next().getCall().getCallId();
        send(Frame.newBuilder().setResponse(Response.newBuilder().setCallId(id)
                .setWatchEvents(WatchEventsResponse.newBuilder().addEvents(Event.newBuilder().setSequence(1)))).build());
        assertTrue(stream.hasNext());
        assertEquals(1, stream.next().getEvents(0).getSequence());
        stream.cancel();
        assertEquals(id, next().getCancel().getCallId());
        send(Frame.newBuilder().setResponse(Response.newBuilder().setCallId(id).setEndOfStream(true)
                .setStatus(Status.newBuilder().setCode(Status.Code.CANCELLED).setReason("cancelled"))).build());
        assertFalse(stream.hasNext());

        WatchStream drained = client.watchEvents(1, null);
        long id2 = next().getCall().getCallId();
        send(Frame.newBuilder().setResponse(Response.newBuilder().setCallId(id2).setEndOfStream(true)
                .setStatus(Status.newBuilder().setCode(Status.Code.UNAVAILABLE).setReason("draining"))).build());
        CouncilException e = assertThrows(CouncilException.class, drained::hasNext);
        assertEquals("draining", e.reason());
    }

    @Test
    void goAwayFailsTheCallsItDidNotTakeAndRefusesNewOnes() throws Exception {
        CompletableFuture<Response> one = client.call(info(), null);
        CompletableFuture<Response> two = client.call(info(), null);
        next();
        next();
        send(Frame.newBuilder().setGoaway(GoAway.newBuilder().setLastCallId(1)
                .setStatus(Status.newBuilder().setCode(Status.Code.UNAVAILABLE).setReason("draining"))).build());
        CouncilException e = failure(two);
        assertEquals("notProcessed", e.reason());
        assertFalse(client.isUsable());
        CouncilException refused = assertThrows(CouncilException.class, () -> client.call(info(), null));
        assertEquals("goaway", refused.reason());
        send(Frame.newBuilder().setResponse(infoAnswer(1, "drained")).build());
        assertEquals("drained", one.join().getGetServerInfo().getServerId());
        peer.close();
        client.closed().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFrameThatStopsHalfwayEndsTheConnection() throws Exception {
        CompletableFuture<Response> call = client.call(info(), null);
        next();
        Thread.sleep(500);   // a long wait between frames is fine
        synchronized (this) {
            out.write(new byte[] {0, 0, 0, 9, 0x22});
            out.flush();
        }
        CouncilException e = failure(call);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
        assertEquals("clientTimeout", e.reason());
        client.closed().get(5, TimeUnit.SECONDS);
    }

    @Test
    void serverPingIsAnsweredAndConnectionLossFailsCalls() throws Exception {
        send(Frame.newBuilder().setPing(Ping.newBuilder().setPayload(42)).build());
        assertEquals(42, next().getPong().getPayload());
        CompletableFuture<Response> call = client.call(info(), null);
        next();
        peer.close();
        CouncilException e = failure(call);
        assertEquals(Status.Code.UNAVAILABLE, e.code());
        assertEquals("connectionClosed", e.reason());
    }
}
