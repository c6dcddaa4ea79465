//! The binary's side of the command line: the clap definitions ([`args`]) and, per command, the
//! few lines that turn its flags into calls of the library's application layer
//! ([`callsim::app`]). Each command returns `Ok` or the [`Error`] that `main` prints once.

pub(crate) mod args;
mod check;
mod log;
mod platform;
mod progress;
mod run;
mod serve;
mod sweep;

pub(crate) use args::{Cli, Command};

use callsim::app::error::Result;

/// Runs one command.
pub(crate) fn dispatch(command: Command) -> Result<()> {
    match command {
        Command::Validate { scenario, traffic } => check::validate(&scenario, traffic.as_deref()),
        Command::Import(args) => platform::import(&args),
        Command::Export(args) => platform::export(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Merge(args) => sweep::merge(&args),
        Command::Staff(args) => sweep::staff(&args),
        Command::Run(args) => run::run(&args),
        Command::Erlang(args) => check::erlang(&args),
        Command::Replay(args) => log::replay(&args),
        Command::Trace(args) => log::trace(&args),
        Command::Serve(args) => serve::serve(&args),
    }
}
