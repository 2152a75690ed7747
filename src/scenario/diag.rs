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
            write!(
                f,
                "{}: {}: {}",
                self.origin,
                clip(&self.path, false),
                self.message
            )
        }
    }
}

/// Most characters of a key or value a message shows: no parameter's key or
/// name comes near it, and a longer one (a file's whole text pasted as a value)
/// is shown by its start and length.
const SHOWN_CHARS: usize = 120;

/// `text` as a message shows it, quoted (`{:?}`) or not: whole, or its first
/// [`SHOWN_CHARS`] characters and its length.
pub fn clip(text: &str, quoted: bool) -> String {
    let show = |t: &str| {
        if quoted {
            format!("{t:?}")
        } else {
            t.to_string()
        }
    };
    match text.char_indices().nth(SHOWN_CHARS) {
        None => show(text),
        Some((end, _)) => format!(
            "{}… ({} characters)",
            show(&text[..end]),
            text.chars().count()
        ),
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

    /// Whether a problem was found at `path` or inside it (`path.x`, `path[i]`).
    pub fn concerns(&self, path: &str) -> bool {
        self.0.borrow().iter().any(|d| {
            d.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }

    /// Whether a problem was found at `path`, inside it, or at a table that
    /// holds it (a missing section: its keys were never there to read).
    pub fn covers(&self, path: &str) -> bool {
        self.concerns(path)
            || self.0.borrow().iter().any(|d| {
                !d.path.is_empty()
                    && path
                        .strip_prefix(d.path.as_str())
                        .is_some_and(|rest| rest.starts_with(['.', '[']))
            })
    }

    /// The problems in reading order: each file's by line and column, files
    /// in the order their first problem was found, the command line's last.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut d = self.0.into_inner();
        let mut files: Vec<Arc<str>> = Vec::new();
        for x in &d {
            if let Origin::File { file, .. } = &x.origin
                && !files.contains(file)
            {
                files.push(file.clone());
            }
        }
        d.sort_by_key(|x| match &x.origin {
            Origin::File { file, line, col } => (
                files.iter().position(|f| f == file).unwrap_or(0),
                *line,
                *col,
            ),
            Origin::CommandLine(_) => (files.len(), 0, 0),
        });
        d
    }
}

/// `Ok` when no problem was found, else the problems.
pub fn none_found(problems: Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A scenario that failed to load: every diagnostic found.
#[derive(Debug, thiserror::Error)]
#[error("{}", render(.0))]
pub struct ScenarioError(pub Vec<Diagnostic>);

fn render(d: &[Diagnostic]) -> String {
    let mut s = format!("{} problem(s) in the scenarios:", d.len());
    for x in d {
        s.push_str("\n  ");
        s.push_str(&x.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_concerns_its_path_and_the_paths_that_contain_it() {
        let d = Diagnostics::default();
        d.push(Origin::CommandLine("--x"), "care.mutual_aid.min_age", "bad");
        d.push(
            Origin::CommandLine("--x"),
            "pension.rules[0].from_year",
            "bad",
        );
        for path in [
            "care.mutual_aid.min_age",
            "care.mutual_aid",
            "care",
            "pension.rules",
        ] {
            assert!(d.concerns(path), "{path}");
        }
        for path in [
            "care.mutual",
            "care.mutual_aid.max_age",
            "pension.rule",
            "run",
        ] {
            assert!(!d.concerns(path), "{path}");
        }
        // A problem of a table covers what it holds; not its siblings.
        d.push(Origin::CommandLine("--x"), "finance", "missing key");
        assert!(d.covers("finance.shares.individuals") && d.covers("finance"));
        assert!(!d.concerns("finance.shares.individuals"));
        assert!(!d.covers("finance_x.a") && !d.covers("run.seed"));
    }

    #[test]
    fn problems_come_in_reading_order() {
        let d = Diagnostics::default();
        let at = |file: &str, line| Origin::File {
            file: file.into(),
            line,
            col: 1,
        };
        d.push(at("b.toml", 7), "x", "");
        d.push(Origin::CommandLine("--set"), "y", "");
        d.push(at("a.toml", 9), "z", "");
        d.push(at("b.toml", 3), "w", "");
        d.push(at("a.toml", 2), "v", "");
        let paths: Vec<String> = d.into_vec().into_iter().map(|x| x.path).collect();
        assert_eq!(paths, ["w", "x", "v", "z", "y"]);
    }

    #[test]
    fn a_long_key_or_value_is_shown_by_its_start_and_length() {
        assert_eq!(
            clip("pension.rules[1].percent", false),
            "pension.rules[1].percent"
        );
        assert_eq!(clip("a\"b", true), "\"a\\\"b\"");
        let long = "é".repeat(SHOWN_CHARS + 1);
        let shown = format!(
            "\"{}\"… ({} characters)",
            "é".repeat(SHOWN_CHARS),
            SHOWN_CHARS + 1
        );
        assert_eq!(clip(&long, true), shown);
        let d = Diagnostic {
            origin: Origin::CommandLine("--set"),
            path: "k".repeat(5000),
            message: "unknown key".into(),
        };
        assert_eq!(
            d.to_string(),
            format!(
                "command line --set: {}… (5000 characters): unknown key",
                "k".repeat(SHOWN_CHARS)
            )
        );
    }
}
