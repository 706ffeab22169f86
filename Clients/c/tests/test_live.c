/*
 * test_live.c — the client against a running councild. Skipped (with the reason printed) unless
 * COUNCIL_ADDRESS is set.
 *
 *   COUNCIL_ADDRESS   host:port of councild
 *   COUNCIL_KEY       a key of client system COUNCIL_SYSTEM (default petition-office) with the scopes
 *                     submit and read
 *   COUNCIL_SYSTEM    the client system that key belongs to (default petition-office)
 *   COUNCIL_HALL_KEY  optional: a hall-staff key with read + manage, for the refused-transition check
 *
 * Over TLS, when councild speaks it:
 *
 *   COUNCIL_TLS_CA    the CA certificates (PEM) to verify councild with; set, every connection speaks TLS
 *   COUNCIL_TLS_CERT  optional: the client certificate (PEM) of COUNCIL_SYSTEM for mutual TLS, with
 *   COUNCIL_TLS_KEY   its private key
 *   COUNCIL_TLS_DIR   optional, with COUNCIL_TLS_CA: the directory scripts/make-test-pki.sh made, whose CA
 *                     councild trusts for client certificates and whose revoked-serials.txt it reads; adds the
 *                     checks of how councild treats client certificates (untrusted, revoked, accepted alone,
 *                     not accepted alone)
 */
#include "harness.h"

static const char *address, *key, *system_code;
static const char *tls_ca, *tls_cert, *tls_key, *tls_dir;

/* An environment variable, NULL when unset or empty. */
static const char *env(const char *name) {
  const char *value = getenv(name);
  return value && *value ? value : NULL;
}

/* Connects as `system` with `token` (may be NULL) and, over TLS, the client certificate `cert`/`cert_key` (NULL:
 * none). */
static cc_conn *connect_as(const char *system, const char *token, const char *cert, const char *cert_key,
                           cc_status *st) {
  cc_options o;
  cc_options_init(&o);
  o.address = address;
  o.client_system = system;
  o.client_instance = "council-client-c test_live";
  o.bearer_token = token;
  o.tls_ca_file = tls_ca;
  o.tls_cert_file = cert;
  o.tls_key_file = cert_key;
  cc_conn *conn = NULL;
  cc_connect(&o, &conn, st);
  return conn;
}

static cc_conn *connect_with(const char *token, cc_status *st) {
  return connect_as(system_code, token, tls_cert, tls_key, st);
}

/* The PKI directory's `name`, e.g. "stranger.pem"; two results stay valid at once. */
static const char *pki_file(const char *name) {
  static char paths[2][1024];
  static int next;
  char *p = paths[next++ % 2];
  snprintf(p, sizeof paths[0], "%s/%s", tls_dir, name);
  return p;
}

/* How councild treats client certificates (COUNCIL_TLS_DIR): the TLS handshake refuses an untrusted CA's; the
 * protocol handshake refuses a revoked one, accepts grid-platform's on its own and wants petition-office's
 * together with the system's bearer token. */
static void test_client_certificates(void) {
  cc_status st = {0};
  cc_conn *conn;

  test_begin("mutual TLS: a certificate from a CA councild does not trust fails the TLS handshake");
  conn = connect_as(system_code, key, pki_file("stranger.pem"), pki_file("stranger-key.pem"), &st);
  CHECK(conn == NULL);
  CHECK_CODE(st.code, CC_UNAVAILABLE, &st);
  CHECK_STR(st.reason, CC_REASON_TLS_HANDSHAKE_FAILED);
  CHECK(st.origin == CC_ORIGIN_CLIENT);
  cc_status_clear(&st);
  cc_close(conn);

  test_begin("mutual TLS: a revoked certificate is refused with UNAUTHENTICATED certificateRevoked");
  conn = connect_as(system_code, key, pki_file("revoked.pem"), pki_file("revoked-key.pem"), &st);
  CHECK(conn == NULL);
  CHECK_CODE(st.code, CC_UNAUTHENTICATED, &st);
  CHECK_STR(st.reason, "certificateRevoked");
  CHECK(st.origin == CC_ORIGIN_SERVER);
  cc_status_clear(&st);
  cc_close(conn);

  test_begin("mutual TLS: grid-platform's certificate alone, no token");
  conn = connect_as("grid-platform", NULL, pki_file("grid-platform.pem"), pki_file("grid-platform-key.pem"), &st);
  CHECK_CODE(conn ? CC_OK : st.code, CC_OK, &st);
  cc_status_clear(&st);
  if (conn) {
    uint64_t rtt;
    CHECK_CODE(cc_ping(conn, 5000, &rtt, &st), CC_OK, &st);
    cc_status_clear(&st);
    CHECK_CODE(cc_shutdown(conn, 5000), CC_OK, NULL);
  }

  test_begin("mutual TLS: petition-office's certificate without a token is UNAUTHENTICATED (it needs both)");
  conn = connect_as("petition-office", NULL, pki_file("petition-office.pem"), pki_file("petition-office-key.pem"),
                    &st);
  CHECK(conn == NULL);
  CHECK_CODE(st.code, CC_UNAUTHENTICATED, &st);
  CHECK_STR(st.reason, "unauthenticated");
  CHECK(st.origin == CC_ORIGIN_SERVER);
  cc_status_clear(&st);
  cc_close(conn);
}

int main(void) {
  address = getenv("COUNCIL_ADDRESS");
  key = getenv("COUNCIL_KEY");
  system_code = getenv("COUNCIL_SYSTEM") && *getenv("COUNCIL_SYSTEM") ? getenv("COUNCIL_SYSTEM") : "petition-office";
  tls_ca = env("COUNCIL_TLS_CA");
  tls_cert = env("COUNCIL_TLS_CERT");
  tls_key = env("COUNCIL_TLS_KEY");
  tls_dir = env("COUNCIL_TLS_DIR");
  if (!address || !*address) {
    printf("SKIP live tests: COUNCIL_ADDRESS is not set (set COUNCIL_ADDRESS=host:port and COUNCIL_KEY=token "
           "to run them against a councild; COUNCIL_TLS_CA=ca.pem as well for TLS)\n");
    t_skipped = 1;
    return test_finish();
  }
  printf("live tests against %s%s\n", address,
         !tls_ca ? " over plain TCP" : tls_cert ? " over mutual TLS" : " over TLS");
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
      ho.tls_ca_file = tls_ca; /* the hall signs in with its key: no client certificate */
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

  if (tls_ca && tls_dir) {
    test_client_certificates();
  } else {
    printf("SKIP client certificate checks: %s\n",
           tls_ca ? "COUNCIL_TLS_DIR is not set" : "COUNCIL_TLS_CA and COUNCIL_TLS_DIR are not set");
    t_skipped++;
  }
  return test_finish();
}
