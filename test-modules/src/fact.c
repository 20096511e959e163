// The C test program: used at -O0 (DWARF 4), -O2, -gdwarf-5 and by emscripten.
// Usage:  fact              -> prints results, exits with the number of squared values (5)
//         fact N            -> also prints fact / N; N = 0 traps (integer divide by zero)
//         fact loop N       -> runs the summing loop N times (CPU-bound work, breakpoint hits)
//         fact spin         -> loops until interrupted (for pause tests)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct point {
  int x;
  int y;
};

int counter = 0;          // a global the loop updates
volatile int spinning = 1; // volatile so the spin loop survives -O2

static int sum_squares(const int *values, int n) {
  int total = 0;
  for (int i = 0; i < n; i++) {
    int square = values[i] * values[i];
    total += square;
    counter++;
  }
  return total;
}

int fact(int n) {
  if (n <= 1)
    return 1;
  return n * fact(n - 1);
}

int ratio(int a, int b) {
  return a / b;
}

static void move(struct point *p, int dx, int dy) {
  p->x += dx;
  p->y += dy;
}

int main(int argc, char **argv) {
  struct point p = {3, 4};
  int values[5];
  for (int i = 0; i < 5; i++)
    values[i] = i + argc;  // 1..5 when run without arguments
  move(&p, argc, 2 * argc);
  int f = fact(4 + argc);
  int s = sum_squares(values, 5);
  printf("fact = %d\n", f);
  printf("sum of squares = %d\n", s);
  printf("point = (%d, %d)\n", p.x, p.y);
  if (argc > 2 && strcmp(argv[1], "loop") == 0) {
    int rounds = atoi(argv[2]);
    long long all = 0;
    for (int r = 0; r < rounds; r++)
      all += sum_squares(values, 5);
    printf("loop total = %lld\n", all);
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "spin") == 0) {
    while (spinning)
      counter++;
    return 0;
  }
  if (argc > 1) {
    int d = atoi(argv[1]);
    printf("%d / %d = %d\n", f, d, ratio(f, d));
  }
  return counter;
}
