#include "CCouncilWireSupport.h"

#include <stdlib.h>
#include <string.h>

// A block of memory handed out front to back. Blocks form a list; the first one survives resets.
typedef struct block {
  struct block *next;
  size_t size;
  size_t used;
  _Alignas(16) unsigned char bytes[];
} block;

struct council_arena {
  ProtobufCAllocator allocator;
  block *first;
  block *current;
  size_t budget;
  size_t charged;
  int exhausted;
};

enum { FIRST_BLOCK = 16 * 1024, LATER_BLOCK = 64 * 1024 };

static block *new_block(size_t size) {
  block *b = malloc(sizeof(block) + size);
  if (b == NULL) return NULL;
  b->next = NULL;
  b->size = size;
  b->used = 0;
  return b;
}

static void *arena_alloc(void *data, size_t size) { return council_arena_alloc(data, size); }

// protobuf-c frees piece by piece; an arena frees everything on reset.
static void arena_free(void *data, void *pointer) {
  (void)data;
  (void)pointer;
}

council_arena *council_arena_create(size_t budget) {
  council_arena *arena = malloc(sizeof(council_arena));
  if (arena == NULL) return NULL;
  arena->first = new_block(FIRST_BLOCK);
  if (arena->first == NULL) {
    free(arena);
    return NULL;
  }
  arena->current = arena->first;
  arena->budget = budget;
  arena->charged = 0;
  arena->exhausted = 0;
  arena->allocator.alloc = arena_alloc;
  arena->allocator.free = arena_free;
  arena->allocator.allocator_data = arena;
  return arena;
}

void council_arena_destroy(council_arena *arena) {
  if (arena == NULL) return;
  block *b = arena->first;
  while (b != NULL) {
    block *next = b->next;
    free(b);
    b = next;
  }
  free(arena);
}

void council_arena_reset(council_arena *arena) {
  block *b = arena->first->next;
  while (b != NULL) {
    block *next = b->next;
    free(b);
    b = next;
  }
  arena->first->next = NULL;
  arena->first->used = 0;
  arena->current = arena->first;
  arena->charged = 0;
  arena->exhausted = 0;
}

void council_arena_set_budget(council_arena *arena, size_t budget) { arena->budget = budget; }

ProtobufCAllocator *council_arena_allocator(council_arena *arena) { return &arena->allocator; }

void *council_arena_alloc(council_arena *arena, size_t size) {
  size_t rounded = (size + 15) & ~(size_t)15;
  if (rounded < size || rounded > arena->budget || arena->charged > arena->budget - rounded ||
      arena->budget - arena->charged - rounded < COUNCIL_ARENA_OVERHEAD) {
    arena->exhausted = 1;
    return NULL;
  }
  block *b = arena->current;
  if (b->size - b->used < rounded) {
    size_t size_needed = rounded > LATER_BLOCK ? rounded : LATER_BLOCK;
    block *next = new_block(size_needed);
    if (next == NULL) {
      arena->exhausted = 1;
      return NULL;
    }
    b->next = next;
    arena->current = next;
    b = next;
  }
  void *p = b->bytes + b->used;
  b->used += rounded;
  arena->charged += rounded + COUNCIL_ARENA_OVERHEAD;
  return p;
}

char *council_arena_copy_string(council_arena *arena, const void *bytes, size_t length) {
  if (length == SIZE_MAX) return NULL;
  char *p = council_arena_alloc(arena, length + 1);
  if (p == NULL) return NULL;
  if (length > 0) memcpy(p, bytes, length);
  p[length] = '\0';
  return p;
}

size_t council_arena_used(const council_arena *arena) { return arena->charged; }

int council_arena_exhausted(const council_arena *arena) { return arena->exhausted; }
