//! End-to-end tests of the lifecycle moves (`assign` … `cancel`), extensions (`extend`,
//! `extension`) and milestones (`milestone`), against temporary databases with "today" fixed.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests;
// here a failing helper is a failing test, which is what unwrap and panic are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;

use common::*;

// ---------------------------------------------------------------------------------------------
// The lifecycle

#[test]
fn the_lifecycle_from_registration_to_closing() {
    let o = Office::new();
    let n = o.add("整治背街小巷", &["--due", "2026-12-31"]);
    let steps: [(&[&str], &str, &str); 7] = [
        (&["assign", &n], "assigned", "2026-11-25"),
        (&["start", &n], "in_progress", "2026-11-26"),
        (
            &["submit", &n, "--text", "已全部整治完毕", "--by", "张三"],
            "awaiting_review",
            "2026-11-27",
        ),
        (
            &["return", &n, "--reason", "缺少验收材料"],
            "in_progress",
            "2026-11-30",
        ),
        (
            &["submit", &n, "--text", "已补齐验收材料"],
            "awaiting_review",
            "2026-12-01",
        ),
        (&["approve", &n], "completed", "2026-12-02"),
        (&["close", &n], "closed", "2026-12-03"),
    ];
    for (args, want, today) in steps {
        let out = o.run_on(today, args);
        assert_eq!(out, format!("{n}: {want}\n"), "{args:?}");
        assert_eq!(status(&o, &n), want, "{args:?}");
    }
    let d = o.show(&n);
    assert_eq!(d["assigned_on"], "2026-11-25");
    assert_eq!(d["completed_on"], "2026-12-02");
    assert_eq!(d["closed_on"], "2026-12-03");
    // Each submission recorded its completion report, newest first.
    let feedback = d["feedback"].as_array().unwrap();
    assert_eq!(feedback.len(), 2, "{feedback:?}");
    assert!(feedback.iter().all(|f| f["kind"] == "completion"));
    assert_eq!(feedback[1]["text"], "已全部整治完毕");
    assert_eq!(feedback[1]["reporter"], "张三");
    assert_eq!(feedback[1]["percent"], 100);
    assert_eq!(feedback[1]["on_date"], "2026-11-27");
    assert_eq!(feedback[0]["text"], "已补齐验收材料");
    assert_eq!(
        event_kinds(&d),
        [
            "item_registered",
            "status_changed",
            "status_changed",
            "status_changed",
            "feedback_added",
            "status_changed",
            "status_changed",
            "feedback_added",
            "status_changed",
            "status_changed",
        ]
    );
    // Each move names its from, to and reason.
    let events = d["events"].as_array().unwrap();
    let ret = &events[5];
    assert_eq!(ret["data"]["move"], "return");
    assert_eq!(ret["data"]["from"], "awaiting_review");
    assert_eq!(ret["data"]["to"], "in_progress");
    assert_eq!(ret["data"]["reason"], "缺少验收材料");
    assert_eq!(ret["on_date"], "2026-11-30");
    let actor = o.actor();
    assert!(events.iter().all(|e| e["actor"] == actor.as_str()));
    // Closed is the end.
    let line = o.refuse(&["assign", &n], "closed");
    assert!(line.contains("none"), "{line}");
}

#[test]
fn an_illegal_move_is_refused_naming_status_and_allowed_moves() {
    let o = office_with_item();
    let line = o.refuse(&["approve", "2026-001"], "registered");
    assert!(line.contains("assign, suspend, cancel"), "{line}");
    assert_eq!(status(&o, "2026-001"), "registered");
    // A completion report on an item not in progress records neither the move nor the report.
    let line = o.refuse(&["submit", "2026-001", "--text", "已办结"], "cannot submit");
    assert!(line.contains("registered"), "{line}");
    assert!(
        o.show("2026-001")["feedback"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    o.run(&["assign", "2026-001"]);
    let line = o.refuse(&["close", "2026-001"], "assigned");
    assert!(line.contains("start, suspend, cancel"), "{line}");
    let line = o.refuse(&["resume", "2026-001"], "assigned");
    assert!(line.contains("cannot resume"), "{line}");
    assert_eq!(status(&o, "2026-001"), "assigned");
}

#[test]
fn return_suspend_and_cancel_need_a_reason() {
    let o = office_with_item();
    for mv in ["assign", "start"] {
        o.run(&[mv, "2026-001"]);
    }
    o.run(&["submit", "2026-001", "--text", "已办结"]);
    for mv in ["return", "suspend", "cancel"] {
        for reason in ["", "   "] {
            let line = o.refuse(&[mv, "2026-001", "--reason", reason], "reason");
            assert!(line.contains("must not be empty"), "{mv}: {line}");
        }
        // Without --reason at all the argument parser refuses (usage text, exit code 2).
        let before = o.state();
        let out = o.cmd_on(TODAY).args([mv, "2026-001"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{mv}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--reason"));
        assert_eq!(o.state(), before);
    }
    assert_eq!(status(&o, "2026-001"), "awaiting_review");
    // With a reason each works, and the reason is recorded.
    o.run(&["suspend", "2026-001", "--reason", "等待上级批复"]);
    let d = o.show("2026-001");
    assert_eq!(d["status"], "suspended");
    assert_eq!(d["suspended_from"], "awaiting_review");
    assert_eq!(
        d["events"].as_array().unwrap().last().unwrap()["data"]["reason"],
        "等待上级批复"
    );
    o.run(&["resume", "2026-001"]);
    assert_eq!(status(&o, "2026-001"), "awaiting_review");
    o.run(&["cancel", "2026-001", "--reason", "重复立项"]);
    assert_eq!(status(&o, "2026-001"), "cancelled");
}

// ---------------------------------------------------------------------------------------------
// Extensions

#[test]
fn an_approved_extension_moves_the_deadline_and_keeps_the_original() {
    let o = Office::new();
    let n = o.add("延期事项", &["--due", "2026-11-30"]);
    // `+5wd` counts from the current deadline (Monday 11-30), not from today.
    let out = o.run(&["extend", &n, "--to", "+5wd", "--reason", "需协调用地"]);
    assert_eq!(out, format!("{n}: extension to 2026-12-07 requested\n"));
    // A request alone does not move the deadline, and a second one waits for the first.
    let d = o.show(&n);
    assert_eq!(d["deadline"], "2026-11-30");
    assert_eq!(d["extensions"][0]["decision"], "pending");
    o.refuse(
        &["extend", &n, "--to", "2026-12-20", "--reason", "再延"],
        "waiting for a decision",
    );
    assert_eq!(
        o.run(&["extension", &n, "approve"]),
        format!("{n}: extension approved\n")
    );
    let d = o.show(&n);
    assert_eq!(d["deadline"], "2026-12-07");
    assert_eq!(d["original_deadline"], "2026-11-30");
    let ext = &d["extensions"][0];
    assert_eq!(ext["old_deadline"], "2026-11-30");
    assert_eq!(ext["new_deadline"], "2026-12-07");
    assert_eq!(ext["reason"], "需协调用地");
    assert_eq!(ext["decision"], "approved");
    assert_eq!(ext["decided_on"], TODAY);
    assert_eq!(ext["requested_on"], TODAY);
    let kinds = event_kinds(&d);
    assert_eq!(
        kinds,
        [
            "item_registered",
            "extension_requested",
            "extension_decided"
        ]
    );
    let decided = d["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(decided["data"]["before"]["deadline"], "2026-11-30");
    assert_eq!(decided["data"]["after"]["deadline"], "2026-12-07");
    // Nothing left to decide.
    o.refuse(&["extension", &n, "approve"], "no extension request");
}

#[test]
fn an_extension_on_or_after_the_deadline_is_refused() {
    let o = Office::new();
    let n = o.add("今日到期", &["--due", TODAY]);
    // On the deadline day the item is not late yet: the refusal says it is the deadline day.
    let line = o.refuse(
        &["extend", &n, "--to", "+5wd", "--reason", "来不及"],
        "today is the deadline day",
    );
    assert!(line.contains(TODAY), "{line}");
    assert!(!line.contains("already late"), "{line}");
    // The day after, too.
    let m = o.add("明日到期", &["--due", "2026-11-26"]);
    let before = o.state();
    refused(
        o.cmd_on("2026-11-27")
            .args(["extend", &m, "--to", "2026-12-10", "--reason", "来不及"]),
        "already late",
    );
    assert_eq!(o.state(), before);
    // A new deadline that is not later than the current one is refused as well.
    o.refuse(
        &["extend", &m, "--to", "2026-11-26", "--reason", "x"],
        "must be after the current deadline",
    );
    assert!(o.show(&n)["extensions"].as_array().unwrap().is_empty());
}

#[test]
fn a_rejected_extension_leaves_the_deadline() {
    let o = Office::new();
    let n = o.add("驳回延期", &["--due", "2026-11-30"]);
    o.run(&["extend", &n, "--to", "2026-12-15", "--reason", "人手不足"]);
    assert_eq!(
        o.run(&["extension", &n, "reject"]),
        format!("{n}: extension rejected\n")
    );
    let d = o.show(&n);
    assert_eq!(d["deadline"], "2026-11-30");
    assert_eq!(d["original_deadline"], "2026-11-30");
    assert_eq!(d["extensions"][0]["decision"], "rejected");
    assert_eq!(d["version"], 2);
    // A new request may follow a decided one.
    o.run(&["extend", &n, "--to", "2026-12-04", "--reason", "再议"]);
    assert_eq!(o.show(&n)["extensions"].as_array().unwrap().len(), 2);
}

#[test]
fn a_pending_extension_of_a_cancelled_item_cannot_be_decided() {
    let office = Office::new();
    let n = office.add("事项", &["--due", "+10wd"]);
    office.run(&["extend", &n, "--to", "+20wd", "--reason", "需要协调"]);
    office.run(&["cancel", &n, "--reason", "撤销"]);
    let line = refused(
        office.cmd_on(TODAY).args(["extension", &n, "approve"]),
        "cancelled",
    );
    assert!(line.contains("only an open, running item"), "{line}");
}

#[test]
fn extend_counts_working_days_from_the_current_deadline() {
    let o = Office::new();
    let n = o.add("延期", &["--due", "2026-12-10"]);
    let out = o.run(&["extend", &n, "--to", "+5wd", "--reason", "需协调"]);
    assert_eq!(out, format!("{n}: extension to 2026-12-17 requested\n"));
}

// ---------------------------------------------------------------------------------------------
// Milestones

#[test]
fn milestones_are_added_and_marked_done() {
    let o = Office::new();
    let n = o.add(
        "分阶段推进",
        &["--cadence", "staged", "--due", "2026-12-31"],
    );
    assert_eq!(
        o.run(&[
            "milestone",
            &n,
            "--title",
            "完成方案",
            "--due",
            "2026-12-01"
        ]),
        format!("{n}: milestone 1 due 2026-12-01\n")
    );
    assert_eq!(
        o.run(&["milestone", &n, "--title", "完成施工", "--due", "+10wd"]),
        format!("{n}: milestone 2 due 2026-12-09\n")
    );
    assert_eq!(o.show(&n)["next_milestone_due"], "2026-12-01");
    assert_eq!(
        o.run_on("2026-11-30", &["milestone", &n, "--done", "1"]),
        format!("{n}: milestone 1 done\n")
    );
    let d = o.show(&n);
    let ms = d["milestones"].as_array().unwrap();
    assert_eq!(ms.len(), 2);
    assert_eq!(ms[0]["title"], "完成方案");
    assert_eq!(ms[0]["done_on"], "2026-11-30");
    assert_eq!(ms[1]["title"], "完成施工");
    assert_eq!(ms[1]["due_on"], "2026-12-09");
    assert_eq!(ms[1]["done_on"], Value::Null);
    assert_eq!(d["next_milestone_due"], "2026-12-09");
    assert_eq!(
        event_kinds(&d),
        [
            "item_registered",
            "milestone_added",
            "milestone_added",
            "milestone_done"
        ]
    );
    o.refuse(&["milestone", &n, "--done", "3"], "milestone 3");
}

#[test]
fn a_milestone_may_not_be_due_before_registration() {
    let o = office_with_item();
    let line = o.refuse(
        &[
            "milestone",
            "2026-001",
            "--title",
            "方案",
            "--due",
            "2026-11-20",
        ],
        "due",
    );
    assert!(line.contains("registration"), "{line}");
    o.run_on(
        "2026-11-26",
        &[
            "milestone",
            "2026-001",
            "--title",
            "方案",
            "--due",
            "2026-11-25",
        ],
    );
}

#[test]
fn a_submission_needs_its_completion_report() {
    let o = office_with_item();
    o.run(&["assign", "2026-001"]);
    o.run(&["start", "2026-001"]);
    // Without the report the command is refused (by the argument parser) and nothing moves.
    let out = o
        .cmd_on(TODAY)
        .args(["submit", "2026-001"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--text"));
    let line = o.refuse(&["submit", "2026-001", "--text", "  "], "text");
    assert!(line.contains("empty"), "{line}");
    assert_eq!(status(&o, "2026-001"), "in_progress");
    o.run(&["submit", "2026-001", "--text", "已全部办结"]);
    assert_eq!(status(&o, "2026-001"), "awaiting_review");
    assert_eq!(o.show("2026-001")["feedback"][0]["kind"], "completion");
}

#[test]
fn a_proposals_three_months_count_from_its_assignment() {
    let o = Office::new();
    let n = o.add_on(
        "2026-09-01",
        "答复关于老旧小区加装电梯的建议",
        &["--source", "proposal"],
    );
    assert_eq!(o.show(&n)["deadline"], "2026-12-01");
    let out = o
        .cmd_on("2026-10-15")
        .args(["assign", &n])
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("2026-12-01 → 2027-01-15"), "{said}");
    assert_eq!(o.show(&n)["deadline"], "2027-01-15");
    // The history says so: the assignment event carries the deadline it set.
    let shown = o.run(&["show", &n]);
    assert!(shown.contains("2027-01-15"), "{shown}");
    // A deadline the clerk typed is the clerk's: assignment keeps it.
    let typed = o.add_on(
        "2026-09-01",
        "答复关于公交线路的提案",
        &["--source", "proposal", "--due", "2026-11-20"],
    );
    o.run_on("2026-10-15", &["assign", &typed]);
    assert_eq!(o.show(&typed)["deadline"], "2026-11-20");
}

#[test]
fn a_year_end_deadline_stays_in_its_year() {
    let o = Office::new();
    // 2028-12-31 is a Sunday: an annual key work's default deadline is Friday 12-29.
    let out = o
        .cmd_on("2028-03-01")
        .args([
            "add",
            "--title",
            "年度重点工作",
            "--lead",
            "发改委",
            "--source",
            "annual",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(o.show(&n)["deadline"], "2028-12-29");
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains("moved back") && said.contains("2028-12-29"),
        "{said}"
    );
    // Any other item's deadline on that Sunday moves on to Monday.
    let other = o.add_on("2028-03-01", "普通事项", &["--due", "2028-12-31"]);
    assert_eq!(o.show(&other)["deadline"], "2029-01-01");
}

#[test]
fn the_department_signs_for_an_assignment_and_starting_implies_it() {
    let o = Office::new();
    let n = o.add("背街小巷整治", &["--due", "2026-12-31"]);
    o.run(&["assign", &n]);
    // An acknowledgement names who signed for it.
    let out = bare()
        .args(["--db", &o.at, "--today", TODAY])
        .args(["acknowledge", &n, "--by", "  "])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--by"));
    assert_eq!(status(&o, &n), "assigned");
    assert_eq!(
        o.run(&["acknowledge", &n, "--by", "住建局 王五"]),
        format!("{n}: acknowledged\n")
    );
    let d = o.show(&n);
    assert_eq!(d["status"], "acknowledged");
    let signed = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["data"]["move"] == "acknowledge")
        .expect("an acknowledgement event");
    assert_eq!(signed["data"]["by"], "住建局 王五");
    // Then work starts; another item goes straight from assigned to in progress.
    o.run(&["start", &n]);
    assert_eq!(status(&o, &n), "in_progress");
    let m = o.add("农贸市场改造", &["--due", "2026-12-31"]);
    o.run(&["assign", &m]);
    o.run(&["start", &m]);
    assert_eq!(status(&o, &m), "in_progress");
}

#[test]
fn an_overdue_item_is_suspended_only_with_a_leaders_approval() {
    let o = Office::new();
    let n = o.add_on(EARLIER, "耕地保护责任", &["--due", "2026-11-20"]);
    o.run_on(EARLIER, &["assign", &n]);
    o.run_on(EARLIER, &["start", &n]);
    let out = o
        .cmd_on(TODAY)
        .args(["suspend", &n, "--reason", "等待省里方案"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("3 working days past its deadline") && said.contains("--approved-by"),
        "{said}"
    );
    assert_eq!(status(&o, &n), "in_progress");
    o.run(&[
        "suspend",
        &n,
        "--reason",
        "等待省里方案",
        "--approved-by",
        "李副市长",
    ]);
    assert_eq!(status(&o, &n), "suspended");
    let shown = o.run(&["show", &n]);
    assert!(shown.contains("approved by 李副市长"), "{shown}");
    // Before its deadline, an item may be suspended without one.
    let m = o.add("农贸市场改造", &["--due", "2026-12-31"]);
    o.run(&["assign", &m]);
    o.run(&["suspend", &m, "--reason", "等待规划调整"]);
    assert_eq!(status(&o, &m), "suspended");
}

#[test]
fn the_offices_limits_on_extensions_refuse_with_a_sentence_and_the_approver_is_recorded() {
    let o = Office::new();
    let config = o.dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[extensions]\nmax_count = 1\nmax_working_days = 8\n",
    )
    .unwrap();
    let with_limits = |args: &[&str]| {
        let mut cmd = o.cmd_on(TODAY);
        cmd.env("DUBAN_CONFIG", &config).args(args);
        cmd
    };
    let n = o.add("延期事项", &["--due", "2026-11-30"]);
    // Ten working days in one request: past the limit of eight.
    refused(
        &mut with_limits(&["extend", &n, "--to", "+10wd", "--reason", "需协调用地"]),
        "at most 8 working days",
    );
    succeeded(&mut with_limits(&[
        "extend",
        &n,
        "--to",
        "+5wd",
        "--reason",
        "需协调用地",
    ]));
    succeeded(&mut with_limits(&[
        "extension",
        &n,
        "approve",
        "--approved-by",
        "李副市长",
    ]));
    let d = o.show(&n);
    let decided = d["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(decided["data"]["by"], "李副市长");
    assert!(o.run(&["show", &n]).contains("decided by 李副市长"));
    // One approved already: a second is refused, in the clerk's language too.
    refused(
        &mut with_limits(&["extend", &n, "--to", "+1wd", "--reason", "再延"]),
        "at most 1 approved extensions",
    );
    refused(
        zh(&mut with_limits(&[
            "extend", &n, "--to", "+1wd", "--reason", "再延",
        ])),
        "最多批准延期1次",
    );
    // Without limits (the default) the same request is taken.
    o.run(&["extend", &n, "--to", "+1wd", "--reason", "再延"]);
}
