//! Reading scenario files into one tree: parse with positions, follow
//! `extends`, merge tables key by key, apply command-line overrides.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, Origin, clip, none_found};

/// A value with the position it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub origin: Origin,
}

/// A scenario value (TOML's types; datetimes are kept as text).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    /// A whole number beyond 64 bits, as written: no parameter takes one, so
    /// it is refused where it is read, with the file's other problems.
    BigInt(String),
    Float(f64),
    Bool(bool),
    Datetime(String),
    Array(Vec<Node>),
    Table(Table),
}

pub type Table = BTreeMap<String, Node>;

impl Value {
    /// The TOML type name, for "found …" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::BigInt(_) => "an integer beyond 64 bits",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Datetime(_) => "a datetime",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }

    /// Short rendering of the value for messages.
    pub fn show(&self) -> String {
        match self {
            Value::Str(s) => clip(s, true),
            Value::Int(i) => i.to_string(),
            Value::BigInt(digits) => clip(digits, false),
            // With its point, as written: 2.0 is not the integer 2.
            Value::Float(x) => format!("{x:?}"),
            Value::Bool(b) => b.to_string(),
            Value::Datetime(d) => d.clone(),
            Value::Array(a) => format!("an array of {}", a.len()),
            Value::Table(_) => "a table".into(),
        }
    }

    /// Plain TOML value (for the manifest).
    pub fn to_toml(&self) -> toml::Value {
        match self {
            Value::Str(s) | Value::BigInt(s) | Value::Datetime(s) => toml::Value::String(s.clone()),
            Value::Int(i) => toml::Value::Integer(*i),
            Value::Float(x) => toml::Value::Float(*x),
            Value::Bool(b) => toml::Value::Boolean(*b),
            Value::Array(a) => toml::Value::Array(a.iter().map(|n| n.value.to_toml()).collect()),
            Value::Table(t) => toml::Value::Table(table_to_toml(t)),
        }
    }
}

pub fn table_to_toml(t: &Table) -> toml::Table {
    t.iter()
        .map(|(k, n)| (k.clone(), n.value.to_toml()))
        .collect()
}

/// Byte offset → (line, column), both 1-based.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }
    fn origin(&self, file: &Arc<str>, text: &str, offset: usize) -> Origin {
        let line = self.0.partition_point(|&s| s <= offset).max(1);
        let start = self.0[line - 1];
        let col = text
            .get(start..offset.min(text.len()))
            .map_or(1, |s| s.chars().count() + 1);
        Origin::File {
            file: file.clone(),
            line,
            col,
        }
    }
}

/// What converting one file's parse tree needs: where its text is.
struct Ctx<'a> {
    file: Arc<str>,
    text: &'a str,
    lines: Lines,
}

impl Ctx<'_> {
    fn origin(&self, offset: usize) -> Origin {
        self.lines.origin(&self.file, self.text, offset)
    }
}

fn convert(v: &DeValue<'_>, span: std::ops::Range<usize>, ctx: &Ctx<'_>) -> Node {
    let origin = ctx.origin(span.start);
    let value = match v {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            Err(_) => Value::BigInt(ctx.text.get(span).unwrap_or(i.as_str()).to_string()),
        },
        DeValue::Float(x) => Value::Float(parse_float(x.as_str())),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(a) => Value::Array(
            a.iter()
                .map(|e| convert(e.get_ref(), e.span(), ctx))
                .collect(),
        ),
        DeValue::Table(t) => Value::Table(convert_table(t, ctx)),
    };
    Node { value, origin }
}

fn parse_float(s: &str) -> f64 {
    match s.replace('_', "").as_str() {
        "inf" | "+inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        "nan" | "+nan" | "-nan" => f64::NAN,
        t => t.parse().unwrap_or(f64::NAN),
    }
}

fn convert_table(t: &DeTable<'_>, ctx: &Ctx<'_>) -> Table {
    t.iter()
        .map(|(k, v)| {
            let mut node = convert(v.get_ref(), v.span(), ctx);
            // Point at the key, which is where a reader looks for it.
            node.origin = ctx.origin(k.span().start);
            (k.get_ref().to_string(), node)
        })
        .collect()
}

/// Parses one file (no `extends` processing). Syntax errors are all returned.
pub fn parse_file(path: &Path) -> Result<Table, Vec<Diagnostic>> {
    let display: Arc<str> = Arc::from(path.display().to_string());
    let at_start = |message: String| {
        vec![Diagnostic {
            origin: Origin::File {
                file: display.clone(),
                line: 1,
                col: 1,
            },
            path: String::new(),
            message,
        }]
    };
    if path.is_dir() {
        return Err(at_start(
            "is a directory; expected a scenario file (.toml)".into(),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| at_start(format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Point at the first byte that is not UTF-8: the text before it is.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).expect("valid up to here");
        vec![Diagnostic {
            origin: Lines::new(valid).origin(&display, valid, valid.len()),
            path: String::new(),
            message: format!(
                "is not UTF-8 text: byte 0x{:02x} at offset {} is not valid; expected a TOML file saved as UTF-8",
                e.as_bytes()[valid.len()],
                valid.len()
            ),
        }]
    })?;
    parse_text(display, &text)
}

/// Where an error the parser places nowhere most likely lies: the start of the
/// line whose key has the most dotted parts (the parser's one such error is a
/// key of too many parts), or of the text when no key is dotted.
fn longest_dotted_key(text: &str) -> usize {
    let mut offset = 0;
    let mut best = (0, 0);
    for line in text.split_inclusive('\n') {
        // The key: before `=`, or a table header; dots in quoted parts count too
        // (rare enough for a position that is only a hint).
        let key = line.split('=').next().unwrap_or("");
        let dots = key.matches('.').count();
        if dots > best.0 {
            best = (dots, offset);
        }
        offset += line.len();
    }
    best.1
}

/// Parses scenario text attributed to `file`. Syntax errors are all returned.
pub fn parse_text(file: Arc<str>, text: &str) -> Result<Table, Vec<Diagnostic>> {
    let lines = Lines::new(text);
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| {
                let span = (e.span()).unwrap_or_else(|| longest_dotted_key(text)..text.len());
                // Name what the error points at (a duplicate key, say) when it is short.
                let at = text
                    .get(span.clone())
                    .map(str::trim)
                    .filter(|t| !t.is_empty() && t.len() <= 60 && !t.contains('\n'))
                    .map_or(String::new(), |t| format!(" (at `{t}`)"));
                Diagnostic {
                    origin: lines.origin(&file, text, span.start),
                    path: String::new(),
                    message: format!("malformed TOML: {}{at}", e.message().trim()),
                }
            })
            .collect());
    }
    let ctx = Ctx { file, text, lines };
    Ok(convert_table(doc.get_ref(), &ctx))
}

/// Merges `over` into `base`: tables key by key (recursively), anything else
/// replaced. An age-band table (every key a band such as "15-19") is one
/// schedule, so an override replaces it whole rather than mixing bands; so
/// does an override of one that is not all bands (a mistyped label such as
/// "0-49+"), whose problems are then the override's own. An empty table set
/// on another table would change nothing (no key can be removed): it is
/// left out and returned as a problem, at its path under `at` ("" for the root).
pub fn merge(base: &mut Table, over: Table, at: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (k, v) in over {
        let path = if at.is_empty() {
            k.clone()
        } else {
            format!("{at}.{k}")
        };
        match (base.get_mut(&k), v) {
            (Some(b), v) if changes_nothing(&b.value, &v.value) => {
                problems.push(empty_table(v.origin, path));
            }
            (
                Some(
                    b @ Node {
                        value: Value::Table(_),
                        ..
                    },
                ),
                Node {
                    value: Value::Table(o),
                    origin,
                },
            ) if !(is_band_table(&o) || is_band_table(bt_of(b))) => {
                b.origin = origin;
                let Value::Table(bt) = &mut b.value else {
                    unreachable!()
                };
                problems.extend(merge(bt, o, &path));
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
    problems
}

/// Whether `new` merged into `there` would change nothing: an empty table
/// into a table that is not an age-band schedule (a schedule is replaced
/// whole, and an empty one refused when read).
fn changes_nothing(there: &Value, new: &Value) -> bool {
    matches!((there, new), (Value::Table(old), Value::Table(new)) if new.is_empty() && !is_band_table(old))
}

/// The problem of an empty table that would change nothing, where it was written.
fn empty_table(origin: Origin, path: String) -> Diagnostic {
    Diagnostic {
        origin,
        path,
        message: "an empty table changes nothing: tables merge key by key, and the keys (or \
                  years) already there stay; expected the keys to set"
            .into(),
    }
}

/// The table inside a node known to hold one.
fn bt_of(n: &Node) -> &Table {
    match &n.value {
        Value::Table(t) => t,
        _ => unreachable!("matched as a table"),
    }
}

fn is_band_table(t: &Table) -> bool {
    !t.is_empty() && t.keys().all(|k| crate::bands::parse_label(k).is_ok())
}

/// Files a chain of `extends` may hold: more than any scenario needs, few
/// enough that following them cannot exhaust the stack.
pub const MAX_EXTENDS: usize = 64;

/// A scenario file read and merged with the files it extends, and the
/// problems of the merge (empty tables), reported with those of reading it.
#[derive(Debug)]
pub struct Loaded {
    pub tree: Table,
    pub problems: Vec<Diagnostic>,
}

/// Loads a scenario file, following `extends` (relative to the file) and
/// merging the chain; detects missing targets, cycles and chains longer than
/// [`MAX_EXTENDS`].
pub fn load(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    load_chain(path, &mut Vec::new())
}

fn load_chain(path: &Path, stack: &mut Vec<PathBuf>) -> Result<Loaded, Vec<Diagnostic>> {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    stack.push(canonical);
    let mut own = parse_file(path)?;
    let Some(ext) = own.remove("extends") else {
        stack.pop();
        return Ok(Loaded {
            tree: own,
            problems: Vec::new(),
        });
    };
    let fail = |message: String| {
        vec![Diagnostic {
            origin: ext.origin.clone(),
            path: "extends".into(),
            message,
        }]
    };
    let target = match &ext.value {
        Value::Str(target) if !target.trim().is_empty() => target,
        Value::Str(target) => {
            return Err(fail(format!(
                "extends {target:?} names no file; expected the name of the scenario file \
                 it extends, such as \"baseline.toml\""
            )));
        }
        other => {
            return Err(fail(format!(
                "expected a file name (a string such as \"baseline.toml\"), found {}",
                other.type_name()
            )));
        }
    };
    let target_path = path.parent().unwrap_or(Path::new(".")).join(target);
    let shown = target_path.display();
    match std::fs::metadata(&target_path) {
        Ok(m) if m.is_file() => {}
        Ok(m) => {
            let what = if m.is_dir() {
                "a directory"
            } else {
                "not a regular file (a device, pipe or socket)"
            };
            return Err(fail(format!(
                "extends \"{target}\", but {shown} is {what}; expected a scenario file (.toml)"
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(fail(format!(
                "extends \"{target}\", but {shown} does not exist"
            )));
        }
        Err(e) => {
            return Err(fail(format!(
                "extends \"{target}\", but {shown} cannot be read: {e}"
            )));
        }
    }
    let target_canon = target_path
        .canonicalize()
        .unwrap_or_else(|_| target_path.clone());
    if let Some(i) = stack.iter().position(|p| *p == target_canon) {
        let chain: Vec<String> = stack[i..]
            .iter()
            .chain([&target_canon])
            .map(|p| p.display().to_string())
            .collect();
        return Err(fail(format!(
            "extends forms a cycle: {}",
            chain.join(" -> ")
        )));
    }
    if stack.len() == MAX_EXTENDS {
        return Err(fail(format!(
            "extends \"{target}\", a {}th file in a chain of extends; expected at most \
             {MAX_EXTENDS} files in a chain",
            MAX_EXTENDS + 1
        )));
    }
    let mut base = load_chain(&target_path, stack)?;
    stack.pop();
    let problems = merge(&mut base.tree, own, "");
    base.problems.extend(problems);
    Ok(base)
}

/// A value written on the command line: TOML (`60`, `0.5`, `true`, `"text"`,
/// `[1, 2]`, `{ 60-64 = 0.1 }`), or else the text itself as a string, so
/// that names need no quotes (`--set workforce.pay_index=prices`). A whole
/// number beyond 64 bits is kept as one, to be refused where it is read.
pub fn parse_value(text: &str, flag: &'static str) -> Value {
    /// Values within the value come from the command line too (its `flag`).
    fn from_command_line(n: &mut Node, flag: &'static str) {
        n.origin = Origin::CommandLine(flag);
        match &mut n.value {
            Value::Array(a) => a.iter_mut().for_each(|n| from_command_line(n, flag)),
            Value::Table(t) => t.values_mut().for_each(|n| from_command_line(n, flag)),
            _ => {}
        }
    }
    match parse_text(Arc::from("--set"), &format!("v = {text}")) {
        Ok(mut t) if t.len() == 1 && t.contains_key("v") => {
            let mut v = t.remove("v").expect("checked");
            from_command_line(&mut v, flag);
            v.value
        }
        _ => Value::Str(text.to_string()),
    }
}

/// One part of a dotted key: a name, and the index of an entry when it names
/// an entry of an array (`rules[1]`, counted from 0).
fn key_part(part: &str) -> (&str, Option<&str>) {
    match part.strip_suffix(']').and_then(|p| p.split_once('[')) {
        Some((name, index)) => (name, Some(index)),
        None => (part, None),
    }
}

/// Sets a dotted path to a value (command-line overrides), creating tables as
/// needed; a table value merges into the table there as a file's would. A part
/// may name an entry of an array (`pension.rules[1].percent`): the entry must
/// exist, and the rest of the path is set inside it. A key inside a value that
/// is not a table is refused (`--set run.seed.x=1`). A band added to an
/// age-band schedule makes the schedule the command line's, so that a
/// conflict between its bands is reported from there. A path of more than
/// [`MAX_KEY_PARTS`] parts is refused, as are empty tables that change nothing.
pub fn set_path(
    root: &mut Table,
    path: &str,
    value: Value,
    flag: &'static str,
) -> Result<(), Vec<Diagnostic>> {
    let origin = Origin::CommandLine(flag);
    let refuse = |at: &str, message: String| {
        vec![Diagnostic {
            origin: origin.clone(),
            path: at.to_string(),
            message,
        }]
    };
    let mut parts: Vec<&str> = path.split('.').collect();
    if parts.len() > MAX_KEY_PARTS {
        return Err(refuse(
            &format!("{}.…", parts[..MAX_KEY_PARTS].join(".")),
            format!(
                "a key of {} dotted parts; expected at most {MAX_KEY_PARTS}, as no parameter is \
                 nested deeper",
                parts.len()
            ),
        ));
    }
    let last = parts.pop().expect("non-empty path");
    let mut t = root;
    for (depth, p) in parts.iter().enumerate() {
        let at = parts[..=depth].join(".");
        let entry = match key_part(p) {
            (name, Some(index)) => {
                let array = t
                    .get_mut(name)
                    .ok_or_else(|| refuse(&at, no_array(name, index)))?;
                array_entry(array, index).map_err(|m| refuse(&at, m))?
            }
            (name, None) => t.entry(name.to_string()).or_insert_with(|| Node {
                value: Value::Table(Table::new()),
                origin: origin.clone(),
            }),
        };
        if !matches!(entry.value, Value::Table(_)) {
            return Err(refuse(
                &at,
                format!(
                    "is {} ({}, set at {}), not a table: expected a key of a table, found `{path}`",
                    entry.value.type_name(),
                    entry.value.show(),
                    entry.origin
                ),
            ));
        }
        let is_band_schedule = match &entry.value {
            Value::Table(inner) => !inner.contains_key(last) && is_band_table(inner),
            _ => false,
        };
        if depth + 1 == parts.len() && is_band_schedule {
            entry.origin = origin.clone();
        }
        let Value::Table(inner) = &mut entry.value else {
            unreachable!("checked above")
        };
        t = inner;
    }
    match key_part(last) {
        (name, Some(index)) => {
            let array = t
                .get_mut(name)
                .ok_or_else(|| refuse(path, no_array(name, index)))?;
            let slot = array_entry(array, index).map_err(|m| refuse(path, m))?;
            if changes_nothing(&slot.value, &value) {
                return Err(vec![empty_table(origin, path.into())]);
            }
            // A table merges into the entry's table, as a key set inside it would.
            match (&mut slot.value, value) {
                (Value::Table(entry), Value::Table(over)) => none_found(merge(entry, over, path)),
                (_, value) => {
                    *slot = Node { value, origin };
                    Ok(())
                }
            }
        }
        (name, None) => none_found(merge(
            t,
            Table::from([(name.to_string(), Node { value, origin })]),
            &parts.join("."),
        )),
    }
}

/// Parts a dotted key may have: more than any parameter's path, few enough
/// that the tables made along it cannot exhaust the stack.
pub const MAX_KEY_PARTS: usize = 32;

fn no_array(name: &str, index: &str) -> String {
    format!("expected an array `{name}` to take entry [{index}] of, found no `{name}` here")
}

/// The entry `index` (digits, from 0) of the array a node holds, which must exist.
fn array_entry<'a>(node: &'a mut Node, index: &str) -> Result<&'a mut Node, String> {
    if !matches!(node.value, Value::Array(_)) {
        return Err(format!(
            "is {} ({}, set at {}), not an array: expected an array to take entry [{index}] of",
            node.value.type_name(),
            node.value.show(),
            node.origin
        ));
    }
    let Value::Array(entries) = &mut node.value else {
        unreachable!("checked above")
    };
    let n = entries.len();
    match index.parse::<usize>() {
        Ok(i) if i < n => Ok(&mut entries[i]),
        _ if n == 0 => Err(format!("has no entries: found [{index}]")),
        _ => Err(format!(
            "has {n} entr{}: expected an entry from [0] to [{}], found [{index}]",
            if n == 1 { "y" } else { "ies" },
            n - 1
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_value_ok(s: &str) -> Value {
        parse_value(s, "--set")
    }

    fn parse(s: &str) -> Table {
        parse_text(Arc::from("t.toml"), s).unwrap()
    }

    #[test]
    fn command_line_values_are_toml_or_else_text() {
        assert_eq!(parse_value_ok("60"), Value::Int(60));
        assert_eq!(parse_value_ok("0.5"), Value::Float(0.5));
        assert_eq!(parse_value_ok("true"), Value::Bool(true));
        assert_eq!(parse_value_ok("\"a b\""), Value::Str("a b".into()));
        assert_eq!(parse_value_ok("prices"), Value::Str("prices".into()));
        assert_eq!(parse_value_ok("1\nw = 2"), Value::Str("1\nw = 2".into()));
        let Value::Table(t) = parse_value_ok("{ 60-64 = 0.1, \"65+\" = 0.2 }") else {
            panic!("a table")
        };
        assert_eq!(t["60-64"].value, Value::Float(0.1));
        assert_eq!(t["65+"].origin, Origin::CommandLine("--set"));
        let Value::Array(a) = parse_value_ok("[1, 2]") else {
            panic!("an array")
        };
        assert_eq!(a[1].origin, Origin::CommandLine("--set"));
        assert_eq!(
            parse_value_ok("99_999_999_999_999_999_999"),
            Value::BigInt("99_999_999_999_999_999_999".into())
        );
        assert_eq!(
            parse_value_ok("-9_223_372_036_854_775_808"),
            Value::Int(i64::MIN)
        );
    }

    #[test]
    fn a_path_sets_a_key_of_an_entry_of_an_array_of_tables() {
        let mut t = parse("[[r]]\na = 1\nb = 2\n[[r]]\na = 3\n[s]\nc = [1, 2]\n");
        let set = |t: &mut Table, path: &str, v: i64| set_path(t, path, Value::Int(v), "--set");
        set(&mut t, "r[1].a", 30).unwrap();
        set(&mut t, "s.c[0]", 10).unwrap();
        let Value::Array(r) = &t["r"].value else {
            panic!("an array")
        };
        let entry = |k: usize| match &r[k].value {
            Value::Table(e) => e.clone(),
            _ => panic!("a table"),
        };
        assert_eq!(entry(1)["a"].value, Value::Int(30));
        assert_eq!(entry(1)["a"].origin, Origin::CommandLine("--set"));
        assert_eq!(entry(0)["a"].value, Value::Int(1), "other entries kept");
        assert_eq!(entry(0)["b"].value, Value::Int(2));
        let Value::Table(s) = &t["s"].value else {
            panic!("a table")
        };
        let Value::Array(c) = &s["c"].value else {
            panic!("an array")
        };
        assert_eq!(
            (&c[0].value, &c[1].value),
            (&Value::Int(10), &Value::Int(2))
        );
        assert_eq!(c[0].origin, Origin::CommandLine("--set"));
        let refused = |t: &mut Table, path: &str| set(t, path, 0).unwrap_err()[0].to_string();
        assert!(
            refused(&mut t, "r[2].a")
                .contains("r[2]: has 2 entries: expected an entry from [0] to [1], found [2]")
        );
        assert!(refused(&mut t, "s[0].a").contains("s[0]: is a table"));
        assert!(refused(&mut t, "q[0].a").contains("found no `q` here"));
        assert!(refused(&mut t, "s.c[5]").contains("s.c[5]: has 2 entries"));
        assert!(!t.contains_key("q"), "a refused path adds nothing");
        // A table set on an entry merges into it: its other keys stay.
        let over = parse_value("{ a = 7 }", "--set");
        set_path(&mut t, "r[0]", over, "--set").unwrap();
        let Value::Array(r) = &t["r"].value else {
            panic!("an array")
        };
        let Value::Table(e) = &r[0].value else {
            panic!("a table")
        };
        assert_eq!(
            (&e["a"].value, &e["b"].value),
            (&Value::Int(7), &Value::Int(2))
        );
    }

    #[test]
    fn positions_point_at_keys() {
        let t = parse("a = 1\n[sec]\n  b = \"x\"\n");
        let Value::Table(sec) = &t["sec"].value else {
            panic!()
        };
        assert_eq!(sec["b"].origin.to_string(), "t.toml:3:3");
        assert_eq!(t["a"].value, Value::Int(1));
    }

    #[test]
    fn an_integer_beyond_64_bits_is_kept_as_written_for_its_reader_to_refuse() {
        let t = parse("a = 1\n[s]\nb = -99_999_999_999_999_999_999\nc = [0x7fffffffffffffffff]\n");
        let Value::Table(s) = &t["s"].value else {
            panic!("a table")
        };
        assert_eq!(
            s["b"].value,
            Value::BigInt("-99_999_999_999_999_999_999".into())
        );
        assert_eq!(s["b"].origin.to_string(), "t.toml:3:1");
        assert_eq!(s["b"].value.type_name(), "an integer beyond 64 bits");
        let Value::Array(c) = &s["c"].value else {
            panic!("an array")
        };
        assert_eq!(c[0].value, Value::BigInt("0x7fffffffffffffffff".into()));
    }

    #[test]
    fn a_key_of_too_many_parts_is_placed_at_its_line() {
        let key = vec!["a"; 1000].join(".");
        let text = format!("b = 1\n# a comment. With dots.\n{key} = 1\nc.d = 2\n");
        let e = parse_text(Arc::from("deep.toml"), &text).unwrap_err();
        assert!(e[0].to_string().starts_with("deep.toml:3:1: "), "{}", e[0]);
    }

    #[test]
    fn malformed_toml_names_line() {
        let e = parse_text(Arc::from("bad.toml"), "a = 1\nb = = 2\n").unwrap_err();
        assert!(e[0].to_string().starts_with("bad.toml:2:"), "{}", e[0]);
        assert!(e[0].message.contains("malformed TOML"));
    }

    #[test]
    fn merge_is_key_by_key() {
        let mut base =
            parse("[m]\na = 1\nb = 2\nr = { \"0-14\" = 1, \"15+\" = 2 }\n[n]\nc = [1, 2]\n");
        let problems = merge(
            &mut base,
            parse("[m]\nb = 3\nr = { \"0-9\" = 5 }\n[n]\nc = [5]\n"),
            "",
        );
        assert!(problems.is_empty());
        let Value::Table(m) = &base["m"].value else {
            panic!()
        };
        assert_eq!(m["a"].value, Value::Int(1));
        assert_eq!(m["b"].value, Value::Int(3));
        let Value::Table(r) = &m["r"].value else {
            panic!()
        };
        assert_eq!(
            r.keys().collect::<Vec<_>>(),
            ["0-9"],
            "band tables are replaced whole"
        );
        let Value::Table(n) = &base["n"].value else {
            panic!()
        };
        assert!(matches!(&n["c"].value, Value::Array(a) if a.len() == 1));
        // An array of tables is replaced whole too, not merged entry by entry.
        let mut base = parse("[[p.rules]]\na = 1\nb = 2\n[[p.rules]]\na = 3\n");
        assert!(merge(&mut base, parse("[[p.rules]]\na = 5\n"), "").is_empty());
        let Value::Table(p) = &base["p"].value else {
            panic!()
        };
        let Value::Array(rules) = &p["rules"].value else {
            panic!()
        };
        assert_eq!(rules.len(), 1);
        let Value::Table(rule) = &rules[0].value else {
            panic!()
        };
        assert_eq!(rule.keys().collect::<Vec<_>>(), ["a"]);
        assert_eq!(rule["a"].value, Value::Int(5));
    }

    #[test]
    fn an_empty_table_over_a_table_is_refused_where_it_is_written() {
        let mut base = parse(
            "[m]\na = 1\n[e]\ncpi = { percent = 2.0, by_year = { \"2021\" = 0.9 } }\n\
             r = { \"0-14\" = 1, \"15+\" = 2 }\n",
        );
        let over = parse("[m]\n[e]\ncpi = { percent = 3.0, by_year = {} }\nr = {}\nnew = {}\n");
        let problems: Vec<String> = merge(&mut base, over, "")
            .iter()
            .map(Diagnostic::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "t.toml:3:24: e.cpi.by_year: an empty table changes nothing: tables merge key by \
                 key, and the keys (or years) already there stay; expected the keys to set",
                "t.toml:1:2: m: an empty table changes nothing: tables merge key by key, and the \
                 keys (or years) already there stay; expected the keys to set",
            ]
        );
        // The rest of the table merges; an age-band schedule is replaced whole
        // (its emptiness refused when read), and a table new to the base is added.
        let Value::Table(e) = &base["e"].value else {
            panic!("a table")
        };
        let Value::Table(cpi) = &e["cpi"].value else {
            panic!("a table")
        };
        assert_eq!(cpi["percent"].value, Value::Float(3.0));
        assert!(matches!(&cpi["by_year"].value, Value::Table(y) if y.len() == 1));
        assert_eq!(e["r"].value, Value::Table(Table::new()));
        assert_eq!(e["new"].value, Value::Table(Table::new()));
        // The command line's alike, inside a table it sets too.
        let value = parse_value("{ by_year = {}, percent = 4 }", "--set");
        let problems = set_path(&mut base, "e.cpi", value, "--set").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with("command line --set: e.cpi.by_year: an empty table changes nothing")
        );
    }

    #[test]
    fn extends_chains_and_dotted_keys_have_a_depth_limit() {
        let dir = tempfile::tempdir().unwrap();
        let name = |k: usize| format!("f{k}.toml");
        let write =
            |k: usize, text: String| std::fs::write(dir.path().join(name(k)), text).unwrap();
        write(MAX_EXTENDS, "x = 1\n".into());
        for k in 1..MAX_EXTENDS {
            write(k, format!("extends = \"{}\"\n", name(k + 1)));
        }
        assert_eq!(
            load(&dir.path().join(name(1))).unwrap().tree["x"].value,
            Value::Int(1)
        );
        write(0, format!("extends = \"{}\"\n", name(1)));
        let e = load(&dir.path().join(name(0))).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(
            e[0].to_string().ends_with(&format!(
                "f{}.toml:1:1: extends: extends \"f{}.toml\", a 65th file in a chain of extends; \
                 expected at most 64 files in a chain",
                MAX_EXTENDS - 1,
                MAX_EXTENDS
            )),
            "{}",
            e[0]
        );
        let mut t = Table::new();
        let key = |n: usize| vec!["a"; n].join(".");
        set_path(&mut t, &key(MAX_KEY_PARTS), Value::Int(1), "--set").unwrap();
        let e = set_path(&mut t, &key(60_000), Value::Int(1), "--set").unwrap_err();
        assert_eq!(
            e[0].to_string(),
            format!(
                "command line --set: {}.…: a key of 60000 dotted parts; expected at most 32, as no \
                 parameter is nested deeper",
                key(MAX_KEY_PARTS)
            )
        );
    }

    /// Something that exists but is not a file (a device; a link to itself)
    /// is not said to be missing.
    #[cfg(unix)]
    #[test]
    fn extends_what_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::write(p("d.toml"), "extends = \"/dev/null\"\n").unwrap();
        let e = load(&p("d.toml")).unwrap_err();
        assert!(
            e[0].message.contains("/dev/null is not a regular file"),
            "{}",
            e[0]
        );
        std::os::unix::fs::symlink(p("loop.toml"), p("loop.toml")).unwrap();
        std::fs::write(p("e.toml"), "extends = \"loop.toml\"\n").unwrap();
        let e = load(&p("e.toml")).unwrap_err();
        assert!(e[0].message.contains("cannot be read"), "{}", e[0]);
    }

    #[test]
    fn extends_missing_and_cycles() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::write(p("a.toml"), "extends = \"b.toml\"\nx = 1\n").unwrap();
        std::fs::write(p("b.toml"), "extends = \"a.toml\"\n").unwrap();
        let e = load(&p("a.toml")).unwrap_err();
        assert!(e[0].message.contains("cycle"), "{}", e[0]);
        std::fs::write(p("c.toml"), "extends = \"nowhere.toml\"\n").unwrap();
        let e = load(&p("c.toml")).unwrap_err();
        assert!(e[0].message.contains("does not exist"), "{}", e[0]);
        assert!(e[0].to_string().contains("c.toml:1:1"), "{}", e[0]);
        std::fs::write(p("base.toml"), "x = 1\n[t]\ny = 2\nz = 3\n").unwrap();
        std::fs::write(p("d.toml"), "extends = \"base.toml\"\n[t]\nz = 4\n").unwrap();
        let t = load(&p("d.toml")).unwrap().tree;
        let Value::Table(tt) = &t["t"].value else {
            panic!()
        };
        assert_eq!(tt["y"].value, Value::Int(2));
        assert_eq!(tt["z"].value, Value::Int(4));
        assert!(tt["z"].origin.to_string().contains("d.toml"));
    }
}
