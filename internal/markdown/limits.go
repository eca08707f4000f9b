package markdown

import "fmt"

// Limits on what a body may hold, so that no text, however written, takes
// more than moments to render. goldmark's time grows with the square of
// two things a file of 1 MiB can hold a lot of: the depth of quotes and
// lists opened on one line ("> > > - - …": 16,000 levels take 2 s, half a
// million would take an hour), and the length of a run of quote marks
// (the typographer scans the rest of the run at each mark: 200,000 " take
// 18 s). No annotation comes near either limit.
const (
	// MaxDepth is the deepest nesting of quotes and lists on a line.
	MaxDepth = 100
	// MaxQuoteRun is the longest run of one quote mark, " or '.
	MaxQuoteRun = 100
)

// limits returns the first place where src goes beyond a limit, or nil.
func limits(src []byte) *Problem {
	for start := 0; start < len(src); {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if d, at := depth(src[start:end]); d > MaxDepth {
			return &Problem{Offset: start + at, Msg: fmt.Sprintf("quotes and lists nested more than %d levels deep on one line; flatten the text", MaxDepth)}
		}
		start = end + 1
	}
	for i := 0; i < len(src); {
		c := src[i]
		j := i + 1
		if c == '"' || c == '\'' {
			for j < len(src) && src[j] == c {
				j++
			}
			if j-i > MaxQuoteRun {
				return &Problem{Offset: i, Msg: fmt.Sprintf("%d quote marks %c in a row; at most %d are allowed", j-i, c, MaxQuoteRun)}
			}
		}
		i = j
	}
	return nil
}

// depth counts the markers of block quotes (>) and list items (-, +, *,
// 1. or 1) followed by a space) that open a line, and returns the offset of
// the marker past MaxDepth, if any. It overcounts what is not nesting (a
// thematic break - - -), which only matters past the limit.
func depth(line []byte) (d, at int) {
	i := 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return d, at
		}
		start := i
		switch c := line[i]; {
		case c == '>':
			i++
		case (c == '-' || c == '+' || c == '*') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 >= len(line) || (line[j] != '.' && line[j] != ')') || (line[j+1] != ' ' && line[j+1] != '\t') {
				return d, at
			}
			i = j + 1
		default:
			return d, at
		}
		d++
		if d == MaxDepth+1 {
			at = start
		}
	}
}
