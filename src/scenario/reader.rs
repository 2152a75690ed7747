//! Typed reading of a scenario tree with validation.
//!
//! Each submodel reads its own parameters through a [`Section`], naming the
//! key, unit, valid range, meaning and source. Problems are collected (never
//! the first only), keys nobody read are reported as unknown with the keys
//! that exist, and every parameter read is recorded for the parameter table.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::Arc;

use super::diag::{Diagnostics, Origin};
use super::source::{Node, Table, Value};
use crate::bands::{AgeBands, Band, check_bands, parse_label};

/// One documented parameter, as read (for `ruralcare params` and the README table).
#[derive(Clone, Debug)]
pub struct ParamDoc {
    pub path: String,
    pub unit: String,
    pub range: String,
    pub about: String,
    pub source: String,
    pub value: String,
    /// Where the value was set; `None` when it is missing.
    pub origin: Option<Origin>,
}

/// Calendar year → value, read by [`Section::years`].
pub type YearTable = BTreeMap<i32, f64>;

/// The calendar years a year table may name.
pub const YEARS: RangeInclusive<i32> = 1900..=2200;

/// Shared state of one read: problems found and parameters documented.
#[derive(Default)]
pub struct ReadContext {
    pub diags: Diagnostics,
    pub docs: RefCell<Vec<ParamDoc>>,
    /// The scenario's own file (not one it extends), as origins name it.
    pub own_file: Option<Arc<str>>,
    /// Full paths at which a cross-field problem is reported first when its
    /// check reads one: the levers a schedule entry sets, when the scenario in
    /// force from its year is read (the entry changed them, not the table).
    pub preferred: Vec<String>,
}

/// A table of the scenario being read; call [`Section::finish`] when done.
pub struct Section<'a> {
    ctx: &'a ReadContext,
    /// The scenario's whole tree, where full TOML paths start.
    root: &'a Table,
    table: Option<&'a Table>,
    path: String,
    origin: Origin,
    known: Vec<&'static str>,
}

/// What a parameter means and where its default comes from.
#[derive(Clone, Copy)]
pub struct Doc {
    pub unit: &'static str,
    pub about: &'static str,
    pub source: &'static str,
}

/// Shorthand for a [`Doc`].
pub const fn doc(unit: &'static str, about: &'static str, source: &'static str) -> Doc {
    Doc {
        unit,
        about,
        source,
    }
}

/// A number as a reader writes it: whole numbers without a point, infinities
/// as ∞ and -∞, and magnitudes from 10¹⁵ or below 10⁻⁶ in exponent form
/// (1e308, not 309 digits).
fn fmt_num(x: f64) -> String {
    if x.is_infinite() {
        if x > 0.0 { "∞" } else { "-∞" }.into()
    } else if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A sum of decimal values as the user would write it (0.85, not
/// 0.8500000000000001): binary rounding past the ninth decimal left out.
pub fn fmt_sum(x: f64) -> String {
    fmt_num((x * 1e9).round() / 1e9)
}

/// A range as messages and the parameter table show it: `[0, 8]`.
pub fn fmt_range(r: &RangeInclusive<f64>) -> String {
    format!("[{}, {}]", fmt_num(*r.start()), fmt_num(*r.end()))
}

impl<'a> Section<'a> {
    /// The root table of a scenario.
    pub fn root(ctx: &'a ReadContext, table: &'a Table, origin: Origin) -> Self {
        Section {
            ctx,
            root: table,
            table: Some(table),
            path: String::new(),
            origin,
            known: Vec::new(),
        }
    }

    /// The full TOML path of this section's `key` (`pension.rules[0].from_year`).
    pub fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn error(&self, origin: &Origin, key: &str, message: String) {
        self.ctx
            .diags
            .push(origin.clone(), self.key_path(key), message);
    }

    fn record(&self, key: &str, d: Doc, range: String, value: String) {
        self.ctx.docs.borrow_mut().push(ParamDoc {
            path: self.key_path(key),
            unit: d.unit.into(),
            range,
            about: d.about.into(),
            source: d.source.into(),
            value,
            origin: self
                .table
                .and_then(|t| t.get(key))
                .map(|n| n.origin.clone()),
        });
    }

    /// Looks a key up, marking it known; reports it missing with what was expected.
    fn get(&mut self, key: &'static str, expected: &str) -> Option<&'a Node> {
        self.known.push(key);
        let node = self.table.and_then(|t| t.get(key));
        if node.is_none() && self.table.is_some() {
            // A table only the command line made (`--reps` into a file with no
            // [run]) lacks its other keys in the file, not on the command line.
            let at = match (&self.origin, &self.ctx.own_file) {
                (Origin::CommandLine(_), Some(file)) => Origin::File {
                    file: file.clone(),
                    line: 1,
                    col: 1,
                },
                (o, _) => o.clone(),
            };
            self.error(&at, key, format!("missing key; expected {expected}"));
        }
        node
    }

    fn wrong_type(&self, node: &Node, key: &str, expected: &str) {
        self.error(
            &node.origin,
            key,
            match &node.value {
                Value::Table(_) => format!("expected {expected}, found a table"),
                v => format!(
                    "expected {expected}, found {} ({})",
                    v.type_name(),
                    v.show()
                ),
            },
        );
    }

    /// A number in `range`, in `d.unit`.
    pub fn num(&mut self, key: &'static str, range: RangeInclusive<f64>, d: Doc) -> f64 {
        let expected = format!("a number in {} ({})", fmt_range(&range), d.unit);
        let value = self
            .get(key, &expected)
            .and_then(|n| self.number(n, key, &range, &expected));
        self.record(
            key,
            d,
            fmt_range(&range),
            value.map_or(String::new(), fmt_num),
        );
        value.unwrap_or(*range.start())
    }

    fn number(
        &self,
        node: &Node,
        key: &str,
        range: &RangeInclusive<f64>,
        expected: &str,
    ) -> Option<f64> {
        let x = match node.value {
            Value::Int(i) => i as f64,
            Value::Float(x) => x,
            _ => {
                self.wrong_type(node, key, expected);
                return None;
            }
        };
        if !range.contains(&x) {
            self.error(
                &node.origin,
                key,
                format!("value {} is out of range; expected {expected}", fmt_num(x)),
            );
            return None;
        }
        Some(x)
    }

    /// A probability (or share) in [0, 1].
    pub fn prob(&mut self, key: &'static str, d: Doc) -> f64 {
        self.num(key, 0.0..=1.0, d)
    }

    /// A whole number in `range`.
    pub fn int(&mut self, key: &'static str, range: RangeInclusive<i64>, d: Doc) -> i64 {
        let expected = format!(
            "a whole number in [{}, {}] ({})",
            range.start(),
            range.end(),
            d.unit
        );
        let value = self.get(key, &expected).and_then(|node| match node.value {
            Value::Int(i) if range.contains(&i) => Some(i),
            Value::Int(i) => {
                self.error(
                    &node.origin,
                    key,
                    format!("value {i} is out of range; expected {expected}"),
                );
                None
            }
            _ => {
                self.wrong_type(node, key, &expected);
                None
            }
        });
        let r = format!("[{}, {}]", range.start(), range.end());
        self.record(key, d, r, value.map_or(String::new(), |v| v.to_string()));
        value.unwrap_or(*range.start())
    }

    /// A boolean.
    pub fn flag(&mut self, key: &'static str, d: Doc) -> bool {
        let value = self
            .get(key, "true or false")
            .and_then(|node| match node.value {
                Value::Bool(b) => Some(b),
                _ => {
                    self.wrong_type(node, key, "true or false");
                    None
                }
            });
        self.record(
            key,
            d,
            "true/false".into(),
            value.map_or(String::new(), |v| v.to_string()),
        );
        value.unwrap_or(false)
    }

    /// Free text (names, descriptions); not a model parameter, so not documented.
    pub fn text(&mut self, key: &'static str) -> String {
        match self.get(key, "a string") {
            Some(Node {
                value: Value::Str(s),
                ..
            }) => s.clone(),
            Some(node) => {
                self.wrong_type(node, key, "a string");
                String::new()
            }
            None => String::new(),
        }
    }

    /// One of a fixed set of words.
    pub fn choice(&mut self, key: &'static str, options: &[&'static str], d: Doc) -> &'static str {
        self.variant(key, options, d).unwrap_or(options[0])
    }

    /// One of a fixed set of words, or `None` when it is missing or not one of
    /// them (reported), so a caller can skip reading what depends on it.
    pub fn variant(
        &mut self,
        key: &'static str,
        options: &[&'static str],
        d: Doc,
    ) -> Option<&'static str> {
        let expected = format!(
            "one of {}",
            options
                .iter()
                .map(|o| format!("\"{o}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let value = self.get(key, &expected).and_then(|node| match &node.value {
            Value::Str(s) => match options.iter().find(|o| **o == s) {
                Some(o) => Some(*o),
                None => {
                    self.error(
                        &node.origin,
                        key,
                        format!("\"{s}\" is not allowed; expected {expected}"),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(node, key, &expected);
                None
            }
        });
        // Listed with "/" so the Markdown parameter table keeps its columns.
        self.record(
            key,
            d,
            options.join(" / "),
            value.unwrap_or_default().to_string(),
        );
        value
    }

    /// An age-band table `{ "0-14" = x, "15-59" = y, "60+" = z }` with values in
    /// `range`; bands must not overlap nor leave a hole between them and, with
    /// `cover`, must span those ages.
    pub fn bands(
        &mut self,
        key: &'static str,
        range: RangeInclusive<f64>,
        cover: Option<(u8, u8)>,
        d: Doc,
    ) -> AgeBands {
        let cover_text = cover.map_or(String::new(), |(a, b)| format!(" covering ages {a}-{b}"));
        let expected = format!(
            "a table of age bands (\"15-19\" = value, \"90+\" = value){cover_text}, values in {} ({})",
            fmt_range(&range),
            d.unit
        );
        // What each band's value must be.
        let each = format!("a number in {} ({})", fmt_range(&range), d.unit);
        let mut bands = Vec::new();
        let mut shown = Vec::new();
        if let Some(node) = self.get(key, &expected) {
            match &node.value {
                Value::Table(t) => {
                    let mut labels = Vec::new();
                    for (label, v) in t {
                        let sub = format!("{key}.\"{label}\"");
                        match parse_label(label) {
                            Err(m) => self.error(&v.origin, &sub, m),
                            Ok((from, to)) => {
                                labels.push((label.clone(), from, to));
                                if let Some(x) = self.number(v, &sub, &range, &each) {
                                    bands.push(Band { from, to, value: x });
                                    shown.push((from, format!("{label}: {}", fmt_num(x))));
                                }
                            }
                        }
                    }
                    if t.is_empty() {
                        self.error(
                            &node.origin,
                            key,
                            format!("expected {expected}, found an empty table"),
                        );
                    }
                    for m in check_bands(&labels, cover) {
                        // Point at a band the problem concerns: the command line's if
                        // one is, else the last in the scenario's own file (an override
                        // of a file it extends), else the last.
                        let origins: Vec<&Origin> =
                            m.bands.iter().map(|&i| &t[&labels[i].0].origin).collect();
                        let own = |o: &&&Origin| match o {
                            Origin::File { file, .. } => self.ctx.own_file.as_ref() == Some(file),
                            Origin::CommandLine(_) => false,
                        };
                        let at = origins
                            .iter()
                            .find(|o| matches!(o, Origin::CommandLine(_)))
                            .or_else(|| origins.iter().rev().find(own))
                            .or(origins.last())
                            .copied()
                            .unwrap_or(&node.origin);
                        self.error(at, key, m.message);
                    }
                }
                _ => self.wrong_type(node, key, &expected),
            }
        }
        shown.sort_by_key(|s| s.0);
        let value = shown
            .into_iter()
            .map(|s| s.1)
            .collect::<Vec<_>>()
            .join("; ");
        self.record(key, d, format!("{} per band", fmt_range(&range)), value);
        AgeBands::new(bands)
    }

    /// A table of calendar years → value, `{ "2020" = 93, "2021" = 98 }`, with
    /// values in `range`; every key must be a year in [`YEARS`], written as
    /// one is (`"02021"` or `" 2021"` would stand beside an extended file's
    /// `"2021"` after the merge, and one of the two would be lost). May be empty.
    pub fn years(&mut self, key: &'static str, range: RangeInclusive<f64>, d: Doc) -> YearTable {
        let expected = format!(
            "a table of years (\"2021\" = value), values in {} ({})",
            fmt_range(&range),
            d.unit
        );
        let each = format!("a number in {} ({})", fmt_range(&range), d.unit);
        let mut table = YearTable::new();
        if let Some(node) = self.get(key, &expected) {
            match &node.value {
                Value::Table(t) => {
                    for (label, v) in t {
                        let sub = format!("{key}.\"{label}\"");
                        match label.parse::<i32>() {
                            Ok(y) if YEARS.contains(&y) && y.to_string() == *label => {
                                if let Some(x) = self.number(v, &sub, &range, &each) {
                                    table.insert(y, x);
                                }
                            }
                            _ => self.error(
                                &v.origin,
                                &sub,
                                format!(
                                    "\"{label}\" is not a year; expected a year from {} to {} written in digits alone, such as \"2021\"",
                                    YEARS.start(),
                                    YEARS.end()
                                ),
                            ),
                        }
                    }
                }
                _ => self.wrong_type(node, key, &expected),
            }
        }
        let value = table
            .iter()
            .map(|(y, x)| format!("{y}: {}", fmt_num(*x)))
            .collect::<Vec<_>>()
            .join("; ");
        self.record(key, d, format!("{} per year", fmt_range(&range)), value);
        table
    }

    /// An array of tables (`[[key]]` blocks): one section per element, with
    /// paths `key[0]`, `key[1]`, … Call [`Section::finish`] on each. An element
    /// that is not a table is reported and stands in silently ([`Section::stands_in`]),
    /// so that the others keep their places.
    pub fn tables(&mut self, key: &'static str) -> Vec<Section<'a>> {
        let expected = format!("an array of tables ([[{}]] blocks)", self.key_path(key));
        let Some(node) = self.get(key, &expected) else {
            return Vec::new();
        };
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, key, &expected);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let sub = format!("{key}[{i}]");
            let table = match &item.value {
                Value::Table(t) => Some(t),
                _ => {
                    self.wrong_type(item, &sub, "a table");
                    None
                }
            };
            out.push(Section {
                ctx: self.ctx,
                root: self.root,
                table,
                path: self.key_path(&sub),
                origin: item.origin.clone(),
                known: Vec::new(),
            });
        }
        out
    }

    /// A nested table. A missing one is reported once; its reads then yield defaults silently.
    pub fn section(&mut self, key: &'static str) -> Section<'a> {
        let path = self.key_path(key);
        let mut sub = Section {
            ctx: self.ctx,
            root: self.root,
            table: None,
            path,
            origin: self.origin.clone(),
            known: Vec::new(),
        };
        if let Some(node) = self.get(key, "a table") {
            match &node.value {
                Value::Table(t) => {
                    sub.table = Some(t);
                    sub.origin = node.origin.clone();
                }
                _ => self.wrong_type(node, key, "a table"),
            }
        }
        sub
    }

    /// Reports a cross-field problem at the position of `keys[0]` unless
    /// `ok`. `keys` are the values the check reads: it is skipped when one of
    /// them already has a problem, or a table holding it does (a missing
    /// section), since a stand-in was read in its place and the check would
    /// report a problem that is not in the file. A key with a dot is a full
    /// TOML path (`run.start_year`, `pension.rules[0].over.amounts`; see
    /// [`Section::key_path`]), for the skip and the position alike.
    pub fn require(&self, keys: &[&str], ok: bool, message: impl FnOnce() -> String) {
        let full = |k: &str| {
            if k.contains('.') {
                k.to_string()
            } else {
                self.key_path(k)
            }
        };
        let stand_in = self.table.is_none() || keys.iter().any(|k| self.ctx.diags.covers(&full(k)));
        if ok || stand_in {
            return;
        }
        // Reported where the user changed something: at the first of the
        // keys a schedule entry sets (when its year's scenario is read), else
        // set on the command line, else in the scenario's own file, else at
        // the first key (a problem of the extended file itself).
        let own = |o: &Origin| match o {
            Origin::CommandLine(_) => true,
            Origin::File { file, .. } => self.ctx.own_file.as_ref() == Some(file),
        };
        let first = |set_there: &dyn Fn(&Origin) -> bool| {
            keys.iter()
                .map(|k| full(k))
                .find(|k| self.origin_at(k).is_some_and(set_there))
        };
        let path = keys
            .iter()
            .map(|k| full(k))
            .find(|k| self.ctx.preferred.contains(k))
            .or_else(|| first(&|o| matches!(o, Origin::CommandLine(_))))
            .or_else(|| first(&own))
            .unwrap_or_else(|| full(keys[0]));
        let origin = self.origin_at(&path).unwrap_or(&self.origin);
        self.ctx.diags.push(origin.clone(), path, message());
    }

    /// Where the value at a full TOML path (`pension.rules[0].over.amounts`)
    /// was set; a table with a value set on the command line (one band of a
    /// schedule) counts as set there.
    fn origin_at(&self, path: &str) -> Option<&'a Origin> {
        let mut table = self.root;
        let mut parts = path.split('.').peekable();
        loop {
            let part = parts.next()?;
            let node = match part.strip_suffix(']').and_then(|p| p.split_once('[')) {
                Some((key, index)) => match &table.get(key)?.value {
                    Value::Array(items) => items.get(index.parse::<usize>().ok()?)?,
                    _ => return None,
                },
                None => table.get(part)?,
            };
            match (&node.value, parts.peek()) {
                (Value::Table(inner), Some(_)) => table = inner,
                (_, Some(_)) => return None,
                (Value::Table(inner), None) => {
                    let set_here = inner
                        .values()
                        .map(|n| &n.origin)
                        .find(|o| matches!(o, Origin::CommandLine(_)));
                    return Some(set_here.unwrap_or(&node.origin));
                }
                (_, None) => return Some(&node.origin),
            }
        }
    }

    /// This section's table, when it has one.
    pub fn table(&self) -> Option<&'a Table> {
        self.table
    }

    /// Reports a problem at `path` (a full TOML path), found at `origin`.
    pub fn report(&self, origin: Origin, path: String, message: String) {
        self.ctx.diags.push(origin, path, message);
    }

    /// Whether any problem has been found in the scenario so far.
    pub fn problems_found(&self) -> bool {
        !self.ctx.diags.is_empty()
    }

    /// Marks `keys` known without reading them: keys whose meaning depends on
    /// a value found bad (a rule's parameters when the rule is unknown).
    pub fn accept(&mut self, keys: &[&'static str]) {
        self.known.extend_from_slice(keys);
    }

    /// Whether this section stands in for a table that is missing or is not one:
    /// its reads give defaults, which checks across sections should not weigh.
    pub fn stands_in(&self) -> bool {
        self.table.is_none()
    }

    /// Reports every key present but never read, listing the keys that exist.
    pub fn finish(self) {
        let Some(t) = self.table else { return };
        for (k, node) in t {
            if !self.known.contains(&k.as_str()) {
                let mut known = self.known.clone();
                known.sort_unstable();
                known.dedup();
                self.error(
                    &node.origin,
                    k,
                    format!("unknown key; keys that exist here: {}", known.join(", ")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::source::parse_text;
    use std::sync::Arc;

    const D: Doc = doc("u", "test", "test");

    #[test]
    fn sums_of_shares_show_as_written() {
        let noisy: f64 = 0.1 + 0.2;
        assert_eq!(noisy.to_string(), "0.30000000000000004");
        assert_eq!(fmt_sum(noisy), "0.3");
        assert_eq!(fmt_sum(0.2 + 0.4 + 0.4), "1");
        assert_eq!(fmt_sum(1.25), "1.25");
    }

    #[test]
    fn infinities_and_extreme_magnitudes_show_in_short_form() {
        let (_, errs) = read(
            "a = inf\nb = -inf\nc = 1e308\nd = -1e-300\ne = 1.5e15\n",
            |s| ["a", "b", "c", "d", "e"].map(|k| s.num(k, 0.0..=1e9, D)),
        );
        let values: Vec<&str> = errs
            .iter()
            .map(|e| {
                e.split("value ")
                    .nth(1)
                    .unwrap()
                    .split(" is")
                    .next()
                    .unwrap()
            })
            .collect();
        assert_eq!(values, ["∞", "-∞", "1e308", "-1e-300", "1.5e15"]);
        assert!(errs[0].starts_with(
            "s.toml:1:1: a: value ∞ is out of range; expected a number in [0, 1000000000] (u)"
        ));
        assert_eq!(
            (fmt_num(0.000001), fmt_num(2.5), fmt_num(-3.0)),
            ("0.000001".into(), "2.5".into(), "-3".into())
        );
    }

    fn read<T>(text: &str, f: impl FnOnce(&mut Section) -> T) -> (T, Vec<String>) {
        let t = parse_text(Arc::from("s.toml"), text).unwrap();
        let ctx = ReadContext::default();
        let mut s = Section::root(
            &ctx,
            &t,
            Origin::File {
                file: Arc::from("s.toml"),
                line: 1,
                col: 1,
            },
        );
        let v = f(&mut s);
        s.finish();
        (
            v,
            ctx.diags.into_vec().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn reads_values_and_collects_every_problem() {
        let (v, errs) = read("[m]\np = 1.3\nq = \"x\"\nr = 0.5\nextra = 1\n", |s| {
            let mut m = s.section("m");
            let v = (
                m.prob("p", D),
                m.num("q", 0.0..=2.0, D),
                m.prob("r", D),
                m.prob("absent", D),
            );
            m.finish();
            v
        });
        assert_eq!(v.2, 0.5);
        assert_eq!(errs.len(), 4, "{errs:#?}");
        // In reading order: the missing key at its table's header first.
        assert!(errs[0].contains("m.absent: missing key"));
        assert!(errs[1].starts_with(
            "s.toml:2:1: m.p: value 1.3 is out of range; expected a number in [0, 1]"
        ));
        assert!(errs[2].contains("m.q: expected a number in [0, 2] (u), found a string (\"x\")"));
        assert!(errs[3].contains("m.extra: unknown key; keys that exist here: absent, p, q, r"));
    }

    #[test]
    fn bands_are_checked() {
        let (b, errs) = read(
            "b = { \"0-14\" = 0.1, \"10-19\" = 0.2, \"20+\" = -1 }\n",
            |s| s.bands("b", 0.0..=1.0, None, D),
        );
        assert_eq!(b.at(5), 0.1);
        assert_eq!(errs.len(), 2, "{errs:#?}");
        assert!(errs.iter().any(|e| e.contains("overlaps")));
        assert!(
            errs.iter()
                .any(|e| e.contains("b.\"20+\": value -1 is out of range"))
        );
    }

    #[test]
    fn choices_and_ints() {
        let (v, errs) = read("c = \"b\"\ni = 5\nj = 2.5\n", |s| {
            (
                s.choice("c", &["a", "b"], D),
                s.int("i", 0..=3, D),
                s.int("j", 0..=3, D),
            )
        });
        assert_eq!(v.0, "b");
        assert_eq!(errs.len(), 2, "{errs:#?}");
    }

    #[test]
    fn year_tables_check_years_and_values() {
        let (t, errs) = read(
            "y = { \"2021\" = 0.9, \"2020\" = 2.5, \"20x2\" = 1, \"1850\" = 1, \"2023\" = 200, \
             \"02024\" = 1, \"+2025\" = 1, \" 2026\" = 1 }\n",
            |s| s.years("y", -50.0..=100.0, D),
        );
        assert_eq!(
            t.into_iter().collect::<Vec<_>>(),
            [(2020, 2.5), (2021, 0.9)]
        );
        assert_eq!(errs.len(), 6, "{errs:#?}");
        for label in ["20x2", "02024", "+2025", " 2026"] {
            assert!(
                errs.iter()
                    .any(|e| e.contains(&format!("y.\"{label}\": \"{label}\" is not a year"))),
                "{label}: {errs:#?}"
            );
        }
        assert!(
            errs.iter()
                .any(|e| e.contains("y.\"1850\": \"1850\" is not a year"))
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("y.\"2023\": value 200 is out of range"))
        );
    }

    #[test]
    fn arrays_of_tables_give_one_section_per_block() {
        let (v, errs) = read("[[r]]\na = 1\n[[r]]\na = 2\nb = 3\n[m]\nr = 5\n", |s| {
            let a: Vec<f64> = s
                .tables("r")
                .into_iter()
                .map(|mut t| {
                    let a = t.num("a", 0.0..=9.0, D);
                    t.finish();
                    a
                })
                .collect();
            let mut m = s.section("m");
            assert!(m.tables("r").is_empty());
            m.finish();
            a
        });
        assert_eq!(v, [1.0, 2.0]);
        assert_eq!(errs.len(), 2, "{errs:#?}");
        assert!(errs[0].starts_with("s.toml:5:1: r[1].b: unknown key; keys that exist here: a"));
        assert!(
            errs[1].contains("m.r: expected an array of tables ([[m.r]] blocks), found an integer")
        );
    }
}
