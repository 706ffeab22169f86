/*
 * grid_report — the grid-management platform (网格化管理) reports a grid worker's event and verifies the fix.
 *
 *   1. locate_grid_cell: which community the worker's grid cell lies in (NOT_FOUND for an unknown cell);
 *   2. submit the event: grid cell code, WGS-84 coordinates, category, photo references, the platform's own
 *      event id as external reference (a retry is the same case);
 *   3. poll get_case until the hall has resolved it;
 *   4. record the platform's on-site verification (核查) with `verify`: pass, or --fail (the case goes back
 *      to handling). Only the system that submitted a case may verify it.
 *
 * Connects as client system "grid-platform" with COUNCIL_KEY (scopes: submit, read — a source system may verify
 * its own cases), or over mutual TLS with the platform's client certificate (--ca, --cert, --cert-key), with or
 * without the key. With COUNCIL_HALL_KEY it also plays the hall so the case resolves. See example_common.h.
 */
#include "example_common.h"

static const char *SYSTEM = "grid-platform";
static const char *CELL = "130703007001";

int main(int argc, char **argv) {
  example_settings s;
  parse_settings(argc, argv, &s, " [--pass | --fail]");
  int exit_code = 1;
  cc_conn *conn = connect_as(&s, SYSTEM, "grid_report example", s.key, 1);
  if (!conn) return 1;
  cc_conn *hall = NULL;
  Council__V1__Response *located = NULL, *submitted = NULL, *current = NULL, *verified = NULL;
  cc_status st = {0};
  char reference[128], key[200];
  snprintf(reference, sizeof reference, "WG-%s", s.reference);

  /* 1. Where is the cell? */
  Council__V1__LocateGridCellRequest lreq = COUNCIL__V1__LOCATE_GRID_CELL_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  lreq.grid_cell = (char *)CELL;
  call.request_case = COUNCIL__V1__CALL__REQUEST_LOCATE_GRID_CELL;
  call.locate_grid_cell = &lreq;
  if (cc_unary(conn, &call, NULL, &located, &st) != CC_OK) {
    print_status("locate_grid_cell", &st);
    goto done;
  }
  const Council__V1__Community *community = located->locate_grid_cell->community;
  printf("grid cell %s lies in %s %s\n", CELL, community->code, community->name);

  /* 2. Report the event. */
  Council__V1__Location where = COUNCIL__V1__LOCATION__INIT;
  Council__V1__ExternalReference ref = COUNCIL__V1__EXTERNAL_REFERENCE__INIT;
  Council__V1__Submission sub = COUNCIL__V1__SUBMISSION__INIT;
  char *photos[] = {"grid://photos/2026/11/WG-0001-1.jpg", "grid://photos/2026/11/WG-0001-2.jpg"};
  where._grid_cell_case = COUNCIL__V1__LOCATION___GRID_CELL_GRID_CELL;
  where.grid_cell = (char *)CELL;
  where._latitude_case = COUNCIL__V1__LOCATION___LATITUDE_LATITUDE;
  where.latitude = 40.7676;
  where._longitude_case = COUNCIL__V1__LOCATION___LONGITUDE_LONGITUDE;
  where.longitude = 114.8794;
  where._description_case = COUNCIL__V1__LOCATION___DESCRIPTION_DESCRIPTION;
  where.description = "5号楼北侧路灯";
  ref.system = (char *)SYSTEM;
  ref.reference = reference;
  sub.title = "路灯损坏，夜间无照明";
  sub.description = "网格员巡查发现5号楼北侧两盏路灯不亮。";
  sub.source = COUNCIL__V1__CASE_SOURCE__CASE_SOURCE_GRID_PLATFORM;
  sub._community_case = COUNCIL__V1__SUBMISSION___COMMUNITY_COMMUNITY;
  sub.community = community->code;
  sub._category_case = COUNCIL__V1__SUBMISSION___CATEGORY_CATEGORY;
  sub.category = "environment";
  sub.location = &where;
  sub.external_reference = &ref;
  sub.n_attachments = 2;
  sub.attachments = photos;
  snprintf(key, sizeof key, "%s-submit", reference);
  cc_call_options submit_options = {10000, NULL, key, "GW-0417"};
  if (cc_submit(conn, &sub, &submit_options, &submitted, &st) != CC_OK) {
    print_status("submit", &st);
    goto done;
  }
  const Council__V1__Case *c = submitted->submit->case_;
  print_case("reported: ", c);
  printf("the case %s on-site verification by this platform\n", c->requires_verification ? "requires" : "does not require");

  if (s.hall_key) {
    hall = connect_as(&s, s.hall_system, "grid_report example (hall)", s.hall_key, 0);
    if (!hall || play_hall(hall, c->id, c->version, 0) != 0) goto done;
  }

  /* 3. Poll until resolved. */
  int64_t give_up = wall_ms() + (int64_t)s.wait_seconds * 1000, seen = 0;
  for (;;) {
    cc_response_free(current);
    current = NULL;
    if (cc_get_case_by_id(conn, c->id, NULL, &current, &st) != CC_OK) {
      print_status("get_case", &st);
      if (!cc_status_retryable(&st) || !cc_conn_usable(conn)) goto done;
      cc_status_clear(&st);
    } else {
      const Council__V1__Case *now = current->get_case->case_;
      if (now->version != seen) print_case("poll: ", now);
      seen = now->version;
      if (case_settled((int)now->status)) break;
      if (case_abandoned((int)now->status)) {
        fprintf(stderr, "the hall ended the case without resolving it\n");
        goto done;
      }
    }
    if (wall_ms() > give_up) {
      fprintf(stderr, "the case was not resolved within %d s\n", s.wait_seconds);
      goto done;
    }
    usleep(500 * 1000);
  }
  const Council__V1__Case *now = current->get_case->case_;
  if (now->result) printf("result: %s\n", now->result->summary);

  /* 4. Verify on site, against the version just read; the key makes a retry after a lost answer harmless. */
  Council__V1__Verification v = COUNCIL__V1__VERIFICATION__INIT;
  Council__V1__VerifyRequest vreq = COUNCIL__V1__VERIFY_REQUEST__INIT;
  v.passed = !s.fail;
  v._note_case = COUNCIL__V1__VERIFICATION___NOTE_NOTE;
  v.note = s.fail ? "复查时仍有一盏路灯不亮" : "复查两盏路灯均已恢复照明";
  vreq.case_id = now->id;
  vreq.expected_version = now->version;
  vreq.verification = &v;
  call.request_case = COUNCIL__V1__CALL__REQUEST_VERIFY;
  call.verify = &vreq;
  snprintf(key, sizeof key, "%s-verify-v%lld", reference, (long long)now->version);
  cc_call_options verify_options = {10000, NULL, key, "GW-0417"};
  if (cc_unary(conn, &call, &verify_options, &verified, &st) != CC_OK) {
    print_status("verify", &st);
    goto done;
  }
  print_case(s.fail ? "verification failed, " : "verification passed, ", verified->verify->case_);
  exit_code = 0;

done:
  cc_status_clear(&st);
  cc_response_free(located);
  cc_response_free(submitted);
  cc_response_free(current);
  cc_response_free(verified);
  if (hall) cc_shutdown(hall, 2000);
  cc_shutdown(conn, 2000);
  return exit_code;
}
