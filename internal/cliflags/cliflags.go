// Package cliflags parses the flags of the project's commands one way:
// --help prints the usage to standard output and succeeds, a mistake prints
// it to standard error and fails, and arguments that are not flags are
// refused. Main runs a command the one way they share.
package cliflags

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Main runs the command name: run's context ends on an interrupt or
// SIGTERM, and an error it returns is printed after the name and exits 1.
func Main(name string, run func(context.Context) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// Parse parses args with fs. intro is the usage text printed before the
// flags. help is true when the usage was asked for (and printed): the
// command then has nothing more to do.
func Parse(fs *flag.FlagSet, args []string, intro string, stdout, stderr io.Writer) (help bool, err error) {
	usage := func(w io.Writer) {
		fmt.Fprint(w, intro)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
	}
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed below: to stdout for --help, to stderr for mistakes
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return true, nil
		}
		usage(stderr)
		return false, err
	}
	if fs.NArg() > 0 {
		return false, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return false, nil
}
