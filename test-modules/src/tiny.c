// A tiny module without libc: small seeds for the DWARF fuzzer (built with DWARF 4 and 5, -O1 so
// it has an inlined call and location lists). Exported: tiny(p).
struct pair {
  int a;
  int b;
};

static int twice(int x) {
  return 2 * x;
}

int tiny(struct pair *p) {
  int sum = twice(p->a);
  for (int i = 0; i < p->b; i++)
    sum += i;
  return sum;
}
