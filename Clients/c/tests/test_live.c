/*
 * test_live.c — the client against a running councild. Skipped (with the reason printed) unless
 * COUNCIL_ADDRESS is set.
 *
 *   COUNCIL_ADDRESS   host:port of councild
 *   COUNCIL_KEY       a key of client system COUNCIL_SYSTEM (default petition-office) with the scopes
 *                     submit and read
 *   COUNCIL_SYSTEM    the client system that key belongs to (default petition-office)
 *   COUNCIL_HALL_KEY  optional: a hall-staff key with read + manage, for the refused-transition check
 */
#include "harness.h"

static const char *address, *key, *system_code;

static cc_conn *connect_with(const char *token, cc_status *st) {
  cc_options o;
  cc_options_init(&o);
  o.address = address;
  o.client_system = system_code;
  o.client_instance = "council-client-c test_live";
  o.bearer_token = token;
  cc_conn *conn = NULL;
  cc_connect(&o, &conn, st);
  return conn;
}

int main(void) {
  address = getenv("COUNCIL_ADDRESS");
  key = getenv("COUNCIL_KEY");
  system_code = getenv("COUNCIL_SYSTEM") && *getenv("COUNCIL_SYSTEM") ? getenv("COUNCIL_SYSTEM") : "petition-office";
  if (!address || !*address) {
    printf("SKIP live tests: COUNCIL_ADDRESS is not set (set COUNCIL_ADDRESS=host:port and COUNCIL_KEY=token "
           "to run them against a councild)\n");
    t_skipped = 1;
    return test_finish();
  }
  cc_status st = {0};
  Council__V1__Response *r = NULL;

  test_begin("a wrong key is refused with UNAUTHENTICATED");
  cc_conn *bad = connect_with("not-a-key-anyone-issued", &st);
  CHECK(bad == NULL);
  CHECK_CODE(st.code, CC_UNAUTHENTICATED, &st);
  CHECK(st.origin == CC_ORIGIN_SERVER);
  cc_status_clear(&st);
  cc_close(bad);

  test_begin("connect and handshake");
  cc_conn *conn = connect_with(key, &st);
  CHECK_CODE(conn ? CC_OK : st.code, CC_OK, &st);
  cc_status_clear(&st);
  if (!conn) return test_finish();
  CHECK(cc_conn_protocol_version(conn) == 1);
  CHECK(cc_conn_limits(conn)->max_frame_bytes >= 1024);

  test_begin("get_server_info and check_health");
  Council__V1__GetServerInfoRequest info = COUNCIL__V1__GET_SERVER_INFO_REQUEST__INIT;
  Council__V1__CheckHealthRequest health = COUNCIL__V1__CHECK_HEALTH_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  call.request_case = COUNCIL__V1__CALL__REQUEST_GET_SERVER_INFO;
  call.get_server_info = &info;
  CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_OK, &st);
  if (r) CHECK(r->get_server_info->n_protocol_versions >= 1);
  cc_response_free(r);
  call.request_case = COUNCIL__V1__CALL__REQUEST_CHECK_HEALTH;
  call.check_health = &health;
  CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_OK, &st);
  if (r) CHECK(r->check_health->status == COUNCIL__V1__CHECK_HEALTH_RESPONSE__SERVING_STATUS__SERVING);
  cc_response_free(r);
  cc_status_clear(&st);

  test_begin("ping");
  uint64_t rtt;
  CHECK_CODE(cc_ping(conn, 5000, &rtt, &st), CC_OK, &st);

  test_begin("NOT_FOUND for an unknown case number");
  CHECK_CODE(cc_get_case_by_number(conn, "QX07-19990101-9999", NULL, &r, &st), CC_NOT_FOUND, &st);
  CHECK(st.origin == CC_ORIGIN_SERVER);
  cc_status_clear(&st);

  test_begin("submit, resubmit (same case), fetch by number, id and external reference");
  char reference[80], idem[120];
  snprintf(reference, sizeof reference, "C-LIVE-%ld-%d", (long)time(NULL), (int)getpid());
  snprintf(idem, sizeof idem, "%s-submit", reference);
  Council__V1__ExternalReference ref = COUNCIL__V1__EXTERNAL_REFERENCE__INIT;
  Council__V1__Submission sub = COUNCIL__V1__SUBMISSION__INIT;
  ref.system = (char *)system_code;
  ref.reference = reference;
  sub.title = "客户端联调测试：楼道灯不亮";
  sub.description = "C 客户端自动测试提交";
  sub.source = COUNCIL__V1__CASE_SOURCE__CASE_SOURCE_PETITION_OFFICE;
  sub._community_case = COUNCIL__V1__SUBMISSION___COMMUNITY_COMMUNITY;
  sub.community = getenv("COUNCIL_COMMUNITY") ? getenv("COUNCIL_COMMUNITY") : "QX07";
  sub.external_reference = &ref;
  Council__V1__Response *a = NULL, *b = NULL;
  cc_call_options o = {10000, NULL, idem, NULL};
  CHECK_CODE(cc_submit(conn, &sub, &o, &a, &st), CC_OK, &st);
  cc_status_clear(&st);
  CHECK_CODE(cc_submit(conn, &sub, &o, &b, &st), CC_OK, &st);
  cc_status_clear(&st);
  if (a && b) {
    CHECK(a->submit->created);
    CHECK(!b->submit->created);
    CHECK_STR(a->submit->case_->id, b->submit->case_->id);
    const Council__V1__Case *c = a->submit->case_;
    CHECK(c->version == 1 && c->status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_SUBMITTED);
    CHECK_CODE(cc_get_case_by_number(conn, c->number, NULL, &r, &st), CC_OK, &st);
    if (r) CHECK_STR(r->get_case->case_->id, c->id);
    cc_response_free(r);
    CHECK_CODE(cc_get_case_by_id(conn, c->id, NULL, &r, &st), CC_OK, &st);
    if (r) CHECK_STR(r->get_case->case_->number, c->number);
    cc_response_free(r);
    CHECK_CODE(cc_get_case_by_external_reference(conn, system_code, reference, NULL, &r, &st), CC_OK, &st);
    if (r) CHECK_STR(r->get_case->case_->id, c->id);
    cc_response_free(r);
    cc_status_clear(&st);

    test_begin("the same external reference with other content is ALREADY_EXISTS");
    sub.title = "客户端联调测试：内容不同";
    CHECK_CODE(cc_submit(conn, &sub, NULL, &r, &st), CC_ALREADY_EXISTS, &st);
    CHECK_STR(st.reason, "externalReferenceConflict");
    cc_status_clear(&st);

    test_begin("watch_events delivers the case's submitted event");
    cc_call *watch = NULL;
    CHECK_CODE(cc_watch_events(conn, 0, NULL, &watch, &st), CC_OK, &st);
    int seen = 0;
    for (int i = 0; watch && i < 1000 && !seen; i++) {
      Council__V1__Response *item = NULL;
      if (cc_call_next(watch, 5000, &item, &st) != CC_OK) break;
      for (size_t k = 0; k < item->watch_events->n_events; k++)
        if (strcmp(item->watch_events->events[k]->case_id, c->id) == 0 &&
            strcmp(item->watch_events->events[k]->case_number, c->number) == 0)
          seen = 1;
      cc_response_free(item);
    }
    CHECK(seen);
    cc_status_clear(&st);
    if (watch) {
      cc_call_cancel(watch);
      Council__V1__Response *item;
      int rc;
      while ((rc = cc_call_next(watch, 5000, &item, &st)) == CC_OK) cc_response_free(item);
      CHECK_CODE(rc, CC_CANCELLED, &st);
      cc_status_clear(&st);
      cc_call_free(watch);
    }

    const char *hall_key = getenv("COUNCIL_HALL_KEY");
    if (hall_key && *hall_key) {
      test_begin("an illegal transition names the case status and the allowed operations");
      cc_options ho;
      cc_options_init(&ho);
      ho.address = address;
      ho.client_system = getenv("COUNCIL_HALL_SYSTEM") ? getenv("COUNCIL_HALL_SYSTEM") : "hall-staff";
      ho.bearer_token = hall_key;
      cc_conn *hall = NULL;
      CHECK_CODE(cc_connect(&ho, &hall, &st), CC_OK, &st);
      cc_status_clear(&st);
      if (hall) {
        Council__V1__Evaluation ev = COUNCIL__V1__EVALUATION__INIT;
        Council__V1__EvaluateRequest er = COUNCIL__V1__EVALUATE_REQUEST__INIT;
        ev.rating = COUNCIL__V1__RATING__RATING_SATISFIED;
        ev.solved = 1;
        er.case_id = c->id;
        er.evaluation = &ev;
        call = (Council__V1__Call)COUNCIL__V1__CALL__INIT;
        call.request_case = COUNCIL__V1__CALL__REQUEST_EVALUATE;
        call.evaluate = &er;
        CHECK_CODE(cc_unary(hall, &call, NULL, &r, &st), CC_FAILED_PRECONDITION, &st);
        CHECK_STR(st.reason, "illegalTransition");
        CHECK(st.case_status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_SUBMITTED);
        CHECK(st.n_allowed_operations > 0);
        cc_status_clear(&st);
        test_begin("a stale expected_version is ABORTED");
        Council__V1__AcceptRequest acc = COUNCIL__V1__ACCEPT_REQUEST__INIT;
        acc.case_id = c->id;
        acc.expected_version = 99;
        call.request_case = COUNCIL__V1__CALL__REQUEST_ACCEPT;
        call.accept = &acc;
        CHECK_CODE(cc_unary(hall, &call, NULL, &r, &st), CC_ABORTED, &st);
        cc_status_clear(&st);
        cc_shutdown(hall, 2000);
      }
    } else {
      printf("SKIP transition checks: COUNCIL_HALL_KEY is not set\n");
      t_skipped++;
    }
  }
  cc_response_free(a);
  cc_response_free(b);
  CHECK_CODE(cc_shutdown(conn, 5000), CC_OK, NULL);
  return test_finish();
}
