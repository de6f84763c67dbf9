package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// runCompletion is `amtsbote completion bash|zsh|fish`: a completion
// script for the commands, their verbs and their flags, made from the same
// table and flag sets as --help.
func runCompletion(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags(ctx, "completion", stdout, stderr)
	if !fs.parse(args) {
		return fs.exit
	}
	if fs.NArg() != 1 {
		return fs.refuse("cli.completion.shell")
	}
	specs := completionSpecs(ctx)
	switch fs.Arg(0) {
	case "bash":
		writeBash(stdout, specs)
	case "zsh":
		writeZsh(stdout, specs)
	case "fish":
		writeFish(stdout, specs)
	default:
		return fs.refuse("cli.completion.unknown", "shell", strconv.Quote(fs.Arg(0)))
	}
	return 0
}

// flagSpec is one flag a command takes.
type flagSpec struct{ name, usage string }

// cmdSpec is what completion knows of a command.
type cmdSpec struct {
	command
	flags []flagSpec
}

// completionSpecs runs every command with --help against a flag probe and
// collects the flags it registers: nothing runs beyond parsing.
func completionSpecs(ctx context.Context) []cmdSpec {
	var out []cmdSpec
	for _, c := range commands() {
		probe := &flagProbe{}
		pctx := context.WithValue(ctx, probeKey{}, probe)
		if c.name == "completion" { // itself, without recursing
			newFlags(pctx, c.name, io.Discard, io.Discard)
		} else {
			c.run(pctx, []string{"--help"}, nil, io.Discard, io.Discard)
		}
		seen := map[string]bool{}
		spec := cmdSpec{command: c}
		spec.summary = sayer(ctx).T(c.summary) // the key's text
		for _, fs := range probe.sets {
			fs.VisitAll(func(f *pflag.Flag) {
				if !seen[f.Name] {
					seen[f.Name] = true
					spec.flags = append(spec.flags, flagSpec{f.Name, f.Usage})
				}
			})
		}
		sort.Slice(spec.flags, func(i, j int) bool { return spec.flags[i].name < spec.flags[j].name })
		out = append(out, spec)
	}
	return out
}

func flagWords(s cmdSpec) string {
	w := make([]string, len(s.flags))
	for i, f := range s.flags {
		w[i] = "--" + f.name
	}
	return strings.Join(w, " ")
}

func writeBash(w io.Writer, specs []cmdSpec) {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	fmt.Fprintf(w, `# bash completion for amtsbote; load with: source <(amtsbote completion bash)
_amtsbote() {
	local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]} flags="" subs=""
	if [[ $COMP_CWORD -eq 1 ]]; then
		COMPREPLY=($(compgen -W "%s --help --version" -- "$cur"))
		return
	fi
	case $cmd in
`, strings.Join(names, " "))
	for _, s := range specs {
		fmt.Fprintf(w, "\t%s) flags=%q; subs=%q ;;\n", s.name, flagWords(s), strings.Join(s.subs, " "))
	}
	fmt.Fprint(w, `	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
	elif [[ -n $subs && $COMP_CWORD -eq 2 ]]; then
		COMPREPLY=($(compgen -W "$subs" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _amtsbote amtsbote
`)
}

// quoteSingle quotes s for a shell's single quotes.
func quoteSingle(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func writeZsh(w io.Writer, specs []cmdSpec) {
	fmt.Fprint(w, "#compdef amtsbote\n# zsh completion for amtsbote; put it in a directory of $fpath as _amtsbote\n_amtsbote() {\n")
	fmt.Fprint(w, "\tlocal -a cmds\n\tcmds=(\n")
	for _, s := range specs {
		fmt.Fprintf(w, "\t\t%s\n", quoteSingle(s.name+":"+strings.ReplaceAll(s.summary, ":", `\:`)))
	}
	fmt.Fprint(w, "\t)\n\tif (( CURRENT == 2 )); then\n\t\t_describe command cmds\n\t\treturn\n\tfi\n\tlocal -a flags subs\n\tcase $words[2] in\n")
	for _, s := range specs {
		fmt.Fprintf(w, "\t%s) flags=(%s); subs=(%s) ;;\n", s.name, flagWords(s), strings.Join(s.subs, " "))
	}
	fmt.Fprint(w, "\tesac\n\tif [[ $PREFIX == -* ]]; then\n\t\tcompadd -- $flags\n\telif (( CURRENT == 3 && ${#subs} > 0 )); then\n\t\tcompadd -- $subs\n\telse\n\t\t_files\n\tfi\n}\ncompdef _amtsbote amtsbote\n")
}

func writeFish(w io.Writer, specs []cmdSpec) {
	fmt.Fprintln(w, "# fish completion for amtsbote; save as ~/.config/fish/completions/amtsbote.fish")
	fmt.Fprintln(w, "complete -c amtsbote -f")
	for _, s := range specs {
		fmt.Fprintf(w, "complete -c amtsbote -n __fish_use_subcommand -a %s -d %s\n", s.name, quoteSingle(s.summary))
		cond := quoteSingle("__fish_seen_subcommand_from " + s.name)
		if s.name == "backup" || s.name == "restore" {
			fmt.Fprintf(w, "complete -c amtsbote -n %s -F\n", cond) // FILE
		}
		if len(s.subs) > 0 {
			fmt.Fprintf(w, "complete -c amtsbote -n %s -a %s\n", cond, quoteSingle(strings.Join(s.subs, " ")))
		}
		for _, f := range s.flags {
			fmt.Fprintf(w, "complete -c amtsbote -n %s -l %s -d %s\n", cond, f.name, quoteSingle(f.usage))
		}
	}
}
