package hall.council.examples;

import council.v1.Call;
import council.v1.Case;
import council.v1.CaseSource;
import council.v1.ExternalReference;
import council.v1.GetCaseRequest;
import council.v1.Location;
import council.v1.LocateGridCellRequest;
import council.v1.LocateGridCellResponse;
import council.v1.Response;
import council.v1.Status;
import council.v1.Submission;
import council.v1.Verification;
import council.v1.VerifyRequest;
import hall.council.client.CallOptions;
import hall.council.client.CouncilClient;
import hall.council.client.CouncilException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * grid_report — the grid-management platform (网格化管理) reports a grid worker's event and verifies the fix.
 *
 * <ol>
 * <li>locate_grid_cell: which community the worker's grid cell lies in (NOT_FOUND for an unknown cell);</li>
 * <li>submit the event: grid cell code, WGS-84 coordinates, category, photo references, the platform's own event id
 *     as external reference (a retry is the same case);</li>
 * <li>poll get_case until the hall has resolved it;</li>
 * <li>record the on-site verification (核查) with verify: pass, or --fail (the case goes back to handling). Only the
 *     system that submitted a case may verify it.</li>
 * </ol>
 *
 * Connects as client system "grid-platform" with COUNCIL_KEY (scopes: submit, read; it verifies its own case), over
 * TLS with --ca (and mutual TLS with --cert and --cert-key, where the key may then be left out). See Common.
 */
public final class GridReport {
    static final String SYSTEM = "grid-platform";
    static final String CELL = "130703007001";

    public static void main(String[] args) throws Exception {
        Common settings = Common.parse("GridReport", args, Set.of("fail"));
        try {
            run(settings);
        } catch (CompletionException e) {
            Common.fail("grid_report failed: " + e.getCause());
        } catch (CouncilException e) {
            Common.fail("grid_report failed: " + e);
        }
    }

    static void run(Common s) throws InterruptedException {
        boolean failVerification = s.flags.contains("fail");
        try (CouncilClient client = s.connect(SYSTEM, "grid_report java example", s.key, true)) {
            LocateGridCellResponse located = client.call(Call.newBuilder()
                    .setLocateGridCell(LocateGridCellRequest.newBuilder().setGridCell(CELL)), CallOptions.defaults(),
                    Response::getLocateGridCell).join();
            System.out.printf("grid cell %s lies in %s %s%n", CELL, located.getCommunity().getCode(),
                    located.getCommunity().getName());
            String reference = "WG-" + s.reference;
            Submission submission = Submission.newBuilder()
                    .setTitle("路灯损坏，夜间无照明").setDescription("网格员巡查发现5号楼北侧两盏路灯不亮。")
                    .setSource(CaseSource.CASE_SOURCE_GRID_PLATFORM).setCommunity(located.getCommunity().getCode())
                    .setCategory("environment")
                    .setLocation(Location.newBuilder().setGridCell(CELL).setLatitude(40.7676).setLongitude(114.8794)
                            .setDescription("5号楼北侧路灯"))
                    .addAttachments("grid://photos/2026/11/WG-0001-1.jpg")
                    .addAttachments("grid://photos/2026/11/WG-0001-2.jpg")
                    .setExternalReference(ExternalReference.newBuilder().setSystem(SYSTEM).setReference(reference))
                    .build();
            Case c = client.submit(submission, CallOptions.defaults().timeout(Duration.ofSeconds(10))
                    .idempotencyKey(reference + "-submit").actingUser("GW-0417")).join().getCase();
            Common.show("reported: ", c);
            System.out.println("the case " + (c.getRequiresVerification() ? "requires" : "does not require")
                    + " on-site verification by this platform");
            if (s.hallKey != null) s.playHall(c, false);

            long giveUp = System.nanoTime() + s.waitDuration().toNanos();
            long seen = 0;
            while (true) {
                c = client.getCase(GetCaseRequest.newBuilder().setId(c.getId()).build(), CallOptions.defaults()).join();
                if (c.getVersion() != seen) Common.show("poll: ", c);
                seen = c.getVersion();
                if (Common.SETTLED.contains(c.getStatus())) break;
                if (Common.ABANDONED.contains(c.getStatus())) Common.fail("the hall ended the case without resolving it");
                if (System.nanoTime() > giveUp) Common.fail("the case was not resolved within " + s.waitSeconds + " s");
                Thread.sleep(500);
            }
            if (!c.getResult().getSummary().isEmpty()) System.out.println("result: " + c.getResult().getSummary());

            Verification verification = Verification.newBuilder().setPassed(!failVerification)
                    .setNote(failVerification ? "复查时仍有一盏路灯不亮" : "复查两盏路灯均已恢复照明").build();
            Case verified = null;
            for (int attempt = 0; attempt < 3 && verified == null; attempt++) {
                try {
                    verified = client.call(Call.newBuilder().setVerify(VerifyRequest.newBuilder().setCaseId(c.getId())
                                    .setExpectedVersion(c.getVersion()).setVerification(verification)),
                            CallOptions.defaults().timeout(Duration.ofSeconds(10)).actingUser("GW-0417")
                                    .idempotencyKey(reference + "-verify-v" + c.getVersion()),
                            r -> r.getVerify().getCase()).join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof CouncilException
                            && ((CouncilException) e.getCause()).code() == Status.Code.ABORTED) {
                        // someone changed it first: read again, decide again
                        c = client.getCase(GetCaseRequest.newBuilder().setId(c.getId()).build(),
                                CallOptions.defaults()).join();
                    } else {
                        throw e;
                    }
                }
            }
            if (verified == null) Common.fail("the case kept changing under the verification");
            Common.show(failVerification ? "verification failed, " : "verification passed, ", verified);
            client.shutdown(Duration.ofSeconds(5));
        }
    }
}
