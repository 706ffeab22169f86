// The storage bound of the benchmarks: what SQLite itself does per durable submit on this machine.
//
//     sqlite-insert-bound DATABASE STATE_FILE CHANGE_FILE TOKENS SECONDS
//
// DATABASE is a store SQLiteCaseStore created (so the tables, indexes and FTS index are exactly its own). Each
// submit is the rows SQLiteCaseStore writes for a new case — the case row with STATE_FILE's bytes as its state, the
// full-text row with TOKENS, the event row with CHANGE_FILE's bytes — in one transaction, in WAL mode with
// synchronous=FULL, through prepared statements: no JSON, no Swift, no checks. Prints "submits SECONDS RATE".
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *read_file(const char *path, long *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *data = malloc(*size > 0 ? *size : 1);
    if (*size > 0 && fread(data, 1, *size, f) != (size_t)*size) { perror(path); exit(2); }
    fclose(f);
    return data;
}

static void check(sqlite3 *db, int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s DATABASE STATE_FILE CHANGE_FILE TOKENS SECONDS\n", argv[0]);
        return 2;
    }
    long state_size, change_size;
    void *state = read_file(argv[2], &state_size);
    void *change = read_file(argv[3], &change_size);
    const char *tokens = argv[4];
    double seconds = atof(argv[5]);

    sqlite3 *db;
    check(db, sqlite3_open(argv[1], &db), "open");
    check(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", 0, 0, 0), "pragmas");
    sqlite3_stmt *begin, *commit, *insert_case, *insert_text, *insert_event;
    check(db, sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, 0), "prepare");
    check(db, sqlite3_prepare_v2(db, "COMMIT", -1, &commit, 0), "prepare");
    check(db, sqlite3_prepare_v2(db,
        "INSERT INTO cases (id, number, number_prefix, serial, ext_system, ext_reference, created_at, version, status,"
        " community, category, source, unit, master_id, current_due, updated_at, state)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'submitted', 'QX07', 'environment', 'petitionOffice', NULL, NULL, ?, ?, ?)",
        -1, &insert_case, 0), "prepare");
    check(db, sqlite3_prepare_v2(db, "INSERT INTO case_text (rowid, tokens) VALUES (?, ?)", -1, &insert_text, 0), "prepare");
    check(db, sqlite3_prepare_v2(db,
        "INSERT INTO events (case_id, version, occurred_at, principal_system, principal_user, kind, change)"
        " VALUES (?, 1, ?, 'petition-office', NULL, 'submitted', ?)", -1, &insert_event, 0), "prepare");

    char id[64], number[64], reference[64];
    long long base = (long long)time(NULL) * 1000;
    long n = 0;
    double start = now(), elapsed = 0;
    while (elapsed < seconds) {
        n++;
        snprintf(id, sizeof id, "00000000-0000-4000-8000-%012ld", n);
        snprintf(number, sizeof number, "QX07-20990101-%04ld", n);
        snprintf(reference, sizeof reference, "XF-BOUND-%ld", n);
        long long at = base + n;
        check(db, sqlite3_step(begin), "begin");
        sqlite3_reset(begin);
        sqlite3_bind_text(insert_case, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert_case, 2, number, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert_case, 3, "QX07-20990101", -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert_case, 4, n);
        sqlite3_bind_text(insert_case, 5, "petition-office", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert_case, 6, reference, -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert_case, 7, at);
        sqlite3_bind_int64(insert_case, 8, at + 86400000);
        sqlite3_bind_int64(insert_case, 9, at);
        sqlite3_bind_blob(insert_case, 10, state, (int)state_size, SQLITE_STATIC);
        check(db, sqlite3_step(insert_case), "insert case");
        sqlite3_reset(insert_case);
        sqlite3_bind_int64(insert_text, 1, sqlite3_last_insert_rowid(db));
        sqlite3_bind_text(insert_text, 2, tokens, -1, SQLITE_STATIC);
        check(db, sqlite3_step(insert_text), "insert text");
        sqlite3_reset(insert_text);
        sqlite3_bind_text(insert_event, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert_event, 2, at);
        sqlite3_bind_blob(insert_event, 3, change, (int)change_size, SQLITE_STATIC);
        check(db, sqlite3_step(insert_event), "insert event");
        sqlite3_reset(insert_event);
        check(db, sqlite3_step(commit), "commit");
        sqlite3_reset(commit);
        elapsed = now() - start;
    }
    printf("submits %ld %.3f %.1f\n", n, elapsed, n / elapsed);
    sqlite3_close(db);
    return 0;
}
