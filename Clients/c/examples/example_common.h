/*
 * example_common.h — what both example programs share: command-line and environment settings, connecting,
 * printing statuses and cases, and (optionally) playing the council hall's part so a demo case reaches
 * "resolved" without anyone at the hall.
 *
 * Settings come from flags or, when a flag is absent, from the environment:
 *
 *   --address HOST:PORT   COUNCIL_ADDRESS    where councild listens
 *   --key TOKEN           COUNCIL_KEY        this system's bearer token (optional with --cert when the server
 *                                            accepts the certificate alone)
 *   --ca FILE             COUNCIL_TLS_CA     optional: speak TLS, trusting the CA certificates in FILE (PEM)
 *   --cert FILE           COUNCIL_TLS_CERT   optional, with --ca: this system's client certificate (PEM), for
 *   --cert-key FILE       COUNCIL_TLS_KEY    mutual TLS, and its private key
 *   --hall-key TOKEN      COUNCIL_HALL_KEY   optional: a hall-staff key (scopes read + manage); when given,
 *                                            the program also accepts, handles and resolves its own case on a
 *                                            second connection (over TLS too when --ca is given, with the key
 *                                            and no client certificate)
 *   --reference REF                          the external reference (default: a fresh one)
 *   --wait SECONDS                           how long to follow the case (default 120)
 *
 * An empty environment variable counts as unset.
 */
#ifndef COUNCIL_EXAMPLE_COMMON_H
#define COUNCIL_EXAMPLE_COMMON_H

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "council_client.h"

typedef struct {
  const char *address, *key, *hall_key, *hall_system, *reference;
  const char *tls_ca, *tls_cert, *tls_key; /* NULL: plain TCP / no client certificate */
  int wait_seconds, poll, fail;
} example_settings;

static void usage(const char *program, const char *extra) {
  fprintf(stderr,
          "usage: %s [--address HOST:PORT] [--key TOKEN] [--ca FILE [--cert FILE --cert-key FILE]]\n"
          "       [--hall-key TOKEN] [--reference REF] [--wait SECONDS]%s\n"
          "  defaults: COUNCIL_ADDRESS, COUNCIL_KEY, COUNCIL_TLS_CA, COUNCIL_TLS_CERT, COUNCIL_TLS_KEY,\n"
          "  COUNCIL_HALL_KEY from the environment. --ca speaks TLS; --cert and --cert-key add a client\n"
          "  certificate (mutual TLS), and with one --key may be left out.\n",
          program, extra);
  exit(2);
}

/* An environment variable, NULL when unset or empty. */
static const char *env_setting(const char *name) {
  const char *value = getenv(name);
  return value && *value ? value : NULL;
}

static void parse_settings(int argc, char **argv, example_settings *s, const char *extra) {
  static char reference[64];
  memset(s, 0, sizeof *s);
  s->address = getenv("COUNCIL_ADDRESS");
  s->key = env_setting("COUNCIL_KEY");
  s->hall_key = getenv("COUNCIL_HALL_KEY");
  s->hall_system = getenv("COUNCIL_HALL_SYSTEM") ? getenv("COUNCIL_HALL_SYSTEM") : "hall-staff";
  s->tls_ca = env_setting("COUNCIL_TLS_CA");
  s->tls_cert = env_setting("COUNCIL_TLS_CERT");
  s->tls_key = env_setting("COUNCIL_TLS_KEY");
  s->wait_seconds = 120;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--address") && next) s->address = argv[++i];
    else if (!strcmp(a, "--key") && next) s->key = argv[++i];
    else if (!strcmp(a, "--ca") && next) s->tls_ca = argv[++i];
    else if (!strcmp(a, "--cert") && next) s->tls_cert = argv[++i];
    else if (!strcmp(a, "--cert-key") && next) s->tls_key = argv[++i];
    else if (!strcmp(a, "--hall-key") && next) s->hall_key = argv[++i];
    else if (!strcmp(a, "--reference") && next) s->reference = argv[++i];
    else if (!strcmp(a, "--wait") && next) s->wait_seconds = atoi(argv[++i]);
    else if (!strcmp(a, "--poll")) s->poll = 1;
    else if (!strcmp(a, "--fail")) s->fail = 1;
    else if (!strcmp(a, "--pass")) s->fail = 0;
    else usage(argv[0], extra);
  }
  if (!s->address || !*s->address) {
    fprintf(stderr, "%s: no server address: pass --address HOST:PORT or set COUNCIL_ADDRESS\n", argv[0]);
    exit(2);
  }
  if (!s->key && !s->tls_cert) {
    fprintf(stderr, "%s: no credential: pass --key TOKEN (or set COUNCIL_KEY), or a client certificate with "
                    "--cert FILE --cert-key FILE\n", argv[0]);
    exit(2);
  }
  if ((s->tls_cert || s->tls_key) && !s->tls_ca) {
    fprintf(stderr, "%s: a client certificate needs TLS: pass --ca FILE (or set COUNCIL_TLS_CA) as well\n", argv[0]);
    exit(2);
  }
  if (!s->tls_cert != !s->tls_key) {
    fprintf(stderr, "%s: --cert and --cert-key (COUNCIL_TLS_CERT, COUNCIL_TLS_KEY) go together\n", argv[0]);
    exit(2);
  }
  if (!s->reference) {
    snprintf(reference, sizeof reference, "%ld-%d", (long)time(NULL), (int)getpid());
    s->reference = reference;
  }
  if (s->hall_key && !*s->hall_key) s->hall_key = NULL;
  setvbuf(stdout, NULL, _IOLBF, 0);
}

static void print_status(const char *what, const cc_status *st) {
  char buf[1024];
  fprintf(stderr, "%s failed: %s\n", what, cc_status_describe(st, buf, sizeof buf));
}

/* Connects as `system` with `key` (may be NULL), over TLS when the settings name a CA; `with_cert` presents the
 * settings' client certificate (the hall's connection has none: it signs in with its key). */
static cc_conn *connect_as(const example_settings *s, const char *system, const char *instance, const char *key,
                           int with_cert) {
  const char *address = s->address;
  cc_options o;
  cc_options_init(&o);
  o.address = address;
  o.client_system = system;
  o.client_instance = instance;
  o.bearer_token = key;
  o.tls_ca_file = s->tls_ca;
  if (with_cert) {
    o.tls_cert_file = s->tls_cert;
    o.tls_key_file = s->tls_key;
  }
  cc_conn *conn = NULL;
  cc_status st = {0};
  if (cc_connect(&o, &conn, &st) != CC_OK) {
    char what[256];
    snprintf(what, sizeof what, "connecting to %s as %s", address, system);
    print_status(what, &st);
    cc_status_clear(&st);
    return NULL;
  }
  printf("connected to %s as %s%s (server %s, protocol %u)\n", address, system,
         !o.tls_ca_file ? "" : o.tls_cert_file ? " over mutual TLS" : " over TLS", cc_conn_server_id(conn),
         cc_conn_protocol_version(conn));
  return conn;
}

static int64_t wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void print_case(const char *prefix, const Council__V1__Case *c) {
  printf("%scase %s (%s) version %lld: %s\n", prefix, c->number, c->id, (long long)c->version,
         cc_case_status_name((int)c->status));
}

/* The name of an event's change member as the schema spells it ("accepted", "resolved", …). */
__attribute__((unused)) static const char *change_name(const Council__V1__Event *e) {
  const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(&council__v1__event__descriptor, e->change_case);
  return f ? f->name : "?";
}

/* One case operation from the hall's connection. `call` has its request member set; on success the new
 * version is stored in *version. */
static int hall_step(cc_conn *hall, Council__V1__Call *call, const char *name, const char *case_id, int64_t *version) {
  char key[200];
  snprintf(key, sizeof key, "demo-%s-%s-v%lld", case_id, name, (long long)*version);
  cc_call_options o = {10000, NULL, key, "HS01"};
  Council__V1__Response *r = NULL;
  cc_status st = {0};
  int rc = cc_unary(hall, call, &o, &r, &st);
  if (rc != CC_OK) {
    char what[128];
    snprintf(what, sizeof what, "hall: %s", name);
    print_status(what, &st);
    cc_status_clear(&st);
    return rc;
  }
  /* Every case operation answers with `XResponse{case}`: find the member, then its `case` field. */
  const Council__V1__Case *c = NULL;
  const ProtobufCFieldDescriptor *member =
      protobuf_c_message_descriptor_get_field(&council__v1__response__descriptor, r->response_case);
  if (member) {
    const ProtobufCMessage *result = *(const ProtobufCMessage *const *)((const char *)r + member->offset);
    const ProtobufCFieldDescriptor *case_field =
        protobuf_c_message_descriptor_get_field_by_name(member->descriptor, "case");
    if (result && case_field) c = *(const Council__V1__Case *const *)((const char *)result + case_field->offset);
  }
  if (c) {
    *version = c->version;
    printf("hall: %-14s -> %s\n", name, cc_case_status_name((int)c->status));
  }
  cc_response_free(r);
  return CC_OK;
}

/*
 * Plays the hall: accept, handle locally (即办), log progress, resolve with a completion report (办结报告),
 * each with the version just read and an idempotency key. Needs a key with the `manage` scope.
 */
static int play_hall(cc_conn *hall, const char *case_id, int64_t version, int with_report) {
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;

  Council__V1__AcceptRequest accept = COUNCIL__V1__ACCEPT_REQUEST__INIT;
  accept.case_id = (char *)case_id;
  accept.expected_version = version;
  call.request_case = COUNCIL__V1__CALL__REQUEST_ACCEPT;
  call.accept = &accept;
  if (hall_step(hall, &call, "accept", case_id, &version) != CC_OK) return 1;

  Council__V1__HandleLocallyRequest local = COUNCIL__V1__HANDLE_LOCALLY_REQUEST__INIT;
  local.case_id = (char *)case_id;
  local.expected_version = version;
  local._note_case = COUNCIL__V1__HANDLE_LOCALLY_REQUEST___NOTE_NOTE;
  local.note = "社区即办";
  call.request_case = COUNCIL__V1__CALL__REQUEST_HANDLE_LOCALLY;
  call.handle_locally = &local;
  if (hall_step(hall, &call, "handle_locally", case_id, &version) != CC_OK) return 1;

  Council__V1__AddProgressRequest progress = COUNCIL__V1__ADD_PROGRESS_REQUEST__INIT;
  progress.case_id = (char *)case_id;
  progress.expected_version = version;
  progress.note = "已联系物业公司，当日安排清运";
  call.request_case = COUNCIL__V1__CALL__REQUEST_ADD_PROGRESS;
  call.add_progress = &progress;
  if (hall_step(hall, &call, "add_progress", case_id, &version) != CC_OK) return 1;

  Council__V1__HandlingResult result = COUNCIL__V1__HANDLING_RESULT__INIT;
  Council__V1__ResolveRequest resolve = COUNCIL__V1__RESOLVE_REQUEST__INIT;
  result.summary = "问题已处理完毕";
  if (with_report) {
    result._completion_report_case = COUNCIL__V1__HANDLING_RESULT___COMPLETION_REPORT_COMPLETION_REPORT;
    result.completion_report = "办结报告：经社区协调物业公司，问题已于当日处理完毕，并已回访信访人。";
  }
  resolve.case_id = (char *)case_id;
  resolve.expected_version = version;
  resolve.result = &result;
  call.request_case = COUNCIL__V1__CALL__REQUEST_RESOLVE;
  call.resolve = &resolve;
  if (hall_step(hall, &call, "resolve", case_id, &version) != CC_OK) return 1;
  return 0;
}

/* Whether a status is at or past "resolved" on the way to closing (or final in another way). */
static int case_settled(int status) {
  return status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_RESOLVED ||
         status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_AWAITING_EVALUATION ||
         status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_EVALUATED ||
         status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_CLOSED;
}

__attribute__((unused)) static int case_abandoned(int status) {
  return status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_DECLINED ||
         status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_REFERRED ||
         status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_MERGED ||
         status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_WITHDRAWN;
}

#endif
