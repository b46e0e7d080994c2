//! The `duban` binary: parse arguments, open the office, hand over to the command line or the
//! terminal interface. Errors become one sentence on stderr and an exit code: 2 for what the
//! clerk can fix, 1 for faults of the machine.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use duban::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command).and_then(|text| {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`duban list | head`) is not an error worth a message.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(()),
            }
        }),
        None => cli::interactive(&cli, false),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if e.is_user_error() { 2 } else { 1 };
            eprintln!("duban: {}", cli::describe(&cli, e));
            ExitCode::from(code)
        }
    }
}
