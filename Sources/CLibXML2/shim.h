#ifndef VIRTFLEET_CLIBXML2_SHIM_H
#define VIRTFLEET_CLIBXML2_SHIM_H
/* Debian's libxml2 headers pull in system ICU, which clashes with the ICU
   bundled in Foundation. virtfleet needs none of libxml2's ICU support. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlerror.h>
#include <libxml/relaxng.h>
#include <libxml/c14n.h>
#include <libxml/xmlsave.h>

/* xmlFree is a C global function pointer and Swift 6 rejects touching it. */
static inline void vf_xml_free(void *p) { xmlFree(p); }
#endif
