//! Reading one CSV file of the output folder by column name, with every error naming the
//! file and line (`summary.csv line 17: column 'mean': expected a finite number, found "abc"`).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use csv::StringRecord;

use crate::output::folder::open_regular;

/// An open CSV file whose header has been read.
pub struct Table {
    name: String,
    reader: csv::Reader<File>,
    header: StringRecord,
}

/// A column located by name in the header.
#[derive(Clone, Copy)]
pub struct Column {
    index: usize,
    name: &'static str,
}

/// One data row, able to describe its own position in errors.
pub struct Row<'a> {
    file: &'a str,
    line: u64,
    record: &'a StringRecord,
}

impl Table {
    /// Opens `dir/name` and reads its header. A file that does not end with a
    /// line break (every file a run writes does) is refused as cut short.
    pub fn open(dir: &Path, name: &str) -> Result<Table> {
        let mut file = open_regular(&dir.join(name))
            .with_context(|| format!("cannot open {name} in {}", dir.display()))?;
        let size = file
            .metadata()
            .with_context(|| format!("cannot read {name} in {}", dir.display()))?
            .len();
        if size > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::End(-1))
                .and_then(|_| file.read_exact(&mut last))
                .and_then(|()| file.rewind())
                .with_context(|| format!("cannot read {name} in {}", dir.display()))?;
            if last[0] != b'\n' {
                bail!("{name} does not end with a line break: cut short within its last line?");
            }
        }
        let mut reader = csv::Reader::from_reader(file);
        let header = reader.headers().map_err(|e| csv_error(name, &e))?.clone();
        Ok(Table {
            name: name.to_string(),
            reader,
            header,
        })
    }

    /// Finds a column the report needs, or says which columns the file does have.
    pub fn column(&self, name: &'static str) -> Result<Column> {
        match self.header.iter().position(|h| h == name) {
            Some(index) => Ok(Column { index, name }),
            None => bail!(
                "{} line 1: missing column '{name}' (the header has: {})",
                self.name,
                self.header.iter().collect::<Vec<_>>().join(", ")
            ),
        }
    }

    /// Calls `visit` with every data row in file order; stops at the first error.
    pub fn for_each(&mut self, mut visit: impl FnMut(&Row) -> Result<()>) -> Result<()> {
        let mut record = StringRecord::new();
        let mut rows = 0usize;
        while self
            .reader
            .read_record(&mut record)
            .map_err(|e| csv_error(&self.name, &e))?
        {
            let line = record.position().map_or(0, |p| p.line());
            visit(&Row {
                file: &self.name,
                line,
                record: &record,
            })?;
            rows += 1;
        }
        if rows == 0 {
            bail!("{} has a header but no data rows", self.name);
        }
        Ok(())
    }
}

impl Row<'_> {
    /// The raw text of a field.
    pub fn text(&self, column: Column) -> &str {
        self.record.get(column.index).unwrap_or_default().trim()
    }

    /// A number; an empty field or `NaN` is a missing value (NaN), which charts
    /// skip. An infinite one (`inf`, or too large for a number) is refused: no
    /// run writes one.
    pub fn number(&self, column: Column) -> Result<f64> {
        let raw = self.text(column);
        if raw.is_empty() {
            return Ok(f64::NAN);
        }
        match raw.parse::<f64>() {
            Ok(x) if !x.is_infinite() => Ok(x),
            _ => Err(self.error(column, "a finite number")),
        }
    }

    /// A count of persons: a whole number, at least 0, never missing.
    pub fn count(&self, column: Column) -> Result<f64> {
        match self.text(column).parse::<f64>() {
            Ok(x) if x >= 0.0 && x.is_finite() && x.fract() == 0.0 => Ok(x),
            _ => Err(self.error(column, "a count (a whole number, at least 0)")),
        }
    }

    /// A whole number such as a year or a replication index.
    pub fn integer(&self, column: Column) -> Result<i32> {
        self.text(column)
            .parse()
            .map_err(|_| self.error(column, "a whole number"))
    }

    /// An error about this row's `column`, which held something other than `expected`.
    pub fn error(&self, column: Column, expected: &str) -> anyhow::Error {
        anyhow!(
            "{} line {}: column '{}': expected {expected}, found {:?}",
            self.file,
            self.line,
            column.name,
            self.text(column)
        )
    }
}

/// Rewrites a csv-crate error as `file line N: what went wrong`.
fn csv_error(file: &str, err: &csv::Error) -> anyhow::Error {
    match err.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => anyhow!(
            "{file} line {}: expected {expected_len} fields like the header, found {len}",
            pos.as_ref().map_or(0, |p| p.line())
        ),
        _ => match err.position() {
            Some(pos) => anyhow!("{file} line {}: {err}", pos.line()),
            None => anyhow!("{file}: {err}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> (tempfile::TempDir, Table) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.csv"), text).unwrap();
        let table = Table::open(dir.path(), "t.csv").unwrap();
        (dir, table)
    }

    fn sum(table: &mut Table) -> Result<f64> {
        let value = table.column("value")?;
        let mut total = 0.0;
        table.for_each(|row| {
            total += row.number(value)?;
            Ok(())
        })?;
        Ok(total)
    }

    #[test]
    fn numbers_are_read_by_column_name() {
        let (_dir, mut t) = table("name,value\na,1.5\nb,2\n");
        assert_eq!(sum(&mut t).unwrap(), 3.5);
    }

    #[test]
    fn a_bad_number_names_file_line_and_column() {
        let (_dir, mut t) = table("name,value\na,1\nb,abc\n");
        let err = sum(&mut t).unwrap_err().to_string();
        assert_eq!(
            err,
            "t.csv line 3: column 'value': expected a finite number, found \"abc\""
        );
    }

    #[test]
    fn infinite_numbers_and_counts_that_are_not_are_refused() {
        for bad in ["inf", "-inf", "1e400"] {
            let (_dir, mut t) = table(&format!("name,value\na,{bad}\n"));
            let err = sum(&mut t).unwrap_err().to_string();
            assert!(err.contains("expected a finite number"), "{bad}: {err}");
        }
        let counts = |text: &str| {
            let (_dir, mut t) = table(&format!("name,value\na,{text}\n"));
            let value = t.column("value").unwrap();
            let mut found = Vec::new();
            t.for_each(|row| {
                found.push(row.count(value)?);
                Ok(())
            })
            .map(|()| found)
            .map_err(|e| e.to_string())
        };
        assert_eq!(counts("12"), Ok(vec![12.0]));
        for bad in ["-1", "1.5", "", "nan", "inf"] {
            let err = counts(bad).unwrap_err();
            assert!(err.contains("expected a count"), "{bad}: {err}");
        }
    }

    /// A device (or a pipe, which would wait for a writer) is refused
    /// before it is read.
    #[cfg(unix)]
    #[test]
    fn what_is_not_a_regular_file_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("t.csv")).unwrap();
        let err = Table::open(dir.path(), "t.csv").err().unwrap().to_string();
        assert!(err.contains("cannot open t.csv"), "{err}");
        let err = format!("{:#}", Table::open(dir.path(), "t.csv").err().unwrap());
        assert!(err.contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_short_row_or_missing_column_names_the_line() {
        let (_dir, mut t) = table("name,value\na,1\nb\n");
        assert!(
            sum(&mut t)
                .unwrap_err()
                .to_string()
                .starts_with("t.csv line 3:")
        );
        let (_dir, t) = table("name,other\na,1\n");
        let err = t.column("value").err().unwrap().to_string();
        assert!(err.contains("missing column 'value'"), "{err}");
    }

    #[test]
    fn empty_fields_are_missing_values_and_empty_files_are_errors() {
        let (_dir, mut t) = table("name,value\na,\n");
        assert!(sum(&mut t).unwrap().is_nan());
        let (_dir, mut t) = table("name,value\n");
        assert!(
            sum(&mut t)
                .unwrap_err()
                .to_string()
                .contains("no data rows")
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = Table::open(dir.path(), "villages.csv").err().unwrap();
        assert!(err.to_string().contains("villages.csv"));
    }
}
