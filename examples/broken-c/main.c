/* A small program broken in several ways, for `buildfix run`. */
#include <stdio.h>

static int square(int v) { return v * v; }

int main(void) {
    int count = 3;
    int total = square(count) + 1
    char *copy = malloc(16);
    snprintf(copy, 16, "%d", total);
    printf("%d %zu\n", cout, strlen(copy));
    free(copy);
    return 0;
}
