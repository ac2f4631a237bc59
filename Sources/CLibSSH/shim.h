#ifndef VIRTFLEET_CLIBSSH_SHIM_H
#define VIRTFLEET_CLIBSSH_SHIM_H
#include <string.h>
#include <libssh/libssh.h>
#include <libssh/callbacks.h>
/* ssh_send_keepalive is declared in server.h but works on client sessions too. */
#include <libssh/server.h>

/* A channel's exit status, exit signal and remote close arrive as libssh
   callbacks. They are recorded into this plain struct, which the Swift side
   reads on the session thread, so no Swift closure has to cross into C. */
typedef struct vf_channel_events {
    struct ssh_channel_callbacks_struct callbacks;
    int exit_status;      /* -1 until the server sends exit-status */
    int closed;           /* 1 once the server has closed the channel */
    char exit_signal[32]; /* e.g. "KILL"; empty unless the command died by a signal */
} vf_channel_events;

static inline void vf_on_close(ssh_session s, ssh_channel c, void *u) {
    (void)s; (void)c;
    ((vf_channel_events *)u)->closed = 1;
}

static inline void vf_on_exit_status(ssh_session s, ssh_channel c, int status, void *u) {
    (void)s; (void)c;
    ((vf_channel_events *)u)->exit_status = status;
}

static inline void vf_on_exit_signal(ssh_session s, ssh_channel c, const char *signal,
                                     int core, const char *errmsg, const char *lang, void *u) {
    (void)s; (void)c; (void)core; (void)errmsg; (void)lang;
    vf_channel_events *e = (vf_channel_events *)u;
    if (signal != NULL) {
        strncpy(e->exit_signal, signal, sizeof e->exit_signal - 1);
        e->exit_signal[sizeof e->exit_signal - 1] = '\0';
    }
}

/* Registers the recording callbacks; `events` must outlive the channel. */
static inline int vf_channel_events_attach(ssh_channel channel, vf_channel_events *events) {
    memset(events, 0, sizeof *events);
    events->exit_status = -1;
    events->callbacks.size = sizeof events->callbacks;
    events->callbacks.userdata = events;
    events->callbacks.channel_close_function = vf_on_close;
    events->callbacks.channel_exit_status_function = vf_on_exit_status;
    events->callbacks.channel_exit_signal_function = vf_on_exit_signal;
    return ssh_set_channel_callbacks(channel, &events->callbacks);
}
#endif
