//! The reference entry of every transform: its syntax, what it does, and examples. The
//! examples are recipes in canonical form; the test suite parses, prints and checks each.

/// The families transforms are documented under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransformFamily {
    Columns,
    Rows,
    Reshape,
    Combine,
    Quality,
}

impl TransformFamily {
    pub const ALL: [TransformFamily; 5] = [
        TransformFamily::Columns,
        TransformFamily::Rows,
        TransformFamily::Reshape,
        TransformFamily::Combine,
        TransformFamily::Quality,
    ];

    /// Its name in one word, as tables of counts show it.
    pub fn word(self) -> &'static str {
        match self {
            TransformFamily::Columns => "columns",
            TransformFamily::Rows => "rows",
            TransformFamily::Reshape => "reshape",
            TransformFamily::Combine => "combine",
            TransformFamily::Quality => "quality",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            TransformFamily::Columns => "Column operations",
            TransformFamily::Rows => "Row operations",
            TransformFamily::Reshape => "Reshaping",
            TransformFamily::Combine => "Combining tables",
            TransformFamily::Quality => "Data quality",
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct TransformDoc {
    pub keyword: &'static str,
    pub family: TransformFamily,
    /// The syntax, with `[optional]` parts and `a | b` choices.
    pub syntax: &'static str,
    pub doc: &'static str,
    /// Canonical recipe text; each example is checked on its own.
    pub examples: &'static [&'static str],
}

use crate::ast::Transform;
use TransformFamily::*;

/// The reference entry of a transform.
///
/// Long by design: one arm per transform, a table written as an exhaustive match, so a new
/// transform does not compile until it has its entry.
pub fn reference(transform: Transform) -> TransformDoc {
    match transform {
        Transform::Rename => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "rename OLD to NEW[, OLD to NEW]...",
            doc: "Renames columns. Every rename in a step happens at once, so two columns can swap names. The new name must not belong to another column.",
            examples: &["rename `Cust Name` to customer, `Amt ($)` to amount", "rename a to b, b to a"],
        },
        Transform::Drop => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "drop COLUMN[, COLUMN]...",
            doc: "Removes columns. Using a dropped column in a later step is an error that points at the step that dropped it.",
            examples: &["drop internal_id, notes"],
        },
        Transform::KeepColumns => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "keep COLUMN[, COLUMN]...",
            doc: "Keeps only the listed columns, in the listed order, and removes every other column.",
            examples: &["keep customer, amount, ordered_at"],
        },
        Transform::Move => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "move COLUMN[, COLUMN]... to start | to end | before COLUMN | after COLUMN",
            doc: "Moves columns, keeping their order among themselves.",
            examples: &["move amount, quantity to start", "move city after customer"],
        },
        Transform::Derive => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "derive NAME = EXPRESSION[, NAME = EXPRESSION]...",
            doc: "Adds new columns computed row by row. A later assignment in the same step may use an earlier one. Deriving a column that already exists is an error: use `set` to change a column.",
            examples: &["derive total = amount * quantity", "derive net = gross - tax, margin = net / gross"],
        },
        Transform::Set => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "set COLUMN = EXPRESSION[, COLUMN = EXPRESSION]... [where CONDITION]",
            doc: "Replaces the values of existing columns. With `where`, only the rows where the condition is true change; the others keep their value. All values are computed from the row as it was before the step.",
            examples: &["set customer = proper(trim(customer))", "set amount = 0 where amount is null"],
        },
        Transform::SetType => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "settype COLUMN TYPE[, COLUMN TYPE]...",
            doc: "Converts columns to a type: string, integer, float, boolean, decimal(PRECISION, SCALE), date[(FORMAT)], timestamp[(FORMAT)], list<TYPE> or struct<NAME: TYPE, ...>. Formats use strftime codes. A value that does not fit the type becomes null and is counted as mismatched, never dropped silently.",
            examples: &["settype amount decimal(12, 2), ordered_at timestamp(\"%m/%d/%Y %H:%M\")", "settype quantity integer, shipped date"],
        },
        Transform::Merge => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "merge COLUMN, COLUMN[, COLUMN]... [with SEPARATOR] into NAME",
            doc: "Joins the text of several columns into a new column placed after the last of them; the source columns stay. Nulls are skipped.",
            examples: &["merge first_name, last_name with \" \" into full_name"],
        },
        Transform::Split => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "split COLUMN on MATCHER [limit N] [into NAME, NAME...]",
            doc: "Splits text into several columns at each match of a string, pattern or regex, replacing the column. `limit N` splits at the first N matches (N + 1 columns, the last holding the rest); without `limit` the number of names sets it. Without `into`, the parts are named COLUMN_1, COLUMN_2, ... Missing parts are null.",
            examples: &["split address on \",\" limit 1 into street, city", "split code on p\"{digit}+\" limit 2"],
        },
        Transform::Extract => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "extract NAME[, NAME]... from COLUMN matching MATCHER",
            doc: "Copies the first match of a pattern or regex into a new column (null when nothing matches). With several names, each bracketed group of the pattern goes to its own column.",
            examples: &["extract zip from address matching p\"{digit}{5}\"", "extract area, number from phone matching /(\\d{3})-(\\d{4})/"],
        },
        Transform::Replace => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "replace COLUMN[, COLUMN]... matching MATCHER with TEXT",
            doc: "Replaces every match in text columns. In the replacement, $1, $2, ... stand for a regex's groups, even when letters follow (`\"$1st\"`); `${name}` stands for a named group and `$$` for a dollar sign.",
            examples: &["replace city matching /\\bst\\.?$/i with \"Street\"", "replace phone matching p\"{space}\" with \"\""],
        },
        Transform::CountPattern => TransformDoc {
            keyword: transform.keyword(),
            family: Columns,
            syntax: "countpattern NAME from COLUMN matching MATCHER",
            doc: "Adds an integer column counting the matches in a text column (0 for no match, null for null).",
            examples: &["countpattern digits from phone matching p\"{digit}\""],
        },
        Transform::KeepRows => TransformDoc {
            keyword: transform.keyword(),
            family: Rows,
            syntax: "keep rows where CONDITION",
            doc: "Keeps the rows where the condition is true. Rows where it is false or null are removed, and counted in the run summary.",
            examples: &["keep rows where amount > 0 and customer is not null"],
        },
        Transform::DeleteRows => TransformDoc {
            keyword: transform.keyword(),
            family: Rows,
            syntax: "delete rows where CONDITION",
            doc: "Removes the rows where the condition is true; rows where it is null stay.",
            examples: &["delete rows where city in [\"\", \"n/a\"]"],
        },
        Transform::Dedup => TransformDoc {
            keyword: transform.keyword(),
            family: Rows,
            syntax: "dedup [by COLUMN[, COLUMN]...] [keep first | keep last]",
            doc: "Removes duplicate rows: rows equal in every column, or in the listed columns. The first row of each group in table order stays unless `keep last` is given.",
            examples: &["dedup", "dedup by order_id keep last"],
        },
        Transform::Sort => TransformDoc {
            keyword: transform.keyword(),
            family: Rows,
            syntax: "sort by EXPRESSION [asc | desc] [nulls first | nulls last][, ...]",
            doc: "Sorts the rows. Missing values (nulls) come last, ascending or descending, unless told otherwise with `nulls first`. The sort is stable: rows that tie on every key keep the order they had (the file's, or an earlier sort's), however many rows there are.",
            examples: &["sort by ordered_at desc, customer", "sort by amount nulls first"],
        },
        Transform::Fill => TransformDoc {
            keyword: transform.keyword(),
            family: Rows,
            syntax: "fill COLUMN[, COLUMN]... down | up | with EXPRESSION",
            doc: "Fills missing values (nulls): `down` copies the last value above, `up` the next value below, `with` a value.",
            examples: &["fill city down", "fill amount, quantity with 0"],
        },
        Transform::Header => TransformDoc {
            keyword: transform.keyword(),
            family: Rows,
            syntax: "header [row N]",
            doc: "Names the columns from a row of the input (the first unless told) and removes that row and the rows above it. It must be the first step.",
            examples: &["header", "header row 3"],
        },
        Transform::Limit => TransformDoc {
            keyword: transform.keyword(),
            family: Rows,
            syntax: "limit N [offset M]",
            doc: "Keeps at most N rows, after skipping M.",
            examples: &["limit 100", "limit 10 offset 20"],
        },
        Transform::Aggregate => TransformDoc {
            keyword: transform.keyword(),
            family: Reshape,
            syntax: "aggregate [by KEY [as NAME][, ...]]: NAME = AGGREGATE[, NAME = AGGREGATE]...",
            doc: "Groups rows by the keys and computes one row per group. The result has the keys and the named values, nothing else. A computed key needs a name.",
            examples: &[
                "aggregate by customer, year(ordered_at) as year: revenue = sum(total), orders = count()",
                "aggregate: rows = count(), customers = count_distinct(customer)",
            ],
        },
        Transform::Pivot => TransformDoc {
            keyword: transform.keyword(),
            family: Reshape,
            syntax: "pivot COLUMN [in [VALUE, ...]] using AGGREGATE [by COLUMN[, COLUMN]...]",
            doc: "Turns the values of a column into columns, each holding the aggregate for its value, one row per group of the `by` columns. With `in`, only the listed values become columns (and the schema is known before the run).\n\n\
                  **Semantics.** Each new column is named by its value's text, case and all: `\"jan\"` makes `jan`, `2024` makes `2024`, `true` makes `true`. Without `in`, the values are those of the data, sorted. A row whose pivot value is null goes into no column, but every group of the `by` columns keeps its row: where a group has no row for a value, its column is null (0 for `count()`), as in SQL's `PIVOT`.",
            examples: &[
                "pivot month in [\"jan\", \"feb\", \"mar\"] using sum(amount) by customer",
                "pivot quarter using sum(amount) by region",
            ],
        },
        Transform::Unpivot => TransformDoc {
            keyword: transform.keyword(),
            family: Reshape,
            syntax: "unpivot COLUMN[, COLUMN]... into KEY, VALUE",
            doc: "Turns columns into rows: for each row and each listed column, a row with the column's name in KEY and its value in VALUE. VALUE takes the type every listed column fits: integers and floats make floats, integers and decimals decimals, dates and timestamps timestamps, other values text; a list or struct column unpivots only with columns of its own type.",
            examples: &["unpivot jan, feb, mar into month, amount", "unpivot budget, actual into kind, amount"],
        },
        Transform::SplitRows => TransformDoc {
            keyword: transform.keyword(),
            family: Reshape,
            syntax: "splitrows COLUMN on MATCHER",
            doc: "Splits text at each match and makes one row per part, copying the other columns.",
            examples: &["splitrows tags on \",\""],
        },
        Transform::Nest => TransformDoc {
            keyword: transform.keyword(),
            family: Reshape,
            syntax: "nest COLUMN[, COLUMN]... into NAME [as struct | as list]",
            doc: "Packs columns into one struct column (fields named after the columns) or list column; the source columns stay.",
            examples: &["nest street, city, zip into address", "nest q1, q2, q3, q4 into quarters as list"],
        },
        Transform::Unnest => TransformDoc {
            keyword: transform.keyword(),
            family: Reshape,
            syntax: "unnest COLUMN [prefix TEXT]",
            doc: "Unpacks a struct column into one column per field, named by the field with an optional prefix. A field named like a column the table already has gets `_` and the struct column's name added (`city_address`), as a joined column does.",
            examples: &["unnest address prefix \"address_\""],
        },
        Transform::Flatten => TransformDoc {
            keyword: transform.keyword(),
            family: Reshape,
            syntax: "flatten COLUMN",
            doc: "Makes one row per element of a list column, copying the other columns. An empty or null list makes one row with null.",
            examples: &["flatten items"],
        },
        Transform::Window => TransformDoc {
            keyword: transform.keyword(),
            family: Reshape,
            syntax: "window [by COLUMN[, ...]] [order by EXPRESSION [asc | desc][, ...]]: NAME = EXPRESSION[, ...]",
            doc: "Adds columns computed over a window of rows: the rows of the same `by` group, in the given order. Window functions (row_number, lag, rolling_sum, ...) and aggregates (sum, avg, ...) may be used.\n\n\
                  **Semantics.** An aggregate covers the whole window, every row of the `by` group, with or without `order by`: `sum(amount)` is the group's total on each of its rows, as pandas' `groupby(...).transform(\"sum\")` gives. `order by` sets the order that `row_number`, `lag`, `running_sum`, `first`, ... follow; it never narrows an aggregate to the rows up to the current one. So unlike SQL, where `SUM(x) OVER (ORDER BY t)` is a running total, a running total is written `running_sum(amount)`. Functions that take rows one by one (`row_number`, `lag`, `lead`, `ntile`, `first_value`, `first`, `list`, `rolling_*`) follow the table's order among rows that tie in `order by`, and without `order by` they follow the table's order (the file's, or the last sort's); ranks (`rank`, `dense_rank`, ...) and `running_*` treat ties as peers. Missing values come last in `order by`, ascending or descending, as in `sort`. The step keeps the table's row order. `first` and `last` take the first and last value in the window's order that is not null; `first_value` and `last_value` take the value of the first and last row, even when it is null.",
            examples: &[
                "window by customer order by ordered_at: running = running_sum(amount), previous = lag(amount, 1)",
                "window by customer order by ordered_at: total = sum(amount), running = running_sum(amount)",
                "window by customer order by ordered_at: first_paid = first(amount), opening = first_value(amount)",
            ],
        },
        Transform::Join => TransformDoc {
            keyword: transform.keyword(),
            family: Combine,
            syntax: "join INPUT on CONDITION [kind inner | left | right | full | semi | anti]",
            doc: "Joins another input, named abstractly and bound when the recipe runs. In the condition, the other input's columns are written INPUT.column. The default kind is inner.\n\n\
                  **Semantics.** The result has the recipe's columns, then every column of the other input, its keys included (in a `full` or `right` join they hold the other input's key where the recipe's is null). A column of the other input named like a column the recipe's table already has gets `_INPUT` added: `sku` of `prices` becomes `sku_prices`, as pandas adds a suffix. The recipe's own columns keep their names. When the new name is taken too, the step is an error: rename a column first. Names that differ only in case do not clash.",
            examples: &[
                "join customers on customer_id = customers.id kind left",
                "join prices on sku = prices.sku kind full",
            ],
        },
        Transform::Lookup => TransformDoc {
            keyword: transform.keyword(),
            family: Combine,
            syntax: "lookup INPUT on CONDITION [columns COLUMN[, ...]]",
            doc: "Adds columns from another input where the condition matches, keeping every row exactly once (the first match wins; no match gives nulls).",
            examples: &["lookup airlines on carrier = airlines.carrier columns name"],
        },
        Transform::Union => TransformDoc {
            keyword: transform.keyword(),
            family: Combine,
            syntax: "union INPUT[, INPUT]... [by name | by position]",
            doc: "Appends the rows of other inputs. By name (the default) columns are matched by name and missing ones are null; by position they are matched in order, and both sides need as many columns (the names are the recipe's table's). Columns that meet take the type both fit: integers and floats make floats, integers and decimals decimals, dates and timestamps timestamps, other values text; a list or struct meets only its own type. The rows of the inputs may come out interleaved: `sort` after `union` when the order matters.",
            examples: &["union archive_2023, archive_2022 by name"],
        },
        Transform::Expect => TransformDoc {
            keyword: transform.keyword(),
            family: Quality,
            syntax: "expect CONDITION [else fail | else warn]",
            doc: "States what must hold, checked on every run. A condition on columns must hold on every row; a condition with aggregates (count(), is_unique(...)) must hold for the table. `else fail` (the default) stops the run before output is written; `else warn` records the number of violating rows.",
            examples: &["expect amount >= 0", "expect count() > 0", "expect is_unique(order_id) else warn"],
        },
    }
}

/// Every transform's reference entry, in order.
pub fn all() -> impl Iterator<Item = TransformDoc> {
    Transform::all().map(reference)
}
/// The reference entry for a transform keyword.
pub fn transform(keyword: &str) -> Option<TransformDoc> {
    Transform::all()
        .find(|t| t.keyword() == keyword)
        .map(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transform_is_documented_and_every_entry_is_a_transform() {
        let recipe = crate::parse(crate::parse::tests::EVERY_TRANSFORM).recipe;
        let used: Vec<&str> = recipe.steps().map(|s| s.kind.keyword()).collect();
        for keyword in &used {
            assert!(
                transform(keyword).is_some(),
                "`{keyword}` has no reference entry"
            );
        }
        for t in all() {
            assert!(
                used.contains(&t.keyword),
                "`{}` is documented but not in EVERY_TRANSFORM",
                t.keyword
            );
            assert!(!t.examples.is_empty(), "`{}` has no example", t.keyword);
        }
    }
}
