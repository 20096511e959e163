// The C++ test program: a class with methods, a template, a namespace, std::vector, a lambda.
// Usage:  shapes       -> prints the shapes, exits 0
//         shapes N     -> also reads element N with vector::at; out of range aborts (trap)
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace geo {

class Rect {
 public:
  Rect(int w, int h) : width_(w), height_(h) {}
  int area() const { return width_ * height_; }
  void scale(int k) {
    width_ *= k;
    height_ *= k;
  }

 private:
  int width_;
  int height_;
};

template <typename T>
class Stack {
 public:
  void push(const T &v) { items_.push_back(v); }
  T sum() const {
    T total{};
    for (const T &v : items_)
      total += v;
    return total;
  }
  const T &at(int i) const { return items_.at(i); }
  size_t size() const { return items_.size(); }

 private:
  std::vector<T> items_;
};

}  // namespace geo

int main(int argc, char **argv) {
  geo::Rect r(2, 3);
  r.scale(argc + 1);
  geo::Stack<int> areas;
  for (int i = 1; i <= 4; i++)
    areas.push(r.area() * i);
  int limit = 30;
  auto big = [limit](int a) { return a > limit; };
  int count = 0;
  for (size_t i = 0; i < areas.size(); i++)
    if (big(areas.at(i)))
      count++;
  std::printf("area = %d, sum = %d, big = %d\n", r.area(), areas.sum(), count);
  if (argc > 1) {
    int index = std::atoi(argv[1]);
    std::printf("areas[%d] = %d\n", index, areas.at(index));
  }
  return 0;
}
