//! The one error type of the commands, and the exit status each kind of failure gives.
//!
//! A command either succeeds or fails with an [`Error`]: the message to print (empty when the
//! details, such as a scenario's diagnostics, were already written as they were found) and the
//! [`Status`] the process exits with. The binary's `main` is the single place that prints it.

use std::fmt;

/// How a command ended, as the process's exit status says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The input was read but is wrong: a scenario with errors, a target no staffing can meet, a
    /// log whose events differ from its resimulation.
    Invalid,
    /// The input cannot be used at all (unreadable, not TOML, not a log), or an output cannot be
    /// written.
    Unusable,
    /// Interrupted by the user (a live session's second Ctrl-C).
    Interrupted,
    /// The run went well and missed a `--target` (a CI gate's failure).
    Missed,
}

impl Status {
    /// The exit code: 1 invalid input, 2 unusable input or output, 3 a target missed, 130
    /// interrupted (128 + SIGINT, as shells report it).
    pub fn code(self) -> u8 {
        match self {
            Status::Invalid => 1,
            Status::Unusable => 2,
            Status::Missed => 3,
            Status::Interrupted => 130,
        }
    }
}

/// A command's failure: what to tell the user, and how to exit.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    pub status: Status,
    message: String,
}

impl Error {
    /// A failure of kind `status`, with what to tell the user.
    pub fn new(status: Status, message: impl Into<String>) -> Error {
        Error { status, message: message.into() }
    }

    /// Invalid input, with what is wrong.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error { status: Status::Invalid, message: message.into() }
    }

    /// Unusable input or output, with why.
    pub fn unusable(message: impl Into<String>) -> Error {
        Error { status: Status::Unusable, message: message.into() }
    }

    /// A target the run missed, with how many.
    pub fn missed(message: impl Into<String>) -> Error {
        Error { status: Status::Missed, message: message.into() }
    }

    /// A failure whose details are already on stderr: only the status is left to give.
    pub fn reported(status: Status) -> Error {
        Error { status, message: String::new() }
    }

    /// The message to print, if any (the details may have been printed already).
    pub fn message(&self) -> Option<&str> {
        Some(self.message.as_str()).filter(|m| !m.is_empty())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The result of a command.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_has_its_documented_exit_code() {
        assert_eq!(Error::invalid("x").status.code(), 1);
        assert_eq!(Error::unusable("x").status.code(), 2);
        assert_eq!(Error::reported(Status::Interrupted).status.code(), 130);
        assert_eq!(Error::reported(Status::Invalid).message(), None);
        assert_eq!(Error::unusable("cannot write").message(), Some("cannot write"));
    }
}
