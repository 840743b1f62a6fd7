//! What can go wrong, as values with messages.

use std::fmt;

/// An input the crate refuses, with a message saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A layer that cannot be built (a zero size, channels not divisible by the
    /// groups, a kernel larger than the padded input, …).
    Layer(String),
    /// Data that cannot be parsed or used (bad magic, truncated file, bad checksum,
    /// wrong image size, …).
    Data(String),
    /// A results file that cannot be parsed.
    Results(String),
    /// Work beyond a stated bound (a timing of a huge layer).
    TooLarge(String),
    /// A setting out of its range (batch size 0, a negative learning rate, …).
    Setting(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Layer(m) => write!(f, "impossible layer: {m}"),
            Error::Data(m) => write!(f, "bad data: {m}"),
            Error::Results(m) => write!(f, "bad results file: {m}"),
            Error::TooLarge(m) => write!(f, "too large: {m}"),
            Error::Setting(m) => write!(f, "bad setting: {m}"),
        }
    }
}

impl std::error::Error for Error {}
