//! The `duban` binary: parse arguments, open the office, hand over to the command line or the
//! terminal interface. Errors become one sentence on stderr and an exit code: 2 for what the
//! clerk can fix, 1 for faults of the machine.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use duban::cli::{self, Cli};

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    // A bad configuration file is refused before anything runs, the same way everywhere.
    let configured = cli::configure(&mut cli);
    let result = configured.and_then(|()| match &cli.command {
        Some(command) => cli::run(&cli, command).and_then(|printed| {
            let mut out = std::io::stdout().lock();
            #[cfg(target_os = "linux")]
            widen_pipe(&out, printed.size());
            match printed.write_to(&mut out).and_then(|_| out.flush()) {
                // A closed pipe (`duban list | head`) is not an error worth a message.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(()),
            }
        }),
        None => cli::interactive(&cli, false),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if e.is_user_error() { 2 } else { 1 };
            eprintln!("duban: {}", cli::describe(&cli, e));
            ExitCode::from(code)
        }
    }
}

/// Widens a pipe on standard output for a long output: 8.5 MB of JSON through the default
/// 64 KiB pipe takes some 130 hand-overs between the two processes, each waking the other,
/// which cost more than encoding it. Up to 1 MiB, the most an unprivileged process may ask for
/// by default. Best effort: on a file or terminal, or when refused, nothing changes.
#[cfg(target_os = "linux")]
fn widen_pipe(out: &impl std::os::fd::AsFd, size: usize) {
    if size > 1 << 16 {
        let _ = rustix::pipe::fcntl_setpipe_size(out, 1 << 20);
    }
}
