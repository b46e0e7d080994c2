#!/usr/bin/env bash
# duban beside Taskwarrior 2.6 on the same office, as a new user would run both from a shell.
#
#   bench/compare.sh [--sizes 10000,100000,1000000] [--runs 5] [--seed 2026] [--duban PATH]
#
# Builds duban (`cargo build --release --locked`, into $CARGO_TARGET_DIR or target/), then for each
# size N: generates the sample office (`duban demo --items N --seed S`) and imports the same items
# into a throwaway Taskwarrior (titles as descriptions, lead departments as projects, deadlines as
# due dates, statuses mapped), and times the same commands on both, duban's run then Taskwarrior's,
# --runs times. Prints one Markdown table per size: medians, and duban's median over Taskwarrior's.
# Needs bash, cargo, GNU time (/usr/bin/time), and jq or python3; Taskwarrior 2.6 (`task`) for its
# side, which is skipped when it is missing. It installs nothing, and never touches your own duban
# office or Taskwarrior data: everything lives in a temporary folder, removed at the end.
set -euo pipefail

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    cat <<'EOF'

Options:
  --sizes LIST   comma-separated item counts (default 10000,100000,1000000)
  --runs K       paired runs per size (default 5); each run generates and imports afresh
  --seed S       the sample office's seed (default 2026)
  --duban PATH   use this duban binary instead of building one
  -h, --help     this text
EOF
}

sizes="10000,100000,1000000"
runs=5
seed=2026
duban_bin=""
while (($#)); do
    case "$1" in
    --sizes) sizes="${2:?--sizes needs a list}"; shift 2 ;;
    --sizes=*) sizes="${1#*=}"; shift ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --runs=*) runs="${1#*=}"; shift ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --seed=*) seed="${1#*=}"; shift ;;
    --duban) duban_bin="${2:?--duban needs a path}"; shift 2 ;;
    --duban=*) duban_bin="${1#*=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "compare.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --runs must be a positive number" >&2; exit 2; }
[[ "$seed" =~ ^[0-9]+$ ]] || { echo "compare.sh: --seed must be a number" >&2; exit 2; }
IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: not a size: '$n'" >&2; exit 2; }
done

say() { printf '%s\n' "$*" >&2; }
die() { say "compare.sh: $*"; exit 1; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# ---- what it needs ---------------------------------------------------------------------------
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed for peak memory: apt-get install -y time"
if command -v jq >/dev/null; then
    converter=jq
elif command -v python3 >/dev/null; then
    converter=python3
else
    die "jq or python3 is needed to turn duban's items into Taskwarrior's JSON: apt-get install -y jq"
fi
have_task=0
task_version="not installed"
if command -v task >/dev/null; then
    task_version="$(task --version 2>/dev/null || true)"
    if [[ "$task_version" == 2.6* ]]; then
        have_task=1
    else
        say "Taskwarrior $task_version found; this comparison is written for 2.6: its side is skipped."
    fi
else
    say "Taskwarrior (task) is not installed: its side is skipped and the ratio column shows —."
    say "To compare with it, install Taskwarrior 2.6 first, e.g. on Debian or Ubuntu:"
    say "    sudo apt-get install -y taskwarrior"
fi

# ---- duban, release build ----------------------------------------------------------------------
if [[ -z "$duban_bin" ]]; then
    command -v cargo >/dev/null || die "cargo is needed to build duban (https://rustup.rs), or pass --duban PATH"
    say "building duban: cargo build --release --locked"
    (cd "$repo" && cargo build --release --locked) >&2
    target="${CARGO_TARGET_DIR:-target}"
    [[ "$target" == /* ]] || target="$repo/$target" # cargo ran in $repo
    duban_bin="$target/release/duban"
fi
[[ -x "$duban_bin" ]] || die "no duban binary at $duban_bin"
duban_bin="$(cd "$(dirname "$duban_bin")" && pwd)/$(basename "$duban_bin")"
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ "$commit" != unknown && -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit (with uncommitted changes)"
fi

# ---- a throwaway place for both ----------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/duban-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Both programs see the same day: Taskwarrior's clock in UTC, duban's "today" fixed to that day.
export TZ=UTC
today="$(date +%F)"
export DUBAN_TODAY="$today" DUBAN_ACTOR=compare LANG="${LANG:-C.UTF-8}"
: >"$work/config.toml"
export DUBAN_CONFIG="$work/config.toml"
unset DUBAN_DB DUBAN_NOW
export TASKRC="$work/taskrc" TASKDATA="$work/taskdata"
# gc on: completed and deleted tasks are moved out of pending.data and IDs rebuilt, as by default.
cat >"$TASKRC" <<EOF
data.location=$TASKDATA
confirmation=off
verbose=nothing
hooks=off
gc=on
recurrence=off
color=off
defaultwidth=160
defaultheight=48
uda.dubanno.type=string
uda.dubanno.label=duban
uda.deadline.type=date
news.version=$task_version
EOF

# ---- one helper times every command: wall time (date +%s%N) and peak RSS (/usr/bin/time) ---------
# record SIZE SIDE ROW -- COMMAND...: runs COMMAND (output to $work/out), appends "µs KB" to the row.
record() {
    local n=$1 side=$2 row=${3//[^a-z]/_}
    shift 4
    local t0 t1 rc=0
    t0=$(date +%s%N)
    /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/out" 2>"$work/err" || rc=$?
    t1=$(date +%s%N)
    # Taskwarrior exits 1 when a filter matches nothing; anything else is a failure.
    if ((rc != 0)) && ! [[ $side == task && $rc == 1 ]]; then
        cat "$work/err" >&2
        die "$side, $row (N=$n) failed with exit $rc: $*"
    fi
    mkdir -p "$work/res/$n/$side"
    printf '%s %s\n' "$(((t1 - t0) / 1000))" "$(tail -n 1 "$work/rss")" >>"$work/res/$n/$side/$row"
}

# median of column COL (1 = µs, 2 = KB) of a result file; empty when it does not exist
median() {
    [[ -f "$1" ]] || return 0
    awk -v c="$2" '{print $c}' "$1" | sort -n | awk '{v[NR]=$1} END {
        if (NR == 0) exit; if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'
}

fmt_time() { # µs
    [[ -n "$1" ]] || { printf '—'; return; }
    awk -v u="$1" 'BEGIN { ms = u / 1000;
        if (ms >= 10000) printf "%.1f s", ms / 1000; else if (ms >= 1000) printf "%.2f s", ms / 1000;
        else if (ms >= 100) printf "%.0f ms", ms; else if (ms >= 10) printf "%.1f ms", ms;
        else printf "%.2f ms", ms }'
}
fmt_mem() { # KB
    [[ -n "$1" ]] || { printf '—'; return; }
    awk -v k="$1" 'BEGIN { mb = k / 1024; if (mb >= 1024) printf "%.2f GB", mb / 1024; else printf "%.0f MB", mb }'
}
fmt_ratio() {
    [[ -n "$1" && -n "$2" ]] || { printf '—'; return; }
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) { printf "—"; exit } r = a / b;
        if (r >= 10) printf "%.0f×", r; else if (r >= 1) printf "%.1f×", r;
        else if (r >= 0.1) printf "%.2f×", r; else printf "%.3f×", r }'
}
group() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

# ---- duban's items as Taskwarrior's JSON ---------------------------------------------------------
# Title -> description, lead department -> project, deadline -> due at the end of that day (so that
# +OVERDUE means what duban's --overdue means: open and the deadline day gone), registered_on ->
# entry, duban's number -> the UDA dubanno, duban's status -> a tag. Open statuses are pending;
# completed and closed are completed (ended the day they were); cancelled is deleted. duban stops
# the clock of an item suspended or awaiting review (its report is in), so it is never overdue:
# pending in Taskwarrior, its deadline kept in the UDA `deadline` instead of `due`.
to_taskwarrior() { # IN OUT
    if [[ $converter == jq ]]; then
        jq -c --arg today "$today" '
          def day: gsub("-"; "") + "T000000Z";
          def endday: gsub("-"; "") + "T235959Z";
          [ .[] | .status as $s |
            { description: .title, project: .lead_department, dubanno: .number, tags: [$s],
              entry: ((.registered_on // $today) | day) }
            + (if $s == "completed" or $s == "closed" then
                 { status: "completed", end: ((.closed_on // .completed_on // $today) | day) }
               elif $s == "cancelled" then { status: "deleted", end: ($today | day) }
               else { status: "pending" } end)
            + (if .deadline == null then {}
               elif $s == "suspended" or $s == "awaiting_review" then { deadline: (.deadline | endday) }
               else { due: (.deadline | endday) } end) ]' "$1" >"$2"
    else
        python3 - "$1" "$2" "$today" <<'PY'
import json, sys
src, dst, today = sys.argv[1:4]
day = lambda d: d.replace("-", "") + "T000000Z"
endday = lambda d: d.replace("-", "") + "T235959Z"
out = []
for it in json.load(open(src, encoding="utf-8")):
    s = it["status"]
    t = {"description": it["title"], "project": it["lead_department"], "dubanno": it["number"],
         "tags": [s], "entry": day(it.get("registered_on") or today)}
    if s in ("completed", "closed"):
        t.update(status="completed", end=day(it.get("closed_on") or it.get("completed_on") or today))
    elif s == "cancelled":
        t.update(status="deleted", end=day(today))
    else:
        t["status"] = "pending"
    if it.get("deadline"):
        t["deadline" if s in ("suspended", "awaiting_review") else "due"] = endday(it["deadline"])
    out.append(t)
json.dump(out, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
PY
    fi
}

json_length() {
    if [[ $converter == jq ]]; then
        jq length "$1"
    else
        python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))))' "$1"
    fi
}

duban() { "$duban_bin" "$@"; }
rows=("generate / import" "count overdue" "list overdue" "add" "done" "undo" "first screen")
declare -A duban_cmd_text=(
    ["generate / import"]="demo --items N --seed $seed"
    ["count overdue"]="list --overdue --format csv"
    ["list overdue"]="list --overdue"
    ["add"]="add --title … --lead … --due …"
    ["done"]="approve NUMBER"
    ["undo"]="undo"
    ["first screen"]="snapshot (160×48)"
)
declare -A task_cmd_text=(
    ["generate / import"]="import FILE.json"
    ["count overdue"]="+OVERDUE count"
    ["list overdue"]="+OVERDUE list"
    ["add"]="add … project:… due:…"
    ["done"]="ID done"
    ["undo"]="undo"
    ["first screen"]="next (160×48)"
)

# ---- a baseline: add into an office of one item, to show what "not reading its data" costs ---------
baseline() {
    local i
    duban --db "$work/one.db" demo --items 1 --seed "$seed" >/dev/null
    if ((have_task)); then
        mkdir -p "$TASKDATA"
        task add "一项" project:市政府办公室
    fi
    for ((i = 1; i <= runs; i++)); do
        record 0 duban add -- "$duban_bin" --db "$work/one.db" add --title "新增 $i" --lead 市政府办公室
        if ((have_task)); then
            record 0 task add -- task add "新增 $i" project:市政府办公室
        fi
    done
    rm -rf "$work/one.db" "$work/one.db"-* "$TASKDATA"
}

# ---- one size ------------------------------------------------------------------------------------
run_size() {
    local n=$1 run db="$work/office.db" json="$work/items.json" tw="$work/tasks.json"
    local due number id got overdue_d overdue_t
    due="$(date -d "$today + 30 days" +%F)"
    for ((run = 1; run <= runs; run++)); do
        say "N=$(group "$n"): run $run of $runs"
        rm -rf "$db" "$db"-* "$TASKDATA"
        mkdir -p "$TASKDATA"
        # generate / import
        record "$n" duban "generate / import" -- "$duban_bin" --db "$db" demo --items "$n" --seed "$seed"
        if ((have_task)) && [[ ! -f "$tw" ]]; then
            duban --db "$db" list --all --format json >"$json"
            got="$(json_length "$json")"
            ((got == n)) || die "duban's office holds $got items, not $n"
            to_taskwarrior "$json" "$tw"
            rm -f "$json"
        fi
        if ((have_task)); then
            record "$n" task "generate / import" -- task import "$tw"
            # The work is there: every item imported (count includes completed and deleted tasks).
            got="$(task count)"
            ((got == n)) || die "Taskwarrior holds $got tasks after the import, not $n"
        fi
        # One untimed command on each side first: Taskwarrior's is the `task count` above (its
        # import already files completed and deleted tasks in completed.data, so the first command
        # after it costs what the next ones do); duban's is an add, so that both sides' timed
        # commands find a file already opened once (before 3f558ff that first write after `demo`
        # also checked every page: the stamp `demo` left did not match the file).
        duban --db "$db" add --title "对比测试预备事项" --lead 市政府办公室 >/dev/null
        # count overdue, and check both count the same items
        record "$n" duban "count overdue" -- "$duban_bin" --db "$db" list --overdue --format csv
        overdue_d=$(($(wc -l <"$work/out") - 1))
        overdue_t=-
        if ((have_task)); then
            record "$n" task "count overdue" -- task +OVERDUE count
            overdue_t="$(tr -d '[:space:]' <"$work/out")"
        fi
        if ((run == 1)); then
            echo "$overdue_d $overdue_t" >"$work/res/$n/checks"
            if [[ $overdue_t != - && $overdue_t != "$overdue_d" ]]; then
                say "warning: duban counts $overdue_d overdue items, Taskwarrior $overdue_t"
            fi
        fi
        # list overdue
        record "$n" duban "list overdue" -- "$duban_bin" --db "$db" list --overdue
        if ((have_task)); then
            record "$n" task "list overdue" -- task +OVERDUE list
        fi
        # add
        record "$n" duban add -- "$duban_bin" --db "$db" add --title "对比测试新增事项 $run" \
            --lead 市政府办公室 --due "$due"
        if ((have_task)); then
            record "$n" task add -- task add "对比测试新增事项 $run" project:市政府办公室 due:"$due"
        fi
        # done: the first item awaiting review approved (completed) in duban, the same item's task
        # marked done in Taskwarrior (by its ID, as a user types it)
        number="$(duban --db "$db" list --status awaiting_review --format csv | sed -n '2s/,.*//p')"
        [[ -n "$number" ]] || die "no item awaiting review in the office of $n items"
        record "$n" duban "done" -- "$duban_bin" --db "$db" approve "$number"
        if ((have_task)); then
            id="$(task dubanno:"$number" status:pending ids)"
            [[ "$id" =~ ^[0-9]+$ ]] || die "no pending task for duban's item $number (got '$id')"
            record "$n" task "done" -- task "$id" "done"
            # read from the file, so that no other command tidies up before the undo
            grep -q "dubanno:\"$number\".*status:\"completed\"" "$TASKDATA/pending.data" \
                || die "task $id ($number) was not marked done"
        fi
        # undo (takes back the done)
        record "$n" duban undo -- "$duban_bin" --db "$db" undo
        if ((have_task)); then
            record "$n" task undo -- task undo
            [[ "$(task dubanno:"$number" status:pending count)" == 1 ]] || die "task $id ($number) was not undone"
        fi
        # first screen
        record "$n" duban "first screen" -- "$duban_bin" --db "$db" snapshot --width 160 --height 48
        if ((have_task)); then
            record "$n" task "first screen" -- task next
        fi
    done
    rm -rf "$db" "$db"-* "$TASKDATA" "$tw"
}

print_table() {
    local n=$1 row d t dm tm checks
    printf '\n### %s items\n\n' "$(group "$n")"
    printf '| row | duban | Taskwarrior | duban / Taskwarrior |\n|---|---|---|---|\n'
    for row in "${rows[@]}"; do
        d="$(median "$work/res/$n/duban/${row//[^a-z]/_}" 1)"
        t="$(median "$work/res/$n/task/${row//[^a-z]/_}" 1)"
        # shellcheck disable=SC2016 # backticks are Markdown
        printf '| %s (`%s` / `%s`) | %s | %s | %s |\n' "$row" "${duban_cmd_text[$row]}" \
            "${task_cmd_text[$row]}" "$(fmt_time "$d")" "$(fmt_time "$t")" "$(fmt_ratio "$d" "$t")"
    done
    for row in "${rows[@]}"; do
        dm="$(median "$work/res/$n/duban/${row//[^a-z]/_}" 2)"
        tm="$(median "$work/res/$n/task/${row//[^a-z]/_}" 2)"
        printf '| peak memory: %s | %s | %s | %s |\n' "$row" "$(fmt_mem "$dm")" "$(fmt_mem "$tm")" \
            "$(fmt_ratio "$dm" "$tm")"
    done
    read -r -a checks <"$work/res/$n/checks"
    printf '\nMedians of %d paired runs (duban, then Taskwarrior). Overdue items counted: duban %s' \
        "$runs" "$(group "${checks[0]}")"
    if [[ ${checks[1]} == - ]]; then
        printf ' (CSV lines less the header).'
    else
        printf ' (CSV lines less the header), Taskwarrior %s.' "$(group "${checks[1]}")"
    fi
    if ((have_task)); then
        printf ' Taskwarrior held all %s tasks after each import.' "$(group "$n")"
    fi
    printf '\n'
}

# ---- warn before the big one ---------------------------------------------------------------------
for n in "${size_list[@]}"; do
    if ((n >= 1000000)); then
        mem_gb=$(awk '/MemAvailable/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
        say ""
        say "WARNING: $(group "$n") items. Each of the $runs runs generates duban's office afresh (90 to"
        say "  150 s and under 200 MB on a 2-core machine) and imports it into Taskwarrior (about 50 s"
        say "  and 7 GB), then times each command; expect over $((runs * 3)) minutes for this size,"
        say "  about 10 GB of free disk in ${TMPDIR:-/tmp}, and at least 8 GB of free memory"
        say "  (${mem_gb} GB available now). Pick fewer with --sizes 10000,100000 or --runs 1."
        if [[ -t 0 ]]; then
            say "  Starting in 10 s; Ctrl-C to stop."
            sleep 10
        fi
        say ""
        break
    fi
done

started="$(date -u '+%Y-%m-%d %H:%M UTC')"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
baseline
for n in "${size_list[@]}"; do
    run_size "$n"
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the report ------------------------------------------------------------------------------------
cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
ram="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
printf '## duban beside Taskwarrior\n\n'
printf -- '- date: %s (today for both: %s)\n' "$started" "$today"
# shellcheck disable=SC2016 # backticks are Markdown
printf -- '- machine: %s cores (`nproc`), %s, %s RAM, Linux %s; load average %s before, %s after\n' \
    "$(nproc)" "${cpu:-unknown CPU}" "$ram" "$(uname -r)" "$load_before" "$load_after"
printf -- '- duban: commit %s, %s\n' "$commit" "$("$duban_bin" --version)"
printf -- '- Taskwarrior: %s\n' "$task_version"
printf -- '- seed %s, %d paired runs per size; items converted with %s\n' "$seed" "$runs" "$converter"
printf -- '- add into an office of one item (a command that has almost nothing to read): duban %s, Taskwarrior %s\n' \
    "$(fmt_time "$(median "$work/res/0/duban/add" 1)")" "$(fmt_time "$(median "$work/res/0/task/add" 1)")"
for n in "${size_list[@]}"; do
    print_table "$n"
done
