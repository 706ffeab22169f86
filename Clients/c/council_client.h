/*
 * council_client.h — a small C client for councild, the Council Hall server.
 *
 * It speaks the wire protocol of Schemas/PROTOCOL.md (version 1): 4-byte big-endian length-prefixed
 * `council.v1.Frame` messages over one TCP connection, a handshake first, then many concurrent calls matched
 * by call id. Messages are the structs protoc-c generates from Schemas/council.proto (council.pb-c.h); the
 * library fills in the envelope (call id, deadline, metadata) and hands back the decoded `Response`.
 *
 * Threading model
 * ---------------
 * A connection (`cc_conn`) owns one background reader thread. The reader is the only code that reads the
 * socket: it decodes each frame, answers server pings with pongs, records a GoAway, and appends each
 * `Response` to the queue of the call it belongs to (responses may arrive in any order). Every other function
 * on a `cc_conn` may be called from any number of threads at once: one mutex guards the table of calls in
 * flight and another serialises writes to the socket, so frames never interleave. Under TLS the reader and the
 * writers take turns on the TLS session: a third mutex is held for one non-blocking TLS read or write at a time,
 * never while waiting for the socket. A `cc_call` belongs to the thread that started it: do not use one
 * `cc_call` from two threads at once.
 *
 * Why a reader thread rather than a poll loop driven by the caller: a watch stream keeps arriving while the
 * application is busy elsewhere, server pings must be answered even when no call is waiting, and several
 * application threads (a petition bridge usually has a worker pool) can share one connection, which the
 * protocol asks for ("open one connection per process and keep it"). The cost is one thread per connection.
 *
 * Ownership
 * ---------
 * * Requests are borrowed: the library reads the `Call` you pass and never keeps or frees it.
 * * Every `Council__V1__Response *` handed to you is yours: free it with `cc_response_free`.
 * * Every `cc_status` filled by the library holds copies of the server's strings: release it with
 *   `cc_status_clear` (safe on a zeroed or already-cleared status).
 * * Free every `cc_call` (`cc_call_free`) before `cc_close`. `cc_close` frees calls that are left over, so
 *   nothing leaks, but pointers to them are invalid afterwards.
 *
 * Errors
 * ------
 * Functions return `CC_OK` (0), a canonical gRPC code (1–16, the `Status.Code` numbers), or one of the two
 * non-error results `CC_END` and `CC_AGAIN`. Whenever a code is returned the `cc_status` is filled: `origin`
 * says whether the server sent it (`CC_ORIGIN_SERVER`) or the client produced it (`CC_ORIGIN_CLIENT`, for
 * example a lost connection, a local timeout, a malformed frame from the server); `reason` is the stable
 * lowerCamelCase name to switch on (the server's, or one of the `CC_REASON_*` names below).
 *
 * TLS
 * ---
 * With `cc_options.tls_ca_file` set the connection speaks TLS (1.2 or later, OpenSSL 3) and always verifies the
 * server's certificate against those CAs and the expected name; `tls_cert_file` and `tls_key_file` add a client
 * certificate (mutual TLS). Inside TLS the protocol is byte for byte the same. A failed TLS handshake (untrusted
 * or misnamed server certificate, our certificate refused, a peer that does not speak TLS) is UNAVAILABLE
 * `tlsHandshakeFailed`, naming OpenSSL's reason. Without `tls_ca_file` the connection is plain TCP and the
 * library makes no OpenSSL call at all.
 *
 * No global state: everything lives in the `cc_conn` (OpenSSL keeps its own process-wide state, which it sets up
 * on first use and releases at exit). The library never calls exit() or abort() on bad input from the server; it
 * ignores SIGPIPE per write (MSG_NOSIGNAL, under TLS too).
 */
#ifndef COUNCIL_CLIENT_H
#define COUNCIL_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "council.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Results ----------------------------------------------------------------------------------------- */

/** Success. */
#define CC_OK 0
/** `cc_call_next`: the call or stream has ended normally and delivered everything; no response returned. */
#define CC_END (-1)
/** `cc_call_next`: nothing arrived within the wait asked for; the call goes on. */
#define CC_AGAIN (-2)

/* The canonical status codes, the same numbers as `Council__V1__Status__Code`. */
#define CC_CANCELLED 1
#define CC_UNKNOWN 2
#define CC_INVALID_ARGUMENT 3
#define CC_DEADLINE_EXCEEDED 4
#define CC_NOT_FOUND 5
#define CC_ALREADY_EXISTS 6
#define CC_PERMISSION_DENIED 7
#define CC_RESOURCE_EXHAUSTED 8
#define CC_FAILED_PRECONDITION 9
#define CC_ABORTED 10
#define CC_OUT_OF_RANGE 11
#define CC_UNIMPLEMENTED 12
#define CC_INTERNAL 13
#define CC_UNAVAILABLE 14
#define CC_DATA_LOSS 15
#define CC_UNAUTHENTICATED 16

/* Reasons the client itself produces (origin CC_ORIGIN_CLIENT). */
/** UNAVAILABLE: could not resolve or connect to the address. */
#define CC_REASON_CONNECT_FAILED "connectFailed"
/** DEADLINE_EXCEEDED: connecting, the handshake or a call ran past its local time limit. */
#define CC_REASON_CLIENT_TIMEOUT "clientTimeout"
/** UNAVAILABLE: the connection closed (or failed) before the call ended. Retry on a new connection. */
#define CC_REASON_CONNECTION_CLOSED "connectionClosed"
/** UNAVAILABLE: the server's GoAway says it did not process this call (id above `last_call_id`): retry it
 * on a new connection. */
#define CC_REASON_NOT_PROCESSED "notProcessed"
/** UNAVAILABLE: the connection received or sent a GoAway and takes no new calls. Open a new connection. */
#define CC_REASON_GOAWAY "goaway"
/** RESOURCE_EXHAUSTED: `Limits.max_concurrent_calls` calls are in flight already. */
#define CC_REASON_TOO_MANY_CALLS "tooManyCalls"
/** RESOURCE_EXHAUSTED, from the server: its disk is full and nothing was written. Retry later. */
#define CC_REASON_STORAGE_FULL "storageFull"
/** RESOURCE_EXHAUSTED: the server announced a frame larger than the client accepts; the connection closes. */
#define CC_REASON_FRAME_TOO_LARGE "frameTooLarge"
/** INTERNAL: the server sent bytes that are not a valid frame (bad protobuf, bad UTF-8, NUL in a string, an
 * unknown enum value, nesting too deep, over the decode budget, an empty frame, a frame of the wrong kind). */
#define CC_REASON_MALFORMED_FRAME "malformedFrame"
/** INTERNAL: a response whose result member is not the one the call asked for. */
#define CC_REASON_UNEXPECTED_RESPONSE "unexpectedResponse"
/** INVALID_ARGUMENT: the request cannot be sent (no request member, a string the server would refuse,
 * too large). */
#define CC_REASON_BAD_REQUEST "badRequest"
/** RESOURCE_EXHAUSTED: a stream's items piled up unread past `cc_options.max_queued_items`; the stream was
 * cancelled. */
#define CC_REASON_CLIENT_QUEUE_FULL "clientQueueFull"
/** INTERNAL: out of memory or a system call failed. */
#define CC_REASON_CLIENT_FAILURE "clientFailure"
/** UNAVAILABLE: the TLS handshake failed: the server's certificate is not trusted or does not carry the expected
 * name, the server refused our certificate (or wanted one), or the peer does not speak TLS. The message names
 * OpenSSL's reason. */
#define CC_REASON_TLS_HANDSHAKE_FAILED "tlsHandshakeFailed"
/** INVALID_ARGUMENT: an option cannot be used (`field` names it), e.g. a `tls_cert_file` that cannot be loaded. */
#define CC_REASON_INVALID_ARGUMENT "invalidArgument"

typedef enum { CC_ORIGIN_NONE = 0, CC_ORIGIN_SERVER = 1, CC_ORIGIN_CLIENT = 2 } cc_origin;

/**
 * A status: what the server's `council.v1.Status` said, or what the client concluded. Strings are owned
 * copies, never NULL once filled (empty when not given). Zero-initialise before first use.
 */
typedef struct {
  int code;              /**< 0 (OK) or a canonical code 1–16. */
  cc_origin origin;      /**< Who produced it. */
  char *message;         /**< One sentence, safe to show and log. */
  char *field;           /**< The offending request field (`submission.title`), or "". */
  char *reason;          /**< Stable lowerCamelCase reason to switch on, or "". */
  int case_status;       /**< `Council__V1__CaseStatus` of a refused case operation, else 0. */
  size_t n_allowed_operations;
  int *allowed_operations; /**< `Council__V1__CaseOperation` values the case allows now. */
} cc_status;

/** Frees the strings and array in `status` and zeroes it. */
void cc_status_clear(cc_status *status);
/** The canonical name of a code: "OK", "NOT_FOUND", …; "CC_END", "CC_AGAIN" for those; "?" otherwise. */
const char *cc_code_name(int code);
/** Writes one line describing `status` into `buf` (code name, reason, field, message, case status and
 * allowed operations). Returns `buf`. */
const char *cc_status_describe(const cc_status *status, char *buf, size_t size);
/** Whether retrying the same request later (or on a new connection) is sensible, per PROTOCOL.md §9.1:
 * UNAVAILABLE, RESOURCE_EXHAUSTED `tooManyCalls` and `storageFull`, DEADLINE_EXCEEDED (retry with the same
 * idempotency key). */
int cc_status_retryable(const cc_status *status);

/* ---- Connections --------------------------------------------------------------------------------------- */

typedef struct cc_conn cc_conn;

/** How to connect. Initialise with `cc_options_init` and set at least address, client_system and
 * bearer_token (or, over mutual TLS, a client certificate the server accepts on its own). Strings are copied by
 * `cc_connect`. */
typedef struct {
  const char *address;          /**< "host:port", "[v6addr]:port" or "host" (port 7420). */
  const char *client_system;    /**< e.g. "petition-office": 1–64 ASCII letters, digits and -_.: */
  const char *client_instance;  /**< free text ≤ 200 characters, e.g. "xf-bridge/2.3 host xf-01"; may be NULL. */
  const char *bearer_token;     /**< the key the operator issued; NULL sends no credential (with a client
                                     certificate, a server may accept the certificate alone). */
  uint32_t connect_timeout_ms;  /**< TCP connect + handshake; default 5000. */
  uint32_t frame_read_timeout_ms; /**< a frame must complete this long after its first byte; default 10000. */
  uint32_t max_frame_bytes;     /**< the largest frame accepted from the server; default 1 MiB. */
  uint32_t decode_budget_bytes; /**< memory one frame may claim while decoding (16 bytes overhead per
                                     allocation, as PROTOCOL.md §8); default 8 MiB. */
  uint32_t call_grace_ms;       /**< the local timer of a unary call is its timeout_ms plus this; default 2000. */
  uint32_t default_timeout_ms;  /**< timeout_ms sent when a call gives 0; default 30000. */
  size_t max_queued_items;      /**< unread stream items kept per call before it is cancelled; default 10000. */
  /* TLS. All NULL (the default): plain TCP. Files are read by cc_connect; one that cannot be loaded is
   * INVALID_ARGUMENT `invalidArgument` with `field` naming the option. */
  const char *tls_ca_file;      /**< PEM file of the CA certificates trusted to sign the server's certificate;
                                     non-NULL turns TLS on (TLS 1.2 minimum, the server always verified). */
  const char *tls_cert_file;    /**< PEM client certificate (optionally followed by its chain) for mutual TLS;
                                     give tls_key_file with it, or neither. */
  const char *tls_key_file;     /**< PEM private key of tls_cert_file, not encrypted. */
  const char *tls_server_name;  /**< the name the server's certificate must carry, also sent as SNI. NULL or "":
                                     the host of `address`. When the name is an IP address, the certificate must
                                     carry it as an IP subjectAltName and no SNI is sent. */
} cc_options;

void cc_options_init(cc_options *options);

/**
 * Connects, runs the TLS handshake when TLS is on, sends the protocol handshake and waits for its result, all
 * within `connect_timeout_ms`.
 * On success `*out` is a ready connection. On failure returns the code and fills `status`: a refusal by the
 * server (UNAUTHENTICATED, PERMISSION_DENIED, FAILED_PRECONDITION `unsupportedVersion`, RESOURCE_EXHAUSTED
 * `tooManyConnections`, UNAVAILABLE `draining`, …) has origin CC_ORIGIN_SERVER; a failed TLS handshake is
 * UNAVAILABLE `tlsHandshakeFailed` and TLS options that cannot be used INVALID_ARGUMENT `invalidArgument`, both
 * with origin CC_ORIGIN_CLIENT.
 */
int cc_connect(const cc_options *options, cc_conn **out, cc_status *status);

/** The handshake result's values. `limits` stays valid as long as the connection. */
uint32_t cc_conn_protocol_version(const cc_conn *conn);
const char *cc_conn_server_id(const cc_conn *conn);
const Council__V1__Limits *cc_conn_limits(const cc_conn *conn);

/** Whether the connection still takes new calls (no GoAway either way, not closed). */
int cc_conn_usable(cc_conn *conn);
/** When the server sent a GoAway: 1, with its `last_call_id` and status copied out (either may be NULL). */
int cc_conn_goaway(cc_conn *conn, uint64_t *last_call_id, cc_status *status);

/**
 * Sends a Ping and waits up to `timeout_ms` for the Pong carrying the same payload. At most one ping is
 * outstanding per connection: a concurrent cc_ping waits for the first to finish. `*rtt_us` (may be NULL)
 * receives the round trip in microseconds.
 */
int cc_ping(cc_conn *conn, uint32_t timeout_ms, uint64_t *rtt_us, cc_status *status);

/**
 * Clean shutdown: sends a GoAway (the client will start no more calls), waits up to `wait_ms` for the calls in
 * flight to end and the server to close, then closes and frees like `cc_close`. Returns CC_OK when everything
 * ended within the wait.
 */
int cc_shutdown(cc_conn *conn, uint32_t wait_ms);

/** Closes the socket at once (under TLS after a close_notify, sent when the socket takes it without waiting),
 * ends every call still waiting with UNAVAILABLE `connectionClosed`, stops the reader thread and frees the
 * connection. NULL is allowed. Call it exactly once, when no other thread uses the connection. */
void cc_close(cc_conn *conn);

/* ---- Calls --------------------------------------------------------------------------------------------- */

typedef struct cc_call cc_call;

/** Per-call envelope values. All optional; a NULL `cc_call_options *` means all defaults. */
typedef struct {
  uint32_t timeout_ms;          /**< the call's deadline sent to the server; 0: cc_options.default_timeout_ms.
                                     Not used by watch_events (a stream runs until cancelled). */
  const char *trace_id;         /**< ≤ 128 characters; NULL or "": none. */
  const char *idempotency_key;  /**< ≤ 128; give one to every case operation you may retry. */
  const char *acting_user;      /**< ≤ 128; the person on whose behalf the call is made. */
} cc_call_options;

/**
 * Starts a call: copies `request` (whose `request_case` and request member you set; `call_id`, `timeout_ms`
 * and `metadata` are ignored and filled by the library), gives it the next call id and sends it. Returns at
 * once; read the answer with `cc_call_next`. Fails with UNAVAILABLE `goaway` / `connectionClosed` when the
 * connection takes no new calls, RESOURCE_EXHAUSTED `tooManyCalls` when the limit is reached, INVALID_ARGUMENT
 * `badRequest` for a request that cannot be sent.
 */
int cc_call_start(cc_conn *conn, const Council__V1__Call *request, const cc_call_options *options,
                  cc_call **out, cc_status *status);

/** The call id the library gave the call. */
uint64_t cc_call_id(const cc_call *call);

/**
 * Takes the call's next response.
 *
 * * CC_OK: `*response` is an OK response carrying the result member (for a unary call its only one; for a
 *   stream, one item). Free it with `cc_response_free`.
 * * CC_END: the stream (or a unary call already taken) has ended with OK and nothing more will come.
 * * CC_AGAIN: nothing arrived within `wait_ms`; the call goes on. Only when `wait_ms` ≥ 0.
 * * a code: the call ended with that status (`status` filled): the server's non-OK status, or a local one
 *   (timeout, closed connection, GoAway `notProcessed`, malformed frame). Streams end this way too, for
 *   example CANCELLED `cancelled` after `cc_call_cancel`, UNAVAILABLE `draining`.
 *
 * `wait_ms` < 0 waits as long as needed. A unary call also has a local timer of its timeout_ms plus
 * `call_grace_ms` from its start: past it the call ends with DEADLINE_EXCEEDED `clientTimeout` and a Cancel is
 * sent. Streams have no local timer.
 */
int cc_call_next(cc_call *call, int wait_ms, Council__V1__Response **response, cc_status *status);

/** Asks the server to stop the call (a Cancel frame). Keep reading with `cc_call_next` until it ends: the
 * server answers CANCELLED, or the result when it had already finished. Idempotent. */
int cc_call_cancel(cc_call *call);

/** Releases the call: cancels it on the server when it has not ended, drops queued items. NULL is allowed. */
void cc_call_free(cc_call *call);

/**
 * A unary call start to finish: `cc_call_start`, then `cc_call_next` until the response. Returns CC_OK with
 * `*response` set (free it with `cc_response_free`), or the code with `status` filled.
 */
int cc_unary(cc_conn *conn, const Council__V1__Call *request, const cc_call_options *options,
             Council__V1__Response **response, cc_status *status);

/** Frees a response the library returned. NULL is allowed. */
void cc_response_free(Council__V1__Response *response);

/* ---- Convenience ---------------------------------------------------------------------------------------- */

/** get_case by number, by id, or by the sending system's external reference. On
 * CC_OK `*out` is the response; the case is `(*out)->get_case->case_`. */
int cc_get_case_by_number(cc_conn *conn, const char *number, const cc_call_options *options,
                          Council__V1__Response **out, cc_status *status);
int cc_get_case_by_id(cc_conn *conn, const char *id, const cc_call_options *options,
                      Council__V1__Response **out, cc_status *status);
int cc_get_case_by_external_reference(cc_conn *conn, const char *system, const char *reference,
                                      const cc_call_options *options, Council__V1__Response **out,
                                      cc_status *status);

/** submit: `(*out)->submit->case_` and `(*out)->submit->created`. */
int cc_submit(cc_conn *conn, const Council__V1__Submission *submission, const cc_call_options *options,
              Council__V1__Response **out, cc_status *status);

/** Starts watch_events after sequence `after`; read items with `cc_call_next`, end with `cc_call_cancel`. */
int cc_watch_events(cc_conn *conn, int64_t after, const cc_call_options *options, cc_call **out,
                    cc_status *status);

/** The lowerCamelCase name of a case status / case operation as PROTOCOL.md and CouncilKit spell it
 * ("inProgress", "resolve"); "?" for values this version does not know. */
const char *cc_case_status_name(int case_status);
const char *cc_case_operation_name(int operation);

#ifdef __cplusplus
}
#endif

#endif /* COUNCIL_CLIENT_H */
