// libFuzzer's driver entry, from libclang_rt.fuzzer_no_main (scripts/fuzz links it): each fuzz
// target's main passes its arguments and the function to call with every input.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
