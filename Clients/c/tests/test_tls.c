/*
 * test_tls.c — TLS and mutual TLS against Clients/testing/fake_councild.py --tls-dir, with real TLS handshakes
 * and a throwaway PKI made by scripts/make-test-pki.sh for the run: calls over TLS with a CA and a bearer token
 * (the server verified by its IP address and by its DNS name), many calls from several threads, server pings,
 * large responses and broken frames through the TLS transport, mutual TLS with a client certificate and no
 * token, every way the TLS handshake can fail (untrusted server, wrong name, untrusted client certificate, a
 * server that requires a certificate, a peer that does not speak TLS, a server that never answers), options
 * that cannot be loaded, and the two example programs over TLS.
 *
 *   test_tls                  everything
 *   test_tls --examples-only  only the example programs (run under valgrind by `make valgrind` through
 *                             CC_EXAMPLE_WRAPPER)
 */
#include "harness.h"

#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

static char pki[256];
static fake_server fake; /* TLS, client certificate optional, token "test-token" */

/* The path of `name` in the PKI directory; eight calls' worth of results stay valid at once. */
static const char *pem(const char *name) {
  static char paths[8][512];
  static int next;
  char *p = paths[next++ % 8];
  snprintf(p, sizeof paths[0], "%s/%s", pki, name);
  return p;
}

/* Options for the TLS fake: `ca` and, when `cert` is given ("grid-platform"), that client certificate and key. */
static void tls_options(cc_options *o, const char *system, const char *token, const char *ca, const char *cert) {
  static char cert_path[512], key_path[512];
  cc_options_init(o);
  o->address = fake.address;
  o->client_system = system;
  o->client_instance = "test_tls";
  o->bearer_token = token;
  o->tls_ca_file = ca ? pem(ca) : NULL;
  if (cert) {
    snprintf(cert_path, sizeof cert_path, "%s/%s.pem", pki, cert);
    snprintf(key_path, sizeof key_path, "%s/%s-key.pem", pki, cert);
    o->tls_cert_file = cert_path;
    o->tls_key_file = key_path;
  }
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

/* Connects with `o`; a failure is a failed check. */
static cc_conn *open_tls(cc_options *o) {
  cc_conn *conn = NULL;
  cc_status st = {0};
  CHECK_CODE(cc_connect(o, &conn, &st), CC_OK, &st);
  cc_status_clear(&st);
  return conn;
}

/* cc_connect with `o` must fail with `code` and `reason`, from the client, with `words` in the message. */
static void expect_refused(cc_options *o, int code, const char *reason, const char *words) {
  cc_conn *conn = NULL;
  cc_status st = {0};
  CHECK_CODE(cc_connect(o, &conn, &st), code, &st);
  CHECK(conn == NULL);
  CHECK_STR(st.reason, reason);
  CHECK(st.origin == CC_ORIGIN_CLIENT);
  if (words && !(st.message && strstr(st.message, words))) {
    t_failed++;
    fprintf(stderr, "FAIL %s: the message \"%s\" does not say \"%s\"\n", t_current, st.message ? st.message : "",
            words);
  }
  cc_status_clear(&st);
  cc_close(conn);
}

static void test_ca_and_token(void) {
  cc_options o;
  cc_status st = {0};
  Council__V1__Response *r = NULL;

  test_begin("TLS with a CA and a bearer token: the server verified by its IP address");
  tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
  cc_conn *conn = open_tls(&o);
  if (!conn) return;
  CHECK(cc_conn_protocol_version(conn) == 1);
  CHECK_STR(cc_conn_server_id(conn), "fake-councild");
  Council__V1__Call call = server_info_call();
  CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_OK, &st);
  if (r) CHECK_STR(r->get_server_info->district->name, "桥西区");
  cc_response_free(r);
  CHECK_CODE(cc_get_case_by_number(conn, "QX07-20261130-0003", NULL, &r, &st), CC_OK, &st);
  if (r) CHECK_STR(r->get_case->case_->submission->submitter->name, "张**");
  cc_response_free(r);

  test_begin("TLS: ping, and answering the server's ping");
  uint64_t rtt = 0;
  CHECK_CODE(cc_ping(conn, 2000, &rtt, &st), CC_OK, &st);
  CHECK_CODE(misbehave(conn, "ping", &r, &st), CC_OK, &st);
  if (r) CHECK_STR(r->get_server_info->server_version, "pong-ok");
  cc_response_free(r);

  test_begin("TLS: a response spanning many TLS records");
  {
    Council__V1__ListCommunitiesRequest req = COUNCIL__V1__LIST_COMMUNITIES_REQUEST__INIT;
    Council__V1__Call big = COUNCIL__V1__CALL__INIT;
    big.request_case = COUNCIL__V1__CALL__REQUEST_LIST_COMMUNITIES;
    big.list_communities = &req;
    cc_call_options co = {5000, "fake:budget", NULL, NULL};
    CHECK_CODE(cc_unary(conn, &big, &co, &r, &st), CC_OK, &st);
    if (r) CHECK(r->list_communities->n_communities == 60000);
    cc_response_free(r);
    CHECK_CODE(misbehave(conn, "", NULL, &st), CC_OK, &st);
  }

  test_begin("TLS: a call the server never answers times out locally; cancel");
  {
    cc_call_options silent = {200, "fake:silent", NULL, NULL};
    CHECK_CODE(cc_unary(conn, &call, &silent, &r, &st), CC_DEADLINE_EXCEEDED, &st);
    CHECK_STR(st.reason, CC_REASON_CLIENT_TIMEOUT);
    cc_status_clear(&st);
    cc_call *c = NULL;
    silent.timeout_ms = 10000;
    CHECK_CODE(cc_call_start(conn, &call, &silent, &c, &st), CC_OK, &st);
    if (c) {
      CHECK_CODE(cc_call_next(c, 100, &r, &st), CC_AGAIN, &st);
      cc_call_cancel(c);
      CHECK_CODE(cc_call_next(c, 3000, &r, &st), CC_CANCELLED, &st);
      cc_status_clear(&st);
      cc_call_free(c);
    }
    CHECK(cc_conn_usable(conn));
  }

  test_begin("TLS: clean shutdown");
  CHECK_CODE(cc_shutdown(conn, 2000), CC_OK, NULL);

  test_begin("TLS: the server verified by its DNS name (address localhost, and tls_server_name)");
  char address[64];
  snprintf(address, sizeof address, "localhost:%d", fake.port);
  tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
  o.address = address;
  conn = open_tls(&o);
  if (conn) CHECK_CODE(misbehave(conn, "", NULL, &st), CC_OK, &st);
  cc_close(conn);
  tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
  o.tls_server_name = "localhost";
  conn = open_tls(&o);
  if (conn) CHECK_CODE(misbehave(conn, "", NULL, &st), CC_OK, &st);
  cc_close(conn);
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

static void test_multiplexing(void) {
  test_begin("TLS: 60 calls from 4 threads on one connection, answered in scrambled order");
  cc_options o;
  tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
  cc_conn *conn = open_tls(&o);
  if (!conn) return;
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
  cc_close(conn);
}

static void test_fatal_frames(void) {
  static const struct {
    const char *commands;
    int code;
    const char *reason;
  } fatal[] = {
      {"truncate", CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED},
      {"garbage", CC_INTERNAL, CC_REASON_MALFORMED_FRAME},
      {"close", CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED},
      {"slow-frame", CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT},
  };
  cc_status st = {0};
  Council__V1__Response *r = NULL;
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
    char name[128];
    snprintf(name, sizeof name, "TLS, fatal to the connection: %s", fatal[i].commands);
    test_begin(name);
    cc_options o;
    tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
    o.frame_read_timeout_ms = 300;
    cc_conn *conn = open_tls(&o);
    if (!conn) continue;
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
    cc_close(conn);
  }
}

static void test_mutual_tls(void) {
  cc_options o;
  cc_status st = {0};
  Council__V1__Response *r = NULL;

  test_begin("mutual TLS: the grid-platform certificate and no token");
  tls_options(&o, "grid-platform", NULL, "ca.pem", "grid-platform");
  cc_conn *conn = open_tls(&o);
  if (conn) {
    Council__V1__Call call = locate_call("130703007001");
    CHECK_CODE(cc_unary(conn, &call, NULL, &r, &st), CC_OK, &st);
    if (r) CHECK_STR(r->locate_grid_cell->community->name, "示例社区07");
    cc_response_free(r);
    CHECK_CODE(cc_shutdown(conn, 2000), CC_OK, NULL);
  }

  test_begin("mutual TLS: a certificate and a token");
  tls_options(&o, "grid-platform", "test-token", "ca.pem", "grid-platform");
  conn = open_tls(&o);
  if (conn) CHECK_CODE(misbehave(conn, "", NULL, &st), CC_OK, &st);
  cc_close(conn);

  test_begin("mutual TLS: the certificate of another system is refused by the server");
  tls_options(&o, "petition-office", NULL, "ca.pem", "grid-platform");
  conn = NULL;
  CHECK_CODE(cc_connect(&o, &conn, &st), CC_PERMISSION_DENIED, &st);
  CHECK(conn == NULL && st.origin == CC_ORIGIN_SERVER);
  cc_status_clear(&st);

  test_begin("TLS without a client certificate and without a token is refused by the server");
  tls_options(&o, "grid-platform", NULL, "ca.pem", NULL);
  CHECK_CODE(cc_connect(&o, &conn, &st), CC_UNAUTHENTICATED, &st);
  CHECK_STR(st.reason, "unauthenticated");
  cc_status_clear(&st);
}

static void test_handshake_failures(void) {
  cc_options o;
  char words[128];

  test_begin("TLS: an untrusted server (the wrong CA) fails the TLS handshake");
  tls_options(&o, "petition-office", "test-token", "stranger-ca.pem", NULL);
  snprintf(words, sizeof words, "TLS handshake with %s failed: certificate verify failed", fake.address);
  expect_refused(&o, CC_UNAVAILABLE, CC_REASON_TLS_HANDSHAKE_FAILED, words);

  test_begin("TLS: tls_server_name the certificate does not carry");
  tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
  o.tls_server_name = "wrong.example";
  expect_refused(&o, CC_UNAVAILABLE, CC_REASON_TLS_HANDSHAKE_FAILED, "hostname mismatch");
  o.tls_server_name = "127.0.0.2";
  expect_refused(&o, CC_UNAVAILABLE, CC_REASON_TLS_HANDSHAKE_FAILED, "IP address mismatch");

  test_begin("mutual TLS: a client certificate from an untrusted CA is refused in the TLS handshake");
  tls_options(&o, "petition-office", "test-token", "ca.pem", "stranger");
  expect_refused(&o, CC_UNAVAILABLE, CC_REASON_TLS_HANDSHAKE_FAILED, "unknown ca");

  test_begin("mutual TLS: a server that requires a client certificate, and none given");
  fake_server strict;
  if (fake_start_tls(&strict, "test-token", NULL, pki, 1) != 0) {
    CHECK(!"the fake server requiring client certificates started");
  } else {
    tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
    o.address = strict.address;
    int64_t start = test_now_ms();
    expect_refused(&o, CC_UNAVAILABLE, CC_REASON_TLS_HANDSHAKE_FAILED, "certificate required");
    CHECK(test_now_ms() - start < 3000);
    tls_options(&o, "grid-platform", NULL, "ca.pem", "grid-platform");
    o.address = strict.address;
    cc_conn *conn = open_tls(&o);
    cc_close(conn);
    fake_stop(&strict);
  }

  test_begin("TLS to a server that does not speak TLS");
  fake_server plain;
  if (fake_start(&plain, "test-token", NULL) != 0) {
    CHECK(!"the plain fake server started");
  } else {
    tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
    o.address = plain.address;
    expect_refused(&o, CC_UNAVAILABLE, CC_REASON_TLS_HANDSHAKE_FAILED, "TLS handshake with");
    fake_stop(&plain);
  }

  test_begin("TLS to a server that never answers the TLS handshake: a local timeout");
  {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &len);
    listen(s, 1);
    char address[64];
    snprintf(address, sizeof address, "127.0.0.1:%d", ntohs(a.sin_port));
    tls_options(&o, "petition-office", "test-token", "ca.pem", NULL);
    o.address = address;
    o.connect_timeout_ms = 300;
    int64_t start = test_now_ms();
    expect_refused(&o, CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT, "TLS handshake");
    CHECK(test_now_ms() - start < 2000);
    close(s);
  }
}

static void test_unusable_options(void) {
  cc_options o;

  test_begin("TLS options: a certificate file that cannot be loaded is INVALID_ARGUMENT naming the option");
  tls_options(&o, "grid-platform", NULL, "ca.pem", "grid-platform");
  o.tls_cert_file = pem("no-such-certificate.pem");
  expect_refused(&o, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_cert_file");
  {
    cc_conn *conn = NULL;
    cc_status st = {0};
    cc_connect(&o, &conn, &st);
    CHECK_STR(st.field, "tls_cert_file");
    cc_status_clear(&st);
    /* A key given as the certificate: the message names the option and never quotes the file. */
    o.tls_cert_file = pem("grid-platform-key.pem");
    CHECK_CODE(cc_connect(&o, &conn, &st), CC_INVALID_ARGUMENT, &st);
    CHECK_STR(st.field, "tls_cert_file");
    CHECK(st.message && !strstr(st.message, "BEGIN") && !strstr(st.message, "PRIVATE"));
    cc_status_clear(&st);
  }

  test_begin("TLS options: a missing key, a key of another certificate, half a pair, a missing CA, no CA");
  tls_options(&o, "grid-platform", NULL, "ca.pem", "grid-platform");
  o.tls_key_file = pem("no-such-key.pem");
  expect_refused(&o, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_key_file");
  o.tls_key_file = pem("petition-office-key.pem");
  expect_refused(&o, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_key_file");
  o.tls_key_file = NULL;
  expect_refused(&o, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_key_file");
  tls_options(&o, "grid-platform", NULL, "ca.pem", "grid-platform");
  o.tls_cert_file = NULL;
  expect_refused(&o, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_cert_file");
  tls_options(&o, "grid-platform", NULL, "ca.pem", NULL);
  o.tls_ca_file = pem("no-such-ca.pem");
  expect_refused(&o, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_ca_file");
  tls_options(&o, "grid-platform", NULL, NULL, "grid-platform");
  expect_refused(&o, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_ca_file");
}

/* Runs an example program (through CC_EXAMPLE_WRAPPER, e.g. valgrind) against `address`. Whether it exited 0
 * must be `want_success`, and its output must contain `expect`. */
static int run_example(const char *address, const char *program, const char *args, int want_success,
                       const char *expect) {
  char cmd[4096], out_path[] = "/tmp/council-example-XXXXXX";
  int fd = mkstemp(out_path);
  if (fd < 0) return 0;
  close(fd);
  const char *wrapper = getenv("CC_EXAMPLE_WRAPPER");
  snprintf(cmd, sizeof cmd, "%s %s/%s --address %s %s > %s 2>&1", wrapper ? wrapper : "", EXAMPLES_DIR, program,
           address, args, out_path);
  int rc = system(cmd);
  size_t n;
  char *out = (char *)read_file(out_path, &n);
  unlink(out_path);
  int ok = (rc == 0) == (want_success != 0) && out && (n == 0 || (out[n - 1] = '\0', 1)) && strstr(out, expect);
  if (!ok) fprintf(stderr, "%s %s exited %d:\n%s\n", program, args, rc, out ? out : "");
  free(out);
  return ok;
}

static void test_examples(void) {
  char args[2048];
  test_begin("example over TLS: petition_transfer with --ca and --key");
  snprintf(args, sizeof args, "--ca %s --key test-token --wait 20", pem("ca.pem"));
  CHECK(run_example(fake.address, "petition_transfer", args, 1, "completion report: 办结报告"));

  test_begin("example over mutual TLS: grid_report with --cert and --cert-key, no --key");
  snprintf(args, sizeof args, "--ca %s --cert %s --cert-key %s --wait 20", pem("ca.pem"), pem("grid-platform.pem"),
           pem("grid-platform-key.pem"));
  CHECK(run_example(fake.address, "grid_report", args, 1, "verification passed"));

  test_begin("example over mutual TLS: the settings from COUNCIL_TLS_CA, COUNCIL_TLS_CERT, COUNCIL_TLS_KEY");
  setenv("COUNCIL_TLS_CA", pem("ca.pem"), 1);
  setenv("COUNCIL_TLS_CERT", pem("grid-platform.pem"), 1);
  setenv("COUNCIL_TLS_KEY", pem("grid-platform-key.pem"), 1);
  CHECK(run_example(fake.address, "grid_report", "--fail --wait 20", 1, "over mutual TLS"));
  unsetenv("COUNCIL_TLS_CA");
  unsetenv("COUNCIL_TLS_CERT");
  unsetenv("COUNCIL_TLS_KEY");

  test_begin("example over TLS: an untrusted server ends the example with tlsHandshakeFailed");
  snprintf(args, sizeof args, "--ca %s --key test-token --wait 5", pem("stranger-ca.pem"));
  CHECK(run_example(fake.address, "petition_transfer", args, 0, "UNAVAILABLE tlsHandshakeFailed"));

  test_begin("example: no key and no certificate is a usage error");
  snprintf(args, sizeof args, "--ca %s --wait 5", pem("ca.pem"));
  CHECK(run_example(fake.address, "grid_report", args, 0, "no credential"));

  /* With --hall-key the examples drive their cases themselves, so the fake's hall must keep still: a second
   * TLS fake started with --hall-delay-ms 0. */
  fake_server still;
  if (fake_start_tls(&still, "test-token", "0", pki, 0) != 0) {
    CHECK(!"the second TLS fake server started");
    return;
  }
  test_begin("example over mutual TLS playing the hall itself: the hall's connection with the CA and its key");
  snprintf(args, sizeof args, "--ca %s --cert %s --cert-key %s --hall-key test-token --wait 20", pem("ca.pem"),
           pem("grid-platform.pem"), pem("grid-platform-key.pem"));
  CHECK(run_example(still.address, "grid_report", args, 1, "verification passed"));
  fake_stop(&still);
}

int main(int argc, char **argv) {
  int examples_only = argc > 1 && strcmp(argv[1], "--examples-only") == 0;
  /* The examples read these; against the fake server they must come from the test alone. */
  unsetenv("COUNCIL_HALL_KEY");
  unsetenv("COUNCIL_HALL_SYSTEM");
  unsetenv("COUNCIL_KEY");
  unsetenv("COUNCIL_TLS_CA");
  unsetenv("COUNCIL_TLS_CERT");
  unsetenv("COUNCIL_TLS_KEY");
  if (pki_make(pki, sizeof pki) != 0) {
    fprintf(stderr, "cannot make the test PKI (%s %s)\n", PKI_SCRIPT, pki);
    pki_remove(pki);
    return 1;
  }
  if (fake_start_tls(&fake, "test-token", NULL, pki, 0) != 0) {
    fprintf(stderr, "cannot start the fake server over TLS (%s %s --tls-dir %s)\n", PYTHON, FAKE_SERVER, pki);
    pki_remove(pki);
    return 1;
  }
  if (!examples_only) {
    test_ca_and_token();
    test_multiplexing();
    test_fatal_frames();
    test_mutual_tls();
    test_handshake_failures();
    test_unusable_options();
  }
  test_examples();
  fake_stop(&fake);
  pki_remove(pki);
  return test_finish();
}
