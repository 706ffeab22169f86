/*
 * council_client.c — see council_client.h for the API, the threading model and ownership rules, and
 * Schemas/PROTOCOL.md for the wire protocol this implements.
 *
 * Layout: statuses · UTF-8 and the pre-scan of untrusted bytes · budgeted decoding · the transport (plain TCP
 * or TLS) and frame I/O · encoding · the connection (connect, TLS, handshake, reader thread) · calls · ping,
 * goaway, shutdown · convenience.
 */
#define _GNU_SOURCE
#include "council_client_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#define CC_PROTOCOL_VERSION 1u
#define CC_DEFAULT_PORT "7420"
#define CC_MAX_DEPTH 32
#define CC_ALLOC_OVERHEAD 16
#define CC_METADATA_MAX_CHARS 128

/* ================================================================================================
 * Statuses
 * ================================================================================================ */

static char *dup_or_empty(const char *s) {
  char *copy = strdup(s ? s : "");
  return copy;
}

void cc_status_clear(cc_status *status) {
  if (!status) return;
  free(status->message);
  free(status->field);
  free(status->reason);
  free(status->allowed_operations);
  memset(status, 0, sizeof *status);
}

void cc__set_status(cc_status *status, int code, const char *reason, const char *field, const char *fmt, ...) {
  if (!status) return;
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  cc_status_clear(status);
  status->code = code;
  status->origin = CC_ORIGIN_CLIENT;
  status->message = dup_or_empty(message);
  status->field = dup_or_empty(field);
  status->reason = dup_or_empty(reason);
}

/* Copies the server's Status (NULL means OK) into `out`. */
static void status_from_wire(cc_status *out, const Council__V1__Status *in) {
  cc_status_clear(out);
  out->origin = CC_ORIGIN_SERVER;
  if (!in) {
    out->message = dup_or_empty("");
    out->field = dup_or_empty("");
    out->reason = dup_or_empty("");
    return;
  }
  out->code = (int)in->code;
  out->message = dup_or_empty(in->message);
  out->field = dup_or_empty(in->field);
  out->reason = dup_or_empty(in->reason);
  out->case_status = (int)in->case_status;
  if (in->n_allowed_operations > 0) {
    out->allowed_operations = calloc(in->n_allowed_operations, sizeof(int));
    if (out->allowed_operations) {
      out->n_allowed_operations = in->n_allowed_operations;
      for (size_t i = 0; i < in->n_allowed_operations; i++) out->allowed_operations[i] = (int)in->allowed_operations[i];
    }
  }
}

static void status_copy(cc_status *out, const cc_status *in) {
  if (!out) return;
  cc_status_clear(out);
  out->code = in->code;
  out->origin = in->origin;
  out->message = dup_or_empty(in->message);
  out->field = dup_or_empty(in->field);
  out->reason = dup_or_empty(in->reason);
  out->case_status = in->case_status;
  if (in->n_allowed_operations > 0) {
    out->allowed_operations = calloc(in->n_allowed_operations, sizeof(int));
    if (out->allowed_operations) {
      out->n_allowed_operations = in->n_allowed_operations;
      memcpy(out->allowed_operations, in->allowed_operations, in->n_allowed_operations * sizeof(int));
    }
  }
}

const char *cc_code_name(int code) {
  static const char *const names[] = {"OK",
                                      "CANCELLED",
                                      "UNKNOWN",
                                      "INVALID_ARGUMENT",
                                      "DEADLINE_EXCEEDED",
                                      "NOT_FOUND",
                                      "ALREADY_EXISTS",
                                      "PERMISSION_DENIED",
                                      "RESOURCE_EXHAUSTED",
                                      "FAILED_PRECONDITION",
                                      "ABORTED",
                                      "OUT_OF_RANGE",
                                      "UNIMPLEMENTED",
                                      "INTERNAL",
                                      "UNAVAILABLE",
                                      "DATA_LOSS",
                                      "UNAUTHENTICATED"};
  if (code == CC_END) return "CC_END";
  if (code == CC_AGAIN) return "CC_AGAIN";
  if (code >= 0 && code <= 16) return names[code];
  return "?";
}

const char *cc_case_status_name(int s) {
  static const char *const names[] = {"unspecified",       "submitted", "accepted",   "dispatched", "awaitingDeliberation",
                                      "referred",          "declined",  "merged",     "inProgress", "resolved",
                                      "awaitingEvaluation", "evaluated", "reopened",  "closed",     "withdrawn"};
  return (s >= 0 && s <= 14) ? names[s] : "?";
}

const char *cc_case_operation_name(int op) {
  static const char *const names[] = {"unspecified",        "submit",         "accept",
                                      "decline",            "refer",          "dispatch",
                                      "handleLocally",      "return",         "merge",
                                      "scheduleDeliberation", "recordDeliberationOutcome", "addProgress",
                                      "requestExtension",   "approveExtension", "denyExtension",
                                      "resolve",            "recordFeedback", "evaluate",
                                      "rework",             "verify",         "close",
                                      "withdraw",           "closeUnrated",   "alertDeadline"};
  return (op >= 0 && op <= 23) ? names[op] : "?";
}

const char *cc_status_describe(const cc_status *st, char *buf, size_t size) {
  if (!buf || size == 0) return buf;
  int n = snprintf(buf, size, "%s%s%s%s%s: %s", cc_code_name(st->code),
                   st->reason && *st->reason ? " " : "", st->reason ? st->reason : "",
                   st->field && *st->field ? " field=" : "", st->field ? st->field : "",
                   st->message && *st->message ? st->message : "(no message)");
  if (st->case_status && n > 0 && (size_t)n < size) {
    n += snprintf(buf + n, size - (size_t)n, " [case is %s; allowed:", cc_case_status_name(st->case_status));
    for (size_t i = 0; i < st->n_allowed_operations && n > 0 && (size_t)n < size; i++)
      n += snprintf(buf + n, size - (size_t)n, " %s", cc_case_operation_name(st->allowed_operations[i]));
    if (n > 0 && (size_t)n < size) snprintf(buf + n, size - (size_t)n, "]");
  }
  if (st->origin == CC_ORIGIN_CLIENT) {
    size_t used = strlen(buf);
    if (used + 10 < size) snprintf(buf + used, size - used, " (client)");
  }
  return buf;
}

int cc_status_retryable(const cc_status *st) {
  if (!st) return 0;
  switch (st->code) {
    case CC_UNAVAILABLE:
    case CC_DEADLINE_EXCEEDED:
      return 1;
    case CC_RESOURCE_EXHAUSTED:
      return st->reason && (strcmp(st->reason, CC_REASON_TOO_MANY_CALLS) == 0 || strcmp(st->reason, CC_REASON_STORAGE_FULL) == 0);
    default:
      return 0;
  }
}

/* ================================================================================================
 * UTF-8 and the pre-scan of untrusted bytes
 * ================================================================================================ */

int cc__utf8_valid(const uint8_t *s, size_t n, int allow_nul) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      if (c == 0 && !allow_nul) return 0;
      i++;
      continue;
    }
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return 0;
    }
    if (i + len > n) return 0;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += len;
  }
  return 1;
}

static int read_varint(const uint8_t *p, size_t n, size_t *pos, uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= n) return 0;
    uint8_t b = p[(*pos)++];
    if (shift == 63 && b > 1) return 0;
    v |= (uint64_t)(b & 0x7F) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return 1;
    }
  }
  return 0;
}

typedef struct {
  char *problem;
  size_t problem_size;
  uint64_t *call_id;
  int *have_call_id;
  char path[512];
} scan_ctx;

static int scan_fail(scan_ctx *ctx, const char *what) {
  if (ctx->problem && ctx->problem_size)
    snprintf(ctx->problem, ctx->problem_size, "%s%s%s", what, ctx->path[0] ? " at " : "", ctx->path);
  return 1;
}

static int enum_known(const ProtobufCFieldDescriptor *f, uint64_t v) {
  const ProtobufCEnumDescriptor *e = f->descriptor;
  int32_t value = (int32_t)v; /* negative enum values arrive as 10-byte varints; the cast recovers them */
  return e && protobuf_c_enum_descriptor_get_value(e, value) != NULL;
}

static int scan_message(scan_ctx *ctx, const ProtobufCMessageDescriptor *d, const uint8_t *p, size_t n, int depth) {
  if (depth > CC_MAX_DEPTH) return scan_fail(ctx, "messages nested too deep");
  size_t pos = 0;
  size_t path_len = strlen(ctx->path);
  while (pos < n) {
    uint64_t tag;
    if (!read_varint(p, n, &pos, &tag)) return scan_fail(ctx, "bad field tag");
    uint64_t number = tag >> 3;
    unsigned wt = (unsigned)(tag & 7);
    if (number == 0 || number > 536870911u) return scan_fail(ctx, "bad field number");
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(d, (unsigned)number);
    if (f) snprintf(ctx->path + path_len, sizeof ctx->path - path_len, "%s%s", path_len ? "." : "", f->name);
    switch (wt) {
      case 0: {
        uint64_t v;
        if (!read_varint(p, n, &pos, &v)) return scan_fail(ctx, "bad varint");
        if (f && f->type == PROTOBUF_C_TYPE_ENUM && !enum_known(f, v)) return scan_fail(ctx, "unknown enum value");
        if (f && number == 1 && d == &council__v1__response__descriptor && ctx->call_id && ctx->have_call_id &&
            !*ctx->have_call_id) {
          *ctx->call_id = v;
          *ctx->have_call_id = 1;
        }
        break;
      }
      case 1:
        if (n - pos < 8) return scan_fail(ctx, "truncated fixed64");
        pos += 8;
        break;
      case 5:
        if (n - pos < 4) return scan_fail(ctx, "truncated fixed32");
        pos += 4;
        break;
      case 2: {
        uint64_t len;
        if (!read_varint(p, n, &pos, &len)) return scan_fail(ctx, "bad length");
        if (len > n - pos) return scan_fail(ctx, "length past the end of the message");
        const uint8_t *q = p + pos;
        if (f) {
          if (f->type == PROTOBUF_C_TYPE_STRING) {
            if (memchr(q, 0, (size_t)len)) return scan_fail(ctx, "NUL in a string");
            if (!cc__utf8_valid(q, (size_t)len, 0)) return scan_fail(ctx, "invalid UTF-8");
          } else if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
            if (scan_message(ctx, f->descriptor, q, (size_t)len, depth + 1)) return 1;
          } else if (f->type == PROTOBUF_C_TYPE_ENUM && f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t ip = 0;
            while (ip < len) {
              uint64_t v;
              if (!read_varint(q, (size_t)len, &ip, &v)) return scan_fail(ctx, "bad packed varint");
              if (!enum_known(f, v)) return scan_fail(ctx, "unknown enum value");
            }
          }
        }
        pos += (size_t)len;
        break;
      }
      default:
        return scan_fail(ctx, "unsupported wire type");
    }
    ctx->path[path_len] = '\0';
  }
  return 0;
}

int cc__scan(const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t length, char *problem,
             size_t problem_size, uint64_t *call_id, int *have_call_id) {
  scan_ctx ctx = {problem, problem_size, call_id, have_call_id, {0}};
  if (have_call_id) *have_call_id = 0;
  if (problem && problem_size) problem[0] = '\0';
  return scan_message(&ctx, descriptor, data ? data : (const uint8_t *)"", length, 1);
}

/* ================================================================================================
 * Budgeted decoding
 * ================================================================================================ */

typedef struct {
  size_t used, limit;
  int exhausted;
} budget;

static void *budget_alloc(void *data, size_t size) {
  budget *b = data;
  if (size > b->limit || b->used + size + CC_ALLOC_OVERHEAD > b->limit) {
    b->exhausted = 1;
    return NULL;
  }
  b->used += size + CC_ALLOC_OVERHEAD;
  return malloc(size ? size : 1);
}

static void budget_free(void *data, void *p) {
  (void)data;
  free(p);
}

int cc__decode_frame(const uint8_t *payload, size_t length, uint32_t decode_budget_bytes,
                     Council__V1__Frame **frame, uint64_t *call_id, int *have_call_id, cc_status *status) {
  char problem[600];
  uint64_t id = 0;
  int have_id = 0;
  *frame = NULL;
  if (call_id) *call_id = 0;
  if (have_call_id) *have_call_id = 0;
  if (length == 0) {
    cc__set_status(status, CC_INTERNAL, CC_REASON_MALFORMED_FRAME, "", "the server sent an empty frame");
    return CC_INTERNAL;
  }
  int bad = cc__scan(&council__v1__frame__descriptor, payload, length, problem, sizeof problem, &id, &have_id);
  if (call_id) *call_id = id;
  if (have_call_id) *have_call_id = have_id;
  if (bad) {
    cc__set_status(status, CC_INTERNAL, CC_REASON_MALFORMED_FRAME, "", "malformed frame from the server: %s",
                   problem);
    return CC_INTERNAL;
  }
  /* Frees on this path use the system allocator (NULL) as well: budget_alloc hands out plain malloc memory. */
  budget b = {0, decode_budget_bytes ? decode_budget_bytes : 8u * 1024u * 1024u, 0};
  ProtobufCAllocator allocator = {budget_alloc, budget_free, &b};
  Council__V1__Frame *f = council__v1__frame__unpack(&allocator, length, payload);
  if (!f) {
    if (b.exhausted)
      cc__set_status(status, CC_INTERNAL, CC_REASON_MALFORMED_FRAME, "",
                     "decoding a frame from the server would exceed the decode budget of %zu bytes", b.limit);
    else
      cc__set_status(status, CC_INTERNAL, CC_REASON_MALFORMED_FRAME, "",
                     "the server sent a frame that is not a valid council.v1.Frame");
    return CC_INTERNAL;
  }
  *frame = f;
  return CC_OK;
}

/* ================================================================================================
 * Time, the transport and frame I/O
 * ================================================================================================ */

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int remaining_ms(int64_t deadline_ns) {
  int64_t left = deadline_ns - now_ns();
  if (left <= 0) return 0;
  int64_t ms = (left + 999999) / 1000000;
  return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}

/* How long a write may wait for the socket to take more bytes before the connection counts as broken (plain
 * sockets: SO_SNDTIMEO, set in cc_connect). */
#define CC_WRITE_STALL_MS 10000
/* Transport results besides byte counts; the same numbers read_exact has always used. */
#define TP_TRUNCATED (-3)
#define TP_TIMEOUT (-4)
#define TP_ERROR (-5)
#define TP_WAIT (-6)

/*
 * One connection's byte stream: a plain TCP socket, or TLS over it.
 *
 * Plain: a blocking socket; reads wait in poll() and then recv(), writes send() (SO_SNDTIMEO bounds a stall).
 *
 * TLS: the socket is non-blocking and every read and write is an SSL call. The call is tried first, and only
 * when OpenSSL answers WANT_READ or WANT_WRITE does the caller wait in poll() for what it asked. Trying first
 * matters both ways: OpenSSL may hold bytes already taken off the socket (the rest of a record: SSL_pending),
 * which poll() cannot see; and a readable socket may carry only TLS housekeeping (a session ticket) and no
 * byte of the protocol, so socket readiness is never taken for "a frame has started".
 *
 * The reader thread and the writers share the one SSL object, which OpenSSL does not allow two threads to use
 * at once: `mu` is held for each non-blocking SSL call and released while waiting in poll(), so a reader
 * waiting for the server never holds up a writer. Renegotiation is refused (SSL_OP_NO_RENEGOTIATION), so once
 * the handshake is done a write never needs to read from the socket and cannot take bytes the reader waits for.
 */
typedef struct {
  int fd;
  SSL *ssl;            /* NULL: plain TCP */
  pthread_mutex_t mu;  /* TLS: one SSL call at a time; guards the fields below */
  int established;     /* the TLS handshake finished */
  int failed;          /* a fatal error: no more SSL calls, no close_notify */
  int write_failed;    /* a write failed on the socket: what the server already sent may still be read */
  int tls_error;       /* the failure was TLS's own (an alert from the server, a bad record), not the socket's */
  int notified;        /* close_notify sent */
  char error[256];     /* what the first failure was */
} cc_transport;

/* OpenSSL's reason for the oldest error queued on this thread, with the certificate verification result when
 * verification failed; then empties the queue. `fallback` when nothing is queued. */
static void tls_error_text(SSL *ssl, const char *fallback, char *buf, size_t size) {
  unsigned long e = ERR_peek_error();
  char detail[256];
  const char *reason = NULL;
  if (e && ERR_SYSTEM_ERROR(e)) {
    reason = strerror_r(ERR_GET_REASON(e), detail, sizeof detail);
  } else if (e) {
    reason = ERR_reason_error_string(e);
    if (!reason) {
      ERR_error_string_n(e, detail, sizeof detail);
      reason = detail;
    }
  }
  if (!reason) reason = fallback;
  long verify = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
  if (e && ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SSL_R_CERTIFICATE_VERIFY_FAILED &&
      verify != X509_V_OK)
    snprintf(buf, size, "%s (%s)", reason, X509_verify_cert_error_string(verify));
  else
    snprintf(buf, size, "%s", reason);
  ERR_clear_error();
}

/* Waits until `fd` has `events` or `deadline_ns` (0: none) passes: 1 ready, 0 timed out, -1 failed (errno). */
static int wait_fd(int fd, short events, int64_t deadline_ns) {
  for (;;) {
    struct pollfd pfd = {fd, events, 0};
    int r = poll(&pfd, 1, deadline_ns ? remaining_ms(deadline_ns) : -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r > 0) return 1;
    if (deadline_ns && now_ns() >= deadline_ns) return 0;
  }
}

/*
 * One non-blocking SSL_read_ex / SSL_write_ex under the transport's mutex. Returns 1 with `*done` bytes, 0 at
 * the end of the stream (the server's close_notify, or after the handshake a plain end of the TCP stream: the
 * framing's length prefix tells a cut frame from a clean end), TP_WAIT with `*wait_for` POLLIN or POLLOUT as
 * OpenSSL asks, or TP_ERROR with `why` filled.
 */
static int tls_op(cc_transport *t, int writing, void *buf, size_t n, size_t *done, short *wait_for, char *why,
                  size_t why_size) {
  int result;
  *done = 0;
  pthread_mutex_lock(&t->mu);
  if (t->failed || (writing && t->write_failed)) {
    snprintf(why, why_size, "%s", t->error);
    pthread_mutex_unlock(&t->mu);
    return TP_ERROR;
  }
  ERR_clear_error();
  int ok = writing ? SSL_write_ex(t->ssl, buf, n, done) : SSL_read_ex(t->ssl, buf, n, done);
  int saved_errno = errno;
  int err = ok ? SSL_ERROR_NONE : SSL_get_error(t->ssl, 0);
  switch (err) {
    case SSL_ERROR_NONE:
      result = 1;
      break;
    case SSL_ERROR_WANT_READ:
      *wait_for = POLLIN;
      result = TP_WAIT;
      break;
    case SSL_ERROR_WANT_WRITE:
      *wait_for = POLLOUT;
      result = TP_WAIT;
      break;
    case SSL_ERROR_ZERO_RETURN:
      result = 0;
      break;
    case SSL_ERROR_SYSCALL: /* the socket failed */
      if (writing) t->write_failed = 1;
      else t->failed = 1;
      tls_error_text(NULL, saved_errno ? strerror(saved_errno) : "the connection ended", t->error, sizeof t->error);
      result = TP_ERROR;
      break;
    default: /* SSL_ERROR_SSL: an alert from the server, a record that does not decrypt, … */
      t->failed = 1;
      t->tls_error = 1;
      tls_error_text(t->ssl, "TLS error", t->error, sizeof t->error);
      result = TP_ERROR;
      break;
  }
  if (result == TP_ERROR) snprintf(why, why_size, "%s", t->error);
  pthread_mutex_unlock(&t->mu);
  return result;
}

/* Reads up to `n` bytes, waiting until `deadline_ns` (0: no limit) for at least one. Returns the count, 0 at the
 * end of the stream, TP_TIMEOUT, or TP_ERROR with `why` filled. */
static ssize_t tp_read(cc_transport *t, uint8_t *buf, size_t n, int64_t deadline_ns, char *why, size_t why_size) {
  for (;;) {
    short events = POLLIN;
    if (t->ssl) {
      size_t got;
      int r = tls_op(t, 0, buf, n, &got, &events, why, why_size);
      if (r == 1) return (ssize_t)got;
      if (r != TP_WAIT) return r; /* 0 or TP_ERROR */
    }
    int w = wait_fd(t->fd, events, deadline_ns);
    if (w == 0) return TP_TIMEOUT;
    if (w < 0) {
      snprintf(why, why_size, "%s", strerror(errno));
      return TP_ERROR;
    }
    if (t->ssl) continue;
    ssize_t k = recv(t->fd, buf, n, 0);
    if (k >= 0) return k;
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
    snprintf(why, why_size, "%s", strerror(errno));
    return TP_ERROR;
  }
}

/* Writes all `n` bytes. 0, or -1 with `why` filled. Callers serialise writes (conn->write_mu). */
static int tp_write(cc_transport *t, const uint8_t *buf, size_t n, char *why, size_t why_size) {
  size_t sent = 0;
  int64_t stall_deadline = now_ns() + (int64_t)CC_WRITE_STALL_MS * 1000000;
  while (sent < n) {
    if (!t->ssl) {
      ssize_t k = send(t->fd, buf + sent, n - sent, MSG_NOSIGNAL);
      if (k < 0) {
        if (errno == EINTR) continue;
        snprintf(why, why_size, "%s", strerror(errno));
        return -1;
      }
      sent += (size_t)k;
      continue;
    }
    size_t k;
    short events = POLLOUT;
    int r = tls_op(t, 1, (void *)(buf + sent), n - sent, &k, &events, why, why_size);
    if (r == 1) {
      sent += k;
      stall_deadline = now_ns() + (int64_t)CC_WRITE_STALL_MS * 1000000;
      continue;
    }
    if (r == 0) {
      snprintf(why, why_size, "the server closed the connection");
      return -1;
    }
    if (r == TP_ERROR) return -1;
    /* WANT_WRITE: wait for room. WANT_READ needs renegotiation, which is refused; should it come anyway, the
     * reader may be the one to take the bytes it waits for, so wait in short steps and try again. */
    int64_t until = stall_deadline;
    if (events == POLLIN && now_ns() + 50000000 < until) until = now_ns() + 50000000;
    int w = wait_fd(t->fd, events, until);
    if (w < 0 || (w == 0 && now_ns() >= stall_deadline)) {
      int saved_errno = errno;
      pthread_mutex_lock(&t->mu);
      t->write_failed = 1;
      if (w < 0) snprintf(t->error, sizeof t->error, "%s", strerror(saved_errno));
      else snprintf(t->error, sizeof t->error, "the server took no data for %d ms", CC_WRITE_STALL_MS);
      snprintf(why, why_size, "%s", t->error);
      pthread_mutex_unlock(&t->mu);
      return -1;
    }
  }
  return 0;
}

/* Under TLS, sends close_notify once when the socket takes it at once; never waits for the server's. */
static void tp_close_notify(cc_transport *t) {
  if (!t->ssl) return;
  pthread_mutex_lock(&t->mu);
  if (t->established && !t->failed && !t->write_failed && !t->notified) {
    t->notified = 1;
    ERR_clear_error();
    SSL_shutdown(t->ssl);
    ERR_clear_error();
  }
  pthread_mutex_unlock(&t->mu);
}

/* Whether the transport failed on TLS's own account (an alert, a bad record); `why` gets the reason. */
static int tp_tls_error(cc_transport *t, char *why, size_t why_size) {
  if (!t->ssl) return 0;
  pthread_mutex_lock(&t->mu);
  int failed = t->tls_error;
  if (failed) snprintf(why, why_size, "%s", t->error);
  pthread_mutex_unlock(&t->mu);
  return failed;
}

/* Reads exactly `n` bytes before `deadline_ns` (0: none). CC_OK, CC_END (end of stream with nothing read),
 * TP_TRUNCATED (end part way), TP_TIMEOUT or TP_ERROR (`why` filled). */
static int read_exact(cc_transport *t, uint8_t *buf, size_t n, int64_t deadline_ns, char *why, size_t why_size) {
  size_t got = 0;
  while (got < n) {
    ssize_t k = tp_read(t, buf + got, n - got, deadline_ns, why, why_size);
    if (k == 0) return got == 0 ? CC_END : TP_TRUNCATED;
    if (k < 0) return (int)k;
    got += (size_t)k;
  }
  return CC_OK;
}

/* cc__read_frame on a transport; see council_client_internal.h. */
static int read_frame(cc_transport *t, int first_byte_timeout_ms, uint32_t frame_read_timeout_ms,
                      uint32_t max_frame_bytes, uint8_t **payload, size_t *length, cc_status *status) {
  uint8_t header[4];
  char why[256] = "";
  *payload = NULL;
  *length = 0;
  /* Wait for the first byte without the frame timer: a quiet connection is not a slow frame. */
  int64_t first_deadline = first_byte_timeout_ms < 0 ? 0 : now_ns() + (int64_t)first_byte_timeout_ms * 1000000;
  ssize_t k = tp_read(t, header, sizeof header, first_deadline, why, sizeof why);
  if (k == TP_TIMEOUT) return CC_AGAIN;
  if (k == 0) return CC_END;
  int r = (int)k;
  if (k < 0) goto fail;
  int64_t deadline = now_ns() + (int64_t)(frame_read_timeout_ms ? frame_read_timeout_ms : 10000) * 1000000;
  r = read_exact(t, header + k, sizeof header - (size_t)k, deadline, why, sizeof why);
  if (r == CC_END) r = TP_TRUNCATED; /* part of the header came */
  if (r != CC_OK) goto fail;
  uint32_t len = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 | (uint32_t)header[2] << 8 | header[3];
  if (len > max_frame_bytes) {
    cc__set_status(status, CC_RESOURCE_EXHAUSTED, CC_REASON_FRAME_TOO_LARGE, "",
                   "the server announced a frame of %u bytes; the limit is %u", len, max_frame_bytes);
    return CC_RESOURCE_EXHAUSTED;
  }
  if (len > 0) {
    uint8_t *buf = malloc(len);
    if (!buf) {
      cc__set_status(status, CC_INTERNAL, CC_REASON_CLIENT_FAILURE, "", "out of memory for a %u-byte frame", len);
      return CC_INTERNAL;
    }
    r = read_exact(t, buf, len, deadline, why, sizeof why);
    if (r != CC_OK) {
      free(buf);
      if (r == CC_END) r = TP_TRUNCATED;
      goto fail;
    }
    *payload = buf;
  }
  *length = len;
  return CC_OK;
fail:
  if (r == TP_TIMEOUT) {
    cc__set_status(status, CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT, "",
                   "a frame from the server did not complete within %u ms", frame_read_timeout_ms);
    return CC_DEADLINE_EXCEEDED;
  }
  if (r == TP_TRUNCATED) {
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "",
                   "the connection ended inside a frame (truncated frame)");
    return CC_UNAVAILABLE;
  }
  cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "reading the connection failed: %s", why);
  return CC_UNAVAILABLE;
}

int cc__read_frame(int fd, int first_byte_timeout_ms, uint32_t frame_read_timeout_ms, uint32_t max_frame_bytes,
                   uint8_t **payload, size_t *length, cc_status *status) {
  cc_transport plain = {0};
  plain.fd = fd;
  return read_frame(&plain, first_byte_timeout_ms, frame_read_timeout_ms, max_frame_bytes, payload, length, status);
}

/* ================================================================================================
 * Encoding
 * ================================================================================================ */

int cc__encode_frame(const Council__V1__Frame *frame, uint8_t **out, size_t *length) {
  size_t n = council__v1__frame__get_packed_size(frame);
  if (n > 0xffffffffu) return CC_INVALID_ARGUMENT;
  uint8_t *buf = malloc(n + 4);
  if (!buf) return CC_INTERNAL;
  buf[0] = (uint8_t)(n >> 24), buf[1] = (uint8_t)(n >> 16), buf[2] = (uint8_t)(n >> 8), buf[3] = (uint8_t)n;
  council__v1__frame__pack(frame, buf + 4);
  *out = buf;
  *length = n + 4;
  return CC_OK;
}

int cc__encode_handshake(const cc_options *o, uint8_t **out, size_t *length) {
  Council__V1__Credential credential = COUNCIL__V1__CREDENTIAL__INIT;
  Council__V1__Handshake hs = COUNCIL__V1__HANDSHAKE__INIT;
  Council__V1__Frame frame = COUNCIL__V1__FRAME__INIT;
  hs.protocol_version = CC_PROTOCOL_VERSION;
  hs.client_system = (char *)(o->client_system ? o->client_system : "");
  hs.client_instance = (char *)(o->client_instance ? o->client_instance : "");
  if (o->bearer_token) {
    credential.kind_case = COUNCIL__V1__CREDENTIAL__KIND_BEARER_TOKEN;
    credential.bearer_token = (char *)o->bearer_token;
    hs.credential = &credential;
  }
  frame.kind_case = COUNCIL__V1__FRAME__KIND_HANDSHAKE;
  frame.handshake = &hs;
  return cc__encode_frame(&frame, out, length);
}

/* Checks every string reachable from `m` the way the server will (UTF-8, no NUL). Writes the path of the
 * first bad one into `path`. protobuf-c strings are NUL-terminated, so an embedded NUL cannot be expressed:
 * only UTF-8 is checked here. */
static int check_strings(const ProtobufCMessage *m, char *path, size_t path_size, int depth) {
  if (!m || depth > CC_MAX_DEPTH) return depth > CC_MAX_DEPTH;
  const ProtobufCMessageDescriptor *d = m->descriptor;
  size_t path_len = strlen(path);
  for (unsigned i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &d->fields[i];
    const char *base = (const char *)m;
    if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t which = *(const uint32_t *)(base + f->quantifier_offset);
      if (which != f->id) continue;
    }
    snprintf(path + path_len, path_size - path_len, "%s%s", path_len ? "." : "", f->name);
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      size_t count = *(const size_t *)(base + f->quantifier_offset);
      void *const *items = *(void *const *const *)(base + f->offset);
      for (size_t k = 0; k < count && items; k++) {
        size_t l = strlen(path);
        snprintf(path + l, path_size - l, "[%zu]", k);
        if (f->type == PROTOBUF_C_TYPE_STRING) {
          const char *s = items[k];
          if (s && !cc__utf8_valid((const uint8_t *)s, strlen(s), 0)) return 1;
        } else if (check_strings(items[k], path, path_size, depth + 1)) {
          return 1;
        }
        path[l] = '\0';
      }
    } else if (f->type == PROTOBUF_C_TYPE_STRING) {
      const char *s = *(const char *const *)(base + f->offset);
      if (s && !cc__utf8_valid((const uint8_t *)s, strlen(s), 0)) return 1;
    } else {
      const ProtobufCMessage *sub = *(const ProtobufCMessage *const *)(base + f->offset);
      if (sub && check_strings(sub, path, path_size, depth + 1)) return 1;
    }
    path[path_len] = '\0';
  }
  return 0;
}

static int metadata_ok(const char *value, const char *name, cc_status *status) {
  if (!value) return 1;
  size_t n = strlen(value);
  if (!cc__utf8_valid((const uint8_t *)value, n, 0)) {
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_BAD_REQUEST, name, "%s is not valid UTF-8", name);
    return 0;
  }
  size_t chars = 0;
  for (size_t i = 0; i < n; i++) chars += ((uint8_t)value[i] & 0xC0) != 0x80;
  if (chars > CC_METADATA_MAX_CHARS) {
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_BAD_REQUEST, name, "%s is longer than %d characters",
                   name, CC_METADATA_MAX_CHARS);
    return 0;
  }
  return 1;
}

int cc__encode_call(const Council__V1__Call *request, uint64_t call_id, uint32_t timeout_ms,
                    const cc_call_options *options, uint32_t max_frame_bytes, uint8_t **out, size_t *length,
                    cc_status *status) {
  if (!request || request->request_case == COUNCIL__V1__CALL__REQUEST__NOT_SET) {
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_BAD_REQUEST, "", "the call names no method");
    return CC_INVALID_ARGUMENT;
  }
  Council__V1__Call call = *request; /* shallow copy: the caller's struct stays untouched */
  Council__V1__CallMetadata metadata = COUNCIL__V1__CALL_METADATA__INIT;
  call.call_id = call_id;
  call.timeout_ms = timeout_ms;
  call.metadata = NULL;
  if (options) {
    if (!metadata_ok(options->trace_id, "metadata.trace_id", status) ||
        !metadata_ok(options->idempotency_key, "metadata.idempotency_key", status) ||
        !metadata_ok(options->acting_user, "metadata.acting_user", status))
      return CC_INVALID_ARGUMENT;
    if (options->trace_id) metadata.trace_id = (char *)options->trace_id;
    if (options->idempotency_key) metadata.idempotency_key = (char *)options->idempotency_key;
    if (options->acting_user) metadata.acting_user = (char *)options->acting_user;
    if (*metadata.trace_id || *metadata.idempotency_key || *metadata.acting_user) call.metadata = &metadata;
  }
  char path[512] = "";
  if (check_strings(&call.base, path, sizeof path, 0)) {
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_BAD_REQUEST, path, "%s is not valid UTF-8", path);
    return CC_INVALID_ARGUMENT;
  }
  Council__V1__Frame frame = COUNCIL__V1__FRAME__INIT;
  frame.kind_case = COUNCIL__V1__FRAME__KIND_CALL;
  frame.call = &call;
  size_t n = council__v1__frame__get_packed_size(&frame);
  if (max_frame_bytes && n > max_frame_bytes) {
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_BAD_REQUEST, "",
                   "the call encodes to %zu bytes; the server accepts at most %u", n, max_frame_bytes);
    return CC_INVALID_ARGUMENT;
  }
  if (cc__encode_frame(&frame, out, length) != CC_OK) {
    cc__set_status(status, CC_INTERNAL, CC_REASON_CLIENT_FAILURE, "", "out of memory encoding a call");
    return CC_INTERNAL;
  }
  return CC_OK;
}

/* ================================================================================================
 * The connection
 * ================================================================================================ */

typedef struct item {
  struct item *next;
  Council__V1__Response *response;
} item;

struct cc_call {
  cc_conn *conn;
  uint64_t id;
  int method;         /* the request member's number; the response must carry the same */
  int is_stream;      /* watch_events */
  item *head, *tail;  /* OK responses not yet taken */
  size_t queued;
  int ended;          /* no more frames will be queued */
  int end_code;       /* CC_END or a status code */
  cc_status end_status;
  int in_table;       /* still matched against incoming responses */
  int cancel_sent;
  int64_t deadline_ns; /* local timer for unary calls; 0 for streams */
  pthread_cond_t cond;
  cc_call *prev, *next; /* the connection's table of calls (in flight or not yet freed) */
};

struct cc_conn {
  cc_transport tp;
  cc_options options;
  char *address, *client_system, *client_instance, *bearer_token; /* owned copies behind `options` */
  char *tls_ca_file, *tls_cert_file, *tls_key_file, *tls_server_name;
  SSL_CTX *tls_ctx;         /* TLS only: this connection's context (trust roots, client certificate) */
  BIO_METHOD *tls_bio;      /* TLS only: the socket BIO's methods (tls_bio_*) */
  uint32_t protocol_version;
  char *server_id;
  Council__V1__Limits limits;

  pthread_t reader;
  int reader_started;
  pthread_mutex_t mu;       /* guards everything below */
  pthread_mutex_t write_mu; /* serialises socket writes and call id assignment */
  pthread_cond_t state_cond;
  uint64_t last_call_id;
  cc_call *calls;
  size_t in_flight;
  int closed;
  cc_status close_status;
  int goaway_received;
  uint64_t goaway_last_call_id;
  cc_status goaway_status;
  int goaway_sent;
  int broken; /* a write failed */

  pthread_mutex_t ping_mu; /* one ping outstanding at a time */
  int ping_waiting;
  uint64_t ping_payload;
  int pong_seen;
};

void cc_options_init(cc_options *o) {
  memset(o, 0, sizeof *o);
  o->connect_timeout_ms = 5000;
  o->frame_read_timeout_ms = 10000;
  o->max_frame_bytes = 1024u * 1024u;
  o->decode_budget_bytes = 8u * 1024u * 1024u;
  o->call_grace_ms = 2000;
  o->default_timeout_ms = 30000;
  o->max_queued_items = 10000;
}

static void cond_init_monotonic(pthread_cond_t *c) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(c, &attr);
  pthread_condattr_destroy(&attr);
}

/* Waits on `c` until `deadline_ns` (0: forever). Returns 0, or ETIMEDOUT. */
static int cond_wait_until(pthread_cond_t *c, pthread_mutex_t *m, int64_t deadline_ns) {
  if (!deadline_ns) return pthread_cond_wait(c, m);
  struct timespec ts = {(time_t)(deadline_ns / 1000000000), (long)(deadline_ns % 1000000000)};
  return pthread_cond_timedwait(c, m, &ts);
}

/* Splits "host:port", "[v6]:port" or "host". */
static int split_address(const char *address, char *host, size_t host_size, char *port, size_t port_size) {
  const char *colon;
  if (!address || !*address) return 0;
  if (address[0] == '[') {
    const char *end = strchr(address, ']');
    if (!end || (size_t)(end - address - 1) >= host_size) return 0;
    memcpy(host, address + 1, (size_t)(end - address - 1));
    host[end - address - 1] = '\0';
    colon = end[1] == ':' ? end + 1 : NULL;
    if (end[1] && !colon) return 0;
  } else {
    colon = strrchr(address, ':');
    if (colon && strchr(address, ':') != colon) colon = NULL; /* a bare IPv6 address: no port */
    size_t hl = colon ? (size_t)(colon - address) : strlen(address);
    if (hl == 0 || hl >= host_size) return 0;
    memcpy(host, address, hl);
    host[hl] = '\0';
  }
  const char *p = colon ? colon + 1 : CC_DEFAULT_PORT;
  if (!*p || strlen(p) >= port_size) return 0;
  strcpy(port, p);
  return 1;
}

static int connect_socket(const char *address, int64_t deadline, cc_status *status) {
  char host[256], port[32];
  if (!split_address(address, host, sizeof host, port, sizeof port)) {
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_CONNECT_FAILED, "address",
                   "address \"%s\" is not host:port", address ? address : "");
    return -1;
  }
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_family = AF_UNSPEC;
  int gai = getaddrinfo(host, port, &hints, &res);
  if (gai != 0) {
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECT_FAILED, "address", "cannot resolve %s: %s", host,
                   gai_strerror(gai));
    return -1;
  }
  int fd = -1, last_errno = 0, timed_out = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_errno = errno;
      continue;
    }
    int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (r < 0 && errno == EINPROGRESS) {
      struct pollfd pfd = {fd, POLLOUT, 0};
      int pr;
      do pr = poll(&pfd, 1, remaining_ms(deadline));
      while (pr < 0 && errno == EINTR);
      if (pr == 0) {
        timed_out = 1;
        errno = ETIMEDOUT;
        r = -1;
      } else {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        errno = err;
        r = err ? -1 : 0;
      }
    }
    if (r == 0) {
      fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      break;
    }
    last_errno = errno;
    close(fd);
    fd = -1;
    if (timed_out) break;
  }
  freeaddrinfo(res);
  if (fd < 0) {
    if (timed_out)
      cc__set_status(status, CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT, "", "connecting to %s timed out",
                     address);
    else
      cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECT_FAILED, "", "cannot connect to %s: %s", address,
                     strerror(last_errno));
  }
  return fd;
}

/* ---- TLS ---- */

/* A fixed BIO type index above OpenSSL's own (BIO_get_new_index would draw a new one from a process-wide counter
 * for every connection). */
#define CC_TLS_BIO_TYPE ((BIO_TYPE_START + 76) | BIO_TYPE_SOURCE_SINK)

/*
 * The socket under TLS. OpenSSL's socket BIO writes with write(), which raises SIGPIPE when the server has gone;
 * this one sends with MSG_NOSIGNAL as the plain path does, and otherwise behaves the same: retry flags when the
 * non-blocking socket has nothing to give or no room, and the end of stream remembered for BIO_CTRL_EOF, which
 * OpenSSL asks to tell an end of stream from an error.
 */
static int tls_bio_write(BIO *b, const char *data, size_t n, size_t *written) {
  const cc_transport *t = BIO_get_data(b);
  ssize_t k;
  BIO_clear_retry_flags(b);
  do k = send(t->fd, data, n, MSG_NOSIGNAL);
  while (k < 0 && errno == EINTR);
  if (k < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_write(b);
    return 0;
  }
  *written = (size_t)k;
  return 1;
}

static int tls_bio_read(BIO *b, char *data, size_t n, size_t *got) {
  const cc_transport *t = BIO_get_data(b);
  ssize_t k;
  BIO_clear_retry_flags(b);
  do k = recv(t->fd, data, n, 0);
  while (k < 0 && errno == EINTR);
  if (k < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_read(b);
    return 0;
  }
  if (k == 0) {
    BIO_set_flags(b, BIO_FLAGS_IN_EOF);
    return 0;
  }
  *got = (size_t)k;
  return 1;
}

static long tls_bio_ctrl(BIO *b, int cmd, long num, void *ptr) {
  switch (cmd) {
    case BIO_CTRL_FLUSH:
      return 1; /* nothing is buffered here */
    case BIO_CTRL_EOF:
      return BIO_test_flags(b, BIO_FLAGS_IN_EOF) != 0;
    default:
      return 0;
  }
}

/* A private key under a passphrase is refused rather than prompted for on the terminal. */
static int tls_no_passphrase(char *buf, int size, int rwflag, void *userdata) { return 0; }

static int tls_option_unusable(cc_status *status, const char *option, const char *path) {
  char why[256];
  tls_error_text(NULL, "not usable", why, sizeof why);
  cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, option, "%s \"%s\" cannot be loaded: %s",
                 option, path, why);
  return CC_INVALID_ARGUMENT;
}

/* Checks the TLS options and, when TLS is on, builds the connection's context: the trust roots, the client
 * certificate and key, TLS 1.2 at least, the server always verified. Nothing touches the network yet. */
static int tls_prepare(cc_conn *conn, cc_status *status) {
  const cc_options *o = &conn->options;
  if (!o->tls_ca_file) {
    const char *needs_ca = o->tls_cert_file ? "tls_cert_file" : o->tls_key_file ? "tls_key_file"
                         : o->tls_server_name && *o->tls_server_name ? "tls_server_name" : NULL;
    if (!needs_ca) return CC_OK; /* plain TCP */
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_ca_file",
                   "%s is given without tls_ca_file: TLS needs the CA certificates to verify the server with",
                   needs_ca);
    return CC_INVALID_ARGUMENT;
  }
  if (!o->tls_cert_file != !o->tls_key_file) {
    const char *given = o->tls_cert_file ? "tls_cert_file" : "tls_key_file";
    const char *missing = o->tls_cert_file ? "tls_key_file" : "tls_cert_file";
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, missing,
                   "%s is given without %s: a client certificate goes with its key", given, missing);
    return CC_INVALID_ARGUMENT;
  }
  ERR_clear_error();
  SSL_CTX *ctx = conn->tls_ctx = SSL_CTX_new(TLS_client_method());
  BIO_METHOD *bio = conn->tls_bio = BIO_meth_new(CC_TLS_BIO_TYPE, "council socket");
  if (!ctx || !bio || SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
      BIO_meth_set_write_ex(bio, tls_bio_write) != 1 || BIO_meth_set_read_ex(bio, tls_bio_read) != 1 ||
      BIO_meth_set_ctrl(bio, tls_bio_ctrl) != 1) {
    char why[256];
    tls_error_text(NULL, "out of memory", why, sizeof why);
    cc__set_status(status, CC_INTERNAL, CC_REASON_CLIENT_FAILURE, "", "cannot set up TLS: %s", why);
    return CC_INTERNAL;
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_default_passwd_cb(ctx, tls_no_passphrase);
  if (SSL_CTX_load_verify_locations(ctx, o->tls_ca_file, NULL) != 1)
    return tls_option_unusable(status, "tls_ca_file", o->tls_ca_file);
  if (o->tls_cert_file) {
    if (SSL_CTX_use_certificate_chain_file(ctx, o->tls_cert_file) != 1)
      return tls_option_unusable(status, "tls_cert_file", o->tls_cert_file);
    /* Loading the key also checks that it belongs to the certificate. */
    if (SSL_CTX_use_PrivateKey_file(ctx, o->tls_key_file, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1)
      return tls_option_unusable(status, "tls_key_file", o->tls_key_file);
  }
  return CC_OK;
}

/* Whether `name` is an IPv4 or IPv6 address; `ip` gets it without an IPv6 zone ("fe80::1%eth0"). */
static int ip_literal(const char *name, char *ip, size_t size) {
  unsigned char bytes[16];
  size_t n = strcspn(name, "%");
  if (n >= size) return 0;
  memcpy(ip, name, n);
  ip[n] = '\0';
  return inet_pton(AF_INET, ip, bytes) == 1 || inet_pton(AF_INET6, ip, bytes) == 1;
}

/* The TLS handshake on the connected socket, finished before `deadline_ns`. The server's certificate must carry
 * tls_server_name, or else `host` (the address's host): a DNS name is also sent as SNI, an IP address must be
 * one of the certificate's IP subjectAltNames. */
static int tls_handshake(cc_conn *conn, const char *host, int64_t deadline_ns, cc_status *status) {
  cc_transport *t = &conn->tp;
  const char *name = conn->options.tls_server_name && *conn->options.tls_server_name ? conn->options.tls_server_name
                                                                                     : host;
  char ip[INET6_ADDRSTRLEN + 1], why[256];
  int flags = fcntl(t->fd, F_GETFL);
  if (flags < 0 || fcntl(t->fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    cc__set_status(status, CC_INTERNAL, CC_REASON_CLIENT_FAILURE, "", "cannot make the socket non-blocking: %s",
                   strerror(errno));
    return CC_INTERNAL;
  }
  ERR_clear_error();
  t->ssl = SSL_new(conn->tls_ctx);
  BIO *bio = t->ssl ? BIO_new(conn->tls_bio) : NULL;
  if (!bio) {
    tls_error_text(NULL, "out of memory", why, sizeof why);
    cc__set_status(status, CC_INTERNAL, CC_REASON_CLIENT_FAILURE, "", "cannot set up TLS: %s", why);
    return CC_INTERNAL;
  }
  BIO_set_data(bio, t);
  BIO_set_init(bio, 1);
  SSL_set_bio(t->ssl, bio, bio); /* the SSL owns the BIO from here */
  X509_VERIFY_PARAM *param = SSL_get0_param(t->ssl);
  int named;
  if (ip_literal(name, ip, sizeof ip)) {
    named = X509_VERIFY_PARAM_set1_ip_asc(param, ip) == 1;
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    named = X509_VERIFY_PARAM_set1_host(param, name, 0) == 1 && SSL_set_tlsext_host_name(t->ssl, name) == 1;
  }
  if (!named) {
    ERR_clear_error();
    t->failed = 1;
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_INVALID_ARGUMENT, "tls_server_name",
                   "\"%s\" cannot be used as the server's name", name);
    return CC_INVALID_ARGUMENT;
  }
  for (;;) {
    ERR_clear_error();
    int r = SSL_connect(t->ssl);
    if (r == 1) break;
    int saved_errno = errno;
    int err = SSL_get_error(t->ssl, r);
    short events = err == SSL_ERROR_WANT_READ ? POLLIN : err == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
    int w = events ? wait_fd(t->fd, events, deadline_ns) : -1;
    if (w > 0) continue;
    t->failed = 1;
    if (w == 0) {
      cc__set_status(status, CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT, "",
                     "the TLS handshake with %s did not finish within %u ms", conn->address,
                     conn->options.connect_timeout_ms);
      return CC_DEADLINE_EXCEEDED;
    }
    if (events) snprintf(why, sizeof why, "%s", strerror(errno));
    else if (err == SSL_ERROR_SYSCALL && saved_errno) tls_error_text(NULL, strerror(saved_errno), why, sizeof why);
    else tls_error_text(t->ssl, "the server closed the connection", why, sizeof why);
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_TLS_HANDSHAKE_FAILED, "", "TLS handshake with %s failed: %s",
                   conn->address, why);
    return CC_UNAVAILABLE;
  }
  /* From here on an end of the TCP stream without close_notify reads as an end of stream: servers often close
   * without one, and a frame cut short is still told by its length prefix. */
  SSL_set_options(t->ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
  t->established = 1;
  return CC_OK;
}

static void free_items(cc_call *call) {
  item *it = call->head;
  while (it) {
    item *next = it->next;
    cc_response_free(it->response);
    free(it);
    it = next;
  }
  call->head = call->tail = NULL;
  call->queued = 0;
}

/* With conn->mu held: ends `call` with `code`/`st` (NULL st: CC_END), takes it out of the matching table. */
static void end_call_locked(cc_call *call, int code, const cc_status *st) {
  if (call->ended) return;
  call->ended = 1;
  call->end_code = code;
  if (st) status_copy(&call->end_status, st);
  if (call->in_table) {
    call->in_table = 0;
    if (call->conn->in_flight > 0) call->conn->in_flight--;
  }
  pthread_cond_broadcast(&call->cond);
  pthread_cond_broadcast(&call->conn->state_cond);
}

static cc_call *find_call_locked(cc_conn *conn, uint64_t id) {
  for (cc_call *c = conn->calls; c; c = c->next)
    if (c->id == id && c->in_table) return c;
  return NULL;
}

static int send_frame(cc_conn *conn, const Council__V1__Frame *frame) {
  uint8_t *buf;
  size_t len;
  if (cc__encode_frame(frame, &buf, &len) != CC_OK) return -1;
  char why[256];
  pthread_mutex_lock(&conn->write_mu);
  int r = conn->broken ? -1 : tp_write(&conn->tp, buf, len, why, sizeof why);
  if (r != 0) conn->broken = 1;
  pthread_mutex_unlock(&conn->write_mu);
  free(buf);
  return r;
}

static void send_cancel(cc_conn *conn, uint64_t id) {
  Council__V1__Cancel cancel = COUNCIL__V1__CANCEL__INIT;
  Council__V1__Frame frame = COUNCIL__V1__FRAME__INIT;
  cancel.call_id = id;
  frame.kind_case = COUNCIL__V1__FRAME__KIND_CANCEL;
  frame.cancel = &cancel;
  send_frame(conn, &frame);
}

/* The reader's handling of one Response. Takes ownership of `r`. */
static void deliver_response(cc_conn *conn, Council__V1__Response *r) {
  int cancel_id = 0;
  pthread_mutex_lock(&conn->mu);
  cc_call *call = find_call_locked(conn, r->call_id);
  if (!call) { /* unknown, cancelled or finished: ignored (PROTOCOL.md §5.7) */
    pthread_mutex_unlock(&conn->mu);
    cc_response_free(r);
    return;
  }
  int ok = r->status == NULL || r->status->code == COUNCIL__V1__STATUS__CODE__OK;
  if (!ok) {
    cc_status st = {0};
    status_from_wire(&st, r->status);
    /* A non-OK status always ends a call, whatever end_of_stream says. */
    end_call_locked(call, st.code, &st);
    cc_status_clear(&st);
    cc_response_free(r);
  } else if (r->response_case == COUNCIL__V1__RESPONSE__RESPONSE__NOT_SET) {
    if (r->end_of_stream && call->is_stream) {
      end_call_locked(call, CC_END, NULL);
    } else {
      cc_status st = {0};
      cc__set_status(&st, CC_INTERNAL, CC_REASON_UNEXPECTED_RESPONSE, "",
                     "call %llu got an OK response without a result", (unsigned long long)call->id);
      end_call_locked(call, CC_INTERNAL, &st);
      cc_status_clear(&st);
      cancel_id = !r->end_of_stream;
    }
    cc_response_free(r);
  } else if ((int)r->response_case != call->method) {
    cc_status st = {0};
    cc__set_status(&st, CC_INTERNAL, CC_REASON_UNEXPECTED_RESPONSE, "",
                   "call %llu asked for method %d and got the result of method %d", (unsigned long long)call->id,
                   call->method, (int)r->response_case);
    end_call_locked(call, CC_INTERNAL, &st);
    cc_status_clear(&st);
    cancel_id = !r->end_of_stream;
    cc_response_free(r);
  } else if (call->queued >= conn->options.max_queued_items) {
    cc_status st = {0};
    cc__set_status(&st, CC_RESOURCE_EXHAUSTED, CC_REASON_CLIENT_QUEUE_FULL, "",
                   "%zu items of call %llu were left unread; the stream was cancelled", call->queued,
                   (unsigned long long)call->id);
    end_call_locked(call, CC_RESOURCE_EXHAUSTED, &st);
    cc_status_clear(&st);
    cancel_id = !r->end_of_stream;
    cc_response_free(r);
  } else {
    item *it = malloc(sizeof *it);
    if (!it) {
      cc_response_free(r);
    } else {
      int end = r->end_of_stream;
      it->next = NULL;
      it->response = r;
      if (call->tail) call->tail->next = it;
      else call->head = it;
      call->tail = it;
      call->queued++;
      if (end) end_call_locked(call, CC_END, NULL);
      pthread_cond_broadcast(&call->cond);
    }
  }
  uint64_t id = call->id;
  if (cancel_id) call->cancel_sent = 1;
  pthread_mutex_unlock(&conn->mu);
  if (cancel_id) send_cancel(conn, id);
}

/* With conn->mu held: the connection is over; every call still waiting ends with `st`. */
static void close_locked(cc_conn *conn, const cc_status *st) {
  if (!conn->closed) {
    conn->closed = 1;
    status_copy(&conn->close_status, st);
  }
  for (cc_call *c = conn->calls; c; c = c->next)
    if (!c->ended) end_call_locked(c, conn->close_status.code, &conn->close_status);
  pthread_cond_broadcast(&conn->state_cond);
}

static void handle_goaway(cc_conn *conn, const Council__V1__GoAway *g) {
  pthread_mutex_lock(&conn->mu);
  if (!conn->goaway_received) {
    conn->goaway_received = 1;
    conn->goaway_last_call_id = g->last_call_id;
    status_from_wire(&conn->goaway_status, g->status);
  }
  if (g->last_call_id < conn->goaway_last_call_id) conn->goaway_last_call_id = g->last_call_id;
  cc_status st = {0};
  cc__set_status(&st, CC_UNAVAILABLE, CC_REASON_NOT_PROCESSED, "",
                 "the server's GoAway (last call %llu) left this call unprocessed: send it again on a new connection",
                 (unsigned long long)conn->goaway_last_call_id);
  for (cc_call *c = conn->calls; c; c = c->next)
    if (!c->ended && c->id > conn->goaway_last_call_id) end_call_locked(c, CC_UNAVAILABLE, &st);
  cc_status_clear(&st);
  pthread_cond_broadcast(&conn->state_cond);
  pthread_mutex_unlock(&conn->mu);
}

static void *reader_main(void *arg) {
  cc_conn *conn = arg;
  cc_status st = {0};
  for (;;) {
    uint8_t *payload;
    size_t len;
    int r = read_frame(&conn->tp, -1, conn->options.frame_read_timeout_ms, conn->options.max_frame_bytes, &payload,
                       &len, &st);
    if (r == CC_END) {
      cc__set_status(&st, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "the server closed the connection");
      break;
    }
    if (r != CC_OK) break;
    Council__V1__Frame *frame;
    uint64_t id;
    int have_id;
    r = cc__decode_frame(payload, len, conn->options.decode_budget_bytes, &frame, &id, &have_id, &st);
    free(payload);
    if (r != CC_OK) {
      if (!have_id) break; /* nothing to pin it on: the stream cannot be trusted any more */
      pthread_mutex_lock(&conn->mu);
      cc_call *call = find_call_locked(conn, id);
      int cancel = 0;
      if (call) {
        cancel = !call->cancel_sent;
        call->cancel_sent = 1;
        end_call_locked(call, r, &st);
      }
      pthread_mutex_unlock(&conn->mu);
      if (cancel) send_cancel(conn, id);
      cc_status_clear(&st);
      continue;
    }
    switch (frame->kind_case) {
      case COUNCIL__V1__FRAME__KIND_RESPONSE: {
        Council__V1__Response *resp = frame->response;
        frame->response = NULL;
        frame->kind_case = COUNCIL__V1__FRAME__KIND__NOT_SET;
        deliver_response(conn, resp);
        break;
      }
      case COUNCIL__V1__FRAME__KIND_PING: {
        Council__V1__Pong pong = COUNCIL__V1__PONG__INIT;
        Council__V1__Frame out = COUNCIL__V1__FRAME__INIT;
        pong.payload = frame->ping->payload;
        out.kind_case = COUNCIL__V1__FRAME__KIND_PONG;
        out.pong = &pong;
        send_frame(conn, &out);
        break;
      }
      case COUNCIL__V1__FRAME__KIND_PONG:
        pthread_mutex_lock(&conn->mu);
        if (conn->ping_waiting && frame->pong->payload == conn->ping_payload) {
          conn->pong_seen = 1;
          pthread_cond_broadcast(&conn->state_cond);
        }
        pthread_mutex_unlock(&conn->mu);
        break;
      case COUNCIL__V1__FRAME__KIND_GOAWAY:
        handle_goaway(conn, frame->goaway);
        break;
      case COUNCIL__V1__FRAME__KIND__NOT_SET:
        break; /* a member a newer server knows and this version does not: ignored (PROTOCOL.md §9.3) */
      default:
        cc__set_status(&st, CC_INTERNAL, CC_REASON_MALFORMED_FRAME, "",
                       "the server sent a frame of a kind only clients send (member %d)", (int)frame->kind_case);
        protobuf_c_message_free_unpacked(&frame->base, NULL);
        goto out;
    }
    protobuf_c_message_free_unpacked(&frame->base, NULL);
  }
out:
  pthread_mutex_lock(&conn->mu);
  close_locked(conn, &st);
  pthread_mutex_unlock(&conn->mu);
  cc_status_clear(&st);
  return NULL;
}

static void conn_free(cc_conn *conn) {
  if (!conn) return;
  while (conn->calls) {
    cc_call *c = conn->calls;
    conn->calls = c->next;
    free_items(c);
    cc_status_clear(&c->end_status);
    pthread_cond_destroy(&c->cond);
    free(c);
  }
  if (conn->tp.ssl) {
    tp_close_notify(&conn->tp);
    SSL_free(conn->tp.ssl); /* and its BIO */
  }
  if (conn->tls_ctx) SSL_CTX_free(conn->tls_ctx);
  if (conn->tls_bio) BIO_meth_free(conn->tls_bio);
  if (conn->tp.fd >= 0) close(conn->tp.fd);
  pthread_mutex_destroy(&conn->tp.mu);
  cc_status_clear(&conn->close_status);
  cc_status_clear(&conn->goaway_status);
  pthread_mutex_destroy(&conn->mu);
  pthread_mutex_destroy(&conn->write_mu);
  pthread_mutex_destroy(&conn->ping_mu);
  pthread_cond_destroy(&conn->state_cond);
  free(conn->address);
  free(conn->client_system);
  free(conn->client_instance);
  free(conn->bearer_token);
  free(conn->tls_ca_file);
  free(conn->tls_cert_file);
  free(conn->tls_key_file);
  free(conn->tls_server_name);
  free(conn->server_id);
  free(conn);
}

static char *dup_opt(const char *s) { return s ? strdup(s) : NULL; }

int cc_connect(const cc_options *options, cc_conn **out, cc_status *status) {
  *out = NULL;
  if (!options || !options->address || !options->client_system) {
    cc__set_status(status, CC_INVALID_ARGUMENT, CC_REASON_BAD_REQUEST, "", "address and client_system are required");
    return CC_INVALID_ARGUMENT;
  }
  cc_conn *conn = calloc(1, sizeof *conn);
  if (!conn) {
    cc__set_status(status, CC_INTERNAL, CC_REASON_CLIENT_FAILURE, "", "out of memory");
    return CC_INTERNAL;
  }
  conn->tp.fd = -1;
  pthread_mutex_init(&conn->tp.mu, NULL);
  pthread_mutex_init(&conn->mu, NULL);
  pthread_mutex_init(&conn->write_mu, NULL);
  pthread_mutex_init(&conn->ping_mu, NULL);
  cond_init_monotonic(&conn->state_cond);
  conn->options = *options;
  cc_options defaults;
  cc_options_init(&defaults);
  if (!conn->options.connect_timeout_ms) conn->options.connect_timeout_ms = defaults.connect_timeout_ms;
  if (!conn->options.frame_read_timeout_ms) conn->options.frame_read_timeout_ms = defaults.frame_read_timeout_ms;
  if (!conn->options.max_frame_bytes) conn->options.max_frame_bytes = defaults.max_frame_bytes;
  if (!conn->options.decode_budget_bytes) conn->options.decode_budget_bytes = defaults.decode_budget_bytes;
  if (!conn->options.default_timeout_ms) conn->options.default_timeout_ms = defaults.default_timeout_ms;
  if (!conn->options.max_queued_items) conn->options.max_queued_items = defaults.max_queued_items;
  conn->address = dup_opt(options->address);
  conn->client_system = dup_opt(options->client_system);
  conn->client_instance = dup_opt(options->client_instance);
  conn->bearer_token = dup_opt(options->bearer_token);
  conn->options.address = conn->address;
  conn->options.client_system = conn->client_system;
  conn->options.client_instance = conn->client_instance;
  conn->options.bearer_token = conn->bearer_token;
  conn->tls_ca_file = dup_opt(options->tls_ca_file);
  conn->tls_cert_file = dup_opt(options->tls_cert_file);
  conn->tls_key_file = dup_opt(options->tls_key_file);
  conn->tls_server_name = dup_opt(options->tls_server_name);
  conn->options.tls_ca_file = conn->tls_ca_file;
  conn->options.tls_cert_file = conn->tls_cert_file;
  conn->options.tls_key_file = conn->tls_key_file;
  conn->options.tls_server_name = conn->tls_server_name;

  int r = tls_prepare(conn, status);
  if (r != CC_OK) {
    conn_free(conn);
    return r;
  }
  int64_t deadline = now_ns() + (int64_t)conn->options.connect_timeout_ms * 1000000;
  conn->tp.fd = connect_socket(conn->address, deadline, status);
  if (conn->tp.fd < 0) {
    int code = status ? status->code : CC_UNAVAILABLE;
    conn_free(conn);
    return code ? code : CC_UNAVAILABLE;
  }
  /* A write that the server never drains must not hang a caller forever (under TLS: CC_WRITE_STALL_MS). */
  struct timeval tv = {CC_WRITE_STALL_MS / 1000, 0};
  setsockopt(conn->tp.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (conn->tls_ctx) {
    char host[256], port[32];
    split_address(conn->address, host, sizeof host, port, sizeof port); /* connect_socket accepted it */
    r = tls_handshake(conn, host, deadline, status);
    if (r != CC_OK) {
      conn_free(conn);
      return r;
    }
  }

  uint8_t *buf = NULL;
  size_t len = 0;
  char why[256] = "out of memory";
  int sent = cc__encode_handshake(&conn->options, &buf, &len) == CC_OK &&
             tp_write(&conn->tp, buf, len, why, sizeof why) == 0;
  free(buf);
  /* Under TLS 1.3 the server judges our certificate after our side of the TLS handshake is done: a refusal comes
   * as an alert where the handshake result should be, and it may have broken the write already. So under TLS
   * the answer is read even when the write failed. */
  if (!sent && !conn->tp.ssl) {
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "sending the handshake failed: %s", why);
    conn_free(conn);
    return CC_UNAVAILABLE;
  }

  /* The handshake result: the first frame back. Anything else first is a broken server. */
  uint8_t *payload = NULL;
  char tls_why[256];
  r = read_frame(&conn->tp, remaining_ms(deadline), conn->options.frame_read_timeout_ms,
                 conn->options.max_frame_bytes, &payload, &len, status);
  if (r != CC_OK && tp_tls_error(&conn->tp, tls_why, sizeof tls_why)) {
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_TLS_HANDSHAKE_FAILED, "", "TLS handshake with %s failed: %s",
                   conn->address, tls_why);
    r = CC_UNAVAILABLE;
  } else if (!sent) {
    free(payload);
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "sending the handshake failed: %s", why);
    r = CC_UNAVAILABLE;
  } else if (r == CC_AGAIN) {
    cc__set_status(status, CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT, "",
                   "no handshake result within %u ms", conn->options.connect_timeout_ms);
    r = CC_DEADLINE_EXCEEDED;
  } else if (r == CC_END) {
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "",
                   "the server closed the connection before answering the handshake");
    r = CC_UNAVAILABLE;
  }
  if (r != CC_OK) {
    conn_free(conn);
    return r;
  }
  Council__V1__Frame *frame = NULL;
  r = cc__decode_frame(payload, len, conn->options.decode_budget_bytes, &frame, NULL, NULL, status);
  free(payload);
  if (r != CC_OK) {
    conn_free(conn);
    return r;
  }
  if (frame->kind_case == COUNCIL__V1__FRAME__KIND_GOAWAY) {
    /* e.g. handshakeTimeout, or a protocol error the server found in our handshake */
    status_from_wire(status, frame->goaway->status);
    if (status->code == CC_OK) cc__set_status(status, CC_UNAVAILABLE, CC_REASON_GOAWAY, "", "the server sent a GoAway instead of a handshake result");
    r = status->code;
    protobuf_c_message_free_unpacked(&frame->base, NULL);
    conn_free(conn);
    return r;
  }
  if (frame->kind_case != COUNCIL__V1__FRAME__KIND_HANDSHAKE_RESULT) {
    cc__set_status(status, CC_INTERNAL, CC_REASON_MALFORMED_FRAME, "",
                   "the server's first frame is not a handshake result (member %d)", (int)frame->kind_case);
    protobuf_c_message_free_unpacked(&frame->base, NULL);
    conn_free(conn);
    return CC_INTERNAL;
  }
  Council__V1__HandshakeResult *hr = frame->handshake_result;
  if (hr->status && hr->status->code != COUNCIL__V1__STATUS__CODE__OK) {
    status_from_wire(status, hr->status);
    r = status->code;
    protobuf_c_message_free_unpacked(&frame->base, NULL);
    conn_free(conn);
    return r;
  }
  conn->protocol_version = hr->protocol_version;
  conn->server_id = strdup(hr->server_id ? hr->server_id : "");
  council__v1__limits__init(&conn->limits);
  if (hr->limits) {
    conn->limits.max_frame_bytes = hr->limits->max_frame_bytes;
    conn->limits.decode_budget_bytes = hr->limits->decode_budget_bytes;
    conn->limits.max_concurrent_calls = hr->limits->max_concurrent_calls;
    conn->limits.idle_timeout_ms = hr->limits->idle_timeout_ms;
    conn->limits.frame_read_timeout_ms = hr->limits->frame_read_timeout_ms;
    conn->limits.default_call_timeout_ms = hr->limits->default_call_timeout_ms;
  }
  protobuf_c_message_free_unpacked(&frame->base, NULL);
  if (conn->protocol_version != CC_PROTOCOL_VERSION) {
    cc__set_status(status, CC_FAILED_PRECONDITION, "unsupportedVersion", "",
                   "the server chose protocol version %u; this client speaks %u", conn->protocol_version,
                   CC_PROTOCOL_VERSION);
    conn_free(conn);
    return CC_FAILED_PRECONDITION;
  }
  if (pthread_create(&conn->reader, NULL, reader_main, conn) != 0) {
    cc__set_status(status, CC_INTERNAL, CC_REASON_CLIENT_FAILURE, "", "cannot start the reader thread");
    conn_free(conn);
    return CC_INTERNAL;
  }
  conn->reader_started = 1;
  *out = conn;
  return CC_OK;
}

uint32_t cc_conn_protocol_version(const cc_conn *conn) { return conn->protocol_version; }
const char *cc_conn_server_id(const cc_conn *conn) { return conn->server_id ? conn->server_id : ""; }
const Council__V1__Limits *cc_conn_limits(const cc_conn *conn) { return &conn->limits; }

int cc_conn_usable(cc_conn *conn) {
  pthread_mutex_lock(&conn->mu);
  int usable = !conn->closed && !conn->goaway_received && !conn->goaway_sent && !conn->broken;
  pthread_mutex_unlock(&conn->mu);
  return usable;
}

int cc_conn_goaway(cc_conn *conn, uint64_t *last_call_id, cc_status *status) {
  pthread_mutex_lock(&conn->mu);
  int got = conn->goaway_received;
  if (got) {
    if (last_call_id) *last_call_id = conn->goaway_last_call_id;
    if (status) status_copy(status, &conn->goaway_status);
  }
  pthread_mutex_unlock(&conn->mu);
  return got;
}

/* ================================================================================================
 * Calls
 * ================================================================================================ */

int cc_call_start(cc_conn *conn, const Council__V1__Call *request, const cc_call_options *options,
                  cc_call **out, cc_status *status) {
  *out = NULL;
  int is_stream = request && request->request_case == COUNCIL__V1__CALL__REQUEST_WATCH_EVENTS;
  uint32_t timeout = options && options->timeout_ms ? options->timeout_ms : conn->options.default_timeout_ms;
  if (is_stream) timeout = 0;
  cc_call *call = calloc(1, sizeof *call);
  if (!call) {
    cc__set_status(status, CC_INTERNAL, CC_REASON_CLIENT_FAILURE, "", "out of memory");
    return CC_INTERNAL;
  }
  cond_init_monotonic(&call->cond);
  call->conn = conn;
  call->is_stream = is_stream;
  call->method = request ? (int)request->request_case : 0;

  /* The id is taken and the frame written under write_mu, so ids reach the wire in increasing order. */
  pthread_mutex_lock(&conn->write_mu);
  pthread_mutex_lock(&conn->mu);
  int refuse = 0;
  if (conn->goaway_received || conn->goaway_sent) { /* checked first: the more telling reason once both hold */
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_GOAWAY, "",
                   "the connection takes no new calls after a GoAway: open a new connection");
    refuse = CC_UNAVAILABLE;
  } else if (conn->closed || conn->broken) {
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "the connection is closed");
    refuse = CC_UNAVAILABLE;
  } else if (conn->limits.max_concurrent_calls && conn->in_flight >= conn->limits.max_concurrent_calls) {
    cc__set_status(status, CC_RESOURCE_EXHAUSTED, CC_REASON_TOO_MANY_CALLS, "",
                   "%zu calls are in flight, the connection's limit", conn->in_flight);
    refuse = CC_RESOURCE_EXHAUSTED;
  }
  uint64_t id = conn->last_call_id + 1;
  pthread_mutex_unlock(&conn->mu);
  uint8_t *buf = NULL;
  size_t len = 0;
  if (!refuse)
    refuse = cc__encode_call(request, id, timeout, options,
                             conn->limits.max_frame_bytes ? conn->limits.max_frame_bytes : conn->options.max_frame_bytes,
                             &buf, &len, status);
  if (refuse) {
    pthread_mutex_unlock(&conn->write_mu);
    pthread_cond_destroy(&call->cond);
    free(call);
    return refuse;
  }
  pthread_mutex_lock(&conn->mu);
  conn->last_call_id = id;
  call->id = id;
  call->in_table = 1;
  conn->in_flight++;
  call->next = conn->calls;
  if (conn->calls) conn->calls->prev = call;
  conn->calls = call;
  if (!is_stream)
    call->deadline_ns = now_ns() + ((int64_t)timeout + conn->options.call_grace_ms) * 1000000;
  pthread_mutex_unlock(&conn->mu);
  char why[256] = "the connection is broken";
  int w = conn->broken ? -1 : tp_write(&conn->tp, buf, len, why, sizeof why);
  if (w != 0) conn->broken = 1;
  pthread_mutex_unlock(&conn->write_mu);
  free(buf);
  if (w != 0) {
    pthread_mutex_lock(&conn->mu);
    cc_status st = {0};
    cc__set_status(&st, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "sending the call failed: %s", why);
    end_call_locked(call, CC_UNAVAILABLE, &st);
    cc_status_clear(&st);
    pthread_mutex_unlock(&conn->mu);
    shutdown(conn->tp.fd, SHUT_RDWR); /* the reader sees the end and fails the other calls */
  }
  *out = call;
  return CC_OK;
}

uint64_t cc_call_id(const cc_call *call) { return call->id; }

int cc_call_next(cc_call *call, int wait_ms, Council__V1__Response **response, cc_status *status) {
  cc_conn *conn = call->conn;
  *response = NULL;
  int64_t wait_deadline = wait_ms >= 0 ? now_ns() + (int64_t)wait_ms * 1000000 : 0;
  int send_cancel_id = 0, result;
  pthread_mutex_lock(&conn->mu);
  for (;;) {
    if (call->head) {
      item *it = call->head;
      call->head = it->next;
      if (!call->head) call->tail = NULL;
      call->queued--;
      *response = it->response;
      free(it);
      result = CC_OK;
      break;
    }
    if (call->ended) {
      result = call->end_code;
      if (result != CC_END) status_copy(status, &call->end_status);
      break;
    }
    int64_t until = call->deadline_ns;
    if (wait_deadline && (!until || wait_deadline < until)) until = wait_deadline;
    if (cond_wait_until(&call->cond, &conn->mu, until) == ETIMEDOUT && now_ns() >= until) {
      if (call->deadline_ns && now_ns() >= call->deadline_ns && !call->head && !call->ended) {
        cc_status st = {0};
        cc__set_status(&st, CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT, "",
                       "no response to call %llu within its timeout and %u ms of grace", (unsigned long long)call->id,
                       conn->options.call_grace_ms);
        send_cancel_id = !call->cancel_sent;
        call->cancel_sent = 1;
        end_call_locked(call, CC_DEADLINE_EXCEEDED, &st);
        cc_status_clear(&st);
        continue;
      }
      if (!call->head && !call->ended) {
        result = CC_AGAIN;
        break;
      }
    }
  }
  uint64_t id = call->id;
  pthread_mutex_unlock(&conn->mu);
  if (send_cancel_id) send_cancel(conn, id);
  return result;
}

int cc_call_cancel(cc_call *call) {
  cc_conn *conn = call->conn;
  pthread_mutex_lock(&conn->mu);
  int send = !call->ended && !call->cancel_sent;
  call->cancel_sent = 1;
  uint64_t id = call->id;
  pthread_mutex_unlock(&conn->mu);
  if (send) send_cancel(conn, id);
  return CC_OK;
}

void cc_call_free(cc_call *call) {
  if (!call) return;
  cc_conn *conn = call->conn;
  pthread_mutex_lock(&conn->mu);
  int send = !call->ended && !call->cancel_sent;
  if (!call->ended) {
    cc_status st = {0};
    cc__set_status(&st, CC_CANCELLED, "cancelled", "", "the call was released");
    end_call_locked(call, CC_CANCELLED, &st);
    cc_status_clear(&st);
  }
  if (call->prev) call->prev->next = call->next;
  else conn->calls = call->next;
  if (call->next) call->next->prev = call->prev;
  uint64_t id = call->id;
  pthread_mutex_unlock(&conn->mu);
  if (send) send_cancel(conn, id);
  free_items(call);
  cc_status_clear(&call->end_status);
  pthread_cond_destroy(&call->cond);
  free(call);
}

int cc_unary(cc_conn *conn, const Council__V1__Call *request, const cc_call_options *options,
             Council__V1__Response **response, cc_status *status) {
  cc_call *call;
  *response = NULL;
  int r = cc_call_start(conn, request, options, &call, status);
  if (r != CC_OK) return r;
  r = cc_call_next(call, -1, response, status);
  if (r == CC_END) { /* cannot happen for a unary call that got its answer; keep the contract anyway */
    cc__set_status(status, CC_INTERNAL, CC_REASON_UNEXPECTED_RESPONSE, "", "the call ended without a response");
    r = CC_INTERNAL;
  }
  cc_call_free(call);
  return r;
}

void cc_response_free(Council__V1__Response *response) {
  if (response) protobuf_c_message_free_unpacked(&response->base, NULL);
}

/* ================================================================================================
 * Ping, goaway, shutdown
 * ================================================================================================ */

int cc_ping(cc_conn *conn, uint32_t timeout_ms, uint64_t *rtt_us, cc_status *status) {
  pthread_mutex_lock(&conn->ping_mu);
  int64_t start = now_ns();
  pthread_mutex_lock(&conn->mu);
  if (conn->closed) {
    pthread_mutex_unlock(&conn->mu);
    pthread_mutex_unlock(&conn->ping_mu);
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "the connection is closed");
    return CC_UNAVAILABLE;
  }
  conn->ping_waiting = 1;
  conn->pong_seen = 0;
  conn->ping_payload = (uint64_t)start;
  pthread_mutex_unlock(&conn->mu);

  Council__V1__Ping ping = COUNCIL__V1__PING__INIT;
  Council__V1__Frame frame = COUNCIL__V1__FRAME__INIT;
  ping.payload = (uint64_t)start;
  frame.kind_case = COUNCIL__V1__FRAME__KIND_PING;
  frame.ping = &ping;
  int result = CC_OK;
  if (send_frame(conn, &frame) != 0) {
    cc__set_status(status, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "sending the ping failed");
    result = CC_UNAVAILABLE;
  }
  int64_t deadline = start + (int64_t)timeout_ms * 1000000;
  pthread_mutex_lock(&conn->mu);
  while (result == CC_OK && !conn->pong_seen) {
    if (conn->closed) {
      status_copy(status, &conn->close_status);
      result = conn->close_status.code ? conn->close_status.code : CC_UNAVAILABLE;
      break;
    }
    if (cond_wait_until(&conn->state_cond, &conn->mu, deadline) == ETIMEDOUT && !conn->pong_seen) {
      cc__set_status(status, CC_DEADLINE_EXCEEDED, CC_REASON_CLIENT_TIMEOUT, "", "no pong within %u ms", timeout_ms);
      result = CC_DEADLINE_EXCEEDED;
    }
  }
  conn->ping_waiting = 0;
  pthread_mutex_unlock(&conn->mu);
  if (result == CC_OK && rtt_us) *rtt_us = (uint64_t)(now_ns() - start) / 1000;
  pthread_mutex_unlock(&conn->ping_mu);
  return result;
}

int cc_shutdown(cc_conn *conn, uint32_t wait_ms) {
  if (!conn) return CC_OK;
  pthread_mutex_lock(&conn->write_mu);
  pthread_mutex_lock(&conn->mu);
  int already = conn->goaway_sent || conn->closed;
  conn->goaway_sent = 1;
  uint64_t last = conn->last_call_id;
  pthread_mutex_unlock(&conn->mu);
  pthread_mutex_unlock(&conn->write_mu);
  if (!already) {
    Council__V1__GoAway goaway = COUNCIL__V1__GO_AWAY__INIT;
    Council__V1__Status ok = COUNCIL__V1__STATUS__INIT;
    Council__V1__Frame frame = COUNCIL__V1__FRAME__INIT;
    goaway.last_call_id = last;
    goaway.status = &ok;
    frame.kind_case = COUNCIL__V1__FRAME__KIND_GOAWAY;
    frame.goaway = &goaway;
    send_frame(conn, &frame);
  }
  int64_t deadline = now_ns() + (int64_t)wait_ms * 1000000;
  int result = CC_OK;
  pthread_mutex_lock(&conn->mu);
  while (conn->in_flight > 0 && !conn->closed) {
    if (cond_wait_until(&conn->state_cond, &conn->mu, deadline) == ETIMEDOUT) {
      result = conn->in_flight > 0 ? CC_DEADLINE_EXCEEDED : CC_OK;
      break;
    }
  }
  pthread_mutex_unlock(&conn->mu);
  cc_close(conn);
  return result;
}

void cc_close(cc_conn *conn) {
  if (!conn) return;
  tp_close_notify(&conn->tp);
  shutdown(conn->tp.fd, SHUT_RDWR);
  if (conn->reader_started) pthread_join(conn->reader, NULL);
  pthread_mutex_lock(&conn->mu);
  cc_status st = {0};
  cc__set_status(&st, CC_UNAVAILABLE, CC_REASON_CONNECTION_CLOSED, "", "the connection was closed by the client");
  close_locked(conn, &st);
  cc_status_clear(&st);
  pthread_mutex_unlock(&conn->mu);
  conn_free(conn);
}

/* ================================================================================================
 * Convenience
 * ================================================================================================ */

static int get_case(cc_conn *conn, Council__V1__GetCaseRequest *req, const cc_call_options *options,
                    Council__V1__Response **out, cc_status *status) {
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  call.request_case = COUNCIL__V1__CALL__REQUEST_GET_CASE;
  call.get_case = req;
  return cc_unary(conn, &call, options, out, status);
}

int cc_get_case_by_number(cc_conn *conn, const char *number, const cc_call_options *options,
                          Council__V1__Response **out, cc_status *status) {
  Council__V1__GetCaseRequest req = COUNCIL__V1__GET_CASE_REQUEST__INIT;
  req.key_case = COUNCIL__V1__GET_CASE_REQUEST__KEY_NUMBER;
  req.number = (char *)number;
  return get_case(conn, &req, options, out, status);
}

int cc_get_case_by_id(cc_conn *conn, const char *id, const cc_call_options *options, Council__V1__Response **out,
                      cc_status *status) {
  Council__V1__GetCaseRequest req = COUNCIL__V1__GET_CASE_REQUEST__INIT;
  req.key_case = COUNCIL__V1__GET_CASE_REQUEST__KEY_ID;
  req.id = (char *)id;
  return get_case(conn, &req, options, out, status);
}

int cc_get_case_by_external_reference(cc_conn *conn, const char *system, const char *reference,
                                      const cc_call_options *options, Council__V1__Response **out,
                                      cc_status *status) {
  Council__V1__ExternalReference ref = COUNCIL__V1__EXTERNAL_REFERENCE__INIT;
  Council__V1__GetCaseRequest req = COUNCIL__V1__GET_CASE_REQUEST__INIT;
  ref.system = (char *)system;
  ref.reference = (char *)reference;
  req.key_case = COUNCIL__V1__GET_CASE_REQUEST__KEY_EXTERNAL_REFERENCE;
  req.external_reference = &ref;
  return get_case(conn, &req, options, out, status);
}

int cc_submit(cc_conn *conn, const Council__V1__Submission *submission, const cc_call_options *options,
              Council__V1__Response **out, cc_status *status) {
  Council__V1__SubmitRequest req = COUNCIL__V1__SUBMIT_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  req.submission = (Council__V1__Submission *)submission;
  call.request_case = COUNCIL__V1__CALL__REQUEST_SUBMIT;
  call.submit = &req;
  return cc_unary(conn, &call, options, out, status);
}

int cc_watch_events(cc_conn *conn, int64_t after, const cc_call_options *options, cc_call **out,
                    cc_status *status) {
  Council__V1__WatchEventsRequest req = COUNCIL__V1__WATCH_EVENTS_REQUEST__INIT;
  Council__V1__Call call = COUNCIL__V1__CALL__INIT;
  req.after = after;
  call.request_case = COUNCIL__V1__CALL__REQUEST_WATCH_EVENTS;
  call.watch_events = &req;
  return cc_call_start(conn, &call, options, out, status);
}
