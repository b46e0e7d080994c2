//! The command-line tests that read and write, run again on offices kept on a PostgreSQL
//! server (the tests' own, started in a temporary folder:
//! `crates/store/tests/support/pg_server.rs`). Each file below is also a test binary of its own,
//! on files; here `common::Office` opens every office on a fresh database of the server instead
//! ([`common::ON_SERVER`], decided by this binary's name), so the same tests, not copies, hold
//! both backends to the same behaviour. On a server the clerk is the login (`--actor` may not
//! contradict it): a test's second clerk connects with a login of its own
//! (`common::Office::cmd_as`). Left out, as they are about what only a file has or read no
//! office: `cli_backup` and `cli_database` (copies, pages, the file's own checks),
//! `cli_config`, `cli_shell`; the server's own commands are tested in `tests/postgres.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Each file below brings its own `mod common;`: loaded once per file, as in its own binary.
#![allow(clippy::duplicate_mod)]

#[path = "cli_attachments.rs"]
mod cli_attachments;
#[path = "cli_instructions.rs"]
mod cli_instructions;
#[path = "cli_items.rs"]
mod cli_items;
#[path = "cli_languages.rs"]
mod cli_languages;
#[path = "cli_lifecycle.rs"]
mod cli_lifecycle;
#[path = "cli_list.rs"]
mod cli_list;
#[path = "cli_notice.rs"]
mod cli_notice;
#[path = "cli_records.rs"]
mod cli_records;
#[path = "cli_refusals.rs"]
mod cli_refusals;
#[path = "cli_report.rs"]
mod cli_report;
#[path = "cli_triage.rs"]
mod cli_triage;
#[path = "cli_undo.rs"]
mod cli_undo;
#[path = "exchange.rs"]
mod exchange;
#[path = "ledger.rs"]
mod ledger;
