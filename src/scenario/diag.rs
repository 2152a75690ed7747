//! Diagnostics for scenario files: where a problem is and what was expected.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

/// Where a value came from: a file position, or the command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    File {
        file: Arc<str>,
        line: usize,
        col: usize,
    },
    CommandLine(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { file, line, col } => write!(f, "{file}:{line}:{col}"),
            Origin::CommandLine(flag) => write!(f, "command line {flag}"),
        }
    }
}

/// One problem in a scenario, with its position and TOML path.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub origin: Origin,
    /// Dotted TOML path, e.g. `mortality.e0_male`; empty for whole-file problems.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(f, "{}: {}: {}", self.origin, self.path, self.message)
        }
    }
}

/// Collects every problem found, so a check reports them all at once.
#[derive(Default)]
pub struct Diagnostics(RefCell<Vec<Diagnostic>>);

impl Diagnostics {
    pub fn push(&self, origin: Origin, path: impl Into<String>, message: impl Into<String>) {
        self.0.borrow_mut().push(Diagnostic {
            origin,
            path: path.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0.into_inner()
    }
}

/// A scenario that failed to load: every diagnostic found.
#[derive(Debug, thiserror::Error)]
#[error("{}", render(.0))]
pub struct ScenarioError(pub Vec<Diagnostic>);

fn render(d: &[Diagnostic]) -> String {
    let mut s = format!("{} problem(s) in scenario files:", d.len());
    for x in d {
        s.push_str("\n  ");
        s.push_str(&x.to_string());
    }
    s
}
