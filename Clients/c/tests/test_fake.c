/*
 * test_fake.c — the client against Clients/testing/fake_councild.py on loopback: handshake and refusals,
 * unary calls, typed statuses, many calls multiplexed from several threads, out-of-order responses, local
 * timeouts, cancel, GoAway (both kinds), frames the client must refuse, pings both ways, the watch stream,
 * idempotent intake, clean shutdown, and the two example programs.
 *
 *   test_fake                  everything
 *   test_fake --examples-only  only the example programs (run under valgrind by `make valgrind` through
 *                              CC_EXAMPLE_WRAPPER)
 */
#include "harness.h"

#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

static fake_server fake;

static cc_conn *open_conn(const char *instance, cc_options *custom) {
  cc_options o;
  if (custom) o = *custom;
  else cc_options_init(&o);
  o.address = fake.address;
  o.client_system = "petition-office";
  o.client_instance = instance ? instance : "test_fake";
  o.bearer_token = "test-token";
  cc_conn *conn = NULL;
  cc_status st = {0};
  int r = cc_connect(&o, &conn, &st);
  CHECK_CODE(r, CC_OK, &st);
  cc_status_clear(&st);
  return conn;
}

static Council__V1__Call server_info_call(void) {
  static Council__V1__GetServerInfoRequest req = COUNCIL__V1__GET_SERVER_INFO_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  call.request_case = COUNCIL__V1__CALL__REQUEST_GET_SERVER_INFO;
  call.get_server_info = &req;
  return call;
}

static Council__V1__Call locate_call(const char *cell) {
  static Council__V1__LocateGridCellRequest req = COUNCIL__V1__LOCATE_GRID_CELL_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  req.grid_cell = (char *)cell;
  call.request_case = COUNCIL__V1__CALL__REQUEST_LOCATE_GRID_CELL;
  call.locate_grid_cell = &req;
  return call;
}

/* A get_server_info call carrying fake-server commands in its trace id; returns the result code. */
static int misbehave(cc_conn *conn, const char *commands, Council__V1__Response **out, cc_status *st) {
  Council__V1__Call call = server_info_call();
  char trace[128];
  snprintf(trace, sizeof trace, "fake:%s", commands);
  cc_call_options o = {2000, trace, NULL, NULL};
  Council__V1__Response *r = NULL;
  int rc = cc_unary(conn, &call, &o, out ? out : &r, st);
  if (!out) cc_response_free(r);
  return rc;
}

static void test_handshake(void) {
  test_begin("handshake: limits and server id");
  cc_conn *conn = open_conn(NULL, NULL);
  if (!conn) return;
  CHECK(cc_conn_protocol_version(conn) == 1);
  CHECK_STR(cc_conn_server_id(conn), "fake-councild");
  CHECK(cc_conn_limits(conn)->max_frame_bytes == 1048576);
  CHECK(cc_conn_limits(conn)->max_concurrent_calls == 100);
  CHECK(cc_conn_usable(conn));
  cc_close(conn);

  test_begin("handshake: refusals surface the server's status");
  cc_options o;
  cc_options_init(&o);
  o.address = fake.address;
  o.client_system = "petition-office";
  cc_status st = {0};
  conn = NULL;
  o.bearer_token = "wrong";
  CHECK_CODE(cc_connect(&o, &conn, &st), CC_UNAUTHENTICATED, &st);
  CHECK(st.origin == CC_ORIGIN_SERVER);
  CHECK_STR(st.reason, "unauthenticated");
  CHECK(conn == NULL);
  cc_status_clear(&st);
  o.bearer_token = NULL;
  CHECK_CODE(cc_connect(&o, &conn, &st), CC_UNAUTHENTICATED, &st);
  cc_status_clear(&st);
  o.bearer_token = "deny-permission";
  CHECK_CODE(cc_connect(&o, &conn, &st), CC_PERMISSION_DENIED, &st);
  CHECK_STR(st.reason, "permissionDenied");
  cc_status_clear(&st);
  o.bearer_token = "test-token";
  o.client_system = "";
  CHECK_CODE(cc_connect(&o, &conn, &st), CC_INVALID_ARGUMENT, &st);
  CHECK_STR(st.field, "client_system");
  cc_status_clear(&st);

  test_begin("connect: nobody listening, and a server that never answers the handshake");
  {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &len);
    char address[64];
    snprintf(address, sizeof address, "127.0.0.1:%d", ntohs(a.sin_port));
    o.address = address;
    o.client_system = "petition-office";
    CHECK_CODE(cc_connect(&o, &conn, &st), CC_UNAVAILABLE, &st); /* bound, not listening: refused */
    CHECK_STR(st.reason, CC_REASON_CONNECT_FAILED);
    cc_status_clear(&st);
    listen(s, 1); /* now it accepts (in the kernel) and never says a word */
    o.connect_timeout_ms = 300;
    int64_t start = test_now_ms();
    CHECK_CODE(cc_connect(&o, &conn, &st), CC_DEADLINE_EXCEEDED, &st);
    CHECK_STR(st.reason, CC_REASON_CLIENT_TIMEOUT);
    CHECK(test_now_ms() - start < 2000);
    cc_status_clear(&st);
    close(s);
    o.address = "not an address";
    CHECK(cc_connect(&o, &conn, &st) != CC_OK);
    cc_status_clear(&st);
  }
}

static void test_unary(cc_conn *conn) {
  Council__V1__Response *r = NULL;
  cc_status st = {0};

  test_begin("get_server_info");
  Council__V1__Call call = server_info_call();
  CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_OK, &st);
  if (r) {
    CHECK(r->response_case == COUNCIL__V1__RESPONSE__RESPONSE_GET_SERVER_INFO);
    CHECK_STR(r->get_server_info->district->name, "桥西区");
    CHECK(r->get_server_info->n_protocol_versions == 1 && r->get_server_info->protocol_versions[0] == 1);
  }
  cc_response_free(r);

  test_begin("get_case by number: the golden case");
  CHECK_CODE(cc_get_case_by_number(conn, "QX07-20261130-0003", NULL, &r, &st), CC_OK, &st);
  if (r) {
    CHECK_STR(r->get_case->case_->id, "6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab");
    CHECK_STR(r->get_case->case_->submission->submitter->name, "张**");
  }
  cc_response_free(r);

  test_begin("locate_grid_cell, and NOT_FOUND as a typed status");
  call = locate_call("130703007001");
  CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_OK, &st);
  if (r) CHECK_STR(r->locate_grid_cell->community->name, "示例社区07");
  cc_response_free(r);
  call = locate_call("999999999999");
  CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_NOT_FOUND, &st);
  CHECK(r == NULL);
  CHECK(st.origin == CC_ORIGIN_SERVER);
  CHECK_STR(st.reason, "notFound");
  CHECK_STR(st.field, "grid_cell");
  cc_status_clear(&st);

  test_begin("FAILED_PRECONDITION carries the case status and allowed operations");
  CHECK_CODE(misbehave(conn, "status=9", NULL, &st), CC_FAILED_PRECONDITION, &st);
  CHECK_STR(st.reason, "illegalTransition");
  CHECK_STR(st.message, "cannot evaluate a case that is inProgress");
  CHECK(st.case_status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_IN_PROGRESS);
  CHECK(st.n_allowed_operations == 5 && st.allowed_operations[2] == COUNCIL__V1__CASE_OPERATION__CASE_OPERATION_RESOLVE);
  cc_status_clear(&st);
  CHECK_CODE(misbehave(conn, "status=3", NULL, &st), CC_INVALID_ARGUMENT, &st);
  CHECK_STR(st.field, "submission.title");
  cc_status_clear(&st);
  CHECK_CODE(misbehave(conn, "status=10", NULL, &st), CC_ABORTED, &st);
  cc_status_clear(&st);

  test_begin("an unimplemented method");
  Council__V1__ListUnitsRequest units = COUNCIL__V1__LIST_UNITS_REQUEST__INIT;
  call = (Council__V1__Call)COUNCIL__V1__CALL__INIT;
  call.request_case = COUNCIL__V1__CALL__REQUEST_LIST_UNITS;
  call.list_units = &units;
  CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_UNIMPLEMENTED, &st);
  cc_status_clear(&st);
}

static void test_out_of_order(cc_conn *conn) {
  test_begin("responses out of order: a slow call is overtaken");
  Council__V1__Call slow = server_info_call(), quick = locate_call("130703007001");
  cc_call_options slow_options = {5000, "fake:delay=400", NULL, NULL};
  cc_call *a = NULL, *b = NULL;
  cc_status st = {0};
  CHECK_CODE(cc_call_start(conn, &slow, &slow_options, &a, &st), CC_OK, &st);
  CHECK_CODE(cc_call_start(conn, &quick, NULL, &b, &st), CC_OK, &st);
  if (!a || !b) return;
  CHECK(cc_call_id(b) == cc_call_id(a) + 1);
  Council__V1__Response *r = NULL;
  CHECK_CODE(cc_call_next(b, 2000, &r, &st), CC_OK, &st);
  CHECK(r && r->response_case == COUNCIL__V1__RESPONSE__RESPONSE_LOCATE_GRID_CELL);
  cc_response_free(r);
  CHECK_CODE(cc_call_next(a, 0, &r, &st), CC_AGAIN, &st); /* still waiting */
  CHECK_CODE(cc_call_next(a, 3000, &r, &st), CC_OK, &st);
  CHECK(r && r->response_case == COUNCIL__V1__RESPONSE__RESPONSE_GET_SERVER_INFO);
  cc_response_free(r);
  CHECK_CODE(cc_call_next(a, 0, &r, &st), CC_END, &st); /* a unary call has exactly one response */
  cc_call_free(a);
  cc_call_free(b);
}

typedef struct {
  cc_conn *conn;
  int index, ok;
} worker_args;

static void *worker(void *arg) {
  worker_args *w = arg;
  enum { CALLS = 15 };
  cc_call *calls[CALLS];
  char traces[CALLS][64];
  cc_status st = {0};
  w->ok = 0;
  for (int i = 0; i < CALLS; i++) {
    Council__V1__Call call = (i % 2) ? locate_call("130703007001") : server_info_call();
    snprintf(traces[i], sizeof traces[i], "fake:delay=%d", ((i * 37 + w->index * 11) % 7) * 30);
    cc_call_options o = {5000, traces[i], NULL, NULL};
    calls[i] = NULL;
    if (cc_call_start(w->conn, &call, &o, &calls[i], &st) != CC_OK) cc_status_clear(&st);
  }
  for (int i = CALLS - 1; i >= 0; i--) {
    Council__V1__Response *r = NULL;
    if (!calls[i]) continue;
    if (cc_call_next(calls[i], -1, &r, &st) == CC_OK) {
      int want = (i % 2) ? COUNCIL__V1__RESPONSE__RESPONSE_LOCATE_GRID_CELL : COUNCIL__V1__RESPONSE__RESPONSE_GET_SERVER_INFO;
      if ((int)r->response_case == want && r->call_id == cc_call_id(calls[i])) w->ok++;
    }
    cc_status_clear(&st);
    cc_response_free(r);
    cc_call_free(calls[i]);
  }
  return NULL;
}

static void test_multiplexing(cc_conn *conn) {
  test_begin("60 calls from 4 threads on one connection, answered in scrambled order");
  pthread_t threads[4];
  worker_args args[4];
  for (int t = 0; t < 4; t++) {
    args[t] = (worker_args){conn, t, 0};
    pthread_create(&threads[t], NULL, worker, &args[t]);
  }
  int ok = 0;
  for (int t = 0; t < 4; t++) {
    pthread_join(threads[t], NULL);
    ok += args[t].ok;
  }
  CHECK(ok == 60);
  CHECK(cc_conn_usable(conn));

  test_begin("the connection's call limit is kept locally");
  cc_conn *small = open_conn("test_fake max-calls=2", NULL);
  if (!small) return;
  Council__V1__Call call = server_info_call();
  cc_call_options silent = {5000, "fake:silent", NULL, NULL};
  cc_call *c1, *c2, *c3 = NULL;
  cc_status st = {0};
  CHECK_CODE(cc_call_start(small, &call, &silent, &c1, &st), CC_OK, &st);
  CHECK_CODE(cc_call_start(small, &call, &silent, &c2, &st), CC_OK, &st);
  CHECK_CODE(cc_call_start(small, &call, &silent, &c3, &st), CC_RESOURCE_EXHAUSTED, &st);
  CHECK_STR(st.reason, CC_REASON_TOO_MANY_CALLS);
  CHECK(cc_status_retryable(&st));
  cc_status_clear(&st);
  cc_call_free(c1); /* sends a Cancel; the slot frees */
  CHECK_CODE(cc_call_start(small, &call, &silent, &c3, &st), CC_OK, &st);
  cc_call_free(c2);
  cc_call_free(c3);
  cc_close(small);
}

static void test_timeouts_and_cancel(cc_conn *conn) {
  cc_status st = {0};
  Council__V1__Response *r = NULL;
  Council__V1__Call call = server_info_call();

  test_begin("a call the server never answers times out locally after timeout_ms + grace");
  cc_call_options o = {200, "fake:silent", NULL, NULL};
  int64_t start = test_now_ms();
  CHECK_CODE(cc_unary(conn, &call, &o, &r, &st), CC_DEADLINE_EXCEEDED, &st);
  int64_t took = test_now_ms() - start;
  CHECK_STR(st.reason, CC_REASON_CLIENT_TIMEOUT);
  CHECK(st.origin == CC_ORIGIN_CLIENT);
  CHECK(took >= 150 && took < 3000); /* 200 ms + the 300 ms grace set for this connection */
  cc_status_clear(&st);
  CHECK(cc_conn_usable(conn));

  test_begin("cancel: the server answers CANCELLED");
  cc_call *c = NULL;
  o.timeout_ms = 10000;
  CHECK_CODE(cc_call_start(conn, &call, &o, &c, &st), CC_OK, &st);
  if (!c) return;
  CHECK_CODE(cc_call_next(c, 100, &r, &st), CC_AGAIN, &st);
  cc_call_cancel(c);
  cc_call_cancel(c); /* idempotent */
  CHECK_CODE(cc_call_next(c, 3000, &r, &st), CC_CANCELLED, &st);
  CHECK(st.origin == CC_ORIGIN_SERVER);
  CHECK_STR(st.reason, "cancelled");
  cc_status_clear(&st);
  CHECK_CODE(cc_call_next(c, 0, &r, &st), CC_CANCELLED, &st); /* the end is sticky */
  cc_status_clear(&st);
  cc_call_free(c);

  test_begin("a call freed before its answer: the late response is ignored");
  o.trace_id = "fake:delay=100";
  CHECK_CODE(cc_call_start(conn, &call, &o, &c, &st), CC_OK, &st);
  cc_call_free(c);
  usleep(250 * 1000);
  CHECK_CODE(misbehave(conn, "", NULL, &st), CC_OK, &st);
}

static void test_pings(cc_conn *conn) {
  cc_status st = {0};
  Council__V1__Response *r = NULL;
  test_begin("ping: the client's, and answering the server's");
  uint64_t rtt = 0;
  CHECK_CODE(cc_ping(conn, 2000, &rtt, &st), CC_OK, &st);
  CHECK(rtt > 0 && rtt < 2000000);
  CHECK_CODE(misbehave(conn, "ping", &r, &st), CC_OK, &st);
  if (r) CHECK_STR(r->get_server_info->server_version, "pong-ok");
  cc_response_free(r);
}

static void test_bad_frames(void) {
  cc_status st = {0};
  Council__V1__Response *r = NULL;
  cc_conn *conn = open_conn(NULL, NULL);
  if (!conn) return;

  test_begin("ignored: a response for an unknown call id, a frame member this version does not know");
  CHECK_CODE(misbehave(conn, "unknown-id", NULL, &st), CC_OK, &st);
  CHECK_CODE(misbehave(conn, "unknown-kind", NULL, &st), CC_OK, &st);

  test_begin("a response that is not UTF-8 fails its call only");
  CHECK_CODE(misbehave(conn, "bad-utf8", NULL, &st), CC_INTERNAL, &st);
  CHECK_STR(st.reason, CC_REASON_MALFORMED_FRAME);
  CHECK(strstr(st.message, "response.status.message") != NULL);
  cc_status_clear(&st);
  CHECK(cc_conn_usable(conn));

  test_begin("an unknown enum value fails its call only");
  {
    Council__V1__Response *got = NULL;
    Council__V1__GetCaseRequest req = COUNCIL__V1__GET_CASE_REQUEST__INIT;
    Council__V1__Call call = COUNCIL__V1__CALL__INIT;
    req.key_case = COUNCIL__V1__GET_CASE_REQUEST__KEY_NUMBER;
    req.number = "QX07-20261130-0003";
    call.request_case = COUNCIL__V1__CALL__REQUEST_GET_CASE;
    call.get_case = &req;
    cc_call_options o = {2000, "fake:bad-enum", NULL, NULL};
    CHECK_CODE(cc_unary(conn, &call, &o, &got, &st), CC_INTERNAL, &st);
    CHECK(strstr(st.message, "unknown enum value") && strstr(st.message, "get_case.case.status"));
    cc_status_clear(&st);
  }

  test_begin("the result of another method");
  CHECK_CODE(misbehave(conn, "wrong-member", NULL, &st), CC_INTERNAL, &st);
  CHECK_STR(st.reason, CC_REASON_UNEXPECTED_RESPONSE);
  cc_status_clear(&st);
  CHECK(cc_conn_usable(conn));
  cc_close(conn);

  test_begin("over the decode budget fails its call only");
  cc_options o;
  cc_options_init(&o);
  o.decode_budget_bytes = 512 * 1024;
  conn = open_conn(NULL, &o);
  if (!conn) return;
  CHECK_CODE(misbehave(conn, "budget", NULL, &st), CC_INTERNAL, &st);
  CHECK(strstr(st.message, "decode budget") != NULL);
  cc_status_clear(&st);
  CHECK_CODE(misbehave(conn, "", NULL, &st), CC_OK, &st);
  cc_close(conn);

  static const struct {
    const char *commands;
    int code;
    const char *reason;
  } fatal[] = {
      {"oversize", CC_RESOURCE_EXHAUSTED, CC_REASON_FRAME_TOO_LARGE},
      {"truncate", CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED},
      {"garbage", CC_INTERNAL, CC_REASON_MALFORMED_FRAME},
      {"close", CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED},
      {"slow-frame", CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT},
  };
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
    char name[128];
    snprintf(name, sizeof name, "fatal to the connection: %s", fatal[i].commands);
    test_begin(name);
    cc_options_init(&o);
    o.frame_read_timeout_ms = 300;
    conn = open_conn(NULL, &o);
    if (!conn) continue;
    /* A second call in flight fails the same way: the connection is gone. */
    cc_call *other = NULL;
    Council__V1__Call call = server_info_call();
    cc_call_options silent = {5000, "fake:silent", NULL, NULL};
    CHECK_CODE(cc_call_start(conn, &call, &silent, &other, &st), CC_OK, &st);
    CHECK_CODE(misbehave(conn, fatal[i].commands, &r, &st), fatal[i].code, &st);
    CHECK_STR(st.reason, fatal[i].reason);
    cc_status_clear(&st);
    if (other) {
      CHECK_CODE(cc_call_next(other, 3000, &r, &st), fatal[i].code, &st);
      cc_status_clear(&st);
      cc_call_free(other);
    }
    CHECK(!cc_conn_usable(conn));
    CHECK_CODE(misbehave(conn, "", NULL, &st), CC_UNAVAILABLE, &st);
    cc_status_clear(&st);
    cc_close(conn);
  }
}

static void test_goaway(void) {
  cc_status st = {0};
  Council__V1__Response *r = NULL;
  Council__V1__Call call = server_info_call();

  test_begin("GoAway (drain): calls up to last_call_id finish, later ones are not processed");
  cc_conn *conn = open_conn(NULL, NULL);
  if (!conn) return;
  cc_call *before = NULL, *trigger = NULL;
  cc_call_options slow = {5000, "fake:delay=300", NULL, NULL};
  cc_call_options go = {5000, "fake:goaway-before", NULL, NULL};
  CHECK_CODE(cc_call_start(conn, &call, &slow, &before, &st), CC_OK, &st);
  CHECK_CODE(cc_call_start(conn, &call, &go, &trigger, &st), CC_OK, &st);
  if (!before || !trigger) return;
  CHECK_CODE(cc_call_next(trigger, 3000, &r, &st), CC_UNAVAILABLE, &st);
  CHECK_STR(st.reason, CC_REASON_NOT_PROCESSED);
  CHECK(cc_status_retryable(&st));
  cc_status_clear(&st);
  uint64_t last = 0;
  CHECK(cc_conn_goaway(conn, &last, &st) == 1);
  CHECK(last == cc_call_id(before));
  CHECK(st.code == CC_UNAVAILABLE && st.origin == CC_ORIGIN_SERVER);
  CHECK_STR(st.reason, "draining");
  cc_status_clear(&st);
  CHECK(!cc_conn_usable(conn));
  cc_call *after = NULL;
  CHECK_CODE(cc_call_start(conn, &call, NULL, &after, &st), CC_UNAVAILABLE, &st);
  CHECK_STR(st.reason, CC_REASON_GOAWAY);
  cc_status_clear(&st);
  CHECK_CODE(cc_call_next(before, 3000, &r, &st), CC_OK, &st); /* the earlier call is still answered */
  cc_response_free(r);
  cc_call_free(before);
  cc_call_free(trigger);
  cc_close(conn);

  test_begin("GoAway after an answer: the connection takes no more calls");
  conn = open_conn(NULL, NULL);
  if (!conn) return;
  CHECK_CODE(misbehave(conn, "goaway-after", NULL, &st), CC_OK, &st);
  for (int i = 0; i < 50 && cc_conn_usable(conn); i++) usleep(20000);
  CHECK(!cc_conn_usable(conn));
  CHECK(cc_conn_goaway(conn, NULL, NULL) == 1);
  cc_close(conn);
}

static void test_submit_and_watch(void) {
  cc_status st = {0};
  cc_conn *conn = open_conn(NULL, NULL);
  if (!conn) return;

  test_begin("submit is idempotent by external reference; other content is ALREADY_EXISTS");
  Council__V1__ExternalReference ref = COUNCIL__V1__EXTERNAL_REFERENCE__INIT;
  Council__V1__Submission sub = COUNCIL__V1__SUBMISSION__INIT;
  char reference[64];
  snprintf(reference, sizeof reference, "XF-TEST-%d", (int)getpid());
  ref.system = "petition-office";
  ref.reference = reference;
  sub.title = "测试";
  sub.source = COUNCIL__V1__CASE_SOURCE__CASE_SOURCE_PETITION_OFFICE;
  sub.external_reference = &ref;
  Council__V1__Response *a = NULL, *b = NULL, *c = NULL;
  CHECK_CODE(cc_submit(conn, &sub, NULL, &a, &st), CC_OK, &st);
  CHECK_CODE(cc_submit(conn, &sub, NULL, &b, &st), CC_OK, &st);
  if (a && b) {
    CHECK(a->submit->created && !b->submit->created);
    CHECK_STR(a->submit->case_->id, b->submit->case_->id);
  }
  sub.title = "另一个标题";
  CHECK_CODE(cc_submit(conn, &sub, NULL, &c, &st), CC_ALREADY_EXISTS, &st);
  CHECK_STR(st.reason, "externalReferenceConflict");
  cc_status_clear(&st);

  test_begin("get_case by external reference");
  CHECK_CODE(cc_get_case_by_external_reference(conn, "petition-office", reference, NULL, &c, &st), CC_OK, &st);
  if (c && a) CHECK_STR(c->get_case->case_->id, a->submit->case_->id);
  cc_response_free(c);

  test_begin("watch_events: the golden item, then live events, then cancel to end-of-stream");
  cc_call *watch = NULL;
  /* The golden event (Schemas/testdata/watch-events-item.bin) is sequence 4. */
  CHECK_CODE(cc_watch_events(conn, 3, NULL, &watch, &st), CC_OK, &st);
  if (!watch) return;
  Council__V1__Response *item = NULL;
  CHECK_CODE(cc_call_next(watch, 3000, &item, &st), CC_OK, &st);
  int saw_golden = 0, saw_resolved = 0;
  int64_t last_seq = 0;
  while (item) {
    CHECK(!item->end_of_stream);
    for (size_t i = 0; i < item->watch_events->n_events; i++) {
      Council__V1__Event *e = item->watch_events->events[i];
      CHECK(e->sequence > last_seq);
      last_seq = e->sequence;
      if (e->sequence == 4 && e->change_case == COUNCIL__V1__EVENT__CHANGE_ACCEPTED &&
          strcmp(e->principal->user, "HS01") == 0)
        saw_golden = 1;
      if (a && strcmp(e->case_id, a->submit->case_->id) == 0 && e->change_case == COUNCIL__V1__EVENT__CHANGE_RESOLVED)
        saw_resolved = 1;
    }
    cc_response_free(item);
    item = NULL;
    if (saw_resolved) break;
    int rc = cc_call_next(watch, 3000, &item, &st);
    if (rc != CC_OK) {
      CHECK_CODE(rc, CC_OK, &st);
      break;
    }
  }
  CHECK(saw_golden);
  CHECK(saw_resolved); /* the fake hall resolves every new case within a few hundred ms */
  cc_call_cancel(watch);
  int rc;
  while ((rc = cc_call_next(watch, 3000, &item, &st)) == CC_OK) cc_response_free(item);
  CHECK_CODE(rc, CC_CANCELLED, &st);
  CHECK_STR(st.reason, "cancelled");
  cc_status_clear(&st);
  cc_call_free(watch);

  test_begin("verify by a system that did not submit the case is refused");
  if (a) {
    Council__V1__Verification v = COUNCIL__V1__VERIFICATION__INIT;
    Council__V1__VerifyRequest vreq = COUNCIL__V1__VERIFY_REQUEST__INIT;
    Council__V1__Call call = COUNCIL__V1__CALL__INIT;
    Council__V1__Response *r = NULL;
    vreq.case_id = a->submit->case_->id;
    vreq.verification = &v;
    call.request_case = COUNCIL__V1__CALL__REQUEST_VERIFY;
    call.verify = &vreq;
    /* a petition case does not require verification: the status refuses it, naming what is allowed */
    CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_FAILED_PRECONDITION, &st);
    CHECK(st.case_status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_RESOLVED && st.n_allowed_operations >= 1);
    cc_status_clear(&st);
  }
  cc_response_free(a);
  cc_response_free(b);

  test_begin("clean shutdown waits for the call in flight");
  cc_call *slow = NULL;
  Council__V1__Call call = server_info_call();
  cc_call_options o = {5000, "fake:delay=200", NULL, NULL};
  CHECK_CODE(cc_call_start(conn, &call, &o, &slow, &st), CC_OK, &st);
  /* The call must be freed before the connection; take its answer on this thread first. */
  Council__V1__Response *r = NULL;
  CHECK_CODE(cc_call_next(slow, 3000, &r, &st), CC_OK, &st);
  cc_response_free(r);
  cc_call_free(slow);
  CHECK_CODE(cc_shutdown(conn, 2000), CC_OK, NULL);
}

/* Runs an example program (through CC_EXAMPLE_WRAPPER, e.g. valgrind) against the fake server. */
static int run_example(const char *program, const char *args, const char *expect) {
  char cmd[2048], out_path[] = "/tmp/council-example-XXXXXX";
  int fd = mkstemp(out_path);
  if (fd < 0) return -1;
  close(fd);
  const char *wrapper = getenv("CC_EXAMPLE_WRAPPER");
  snprintf(cmd, sizeof cmd, "%s %s/%s --address %s --key test-token %s > %s 2>&1", wrapper ? wrapper : "",
           EXAMPLES_DIR, program, fake.address, args, out_path);
  int rc = system(cmd);
  size_t n;
  char *out = (char *)read_file(out_path, &n);
  unlink(out_path);
  int ok = rc == 0 && out && (n == 0 || (out[n - 1] = '\0', 1)) && strstr(out, expect) != NULL;
  if (!ok) fprintf(stderr, "%s %s exited %d:\n%s\n", program, args, rc, out ? out : "");
  free(out);
  return ok;
}

static void test_examples(void) {
  test_begin("example: petition_transfer (watch)");
  CHECK(run_example("petition_transfer", "--wait 20", "completion report: 办结报告"));
  test_begin("example: petition_transfer (polling)");
  CHECK(run_example("petition_transfer", "--poll --wait 20", "completion report: 办结报告"));
  test_begin("example: grid_report (pass)");
  CHECK(run_example("grid_report", "--wait 20", "verification passed"));
  test_begin("example: grid_report (fail)");
  CHECK(run_example("grid_report", "--fail --wait 20", "verification failed, case"));
}

/* With --hall-key the examples drive their cases themselves, so the fake's own hall must keep still: these run
 * against a second fake server started with --hall-delay-ms 0. */
static void test_examples_playing_the_hall(void) {
  fake_server saved = fake;
  if (fake_start(&fake, "test-token", "0") != 0) {
    CHECK(!"the second fake server started");
    fake = saved;
    return;
  }
  test_begin("example: petition_transfer playing the hall itself");
  CHECK(run_example("petition_transfer", "--hall-key test-token --wait 20", "hall: resolve"));
  test_begin("example: grid_report playing the hall itself");
  CHECK(run_example("grid_report", "--hall-key test-token --wait 20", "verification passed"));
  fake_stop(&fake);
  fake = saved;
}

int main(int argc, char **argv) {
  int examples_only = argc > 1 && strcmp(argv[1], "--examples-only") == 0;
  /* The examples read these; against the fake server they must come from the test alone. */
  unsetenv("COUNCIL_HALL_KEY");
  unsetenv("COUNCIL_HALL_SYSTEM");
  if (fake_start(&fake, "test-token", NULL) != 0) {
    fprintf(stderr, "cannot start the fake server (%s %s)\n", PYTHON, FAKE_SERVER);
    return 1;
  }
  if (!examples_only) {
    test_handshake();
    cc_options o;
    cc_options_init(&o);
    o.call_grace_ms = 300;
    cc_conn *conn = open_conn(NULL, &o);
    if (conn) {
      test_unary(conn);
      test_out_of_order(conn);
      test_multiplexing(conn);
      test_timeouts_and_cancel(conn);
      test_pings(conn);
      cc_close(conn);
    }
    test_bad_frames();
    test_goaway();
    test_submit_and_watch();
  }
  test_examples();
  test_examples_playing_the_hall();
  fake_stop(&fake);
  return test_finish();
}
