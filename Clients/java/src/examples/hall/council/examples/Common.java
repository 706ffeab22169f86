package hall.council.examples;

import council.v1.AcceptRequest;
import council.v1.AddProgressRequest;
import council.v1.Call;
import council.v1.Case;
import council.v1.CaseStatus;
import council.v1.HandleLocallyRequest;
import council.v1.HandlingResult;
import council.v1.ResolveRequest;
import council.v1.Response;
import hall.council.client.CallOptions;
import hall.council.client.CouncilClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What both example programs share: settings from flags or the environment, and playing the hall.
 *
 * <pre>
 *   --address HOST:PORT   COUNCIL_ADDRESS    where councild listens (default 127.0.0.1:7420)
 *   --key TOKEN           COUNCIL_KEY        this system's bearer token (optional with --cert, when the server accepts
 *                                            the certificate alone)
 *   --hall-key TOKEN      COUNCIL_HALL_KEY   optional hall-staff key (read + manage): the program then accepts, handles
 *                                            and resolves its own case, so a demo needs nobody at the hall
 *   --ca FILE             COUNCIL_TLS_CA     connect over TLS, verifying the server against this PEM CA (the hall too)
 *   --cert FILE           COUNCIL_TLS_CERT   this system's client certificate (PEM) for mutual TLS; needs --ca
 *   --cert-key FILE       COUNCIL_TLS_KEY    the certificate's private key (PKCS#8 PEM)
 *   --reference REF                          the external reference (default: a fresh one)
 *   --wait SECONDS                           how long to follow the case (default 120)
 * </pre>
 */
final class Common {
    static final Set<CaseStatus> SETTLED = Set.of(CaseStatus.CASE_STATUS_RESOLVED,
            CaseStatus.CASE_STATUS_AWAITING_EVALUATION, CaseStatus.CASE_STATUS_EVALUATED, CaseStatus.CASE_STATUS_CLOSED);
    static final Set<CaseStatus> ABANDONED = Set.of(CaseStatus.CASE_STATUS_DECLINED, CaseStatus.CASE_STATUS_REFERRED,
            CaseStatus.CASE_STATUS_MERGED, CaseStatus.CASE_STATUS_WITHDRAWN);

    final String address;
    final String key;
    final String hallKey;
    final String hallSystem;
    final String ca;
    final String cert;
    final String certKey;
    final String reference;
    final double waitSeconds;
    final Set<String> flags;

    private Common(Map<String, String> values, Set<String> flags) {
        address = values.getOrDefault("address", env("COUNCIL_ADDRESS", "127.0.0.1:7420"));
        key = values.getOrDefault("key", env("COUNCIL_KEY", null));
        hallKey = values.getOrDefault("hall-key", env("COUNCIL_HALL_KEY", null));
        hallSystem = values.getOrDefault("hall-system", env("COUNCIL_HALL_SYSTEM", "hall-staff"));
        ca = values.getOrDefault("ca", env("COUNCIL_TLS_CA", null));
        cert = values.getOrDefault("cert", env("COUNCIL_TLS_CERT", null));
        certKey = values.getOrDefault("cert-key", env("COUNCIL_TLS_KEY", null));
        reference = values.getOrDefault("reference",
                System.currentTimeMillis() / 1000 + "-" + ProcessHandle.current().pid());
        waitSeconds = Double.parseDouble(values.getOrDefault("wait", "120"));
        this.flags = flags;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** Parses {@code --name value} options and the boolean {@code flagNames}; exits with a usage line on a mistake. */
    static Common parse(String program, String[] args, Set<String> flagNames) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new java.util.HashSet<>();
        Set<String> known = Set.of("address", "key", "hall-key", "hall-system", "ca", "cert", "cert-key", "reference",
                "wait");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) usage(program, "unexpected argument " + a);
            String name = a.substring(2);
            if (flagNames.contains(name)) {
                flags.add(name);
            } else if (known.contains(name) && i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                usage(program, "unknown option or missing value: " + a);
            }
        }
        Common c = new Common(values, flags);
        if (c.cert != null && c.ca == null) usage(program, "a client certificate needs the server's CA too: --ca FILE");
        if (c.certKey != null && c.cert == null) usage(program, "--cert-key without a certificate: pass --cert FILE");
        if (c.key == null && c.cert == null) {
            usage(program, "no key: pass --key TOKEN or set COUNCIL_KEY (or a client certificate: --cert --cert-key)");
        }
        return c;
    }

    static void usage(String program, String message) {
        System.err.println(program + ": " + message);
        System.err.println("usage: " + program + " [--address HOST:PORT] [--key TOKEN] [--hall-key TOKEN] [--ca FILE]"
                + " [--cert FILE --cert-key FILE] [--reference REF] [--wait SECONDS]");
        System.exit(2);
    }

    Duration waitDuration() { return Duration.ofMillis((long) (waitSeconds * 1000)); }

    /** Connects as {@code system}; the client certificate only for this system's own connection. */
    CouncilClient connect(String system, String instance, String token, boolean clientCertificate) {
        CouncilClient.Options options = new CouncilClient.Options().address(address).clientSystem(system)
                .clientInstance(instance).token(token);
        if (ca != null) {
            options.caFile(Path.of(ca));
            if (clientCertificate && cert != null) {
                options.clientCertificate(Path.of(cert), certKey == null ? null : Path.of(certKey));
            }
        }
        CouncilClient client = CouncilClient.connect(options);
        System.out.printf("connected to %s as %s (server %s, protocol %d%s)%n", address, system, client.serverId(),
                client.protocolVersion(), client.tlsProtocol() == null ? "" : ", " + client.tlsProtocol());
        return client;
    }

    static String statusName(CaseStatus status) {
        String[] words = status.name().substring("CASE_STATUS_".length()).toLowerCase(Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return out.toString();
    }

    static void show(String prefix, Case c) {
        System.out.printf("%scase %s (%s) version %d: %s%n", prefix, c.getNumber(), c.getId(), c.getVersion(),
                statusName(c.getStatus()));
    }

    /**
     * The hall's part: accept, handle locally (即办), log progress, resolve — each against the version just read, each
     * with an idempotency key. Needs a hall-staff key with the manage scope.
     */
    void playHall(Case c, boolean withReport) {
        try (CouncilClient hall = connect(hallSystem, "java example (hall)", hallKey, false)) {
            long version = c.getVersion();
            HandlingResult.Builder result = HandlingResult.newBuilder().setSummary("问题已处理完毕");
            if (withReport) result.setCompletionReport("办结报告：经社区协调物业公司，问题已于当日处理完毕，并已回访信访人。");
            Object[][] steps = {
                {"accept", Call.newBuilder().setAccept(AcceptRequest.newBuilder()), (Function<Response, Case>) r -> r.getAccept().getCase()},
                {"handle_locally", Call.newBuilder().setHandleLocally(HandleLocallyRequest.newBuilder().setNote("社区即办")),
                    (Function<Response, Case>) r -> r.getHandleLocally().getCase()},
                {"add_progress", Call.newBuilder().setAddProgress(AddProgressRequest.newBuilder().setNote("已联系物业公司，当日安排清运")),
                    (Function<Response, Case>) r -> r.getAddProgress().getCase()},
                {"resolve", Call.newBuilder().setResolve(ResolveRequest.newBuilder().setResult(result)),
                    (Function<Response, Case>) r -> r.getResolve().getCase()},
            };
            for (Object[] step : steps) {
                String method = (String) step[0];
                Call.Builder call = withCase((Call.Builder) step[1], c.getId(), version);
                @SuppressWarnings("unchecked")
                Function<Response, Case> pick = (Function<Response, Case>) step[2];
                Case after = hall.call(call, CallOptions.defaults().timeout(Duration.ofSeconds(10)).actingUser("HS01")
                        .idempotencyKey("demo-" + c.getId() + "-" + method + "-v" + version), pick).join();
                version = after.getVersion();
                System.out.printf("hall: %-14s -> %s%n", method, statusName(after.getStatus()));
            }
            hall.shutdown(Duration.ofSeconds(5));
        }
    }

    private static Call.Builder withCase(Call.Builder call, String caseId, long version) {
        switch (call.getRequestCase()) {
            case ACCEPT: call.getAcceptBuilder().setCaseId(caseId).setExpectedVersion(version); break;
            case HANDLE_LOCALLY: call.getHandleLocallyBuilder().setCaseId(caseId).setExpectedVersion(version); break;
            case ADD_PROGRESS: call.getAddProgressBuilder().setCaseId(caseId).setExpectedVersion(version); break;
            case RESOLVE: call.getResolveBuilder().setCaseId(caseId).setExpectedVersion(version); break;
            default: throw new IllegalArgumentException(call.getRequestCase().toString());
        }
        return call;
    }

    static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
