#include "CCouncilWireSupport.h"

#include <string.h>

// The schema nests at most a handful of levels; anything deeper is not a council.v1 message.
enum { MAX_DEPTH = 24 };

typedef struct {
  const ProtobufCMessageDescriptor *capture;
  council_scan_result *result;
  char path[256];
  size_t path_length;
} scanner;

static int read_varint(const uint8_t **p, const uint8_t *end, uint64_t *value) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*p >= end) return 0;
    uint8_t byte = *(*p)++;
    v |= (uint64_t)(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *value = v;
      return 1;
    }
  }
  return 0;  // more than 10 bytes
}

// Returns 0 when valid; COUNCIL_SCAN_INVALID_UTF8 or COUNCIL_SCAN_EMBEDDED_NUL for the first fault found.
static council_scan_code check_utf8(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      if (c == 0) return COUNCIL_SCAN_EMBEDDED_NUL;
      i++;
      continue;
    }
    size_t extra;
    uint8_t low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) low = 0xA0;       // no overlong forms
      else if (c == 0xED) high = 0x9F; // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) low = 0x90;       // no overlong forms
      else if (c == 0xF4) high = 0x8F; // nothing above U+10FFFF
    } else {
      return COUNCIL_SCAN_INVALID_UTF8;
    }
    if (n - i <= extra) return COUNCIL_SCAN_INVALID_UTF8;
    if (s[i + 1] < low || s[i + 1] > high) return COUNCIL_SCAN_INVALID_UTF8;
    for (size_t k = 2; k <= extra; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return COUNCIL_SCAN_INVALID_UTF8;
    }
    i += extra + 1;
  }
  return COUNCIL_SCAN_OK;
}

static void push(scanner *s, const char *name, size_t *saved) {
  *saved = s->path_length;
  size_t room = sizeof(s->path) - 1 - s->path_length;
  size_t length = strlen(name) + (s->path_length > 0 ? 1 : 0);
  if (length > room) return;  // keep the path we have; it still points the right way
  if (s->path_length > 0) s->path[s->path_length++] = '.';
  memcpy(s->path + s->path_length, name, strlen(name));
  s->path_length += strlen(name);
  s->path[s->path_length] = '\0';
}

static void pop(scanner *s, size_t saved) {
  s->path_length = saved;
  s->path[saved] = '\0';
}

static council_scan_code fail(scanner *s, council_scan_code code) {
  s->result->code = code;
  memcpy(s->result->path, s->path, s->path_length + 1);
  return code;
}

static council_scan_code scan_message(scanner *s, const ProtobufCMessageDescriptor *d, const uint8_t *p,
                                      const uint8_t *end, int depth) {
  if (depth > MAX_DEPTH) return fail(s, COUNCIL_SCAN_TOO_DEEP);
  while (p < end) {
    uint64_t tag;
    if (!read_varint(&p, end, &tag)) return fail(s, COUNCIL_SCAN_MALFORMED);
    uint64_t number = tag >> 3;
    unsigned wire_type = (unsigned)(tag & 7);
    if (number == 0 || number > 536870911u) return fail(s, COUNCIL_SCAN_MALFORMED);
    switch (wire_type) {
      case 0: {  // varint
        uint64_t value;
        if (!read_varint(&p, end, &value)) return fail(s, COUNCIL_SCAN_MALFORMED);
        if (d != NULL && d == s->capture && number == 1 && !s->result->has_captured) {
          s->result->captured = value;
          s->result->has_captured = 1;
        }
        break;
      }
      case 1:  // 64-bit
        if (end - p < 8) return fail(s, COUNCIL_SCAN_MALFORMED);
        p += 8;
        break;
      case 5:  // 32-bit
        if (end - p < 4) return fail(s, COUNCIL_SCAN_MALFORMED);
        p += 4;
        break;
      case 2: {  // length-delimited
        uint64_t length;
        if (!read_varint(&p, end, &length)) return fail(s, COUNCIL_SCAN_MALFORMED);
        if (length > (uint64_t)(end - p)) return fail(s, COUNCIL_SCAN_MALFORMED);
        const uint8_t *value = p;
        p += length;
        // Only length-delimited fields can be strings or messages: look the field up for those alone.
        const ProtobufCFieldDescriptor *field =
            d != NULL ? protobuf_c_message_descriptor_get_field(d, (unsigned)number) : NULL;
        if (field == NULL) break;
        if (field->type == PROTOBUF_C_TYPE_STRING) {
          council_scan_code code = check_utf8(value, (size_t)length);
          if (code != COUNCIL_SCAN_OK) {
            size_t saved;
            push(s, field->name, &saved);
            return fail(s, code);
          }
        } else if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
          size_t saved;
          push(s, field->name, &saved);
          council_scan_code code = scan_message(s, field->descriptor, value, value + length, depth + 1);
          if (code != COUNCIL_SCAN_OK) return code;
          pop(s, saved);
        }
        break;
      }
      default:  // groups (3, 4) do not exist in proto3; 6 and 7 do not exist at all
        return fail(s, COUNCIL_SCAN_MALFORMED);
    }
  }
  return COUNCIL_SCAN_OK;
}

council_scan_code council_scan(const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t length,
                               const ProtobufCMessageDescriptor *capture, council_scan_result *result) {
  scanner s;
  s.capture = capture;
  s.result = result;
  s.path[0] = '\0';
  s.path_length = 0;
  result->code = COUNCIL_SCAN_OK;
  result->path[0] = '\0';
  result->captured = 0;
  result->has_captured = 0;
  if (length == 0) return COUNCIL_SCAN_OK;
  if (data == NULL) return fail(&s, COUNCIL_SCAN_MALFORMED);
  return scan_message(&s, descriptor, data, data + length, 0);
}
