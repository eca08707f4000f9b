package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// MaxTableCells is how many cells a table may have for each byte of its
// text. goldmark gives every row as many cells as the header has, filling
// the missing ones in empty: a header of 5,000 columns over 2,000 rows of
// one cell (24 KB) made 10 million cells, 2.3 GB of memory and a 100 MB
// page. A row written out takes at least one byte per cell (its |), so
// only tables whose rows leave out most of their cells go beyond.
const MaxTableCells = 1

// tableProblem is where boundedTable leaves the table it refused, for
// Render to report.
var tableProblem = parser.NewContextKey()

// boundedTable is goldmark's GFM table transformer, run only on tables
// within MaxTableCells; a table beyond is left as the paragraph it was and
// reported. It replaces the transformer extension.Table registers.
type boundedTable struct{}

func (boundedTable) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	// goldmark makes a table of the first line that is a delimiter row
	// (|---|:-:|) after a header line, with every line after it as a row.
	// Every line that may be one is checked, not only the first: should
	// delimiterCells take a line for a delimiter row that goldmark does
	// not, goldmark would go on to the next.
	for i := 1; i < lines.Len(); i++ {
		line := lines.At(i)
		cols := delimiterCells(line.Value(src))
		if cols == 0 {
			continue
		}
		rows := lines.Len() - i // the header and the rows after the delimiter
		size := lines.At(lines.Len()-1).Stop - lines.At(i-1).Start
		if cells := cols * rows; cells > MaxTableCells*size {
			if pc.Get(tableProblem) == nil {
				pc.Set(tableProblem, &Problem{Offset: lines.At(i - 1).Start, Msg: chrono.Say(
					"table of %d columns whose %d rows leave out most of their cells: filled in empty, they would make %d cells from %d bytes; write out the cells of each row, or use fewer columns",
					"tableau de %d colonnes dont les %d lignes omettent la plupart de leurs cellules : complétées par des cellules vides, elles feraient %d cellules pour %d octets ; écrivez les cellules de chaque ligne, ou utilisez moins de colonnes").With(
					cols, rows-1, cells, size)})
			}
			return
		}
	}
	extension.NewTableParagraphTransformer().Transform(node, reader, pc)
}

// delimiterCells returns the number of cells of line if goldmark reads it
// as the delimiter row of a table (extension/table.go, parseDelimiter), or
// 0: up to three spaces of indent, then cells of :?-+:? separated by |.
func delimiterCells(line []byte) int {
	indent := 0
	for indent < len(line) && line[indent] == ' ' {
		indent++
	}
	if indent > 3 {
		return 0
	}
	line = bytes.TrimSpace(line)
	if len(bytes.Trim(line, "-")) == 0 {
		return 0 // a thematic break or a setext underline, not a table
	}
	cells := bytes.Split(line, []byte{'|'})
	if len(bytes.TrimSpace(cells[0])) == 0 {
		cells = cells[1:]
	}
	if len(cells) > 0 && len(bytes.TrimSpace(cells[len(cells)-1])) == 0 {
		cells = cells[:len(cells)-1]
	}
	for _, c := range cells {
		c = bytes.TrimSpace(c)
		c = bytes.TrimPrefix(c, []byte{':'})
		c = bytes.TrimSuffix(c, []byte{':'})
		if len(c) == 0 || len(bytes.Trim(c, "-")) != 0 {
			return 0
		}
	}
	return len(cells)
}
