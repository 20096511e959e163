// The Go test program (GOOS=js GOARCH=wasm): no DWARF, only a name section.
// It panics in explode() when run with an argument.
package main

import (
	"fmt"
	"os"
)

//go:noinline
func explode(depth int) int {
	if depth == 0 {
		panic("boom")
	}
	return explode(depth-1) + 1
}

func main() {
	fmt.Println("hello from go")
	if len(os.Args) > 1 {
		fmt.Println(explode(3))
	}
}
