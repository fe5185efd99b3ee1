//! What a run of generated cases covered and found: outcomes overall and per transform
//! (so coverage is visible), calls per function family, steps the checker refused while
//! drawing, and each bug once (its first case, how often it came up).

use super::recipe::{transforms, Generated};
use super::run::{DataError, Outcome};
use super::Case;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use wrangle_dsl::catalog::{self, Family};

/// A bug as first seen: the case, its outcome, how many cases failed the same way, and
/// the different causes seen under the one key (a few).
pub struct Found {
    pub case: Case,
    pub outcome: Outcome,
    pub count: usize,
    pub variants: BTreeSet<String>,
}

#[derive(Default)]
pub struct Tally {
    pub cases: usize,
    pub ok: usize,
    pub data: BTreeMap<DataError, usize>,
    /// Data errors whose message named the step.
    pub data_named: usize,
    pub refused: usize,
    pub bad_tables: Vec<String>,
    pub bugs: usize,
    /// Per transform: cases with it that ran, stopped on a data error, found a bug.
    pub per_transform: BTreeMap<&'static str, [usize; 3]>,
    /// Per function family: calls generated.
    pub per_family: BTreeMap<Family, usize>,
    pub functions: BTreeSet<String>,
    /// Steps drawn and refused by the checker, per transform, with a few messages.
    pub refused_steps: BTreeMap<&'static str, usize>,
    pub refusal_examples: BTreeMap<&'static str, Vec<String>>,
    /// Steps after which the checker's view of the table differed from the plan's, per
    /// transform, with a few examples (each with its recipe).
    pub disagreements: BTreeMap<&'static str, usize>,
    pub disagreement_examples: BTreeMap<&'static str, Vec<String>>,
    pub steps: usize,
    /// Printed steps that did not parse back: printer bugs.
    pub misprinted: BTreeSet<String>,
    /// Each bug by its key, in the order found.
    pub found: BTreeMap<String, Found>,
}

impl Tally {
    pub fn add(&mut self, generated: &Generated, outcome: Outcome) {
        let case = &generated.case;
        self.cases += 1;
        self.steps += case.steps.len();
        let column = match &outcome {
            Outcome::Ok { .. } => {
                self.ok += 1;
                Some(0)
            }
            Outcome::Data {
                kind, names_step, ..
            } => {
                *self.data.entry(*kind).or_default() += 1;
                self.data_named += usize::from(*names_step);
                Some(1)
            }
            Outcome::Bug(_) => {
                self.bugs += 1;
                Some(2)
            }
            Outcome::Refused(_) => {
                self.refused += 1;
                None
            }
            Outcome::BadTable(why) => {
                if self.bad_tables.len() < 10 {
                    self.bad_tables.push(why.clone());
                }
                None
            }
        };
        if let Some(column) = column {
            let mut seen = BTreeSet::new();
            for keyword in case.keywords() {
                if seen.insert(keyword) {
                    self.per_transform.entry(keyword).or_default()[column] += 1;
                }
            }
        }
        for f in case.functions() {
            if let Some(def) = catalog::lookup(&f) {
                *self.per_family.entry(def.family).or_default() += 1;
                self.functions.insert(def.name.to_string());
            }
        }
        for keyword in &generated.refused {
            *self.refused_steps.entry(keyword).or_default() += 1;
        }
        for (keyword, r) in &generated.refusals {
            let examples = self.refusal_examples.entry(keyword).or_default();
            if examples.len() < 3 {
                examples.push(r.clone());
            }
        }
        self.misprinted.extend(generated.misprinted.iter().cloned());
        let mut seen = BTreeSet::new();
        for (keyword, d, recipe) in &generated.disagreements {
            if !seen.insert(*keyword) {
                continue;
            }
            *self.disagreements.entry(keyword).or_default() += 1;
            let examples = self.disagreement_examples.entry(keyword).or_default();
            if examples.len() < 2 {
                let recipe = recipe.trim_end().replace('\n', "\n      ");
                examples.push(format!("{d}, after:\n      {recipe}"));
            }
        }
        if let Some(bug) = outcome.bug() {
            let key = bug.key();
            let detail = bug.detail.clone();
            let found = self.found.entry(key).or_insert_with(|| Found {
                case: case.clone(),
                outcome,
                count: 0,
                variants: BTreeSet::new(),
            });
            found.count += 1;
            if found.variants.len() < 5 {
                found.variants.insert(detail);
            }
        }
    }

    /// The counts as text: outcomes, per transform, per function family, refusals.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let data: usize = self.data.values().sum();
        let _ = writeln!(
            out,
            "{} cases ({} steps): {} ok, {} data errors ({}), {} bugs ({} distinct), {} refused, {} bad tables",
            self.cases,
            self.steps,
            self.ok,
            data,
            self.data
                .iter()
                .map(|(k, n)| format!("{k:?} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            self.bugs,
            self.found.len(),
            self.refused,
            self.bad_tables.len(),
        );
        let _ = writeln!(
            out,
            "data errors naming their step: {} of {data}",
            self.data_named
        );
        let _ = writeln!(
            out,
            "\n{:<14} {:<9} {:>6} {:>6} {:>6} {:>8}",
            "transform", "family", "ok", "data", "bug", "refused"
        );
        for transform in transforms() {
            let keyword = transform.keyword();
            let family = wrangle_dsl::reference::reference(transform).family.word();
            let [ok, data, bug] = self.per_transform.get(keyword).copied().unwrap_or_default();
            let refused = self.refused_steps.get(keyword).copied().unwrap_or_default();
            let _ = writeln!(
                out,
                "{keyword:<14} {family:<9} {ok:>6} {data:>6} {bug:>6} {refused:>8}"
            );
        }
        let _ = writeln!(
            out,
            "\n{:<34} {:>7} {:>10}",
            "function family", "calls", "functions"
        );
        for family in Family::ALL {
            let total = catalog::functions()
                .iter()
                .filter(|f| f.family == family)
                .count();
            let used = catalog::functions()
                .iter()
                .filter(|f| f.family == family && self.functions.contains(f.name))
                .count();
            let calls = self.per_family.get(&family).copied().unwrap_or_default();
            let _ = writeln!(
                out,
                "{:<34} {calls:>7} {:>10}",
                family.title(),
                format!("{used}/{total}")
            );
        }
        let never: Vec<&str> = catalog::functions()
            .iter()
            .filter(|f| !self.functions.contains(f.name))
            .map(|f| f.name)
            .collect();
        if !never.is_empty() {
            let _ = writeln!(out, "functions never generated: {}", never.join(", "));
        }
        if !self.refusal_examples.is_empty() {
            let _ = writeln!(out, "\nsteps the checker refused while drawing (examples):");
            for (keyword, examples) in &self.refusal_examples {
                for e in examples {
                    let _ = writeln!(out, "  {keyword}: {e}");
                }
            }
        }
        if !self.disagreements.is_empty() {
            let _ = writeln!(
                out,
                "\ncases where the checker's view of a column differs from the plan's, per step (examples):"
            );
            for (keyword, n) in &self.disagreements {
                let _ = writeln!(out, "  {keyword}: {n} cases");
                for e in self
                    .disagreement_examples
                    .get(keyword)
                    .into_iter()
                    .flatten()
                {
                    let _ = writeln!(out, "    {e}");
                }
            }
        }
        for why in &self.bad_tables {
            let _ = writeln!(out, "bad table: {why}");
        }
        out
    }
}

/// A bug made small, as text: what it is, how often it came up, how to get its first case
/// again, the error, and the small case as a `*.test.toml` case.
pub fn render_bug(
    index: usize,
    total: usize,
    key: &str,
    found: &Found,
    case: &Case,
    outcome: &Outcome,
) -> String {
    let mut out = String::new();
    let first_seed = found.case.seed;
    let _ = writeln!(out, "━━ bug {index} of {total}: {key}");
    let _ = writeln!(
        out,
        "   in {} case(s); the first is WRANGLE_GENERATED_CASE={first_seed}",
        found.count
    );
    if found.variants.len() > 1 {
        for v in &found.variants {
            let _ = writeln!(out, "   seen as: {v}");
        }
    }
    let (message, named) = match outcome {
        Outcome::Bug(b) => (b.message.clone(), b.names_step),
        other => (
            format!("(made small, it now gives: {})", other.label()),
            false,
        ),
    };
    let _ = writeln!(out, "   error: {message}");
    let _ = writeln!(
        out,
        "   the error names its step: {}",
        if named { "yes" } else { "no" }
    );
    let mut assertions = Vec::new();
    if let Some(columns) = case.checked_columns() {
        assertions.push(format!("columns = {}", toml_quoted(&columns)));
    }
    let notes = vec![
        format!("Found by the generated-recipes test (case seed {first_seed}), made small."),
        format!(
            "It fails with: {}",
            message.lines().next().unwrap_or_default()
        ),
    ];
    out.push_str(&case.test_toml(
        &format!("generated: {}", key.chars().take(70).collect::<String>()),
        &notes,
        &assertions,
    ));
    out
}

fn toml_quoted(s: &str) -> String {
    if s.contains('\'') || s.contains('\n') {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("'{s}'")
    }
}
