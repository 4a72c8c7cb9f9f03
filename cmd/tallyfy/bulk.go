package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// Bulk work: runs launch --from-csv and the task commands given many ids.
// The API has no bulk endpoints, so the cost is the number of requests:
// what the safety checks need is read once (the template, each process's
// task list, the people named), every row or id is checked against it
// before anything is sent, and then each write is one request, paced by
// --rate and run --parallel at a time. A failure is reported for its row
// or id and the others go on; some failed, some done exits exitPartial.

// bulkOptions are the flags every bulk command takes.
type bulkOptions struct {
	parallel   int
	rate       float64
	registered bool // bulkFlags ran: a command sharing the options without them has parallel 0
}

func bulkFlags(fs *flag.FlagSet, o *bulkOptions) {
	o.registered = true
	fs.IntVar(&o.parallel, "parallel", 1, "with many rows or ids: send up to `n` writes at once")
	fs.Float64Var(&o.rate, "rate", 0, "pace the requests to at most `r` a second (0: as fast as the API answers; "+
		"a 429 still waits for its Retry-After)")
}

// bulkCommand is the options of a command that may run in bulk.
type bulkCommand interface {
	bulkOpts() *bulkOptions
	// isBulk reports whether this command line is a bulk run, given its
	// number of positional arguments.
	isBulk(args int) bool
}

func (o *bulkOptions) bulkOpts() *bulkOptions { return o }

// isBulk: the task commands run in bulk when given more than one id.
func (o *bulkOptions) isBulk(args int) bool { return args > 1 }

// tasksCommentBulkFlags are tasks comment's flags: runs comment's, and the
// bulk ones.
func tasksCommentBulkFlags(fs *flag.FlagSet, o *tasksCommentOptions) {
	tasksCommentFlags(fs, o)
	bulkFlags(fs, &o.bulkOptions)
}

// bulkSettings checks the bulk flags and applies them to the app.
func (a *app) bulkSettings(b bulkCommand, args int) error {
	o := b.bulkOpts()
	if !o.registered {
		o.parallel = 1
		return nil
	}
	switch {
	case o.parallel < 1 || o.parallel > 16:
		return usageErr("--parallel %d: give 1 to 16 (the API rate-limits the organization, not the connection)", o.parallel)
	case o.rate < 0 || math.IsNaN(o.rate) || math.IsInf(o.rate, 0):
		return usageErr("--rate %g: give a number of requests per second, 0 for no pacing", o.rate)
	}
	a.rate = o.rate
	a.perItemTimeout = b.isBulk(args)
	return nil
}

// itemContext bounds one row or id of a bulk run by --timeout.
func (a *app) itemContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if a.timeout > 0 {
		return context.WithTimeout(ctx, a.timeout)
	}
	return context.WithCancel(ctx)
}

// partialError ends a bulk run in which something failed. Each failure has
// been printed; code is exitPartial when something was also done, else the
// first failure's own code.
type partialError struct {
	msg  string
	code int
}

func (e *partialError) Error() string { return e.msg }

// bulkOutcome counts a bulk run's results and prints each failure.
type bulkOutcome struct {
	a          *app
	mu         sync.Mutex
	done, fail int
	firstCode  int
}

// failed prints one row's or id's failure, as a command would alone.
func (b *bulkOutcome) failed(what string, err error) {
	msg, code := describe(err)
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Fprintf(b.a.stderr, "tallyfy: %s: %s\n", what, clean(withoutSDKPrefix(msg)))
	if b.fail == 0 {
		b.firstCode = code
	}
	b.fail++
}

func (b *bulkOutcome) ok() {
	b.mu.Lock()
	b.done++
	b.mu.Unlock()
}

// end is the run's error: nil when nothing failed.
func (b *bulkOutcome) end(verb, noun string) error {
	if b.fail == 0 {
		return nil
	}
	total := b.done + b.fail
	if b.done == 0 {
		return &partialError{fmt.Sprintf("none of the %d %s was %s (each is above)", total, noun, verb), b.firstCode}
	}
	return &partialError{fmt.Sprintf("%d of %d %s failed (each is above); the other %d were %s", b.fail, total, noun, b.done, verb), exitPartial}
}

// each runs do for items 0..n-1, up to parallel at once, in order when
// parallel is 1.
func each(ctx context.Context, n, parallel int, do func(ctx context.Context, i int)) {
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			// Interrupted: the rest are not started; each is reported.
			do(ctx, i)
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			do(ctx, i)
		}()
	}
	wg.Wait()
}

// bulkProgress draws a bar on stderr when it is a terminal; piped, it is quiet.
type bulkProgress struct {
	w       io.Writer
	enabled bool
	mu      sync.Mutex
	n, of   int
	verb    string
}

func newBulkProgress(w io.Writer, of int, verb string) *bulkProgress {
	return &bulkProgress{w: w, enabled: isTerminal(w) && of > 1, of: of, verb: verb}
}

func (p *bulkProgress) step() {
	if !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	const width = 30
	filled := width * p.n / p.of
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.n, p.of, p.verb)
	if p.n == p.of {
		fmt.Fprintln(p.w)
	}
}

// ---- runs launch --from-csv ----

// unknownMark starts the error of a row whose launch may have happened:
// such a row is never launched again by a re-run with the same --results.
const unknownMark = "unknown — check before re-running"

// csvRow is one process to launch: its line in the file, its name and its
// kick-off values by the header's keys.
type csvRow struct {
	line   int
	name   string
	fields map[string]any
}

// readLaunchCSV reads the rows of --from-csv: a header of name and kick-off
// keys (a field's id, alias or label), then one process a row. Empty cells
// leave the field out.
func readLaunchCSV(path string) ([]csvRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErr("--from-csv: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 0 // every row as long as the header
	header, err := r.Read()
	if err != nil {
		return nil, usageErr("--from-csv %s: no header row (name, then kick-off fields): %v", path, err)
	}
	nameCol := -1
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) // a spreadsheet's byte-order mark
		header[i] = h
		switch {
		case h == "":
			return nil, usageErr("--from-csv %s: column %d of the header is empty", path, i+1)
		case seen[strings.ToLower(h)]:
			return nil, usageErr("--from-csv %s: column %q appears twice in the header", path, h)
		case strings.EqualFold(h, "name"):
			nameCol = i
		}
		seen[strings.ToLower(h)] = true
	}
	if nameCol < 0 {
		return nil, usageErr("--from-csv %s: the header has no name column (the process's name, needed to find it should a launch's outcome be unknown)", path)
	}
	var rows []csvRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, usageErr("--from-csv %s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		row := csvRow{line: line, fields: map[string]any{}}
		for i, v := range rec {
			switch {
			case i == nameCol:
				row.name = strings.TrimSpace(v)
			case strings.TrimSpace(v) != "":
				row.fields[header[i]] = v
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, usageErr("--from-csv %s: no rows under the header", path)
	}
	return rows, nil
}

// launchResults is --results: one line a row tried, line,name,process_id,
// error, appended as each row ends so that an interrupted run keeps what
// it did. Read back, the last entry of a line wins.
type launchResults struct {
	mu   sync.Mutex
	f    *os.File
	w    *csv.Writer
	prev map[int][2]string // line → name, and the process id or the unknown mark
}

var resultsHeader = []string{"line", "name", "process_id", "error"}

// openResults reads path's entries and, unless dryRun, opens it to append.
func openResults(path string, dryRun bool) (*launchResults, error) {
	res := &launchResults{prev: map[int][2]string{}}
	if path == "" {
		return res, nil
	}
	if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
		recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil {
			return nil, usageErr("--results %s: %v", path, err)
		}
		if len(recs) == 0 || !slices.Equal(recs[0], resultsHeader) {
			return nil, usageErr("--results %s is not a results file of runs launch --from-csv (header %s)", path, strings.Join(resultsHeader, ","))
		}
		for _, rec := range recs[1:] {
			line, err := strconv.Atoi(rec[0])
			if err != nil || len(rec) != len(resultsHeader) {
				return nil, usageErr("--results %s: a line that is not line,name,process_id,error: %q", path, strings.Join(rec, ","))
			}
			switch {
			case rec[2] != "":
				res.prev[line] = [2]string{rec[1], rec[2]}
			case strings.HasPrefix(rec[3], unknownMark):
				res.prev[line] = [2]string{rec[1], unknownMark}
			default: // failed: tried again
				delete(res.prev, line)
			}
		}
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, usageErr("--results: %v", err)
	}
	if dryRun {
		return res, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, usageErr("--results: %v", err)
	}
	res.f, res.w = f, csv.NewWriter(f)
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		res.w.Write(resultsHeader)
		res.w.Flush()
	}
	return res, res.w.Error()
}

// record appends one row's result and syncs it: the file is what keeps a
// re-run from launching a row twice.
func (r *launchResults) record(row csvRow, processID, errText string) error {
	if r.w == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.w.Write([]string{strconv.Itoa(row.line), row.name, processID, errText})
	r.w.Flush()
	if err := r.w.Error(); err != nil {
		return err
	}
	return r.f.Sync()
}

func (r *launchResults) close() {
	if r.f != nil {
		r.f.Close()
	}
}

// launchOutput is one row's result as -o json prints it.
type launchOutput struct {
	Line      int    `json:"line"`
	Name      string `json:"name"`
	ProcessID string `json:"process_id,omitempty"`
	Error     string `json:"error,omitempty"`
	Skipped   bool   `json:"skipped,omitempty"`
}

func runsLaunchCSV(ctx context.Context, a *app, in input, o *runsLaunchOptions) error {
	rows, err := readLaunchCSV(o.fromCSV)
	if err != nil {
		return err
	}
	res, err := openResults(o.results, a.dryRun)
	if err != nil {
		return err
	}
	defer res.close()
	// Rows done by an earlier run (or whose outcome it left unknown) are
	// skipped; a name changed since means the file is not the same.
	var todo []csvRow
	var out []launchOutput
	for _, row := range rows {
		prev, ok := res.prev[row.line]
		if !ok {
			todo = append(todo, row)
			continue
		}
		if prev[0] != row.name {
			return usageErr("--results %s says line %d is %q, but %s has %q there: give the results file of this CSV", o.results, row.line, prev[0], o.fromCSV, row.name)
		}
		entry := launchOutput{Line: row.line, Name: row.name, Skipped: true}
		if prev[1] == unknownMark {
			entry.Error = unknownMark
		} else {
			entry.ProcessID = prev[1]
		}
		out = append(out, entry)
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	var p *tallyfy.PreparedLaunch
	if len(todo) > 0 {
		pctx, cancel := a.itemContext(ctx)
		p, err = c.PrepareLaunch(pctx, id)
		cancel()
		if err != nil {
			return resource("template", id, err)
		}
	}
	// Every row is checked before the first is sent.
	var bad []string
	for _, row := range todo {
		if row.name == "" {
			// As runs launch --name: the name is how to find a process
			// whose launch's outcome is unknown.
			bad = append(bad, fmt.Sprintf("line %d: the name is empty (each process needs one: it is how to find it should its launch's outcome be unknown)", row.line))
			continue
		}
		cctx, cancel := a.itemContext(ctx)
		err := p.Check(cctx, launchRequest(row))
		cancel()
		if err != nil {
			msg, _ := describe(err)
			bad = append(bad, fmt.Sprintf("line %d: %s", row.line, clean(withoutSDKPrefix(msg))))
		}
	}
	if len(bad) > 0 {
		for _, b := range bad {
			fmt.Fprintf(a.stderr, "tallyfy: %s: %s\n", o.fromCSV, b)
		}
		return usageErr("%d of %d rows of %s cannot be launched (each is above); nothing was sent", len(bad), len(todo), o.fromCSV)
	}
	if a.dryRun && len(todo) > 0 {
		// Every row was checked; the first one's request is what is shown.
		_, err := p.Launch(ctx, launchRequest(todo[0]))
		return err
	}
	outcome := &bulkOutcome{a: a}
	bar := newBulkProgress(a.stderr, len(todo), "launched")
	results := make([]launchOutput, len(todo))
	each(ctx, len(todo), o.parallel, func(ctx context.Context, i int) {
		row := todo[i]
		results[i] = launchOutput{Line: row.line, Name: row.name}
		defer bar.step()
		if ctx.Err() != nil {
			outcome.failed(fmt.Sprintf("line %d (%s)", row.line, row.name), fmt.Errorf("not launched: %w", context.Cause(ctx)))
			results[i].Error = "not launched: interrupted"
			res.record(row, "", results[i].Error)
			return
		}
		rctx, cancel := a.itemContext(ctx)
		defer cancel()
		run, err := p.Launch(rctx, launchRequest(row))
		if err == nil {
			results[i].ProcessID = run.ID
			if werr := res.record(row, run.ID, ""); werr != nil {
				outcome.failed(fmt.Sprintf("line %d (%s)", row.line, row.name), fmt.Errorf("launched %s, but --results could not record it: %w", run.ID, werr))
				return
			}
			outcome.ok()
			return
		}
		err = withHint(resource("template", id, err), "tallyfy runs list --checklist %s -q %s", id, shellQuote(row.name))
		msg, _ := describe(err)
		if errors.Is(err, tallyfy.ErrOutcomeUnknown) {
			results[i].Error = unknownMark + ": " + clean(withoutSDKPrefix(msg))
		} else {
			results[i].Error = clean(withoutSDKPrefix(msg))
		}
		if werr := res.record(row, "", results[i].Error); werr != nil && errors.Is(err, tallyfy.ErrOutcomeUnknown) {
			// A re-run would launch it again: say so where it is seen.
			err = fmt.Errorf("%w; and --results could not record it (%v): do not re-run this row before checking", err, werr)
		}
		outcome.failed(fmt.Sprintf("line %d (%s)", row.line, row.name), err)
	})
	out = append(out, results...)
	slices.SortFunc(out, func(x, y launchOutput) int { return x.Line - y.Line })
	if in.format == "json" {
		if err := writeJSON(a.stdout, out); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LINE\tNAME\tPROCESS\tRESULT")
		for _, r := range out {
			result := "launched"
			switch {
			case r.Skipped && r.Error != "":
				result = "skipped: " + unknownMark
			case r.Skipped:
				result = "skipped: launched before"
			case r.Error != "":
				result = "failed"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.Line, truncate(r.Name, 40), r.ProcessID, result)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, r := range out {
		if r.Skipped && r.Error != "" {
			outcome.failed(fmt.Sprintf("line %d (%s)", r.Line, r.Name), fmt.Errorf("%w: %s: its launch's outcome was unknown in an earlier run and it is not launched again; "+
				"look for it (tallyfy runs list --checklist %s -q %s), then put its process id in %s, or delete its line there to launch it",
				tallyfy.ErrOutcomeUnknown, unknownMark, id, shellQuote(r.Name), o.results))
		}
	}
	return outcome.end("launched", "rows")
}

func launchRequest(row csvRow) tallyfy.LaunchRunRequest {
	return tallyfy.LaunchRunRequest{Name: row.name, Fields: row.fields}
}

// ---- the task commands, many ids ----

// taskStates reads the tasks the ids name, as the safety checks need them:
// each process's task list once (ListRunTasks), not each task. With --run
// that is one list; without, a task not in a list read already is read
// (GetTask) to learn its process, whose list then covers its siblings.
type taskStates struct {
	c     *tallyfy.Client
	run   string
	lists map[string]map[string]*tallyfy.Task // process id → task id → task
}

func newTaskStates(c *tallyfy.Client, run string) *taskStates {
	return &taskStates{c: c, run: run, lists: map[string]map[string]*tallyfy.Task{}}
}

func (s *taskStates) list(ctx context.Context, runID string) (map[string]*tallyfy.Task, error) {
	if l, ok := s.lists[runID]; ok {
		return l, nil
	}
	l := map[string]*tallyfy.Task{}
	for task, err := range s.c.ListRunTasks(ctx, runID, &tallyfy.ListRunTasksOptions{PerPage: 100}) {
		if err != nil {
			return nil, resource("run", runID, err)
		}
		l[task.ID] = task
	}
	s.lists[runID] = l
	return l, nil
}

// task returns the task id names, as read.
func (s *taskStates) task(ctx context.Context, id string) (*tallyfy.Task, error) {
	if s.run != "" {
		l, err := s.list(ctx, s.run)
		if err != nil {
			return nil, err
		}
		if t, ok := l[id]; ok {
			return t, nil
		}
		return nil, resource("task", id, fmt.Errorf("%w: no task %s in process %s (check --run)", tallyfy.ErrNotFound, id, s.run))
	}
	for _, l := range s.lists {
		if t, ok := l[id]; ok {
			return t, nil
		}
	}
	t, err := s.c.GetTask(ctx, id, nil)
	if err != nil {
		return nil, resource("task", id, err)
	}
	if t.RunID != nil && *t.RunID != "" && !t.IsOneoffTask {
		if _, err := s.list(ctx, *t.RunID); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// distinctIDs refuses an id given twice: both would be checked against the
// same read, and the second write would repeat the first (a completion's
// events firing twice).
func distinctIDs(ids []string) error {
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return usageErr("task %s is given twice; nothing was sent", id)
		}
		seen[id] = true
	}
	return nil
}

// taskItem is one id of a bulk task command: its task as read, or why not.
type taskItem struct {
	id   string
	task *tallyfy.Task
	err  error
}

// readTasks reads every id's task before anything is sent, in order.
func (a *app) readTasks(ctx context.Context, c *tallyfy.Client, run string, ids []string) []taskItem {
	states := newTaskStates(c, run)
	items := make([]taskItem, len(ids))
	for i, id := range ids {
		rctx, cancel := a.itemContext(ctx)
		t, err := states.task(rctx, id)
		cancel()
		items[i] = taskItem{id: id, task: t, err: err}
	}
	return items
}

// bulkTasks runs write for every id whose read succeeded, --parallel at a
// time, and prints the tasks written (table: one line each; json: a list).
func bulkTasks[T any](ctx context.Context, a *app, in input, o *bulkOptions, items []taskItem, verb string,
	write func(ctx context.Context, it taskItem) (*T, error), line func(*T) string) error {
	outcome := &bulkOutcome{a: a}
	for _, it := range items {
		if it.err != nil {
			outcome.failed("task "+it.id, it.err)
		}
	}
	var todo []taskItem
	for _, it := range items {
		if it.err == nil {
			todo = append(todo, it)
		}
	}
	if a.dryRun && len(todo) > 0 {
		// Every id was read and checked; the first one's request is shown.
		_, err := write(ctx, todo[0])
		return err
	}
	bar := newBulkProgress(a.stderr, len(todo), verb)
	written := make([]*T, len(todo))
	each(ctx, len(todo), o.parallel, func(ctx context.Context, i int) {
		defer bar.step()
		it := todo[i]
		if ctx.Err() != nil {
			outcome.failed("task "+it.id, fmt.Errorf("not sent: %w", context.Cause(ctx)))
			return
		}
		wctx, cancel := a.itemContext(ctx)
		defer cancel()
		v, err := write(wctx, it)
		if err != nil {
			outcome.failed("task "+it.id, err)
			return
		}
		written[i] = v
		outcome.ok()
	})
	var ok []*T
	for _, v := range written {
		if v != nil {
			ok = append(ok, v)
		}
	}
	if in.format == "json" {
		if ok == nil {
			ok = []*T{}
		}
		if err := writeJSON(a.stdout, ok); err != nil {
			return err
		}
	} else {
		for _, v := range ok {
			fmt.Fprintln(a.stdout, line(v))
		}
	}
	return outcome.end(verb, "tasks")
}

func taskLine(t *tallyfy.Task) string {
	return t.ID + "  " + t.Status + "  " + truncate(t.Title, 60)
}

func tasksCompleteBulk(ctx context.Context, a *app, in input, o *tasksCompleteOptions, opts *tallyfy.CompleteTaskOptions) error {
	if err := distinctIDs(in.args); err != nil {
		return err
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	items := a.readTasks(ctx, c, o.run, in.args)
	return bulkTasks(ctx, a, in, &o.bulkOptions, items, "completed", func(ctx context.Context, it taskItem) (*tallyfy.Task, error) {
		t, err := c.CompleteTaskAsRead(ctx, it.task, opts)
		if errors.Is(err, tallyfy.ErrAlreadyCompleted) {
			return nil, withHint(resource("task", it.id, err), "tallyfy tasks reopen %s%s", it.id, o.flag())
		}
		return t, withHint(resource("task", it.id, err), "tallyfy tasks get %s", it.id)
	}, taskLine)
}

func tasksReopenBulk(ctx context.Context, a *app, in input, o *tasksReopenOptions) error {
	if err := distinctIDs(in.args); err != nil {
		return err
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	items := a.readTasks(ctx, c, o.run, in.args)
	return bulkTasks(ctx, a, in, &o.bulkOptions, items, "reopened", func(ctx context.Context, it taskItem) (*tallyfy.Task, error) {
		t, err := c.ReopenTaskAsRead(ctx, it.task)
		return t, withHint(resource("task", it.id, err), "tallyfy tasks get %s", it.id)
	}, taskLine)
}

// tasksReassignBulk resolves the people named once, then replaces each
// task's owners with them. With --run nothing else is read; without, each
// process's task list is read once to learn which process each task is in
// (its path).
func tasksReassignBulk(ctx context.Context, a *app, in input, o *tasksReassignOptions) error {
	if err := distinctIDs(in.args); err != nil {
		return err
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	rctx, cancel := a.itemContext(ctx)
	owners, err := c.ResolvePeople(rctx, o.to)
	cancel()
	if err != nil {
		return err
	}
	var items []taskItem
	if o.run != "" {
		for _, id := range in.args {
			items = append(items, taskItem{id: id})
		}
	} else {
		items = a.readTasks(ctx, c, "", in.args)
	}
	return bulkTasks(ctx, a, in, &o.bulkOptions, items, "reassigned", func(ctx context.Context, it taskItem) (*tallyfy.Task, error) {
		runID := o.run
		if it.task != nil && it.task.RunID != nil && !it.task.IsOneoffTask {
			runID = *it.task.RunID
		}
		owned := owners
		t, err := c.UpdateTask(ctx, runID, it.id, tallyfy.UpdateTaskRequest{Owners: &owned})
		return t, withHint(resource("task", it.id, err), "tallyfy tasks get %s", it.id)
	}, taskLine)
}

func tasksCommentBulk(ctx context.Context, a *app, in input, o *tasksCommentOptions) error {
	if err := distinctIDs(in.args); err != nil {
		return err
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	items := make([]taskItem, len(in.args))
	for i, id := range in.args {
		items[i] = taskItem{id: id}
	}
	return bulkTasks(ctx, a, in, &o.bulkOptions, items, "commented on", func(ctx context.Context, it taskItem) (*tallyfy.Comment, error) {
		cm, err := c.CommentOnTask(ctx, it.id, tallyfy.CommentRequest{
			Content: o.text, Visibility: visibilities[o.visibility], Label: tallyfy.CommentLabel(o.label),
		})
		return cm, withHint(resource("task", it.id, err), "tallyfy tasks get %s --with threads", it.id)
	}, func(cm *tallyfy.Comment) string { return fmt.Sprintf("%d  %s", cm.ID, truncate(deref(cm.Content), 60)) })
}

// argsFit reports whether n positional arguments fit c: as many as it
// names, or, when its last one ends in "..." (TASK_ID...), at least as many.
func (c *command) argsFit(n int) bool {
	if len(c.args) > 0 && strings.HasSuffix(c.args[len(c.args)-1], "...") {
		return n >= len(c.args)
	}
	return n == len(c.args)
}
