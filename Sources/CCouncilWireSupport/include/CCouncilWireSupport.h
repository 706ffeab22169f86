// The C half of the wire codec: a budgeted arena allocator for protobuf-c and a validating pre-scan of
// encoded messages. Used only by the CouncilWire module.
#ifndef COUNCIL_WIRE_SUPPORT_H
#define COUNCIL_WIRE_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

// ---- Arena ------------------------------------------------------------------------------------------------

/// A bump allocator: allocations are freed all at once by `council_arena_reset`. Every allocation counts its
/// size plus a fixed overhead against a budget; past the budget it returns NULL, which makes
/// `protobuf_c_message_unpack` fail cleanly instead of letting a small frame claim a large amount of memory.
typedef struct council_arena council_arena;

/// Creates an arena that hands out at most `budget` bytes between resets. NULL when memory is short.
council_arena *council_arena_create(size_t budget);
/// Frees the arena and everything allocated from it.
void council_arena_destroy(council_arena *arena);
/// Frees everything allocated since the last reset (keeping the first block for reuse) and clears the
/// exhausted flag.
void council_arena_reset(council_arena *arena);
/// Changes the budget; takes effect for the next allocation.
void council_arena_set_budget(council_arena *arena, size_t budget);
/// The allocator protobuf-c calls; valid as long as the arena.
ProtobufCAllocator *council_arena_allocator(council_arena *arena);
/// `size` bytes aligned to 16, or NULL past the budget.
void *council_arena_alloc(council_arena *arena, size_t size);
/// A NUL-terminated copy of `length` bytes, or NULL past the budget.
char *council_arena_copy_string(council_arena *arena, const void *bytes, size_t length);
/// The bytes charged against the budget since the last reset.
size_t council_arena_used(const council_arena *arena);
/// Whether an allocation was refused since the last reset.
int council_arena_exhausted(const council_arena *arena);
/// The overhead charged per allocation on top of its size.
#define COUNCIL_ARENA_OVERHEAD 16

// ---- Pre-scan -------------------------------------------------------------------------------------------

typedef enum {
  COUNCIL_SCAN_OK = 0,
  /// The bytes are not a well-formed protobuf encoding (bad varint, length past the end, bad wire type).
  COUNCIL_SCAN_MALFORMED = 1,
  /// A string field is not valid UTF-8.
  COUNCIL_SCAN_INVALID_UTF8 = 2,
  /// A string field contains a NUL byte, which protobuf-c would silently cut the string at.
  COUNCIL_SCAN_EMBEDDED_NUL = 3,
  /// Messages nest deeper than the schema allows.
  COUNCIL_SCAN_TOO_DEEP = 4,
} council_scan_code;

/// What a scan found.
typedef struct {
  council_scan_code code;
  /// For a failure: the dotted path of schema field names to the offending field, for example
  /// `call.submit.submission.title`; empty when the failure is in the framing itself.
  char path[256];
  /// The first varint field number 1 seen directly inside a message of the capture descriptor (the call id).
  uint64_t captured;
  int has_captured;
} council_scan_result;

/// Walks an encoded message of type `descriptor` without allocating, checking its structure and that every
/// string field, at any depth, is UTF-8 without NUL. Unknown fields are checked structurally and skipped.
/// When `capture` is not NULL, records field 1 of the first message of that type met.
council_scan_code council_scan(const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t length,
                               const ProtobufCMessageDescriptor *capture, council_scan_result *result);

// ---- Descriptors ----------------------------------------------------------------------------------------

/// The address of `council.v1.Frame`'s descriptor (Swift cannot take the address of a C constant reliably).
const ProtobufCMessageDescriptor *council_frame_descriptor(void);
/// The address of `council.v1.Call`'s descriptor.
const ProtobufCMessageDescriptor *council_call_descriptor(void);
/// The address of `council.v1.Response`'s descriptor.
const ProtobufCMessageDescriptor *council_response_descriptor(void);

#endif
