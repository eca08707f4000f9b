package chrono

import (
	"cmp"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Precision is how much of a calendar date is known.
type Precision int8

const (
	YearPrecision  Precision = 1 // YYYY
	MonthPrecision Precision = 2 // YYYY-MM
	DayPrecision   Precision = 3 // YYYY-MM-DD
)

// Point is one calendar date of a given precision, perhaps qualified as
// approximate (EDTF "~"), uncertain ("?") or both ("%"). Month and Day are 0
// beyond the precision.
type Point struct {
	Year, Month, Day int
	Precision        Precision
	Approximate      bool
	Uncertain        bool
}

// Date is when an event happened: a single point, or an interval from Start
// to End (End is the zero Point for a single date). It is written in a
// subset of the Extended Date/Time Format (ISO 8601-2): YYYY, YYYY-MM or
// YYYY-MM-DD, each optionally followed by ~, ? or %, or START/END.
type Date struct {
	Start Point
	End   Point
}

// IsInterval reports whether d runs from Start to a distinct End.
func (d Date) IsInterval() bool { return d.End.Precision != 0 }

// ParseDate parses the EDTF subset described on Date. Its errors say what
// was expected, without position: the caller knows where the text was.
func ParseDate(s string) (Date, error) {
	if m := frenchDateRe.FindStringSubmatch(s); m != nil {
		return Date{}, Errorf(Say("invalid date %q; dates are written year first: %s-%02s-%02s",
			"date invalide %q ; une date s’écrit l’année d’abord : %s-%02s-%02s"), s, m[3], m[2], m[1])
	}
	start, end, isInterval := strings.Cut(s, "/")
	a, err := parsePoint(start)
	if err != nil {
		return Date{}, err
	}
	if !isInterval {
		return Date{Start: a}, nil
	}
	b, err := parsePoint(end)
	if err != nil {
		return Date{}, Errorf(Say("end of interval: %v", "fin de l’intervalle : %v"), err)
	}
	// An interval ends after it starts at the precision its ends share:
	// "2024-05-03/2024-05" says nothing "2024-05-03" does not, or means
	// "2024-05-03/2024-05-31".
	switch {
	case b.before(a):
		return Date{}, Errorf(Say("interval %q ends before it starts", "l’intervalle %q finit avant de commencer"), s)
	case a.before(b):
		return Date{Start: a, End: b}, nil
	case a.Precision == b.Precision:
		return Date{}, Errorf(Say("interval %q starts and ends on the same %s; write the single date %q", "l’intervalle %q commence et finit %s ; écrivez la date seule, %q"),
			s, samePrecision[a.Precision], a.String())
	}
	return Date{}, Errorf(Say("interval %q: one end holds the other; write the single date %q, or both ends as precisely as each other, as %q",
		"intervalle %q : l’une des bornes contient l’autre ; écrivez la date seule, %q, ou les deux bornes avec la même précision, comme %q"),
		s, finer(a, b).String(), widen(a, b.Precision, false).String()+"/"+widen(b, a.Precision, true).String())
}

// finer returns the more precise of p and q.
func finer(p, q Point) Point {
	if q.Precision > p.Precision {
		return q
	}
	return p
}

var samePrecision = [...]Message{
	YearPrecision:  {En: "year", Fr: "la même année"},
	MonthPrecision: {En: "month", Fr: "le même mois"},
	DayPrecision:   {En: "day", Fr: "le même jour"},
}

// widen returns p down to precision prec if that is finer: its first
// month or day, or its last if last.
func widen(p Point, prec Precision, last bool) Point {
	for p.Precision < prec {
		p.Precision++
		switch {
		case p.Precision == MonthPrecision && last:
			p.Month = 12
		case p.Precision == MonthPrecision:
			p.Month = 1
		case last:
			p.Day = daysIn(p.Year, p.Month)
		default:
			p.Day = 1
		}
	}
	return p
}

// frenchDateRe matches a date written the French way, 12/08/2024.
var frenchDateRe = regexp.MustCompile(`^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$`)

var invalidDate = Say("invalid date %q; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %%",
	"date invalide %q ; une date s’écrit AAAA, AAAA-MM ou AAAA-MM-JJ, suivie au besoin de ~, ? ou %%")

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func parsePoint(s string) (Point, error) {
	if s == "" {
		return Point{}, Errorf(Say("empty date; expected YYYY, YYYY-MM or YYYY-MM-DD", "date vide ; une date s’écrit AAAA, AAAA-MM ou AAAA-MM-JJ"))
	}
	var p Point
	raw := s
	switch {
	case strings.HasSuffix(s, "~"):
		p.Approximate = true
	case strings.HasSuffix(s, "?"):
		p.Uncertain = true
	case strings.HasSuffix(s, "%"):
		p.Approximate, p.Uncertain = true, true
	}
	if p.Approximate || p.Uncertain {
		s = s[:len(s)-1]
	}
	fields := strings.Split(s, "-")
	want := [...]int{4, 2, 2}
	if len(fields) > 3 {
		return Point{}, Errorf(invalidDate, raw)
	}
	var n [3]int
	for i, f := range fields {
		v, err := strconv.Atoi(f)
		if len(f) != want[i] || err != nil || f[0] == '+' || f[0] == '-' {
			return Point{}, Errorf(invalidDate, raw)
		}
		n[i] = v
	}
	p.Year, p.Month, p.Day = n[0], n[1], n[2]
	p.Precision = Precision(len(fields))
	switch {
	case p.Year == 0:
		return Point{}, Errorf(Say("invalid date %q: there is no year 0", "date invalide %q : il n’y a pas d’année 0"), raw)
	case p.Precision >= MonthPrecision && (p.Month < 1 || p.Month > 12):
		return Point{}, Errorf(Say("invalid date %q: month %d does not exist", "date invalide %q : le mois %d n’existe pas"), raw, p.Month)
	case p.Precision == DayPrecision && (p.Day < 1 || p.Day > daysIn(p.Year, p.Month)):
		return Point{}, Errorf(Say("invalid date %q: %s %d has no day %d", "date invalide %q : %s %d n’a pas de jour %d"),
			raw, Message{En: time.Month(p.Month).String(), Fr: monthNames[p.Month]}, p.Year, p.Day)
	}
	return p, nil
}

func daysIn(year, month int) int {
	if month == 2 && !(year%4 == 0 && (year%100 != 0 || year%400 == 0)) {
		return 28
	}
	return monthDays[month]
}

// before reports whether every day of p comes before every day of q, at the
// precision both share.
func (p Point) before(q Point) bool {
	c := cmp.Compare(p.Year, q.Year)
	if c == 0 && p.Precision >= MonthPrecision && q.Precision >= MonthPrecision {
		c = cmp.Compare(p.Month, q.Month)
		if c == 0 && p.Precision == DayPrecision && q.Precision == DayPrecision {
			c = cmp.Compare(p.Day, q.Day)
		}
	}
	return c < 0
}

// Compare orders points by date, a coarser precision first among points that
// share their known part (2024 before 2024-01 before 2024-01-01).
func (p Point) Compare(q Point) int {
	// Early returns, not cmp.Or, which computes every comparison: sorting
	// ten thousand entries calls this a few hundred thousand times.
	if c := cmp.Compare(p.Year, q.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(p.Month, q.Month); c != 0 {
		return c
	}
	return cmp.Compare(p.Day, q.Day)
}

// ISO formats p as YYYY, YYYY-MM or YYYY-MM-DD, for <time datetime>.
func (p Point) ISO() string {
	// Written by hand rather than by fmt.Sprintf: every page and data file
	// writes dates, and this was the most of fmt's time in a build.
	b := make([]byte, 0, 10)
	b = appendPadded(b, p.Year, 4)
	if p.Precision != YearPrecision {
		b = appendPadded(append(b, '-'), p.Month, 2)
	}
	if p.Precision != YearPrecision && p.Precision != MonthPrecision {
		b = appendPadded(append(b, '-'), p.Day, 2)
	}
	return string(b)
}

// appendPadded appends n in decimal with at least width digits, as %0*d.
func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		return fmt.Appendf(b, "%0*d", width, n)
	}
	for d, p := 1, 10; d < width; d, p = d+1, p*10 {
		if n < p {
			b = append(b, '0')
		}
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// String formats p in EDTF, with its qualifier.
func (p Point) String() string {
	switch {
	case p.Approximate && p.Uncertain:
		return p.ISO() + "%"
	case p.Approximate:
		return p.ISO() + "~"
	case p.Uncertain:
		return p.ISO() + "?"
	}
	return p.ISO()
}

// String formats d in EDTF: the form ParseDate reads back.
func (d Date) String() string {
	if d.IsInterval() {
		return d.Start.String() + "/" + d.End.String()
	}
	return d.Start.String()
}

// Compare orders dates by start, a coarser precision first, then by end (a
// single date before an interval starting the same day).
func (d Date) Compare(e Date) int {
	if c := d.Start.Compare(e.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Start.Precision, e.Start.Precision); c != 0 {
		return c
	}
	if c := d.End.Compare(e.End); c != 0 {
		return c
	}
	return cmp.Compare(d.End.Precision, e.End.Precision)
}

var monthNames = [13]string{"", "janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// MonthName returns the French name of month m (1–12).
func MonthName(m int) string { return monthNames[m] }

// DatePart is a piece of a date written in French: Text, and ISO when the
// piece names a date (for <time datetime>), empty for connecting words.
type DatePart struct {
	Text string
	ISO  string
}

// French writes d as French readers do: "12 août 2024", "1er août 2024",
// "août 2024", "2024", "vers décembre 2023", "juillet 2024 (date
// incertaine)", "du 12 au 15 octobre 2023", "de mai à juillet 2023".
func (d Date) French() string {
	var b strings.Builder
	for _, p := range d.FrenchParts() {
		b.WriteString(p.Text)
	}
	return b.String()
}

// FrenchParts is French split into its pieces, each date piece with the
// ISO form of the point it names.
func (d Date) FrenchParts() []DatePart {
	if !d.IsInterval() {
		s, e := d.Start, d.Start
		var parts []DatePart
		if s.Approximate {
			if s.Precision == DayPrecision {
				parts = append(parts, DatePart{Text: "vers le "})
			} else {
				parts = append(parts, DatePart{Text: "vers "})
			}
		}
		parts = append(parts, DatePart{Text: frenchPoint(s, YearPrecision), ISO: s.ISO()})
		if e.Uncertain {
			parts = append(parts, DatePart{Text: " (date incertaine)"})
		}
		return parts
	}
	s, e := d.Start, d.End
	// Leave out of the start what the end repeats: "du 12 au 15 octobre 2023".
	omit := Precision(0)
	if s.Year == e.Year && s.Precision == e.Precision && s.Precision > YearPrecision {
		omit = YearPrecision
		if s.Precision == DayPrecision && s.Month == e.Month {
			omit = MonthPrecision
		}
	}
	startText := frenchPoint(s, omit+1)
	parts := []DatePart{
		{Text: fromWord(s, startText)},
		{Text: startText, ISO: s.ISO()},
		{Text: toWord(e)},
		{Text: frenchPoint(e, YearPrecision), ISO: e.ISO()},
	}
	switch {
	case s.Approximate || e.Approximate:
		if s.Uncertain || e.Uncertain {
			parts = append(parts, DatePart{Text: " (dates approximatives et incertaines)"})
		} else {
			parts = append(parts, DatePart{Text: " (dates approximatives)"})
		}
	case s.Uncertain || e.Uncertain:
		parts = append(parts, DatePart{Text: " (dates incertaines)"})
	}
	return parts
}

// frenchPoint writes p down to its precision, keeping the parts from the
// day up to keep (YearPrecision: all of it; MonthPrecision: day and month;
// DayPrecision: the day alone).
func frenchPoint(p Point, keep Precision) string {
	var words []string
	if p.Precision == DayPrecision {
		if p.Day == 1 {
			words = append(words, "1er")
		} else {
			words = append(words, strconv.Itoa(p.Day))
		}
	}
	if p.Precision >= MonthPrecision && keep <= MonthPrecision {
		words = append(words, monthNames[p.Month])
	}
	if keep <= YearPrecision {
		words = append(words, strconv.Itoa(p.Year))
	}
	return strings.Join(words, " ")
}

func fromWord(p Point, text string) string {
	switch {
	case p.Precision == DayPrecision:
		return "du "
	case strings.ContainsAny(text[:1], "aeiou"): // avril, août, octobre
		return "d’"
	}
	return "de "
}

func toWord(p Point) string {
	if p.Precision == DayPrecision {
		return " au "
	}
	return " à "
}
