/*
 * petition_transfer — the petition office (信访) transfers a petition to the council hall and follows it.
 *
 *   1. submit the petition: the office's own reference (external_reference), the due date the office sets
 *      (requested_due, 30 days out), the petitioner's contact (submitter: personal data, never logged);
 *   2. submit it again, as a bridge would after a lost response: the same external reference returns the same
 *      case with created = false, so retrying is always safe;
 *   3. follow the case on the watch stream (or with --poll, by polling get_case) until it is resolved;
 *   4. print the completion report (办结报告) the hall wrote.
 *
 * Connects as client system "petition-office" with COUNCIL_KEY (scopes: submit, read), over TLS with --ca, and
 * with --cert/--cert-key presenting the office's client certificate (then the key may be left out when the
 * server accepts the certificate alone). With COUNCIL_HALL_KEY (a hall-staff key with read + manage) it also
 * plays the hall on a second connection so the case resolves. See example_common.h for every setting.
 */
#include "example_common.h"

static const char *SYSTEM = "petition-office";

static int submit_petition(cc_conn *conn, const example_settings *s, int attempt, Council__V1__Response **out) {
  Council__V1__PersonalData petitioner = COUNCIL__V1__PERSONAL_DATA__INIT;
  Council__V1__ExternalReference ref = COUNCIL__V1__EXTERNAL_REFERENCE__INIT;
  Council__V1__Location where = COUNCIL__V1__LOCATION__INIT;
  Council__V1__Submission sub = COUNCIL__V1__SUBMISSION__INIT;
  char reference[128], key[160];
  snprintf(reference, sizeof reference, "XF-%s", s->reference);
  snprintf(key, sizeof key, "%s-submit", reference);

  petitioner._name_case = COUNCIL__V1__PERSONAL_DATA___NAME_NAME;
  petitioner.name = "张三";
  petitioner._phone_case = COUNCIL__V1__PERSONAL_DATA___PHONE_PHONE;
  petitioner.phone = "13812345678";
  ref.system = (char *)SYSTEM;
  ref.reference = reference;
  where._description_case = COUNCIL__V1__LOCATION___DESCRIPTION_DESCRIPTION;
  where.description = "3号楼东侧垃圾站";
  sub.title = "小区垃圾清运不及时";
  sub.description = "三号楼东侧垃圾站三天未清运，信访人要求尽快处理。";
  sub.source = COUNCIL__V1__CASE_SOURCE__CASE_SOURCE_PETITION_OFFICE;
  sub._community_case = COUNCIL__V1__SUBMISSION___COMMUNITY_COMMUNITY;
  sub.community = "QX07";
  sub._category_case = COUNCIL__V1__SUBMISSION___CATEGORY_CATEGORY;
  sub.category = "environment";
  sub.location = &where;
  sub.submitter = &petitioner;
  sub.external_reference = &ref;
  /* The office's own due date: 30 days from today, at a whole minute so every retry sends the same value. */
  static int64_t due;
  if (!due) due = (wall_ms() / 60000 + 30 * 24 * 60) * 60000;
  sub._requested_due_case = COUNCIL__V1__SUBMISSION___REQUESTED_DUE_REQUESTED_DUE;
  sub.requested_due = due;

  cc_call_options o = {10000, NULL, key, "XF-clerk-07"};
  cc_status st = {0};
  int rc = cc_submit(conn, &sub, &o, out, &st);
  if (rc != CC_OK) {
    print_status(attempt ? "retrying submit" : "submit", &st);
    cc_status_clear(&st);
  }
  return rc;
}

/* Follows the case on the watch stream until it is resolved. 0 when it was. */
static int follow_by_watch(cc_conn *conn, cc_call *watch, const char *case_id, int wait_seconds) {
  int64_t give_up = wall_ms() + (int64_t)wait_seconds * 1000;
  for (;;) {
    int left = (int)(give_up - wall_ms());
    if (left <= 0) {
      fprintf(stderr, "the case was not resolved within %d s\n", wait_seconds);
      return 1;
    }
    Council__V1__Response *item = NULL;
    cc_status st = {0};
    int rc = cc_call_next(watch, left, &item, &st);
    if (rc == CC_AGAIN) continue;
    if (rc != CC_OK) {
      if (rc == CC_END) fprintf(stderr, "the watch stream ended\n");
      else print_status("watch_events", &st);
      cc_status_clear(&st);
      return 1;
    }
    int resolved = 0;
    for (size_t i = 0; i < item->watch_events->n_events; i++) {
      const Council__V1__Event *e = item->watch_events->events[i];
      if (strcmp(e->case_id, case_id) != 0) continue;
      printf("event %lld: %s version %lld %s by %s\n", (long long)e->sequence, e->case_number, (long long)e->version,
             change_name(e), e->principal ? e->principal->system : "?");
      if (e->change_case == COUNCIL__V1__EVENT__CHANGE_RESOLVED) resolved = 1;
    }
    cc_response_free(item);
    if (resolved) return 0;
  }
}

/* Follows the case by polling get_case every half second. 0 when it was resolved. */
static int follow_by_polling(cc_conn *conn, const char *case_id, int wait_seconds) {
  int64_t give_up = wall_ms() + (int64_t)wait_seconds * 1000;
  int64_t seen = 0;
  while (wall_ms() < give_up) {
    Council__V1__Response *r = NULL;
    cc_status st = {0};
    if (cc_get_case_by_id(conn, case_id, NULL, &r, &st) != CC_OK) {
      print_status("get_case", &st);
      int retry = cc_status_retryable(&st);
      cc_status_clear(&st);
      if (!retry || !cc_conn_usable(conn)) return 1;
    } else {
      const Council__V1__Case *c = r->get_case->case_;
      if (c->version != seen) print_case("poll: ", c);
      seen = c->version;
      int status = (int)c->status;
      cc_response_free(r);
      if (case_settled(status)) return 0;
      if (case_abandoned(status)) {
        fprintf(stderr, "the hall ended the case without resolving it\n");
        return 1;
      }
    }
    usleep(500 * 1000);
  }
  fprintf(stderr, "the case was not resolved within %d s\n", wait_seconds);
  return 1;
}

int main(int argc, char **argv) {
  example_settings s;
  parse_settings(argc, argv, &s, " [--poll]");
  int exit_code = 1;
  cc_conn *conn = connect_as(&s, SYSTEM, "petition_transfer example", s.key, 1);
  if (!conn) return 1;
  cc_conn *hall = NULL;
  cc_call *watch = NULL;
  Council__V1__Response *first = NULL, *again = NULL, *history = NULL, *final = NULL;
  cc_status st = {0};

  /* 1. Transfer the petition. */
  if (submit_petition(conn, &s, 0, &first) != CC_OK) goto done;
  const Council__V1__Case *c = first->submit->case_;
  print_case(first->submit->created ? "transferred: new " : "transferred: existing ", c);

  /* 2. A retry with the same external reference is the same case. */
  if (submit_petition(conn, &s, 1, &again) != CC_OK) goto done;
  if (strcmp(again->submit->case_->id, c->id) != 0 || again->submit->created) {
    fprintf(stderr, "the retry registered another case: %s\n", again->submit->case_->number);
    goto done;
  }
  printf("retry: same case %s, created = false\n", again->submit->case_->number);

  /* 3. Follow it. The watch starts after the case's own submitted event, found in its history. */
  if (!s.poll) {
    Council__V1__GetHistoryRequest hreq = COUNCIL__V1__GET_HISTORY_REQUEST__INIT;
    Council__V1__Call call = COUNCIL__V1__CALL__INIT;
    hreq.case_id = c->id;
    call.request_case = COUNCIL__V1__CALL__REQUEST_GET_HISTORY;
    call.get_history = &hreq;
    if (cc_unary(conn, &call, NULL, &history, &st) != CC_OK || history->get_history->n_events == 0) {
      print_status("get_history", &st);
      goto done;
    }
    int64_t after = history->get_history->events[0]->sequence;
    if (cc_watch_events(conn, after, NULL, &watch, &st) != CC_OK) {
      print_status("watch_events", &st);
      goto done;
    }
    printf("watching events after sequence %lld\n", (long long)after);
  }
  if (s.hall_key) {
    hall = connect_as(&s, s.hall_system, "petition_transfer example (hall)", s.hall_key, 0);
    if (!hall || play_hall(hall, c->id, c->version, 1) != 0) goto done;
  }
  if ((s.poll ? follow_by_polling(conn, c->id, s.wait_seconds)
              : follow_by_watch(conn, watch, c->id, s.wait_seconds)) != 0)
    goto done;

  /* 4. The completion report, read by the office's own reference. */
  if (cc_get_case_by_external_reference(conn, SYSTEM, c->submission->external_reference->reference, NULL, &final,
                                        &st) != CC_OK) {
    print_status("get_case", &st);
    goto done;
  }
  const Council__V1__Case *done_case = final->get_case->case_;
  print_case("resolved: ", done_case);
  const Council__V1__HandlingResult *result = done_case->result;
  printf("result: %s\n", result ? result->summary : "(none)");
  printf("completion report: %s\n",
         result && result->_completion_report_case ? result->completion_report : "(none given)");
  exit_code = 0;

done:
  if (watch) {
    /* End the stream the way the protocol says: Cancel, then read to its end-of-stream. */
    cc_call_cancel(watch);
    Council__V1__Response *item;
    int rc;
    cc_status_clear(&st);
    while ((rc = cc_call_next(watch, 5000, &item, &st)) == CC_OK) cc_response_free(item);
    if (rc == CC_CANCELLED) printf("watch ended: CANCELLED %s\n", st.reason);
    cc_call_free(watch);
  }
  cc_status_clear(&st);
  cc_response_free(first);
  cc_response_free(again);
  cc_response_free(history);
  cc_response_free(final);
  if (hall) cc_shutdown(hall, 2000);
  cc_shutdown(conn, 2000);
  return exit_code;
}
