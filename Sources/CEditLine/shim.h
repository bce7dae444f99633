#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <histedit.h>
/* Not <readline/readline.h>: that is GNU readline when libreadline-dev is installed. */
#include <editline/readline.h>
