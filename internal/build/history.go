package build

import (
	"fmt"
	"strconv"
	"time"
)

// SourceDate returns the day of SOURCE_DATE_EPOCH (the value of the
// environment variable, seconds since 1970 in UTC, as
// reproducible-builds.org defines it), "YYYY-MM-DD", or "" if it is not
// set. It is the build's reference day: a correction dated after it is
// refused. CI and the publishing workflow set it to the time of the commit
// they build, so the same commit is checked the same way whatever the day.
func SourceDate(env string) (string, error) {
	if env == "" {
		return "", nil
	}
	n, err := strconv.ParseInt(env, 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return "", fmt.Errorf("SOURCE_DATE_EPOCH %q: expected a number of seconds since 1970-01-01 UTC, such as $(git log -1 --format=%%ct)", env)
	}
	return time.Unix(n, 0).UTC().Format(time.DateOnly), nil
}
