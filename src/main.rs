//! The `qantara` binary: parses arguments, runs the subcommand, and turns errors into a
//! message on stderr and an exit code (1 for bad input, 2 for bad usage).

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;
use cli::Cli;
use commands::{NothingFound, UsageError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.downcast_ref::<NothingFound>().is_some() => ExitCode::FAILURE,
        Err(err) => {
            commands::to_stderr(&format!("error: {err:#}\n"));
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// True when the error is a closed pipe on output (`qantara align … | head`), which is
/// not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
