#include "CCouncilWireSupport.h"
#include "council.pb-c.h"

const ProtobufCMessageDescriptor *council_frame_descriptor(void) { return &council__v1__frame__descriptor; }
const ProtobufCMessageDescriptor *council_call_descriptor(void) { return &council__v1__call__descriptor; }
const ProtobufCMessageDescriptor *council_response_descriptor(void) { return &council__v1__response__descriptor; }
