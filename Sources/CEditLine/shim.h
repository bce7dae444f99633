#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <histedit.h>
/* Not <readline/readline.h>: that is GNU readline when libreadline-dev is installed. */
#include <editline/readline.h>

/* Swift cannot call the variadic el_set/history, so each use gets a wrapper. */
static inline int ce_el_set_prompt_esc(EditLine *el, char *(*fn)(EditLine *), char esc) {
  return el_set(el, EL_PROMPT_ESC, fn, esc);
}
static inline int ce_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int ce_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int ce_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int ce_el_addfn(EditLine *el, const char *name, const char *help,
                              unsigned char (*fn)(EditLine *, int)) {
  return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int ce_el_bind(EditLine *el, const char *key, const char *fname) {
  return el_set(el, EL_BIND, key, fname, (const char *)NULL);
}
static inline int ce_el_source_default(EditLine *el) { return el_source(el, NULL); }
static inline int ce_hist_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int ce_hist_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int ce_hist_enter(History *h, const char *l) { HistEvent ev; return history(h, &ev, H_ENTER, l); }
static inline int ce_el_set_getcfn(EditLine *el, int (*fn)(EditLine *, wchar_t *)) {
  return el_set(el, EL_GETCFN, fn);
}
