package hall.council.examples;

import council.v1.Call;
import council.v1.Case;
import council.v1.CaseSource;
import council.v1.Event;
import council.v1.ExternalReference;
import council.v1.GetCaseRequest;
import council.v1.GetHistoryRequest;
import council.v1.Location;
import council.v1.PersonalData;
import council.v1.Response;
import council.v1.SubmitResponse;
import council.v1.Submission;
import council.v1.WatchEventsResponse;
import hall.council.client.CallOptions;
import hall.council.client.CouncilClient;
import hall.council.client.CouncilException;
import hall.council.client.WatchStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * petition_transfer — the petition office (信访) transfers a petition to the council hall and follows it.
 *
 * <ol>
 * <li>submit the petition: the office's own reference (external_reference), the due date the office sets
 *     (requested_due, 30 days out), the petitioner's contact (submitter: personal data, never logged);</li>
 * <li>submit it again, as a bridge would after a lost response: the same external reference returns the same case
 *     with created = false, so retrying is always safe;</li>
 * <li>follow the case on the watch stream (or with --poll, by polling get_case) until it is resolved;</li>
 * <li>print the completion report (办结报告) the hall wrote.</li>
 * </ol>
 *
 * Connects as client system "petition-office" with COUNCIL_KEY (scopes: submit, read), over TLS with --ca (and mutual
 * TLS with --cert and --cert-key). See Common for every setting.
 */
public final class PetitionTransfer {
    static final String SYSTEM = "petition-office";

    public static void main(String[] args) throws Exception {
        Common settings = Common.parse("PetitionTransfer", args, Set.of("poll"));
        try {
            run(settings);
        } catch (CompletionException e) {
            Common.fail("petition_transfer failed: " + e.getCause());
        } catch (CouncilException e) {
            Common.fail("petition_transfer failed: " + e);
        }
    }

    static Submission petition(Common s) {
        long due = (System.currentTimeMillis() / 60000 + 30 * 24 * 60) * 60000;  // a whole minute: retries send the same
        return Submission.newBuilder()
                .setTitle("小区垃圾清运不及时").setDescription("三号楼东侧垃圾站三天未清运，信访人要求尽快处理。")
                .setSource(CaseSource.CASE_SOURCE_PETITION_OFFICE).setCommunity("QX07").setCategory("environment")
                .setLocation(Location.newBuilder().setDescription("3号楼东侧垃圾站"))
                .setSubmitter(PersonalData.newBuilder().setName("张三").setPhone("13812345678"))
                .setExternalReference(ExternalReference.newBuilder().setSystem(SYSTEM).setReference("XF-" + s.reference))
                .setRequestedDue(due)
                .build();
    }

    static void run(Common s) throws InterruptedException {
        try (CouncilClient client = s.connect(SYSTEM, "petition_transfer java example", s.key, true)) {
            Submission submission = petition(s);
            String key = "XF-" + s.reference + "-submit";
            CallOptions options = CallOptions.defaults().timeout(Duration.ofSeconds(10)).idempotencyKey(key)
                    .actingUser("XF-clerk-07");
            SubmitResponse first = client.submit(submission, options).join();
            Common.show(first.getCreated() ? "transferred: new " : "transferred: existing ", first.getCase());
            SubmitResponse again = client.submit(submission, options).join();
            if (!again.getCase().getId().equals(first.getCase().getId()) || again.getCreated()) {
                Common.fail("the retry registered another case: " + again.getCase().getNumber());
            }
            System.out.println("retry: same case " + again.getCase().getNumber() + ", created = false");

            String caseId = first.getCase().getId();
            WatchStream stream = null;
            if (!s.flags.contains("poll")) {
                long after = client.call(Call.newBuilder().setGetHistory(GetHistoryRequest.newBuilder().setCaseId(caseId)),
                        CallOptions.defaults(), Response::getGetHistory).join().getEvents(0).getSequence();
                stream = client.watchEvents(after, CallOptions.defaults());
                System.out.println("watching events after sequence " + after);
            }
            if (s.hallKey != null) s.playHall(first.getCase(), true);
            if (stream != null) {
                followByWatch(stream, caseId, s.waitDuration());
                stream.cancel();
                while (stream.poll(Duration.ofSeconds(5)) != null) {
                    // drain the items that came before the end
                }
                System.out.println("watch ended: " + (stream.isFinished() ? "cancelled" : "still open after 5 s"));
                stream.close();
            } else {
                followByPolling(client, caseId, s.waitDuration());
            }

            Case c = client.getCase(GetCaseRequest.newBuilder().setExternalReference(submission.getExternalReference())
                    .build(), CallOptions.defaults()).join();
            Common.show("resolved: ", c);
            System.out.println("result: " + (c.getResult().getSummary().isEmpty() ? "(none)" : c.getResult().getSummary()));
            System.out.println("completion report: " + (c.getResult().hasCompletionReport()
                    ? c.getResult().getCompletionReport() : "(none given)"));
            client.shutdown(Duration.ofSeconds(5));
        }
    }

    static void followByWatch(WatchStream stream, String caseId, Duration wait) throws InterruptedException {
        long giveUp = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < giveUp) {
            WatchEventsResponse item = stream.poll(Duration.ofNanos(Math.max(giveUp - System.nanoTime(), 1_000_000)));
            if (item == null) {
                if (stream.isFinished()) Common.fail("the watch stream ended");
                break;
            }
            for (Event e : item.getEventsList()) {
                if (!e.getCaseId().equals(caseId)) continue;
                System.out.printf("event %d: %s version %d %s by %s%n", e.getSequence(), e.getCaseNumber(),
                        e.getVersion(), e.getChangeCase().name().toLowerCase(java.util.Locale.ROOT),
                        e.getPrincipal().getSystem());
                if (e.getChangeCase() == Event.ChangeCase.RESOLVED) return;
            }
        }
        Common.fail("the case was not resolved within " + wait.toSeconds() + " s");
    }

    static void followByPolling(CouncilClient client, String caseId, Duration wait) throws InterruptedException {
        long giveUp = System.nanoTime() + wait.toNanos();
        long seen = 0;
        while (System.nanoTime() < giveUp) {
            Case c = client.getCase(GetCaseRequest.newBuilder().setId(caseId).build(), CallOptions.defaults()).join();
            if (c.getVersion() != seen) Common.show("poll: ", c);
            seen = c.getVersion();
            if (Common.SETTLED.contains(c.getStatus())) return;
            if (Common.ABANDONED.contains(c.getStatus())) Common.fail("the hall ended the case without resolving it");
            Thread.sleep(500);
        }
        Common.fail("the case was not resolved within " + wait.toSeconds() + " s");
    }
}
