/*
 * council_client_internal.h — the pieces of council_client.c that the tests exercise on their own: encoding
 * frames, reading one frame from a socket, checking and decoding a frame from untrusted bytes. Not part of the
 * public API; names may change.
 */
#ifndef COUNCIL_CLIENT_INTERNAL_H
#define COUNCIL_CLIENT_INTERNAL_H

#include "council_client.h"

/* Frame encoding: `*out` gets a malloc'd buffer of the 4-byte big-endian length and the payload. */
int cc__encode_frame(const Council__V1__Frame *frame, uint8_t **out, size_t *length);
/* The handshake frame `cc_connect` sends for `options`. */
int cc__encode_handshake(const cc_options *options, uint8_t **out, size_t *length);
/* The call frame `cc_call_start` sends: `request` with the envelope filled in. INVALID_ARGUMENT `badRequest`
 * (status filled, `field` naming the culprit) for a request that is not sendable. */
int cc__encode_call(const Council__V1__Call *request, uint64_t call_id, uint32_t timeout_ms,
                    const cc_call_options *options, uint32_t max_frame_bytes, uint8_t **out, size_t *length,
                    cc_status *status);

/*
 * Reads one frame's payload from the plain socket `fd` (a connection reads through the same code, over its plain
 * or TLS transport). The first byte is awaited for `first_byte_timeout_ms` (< 0: forever);
 * once it arrived the rest must arrive within `frame_read_timeout_ms`. A length above `max_frame_bytes` is
 * refused before any payload is read. Returns CC_OK with `*payload` malloc'd (NULL when the length is 0),
 * CC_END on a clean end of stream before a frame starts, CC_AGAIN when the first byte did not come in time, or
 * an error code with `status` filled (RESOURCE_EXHAUSTED `frameTooLarge`, UNAVAILABLE `connectionClosed` for an
 * end inside a frame, DEADLINE_EXCEEDED `clientTimeout`).
 */
int cc__read_frame(int fd, int first_byte_timeout_ms, uint32_t frame_read_timeout_ms, uint32_t max_frame_bytes,
                   uint8_t **payload, size_t *length, cc_status *status);

/*
 * Checks `data` as an encoded message of `descriptor` without allocating: well-formed protobuf, every string
 * UTF-8 without NUL, every enum value known to this schema, nesting at most 32 deep. Returns 0 when it is
 * fine; otherwise 1 and a message naming the dotted field path in `problem`. When the message holds a
 * `Response`, `*call_id` (may be NULL) receives its call id and `*have_call_id` 1.
 */
int cc__scan(const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t length, char *problem,
             size_t problem_size, uint64_t *call_id, int *have_call_id);

/*
 * Scans and decodes a frame payload from the server with a budgeted allocator. Returns CC_OK with `*frame`
 * (free with `protobuf_c_message_free_unpacked(&frame->base, NULL)`), or INTERNAL `malformedFrame` (status
 * filled) — with `*call_id`/`*have_call_id` set when the bad frame was a response whose call id could be read.
 */
int cc__decode_frame(const uint8_t *payload, size_t length, uint32_t decode_budget_bytes,
                     Council__V1__Frame **frame, uint64_t *call_id, int *have_call_id, cc_status *status);

/* Strict UTF-8 check (no overlong forms, surrogates or code points above U+10FFFF); NUL counts as invalid
 * when `allow_nul` is 0. */
int cc__utf8_valid(const uint8_t *s, size_t n, int allow_nul);

/* Fills `status` with a client-made status. */
void cc__set_status(cc_status *status, int code, const char *reason, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
