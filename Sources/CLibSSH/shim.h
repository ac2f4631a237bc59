#ifndef VIRTFLEET_CLIBSSH_SHIM_H
#define VIRTFLEET_CLIBSSH_SHIM_H
#include <libssh/libssh.h>
#endif
