/*
 * harness.h — the few helpers the C tests share: checks that count, reading test data, starting the fake
 * server (Clients/testing/fake_councild.py) on a loopback port, plain or over TLS, and making a throwaway PKI
 * for it (scripts/make-test-pki.sh). Each test program ends with the line "N passed, N failed[, N skipped]" and
 * exits non-zero when anything failed.
 */
#ifndef COUNCIL_TEST_HARNESS_H
#define COUNCIL_TEST_HARNESS_H

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "council_client_internal.h"

static int t_passed, t_failed, t_skipped;
static const char *t_current = "";

#define CHECK(cond)                                                                          \
  do {                                                                                       \
    if (cond) {                                                                              \
      t_passed++;                                                                            \
    } else {                                                                                 \
      t_failed++;                                                                            \
      fprintf(stderr, "FAIL %s: %s:%d: %s\n", t_current, __FILE__, __LINE__, #cond);         \
    }                                                                                        \
  } while (0)

#define CHECK_STR(a, b)                                                                      \
  do {                                                                                       \
    const char *a_ = (a), *b_ = (b);                                                         \
    if (a_ && b_ && strcmp(a_, b_) == 0) {                                                   \
      t_passed++;                                                                            \
    } else {                                                                                 \
      t_failed++;                                                                            \
      fprintf(stderr, "FAIL %s: %s:%d: %s is \"%s\", expected \"%s\"\n", t_current, __FILE__, \
              __LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");                         \
    }                                                                                        \
  } while (0)

#define CHECK_CODE(got, want, st)                                                            \
  do {                                                                                       \
    int g_ = (got), w_ = (want);                                                             \
    if (g_ == w_) {                                                                          \
      t_passed++;                                                                            \
    } else {                                                                                 \
      char d_[1024] = "";                                                                    \
      t_failed++;                                                                            \
      t_describe((st), d_, sizeof d_);                                                       \
      fprintf(stderr, "FAIL %s: %s:%d: %s is %s, expected %s (%s)\n", t_current, __FILE__,   \
              __LINE__, #got, cc_code_name(g_), cc_code_name(w_), d_);                        \
    }                                                                                        \
  } while (0)

#define T_UNUSED __attribute__((unused))

T_UNUSED static void t_describe(const cc_status *st, char *buf, size_t size) {
  if (st && st->message) cc_status_describe(st, buf, size);
}

T_UNUSED static void test_begin(const char *name) {
  t_current = name;
  printf("-- %s\n", name);
  fflush(stdout);
}

T_UNUSED static int test_finish(void) {
  printf("%d passed, %d failed", t_passed, t_failed);
  if (t_skipped) printf(", %d skipped", t_skipped);
  printf("\n");
  return t_failed ? 1 : 0;
}

T_UNUSED static uint8_t *read_file(const char *path, size_t *length) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *length = (size_t)n;
  return buf;
}

T_UNUSED static int64_t test_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- The fake server ---- */

typedef struct {
  pid_t pid;
  int stdin_fd; /* closing it makes the server exit */
  int port;
  char address[64];
} fake_server;

/* Starts fake_councild.py accepting `token` (NULL: any), its hall acting every `hall_delay_ms` (NULL: the
 * fake's default), with the NULL-terminated arguments `extra` (may be NULL). Returns 0 on success. */
T_UNUSED static int fake_start_args(fake_server *fs, const char *token, const char *hall_delay_ms,
                                    const char *const *extra) {
  int in[2], out[2];
  memset(fs, 0, sizeof *fs);
  if (pipe(in) || pipe(out)) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    close(in[1]);
    close(out[0]);
    const char *argv[20];
    int i = 0;
    argv[i++] = PYTHON;
    argv[i++] = FAKE_SERVER;
    if (token) argv[i++] = "--token", argv[i++] = token;
    if (hall_delay_ms) argv[i++] = "--hall-delay-ms", argv[i++] = hall_delay_ms;
    argv[i++] = "--max-seconds";
    argv[i++] = "600";
    for (int k = 0; extra && extra[k] && i < 19; k++) argv[i++] = extra[k];
    argv[i] = NULL;
    execvp(PYTHON, (char *const *)argv);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  fs->pid = pid;
  fs->stdin_fd = in[1];
  char line[128] = "";
  size_t n = 0;
  while (n < sizeof line - 1) {
    ssize_t k = read(out[0], line + n, 1);
    if (k <= 0) break;
    if (line[n] == '\n') break;
    n++;
  }
  line[n] = '\0';
  close(out[0]);
  if (sscanf(line, "LISTENING %d", &fs->port) != 1) {
    fprintf(stderr, "the fake server did not start: \"%s\"\n", line);
    return -1;
  }
  snprintf(fs->address, sizeof fs->address, "127.0.0.1:%d", fs->port);
  return 0;
}

T_UNUSED static int fake_start(fake_server *fs, const char *token, const char *hall_delay_ms) {
  return fake_start_args(fs, token, hall_delay_ms, NULL);
}

/* The fake over TLS with the certificates in `pki_dir` (see pki_make). It asks for a client certificate and
 * verifies one that is sent; with `require_client_cert` it refuses the TLS handshake without one. */
T_UNUSED static int fake_start_tls(fake_server *fs, const char *token, const char *hall_delay_ms,
                                   const char *pki_dir, int require_client_cert) {
  const char *extra[] = {"--tls-dir", pki_dir, require_client_cert ? "--require-client-cert" : NULL, NULL};
  return fake_start_args(fs, token, hall_delay_ms, extra);
}

T_UNUSED static void fake_stop(fake_server *fs) {
  if (fs->pid <= 0) return;
  close(fs->stdin_fd);
  int status;
  for (int i = 0; i < 50; i++) {
    if (waitpid(fs->pid, &status, WNOHANG) == fs->pid) {
      fs->pid = 0;
      return;
    }
    usleep(20000);
  }
  kill(fs->pid, SIGTERM);
  waitpid(fs->pid, &status, 0);
  fs->pid = 0;
}

/* ---- A throwaway PKI ---- */

/* Makes a new temporary directory and fills it with scripts/make-test-pki.sh (ca.pem, server.pem,
 * grid-platform.pem and -key.pem, stranger-ca.pem, …). `dir` receives its path. Returns 0 on success. */
T_UNUSED static int pki_make(char *dir, size_t size) {
  char cmd[1024];
  snprintf(dir, size, "/tmp/council-pki-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  snprintf(cmd, sizeof cmd, "'%s' '%s' >/dev/null", PKI_SCRIPT, dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* Removes what pki_make made (one flat directory). */
T_UNUSED static void pki_remove(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char path[1024];
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  closedir(d);
  rmdir(dir);
}

#endif
