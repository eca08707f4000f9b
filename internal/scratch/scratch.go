// Package scratch lends buffers with a buffered writer on them, for output
// made in many small pieces (a body of Markdown, a row of CSV, an entry of
// a feed): goldmark, encoding/xml and encoding/csv each wrap the writer they
// are given in a new 4 KB bufio.Writer unless it already is one, and a
// build makes tens of thousands of such pieces.
package scratch

import (
	"bufio"
	"bytes"
	"sync"
)

// Buffer is a buffer lent by Get, with W writing into it.
type Buffer struct {
	buf bytes.Buffer
	W   *bufio.Writer
}

var pool = sync.Pool{New: func() any {
	b := new(Buffer)
	b.W = bufio.NewWriter(&b.buf)
	return b
}}

// Get lends an empty Buffer; give it back with Bytes or String.
func Get() *Buffer {
	b := pool.Get().(*Buffer)
	b.buf.Reset()
	b.W.Reset(&b.buf)
	return b
}

// Bytes flushes W and returns a copy of what was written, and err if it is
// not nil; b goes back to the pool and must not be used again.
func (b *Buffer) Bytes(err error) ([]byte, error) {
	if err == nil {
		err = b.W.Flush()
	}
	out := bytes.Clone(b.buf.Bytes())
	pool.Put(b)
	return out, err
}

// String is Bytes, as a string.
func (b *Buffer) String(err error) (string, error) {
	if err == nil {
		err = b.W.Flush()
	}
	out := b.buf.String()
	pool.Put(b)
	return out, err
}
