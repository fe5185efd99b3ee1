//! What a click in a column's profile selects: a value, a histogram bar (with more added
//! by Ctrl-click), or a part of the quality bar; the rows it picks in a table, and the
//! condition in the language for a step on them, placed before the `settype` whose text it
//! reads when the cells were emptied by one.

use super::cells::{is_missing, text_value};
use super::profile::{bin_bounds, fitter, numbers, Bin, ColumnProfile};
use super::table::Table;
use datafusion::arrow::array::Array;
use wrangle_dsl::print::{print_name, quote_string};

/// What a click in a profile selected.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    /// Text (or a boolean) equal to this value.
    Value(String),
    /// A histogram bar: `low <= x < high` (`<=` for the last bar).
    Range {
        low: String,
        high: String,
        last: bool,
    },
    Missing,
    Mismatched,
}

/// A selection's condition in the language, and where its step goes.
#[derive(Clone, Debug, PartialEq)]
pub struct RowCondition {
    pub condition: String,
    /// Before the `settype` that emptied the cells selected (after the step shown when
    /// none).
    pub before_settype: Option<SetTypeAt>,
}

/// A `settype` of a column (by its name there) to a type (as the language writes it).
#[derive(Clone, Debug, PartialEq)]
pub struct SetTypeAt {
    pub column: String,
    pub type_text: String,
}

/// What is selected in a column: a pick, and the values or bars Ctrl-clicked beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub column: String,
    pub pick: Pick,
    /// More values or bars of the same column (Ctrl or Cmd and click): their rows too.
    pub also: Vec<Pick>,
}

impl Selection {
    pub fn of(column: impl Into<String>, pick: Pick) -> Selection {
        Selection {
            column: column.into(),
            pick,
            also: Vec::new(),
        }
    }

    /// Every pick, the first one first.
    pub fn picks(&self) -> impl Iterator<Item = &Pick> {
        std::iter::once(&self.pick).chain(&self.also)
    }

    /// This selection with `pick` of `column` added, or taken out when it is there (Ctrl
    /// or Cmd and click). Values and bars add up; anything else starts a new selection.
    pub fn toggled(&self, column: &str, pick: Pick) -> Selection {
        let adds = |p: &Pick| matches!(p, Pick::Value(_) | Pick::Range { .. });
        if self.column != column || !adds(&pick) || !adds(&self.pick) {
            return Selection::of(column, pick);
        }
        let mut picks: Vec<Pick> = self.picks().cloned().collect();
        match picks.iter().position(|p| *p == pick) {
            Some(at) if picks.len() > 1 => {
                picks.remove(at);
            }
            Some(_) => {}
            None => picks.push(pick),
        }
        let first = picks.remove(0);
        Selection {
            column: column.to_string(),
            pick: first,
            also: picks,
        }
    }

    /// The condition, in the language, that is true on exactly the selected rows.
    pub fn condition(&self, looks_like: Option<&str>, is_boolean: bool) -> String {
        if self.also.is_empty() {
            return self.condition_of(&self.pick, looks_like, is_boolean);
        }
        let name = print_name(&self.column);
        let values: Option<Vec<String>> = self
            .picks()
            .map(|p| match p {
                Pick::Value(v) if is_boolean => Some(v.clone()),
                Pick::Value(v) => Some(quote_string(v)),
                _ => None,
            })
            .collect();
        match values {
            Some(values) => format!("{name} in ({})", values.join(", ")),
            None => self
                .picks()
                .map(|p| format!("({})", self.condition_of(p, looks_like, is_boolean)))
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }

    fn condition_of(&self, pick: &Pick, looks_like: Option<&str>, is_boolean: bool) -> String {
        let name = print_name(&self.column);
        match pick {
            Pick::Value(v) if is_boolean => format!("{name} = {v}"),
            Pick::Value(v) => format!("{name} = {}", quote_string(v)),
            Pick::Range { low, high, last } => {
                let upper = if *last { "<=" } else { "<" };
                format!("{name} >= {low} and {name} {upper} {high}")
            }
            Pick::Missing => format!("is_missing({name})"),
            Pick::Mismatched => match looks_like {
                Some(kind) => format!(
                    "not is_missing({name}) and not is_valid({name}, {})",
                    quote_string(kind)
                ),
                None => format!("is_missing({name})"),
            },
        }
    }

    /// The step's condition for the selected rows of `table`, and where it goes. Cells a
    /// `settype` emptied are null after it, mismatched or missing alike: their condition
    /// reads the text before that `settype` (`not is_valid(…)`, `is_missing(…)`), and the
    /// step goes just before it, so each part of the quality bar has its own step.
    pub fn row_condition(&self, table: &Table, profile: &ColumnProfile) -> RowCondition {
        let at_settype = table.mismatched.get(&self.column).filter(|m| !m.is_empty());
        match (&self.pick, at_settype) {
            (Pick::Mismatched | Pick::Missing, Some(marks)) => {
                let name = print_name(&marks.column_at_settype);
                let condition = if self.pick == Pick::Missing {
                    format!("is_missing({name})")
                } else {
                    format!(
                        "not is_missing({name}) and not is_valid({name}, {})",
                        quote_string(&marks.type_text)
                    )
                };
                RowCondition {
                    condition,
                    before_settype: Some(SetTypeAt {
                        column: marks.column_at_settype.clone(),
                        type_text: marks.type_text.clone(),
                    }),
                }
            }
            _ => RowCondition {
                condition: self.condition(profile.looks_like, profile.type_name == "boolean"),
                before_settype: None,
            },
        }
    }

    /// Which rows of the table are selected.
    pub fn rows(&self, table: &Table, profile: &ColumnProfile) -> Vec<bool> {
        let mut rows = self.rows_of(&self.pick, table, profile);
        for pick in &self.also {
            for (row, also) in rows.iter_mut().zip(self.rows_of(pick, table, profile)) {
                *row |= also;
            }
        }
        rows
    }

    fn rows_of(&self, pick: &Pick, table: &Table, profile: &ColumnProfile) -> Vec<bool> {
        let Some(array) = table.column(&self.column) else {
            return vec![false; table.num_rows()];
        };
        let n = table.num_rows();
        match pick {
            Pick::Value(v) => {
                let texts = super::cells::CellText::new(array.as_ref());
                (0..n)
                    .map(|i| !array.is_null(i) && &texts.text(i) == v)
                    .collect()
            }
            Pick::Range { .. } => {
                let Some(values) = numbers(array.as_ref()) else {
                    return vec![false; n];
                };
                let bin = profile
                    .histogram
                    .iter()
                    .position(|b| Pick::from_bin(b) == *pick);
                let bounds = bin.map(|at| bin_bounds(&values, at));
                (0..n)
                    .map(|i| match (values[i], bounds) {
                        (Some(x), Some((lo, hi, last))) => x >= lo && (x < hi || (last && x <= hi)),
                        _ => false,
                    })
                    .collect()
            }
            Pick::Missing => (0..n)
                .map(|i| is_missing(array.as_ref(), i) && !table.is_mismatched(&self.column, i))
                .collect(),
            Pick::Mismatched => {
                let fits = profile.looks_like.map(fitter);
                (0..n)
                    .map(|i| {
                        table.is_mismatched(&self.column, i)
                            || match (fits, text_value(array.as_ref(), i)) {
                                (Some(fits), Some(t)) => !t.trim().is_empty() && !fits(t.trim()),
                                _ => false,
                            }
                    })
                    .collect()
            }
        }
    }
}

impl Pick {
    pub fn from_bin(bin: &Bin) -> Pick {
        Pick::Range {
            low: bin.low.clone(),
            high: bin.high.clone(),
            last: bin.last,
        }
    }
}
