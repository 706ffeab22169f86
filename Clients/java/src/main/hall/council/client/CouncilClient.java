package hall.council.client;

import council.v1.Call;
import council.v1.CallMetadata;
import council.v1.Case;
import council.v1.Frame;
import council.v1.GetCaseRequest;
import council.v1.GoAway;
import council.v1.Handshake;
import council.v1.HandshakeResult;
import council.v1.Limits;
import council.v1.Response;
import council.v1.Status;
import council.v1.SubmitRequest;
import council.v1.SubmitResponse;
import council.v1.Submission;
import council.v1.WatchEventsRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One connection to councild, carrying any number of concurrent calls (PROTOCOL.md §4–§7).
 *
 * <pre>{@code
 * try (CouncilClient client = CouncilClient.connect(new CouncilClient.Options()
 *         .address("127.0.0.1:7420").clientSystem("petition-office").token(key))) {
 *     Case c = client.getCase(GetCaseRequest.newBuilder().setNumber("QX07-20261130-0003").build(),
 *                             CallOptions.defaults()).join();
 * }
 * }</pre>
 *
 * <p>Threading: one daemon reader thread per connection reads every frame, completes each call's future (responses
 * arrive in any order and are matched by call id), answers the server's pings and records a GoAway. Every method may
 * be called from any thread. A future is completed on the reader thread (or the timer thread for a local timeout):
 * do not block inside its callbacks; use the {@code *Async} stages with an executor of your own for slow work.
 *
 * <p>Each call's result is a {@link CompletableFuture}; a non-OK status completes it exceptionally with a
 * {@link CouncilException} (wrapped in a {@code CompletionException} by {@code join()}, an
 * {@code ExecutionException} by {@code get()}). Cancelling the future sends the server a Cancel for the call.
 *
 * <p>Reconnecting is not this class's job: a connection that ended or got a GoAway stays ended ({@link #isUsable()}
 * false, {@link #closed()} completed), and calls on it fail with UNAVAILABLE. A reconnecting layer keeps the
 * {@link Options}, watches {@link #closed()}, connects anew, and sends again the calls that failed with
 * {@code notProcessed} (and idempotent ones that failed with {@code connectionClosed}, under the same idempotency
 * key); watch streams resume from {@link WatchStream#lastSequence()}.
 */
public final class CouncilClient implements AutoCloseable {

    /** Connection settings. Fluent setters; {@link #address} and {@link #clientSystem} are required. */
    public static final class Options {
        String address;
        String clientSystem;
        String token;
        String clientInstance = "council-java-client";
        Path caFile;
        Path certFile;
        Path keyFile;
        SSLContext sslContext;
        String serverName;
        Duration connectTimeout = Duration.ofSeconds(5);
        Duration defaultTimeout = Duration.ofSeconds(30);
        Duration grace = Duration.ofSeconds(2);
        Duration frameReadTimeout = Duration.ofSeconds(10);
        int maxFrameBytes = Wire.DEFAULT_MAX_FRAME_BYTES;
        int watchBuffer = 256;

        /** {@code host:port}, {@code [v6]:port}, or {@code host} (port 7420). */
        public Options address(String address) { this.address = address; return this; }
        /** The calling system's code, for example {@code petition-office}. */
        public Options clientSystem(String system) { this.clientSystem = system; return this; }
        /** The system's bearer token; null (the default) sends no credential, for a certificate alone. */
        public Options token(String token) { this.token = token; return this; }
        /** Free text for the server's logs. */
        public Options clientInstance(String instance) { this.clientInstance = instance; return this; }
        /** TLS: the PEM CA the server's certificate must chain to. Turns TLS on. */
        public Options caFile(Path file) { this.caFile = file; return this; }
        /** Mutual TLS: the client certificate (PEM, with its chain) and its PKCS#8 PEM key. */
        public Options clientCertificate(Path certFile, Path keyFile) {
            this.certFile = certFile;
            this.keyFile = keyFile;
            return this;
        }
        /** TLS with a context of your own instead of the files (it must verify the server). */
        public Options sslContext(SSLContext context) { this.sslContext = context; return this; }
        /** The name the server's certificate must carry; default: the host of the address. */
        public Options serverName(String name) { this.serverName = name; return this; }
        /** How long connecting, the TLS handshake and the protocol handshake may take together. */
        public Options connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }
        /** The deadline of a call whose CallOptions give none. */
        public Options defaultTimeout(Duration timeout) { this.defaultTimeout = timeout; return this; }
        /** How long after a call's deadline the client stops waiting for the server's answer. */
        public Options grace(Duration grace) { this.grace = grace; return this; }
        /** How long a frame from the server may take to arrive completely once its first byte came (PROTOCOL.md §2);
         *  past it the connection is closed and its calls fail with DEADLINE_EXCEEDED {@code clientTimeout}. */
        public Options frameReadTimeout(Duration timeout) { this.frameReadTimeout = timeout; return this; }
        /** The largest frame accepted from the server. */
        public Options maxFrameBytes(int bytes) { this.maxFrameBytes = bytes; return this; }
        /** How many watch items a stream holds for a slow reader before it ends it (see {@link WatchStream}). */
        public Options watchBuffer(int items) {
            if (items < 1) throw new IllegalArgumentException("watchBuffer must be at least 1");
            this.watchBuffer = items;
            return this;
        }

        boolean tls() { return caFile != null || sslContext != null; }
    }

    /** A call in the connection's table. */
    abstract static class Pending {
        final long id;
        final Call.RequestCase method;

        Pending(long id, Call.RequestCase method) {
            this.id = id;
            this.method = method;
        }

        /** One response for this call; returns true when the call is over. */
        abstract boolean deliver(Response response);

        /** The call ends with an error without (further) response. */
        abstract void fail(CouncilException error);
    }

    /** The future of a unary call: cancelling it cancels the call on the server. */
    static final class CallFuture<T> extends CompletableFuture<T> {
        private volatile Runnable onCancel;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Runnable action = onCancel;
            if (cancelled && action != null) {
                action.run();
            }
            return cancelled;
        }
    }

    final class Unary<T> extends Pending {
        final CallFuture<T> future = new CallFuture<>();
        final Function<Response, T> result;
        volatile ScheduledFuture<?> timer;

        Unary(long id, Call.RequestCase method, Function<Response, T> result) {
            super(id, method);
            this.result = result;
        }

        @Override
        boolean deliver(Response response) {
            if (response.hasStatus() && response.getStatus().getCode() != Status.Code.OK) {
                fail(CouncilException.fromStatus(response.getStatus()));
            } else if (response.getResponseCase().getNumber() != method.getNumber()) {
                fail(CouncilException.local(Status.Code.INTERNAL, CouncilException.UNEXPECTED_RESPONSE,
                        "call " + id + " asked for " + method + " and got " + response.getResponseCase()));
                if (!response.getEndOfStream()) sendCancel(id);
            } else {
                try {
                    future.complete(result.apply(response));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
                cancelTimer();
            }
            return true;
        }

        @Override
        void fail(CouncilException error) {
            future.completeExceptionally(error);
            cancelTimer();
        }

        void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) t.cancel(false);
        }
    }

    private final Options options;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final Map<Long, Pending> calls = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Duration>> pings = new ConcurrentHashMap<>();
    private final AtomicLong pingPayload = new AtomicLong(System.nanoTime());
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ScheduledExecutorService timers;
    private long lastCallId;                 // guarded by writeLock
    private volatile boolean goawaySent;
    private volatile GoAway goaway;
    private volatile CouncilException closedWith;
    private final HandshakeResult handshakeResult;
    private final String tlsProtocol;
    private Thread reader;

    private CouncilClient(Options options, Socket socket, DataInputStream in, OutputStream out,
                          HandshakeResult result, String tlsProtocol) {
        this.options = options;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.handshakeResult = result;
        this.tlsProtocol = tlsProtocol;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "council-client-timer");
            t.setDaemon(true);
            return t;
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Connecting

    /**
     * Connects, over TLS when the options name a CA or a context, sends the handshake and waits for its result. A
     * refusal throws the server's status (UNAUTHENTICATED, PERMISSION_DENIED, FAILED_PRECONDITION
     * {@code unsupportedVersion}, RESOURCE_EXHAUSTED {@code tooManyConnections}, UNAVAILABLE {@code draining}, …); a
     * connection that cannot be made is UNAVAILABLE {@code connectFailed}; a failed TLS handshake UNAVAILABLE
     * {@code tlsHandshakeFailed}.
     */
    public static CouncilClient connect(Options options) {
        if (options.address == null || options.address.isEmpty()) {
            throw new IllegalArgumentException("an address is required, for example 127.0.0.1:7420");
        }
        if (options.clientSystem == null || options.clientSystem.isEmpty()) {
            throw new IllegalArgumentException("a client system is required, for example petition-office");
        }
        String[] hostPort = parseAddress(options.address);
        String host = hostPort[0];
        int port = Integer.parseInt(hostPort[1]);
        SSLContext context = options.sslContext;
        if (context == null && options.caFile != null) {
            context = Tls.context(options.caFile, options.certFile, options.keyFile);
        } else if (context == null && options.certFile != null) {
            throw CouncilException.local(Status.Code.INVALID_ARGUMENT, CouncilException.BAD_TLS_FILE,
                    "a client certificate needs the CA of the server's certificate too", "caFile");
        }
        long deadline = System.nanoTime() + options.connectTimeout.toNanos();
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(host, port), (int) Math.max(1, options.connectTimeout.toMillis()));
        } catch (SocketTimeoutException e) {
            closeQuietly(raw);
            throw CouncilException.local(Status.Code.DEADLINE_EXCEEDED, CouncilException.CLIENT_TIMEOUT,
                    "connecting to " + options.address + " timed out");
        } catch (IOException e) {
            closeQuietly(raw);
            throw CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECT_FAILED,
                    "cannot connect to " + options.address + ": " + e.getMessage());
        }
        Socket socket = raw;
        String tlsProtocol = null;
        try {
            raw.setSoTimeout(remainingMillis(deadline));
            if (context != null) {
                String name = options.serverName != null ? options.serverName : host;
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, name, port, true);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");   // checks the name (or IP address)
                parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                if (!isIpLiteral(name)) {
                    parameters.setServerNames(java.util.List.of(new SNIHostName(name)));
                }
                tls.setSSLParameters(parameters);
                socket = tls;
                try {
                    tls.startHandshake();
                } catch (IOException e) {
                    throw tlsFailed(options.address, e);
                }
                tlsProtocol = tls.getSession().getProtocol();
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            HandshakeResult result = handshake(options, in, out, tlsProtocol, deadline);
            socket.setSoTimeout(0);
            CouncilClient client = new CouncilClient(options, socket, in, out, result, tlsProtocol);
            client.startReader();
            return client;
        } catch (CouncilException e) {
            closeQuietly(socket);
            throw e;
        } catch (IOException e) {
            closeQuietly(socket);
            throw CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECTION_CLOSED,
                    "the connection to " + options.address + " failed during the handshake: " + e);
        }
    }

    private static HandshakeResult handshake(Options options, DataInputStream in, OutputStream out,
                                             String tlsProtocol, long deadline) throws IOException {
        Handshake.Builder handshake = Handshake.newBuilder()
                .setProtocolVersion(Wire.PROTOCOL_VERSION)
                .setClientSystem(options.clientSystem)
                .setClientInstance(options.clientInstance == null ? "" : options.clientInstance);
        if (options.token != null) {
            handshake.getCredentialBuilder().setBearerToken(options.token);
        }
        boolean tls = tlsProtocol != null;
        Frame frame;
        try {
            try {
                out.write(Wire.encode(Frame.newBuilder().setHandshake(handshake).build()));
                out.flush();
            } catch (IOException e) {
                if (!tls) throw e;
                // the server may have refused our certificate already: its alert is read next
            }
            frame = Wire.read(in, options.maxFrameBytes);
        } catch (SocketTimeoutException e) {
            throw CouncilException.local(Status.Code.DEADLINE_EXCEEDED, CouncilException.CLIENT_TIMEOUT,
                    "no handshake result from " + options.address + " within " + options.connectTimeout);
        } catch (Wire.FrameTooLarge e) {
            if (!tls && Wire.looksLikeTls(e.length)) {
                throw CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.TLS_REQUIRED,
                        "the server at " + options.address + " answered in TLS: connect with a CA file");
            }
            throw e;
        } catch (SSLException e) {
            throw tlsFailed(options.address, e);
        } catch (IOException | CouncilException e) {
            if ("TLSv1.3".equals(tlsProtocol)) throw closedAfterTlsHandshake(options.address, e);
            throw e;
        }
        if (frame == null) {
            if ("TLSv1.3".equals(tlsProtocol)) throw closedAfterTlsHandshake(options.address, null);
            throw CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECTION_CLOSED,
                    "the server closed the connection before answering the handshake");
        }
        if (frame.getKindCase() == Frame.KindCase.GOAWAY) {
            GoAway g = frame.getGoaway();
            if (g.hasStatus() && g.getStatus().getCode() != Status.Code.OK) throw CouncilException.fromStatus(g.getStatus());
            throw CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.GOAWAY,
                    "the server sent a GoAway instead of a handshake result");
        }
        if (frame.getKindCase() != Frame.KindCase.HANDSHAKE_RESULT) {
            throw CouncilException.local(Status.Code.INTERNAL, CouncilException.MALFORMED_FRAME,
                    "the server's first frame is a " + frame.getKindCase() + ", not a handshake result");
        }
        HandshakeResult result = frame.getHandshakeResult();
        if (result.hasStatus() && result.getStatus().getCode() != Status.Code.OK) {
            throw CouncilException.fromStatus(result.getStatus());
        }
        if (result.getProtocolVersion() != Wire.PROTOCOL_VERSION) {
            throw CouncilException.local(Status.Code.FAILED_PRECONDITION, "unsupportedVersion",
                    "the server chose protocol version " + result.getProtocolVersion() + "; this client speaks "
                            + Wire.PROTOCOL_VERSION);
        }
        return result;
    }

    private static CouncilException tlsFailed(String address, Exception e) {
        return CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.TLS_HANDSHAKE_FAILED,
                "TLS handshake with " + address + " failed: " + e.getMessage());
    }

    private static CouncilException closedAfterTlsHandshake(String address, Exception e) {
        return CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.TLS_HANDSHAKE_FAILED,
                "TLS handshake with " + address + " failed: the server ended the connection before its first frame"
                        + (e == null ? "" : " (" + e.getMessage() + ")")
                        + "; under TLS 1.3 this is how a server refuses the client certificate (or its absence)");
    }

    static String[] parseAddress(String address) {
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            String host = address.substring(1, close);
            String rest = address.substring(close + 1);
            return new String[] {host, rest.startsWith(":") ? rest.substring(1) : String.valueOf(Wire.DEFAULT_PORT)};
        }
        int colon = address.indexOf(':');
        if (colon >= 0 && colon == address.lastIndexOf(':')) {
            return new String[] {address.substring(0, colon), address.substring(colon + 1)};
        }
        return new String[] {address, String.valueOf(Wire.DEFAULT_PORT)};
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static int remainingMillis(long deadlineNanos) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // What the handshake said

    /** The server instance's id (its configured serverID). */
    public String serverId() { return handshakeResult.getServerId(); }

    public int protocolVersion() { return handshakeResult.getProtocolVersion(); }

    /** This connection's limits, as the server told them. */
    public Limits limits() { return handshakeResult.getLimits(); }

    /** {@code TLSv1.3} or {@code TLSv1.2} over TLS; null over plain TCP. */
    public String tlsProtocol() { return tlsProtocol; }

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    private void startReader() {
        reader = new Thread(this::readLoop, "council-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        CouncilException reason = CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECTION_CLOSED,
                "the server closed the connection");
        try {
            int frameTimeout = (int) Math.max(1, options.frameReadTimeout.toMillis());
            Runnable startFrameTimer = () -> setReadTimeout(frameTimeout);
            while (true) {
                Frame frame;
                try {
                    frame = Wire.read(in, options.maxFrameBytes, startFrameTimer);
                } catch (SocketTimeoutException e) {
                    throw CouncilException.local(Status.Code.DEADLINE_EXCEEDED, CouncilException.CLIENT_TIMEOUT,
                            "a frame from the server did not arrive completely within " + frameTimeout + " ms");
                }
                setReadTimeout(0);   // the next frame's first byte may take as long as it takes
                if (frame == null) break;
                dispatch(frame);
            }
        } catch (CouncilException e) {
            reason = e;
        } catch (EOFException e) {
            // the server closed: the default reason
        } catch (IOException e) {
            reason = CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECTION_CLOSED,
                    closedWith != null ? closedWith.getMessage() : "reading the connection failed: " + e.getMessage());
        } catch (RuntimeException e) {
            reason = CouncilException.local(Status.Code.INTERNAL, CouncilException.MALFORMED_FRAME,
                    "the connection's reader failed: " + e);
        }
        closeWith(reason);
    }

    private void setReadTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            // the socket is closed: the next read says so
        }
    }

    private void dispatch(Frame frame) {
        switch (frame.getKindCase()) {
            case RESPONSE: {
                Response response = frame.getResponse();
                Pending call = calls.get(response.getCallId());
                if (call == null) return;   // unknown, cancelled or finished: ignored (PROTOCOL.md §5.7)
                // A call leaves the table before its caller hears of its end, so callsInFlight() is then up to date.
                if (!(call instanceof WatchStream) || response.getEndOfStream()) {
                    calls.remove(response.getCallId(), call);
                }
                if (call.deliver(response)) {
                    calls.remove(response.getCallId(), call);
                }
                return;
            }
            case PING: {
                long payload = frame.getPing().getPayload();
                timers.execute(() -> send(Frame.newBuilder()
                        .setPong(council.v1.Pong.newBuilder().setPayload(payload)).build()));
                return;
            }
            case PONG: {
                CompletableFuture<Duration> ping = pings.remove(frame.getPong().getPayload());
                if (ping != null) {
                    ping.complete(Duration.ofNanos(System.nanoTime() - frame.getPong().getPayload()));
                }
                return;
            }
            case GOAWAY:
                onGoAway(frame.getGoaway());
                return;
            case KIND_NOT_SET:
                return;   // a member a newer server knows and this version does not: ignored (PROTOCOL.md §9.3)
            default:
                throw CouncilException.local(Status.Code.INTERNAL, CouncilException.MALFORMED_FRAME,
                        "the server sent a " + frame.getKindCase() + " frame, which only clients send");
        }
    }

    private void onGoAway(GoAway received) {
        synchronized (writeLock) {
            if (goaway == null || received.getLastCallId() < goaway.getLastCallId()) {
                goaway = received;
            }
        }
        long last = goaway.getLastCallId();
        for (Pending call : calls.values()) {
            if (call.id > last && calls.remove(call.id, call)) {
                call.fail(CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.NOT_PROCESSED,
                        "the server's GoAway (last call " + last + ") left call " + call.id
                                + " unprocessed: send it again on a new connection"));
            }
        }
    }

    private void closeWith(CouncilException reason) {
        synchronized (writeLock) {
            if (closedWith == null) closedWith = reason;
        }
        for (Pending call : calls.values()) {
            if (calls.remove(call.id, call)) call.fail(closedWith);
        }
        for (CompletableFuture<Duration> ping : pings.values()) {
            ping.completeExceptionally(closedWith);
        }
        pings.clear();
        closeQuietly(socket);
        timers.shutdown();
        closed.complete(null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing

    /** Writes a frame; false when the connection is closed or the write failed (which closes it). */
    private boolean send(Frame frame) {
        byte[] bytes = Wire.encode(frame);
        synchronized (writeLock) {
            return sendLocked(bytes);
        }
    }

    private boolean sendLocked(byte[] bytes) {
        if (closedWith != null) return false;
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            closedWith = CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECTION_CLOSED,
                    "writing the connection failed: " + e.getMessage());
            closeQuietly(socket);
            return false;
        }
    }

    void sendCancel(long callId) {
        send(Frame.newBuilder().setCancel(council.v1.Cancel.newBuilder().setCallId(callId)).build());
    }

    /** Registers the call under the next id and sends it. Throws for what the connection cannot take. */
    private void start(Call.Builder request, CallOptions options, int timeoutMs,
                       Function<Long, Pending> pending) {
        if (request.getRequestCase() == Call.RequestCase.REQUEST_NOT_SET) {
            throw CouncilException.local(Status.Code.INVALID_ARGUMENT, CouncilException.BAD_REQUEST,
                    "the call names no method: set one member of Call.request", "request");
        }
        Call.Builder call = request.clone().setTimeoutMs(timeoutMs);
        CallMetadata.Builder metadata = CallMetadata.newBuilder()
                .setTraceId(options.traceId())
                .setIdempotencyKey(options.idempotencyKey())
                .setActingUser(options.actingUser());
        if (!metadata.getTraceId().isEmpty() || !metadata.getIdempotencyKey().isEmpty()
                || !metadata.getActingUser().isEmpty()) {
            call.setMetadata(metadata);
        }
        int maxFrame = limits().getMaxFrameBytes() > 0 ? limits().getMaxFrameBytes() : Wire.DEFAULT_MAX_FRAME_BYTES;
        synchronized (writeLock) {
            if (goaway != null || goawaySent) {
                throw CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.GOAWAY,
                        "the connection takes no new calls after a GoAway: open a new connection");
            }
            if (closedWith != null) {
                throw CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECTION_CLOSED,
                        "the connection is closed: " + closedWith.getMessage());
            }
            int max = limits().getMaxConcurrentCalls();
            if (max > 0 && calls.size() >= max) {
                throw CouncilException.local(Status.Code.RESOURCE_EXHAUSTED, CouncilException.TOO_MANY_CALLS,
                        calls.size() + " calls are in flight, the connection's limit");
            }
            long id = lastCallId + 1;
            byte[] bytes = Wire.encode(Frame.newBuilder().setCall(call.setCallId(id)).build());
            if (bytes.length - 4 > maxFrame) {
                throw CouncilException.local(Status.Code.INVALID_ARGUMENT, CouncilException.BAD_REQUEST,
                        "the call's frame is " + (bytes.length - 4) + " bytes; the server accepts " + maxFrame);
            }
            lastCallId = id;
            Pending p = pending.apply(id);
            calls.put(id, p);
            if (!sendLocked(bytes)) {
                calls.remove(id, p);
                p.fail(closedWith);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Calls

    /**
     * Starts a unary call and returns at once. {@code request} is a Call with one member of its {@code request}
     * oneof set (for example {@code Call.newBuilder().setGetCase(...)}); the client fills in the call id, the
     * deadline and the metadata. {@code result} picks the answer out of the Response, for example
     * {@code Response::getGetCase}. The call's deadline (the options' timeout, else the client's default) is sent as
     * {@code timeout_ms}; if no answer came a grace period later, the future fails with DEADLINE_EXCEEDED
     * {@code clientTimeout} and the call is cancelled on the server. Cancelling the future cancels the call.
     */
    public <T> CompletableFuture<T> call(Call.Builder request, CallOptions options, Function<Response, T> result) {
        if (request.getRequestCase() == Call.RequestCase.WATCH_EVENTS) {
            throw new IllegalArgumentException("use watchEvents() for the stream");
        }
        CallOptions o = options == null ? CallOptions.defaults() : options;
        Duration timeout = o.timeout() != null ? o.timeout() : this.options.defaultTimeout;
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        @SuppressWarnings("unchecked")
        Unary<T>[] holder = (Unary<T>[]) new Unary<?>[1];
        start(request, o, timeoutMs, id -> holder[0] = new Unary<>(id, request.getRequestCase(), result));
        Unary<T> call = holder[0];
        call.future.onCancel = () -> {
            if (calls.remove(call.id, call)) {
                sendCancel(call.id);
            }
            call.cancelTimer();
        };
        if (!call.future.isDone()) {
            long wait = timeout.plus(this.options.grace).toMillis();
            try {
                call.timer = timers.schedule(() -> {
                    if (calls.remove(call.id, call)) {
                        sendCancel(call.id);
                        call.fail(CouncilException.local(Status.Code.DEADLINE_EXCEEDED, CouncilException.CLIENT_TIMEOUT,
                                "no response to call " + call.id + " within its timeout (" + timeout.toMillis()
                                        + " ms) and the grace period"));
                    }
                }, wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the connection closed meanwhile: the call has failed already
            }
        }
        return call.future;
    }

    /** A unary call whose future holds the whole Response (status OK). */
    public CompletableFuture<Response> call(Call.Builder request, CallOptions options) {
        return call(request, options, r -> r);
    }

    /** The case by id, number or external reference; NOT_FOUND when there is none. */
    public CompletableFuture<Case> getCase(GetCaseRequest request, CallOptions options) {
        return call(Call.newBuilder().setGetCase(request), options, r -> r.getGetCase().getCase());
    }

    /** Registers a case; with an external reference, a retry answers the first case ({@code created} false). */
    public CompletableFuture<SubmitResponse> submit(Submission submission, CallOptions options) {
        return call(Call.newBuilder().setSubmit(SubmitRequest.newBuilder().setSubmission(submission)), options,
                Response::getSubmit);
    }

    /**
     * Starts the event stream after sequence {@code after} (PROTOCOL.md §6). The stream holds at most the options'
     * {@code watchBuffer} items that have arrived and not been taken; see {@link WatchStream}.
     */
    public WatchStream watchEvents(long after, CallOptions options) {
        CallOptions o = options == null ? CallOptions.defaults() : options;
        WatchStream[] holder = new WatchStream[1];
        start(Call.newBuilder().setWatchEvents(WatchEventsRequest.newBuilder().setAfter(after)), o, 0,
                id -> holder[0] = new WatchStream(this, id, this.options.watchBuffer, after));
        return holder[0];
    }

    void forget(long callId, Pending call) {
        calls.remove(callId, call);
    }

    /** Round trip of a Ping. */
    public CompletableFuture<Duration> ping() {
        long payload = System.nanoTime();
        while (pings.containsKey(payload)) payload++;
        CompletableFuture<Duration> result = new CompletableFuture<>();
        pings.put(payload, result);
        if (!send(Frame.newBuilder().setPing(council.v1.Ping.newBuilder().setPayload(payload)).build())) {
            pings.remove(payload);
            result.completeExceptionally(closedWith);
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------------------
    // State and shutdown

    /** Whether the connection takes new calls: open, and no GoAway either way. */
    public boolean isUsable() {
        return closedWith == null && goaway == null && !goawaySent;
    }

    /** The server's GoAway, when one came; null otherwise. */
    public GoAway goaway() { return goaway; }

    /** Completes when the connection has ended, whatever ended it. */
    public CompletableFuture<Void> closed() { return closed; }

    /** How many calls (streams included) are in flight. */
    public int callsInFlight() { return calls.size(); }

    /**
     * Clean shutdown: a GoAway (no more calls from this side), up to {@code wait} for the calls in flight, then
     * close. True when everything ended within the wait.
     */
    public boolean shutdown(Duration wait) {
        boolean send;
        synchronized (writeLock) {
            send = !goawaySent && closedWith == null;
            goawaySent = true;
            if (send) {
                sendLocked(Wire.encode(Frame.newBuilder().setGoaway(GoAway.newBuilder().setLastCallId(lastCallId)
                        .setStatus(Status.getDefaultInstance())).build()));
            }
        }
        long until = System.nanoTime() + wait.toNanos();
        while (!calls.isEmpty() && closedWith == null && System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean done = calls.isEmpty();
        close();
        return done;
    }

    /** Closes at once; calls still waiting fail with UNAVAILABLE {@code connectionClosed}. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closedWith == null) {
                closedWith = CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECTION_CLOSED,
                        "the connection was closed by the client");
            }
        }
        closeQuietly(socket);
        if (reader != null && reader != Thread.currentThread()) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeWith(closedWith);
    }
}
