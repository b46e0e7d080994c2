//! Shell conventions: `duban completions SHELL`, `duban man`, and the version line with the
//! database schema it writes.

use std::sync::OnceLock;

use clap::{Args, CommandFactory, ValueEnum};

use super::Cli;
use crate::cli::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: ShellArg,
}

/// `duban --version`: the program's version and the database schema version it writes, so
/// that a clerk reporting a problem names both (`duban 0.1.0 (schema 6)`).
pub fn version() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (schema {})",
            env!("CARGO_PKG_VERSION"),
            crate::store::SCHEMA_VERSION
        )
    })
}

/// `duban completions SHELL`: the completion script, to source or install.
pub fn completions(args: &CompletionsArgs) -> String {
    let shell = match args.shell {
        ShellArg::Bash => clap_complete::Shell::Bash,
        ShellArg::Zsh => clap_complete::Shell::Zsh,
        ShellArg::Fish => clap_complete::Shell::Fish,
        ShellArg::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "duban", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The sections clap does not know: environment, files, exit status.
const MORE: &str = r#".SH ENVIRONMENT
.TP
\fBDUBAN_DB\fR
the database file, when \fB\-\-db\fR is not given
.TP
\fBDUBAN_CONFIG\fR
the configuration file, when \fB\-\-config\fR is not given
.TP
\fBDUBAN_TODAY\fR
"today" for the whole run (YYYY\-MM\-DD), when \fB\-\-today\fR is not given
.TP
\fBDUBAN_ACTOR\fR, \fBUSER\fR
who is acting, when \fB\-\-actor\fR is not given
.TP
\fBLC_ALL\fR, \fBLANG\fR
the language (zh or en), when \fB\-\-lang\fR and the configuration do not set it
.TP
\fBNO_COLOR\fR
set to a non\-empty value: no colour in the interface
.SH FILES
.TP
\fI~/.config/duban/config.toml\fR
the configuration (the platform config folder; \fBduban config path\fR prints it)
.TP
\fI~/.local/share/duban/duban.db\fR
the database (the platform data folder)
.SH "EXIT STATUS"
.TP
0
done
.TP
1
a fault of the machine or a passing state: a damaged database, a full disk, a lock held too long
.TP
2
bad input or usage: a value, item, move or file the clerk can fix, a bad configuration file, a command\-line syntax error
"#;

/// `duban man`: the manual page (roff), on standard output.
pub fn man() -> Result<String> {
    let man = clap_mangen::Man::new(Cli::command());
    let mut out: Vec<u8> = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    out.extend_from_slice(MORE.as_bytes());
    man.render_version_section(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
