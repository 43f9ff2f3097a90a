/*
 * orchestra-spawner: starts task processes for packages/core/src/run/spawn-process.ts.
 *
 * Why a C helper: on Linux, libuv starts a process with fork (then exec), and fork copies the page
 * tables of the process that forks, ~1-2 ms per spawn from a Node process. glibc's posix_spawn uses
 * CLONE_VFORK: its cost does not grow with memory, and this process holds almost none anyway.
 *
 * It speaks the same framed protocol as the Node spawner (spawner.ts); see spawner-protocol.ts for the
 * format. Requests come on stdin, events go out on stdout, both little-endian frames:
 *
 *   frame  = u32 length of the rest, u32 id, u8 kind, body
 *   in:  'R' u8 hasInput, u32 argc, u32 envc, file\0 cwd\0 arg\0 x argc, K=V\0 x envc, input bytes
 *        'D' (stop reading the process's stdout/stderr)
 *   out: 'S' i32 pid (0: none, 'E' then 'C' follow), start time   'T' code   'o'/'e' bytes   'E' code
 *        'X'/'C' u8 flags, i32 code, signal name (empty: none)
 *
 * Each child runs in its own session (its own process group, as Node's `detached: true`), with an
 * empty signal mask and default dispositions, stdin /dev/null or a pipe fed with the input, and
 * stdout/stderr pipes read here in a poll() loop. Exits are reaped on SIGCHLD (self-pipe), the tasks'
 * orphans too (Linux: a child subreaper). The helper
 * exits when its stdin hits EOF (the parent is gone); it does not kill the children: the parent's
 * end-leftover-processes handles their groups.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#else
#define _DARWIN_C_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

/* Stop reading children while this much output waits for the parent (back-pressure). */
#define OUT_HIGH_WATER (1u << 20)
#define READ_CHUNK 65536

typedef struct Child {
  uint32_t id;
  pid_t pid;
  int out_fd, err_fd, in_fd; /* -1 once closed */
  char *input;
  size_t input_len, input_off;
  int exited;
  int has_code, code;
  const char *signal;
  struct Child *next;
} Child;

static Child *children;
static int sig_pipe[2];

/* ── Output buffer to the parent (stdout, non-blocking) ── */
static unsigned char *out_buf;
static size_t out_len, out_cap;

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void out_reserve(size_t more) {
  if (out_len + more <= out_cap) return;
  size_t cap = out_cap ? out_cap : 65536;
  while (cap < out_len + more) cap *= 2;
  out_buf = realloc(out_buf, cap);
  if (!out_buf) die("realloc");
  out_cap = cap;
}

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Appends one frame: head (id, kind), then up to two body parts. */
static void send_frame(uint32_t id, char kind, const void *a, size_t alen, const void *b, size_t blen) {
  size_t len = 5 + alen + blen;
  out_reserve(4 + len);
  unsigned char *p = out_buf + out_len;
  put_u32(p, (uint32_t)len);
  put_u32(p + 4, id);
  p[8] = (unsigned char)kind;
  if (alen) memcpy(p + 9, a, alen);
  if (blen) memcpy(p + 9 + alen, b, blen);
  out_len += 4 + len;
}

static void send_str(uint32_t id, char kind, const char *s) {
  send_frame(id, kind, s, strlen(s), NULL, 0);
}

/* flags: 1 has a code; 2 whether the group outlived its leader is known (an 'X'); 4 it did. */
static void send_status(uint32_t id, char kind, int has_code, int code, const char *sig, int group) {
  unsigned char head[5];
  head[0] = (has_code ? 1 : 0) | (group >= 0 ? 2 : 0) | (group > 0 ? 4 : 0);
  put_u32(head + 1, (uint32_t)code);
  send_frame(id, kind, head, 5, sig ? sig : "", sig ? strlen(sig) : 0);
}

/* Writes what it can; returns -1 when the parent is gone. */
static int flush_out(void) {
  size_t off = 0;
  while (off < out_len) {
    ssize_t n = write(STDOUT_FILENO, out_buf + off, out_len - off);
    if (n > 0) {
      off += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return -1;
  }
  memmove(out_buf, out_buf + off, out_len - off);
  out_len -= off;
  return 0;
}

/* ── Names, as Node reports them ── */
static const char *errno_name(int e) {
  switch (e) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EAGAIN: return "EAGAIN";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENOTDIR: return "ENOTDIR";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case ENOMEM: return "ENOMEM";
    case EINVAL: return "EINVAL";
    case EPERM: return "EPERM";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case EISDIR: return "EISDIR";
    case ENOSYS: return "ENOSYS";
#ifdef ETXTBSY
    case ETXTBSY: return "ETXTBSY";
#endif
    default: return "UNKNOWN";
  }
}

static const char *signal_name(int s) {
  switch (s) {
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    case SIGUSR1: return "SIGUSR1";
    case SIGSEGV: return "SIGSEGV";
    case SIGUSR2: return "SIGUSR2";
    case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM";
    case SIGTERM: return "SIGTERM";
    case SIGCHLD: return "SIGCHLD";
    case SIGCONT: return "SIGCONT";
    case SIGSTOP: return "SIGSTOP";
    case SIGTSTP: return "SIGTSTP";
    case SIGTTIN: return "SIGTTIN";
    case SIGTTOU: return "SIGTTOU";
    case SIGURG: return "SIGURG";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGVTALRM: return "SIGVTALRM";
    case SIGPROF: return "SIGPROF";
    case SIGWINCH: return "SIGWINCH";
    case SIGSYS: return "SIGSYS";
#ifdef SIGIO
    case SIGIO: return "SIGIO";
#endif
#ifdef SIGPWR
    case SIGPWR: return "SIGPWR";
#endif
#ifdef SIGSTKFLT
    case SIGSTKFLT: return "SIGSTKFLT";
#endif
    default: return "SIGUNKNOWN";
  }
}

/* ── Pipes ── */
static void set_flags(int fd, int nonblock) {
  int fl = fcntl(fd, F_GETFD);
  if (fl >= 0) fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
  if (nonblock) {
    fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  }
}

/* A pipe whose ends are close-on-exec: children must not inherit each other's pipes. */
static int make_pipe(int fds[2]) {
#if defined(__linux__)
  return pipe2(fds, O_CLOEXEC);
#else
  if (pipe(fds) != 0) return -1;
  set_flags(fds[0], 0);
  set_flags(fds[1], 0);
  return 0;
#endif
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

/* ── Spawning ── */

/* The PATH of the given env (as libuv does), not this process's. */
static const char *env_path(char **envp) {
  for (char **e = envp; *e; e++)
    if (strncmp(*e, "PATH=", 5) == 0) return *e + 5;
  return "/usr/local/bin:/usr/bin:/bin";
}

static int spawn_one(pid_t *pid, const char *path, char **argv, char **envp, posix_spawn_file_actions_t *fa,
                     posix_spawnattr_t *attr) {
  int r;
  do r = posix_spawn(pid, path, fa, attr, argv, envp);
  while (r == EINTR);
  if (r != ENOEXEC) return r;
  /* An executable file the kernel cannot run (a script without #!): run it with /bin/sh, as execvp
   * (and so libuv and Node) does. */
  size_t argc = 0;
  while (argv[argc]) argc++;
  char **shell_argv = calloc(argc + 2, sizeof *shell_argv);
  if (!shell_argv) return ENOMEM;
  shell_argv[0] = "/bin/sh";
  shell_argv[1] = (char *)path;
  for (size_t i = 1; i < argc; i++) shell_argv[i + 1] = argv[i];
  do r = posix_spawn(pid, "/bin/sh", fa, attr, shell_argv, envp);
  while (r == EINTR);
  free(shell_argv);
  return r;
}

/* posix_spawn with a PATH search in the given env: like execvp, EACCES wins over ENOENT at the end. */
static int spawn_search(pid_t *pid, const char *file, char **argv, char **envp, posix_spawn_file_actions_t *fa,
                        posix_spawnattr_t *attr) {
  if (strchr(file, '/')) return spawn_one(pid, file, argv, envp, fa, attr);
  if (!*file) return ENOENT;
  const char *p = env_path(envp);
  size_t flen = strlen(file);
  int seen_eacces = 0;
  char *buf = NULL;
  for (;;) {
    const char *end = strchr(p, ':');
    size_t dlen = end ? (size_t)(end - p) : strlen(p);
    free(buf);
    buf = malloc(dlen + flen + 3);
    if (!buf) return ENOMEM;
    if (dlen == 0) {
      memcpy(buf, "./", 2); /* an empty entry is the current folder */
      memcpy(buf + 2, file, flen + 1);
    } else {
      memcpy(buf, p, dlen);
      buf[dlen] = '/';
      memcpy(buf + dlen + 1, file, flen + 1);
    }
    /* Skip absent candidates without a spawn; a relative entry depends on the child's cwd: try it. */
    int skip = 0;
    if (buf[0] == '/') {
      struct stat st;
      if (stat(buf, &st) != 0) skip = 1;
      else if (!S_ISREG(st.st_mode) || access(buf, X_OK) != 0) {
        seen_eacces = 1;
        skip = 1;
      }
    }
    if (!skip) {
      int r = spawn_one(pid, buf, argv, envp, fa, attr);
      if (r == EACCES) seen_eacces = 1;
      else if (r != ENOENT && r != ENOTDIR) {
        free(buf);
        return r;
      }
    }
    if (!end) break;
    p = end + 1;
  }
  free(buf);
  return seen_eacces ? EACCES : ENOENT;
}

/* The kernel's start time of pid (Linux: field 22 of /proc/<pid>/stat, clock ticks since boot), which
 * tells a reused pid apart; its length in out, 0 where unknown. Read here, where it costs a few
 * syscalls, rather than by the parent for every task. The process cannot be gone yet: it is not reaped. */
static size_t start_time(pid_t pid, char *out, size_t cap) {
#if defined(__linux__)
  char path[64], stat[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, stat, sizeof stat - 1);
  close(fd);
  if (n <= 0) return 0;
  stat[n] = 0;
  /* The command name (field 2) is in parentheses and may hold spaces and parentheses itself. */
  char *p = strrchr(stat, ')');
  if (!p) return 0;
  p += 2; /* field 3 */
  for (int field = 3; field < 22; field++) {
    p = strchr(p, ' ');
    if (!p) return 0;
    p++;
  }
  size_t len = strcspn(p, " ");
  if (len == 0 || len >= cap) return 0;
  memcpy(out, p, len);
  return len;
#else
  (void)pid, (void)out, (void)cap;
  return 0;
#endif
}

static Child *find_child(uint32_t id) {
  for (Child *c = children; c; c = c->next)
    if (c->id == id) return c;
  return NULL;
}

static void remove_child(Child *gone) {
  for (Child **c = &children; *c; c = &(*c)->next) {
    if (*c == gone) {
      *c = gone->next;
      free(gone->input);
      free(gone);
      return;
    }
  }
}

/* 'C' once the process exited and both output pipes were closed (EOF or a 'D' request). */
static void maybe_close(Child *c) {
  if (!c->exited || c->out_fd >= 0 || c->err_fd >= 0) return;
  send_status(c->id, 'C', c->has_code, c->code, c->signal, -1);
  close_fd(&c->in_fd);
  remove_child(c);
}

/* Reports a failed spawn the way Node does: the codes Node emits as an 'error' event give S 0, E, C;
 * anything else was thrown by spawn() and gives T. */
static void report_failure(uint32_t id, int err) {
  if (err == EACCES || err == EAGAIN || err == EMFILE || err == ENFILE || err == ENOENT) {
    send_frame(id, 'S', "\0\0\0\0", 4, NULL, 0);
    send_str(id, 'E', errno_name(err));
    send_status(id, 'C', 1, -err, NULL, -1);
  } else {
    send_str(id, 'T', errno_name(err));
  }
}

static void start(uint32_t id, const unsigned char *body, size_t len) {
  if (len < 9) return;
  int has_input = body[0];
  uint32_t argc = get_u32(body + 1), envc = get_u32(body + 5);
  const char *p = (const char *)body + 9, *end = (const char *)body + len;
  /* file, cwd, args, env: argc + envc + 2 NUL-terminated strings. */
  char **argv = calloc((size_t)argc + 2, sizeof *argv);
  char **envp = calloc((size_t)envc + 1, sizeof *envp);
  if (!argv || !envp) die("calloc");
  const char *strs[2];
  size_t want = (size_t)argc + envc + 2;
  for (size_t i = 0; i < want; i++) {
    const char *nul = memchr(p, 0, (size_t)(end - p));
    if (!nul) {
      free(argv);
      free(envp);
      send_str(id, 'T', "EPROTO");
      return;
    }
    if (i < 2) strs[i] = p;
    else if (i < 2 + argc) argv[i - 1] = (char *)p;
    else envp[i - 2 - argc] = (char *)p;
    p = nul + 1;
  }
  const char *file = strs[0], *cwd = strs[1];
  argv[0] = (char *)file;

  int out[2] = {-1, -1}, err[2] = {-1, -1}, in[2] = {-1, -1};
  if (make_pipe(out) != 0 || make_pipe(err) != 0 || (has_input && make_pipe(in) != 0)) {
    int e = errno;
    close_fd(&out[0]), close_fd(&out[1]), close_fd(&err[0]), close_fd(&err[1]), close_fd(&in[0]), close_fd(&in[1]);
    free(argv);
    free(envp);
    report_failure(id, e);
    return;
  }

  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  if (has_input) posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  else posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  int fail = 0;
  if (*cwd) {
    /* glibc 2.29+, musl 1.1.24+, macOS 10.15+; elsewhere every spawn with a cwd fails with ENOSYS. */
#if defined(__APPLE__) || (defined(__linux__) && (!defined(__GLIBC__) || __GLIBC__ > 2 || \
                                                  (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29)))
    fail = posix_spawn_file_actions_addchdir_np(&fa, cwd);
#else
    fail = ENOSYS;
#endif
  }
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
#ifdef POSIX_SPAWN_SETSID
  flags |= POSIX_SPAWN_SETSID;
#else
  flags |= POSIX_SPAWN_SETPGROUP;
  posix_spawnattr_setpgroup(&attr, 0);
#endif
  posix_spawnattr_setflags(&attr, flags);
  sigset_t none, all;
  sigemptyset(&none);
  sigemptyset(&all);
  for (int s = 1; s < 32; s++)
    if (s != SIGKILL && s != SIGSTOP) sigaddset(&all, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);

  pid_t pid = 0;
  if (!fail) fail = spawn_search(&pid, file, argv, envp, &fa, &attr);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  free(argv);
  free(envp);
  close_fd(&out[1]);
  close_fd(&err[1]);
  close_fd(&in[0]);
  if (fail) {
    close_fd(&out[0]), close_fd(&err[0]), close_fd(&in[1]);
    report_failure(id, fail);
    return;
  }

  Child *c = calloc(1, sizeof *c);
  if (!c) die("calloc");
  c->id = id;
  c->pid = pid;
  c->out_fd = out[0];
  c->err_fd = err[0];
  c->in_fd = in[1];
  set_flags(c->out_fd, 1);
  set_flags(c->err_fd, 1);
  if (c->in_fd >= 0) {
    set_flags(c->in_fd, 1);
    c->input_len = (size_t)(end - p);
    c->input = malloc(c->input_len ? c->input_len : 1);
    if (!c->input) die("malloc");
    memcpy(c->input, p, c->input_len);
    if (c->input_len == 0) close_fd(&c->in_fd);
  }
  c->next = children;
  children = c;
  unsigned char pidbuf[4];
  put_u32(pidbuf, (uint32_t)pid);
  char when[32];
  size_t when_len = start_time(pid, when, sizeof when);
  send_frame(id, 'S', pidbuf, 4, when, when_len);
}

/* ── Requests from the parent ── */
static unsigned char *in_buf;
static size_t in_len, in_cap;

static void handle_requests(void) {
  size_t off = 0;
  while (in_len - off >= 4) {
    uint32_t len = get_u32(in_buf + off);
    if (in_len - off - 4 < len) break;
    const unsigned char *f = in_buf + off + 4;
    if (len >= 5) {
      uint32_t id = get_u32(f);
      char kind = (char)f[4];
      if (kind == 'R') start(id, f + 5, len - 5);
      else if (kind == 'D') {
        Child *c = find_child(id);
        if (c) {
          close_fd(&c->out_fd);
          close_fd(&c->err_fd);
          maybe_close(c);
        }
      }
    }
    off += 4 + len;
  }
  memmove(in_buf, in_buf + off, in_len - off);
  in_len -= off;
}

/* Returns 0 at EOF: the parent is gone or closed the channel. */
static int read_requests(void) {
  for (;;) {
    if (in_cap - in_len < READ_CHUNK) {
      in_cap = in_cap ? in_cap * 2 : 2 * READ_CHUNK;
      in_buf = realloc(in_buf, in_cap);
      if (!in_buf) die("realloc");
    }
    ssize_t n = read(STDIN_FILENO, in_buf + in_len, in_cap - in_len);
    if (n > 0) {
      in_len += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return 0;
  }
  handle_requests();
  return 1;
}

/* ── Children ── */
static void read_output(Child *c, int *fd, char kind) {
  static char buf[READ_CHUNK];
  for (;;) {
    ssize_t n = read(*fd, buf, sizeof buf);
    if (n > 0) {
      send_frame(c->id, kind, buf, (size_t)n, NULL, 0);
      if (out_len >= OUT_HIGH_WATER) return;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    close_fd(fd); /* EOF or error */
    return;
  }
}

static void write_input(Child *c) {
  while (c->input_off < c->input_len) {
    ssize_t n = write(c->in_fd, c->input + c->input_off, c->input_len - c->input_off);
    if (n > 0) {
      c->input_off += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    break; /* EPIPE: the process exited without reading its input */
  }
  close_fd(&c->in_fd);
}

static void on_sigchld(int sig) {
  (void)sig;
  int saved = errno;
  ssize_t r = write(sig_pipe[1], "", 1);
  (void)r;
  errno = saved;
}

static void reap(void) {
  char drain[256];
  while (read(sig_pipe[0], drain, sizeof drain) > 0) {
  }
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      if (pid < 0 && errno == EINTR) continue;
      return;
    }
    Child *c = children;
    while (c && (c->pid != pid || c->exited)) c = c->next;
    if (!c) continue;
    if (!WIFEXITED(status) && !WIFSIGNALED(status)) continue;
    c->exited = 1;
    /* What the process wrote before it exited goes out before its exit: poll() may have seen another
     * child's SIGCHLD before this one's output was there, and the output would then follow the 'X'. */
    if (c->out_fd >= 0) read_output(c, &c->out_fd, 'o');
    if (c->err_fd >= 0) read_output(c, &c->err_fd, 'e');
    if (WIFEXITED(status)) {
      c->has_code = 1;
      c->code = WEXITSTATUS(status);
      c->signal = NULL;
    } else {
      c->has_code = 0;
      c->signal = signal_name(WTERMSIG(status));
    }
    /* Whether processes the leader started are still in its group: asked here, at once, so the parent
     * need not ask for every task (a failed kill() in Node costs an exception). */
    int group = kill(-pid, 0) == 0; /* EPERM: another user's process, not one of this task's to end */
    send_status(c->id, 'X', c->has_code, c->code, c->signal, group);
    maybe_close(c);
  }
}

int main(void) {
  /* 0, 1 and 2 must exist, so that no pipe lands on them. */
  for (int fd = 0; fd < 3; fd++)
    if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0) die("open /dev/null");
  signal(SIGPIPE, SIG_IGN);
  /* Signals sent to the whole process group (Ctrl-C, kill -TERM -pgid) are for orchestra, which ends
   * the tasks and reports them interrupted; dying here would make them ESPAWNER failures. EOF on stdin
   * is how this process ends. (Children get default dispositions back: POSIX_SPAWN_SETSIGDEF.) */
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
#if defined(__linux__) && defined(PR_SET_CHILD_SUBREAPER)
  /* Orphans of the tasks (a shell's child, once the shell is killed) come here instead of to pid 1, which
   * in a container without an init may never reap them: a zombie keeps its process group alive to
   * kill(-pgid, 0), and the task would wait out its whole kill grace. reap() collects them. */
  prctl(PR_SET_CHILD_SUBREAPER, 1);
#endif
  if (make_pipe(sig_pipe) != 0) die("pipe");
  set_flags(sig_pipe[0], 1);
  set_flags(sig_pipe[1], 1);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigchld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGCHLD, &sa, NULL) != 0) die("sigaction");
  set_flags(STDIN_FILENO, 1);
  set_flags(STDOUT_FILENO, 1);

  struct pollfd *fds = NULL;
  Child **owners = NULL;
  size_t cap = 0;
  int input_open = 1;
  while (input_open || out_len > 0) {
    size_t n = 0, want = 3;
    for (Child *c = children; c; c = c->next) want += 3;
    if (want > cap) {
      cap = want * 2;
      fds = realloc(fds, cap * sizeof *fds);
      owners = realloc(owners, cap * sizeof *owners);
      if (!fds || !owners) die("realloc");
    }
    fds[n] = (struct pollfd){sig_pipe[0], POLLIN, 0}, owners[n++] = NULL;
    fds[n] = (struct pollfd){STDIN_FILENO, input_open ? POLLIN : 0, 0}, owners[n++] = NULL;
    fds[n] = (struct pollfd){STDOUT_FILENO, out_len > 0 ? POLLOUT : 0, 0}, owners[n++] = NULL;
    int reading = out_len < OUT_HIGH_WATER;
    for (Child *c = children; c; c = c->next) {
      if (reading && c->out_fd >= 0) fds[n] = (struct pollfd){c->out_fd, POLLIN, 0}, owners[n++] = c;
      if (reading && c->err_fd >= 0) fds[n] = (struct pollfd){c->err_fd, POLLIN, 0}, owners[n++] = c;
      if (c->in_fd >= 0) fds[n] = (struct pollfd){c->in_fd, POLLOUT, 0}, owners[n++] = c;
    }
    if (!input_open && out_len == 0) break;
    int r = poll(fds, (nfds_t)n, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    /* Output first, exits after: a process's last output is sent before its exit when both wait. */
    for (size_t i = 3; i < n; i++) {
      if (!fds[i].revents) continue;
      Child *c = owners[i];
      if (fds[i].fd == c->out_fd) read_output(c, &c->out_fd, 'o');
      else if (fds[i].fd == c->err_fd) read_output(c, &c->err_fd, 'e');
      else if (fds[i].fd == c->in_fd) write_input(c);
    }
    for (Child *c = children, *next; c; c = next) {
      next = c->next;
      maybe_close(c);
    }
    if (fds[0].revents) reap();
    if (fds[1].revents && !read_requests()) input_open = 0;
    if (out_len > 0 && flush_out() != 0) break;
    if (!input_open) break;
  }
  return 0;
}
