/*
 * test_golden.c — the golden frames of Schemas/testdata: each decodes to the values its .md lists and
 * re-encodes byte for byte; the frames a client sends are also built from those values through the library's
 * own encoders (handshake, calls with and without metadata, the pong answering a ping) and compared with the files.
 */
#include "harness.h"

#define CASE_ID "6f1c2a4e-8b3d-4c5e-9a7f-0123456789ab"
#define NUMBER "QX07-20261130-0003"
#define REGISTERED 1796000400000LL   /* Monday 2026-11-30 09:00 UTC+8 */
#define RESPONSE_DUE 1797350400000LL /* 2026-12-16 00:00 UTC+8: the midnight that ends the 15th calendar day */
#define HANDLING_DUE 1801238400000LL /* 2027-01-30 00:00 UTC+8: the midnight that ends the 60th calendar day */
#define DRAINING_MESSAGE "the server is shutting down"

static uint8_t *golden(const char *name, size_t *length) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", TESTDATA, name);
  uint8_t *data = read_file(path, length);
  if (!data) fprintf(stderr, "cannot read %s\n", path);
  return data;
}

/* Decodes a golden file through the client's checked decoder; checks the length prefix. */
static Council__V1__Frame *decode_golden(const char *name, uint8_t **bytes, size_t *length) {
  *bytes = golden(name, length);
  CHECK(*bytes != NULL);
  if (!*bytes) return NULL;
  CHECK(*length >= 4);
  uint32_t prefix = (uint32_t)(*bytes)[0] << 24 | (uint32_t)(*bytes)[1] << 16 | (uint32_t)(*bytes)[2] << 8 | (*bytes)[3];
  CHECK(prefix == *length - 4);
  Council__V1__Frame *frame = NULL;
  cc_status st = {0};
  int r = cc__decode_frame(*bytes + 4, *length - 4, 8u << 20, &frame, NULL, NULL, &st);
  CHECK_CODE(r, CC_OK, &st);
  cc_status_clear(&st);
  return frame;
}

static void check_reencode(const Council__V1__Frame *frame, const uint8_t *bytes, size_t length) {
  uint8_t *out = NULL;
  size_t n = 0;
  CHECK(cc__encode_frame(frame, &out, &n) == CC_OK);
  CHECK(n == length && memcmp(out, bytes, length) == 0);
  free(out);
}

static void check_same(const uint8_t *built, size_t built_len, const char *name) {
  size_t n;
  uint8_t *want = golden(name, &n);
  CHECK(want && built && built_len == n && memcmp(built, want, n) == 0);
  free(want);
}

static void test_handshake(void) {
  test_begin("handshake.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("handshake.bin", &bytes, &n);
  if (!f) return;
  CHECK(f->kind_case == COUNCIL__V1__FRAME__KIND_HANDSHAKE);
  CHECK(f->handshake->protocol_version == 1);
  CHECK_STR(f->handshake->client_system, "petition-office");
  CHECK_STR(f->handshake->client_instance, "xf-bridge/2.3");
  CHECK(f->handshake->credential && f->handshake->credential->kind_case == COUNCIL__V1__CREDENTIAL__KIND_BEARER_TOKEN);
  CHECK_STR(f->handshake->credential->bearer_token, "example-token");
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);

  /* The frame cc_connect sends for the same values. */
  cc_options o;
  cc_options_init(&o);
  o.address = "127.0.0.1:7420";
  o.client_system = "petition-office";
  o.client_instance = "xf-bridge/2.3";
  o.bearer_token = "example-token";
  uint8_t *built;
  size_t built_len;
  CHECK(cc__encode_handshake(&o, &built, &built_len) == CC_OK);
  check_same(built, built_len, "handshake.bin");
  free(built);
}

static void test_get_case_call(void) {
  test_begin("get-case-call.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("get-case-call.bin", &bytes, &n);
  if (!f) return;
  CHECK(f->kind_case == COUNCIL__V1__FRAME__KIND_CALL);
  CHECK(f->call->call_id == 2);
  CHECK(f->call->timeout_ms == 0);
  CHECK(f->call->metadata == NULL);
  CHECK(f->call->request_case == COUNCIL__V1__CALL__REQUEST_GET_CASE);
  CHECK(f->call->get_case->key_case == COUNCIL__V1__GET_CASE_REQUEST__KEY_NUMBER);
  CHECK_STR(f->call->get_case->number, NUMBER);
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);

  Council__V1__GetCaseRequest req = COUNCIL__V1__GET_CASE_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  req.key_case = COUNCIL__V1__GET_CASE_REQUEST__KEY_NUMBER;
  req.number = NUMBER;
  call.request_case = COUNCIL__V1__CALL__REQUEST_GET_CASE;
  call.get_case = &req;
  uint8_t *built;
  size_t built_len;
  cc_status st = {0};
  CHECK_CODE(cc__encode_call(&call, 2, 0, NULL, 0, &built, &built_len, &st), CC_OK, &st);
  check_same(built, built_len, "get-case-call.bin");
  free(built);
  CHECK(call.call_id == 0); /* the caller's struct is not touched */
}

static void check_golden_case(const Council__V1__Case *c) {
  CHECK_STR(c->id, CASE_ID);
  CHECK_STR(c->number, NUMBER);
  CHECK(c->version == 1);
  CHECK(c->status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_SUBMITTED);
  CHECK(c->submission != NULL);
  if (c->submission) {
    CHECK_STR(c->submission->title, "小区垃圾清运不及时");
    CHECK_STR(c->submission->description, "三号楼东侧垃圾站三天未清运");
    CHECK(c->submission->source == COUNCIL__V1__CASE_SOURCE__CASE_SOURCE_PETITION_OFFICE);
    CHECK_STR(c->submission->community, "QX07");
    CHECK_STR(c->submission->category, "environment");
    CHECK(c->submission->submitter && c->submission->submitter->_name_case == COUNCIL__V1__PERSONAL_DATA___NAME_NAME);
    if (c->submission->submitter) {
      CHECK_STR(c->submission->submitter->name, "张**");
      CHECK_STR(c->submission->submitter->phone, "138****5678");
    }
    CHECK(c->submission->external_reference != NULL);
    if (c->submission->external_reference) {
      CHECK_STR(c->submission->external_reference->system, "petition-office");
      CHECK_STR(c->submission->external_reference->reference, "XF-2026-000123");
    }
  }
  CHECK(c->submitter_disclosure == COUNCIL__V1__PERSONAL_DATA_DISCLOSURE__PERSONAL_DATA_DISCLOSURE_MASKED);
  CHECK_STR(c->community, "QX07");
  CHECK(c->_category_case == COUNCIL__V1__CASE___CATEGORY_CATEGORY);
  CHECK_STR(c->category, "environment");
  CHECK(c->priority == COUNCIL__V1__PRIORITY__PRIORITY_NORMAL);
  CHECK(c->created_at == REGISTERED && c->updated_at == REGISTERED);
  CHECK(c->response_due == RESPONSE_DUE);
  CHECK(c->step == COUNCIL__V1__LOOP_STEP__LOOP_STEP_COLLECT);
  static const int ops[] = {2, 3, 4, 8, 21};
  CHECK(c->n_allowed_operations == 5);
  for (size_t i = 0; i < 5 && i < c->n_allowed_operations; i++) CHECK((int)c->allowed_operations[i] == ops[i]);
  CHECK(c->deadline_state == COUNCIL__V1__DEADLINE_STATE__DEADLINE_STATE_ON_TIME);
  CHECK(c->_current_due_case == COUNCIL__V1__CASE___CURRENT_DUE_CURRENT_DUE && c->current_due == RESPONSE_DUE);
  /* Fields the description leaves out are absent. */
  CHECK(c->acceptance == NULL && c->result == NULL && c->_handling_due_case == 0 && c->n_meetings == 0);
}

static void test_get_case_response(void) {
  test_begin("get-case-response.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("get-case-response.bin", &bytes, &n);
  if (!f) return;
  CHECK(f->kind_case == COUNCIL__V1__FRAME__KIND_RESPONSE);
  Council__V1__Response *r = f->response;
  CHECK(r->call_id == 2);
  CHECK(r->status == NULL);
  CHECK(r->end_of_stream);
  CHECK(r->response_case == COUNCIL__V1__RESPONSE__RESPONSE_GET_CASE);
  CHECK(r->get_case && r->get_case->case_);
  if (r->get_case && r->get_case->case_) check_golden_case(r->get_case->case_);
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);
}

static void test_error_response(void) {
  test_begin("error-response.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("error-response.bin", &bytes, &n);
  if (!f) return;
  Council__V1__Response *r = f->response;
  CHECK(r->call_id == 3);
  CHECK(r->end_of_stream);
  CHECK(r->response_case == COUNCIL__V1__RESPONSE__RESPONSE__NOT_SET);
  CHECK(r->status != NULL);
  if (r->status) {
    CHECK(r->status->code == COUNCIL__V1__STATUS__CODE__FAILED_PRECONDITION);
    CHECK_STR(r->status->message, "cannot evaluate a case that is inProgress");
    CHECK_STR(r->status->reason, "illegalTransition");
    CHECK_STR(r->status->field, "");
    CHECK(r->status->case_status == COUNCIL__V1__CASE_STATUS__CASE_STATUS_IN_PROGRESS);
    static const int ops[] = {11, 12, 15, 7, 21};
    CHECK(r->status->n_allowed_operations == 5);
    for (size_t i = 0; i < 5 && i < r->status->n_allowed_operations; i++)
      CHECK((int)r->status->allowed_operations[i] == ops[i]);
  }
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);
}

static void test_watch_item(void) {
  test_begin("watch-events-item.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("watch-events-item.bin", &bytes, &n);
  if (!f) return;
  Council__V1__Response *r = f->response;
  CHECK(r->call_id == 4 && r->status == NULL && !r->end_of_stream);
  CHECK(r->response_case == COUNCIL__V1__RESPONSE__RESPONSE_WATCH_EVENTS);
  Council__V1__WatchEventsResponse *w = r->watch_events;
  CHECK(w->submitter_disclosure == COUNCIL__V1__PERSONAL_DATA_DISCLOSURE__PERSONAL_DATA_DISCLOSURE_MASKED);
  CHECK(w->n_events == 1);
  if (w->n_events == 1) {
    Council__V1__Event *e = w->events[0];
    CHECK(e->sequence == 4);
    CHECK_STR(e->case_id, CASE_ID);
    CHECK_STR(e->case_number, NUMBER);
    CHECK(e->version == 2);
    CHECK(e->occurred_at == REGISTERED + 3600 * 1000LL);
    CHECK(e->principal && e->principal->_user_case == COUNCIL__V1__PRINCIPAL___USER_USER);
    if (e->principal) {
      CHECK_STR(e->principal->system, "hall-staff");
      CHECK_STR(e->principal->user, "HS01");
    }
    CHECK(e->change_case == COUNCIL__V1__EVENT__CHANGE_ACCEPTED);
    Council__V1__Acceptance *a = e->accepted;
    CHECK_STR(a->category, "environment");
    CHECK(a->priority == COUNCIL__V1__PRIORITY__PRIORITY_NORMAL);
    CHECK(a->handling_due == HANDLING_DUE);
    CHECK(a->handling_limit && a->handling_limit->unit == COUNCIL__V1__TIME_LIMIT__UNIT__CALENDAR_DAYS &&
          a->handling_limit->count == 60);
    CHECK(a->evaluation_window && a->evaluation_window->unit == COUNCIL__V1__TIME_LIMIT__UNIT__CALENDAR_DAYS &&
          a->evaluation_window->count == 30);
    CHECK(a->max_extension && a->max_extension->unit == COUNCIL__V1__TIME_LIMIT__UNIT__CALENDAR_DAYS &&
          a->max_extension->count == 30);
    CHECK(a->rework_limit == 2);
    CHECK(a->_note_case == 0);
  }
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);
}

static void test_locate(void) {
  test_begin("locate-grid-cell-call.bin / -response.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("locate-grid-cell-call.bin", &bytes, &n);
  if (!f) return;
  CHECK(f->call->call_id == 5 && f->call->timeout_ms == 0 && f->call->metadata == NULL);
  CHECK(f->call->request_case == COUNCIL__V1__CALL__REQUEST_LOCATE_GRID_CELL);
  CHECK_STR(f->call->locate_grid_cell->grid_cell, "130703007001");
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);

  Council__V1__LocateGridCellRequest req = COUNCIL__V1__LOCATE_GRID_CELL_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  req.grid_cell = "130703007001";
  call.request_case = COUNCIL__V1__CALL__REQUEST_LOCATE_GRID_CELL;
  call.locate_grid_cell = &req;
  uint8_t *built;
  size_t built_len;
  cc_status st = {0};
  cc_call_options none = {0};
  CHECK_CODE(cc__encode_call(&call, 5, 0, &none, 0, &built, &built_len, &st), CC_OK, &st);
  check_same(built, built_len, "locate-grid-cell-call.bin");
  free(built);

  f = decode_golden("locate-grid-cell-response.bin", &bytes, &n);
  if (!f) return;
  Council__V1__Response *r = f->response;
  CHECK(r->call_id == 5 && r->status == NULL && r->end_of_stream);
  CHECK(r->response_case == COUNCIL__V1__RESPONSE__RESPONSE_LOCATE_GRID_CELL);
  CHECK_STR(r->locate_grid_cell->grid_cell->code, "130703007001");
  CHECK_STR(r->locate_grid_cell->grid_cell->community, "QX07");
  CHECK(r->locate_grid_cell->grid_cell->_grid_worker_case == COUNCIL__V1__GRID_CELL___GRID_WORKER_GRID_WORKER);
  CHECK_STR(r->locate_grid_cell->grid_cell->grid_worker, "GW07");
  CHECK_STR(r->locate_grid_cell->community->code, "QX07");
  CHECK_STR(r->locate_grid_cell->community->name, "示例社区07");
  CHECK(r->locate_grid_cell->community->_street_case == COUNCIL__V1__COMMUNITY___STREET_STREET);
  CHECK_STR(r->locate_grid_cell->community->street, "新华街街道");
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);
}

static void test_submit_call(void) {
  test_begin("submit-call.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("submit-call.bin", &bytes, &n);
  if (!f) return;
  Council__V1__Call *c = f->call;
  CHECK(c->call_id == 1 && c->timeout_ms == 5000);
  CHECK(c->metadata != NULL);
  if (c->metadata) {
    CHECK_STR(c->metadata->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    CHECK_STR(c->metadata->idempotency_key, "XF-2026-000123-submit");
    CHECK_STR(c->metadata->acting_user, "");
  }
  CHECK(c->request_case == COUNCIL__V1__CALL__REQUEST_SUBMIT);
  Council__V1__Submission *s = c->submit->submission;
  CHECK_STR(s->title, "小区垃圾清运不及时");
  CHECK_STR(s->description, "三号楼东侧垃圾站三天未清运");
  CHECK(s->source == COUNCIL__V1__CASE_SOURCE__CASE_SOURCE_PETITION_OFFICE);
  CHECK_STR(s->community, "QX07");
  CHECK_STR(s->category, "environment");
  CHECK_STR(s->submitter->name, "张三");
  CHECK_STR(s->submitter->phone, "13812345678");
  CHECK(s->submitter->_address_case == 0 && s->submitter->_id_number_case == 0);
  CHECK_STR(s->external_reference->system, "petition-office");
  CHECK_STR(s->external_reference->reference, "XF-2026-000123");
  CHECK(s->location == NULL && s->_requested_due_case == 0 && s->n_attachments == 0);
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);

  /* Built from the described values through the library's call encoder. */
  Council__V1__PersonalData who = COUNCIL__V1__PERSONAL_DATA__INIT;
  Council__V1__ExternalReference ref = COUNCIL__V1__EXTERNAL_REFERENCE__INIT;
  Council__V1__Submission sub = COUNCIL__V1__SUBMISSION__INIT;
  Council__V1__SubmitRequest req = COUNCIL__V1__SUBMIT_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  who._name_case = COUNCIL__V1__PERSONAL_DATA___NAME_NAME;
  who.name = "张三";
  who._phone_case = COUNCIL__V1__PERSONAL_DATA___PHONE_PHONE;
  who.phone = "13812345678";
  ref.system = "petition-office";
  ref.reference = "XF-2026-000123";
  sub.title = "小区垃圾清运不及时";
  sub.description = "三号楼东侧垃圾站三天未清运";
  sub.source = COUNCIL__V1__CASE_SOURCE__CASE_SOURCE_PETITION_OFFICE;
  sub._community_case = COUNCIL__V1__SUBMISSION___COMMUNITY_COMMUNITY;
  sub.community = "QX07";
  sub._category_case = COUNCIL__V1__SUBMISSION___CATEGORY_CATEGORY;
  sub.category = "environment";
  sub.submitter = &who;
  sub.external_reference = &ref;
  req.submission = &sub;
  call.request_case = COUNCIL__V1__CALL__REQUEST_SUBMIT;
  call.submit = &req;
  cc_call_options o = {5000, "4bf92f3577b34da6a3ce929d0e0e4736", "XF-2026-000123-submit", NULL};
  uint8_t *built;
  size_t built_len;
  cc_status st = {0};
  CHECK_CODE(cc__encode_call(&call, 1, o.timeout_ms, &o, 1u << 20, &built, &built_len, &st), CC_OK, &st);
  check_same(built, built_len, "submit-call.bin");
  free(built);
}

static void test_handshake_result(void) {
  test_begin("handshake-result.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("handshake-result.bin", &bytes, &n);
  if (!f) return;
  CHECK(f->kind_case == COUNCIL__V1__FRAME__KIND_HANDSHAKE_RESULT);
  Council__V1__HandshakeResult *h = f->handshake_result;
  /* Accepted: the status is present and empty (code 0), which means OK as an absent one would. */
  CHECK(h->status != NULL);
  if (h->status) {
    CHECK(h->status->code == COUNCIL__V1__STATUS__CODE__OK);
    CHECK_STR(h->status->message, "");
    CHECK_STR(h->status->reason, "");
    CHECK_STR(h->status->field, "");
    CHECK(h->status->n_allowed_operations == 0);
  }
  CHECK(h->protocol_version == 1);
  CHECK_STR(h->server_id, "councild-01");
  CHECK(h->limits != NULL);
  if (h->limits) {
    CHECK(h->limits->max_frame_bytes == 1048576 && h->limits->decode_budget_bytes == 8388608);
    CHECK(h->limits->max_concurrent_calls == 100 && h->limits->idle_timeout_ms == 300000);
    CHECK(h->limits->frame_read_timeout_ms == 10000 && h->limits->default_call_timeout_ms == 30000);
  }
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);
}

static void check_draining(const Council__V1__Status *s) {
  CHECK(s != NULL);
  if (!s) return;
  CHECK(s->code == COUNCIL__V1__STATUS__CODE__UNAVAILABLE);
  CHECK_STR(s->message, DRAINING_MESSAGE);
  CHECK_STR(s->reason, "draining");
  CHECK_STR(s->field, "");
}

static void test_watch_end(void) {
  test_begin("watch-events-end.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("watch-events-end.bin", &bytes, &n);
  if (!f) return;
  CHECK(f->kind_case == COUNCIL__V1__FRAME__KIND_RESPONSE);
  Council__V1__Response *r = f->response;
  CHECK(r->call_id == 4 && r->end_of_stream);
  CHECK(r->response_case == COUNCIL__V1__RESPONSE__RESPONSE__NOT_SET);
  check_draining(r->status);
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);
}

static void test_ping_pong(void) {
  test_begin("ping.bin / pong.bin");
  uint8_t *ping_bytes, *pong_bytes;
  size_t ping_n, pong_n;
  Council__V1__Frame *ping = decode_golden("ping.bin", &ping_bytes, &ping_n);
  Council__V1__Frame *pong = decode_golden("pong.bin", &pong_bytes, &pong_n);
  if (ping && pong) {
    CHECK(ping->kind_case == COUNCIL__V1__FRAME__KIND_PING && pong->kind_case == COUNCIL__V1__FRAME__KIND_PONG);
    CHECK(ping->ping->payload == (uint64_t)REGISTERED);
    CHECK(pong->pong->payload == ping->ping->payload);
    check_reencode(ping, ping_bytes, ping_n);
    check_reencode(pong, pong_bytes, pong_n);
    /* The answer to the ping, built as the client builds it: the same payload. */
    Council__V1__Pong answer = COUNCIL__V1__PONG__INIT;
    Council__V1__Frame reply = COUNCIL__V1__FRAME__INIT;
    answer.payload = ping->ping->payload;
    reply.kind_case = COUNCIL__V1__FRAME__KIND_PONG;
    reply.pong = &answer;
    check_reencode(&reply, pong_bytes, pong_n);
  }
  if (ping) protobuf_c_message_free_unpacked(&ping->base, NULL);
  if (pong) protobuf_c_message_free_unpacked(&pong->base, NULL);
  free(ping_bytes);
  free(pong_bytes);
}

static void test_goaway_drain(void) {
  test_begin("goaway-drain.bin");
  uint8_t *bytes;
  size_t n;
  Council__V1__Frame *f = decode_golden("goaway-drain.bin", &bytes, &n);
  if (!f) return;
  CHECK(f->kind_case == COUNCIL__V1__FRAME__KIND_GOAWAY);
  CHECK(f->goaway->last_call_id == 5);
  check_draining(f->goaway->status);
  check_reencode(f, bytes, n);
  protobuf_c_message_free_unpacked(&f->base, NULL);
  free(bytes);
}

int main(void) {
  test_handshake();
  test_handshake_result();
  test_watch_end();
  test_ping_pong();
  test_goaway_drain();
  test_get_case_call();
  test_get_case_response();
  test_error_response();
  test_watch_item();
  test_locate();
  test_submit_call();
  return test_finish();
}
