//! The library's error type: wasmdiff's own failures, with their causes (a
//! file it cannot read, text it cannot parse, a child process that went
//! away).
//!
//! What an engine says about a module is not a failure of the tool: it
//! stays the engine's own text, inside an [`Outcome`](crate::Outcome) or a
//! validation result.

use std::path::{Path, PathBuf};

/// A result whose error is the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failure of wasmdiff itself. `Display` says what failed;
/// [`std::error::Error::source`] gives the cause where there is one (an
/// I/O or JSON error, or the failure under a [`Error::Context`]), so a
/// caller prints the chain, as [`Error::report`] does on one line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file or directory failed.
    #[error("{}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A file's JSON does not fit what wasmdiff writes there.
    #[error("{}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        #[source]
        source: serde_json::Error,
    },
    /// A file or directory holds something wasmdiff cannot use.
    #[error("{}: {why}", path.display())]
    File {
        /// The file or directory.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// A module that does not decode or validate (wasmparser's message,
    /// with the byte offset), or one wasmdiff cannot model.
    #[error("{0}")]
    Module(String),
    /// A valid module that needs a feature outside
    /// [`Feature::ALL`](crate::Feature::ALL) (wasmparser's message without
    /// the feature).
    #[error("module uses a feature wasmdiff does not model: {0}")]
    UnmodelledFeature(String),
    /// Text from the user or the environment (a flag's value, a list, an
    /// environment variable, a saved signature) that does not parse; the
    /// message quotes it and says what was expected.
    #[error("{0}")]
    Input(String),
    /// An engine configuration that cannot be used here (not in this
    /// build, its runtime missing, its setup failed).
    #[error("{engine}: {why}")]
    Engine {
        /// The configuration or the engine's name.
        engine: String,
        /// Why.
        why: String,
    },
    /// Starting or talking to a child process failed at the system level.
    #[error("{what}")]
    Process {
        /// Which process, doing what.
        what: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A child process broke its protocol: it died, hung, or replied with
    /// something that makes no sense.
    #[error("{what}: {why}")]
    Protocol {
        /// Which process.
        what: String,
        /// What went wrong.
        why: String,
    },
    /// A library wasmdiff builds on failed (wasm-shrink, the re-encoder).
    #[error("{what}")]
    Library {
        /// What wasmdiff asked of it.
        what: String,
        /// Its error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A failure, with what wasmdiff was doing when it happened.
    #[error("{context}")]
    Context {
        /// What wasmdiff was doing.
        context: String,
        /// The failure.
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// An I/O failure on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A JSON file `path` that does not parse as expected.
    pub fn json(path: impl AsRef<Path>, source: serde_json::Error) -> Error {
        Error::Json {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A file or directory `path` that wasmdiff cannot use, and why.
    pub fn file(path: impl AsRef<Path>, why: impl Into<String>) -> Error {
        Error::File {
            path: path.as_ref().to_path_buf(),
            why: why.into(),
        }
    }

    /// Text that does not parse; `message` quotes it and says what was
    /// expected.
    pub fn input(message: impl Into<String>) -> Error {
        Error::Input(message.into())
    }

    /// An engine configuration (or an engine's library) that cannot do
    /// what wasmdiff needs of it here, and why.
    pub fn engine(engine: impl Into<String>, why: impl Into<String>) -> Error {
        Error::Engine {
            engine: engine.into(),
            why: why.into(),
        }
    }

    /// A child process `what` that broke its protocol, and how.
    pub fn protocol(what: impl Into<String>, why: impl Into<String>) -> Error {
        Error::Protocol {
            what: what.into(),
            why: why.into(),
        }
    }

    /// The message and its causes on one line, joined by `: ` (as the
    /// command line prints them).
    pub fn report(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        text
    }

    /// A library's failure at `what`.
    pub fn library(
        what: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Library {
            what: what.into(),
            source: source.into(),
        }
    }

    /// This failure, with what wasmdiff was doing.
    pub fn context(self, context: impl Into<String>) -> Error {
        Error::Context {
            context: context.into(),
            source: Box::new(self),
        }
    }
}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Error {
        Error::Module(format!("invalid module: {e}"))
    }
}

/// A re-encoding failure: the rewrite's own error as it is, a decoding
/// error as an invalid module, anything else as wasm-encoder says it.
impl From<wasm_encoder::reencode::Error<Error>> for Error {
    fn from(e: wasm_encoder::reencode::Error<Error>) -> Error {
        match e {
            wasm_encoder::reencode::Error::UserError(e) => e,
            wasm_encoder::reencode::Error::ParseError(e) => e.into(),
            other => Error::Module(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Error;
    use std::error::Error as _;

    #[test]
    fn causes_stay_reachable() {
        let missing = std::fs::read("/nonexistent/wasmdiff/file").unwrap_err();
        let e = Error::io("/nonexistent/wasmdiff/file", missing).context("loading the repro");
        assert_eq!(e.to_string(), "loading the repro");
        assert!(
            e.report()
                .starts_with("loading the repro: /nonexistent/wasmdiff/file: No such file"),
            "{}",
            e.report()
        );
        let io = e.source().and_then(|s| s.source()).expect("the I/O error");
        assert!(io.downcast_ref::<std::io::Error>().is_some());
    }

    #[test]
    fn module_errors_keep_the_offset() {
        let e: Error = wasmparser::Validator::new()
            .validate_all(b"\0asm\x01\0\0\0\x05\x03\x01\x00")
            .err()
            .expect("a truncated memory section is invalid")
            .into();
        assert!(e.to_string().starts_with("invalid module: "), "{e}");
        assert!(e.to_string().contains("offset"), "{e}");
    }
}
