/*
 * test_framing.c — the edges of reading frames and trusting their bytes, over a socketpair: frames split
 * byte by byte or packed together, empty frames, oversized length headers refused before the payload,
 * truncated headers and payloads, slow frames, and the pre-scan of what protobuf-c would accept silently
 * (bad UTF-8, NUL in strings, unknown enum values, nesting, the decode budget). Also the request checks.
 */
#include "harness.h"

#include <pthread.h>
#include <sys/socket.h>

typedef struct {
  int fd;
  const uint8_t *data;
  size_t length;
  int byte_by_byte;
  int close_after;
} writer_args;

static void *writer(void *arg) {
  writer_args *w = arg;
  if (w->byte_by_byte) {
    for (size_t i = 0; i < w->length; i++) {
      if (send(w->fd, w->data + i, 1, MSG_NOSIGNAL) != 1) break;
      usleep(200);
    }
  } else if (w->length) {
    if (send(w->fd, w->data, w->length, MSG_NOSIGNAL) < 0) perror("send");
  }
  if (w->close_after) shutdown(w->fd, SHUT_WR);
  return NULL;
}

/* Reads one frame from bytes written by a writer thread. */
static int read_from(const uint8_t *data, size_t length, int byte_by_byte, int close_after, uint32_t max,
                     uint32_t frame_timeout, uint8_t **payload, size_t *n, cc_status *st) {
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  writer_args w = {sv[1], data, length, byte_by_byte, close_after};
  pthread_t t;
  pthread_create(&t, NULL, writer, &w);
  int r = cc__read_frame(sv[0], 2000, frame_timeout, max, payload, n, st);
  pthread_join(t, NULL);
  close(sv[0]);
  close(sv[1]);
  return r;
}

static const uint8_t ping_frame[] = {0, 0, 0, 3, 0x32, 0x01, 0x00}; /* a 3-byte payload (only read here, never decoded) */

static void test_reading(void) {
  uint8_t *p;
  size_t n;
  cc_status st = {0};

  test_begin("a whole frame");
  CHECK_CODE(read_from(ping_frame, sizeof ping_frame, 0, 0, 1024, 1000, &p, &n, &st), CC_OK, &st);
  CHECK(n == 3 && p && memcmp(p, ping_frame + 4, 3) == 0);
  free(p);

  test_begin("a frame arriving byte by byte");
  CHECK_CODE(read_from(ping_frame, sizeof ping_frame, 1, 0, 1024, 1000, &p, &n, &st), CC_OK, &st);
  CHECK(n == 3);
  free(p);

  test_begin("two frames in one write");
  {
    uint8_t two[14];
    memcpy(two, ping_frame, 7);
    memcpy(two + 7, ping_frame, 7);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    CHECK(send(sv[1], two, sizeof two, 0) == (ssize_t)sizeof two);
    shutdown(sv[1], SHUT_WR);
    for (int i = 0; i < 2; i++) {
      CHECK_CODE(cc__read_frame(sv[0], 1000, 1000, 1024, &p, &n, &st), CC_OK, &st);
      CHECK(n == 3);
      free(p);
    }
    CHECK_CODE(cc__read_frame(sv[0], 1000, 1000, 1024, &p, &n, &st), CC_END, &st);
    close(sv[0]);
    close(sv[1]);
  }

  test_begin("an empty frame reads, and decodes to an error");
  {
    static const uint8_t empty[] = {0, 0, 0, 0};
    CHECK_CODE(read_from(empty, 4, 0, 0, 1024, 1000, &p, &n, &st), CC_OK, &st);
    CHECK(n == 0 && p == NULL);
    Council__V1__Frame *f;
    CHECK_CODE(cc__decode_frame(p, 0, 1 << 20, &f, NULL, NULL, &st), CC_INTERNAL, &st);
    CHECK_STR(st.reason, CC_REASON_MALFORMED_FRAME);
    CHECK(f == NULL);
    cc_status_clear(&st);
  }

  test_begin("an oversized length is refused from the header alone");
  {
    static const uint8_t big[] = {0x00, 0x10, 0x00, 0x01}; /* 1 MiB + 1, and no payload ever follows */
    int64_t start = test_now_ms();
    CHECK_CODE(read_from(big, 4, 0, 0, 1u << 20, 5000, &p, &n, &st), CC_RESOURCE_EXHAUSTED, &st);
    CHECK_STR(st.reason, CC_REASON_FRAME_TOO_LARGE);
    CHECK(st.origin == CC_ORIGIN_CLIENT);
    CHECK(test_now_ms() - start < 1000);
    cc_status_clear(&st);
    static const uint8_t huge[] = {0xff, 0xff, 0xff, 0xff};
    CHECK_CODE(read_from(huge, 4, 0, 0, 1u << 20, 5000, &p, &n, &st), CC_RESOURCE_EXHAUSTED, &st);
    cc_status_clear(&st);
  }

  test_begin("a truncated header and a truncated payload");
  CHECK_CODE(read_from(ping_frame, 2, 0, 1, 1024, 1000, &p, &n, &st), CC_UNAVAILABLE, &st);
  CHECK_STR(st.reason, CC_REASON_CONNECTION_CLOSED);
  cc_status_clear(&st);
  CHECK_CODE(read_from(ping_frame, 5, 0, 1, 1024, 1000, &p, &n, &st), CC_UNAVAILABLE, &st);
  CHECK(strstr(st.message, "truncated") != NULL);
  cc_status_clear(&st);

  test_begin("a clean end between frames");
  CHECK_CODE(read_from(ping_frame, 0, 0, 1, 1024, 1000, &p, &n, &st), CC_END, &st);

  test_begin("a frame that stalls after its first byte");
  {
    int64_t start = test_now_ms();
    CHECK_CODE(read_from(ping_frame, 5, 0, 0, 1024, 200, &p, &n, &st), CC_DEADLINE_EXCEEDED, &st);
    CHECK_STR(st.reason, CC_REASON_CLIENT_TIMEOUT);
    int64_t took = test_now_ms() - start;
    CHECK(took >= 150 && took < 1500);
    cc_status_clear(&st);
  }

  test_begin("no first byte in time is not an error");
  {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    CHECK_CODE(cc__read_frame(sv[0], 50, 1000, 1024, &p, &n, &st), CC_AGAIN, &st);
    close(sv[0]);
    close(sv[1]);
  }
}

static void test_utf8(void) {
  test_begin("UTF-8 validation");
  CHECK(cc__utf8_valid((const uint8_t *)"plain", 5, 0));
  CHECK(cc__utf8_valid((const uint8_t *)"东山坡社区", strlen("东山坡社区"), 0));
  CHECK(cc__utf8_valid((const uint8_t *)"\xf0\x9f\x98\x80", 4, 0)); /* U+1F600 */
  CHECK(!cc__utf8_valid((const uint8_t *)"\xc0\x80", 2, 1));         /* overlong NUL */
  CHECK(!cc__utf8_valid((const uint8_t *)"\xe0\x80\xaf", 3, 0));     /* overlong '/' */
  CHECK(!cc__utf8_valid((const uint8_t *)"\xed\xa0\x80", 3, 0));     /* surrogate U+D800 */
  CHECK(!cc__utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4, 0)); /* above U+10FFFF */
  CHECK(!cc__utf8_valid((const uint8_t *)"\xe4\xb8", 2, 0));         /* cut short */
  CHECK(!cc__utf8_valid((const uint8_t *)"\x80", 1, 0));             /* lone continuation */
  CHECK(!cc__utf8_valid((const uint8_t *)"a\0b", 3, 0));
  CHECK(cc__utf8_valid((const uint8_t *)"a\0b", 3, 1));
}

/* Scans `payload` as a Frame; returns the result and leaves the problem text in `problem`. */
static int scan(const uint8_t *payload, size_t n, char *problem, uint64_t *id, int *have) {
  return cc__scan(&council__v1__frame__descriptor, payload, n, problem, 600, id, have);
}

static void test_scan(void) {
  char problem[600];
  uint64_t id;
  int have;

  test_begin("scan: a string that is not UTF-8, inside a response whose call id is known");
  {
    /* Frame{response{call_id 7, status{code 3, message "a\xc3(" }}} */
    static const uint8_t bad[] = {0x22, 0x0b, 0x08, 0x07, 0x12, 0x07, 0x08, 0x03, 0x12, 0x03, 'a', 0xc3, '('};
    CHECK(scan(bad, sizeof bad, problem, &id, &have) == 1);
    CHECK(have && id == 7);
    CHECK(strstr(problem, "invalid UTF-8") && strstr(problem, "response.status.message"));
    Council__V1__Frame *f;
    cc_status st = {0};
    CHECK_CODE(cc__decode_frame(bad, sizeof bad, 1 << 20, &f, &id, &have, &st), CC_INTERNAL, &st);
    CHECK(have && id == 7);
    CHECK_STR(st.reason, CC_REASON_MALFORMED_FRAME);
    cc_status_clear(&st);
  }

  test_begin("scan: a NUL inside a string");
  {
    static const uint8_t nul[] = {0x22, 0x0b, 0x08, 0x07, 0x12, 0x07, 0x08, 0x03, 0x12, 0x03, 'a', 0x00, 'b'};
    CHECK(scan(nul, sizeof nul, problem, &id, &have) == 1);
    CHECK(strstr(problem, "NUL") != NULL);
  }

  test_begin("scan: unknown enum values, plain and packed");
  {
    static const uint8_t code99[] = {0x22, 0x06, 0x08, 0x07, 0x12, 0x02, 0x08, 0x63};
    CHECK(scan(code99, sizeof code99, problem, &id, &have) == 1);
    CHECK(strstr(problem, "unknown enum value") && strstr(problem, "response.status.code"));
    static const uint8_t ops[] = {0x22, 0x08, 0x08, 0x07, 0x12, 0x04, 0x32, 0x02, 0x0b, 0x63};
    CHECK(scan(ops, sizeof ops, problem, &id, &have) == 1);
    CHECK(strstr(problem, "allowed_operations") != NULL);
    static const uint8_t ok[] = {0x22, 0x08, 0x08, 0x07, 0x12, 0x04, 0x32, 0x02, 0x0b, 0x0c};
    CHECK(scan(ok, sizeof ok, problem, &id, &have) == 0);
  }

  test_begin("scan: structure");
  {
    static const uint8_t past_end[] = {0x22, 0x10, 0x08, 0x07};
    CHECK(scan(past_end, sizeof past_end, problem, &id, &have) == 1);
    static const uint8_t bad_varint[] = {0x22, 0x03, 0x08, 0xff, 0xff};
    CHECK(scan(bad_varint, sizeof bad_varint, problem, &id, &have) == 1);
    static const uint8_t group[] = {0x0b, 0x0c}; /* wire type 3: groups are not proto3 */
    CHECK(scan(group, sizeof group, problem, &id, &have) == 1);
    static const uint8_t zero_field[] = {0x02, 0x00};
    CHECK(scan(zero_field, sizeof zero_field, problem, &id, &have) == 1);
    /* Unknown fields are checked for structure only and skipped (newer servers add fields). */
    static const uint8_t unknown[] = {0x22, 0x07, 0x08, 0x07, 0xfa, 0x3e, 0x02, 0xff, 0xfe};
    CHECK(scan(unknown, sizeof unknown, problem, &id, &have) == 0);
    Council__V1__Frame *f = NULL;
    cc_status st = {0};
    CHECK_CODE(cc__decode_frame(unknown, sizeof unknown, 1 << 20, &f, NULL, NULL, &st), CC_OK, &st);
    CHECK(f && f->response && f->response->call_id == 7);
    if (f) protobuf_c_message_free_unpacked(&f->base, NULL);
  }

  test_begin("decode budget: many empty repeated messages");
  {
    /* Frame{response{call_id 9, list_communities{ 20,000 × communities{} }}} */
    size_t items = 20000, body = items * 2;
    uint8_t *buf = malloc(body + 32);
    size_t n = 0;
    size_t inner = 2 + 2 + 3 + body; /* call id, member tag (2 bytes), length varint (3 bytes), items */
    buf[n++] = 0x22;
    buf[n++] = (uint8_t)(0x80 | (inner & 0x7f));
    buf[n++] = (uint8_t)(0x80 | ((inner >> 7) & 0x7f));
    buf[n++] = (uint8_t)(inner >> 14);
    buf[n++] = 0x08, buf[n++] = 0x09;
    buf[n++] = 0xa2, buf[n++] = 0x01; /* field 20, wire type 2 */
    buf[n++] = (uint8_t)(0x80 | (body & 0x7f));
    buf[n++] = (uint8_t)(0x80 | ((body >> 7) & 0x7f));
    buf[n++] = (uint8_t)(body >> 14);
    for (size_t i = 0; i < items; i++) buf[n++] = 0x12, buf[n++] = 0x00;
    Council__V1__Frame *f = NULL;
    cc_status st = {0};
    CHECK_CODE(cc__decode_frame(buf, n, 256 * 1024, &f, &id, &have, &st), CC_INTERNAL, &st);
    CHECK(st.message && strstr(st.message, "decode budget") != NULL);
    cc_status_clear(&st);
    CHECK_CODE(cc__decode_frame(buf, n, 8u << 20, &f, &id, &have, &st), CC_OK, &st);
    CHECK(f && f->response->list_communities->n_communities == items);
    if (f) protobuf_c_message_free_unpacked(&f->base, NULL);
    free(buf);
  }

  test_begin("scan: nesting deeper than the schema allows is impossible, but bounded");
  {
    /* Nothing in council.v1 nests recursively, so deep input can only be unknown fields, which are skipped
     * without recursion. A frame of 1000 nested unknown length-delimited fields scans flat. */
    uint8_t buf[3000];
    size_t n = 0;
    for (int i = 0; i < 1000; i++) buf[n++] = 0x7a, buf[n++] = 0x00; /* field 15, empty */
    CHECK(scan(buf, n, problem, &id, &have) == 0);
  }
}

static void test_requests(void) {
  uint8_t *out = NULL;
  size_t n;
  cc_status st = {0};

  test_begin("a call without a method is refused");
  Council__V1__Call empty = COUNCIL__V1__CALL__INIT;
  CHECK_CODE(cc__encode_call(&empty, 1, 0, NULL, 0, &out, &n, &st), CC_INVALID_ARGUMENT, &st);
  CHECK_STR(st.reason, CC_REASON_BAD_REQUEST);
  cc_status_clear(&st);

  test_begin("a request string that is not UTF-8 is refused, naming the field");
  Council__V1__Submission sub = COUNCIL__V1__SUBMISSION__INIT;
  Council__V1__SubmitRequest req = COUNCIL__V1__SUBMIT_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  char *attachments[] = {"photo-1.jpg", "photo-\xff.jpg"};
  sub.title = "ok";
  sub.n_attachments = 2;
  sub.attachments = attachments;
  req.submission = &sub;
  call.request_case = COUNCIL__V1__CALL__REQUEST_SUBMIT;
  call.submit = &req;
  CHECK_CODE(cc__encode_call(&call, 1, 0, NULL, 0, &out, &n, &st), CC_INVALID_ARGUMENT, &st);
  CHECK_STR(st.field, "submit.submission.attachments[1]");
  cc_status_clear(&st);
  sub.n_attachments = 1;
  sub.title = "bad \xe4\xb8";
  CHECK_CODE(cc__encode_call(&call, 1, 0, NULL, 0, &out, &n, &st), CC_INVALID_ARGUMENT, &st);
  CHECK_STR(st.field, "submit.submission.title");
  cc_status_clear(&st);
  sub.title = "ok";

  test_begin("metadata longer than 128 characters is refused; 128 Chinese characters pass");
  char longkey[200];
  memset(longkey, 'k', 129);
  longkey[129] = '\0';
  cc_call_options o = {0, NULL, longkey, NULL};
  CHECK_CODE(cc__encode_call(&call, 1, 0, &o, 0, &out, &n, &st), CC_INVALID_ARGUMENT, &st);
  CHECK_STR(st.field, "metadata.idempotency_key");
  cc_status_clear(&st);
  char chinese[128 * 3 + 1] = "";
  for (int i = 0; i < 128; i++) strcat(chinese, "案");
  o.idempotency_key = chinese;
  CHECK_CODE(cc__encode_call(&call, 1, 0, &o, 0, &out, &n, &st), CC_OK, &st);
  free(out);

  test_begin("a call larger than the server's frame limit is refused before sending");
  CHECK_CODE(cc__encode_call(&call, 1, 0, &o, 64, &out, &n, &st), CC_INVALID_ARGUMENT, &st);
  cc_status_clear(&st);
}

static void test_statuses(void) {
  test_begin("status description and retry advice");
  cc_status st = {0};
  cc__set_status(&st, CC_UNAVAILABLE, CC_REASON_NOT_PROCESSED, "", "x");
  CHECK(cc_status_retryable(&st));
  cc__set_status(&st, CC_RESOURCE_EXHAUSTED, "tooManyCalls", "", "x");
  CHECK(cc_status_retryable(&st));
  cc__set_status(&st, CC_RESOURCE_EXHAUSTED, "storageFull", "", "the server's disk is full; nothing was written; try again later");
  CHECK(cc_status_retryable(&st));
  cc__set_status(&st, CC_RESOURCE_EXHAUSTED, "frameTooLarge", "", "x");
  CHECK(!cc_status_retryable(&st));
  cc__set_status(&st, CC_FAILED_PRECONDITION, "illegalTransition", "", "cannot evaluate");
  st.case_status = 8;
  st.allowed_operations = malloc(2 * sizeof(int));
  st.allowed_operations[0] = 11, st.allowed_operations[1] = 15;
  st.n_allowed_operations = 2;
  char buf[512];
  cc_status_describe(&st, buf, sizeof buf);
  CHECK(strstr(buf, "FAILED_PRECONDITION illegalTransition") && strstr(buf, "case is inProgress") &&
        strstr(buf, "addProgress resolve"));
  CHECK(!cc_status_retryable(&st));
  cc_status_clear(&st);
  cc_status_clear(&st);
  CHECK_STR(cc_code_name(16), "UNAUTHENTICATED");
  CHECK_STR(cc_code_name(99), "?");
  CHECK_STR(cc_case_status_name(10), "awaitingEvaluation");
  CHECK_STR(cc_case_operation_name(19), "verify");
}

int main(void) {
  test_reading();
  test_utf8();
  test_scan();
  test_requests();
  test_statuses();
  return test_finish();
}
