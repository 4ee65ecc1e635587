/*
 * cli_pass.c - where a passphrase comes from: a file, $ODPUB_PASSPHRASE_FILE, or a
 * no-echo prompt on the terminal (the only place odpub talks to a TTY for secrets,
 * after libarchive_fe/passphrase.c).
 *
 * Promises: the passphrase never reaches stdout, stderr or an error message; the
 * terminal's echo is restored before returning; buffers that held it are wiped. A
 * passphrase is one line of at most CLI_PASS_MAX bytes, without its final newline
 * (LF or CRLF), and is never empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cli.h"

#define CLI_PASS_MAX 1024

/* Takes the passphrase out of a file's bytes: one line, final newline dropped. */
static int
from_text(char *text, size_t len, const char *origin, char **out, struct odp_err *err)
{
    char *p;

    if (len > 0 && text[len - 1] == '\n') {
        len--;
        if (len > 0 && text[len - 1] == '\r') {
            len--;
        }
    }
    if (memchr(text, '\n', len) != NULL || memchr(text, '\r', len) != NULL ||
        memchr(text, '\0', len) != NULL) {
        return odp_errf(err, ODP_EINVAL, &(struct odp_loc){origin, 0, 0},
                        "passphrase file must hold exactly one line");
    }
    if (len == 0) {
        return odp_errf(err, ODP_EINVAL, &(struct odp_loc){origin, 0, 0},
                        "passphrase file is empty");
    }
    p = malloc(len + 1);
    if (p == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    memcpy(p, text, len);
    p[len] = '\0';
    *out = p;
    return ODP_OK;
}

/* Reads at most `limit` bytes of a regular file into *out (ODP_ELIMIT when longer). */
static int
read_small(const char *path, size_t limit, char **out, size_t *len, struct odp_err *err)
{
    struct stat st;
    char *buf;
    size_t n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        return odp_err_sys(err, path, "cannot open passphrase file");
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0},
                        "passphrase file is not a regular file");
    }
    buf = malloc(limit + 1);
    if (buf == NULL) {
        close(fd);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (;;) {
        ssize_t r = read(fd, buf + n, limit + 1 - n);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            OPENSSL_cleanse(buf, n);
            free(buf);
            close(fd);
            return odp_err_sys(err, path, "cannot read passphrase file");
        }
        if (r == 0 || n + (size_t)r > limit) {
            n += (size_t)r;
            break;
        }
        n += (size_t)r;
    }
    close(fd);
    if (n > limit) {
        OPENSSL_cleanse(buf, n);
        free(buf);
        return ODP_ELIMIT;
    }
    *out = buf;
    *len = n;
    return ODP_OK;
}

static int
read_pass_file(const char *path, char **out, struct odp_err *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc;

    rc = read_small(path, CLI_PASS_MAX + 2, &text, &len, err);
    if (rc == ODP_OK) {
        rc = from_text(text, len, path, out, err);
    } else if (rc == ODP_ELIMIT) {
        rc = odp_errf(err, ODP_EINVAL, &(struct odp_loc){path, 0, 0},
                      "passphrase file is too long (more than %d bytes)", CLI_PASS_MAX);
    }
    if (text != NULL) {
        OPENSSL_cleanse(text, len);
        free(text);
    }
    return rc;
}

/* Prompts on stderr and reads one line from the terminal on stdin without echo. */
static int
prompt_once(const char *prompt, char *buf, size_t size, struct odp_err *err)
{
    struct termios old, noecho;
    size_t n = 0;
    int restore = 0, rc = ODP_OK;

    fputs(prompt, stderr);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &old) == 0) {
        noecho = old;
        noecho.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
        noecho.c_lflag |= ICANON;
        if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho) == 0) {
            restore = 1;
        }
    }
    for (;;) {
        char c;
        ssize_t r = read(STDIN_FILENO, &c, 1);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            rc = odp_err_sys(err, "<tty>", "cannot read the passphrase");
            break;
        }
        if (r == 0 || c == '\n') {
            break;
        }
        if (n + 1 >= size) {
            rc = odp_errf(err, ODP_EINVAL, NULL, "passphrase is too long (more than %d bytes)",
                          CLI_PASS_MAX);
            break;
        }
        buf[n++] = c;
        c = 0;
    }
    if (n > 0 && buf[n - 1] == '\r') {
        n--;
    }
    buf[n] = '\0';
    if (restore) {
        (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    }
    fputc('\n', stderr);
    return rc;
}

static int
from_tty(int confirm, char **out, struct odp_err *err)
{
    char a[CLI_PASS_MAX + 2], b[CLI_PASS_MAX + 2];
    int rc;

    rc = prompt_once("Passphrase: ", a, sizeof(a), err);
    if (rc == ODP_OK && a[0] == '\0') {
        rc = odp_errf(err, ODP_EINVAL, NULL, "empty passphrase");
    }
    if (rc == ODP_OK && confirm) {
        rc = prompt_once("Passphrase (again): ", b, sizeof(b), err);
        if (rc == ODP_OK && strcmp(a, b) != 0) {
            rc = odp_errf(err, ODP_EINVAL, NULL, "the passphrases do not match");
        }
        OPENSSL_cleanse(b, sizeof(b));
    }
    if (rc == ODP_OK) {
        rc = from_text(a, strlen(a), "<tty>", out, err);
    }
    OPENSSL_cleanse(a, sizeof(a));
    return rc;
}

int
cli_read_passphrase_err(const char *file_opt, int confirm, char **out, struct odp_err *err)
{
    const char *env = getenv("ODPUB_PASSPHRASE_FILE");

    *out = NULL;
    if (file_opt != NULL) {
        return read_pass_file(file_opt, out, err);
    }
    if (env != NULL && env[0] != '\0') {
        return read_pass_file(env, out, err);
    }
    if (!isatty(STDIN_FILENO)) {
        return odp_errf(err, ODP_EINVAL, NULL,
                        "a passphrase is needed and stdin is not a terminal (use "
                        "--passphrase-file FILE or ODPUB_PASSPHRASE_FILE)");
    }
    return from_tty(confirm, out, err);
}

int
cli_read_passphrase(const char *file_opt, int confirm, char **out)
{
    struct odp_err err;
    char line[2048];
    int rc;

    odp_err_clear(&err);
    rc = cli_read_passphrase_err(file_opt, confirm, out, &err);
    if (rc < 0) {
        odp_err_format(&err, line, sizeof(line));
        fprintf(stderr, "odpub: %s\n", line);
        return CLI_ERROR;
    }
    return CLI_OK;
}
