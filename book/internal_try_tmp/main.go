package main

import (
	"fmt"
	"os"

	"github.com/warroom/warroom/book"
)

func main() {
	for _, path := range os.Args[1:] {
		b, err := book.Load(path)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %+v\n", path, *b)
	}
}
