package chrono

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParseDateFrench(t *testing.T) {
	for _, tt := range []struct{ in, french, iso string }{
		{"2024-08-12", "12 août 2024", "2024-08-12"},
		{"2024-08-01", "1er août 2024", "2024-08-01"},
		{"2024-08", "août 2024", "2024-08"},
		{"2024", "2024", "2024"},
		{"2023-12~", "vers décembre 2023", "2023-12"},
		{"2023-12-05~", "vers le 5 décembre 2023", "2023-12-05"},
		{"2024-07?", "juillet 2024 (date incertaine)", "2024-07"},
		{"2024-07%", "vers juillet 2024 (date incertaine)", "2024-07"},
		{"2023-10-12/2023-10-15", "du 12 au 15 octobre 2023", "2023-10-12"},
		{"2023-10-01/2023-11-03", "du 1er octobre au 3 novembre 2023", "2023-10-01"},
		{"2023-12-20/2024-01-03", "du 20 décembre 2023 au 3 janvier 2024", "2023-12-20"},
		{"2023-05/2023-07", "de mai à juillet 2023", "2023-05"},
		{"2023-04/2023-07", "d’avril à juillet 2023", "2023-04"},
		{"2023-11/2024-02", "de novembre 2023 à février 2024", "2023-11"},
		{"2022/2024", "de 2022 à 2024", "2022"},
		{"2023-10-12/2024-03", "du 12 octobre 2023 à mars 2024", "2023-10-12"},
		{"2025-09?/2025-11?", "de septembre à novembre 2025 (dates incertaines)", "2025-09"},
		{"2024-02-29", "29 février 2024", "2024-02-29"},
		{"2000-02-29", "29 février 2000", "2000-02-29"},
	} {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if got := d.French(); got != tt.french {
			t.Errorf("ParseDate(%q).French() = %q, want %q", tt.in, got, tt.french)
		}
		if got := d.Start.ISO(); got != tt.iso {
			t.Errorf("ParseDate(%q).Start.ISO() = %q, want %q", tt.in, got, tt.iso)
		}
		if got := d.String(); got != tt.in {
			t.Errorf("ParseDate(%q).String() = %q, want the input back", tt.in, got)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, tt := range []struct{ in, err string }{
		{"", "empty date; expected YYYY, YYYY-MM or YYYY-MM-DD"},
		{"12/08/2024", `invalid date "12/08/2024"; dates are written year first: 2024-08-12`},
		{"1/8/2024", `invalid date "1/8/2024"; dates are written year first: 2024-08-01`},
		{"2024-8-12", `invalid date "2024-8-12"; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %`},
		{"2024-13", `invalid date "2024-13": month 13 does not exist`},
		{"2023-02-29", `invalid date "2023-02-29": February 2023 has no day 29`},
		{"1900-02-29", `invalid date "1900-02-29": February 1900 has no day 29`},
		{"2024-04-31", `invalid date "2024-04-31": April 2024 has no day 31`},
		{"0000", `invalid date "0000": there is no year 0`},
		{"2024-08-12T10:00", `invalid date "2024-08-12T10:00"; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %`},
		{"2024-10-15/2024-10-12", `interval "2024-10-15/2024-10-12" ends before it starts`},
		{"2024/2023-05", `interval "2024/2023-05" ends before it starts`},
		{"2023/2022", `interval "2023/2022" ends before it starts`},
		{"2024-08-12/2024-08-12", `interval "2024-08-12/2024-08-12" starts and ends on the same day; write the single date "2024-08-12"`},
		{"2024-08~/2024-08", `interval "2024-08~/2024-08" starts and ends on the same month; write the single date "2024-08~"`},
		{"2024/2024", `interval "2024/2024" starts and ends on the same year; write the single date "2024"`},
		{"2024-05-03/2024-05", `interval "2024-05-03/2024-05": one end holds the other; write the single date "2024-05-03", or both ends as precisely as each other, as "2024-05-03/2024-05-31"`},
		{"2024/2024-02-10", `interval "2024/2024-02-10": one end holds the other; write the single date "2024-02-10", or both ends as precisely as each other, as "2024-01-01/2024-02-10"`},
		{"2024-02-10/2024?", `interval "2024-02-10/2024?": one end holds the other; write the single date "2024-02-10", or both ends as precisely as each other, as "2024-02-10/2024-12-31?"`},
		{"2024/", `end of interval: empty date; expected YYYY, YYYY-MM or YYYY-MM-DD`},
		{"2024~~", `invalid date "2024~~"; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %`},
		{"+202-01", `invalid date "+202-01"; expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %`},
	} {
		_, err := ParseDate(tt.in)
		if err == nil || err.Error() != tt.err {
			t.Errorf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.err)
		}
	}
}

func TestDateOrder(t *testing.T) {
	in := []string{"2024", "2024-01", "2024-01-01", "2024-01-01/2024-01-03", "2024-01-02", "2024-02", "2025"}
	for i := 1; i < len(in); i++ {
		a, _ := ParseDate(in[i-1])
		b, _ := ParseDate(in[i])
		if a.Compare(b) >= 0 || b.Compare(a) <= 0 {
			t.Errorf("%s should sort before %s", in[i-1], in[i])
		}
	}
}

// FuzzParseDate checks that any text either parses to a date that prints
// back as itself and reads back the same, or is refused with a message.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-08-12", "2023-12~", "2024-07%", "2023-10-12/2023-10-15", "2024-02-29", "2024-13", "x/y", "2022/2024?"} {
		f.Add(s)
	}
	for _, s := range fixtureDates(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
		if strings.TrimSpace(d.French()) == "" {
			t.Fatalf("no French text for %q", s)
		}
	})
}

// fixtureDates returns the dates written in the entries of the bad-input
// and warning fixtures of package build and of its test site, to seed
// FuzzParseDate with what contributors write.
func fixtureDates(tb testing.TB) []string {
	tb.Helper()
	var names []string
	for _, glob := range []string{"../build/testdata/bad/*.txt", "../build/testdata/warn/*.txt", "../build/testdata/site/content/*/*.md"} {
		m, _ := filepath.Glob(glob)
		names = append(names, m...)
	}
	var dates []string
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			k, v, ok := strings.Cut(line, "=")
			if !ok || strings.TrimSpace(k) != "date" {
				continue
			}
			v = strings.TrimSpace(v)
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			}
			dates = append(dates, v)
		}
	}
	if len(dates) < 10 {
		tb.Fatalf("only %d dates found in the fixtures", len(dates))
	}
	return dates
}

func TestPointISO(t *testing.T) {
	for _, p := range []Point{
		{Year: 2024, Precision: YearPrecision}, {Year: 2024, Month: 3, Precision: MonthPrecision},
		{Year: 2024, Month: 3, Day: 7, Precision: DayPrecision}, {Year: 987, Month: 12, Day: 31, Precision: DayPrecision},
		{Year: 5, Precision: YearPrecision}, {Year: -44, Month: 3, Day: 15, Precision: DayPrecision}, {},
	} {
		want := fmt.Sprintf("%04d-%02d-%02d", p.Year, p.Month, p.Day)
		switch p.Precision {
		case YearPrecision:
			want = fmt.Sprintf("%04d", p.Year)
		case MonthPrecision:
			want = fmt.Sprintf("%04d-%02d", p.Year, p.Month)
		}
		if got := p.ISO(); got != want {
			t.Errorf("%+v.ISO() = %q, want %q", p, got, want)
		}
	}
}
