package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// Formats of the problems printed by check.
const (
	formatText   = "text"   // path:line:col: message, for people, on stderr
	formatGitHub = "github" // GitHub Actions workflow commands, on stdout
	formatJSON   = "json"   // one JSON array, on stdout
)

var formats = []string{formatText, formatGitHub, formatJSON}

// jsonProblem is a problem as -format json prints it. Line and col are 0
// when unknown.
type jsonProblem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`
}

func severity(p chrono.Problem) string {
	if p.Severity == chrono.Warning {
		return "warning"
	}
	return "error"
}

// printProblems writes probs, whose paths are already relative to the
// current folder, in format: text to stderr, the others to stdout.
func printProblems(stdout, stderr io.Writer, format string, probs chrono.Problems) error {
	switch format {
	case formatGitHub:
		for _, p := range probs {
			if _, err := fmt.Fprintln(stdout, githubCommand(p)); err != nil {
				return err
			}
		}
	case formatJSON:
		out := make([]jsonProblem, len(probs))
		for i, p := range probs {
			out[i] = jsonProblem{File: p.Path, Line: p.Line, Col: p.Col, Severity: severity(p), Message: p.Msg}
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		_, err = stdout.Write(append(b, '\n'))
		return err
	default:
		for _, p := range probs {
			if _, err := fmt.Fprintln(stderr, p.Error()); err != nil {
				return err
			}
		}
	}
	return nil
}

// githubCommand formats p as a GitHub Actions workflow command, which the
// runner turns into an annotation on the line of the pull request's diff:
//
//	::error file=content/2024/x.md,line=3,col=9::message
//
// Values are escaped as the runner expects: % and line breaks everywhere,
// and also : and , in properties.
func githubCommand(p chrono.Problem) string {
	var b strings.Builder
	b.WriteString("::" + severity(p) + " file=" + escapeProperty(p.Path))
	if p.Line > 0 {
		fmt.Fprintf(&b, ",line=%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ",col=%d", p.Col)
		}
	}
	b.WriteString("::" + escapeData(p.Msg))
	return b.String()
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
