package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// Group help, `tallyfy help ...` and every command's example, written from the command table as
// the rest of help is. The dispatcher stays a table of "group verb" names: a group is the first
// word several commands share, so a command added to the table joins its group's help and the
// completion scripts with no other change.

// groupOf returns the commands whose first word is word, in table order.
func groupOf(word string) []*command {
	var cmds []*command
	for _, c := range commands {
		if first, _, _ := strings.Cut(c.name, " "); first == word && strings.Contains(c.name, " ") {
			cmds = append(cmds, c)
		}
	}
	return cmds
}

// groups returns the group words in table order.
func groups() []string {
	var gs []string
	seen := map[string]bool{}
	for _, c := range commands {
		if first, _, ok := strings.Cut(c.name, " "); ok && !seen[first] {
			seen[first] = true
			gs = append(gs, first)
		}
	}
	return gs
}

// writeGroupHelp writes `tallyfy tasks --help`: the group's commands and how to get further.
func writeGroupHelp(w io.Writer, group string) {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: tallyfy %s <command> [flags]\n\nCommands:\n", group)
	var rows [][2]string
	for _, c := range groupOf(group) {
		rows = append(rows, [2]string{strings.Join(append([]string{c.name}, c.args...), " "), c.summary})
	}
	writeColumns(&b, rows)
	b.WriteString("\n" + wrap(fmt.Sprintf("`tallyfy %s <command> --help` (or `tallyfy help %s <command>`) shows a command's flags and an example; "+
		"`tallyfy --help` lists every command, the global flags and the exit codes.", group, group), "", helpWidth))
	io.WriteString(w, b.String())
}

// groupWord returns the group that command words naming no command name alone (`tallyfy tasks`,
// `tallyfy tasks --help`, `tallyfy help tasks`), or "".
// The global flags stop at the first word, so a --help after the group is still in rest; help
// reports it.
func groupWord(rest []string) (group string, help bool) {
	if len(rest) == 0 || len(groupOf(rest[0])) == 0 {
		return "", false
	}
	for _, w := range rest[1:] {
		switch w {
		case "-h", "-help", "--help":
			help = true
		default:
			return "", false
		}
	}
	return rest[0], help
}

// examples are the commands' examples where one with flags says more than the usage line; the
// others are written from the usage line with the fake's sample ids (exampleFor), so that every
// command, those added later included, has one. TestCommandExamplesParse parses each one.
var examples = map[string]string{
	"files upload":     "tallyfy files upload ./contract.pdf --run " + tallyfytest.SampleRunID + " --field-id FIELD_ID",
	"files download":   "tallyfy files download ASSET_ID --out ./contract.pdf",
	"files view":       "tallyfy files view ASSET_ID --out ./photo.png",
	"runs comment":     "tallyfy runs comment " + tallyfytest.SampleRunID + ` --text "Kick-off booked for Monday" --visibility members`,
	"tasks issue":      "tallyfy tasks issue " + tallyfytest.SampleTaskID + ` --text "The signed contract is missing page 2"`,
	"tasks resolve":    "tallyfy tasks resolve " + tallyfytest.SampleTaskID + ` --thread 77101 --text "Page 2 arrived by email"`,
	"templates update": "tallyfy templates update " + tallyfytest.SampleTemplateID + ` --summary "Yearly review of every vendor."`,
	"templates delete": "tallyfy templates delete " + tallyfytest.SampleTemplateID + " --yes",
	"steps add":        "tallyfy steps add " + tallyfytest.SampleTemplateID + ` --title "Sign the contract"`,
	"steps update":     "tallyfy steps update " + tallyfytest.SampleTemplateID + " " + tallyfytest.SampleStepID + ` --title "Sign the contract"`,
	"search":           "tallyfy search onboarding --kind process --all -o csv",
	"activity":         "tallyfy activity --run " + tallyfytest.SampleRunID + " --verb completed --sort -created_at",
	"runs get":         "tallyfy runs get " + tallyfytest.SampleRunID + " --with tasks,tags",
	"runs list":        "tallyfy runs list --status active --all -o jsonl",
	"runs tasks":       "tallyfy runs tasks " + tallyfytest.SampleRunID + " -o csv > tasks.csv",
	"runs launch":      "tallyfy runs launch " + tallyfytest.SampleTemplateID + ` --name "Onboarding - Acme" --field "Company name=Acme" --field start_date=2024-06-03 --dry-run`,
	"runs update":      "tallyfy runs update " + tallyfytest.SampleRunID + ` --name "Onboarding - Globex (renewal)"`,
	"runs delete":      "tallyfy runs delete " + tallyfytest.ArchivedRunID + " --yes",
	"runs export":      "tallyfy runs export " + tallyfytest.SampleRunID + " -o globex.json",
	"tasks archive":    "tallyfy tasks archive " + tallyfytest.OneOffTaskID,
	"tasks restore":    "tallyfy tasks restore " + tallyfytest.OneOffTaskID,
	"tasks delete":     "tallyfy tasks delete " + tallyfytest.OneOffTaskID + " --yes",
	"tasks clone":      "tallyfy tasks clone " + tallyfytest.OneOffTaskID + " -o json",
	"tasks get":        "tallyfy tasks get " + tallyfytest.SampleTaskID + " --run " + tallyfytest.SampleRunID + " --with form_fields",
	"tasks list":       "tallyfy tasks list --mine --status active",
	"tasks complete":   "tallyfy tasks complete " + tallyfytest.SampleTaskID + " --run " + tallyfytest.SampleRunID,
	"tasks reopen":     "tallyfy tasks reopen " + tallyfytest.SampleTaskID + " --run " + tallyfytest.SampleRunID,
	"tasks update":     "tallyfy tasks update " + tallyfytest.SampleTaskID + " --run " + tallyfytest.SampleRunID + ` --field "Courier tracking number=1Z999"`,
	"runs set-value":   "tallyfy runs set-value " + tallyfytest.SampleRunID + " --value-id " + tallyfytest.StoredValueID(tallyfytest.SampleRunID, "1a2b3c4d5e6f708192a3b4c5d6e7f809") + ` --field "Company name=Globex Holdings"`,
	"guests set-value": "tallyfy guests set-value " + tallyfytest.SampleGuestEmail + " --run " + tallyfytest.SampleRunID + " --value-id " + tallyfytest.StoredValueID(tallyfytest.SampleRunID, "1a2b3c4d5e6f708192a3b4c5d6e7f809") + ` --field "Company name=Globex Holdings"`,
	"tasks save":       "tallyfy tasks save " + tallyfytest.InProgressTaskID + ` --field "Call notes=Moved to Thursday." --field-json 'call_date="2024-05-30 17:00:00"'`,
	"tasks reassign":   "tallyfy tasks reassign " + tallyfytest.SampleTaskID + " --run " + tallyfytest.SampleRunID + ` --to alice@acme.example --to "Finance team"`,
	"tasks create":     `tallyfy tasks create --title "Renew the SSL certificate" --deadline 2026-12-31T17:00:00Z --assign 1002`,
	"tasks comment":    "tallyfy tasks comment " + tallyfytest.SampleTaskID + ` --text "Welcome pack shipped" --visibility all`,
	"tasks wait":       "tallyfy tasks wait " + tallyfytest.SampleTaskID + " --run " + tallyfytest.SampleRunID + " --timeout 1h && echo approved",
	"templates get":    "tallyfy templates get " + tallyfytest.SampleTemplateID + " --with steps,tags",
	"templates list":   "tallyfy templates list --all -o csv",
	"users invite":     `tallyfy users invite new.hire@acme.example --first-name New --last-name Hire`,
	"users update":     "tallyfy users update 1002 --job-title \"Head of Finance\"",
	"users update-me":  "tallyfy users update-me --timezone Europe/London",
	"guests update":    "tallyfy guests update " + tallyfytest.SampleGuestEmail + " --associated-members 1002,1003",
	"groups create":    `tallyfy groups create "Finance team" --description "Approves spend" --user 1002`,
	"groups update":    "tallyfy groups update " + tallyfytest.SampleGroupID + ` --name "Finance and legal"`,
	"tags update":      "tallyfy tags update " + tallyfytest.SampleTagID + " --color '#3366ff'",
	"tags delete":      "tallyfy tags delete " + tallyfytest.SampleTagID + " --yes --dry-run",
	"tags apply":       "tallyfy tags apply " + tallyfytest.SampleTagID + " --run " + tallyfytest.SampleRunID,
	"folders update":   `tallyfy folders update FOLDER_ID --name "Client work"`,
	"folders add":      "tallyfy folders add FOLDER_ID --template " + tallyfytest.SampleTemplateID,
	"webhooks listen":  "tallyfy webhooks listen --addr 127.0.0.1:8787",
	"api":              "tallyfy api GET 'runs?status=active&per_page=5'",
	"completion":       "tallyfy completion bash > ~/.local/share/bash-completion/completions/tallyfy",
	"mock":             "tallyfy mock --fail 'GET /organizations/*/runs/*=429:2'",

	// Custom fields (customfields.go).
	"custom-fields get":     "tallyfy custom-fields get --run " + tallyfytest.SampleRunID,
	"custom-fields set":     "tallyfy custom-fields set cost_center --run " + tallyfytest.SampleRunID + " --value CC-1042",
	"custom-fields unset":   "tallyfy custom-fields unset cost_center --run " + tallyfytest.SampleRunID,
	"custom-fields keys":    "tallyfy custom-fields keys --applies-to process -o csv",
	"custom-fields define":  "tallyfy custom-fields define cost_center --applies-to process --type text",
	"custom-fields replace": "tallyfy custom-fields replace --template " + tallyfytest.SampleTemplateID + " --set cost_center=CC-1042 --set risk=3",
}

// exampleArg is the sample value an example gives an argument, by its usage name.
var exampleArg = map[string]string{
	"RUN_ID":      tallyfytest.SampleRunID,
	"TASK_ID":     tallyfytest.SampleTaskID,
	"TEMPLATE_ID": tallyfytest.SampleTemplateID,
	"TAG_ID":      tallyfytest.SampleTagID,
	"GROUP_ID":    tallyfytest.SampleGroupID,
	"USER_ID":     strconv.Itoa(tallyfytest.SampleUserID),
	"EMAIL":       tallyfytest.SampleGuestEmail,
	"GUEST":       tallyfytest.SampleGuestEmail,
	"ROLE":        "standard",
	"NAME":        `"Finance team"`,
	"TITLE":       `"Renew the SSL certificate"`,
	"URL":         "https://hooks.acme.example/tallyfy",
	"QUERY":       "onboarding",
}

// exampleFor is c's example: its entry in examples, or its usage line with sample arguments.
func exampleFor(c *command) string {
	if e, ok := examples[c.name]; ok {
		return e
	}
	words := []string{"tallyfy", c.name}
	for _, arg := range c.args {
		if v, ok := exampleArg[arg]; ok {
			arg = v
		}
		words = append(words, arg)
	}
	return strings.Join(words, " ")
}
