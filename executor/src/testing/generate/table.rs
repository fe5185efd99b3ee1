//! Small random tables with the values that break tools: nulls, empty and unicode text,
//! NaN and infinities, the extreme integers, dates at month and year ends, repeated keys
//! and ties, and now and then more than 32 rows. A table is kept as values and written in
//! the test-table format; its record batch is read back from that text exactly as
//! `wrangle test` reads a case's table, so a printed case reproduces what ran.

use super::random::Rng;
use super::schema::Ty;
use crate::testing::table::{parse_table, Placement};
use crate::testing::values::{cell_text, header_name, input_batch};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use datafusion::arrow::array::RecordBatch;
use datafusion::common::ScalarValue;
use wrangle_dsl::ast::{self, BinaryOp, ExprKind, Literal, Name, UnaryOp};
use wrangle_dsl::Span;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    /// The digits without the point, the precision and the scale.
    Decimal(i128, u8, i8),
    Bool(bool),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
    List(Vec<Value>),
    Struct(Vec<(String, Value)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub columns: Vec<(String, Ty)>,
    pub rows: Vec<Vec<Value>>,
}

fn expr(kind: ExprKind) -> ast::Expr {
    ast::Expr::new(kind, Span::default())
}

fn lit(l: Literal) -> ast::Expr {
    expr(ExprKind::Literal(l))
}

/// A whole number as the language writes it: negative ones as `-` before the digits, and
/// the smallest, which has no literal, as `-9223372036854775807 - 1`.
pub fn int_expr(i: i64) -> ast::Expr {
    if i == i64::MIN {
        return expr(ExprKind::Binary {
            op: BinaryOp::Sub,
            left: Box::new(int_expr(-i64::MAX)),
            right: Box::new(lit(Literal::Integer(1))),
        });
    }
    if i < 0 {
        return expr(ExprKind::Unary {
            op: UnaryOp::Neg,
            expr: Box::new(lit(Literal::Integer(-i))),
        });
    }
    lit(Literal::Integer(i))
}

/// A float as the language writes it; NaN and the infinities as `to_float("…")`.
pub fn float_expr(f: f64) -> ast::Expr {
    if !f.is_finite() {
        let text = if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "inf"
        } else {
            "-inf"
        };
        return call("to_float", vec![lit(Literal::String(text.into()))]);
    }
    if f.is_sign_negative() && f != 0.0 {
        return expr(ExprKind::Unary {
            op: UnaryOp::Neg,
            expr: Box::new(lit(Literal::Float(-f))),
        });
    }
    lit(Literal::Float(f.abs()))
}

pub fn call(name: &str, args: Vec<ast::Expr>) -> ast::Expr {
    expr(ExprKind::Call {
        function: Name::new(name, Span::default()),
        args,
    })
}

fn decimal_text(digits: i128, scale: i8) -> String {
    let negative = digits < 0;
    let abs = digits.unsigned_abs().to_string();
    let scale = scale.max(0) as usize;
    let text = if scale == 0 {
        abs
    } else {
        let padded = format!("{abs:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        format!("{whole}.{fraction}")
    };
    if negative {
        format!("-{text}")
    } else {
        text
    }
}

impl Value {
    /// The value as an expression of the language (a literal, a list or a struct).
    pub fn expr(&self) -> ast::Expr {
        match self {
            Value::Null => lit(Literal::Null),
            Value::Str(s) => lit(Literal::String(s.clone())),
            Value::Int(i) => int_expr(*i),
            Value::Float(f) => float_expr(*f),
            // Exactly, in a list or a struct (a float could round past the precision).
            Value::Decimal(digits, precision, scale) => call(
                "to_decimal",
                vec![
                    lit(Literal::String(decimal_text(*digits, *scale))),
                    lit(Literal::Integer(i64::from(*precision))),
                    lit(Literal::Integer(i64::from(*scale))),
                ],
            ),
            Value::Bool(b) => lit(Literal::Boolean(*b)),
            Value::Date(d) => lit(Literal::Date(*d)),
            Value::Timestamp(t) => lit(Literal::Timestamp(ast::Timestamp {
                datetime: *t,
                offset_seconds: None,
            })),
            Value::List(items) => expr(ExprKind::List(items.iter().map(Value::expr).collect())),
            Value::Struct(fields) => expr(ExprKind::Struct(
                fields
                    .iter()
                    .map(|(n, v)| (Name::new(n.clone(), Span::default()), v.expr()))
                    .collect(),
            )),
        }
    }

    /// The value as a cell of a table.
    pub fn cell(&self) -> String {
        match self {
            Value::Str(s) => cell_text(&ScalarValue::Utf8(Some(s.clone()))),
            Value::Decimal(digits, _, scale) => decimal_text(*digits, *scale),
            other => wrangle_dsl::print_expr(&other.expr()),
        }
    }
}

impl Table {
    /// The table in the test-table format, aligned, with every column's type.
    pub fn text(&self) -> String {
        let header: Vec<String> = self
            .columns
            .iter()
            .map(|(name, ty)| match ty.type_expr() {
                Some(t) => format!(
                    "{}: {}",
                    header_name(name),
                    wrangle_dsl::print::print_type(&t)
                ),
                None => header_name(name),
            })
            .collect();
        let mut lines = vec![header];
        for row in &self.rows {
            lines.push(row.iter().map(Value::cell).collect());
        }
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                lines
                    .iter()
                    .map(|l| l[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut text = String::new();
        for line in lines {
            let cells: Vec<String> = line
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            text.push_str(cells.join(" | ").trim_end());
            text.push('\n');
        }
        text
    }

    /// The table as `wrangle test` reads it from its text.
    pub fn batch(&self) -> Result<RecordBatch, String> {
        let text = self.text();
        let parsed = parse_table(
            &text,
            Placement {
                start: 0,
                exact: true,
            },
        )
        .map_err(|e| format!("{} (at byte {})", e.message, e.at))?;
        input_batch(&parsed).map_err(|e| format!("{} (at byte {})", e.message, e.at))
    }

    pub fn without_row(&self, row: usize) -> Table {
        let mut t = self.clone();
        t.rows.remove(row);
        t
    }

    pub fn without_column(&self, column: usize) -> Table {
        let mut t = self.clone();
        t.columns.remove(column);
        for row in &mut t.rows {
            row.remove(column);
        }
        t
    }
}

const TEXTS: &[&str] = &[
    "",
    " ",
    "a",
    "A",
    "abc",
    "Ada",
    "ada",
    "ADA",
    "Bob",
    "日本",
    "é",
    "e\u{301}",
    "Straße",
    "a,b",
    "a;b",
    "a|b",
    "a,b,c",
    "x y  z",
    " lead",
    "trail ",
    "null",
    "NULL",
    "NaN",
    "1",
    "-2",
    "3.5",
    "007",
    "2024-02-29",
    "2024-13-01",
    "true",
    "yes",
    "N",
    "{\"a\": 1}",
    "[1,2]",
    "a\tb",
    "line\nbreak",
    "🎉",
    "ada@example.com",
    "https://x.org/a?b=1",
    "02134",
    "02134-1234",
    "AB-123",
    "x=1;y=2",
    "$1",
    "\\",
    "\"",
    "%",
    "a.b",
    "Crème brûlée",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn random_date(rng: &mut Rng) -> NaiveDate {
    match rng.below(10) {
        0..=3 => *rng.pick(&[
            date(2024, 1, 31),
            date(2024, 2, 29),
            date(2023, 2, 28),
            date(2024, 4, 30),
            date(2024, 12, 31),
            date(2023, 12, 31),
            date(2025, 1, 1),
            date(1970, 1, 1),
            date(1969, 12, 31),
            date(2000, 2, 29),
            date(1900, 3, 1),
        ]),
        4 => *rng.pick(&[date(1, 1, 1), date(9999, 12, 31), date(2262, 4, 12)]),
        _ => {
            let start = date(1990, 1, 1);
            start + chrono::Duration::days(rng.range(0, 40 * 366))
        }
    }
}

fn random_timestamp(rng: &mut Rng) -> NaiveDateTime {
    let day = random_date(rng);
    let time = match rng.below(6) {
        0 => NaiveTime::MIN,
        1 => NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or_default(),
        2 => NaiveTime::from_hms_milli_opt(13, 45, 0, 250).unwrap_or_default(),
        _ => NaiveTime::from_hms_opt(
            rng.range(0, 23) as u32,
            rng.range(0, 59) as u32,
            rng.range(0, 59) as u32,
        )
        .unwrap_or_default(),
    };
    day.and_time(time)
}

/// A value of a type, an edge case about a third of the time.
pub fn random_value(rng: &mut Rng, ty: &Ty) -> Value {
    match ty {
        Ty::String => Value::Str(rng.pick(TEXTS).to_string()),
        Ty::Integer => Value::Int(match rng.below(10) {
            0 => *rng.pick(&[i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1]),
            1 => *rng.pick(&[2_147_483_648, -2_147_483_649, 4_294_967_296, 1_000_000_007]),
            2 => *rng.pick(&[0, 1, -1]),
            _ => rng.range(-20, 100),
        }),
        Ty::Float => Value::Float(match rng.below(10) {
            0 => *rng.pick(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
            1 => *rng.pick(&[0.0, -0.0, 1e-9, 1e300, -1e300, f64::MIN_POSITIVE, 0.1]),
            2 => *rng.pick(&[0.5, 1.5, 2.5, -2.5, 3.0]),
            _ => (rng.float(-100.0, 100.0) * 100.0).round() / 100.0,
        }),
        Ty::Decimal(p, s) => {
            let max = 10i128.pow(u32::from(*p)) - 1;
            let digits = match rng.below(8) {
                0 => max,
                1 => -max,
                2 => 0,
                _ => {
                    let small = 10i128.pow(u32::from((*p).min(6)));
                    (rng.range(-(small as i64), small as i64) as i128).clamp(-max, max)
                }
            };
            Value::Decimal(digits, *p, *s)
        }
        Ty::Boolean => Value::Bool(rng.chance(0.5)),
        Ty::Date => Value::Date(random_date(rng)),
        Ty::Timestamp => Value::Timestamp(random_timestamp(rng)),
        Ty::List(inner) => {
            let n = *rng.weighted(&[(2, 0usize), (4, 1), (4, 2), (3, 3), (1, 5)]);
            Value::List(
                (0..n)
                    .map(|_| {
                        if rng.chance(0.1) {
                            Value::Null
                        } else {
                            random_value(rng, inner)
                        }
                    })
                    .collect(),
            )
        }
        Ty::Struct(fields) => Value::Struct(
            fields
                .iter()
                .map(|(n, t)| {
                    let v = if rng.chance(0.1) {
                        Value::Null
                    } else {
                        random_value(rng, t)
                    };
                    (n.clone(), v)
                })
                .collect(),
        ),
        Ty::Unknown => Value::Null,
    }
}

/// Values to draw from so that keys repeat, join keys match and sort keys tie.
#[derive(Clone, Debug, Default)]
pub struct Pool {
    values: Vec<(Ty, Value)>,
}

impl Pool {
    pub fn add(&mut self, table: &Table) {
        for row in &table.rows {
            for ((_, ty), v) in table.columns.iter().zip(row) {
                if *v != Value::Null {
                    self.values.push((ty.clone(), v.clone()));
                }
            }
        }
    }

    pub fn of(&self, ty: &Ty) -> Vec<&Value> {
        self.values
            .iter()
            .filter(|(t, _)| t == ty)
            .map(|(_, v)| v)
            .collect()
    }
}

/// A column's values: nulls about one time in eight, and a few repeated values in
/// columns of few values (keys, categories).
fn column_values(rng: &mut Rng, ty: &Ty, rows: usize, pool: &Pool) -> Vec<Value> {
    let from_pool = pool.of(ty);
    let null_share = *rng.pick(&[0.0, 0.12, 0.12, 0.3, 1.0]);
    let few: Option<Vec<Value>> = rng.chance(0.5).then(|| {
        let k = rng.range(1, 3) as usize;
        (0..k).map(|_| random_value(rng, ty)).collect()
    });
    (0..rows)
        .map(|_| {
            if rng.chance(null_share) {
                Value::Null
            } else if !from_pool.is_empty() && rng.chance(0.5) {
                (*rng.pick(&from_pool)).clone()
            } else if let Some(few) = &few {
                rng.pick(few).clone()
            } else {
                random_value(rng, ty)
            }
        })
        .collect()
}

/// How many rows a table gets: mostly a handful, sometimes none, sometimes more than 32.
pub fn random_row_count(rng: &mut Rng, large: bool) -> usize {
    match rng.below(20) {
        0 => 0,
        1..=3 if large => rng.range(33, 45) as usize,
        _ => rng.range(1, 8) as usize,
    }
}

/// A table with these columns and `rows` rows, drawing some values from `pool`.
pub fn random_table(rng: &mut Rng, columns: Vec<(String, Ty)>, rows: usize, pool: &Pool) -> Table {
    let by_column: Vec<Vec<Value>> = columns
        .iter()
        .map(|(_, ty)| column_values(rng, ty, rows, pool))
        .collect();
    let rows = (0..rows)
        .map(|r| by_column.iter().map(|c| c[r].clone()).collect())
        .collect();
    Table { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::generate::schema::random_schema;
    use datafusion::arrow::array::Array;

    #[test]
    fn random_tables_read_back_with_their_rows_and_columns() {
        for seed in 0..300 {
            let mut rng = Rng::new(seed);
            let width = rng.range(1, 6) as usize;
            let schema = random_schema(&mut rng, width);
            let rows = random_row_count(&mut rng, true);
            let table = random_table(&mut rng, schema, rows, &Pool::default());
            let batch = table
                .batch()
                .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", table.text()));
            assert_eq!(batch.num_rows(), rows, "seed {seed}");
            assert_eq!(batch.num_columns(), width, "seed {seed}");
            let schema = batch.schema();
            let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
            let expected: Vec<&String> = table.columns.iter().map(|(n, _)| n).collect();
            assert_eq!(names, expected, "seed {seed}");
        }
    }

    #[test]
    fn edge_values_are_written_as_cells_that_read_back_exactly() {
        let table = Table {
            columns: vec![
                ("i".into(), Ty::Integer),
                ("f".into(), Ty::Float),
                ("d".into(), Ty::Decimal(18, 4)),
                ("l".into(), Ty::List(Box::new(Ty::Decimal(18, 4)))),
                ("s".into(), Ty::String),
                ("t".into(), Ty::Date),
            ],
            rows: vec![
                vec![
                    Value::Int(i64::MIN),
                    Value::Float(f64::NAN),
                    Value::Decimal(-999_999_999_999_999_999, 18, 4),
                    Value::List(vec![Value::Decimal(999_999_999_999_999_999, 18, 4)]),
                    Value::Str("a|b\nc".into()),
                    Value::Date(date(1, 1, 1)),
                ],
                vec![
                    Value::Int(i64::MAX),
                    Value::Float(f64::NEG_INFINITY),
                    Value::Null,
                    Value::List(Vec::new()),
                    Value::Str(String::new()),
                    Value::Date(date(9999, 12, 31)),
                ],
            ],
        };
        let batch = table
            .batch()
            .unwrap_or_else(|e| panic!("{e}\n{}", table.text()));
        let cell = |c: usize, r: usize| ScalarValue::try_from_array(batch.column(c), r).unwrap();
        assert_eq!(cell(0, 0), ScalarValue::Int64(Some(i64::MIN)));
        assert_eq!(cell(0, 1), ScalarValue::Int64(Some(i64::MAX)));
        assert!(matches!(cell(1, 0), ScalarValue::Float64(Some(f)) if f.is_nan()));
        assert_eq!(cell(2, 0).to_string(), "-99999999999999.9999");
        assert!(batch.column(2).is_null(1));
        assert_eq!(cell(4, 0), ScalarValue::Utf8(Some("a|b\nc".into())));
        assert_eq!(cell(4, 1), ScalarValue::Utf8(Some(String::new())));
    }
}
