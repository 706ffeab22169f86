// The protobuf-c runtime (Debian libprotobuf-c-dev 1.4.1), for Swift.
#include <protobuf-c/protobuf-c.h>
