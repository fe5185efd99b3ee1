//! The function catalog: every function the language knows, with its parameters, what it
//! returns, a one-line description and an executable example.
//!
//! The checker uses it for names, arity and argument kinds; `docs/language.md` is generated
//! from it; the browser uses it for autocomplete. Each family lives in a file of its own.

mod aggregate;
mod datetime;
mod hashing;
mod logic;
mod math;
mod nested;
mod string;
mod types;
mod window;

use std::collections::HashMap;
use std::sync::OnceLock;

/// The coarse kind of a value, as far as the checker can tell before data is seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Anything: no constraint, or not known yet.
    Any,
    String,
    Integer,
    Float,
    Decimal,
    /// Integer, float or decimal.
    Number,
    Boolean,
    Date,
    Timestamp,
    /// Date or timestamp.
    Temporal,
    List,
    Struct,
    /// One value that can be ordered: anything but a list or a struct (`min`, `least`).
    Scalar,
    /// What to match: a string (exact text), a pattern literal `p"…"` or a regex `/…/`.
    Matcher,
    /// A date/time unit given as a string: "year", "quarter", "month", "week", "day",
    /// "hour", "minute", "second".
    Unit,
}

impl Kind {
    /// The name users see in messages and docs.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Any => "any",
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Float => "float",
            Kind::Decimal => "decimal",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::Timestamp => "timestamp",
            Kind::Temporal => "date or timestamp",
            Kind::List => "list",
            Kind::Struct => "struct",
            Kind::Scalar => "single value",
            Kind::Matcher => "string, pattern or regex",
            Kind::Unit => "unit",
        }
    }

    /// Whether a parameter of this kind takes a value of (almost) any kind: `Any`, or
    /// `Scalar` (anything but a list or a struct).
    pub fn is_any_value(self) -> bool {
        matches!(self, Kind::Any | Kind::Scalar)
    }

    /// Whether a value of kind `actual` may be passed where `self` is expected.
    /// `Any` on either side always fits: the checker only reports what it knows is wrong.
    pub fn accepts(self, actual: Kind) -> bool {
        use Kind::*;
        match (self, actual) {
            (Any, _) | (_, Any) => true,
            (a, b) if a == b => true,
            (Number, Integer | Float | Decimal) => true,
            // A number whose exact type is not known yet may turn out to fit.
            (Integer | Float | Decimal, Number) => true,
            (Float | Decimal, Integer) => true,
            (Float, Decimal) | (Decimal, Float) => true,
            (Temporal, Date | Timestamp) => true,
            (Scalar, k) => !matches!(k, List | Struct),
            (Matcher, String) => true,
            (Unit, String) => true,
            _ => false,
        }
    }

    /// Whether values of this kind convert to `to` (`settype`, `to_date`, `to_integer`, …):
    /// anything to text; text to any scalar; numbers and booleans among themselves; dates
    /// and timestamps among themselves; lists to lists and structs to structs. Not numbers
    /// to dates (2 is no day), nor scalars to lists or structs.
    pub fn converts_to(self, to: Kind) -> bool {
        use Kind::*;
        let number = |k: Kind| matches!(k, Integer | Float | Decimal | Number | Boolean);
        let temporal = |k: Kind| matches!(k, Date | Timestamp | Temporal);
        match (self, to) {
            (Any, _) | (_, Any) | (_, String) => true,
            (String | Matcher | Unit, k) => !matches!(k, List | Struct),
            // A boolean is 1 or 0 as an integer or a float; decimals do not take it.
            (Boolean, Decimal) | (Decimal, Boolean) => false,
            (a, b) if number(a) && number(b) => true,
            (a, b) if temporal(a) && temporal(b) => true,
            (List, List) | (Struct, Struct) => true,
            _ => false,
        }
    }

    /// The kind of a value that is one of two others (`if`, `case`, `coalesce`, `least`):
    /// the same kind, numbers widened as [`Kind::common`] does, dates with timestamps
    /// timestamps. `None` for unrelated kinds (an integer or a timestamp is no one type).
    pub fn unify(self, other: Kind) -> Option<Kind> {
        use Kind::*;
        match (self, other) {
            (a, b) if a == b => Some(a),
            (Any, k) | (k, Any) => Some(k),
            (Integer | Float | Decimal | Number, Integer | Float | Decimal | Number)
            | (Date | Timestamp | Temporal, Date | Timestamp | Temporal) => self.common(other),
            (String, Matcher | Unit) | (Matcher | Unit, String) => Some(String),
            _ => None,
        }
    }

    /// The kind values of both kinds take when they go in one column (`unpivot`, `union`):
    /// integers and floats make floats, integers and decimals decimals, floats and
    /// decimals floats, dates and timestamps timestamps; other scalars make text. `None`
    /// when a list or struct meets another kind: no column holds both.
    pub fn common(self, other: Kind) -> Option<Kind> {
        use Kind::*;
        Some(match (self, other) {
            (a, b) if a == b => a,
            (Any, _) | (_, Any) => Any,
            (List | Struct, _) | (_, List | Struct) => return None,
            (Integer, Float) | (Float, Integer) => Float,
            (Integer, Decimal) | (Decimal, Integer) => Decimal,
            (Float, Decimal) | (Decimal, Float) => Float,
            (Number, Integer | Float | Decimal) | (Integer | Float | Decimal, Number) => Number,
            (Date, Timestamp) | (Timestamp, Date) => Timestamp,
            (Temporal, Date | Timestamp) | (Date | Timestamp, Temporal) => Temporal,
            _ => String,
        })
    }
}

/// Where a function may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionClass {
    /// One value per row; usable anywhere an expression is.
    Scalar,
    /// Many rows to one value; usable in `aggregate`, `pivot … using` and `expect`.
    Aggregate,
    /// One value per row computed over a window; usable in `window`.
    Window,
}

/// The family a function is documented under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    String,
    Math,
    DateTime,
    TypeAndNull,
    Logical,
    Aggregate,
    Window,
    Nested,
    Hashing,
}

impl Family {
    pub const ALL: [Family; 9] = [
        Family::String,
        Family::Math,
        Family::DateTime,
        Family::TypeAndNull,
        Family::Logical,
        Family::Aggregate,
        Family::Window,
        Family::Nested,
        Family::Hashing,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Family::String => "String functions",
            Family::Math => "Math functions",
            Family::DateTime => "Date and time functions",
            Family::TypeAndNull => "Type and null functions",
            Family::Logical => "Logical and conditional functions",
            Family::Aggregate => "Aggregate functions",
            Family::Window => "Window functions",
            Family::Nested => "List and struct functions",
            Family::Hashing => "Hashing and encoding functions",
        }
    }
}

/// One parameter of a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    /// May be left out (only trailing parameters are optional).
    pub optional: bool,
    /// Takes any number of further arguments of the same kind (only the last parameter).
    pub variadic: bool,
}

/// A required parameter.
pub const fn req(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: false,
        variadic: false,
    }
}

/// An optional trailing parameter.
pub const fn opt(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: true,
        variadic: false,
    }
}

/// A last parameter that takes one or more arguments.
pub const fn many(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: false,
        variadic: true,
    }
}

/// What a function returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    Fixed(Kind),
    /// The kind of the argument at this index (for example `abs`, `coalesce`, `min`).
    SameAs(usize),
}

/// A function of the language.
#[derive(Clone, Copy, Debug)]
pub struct FunctionDef {
    pub name: &'static str,
    pub family: Family,
    pub class: FunctionClass,
    pub params: &'static [Param],
    pub returns: Returns,
    /// One line, starting with a verb: "Converts text to upper case."
    pub doc: &'static str,
    /// An expression using the function. Scalar examples use literals only. Aggregate
    /// examples use columns of the sample table (see [`SAMPLE_TABLE`]) and evaluate to one
    /// value. Window examples use the sample table too, are evaluated as
    /// `window order by id: r = <example>`, and produce one value per row.
    pub example: &'static str,
    /// What the example evaluates to, written as a literal of the language (`"ABC"`, `3`,
    /// `2.5`, `true`, `null`, `@2024-02-29`, `[1, 2]`); for window functions a list with one
    /// value per row of the sample table, in `id` order.
    pub result: &'static str,
}

/// The table that aggregate and window examples run on, as recipe-language literals, one
/// row per entry: `id`, `x` (integer), `price` (float), `s` (string), `g` (string),
/// `d` (date), `flag` (boolean).
pub const SAMPLE_TABLE: &str = "\
id | x    | price | s    | g   | d           | flag
1  | 1    | 1.5   | \"a\"  | \"p\" | @2024-01-31 | true
2  | 2    | 2.25  | \"b\"  | \"p\" | @2024-02-29 | false
3  | 2    | 2.25  | \"b\"  | \"q\" | @2024-02-29 | true
4  | null | null  | null | \"q\" | null        | null
5  | 5    | 10.0  | \"e\"  | \"q\" | @2024-12-31 | true
";

/// Arguments a function needs written in the recipe as literals (the compiler builds the
/// plan from their values), with the whole numbers they may be: `(function, argument,
/// least, most)`. Matcher arguments are literals too (see [`FunctionDef::needs_literal`]).
const LITERAL_ARGS: &[(&str, usize, i64, i64)] = &[
    ("ntile", 0, 1, i64::MAX),
    ("nth_value", 1, 1, i64::MAX),
    ("lag", 1, 0, i64::MAX),
    ("lead", 1, 0, i64::MAX),
    ("rolling_sum", 1, 0, i64::MAX),
    ("rolling_sum", 2, 0, i64::MAX),
    ("rolling_avg", 1, 0, i64::MAX),
    ("rolling_avg", 2, 0, i64::MAX),
    ("to_decimal", 1, 1, 38),
    ("to_decimal", 2, 0, 38),
    ("date_trunc", 1, 0, 0),
    ("struct_get", 1, 0, 0),
    ("is_valid", 1, 0, 0),
];

impl FunctionDef {
    /// Whether argument `i` must be written as a literal, and for a whole number the range
    /// it must be in (`(0, 0)`: not a number).
    pub fn needs_literal(&self, i: usize) -> Option<(i64, i64)> {
        if self.param_for(i).is_some_and(|p| p.kind == Kind::Matcher) {
            return Some((0, 0));
        }
        LITERAL_ARGS
            .iter()
            .find(|(name, at, _, _)| *name == self.name && *at == i)
            .map(|(_, _, least, most)| (*least, *most))
    }

    /// The arguments whose values the result is one of (`coalesce`'s values, `if`'s then
    /// and else, `lag`'s value and default): they must be of one type, which is the
    /// result's. Indexes into the arguments as written (`count` of them).
    pub fn shared_value_args(&self, count: usize) -> Vec<usize> {
        let Returns::SameAs(first) = self.returns else {
            return Vec::new();
        };
        (first..count)
            .filter(|&i| {
                self.param_for(i)
                    .is_some_and(|p| p.kind.is_any_value() && p.name != "by")
            })
            .collect()
    }

    /// `round(x: number, digits?: integer) -> number`, as shown in messages and docs.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| {
                let mark = if p.optional { "?" } else { "" };
                let dots = if p.variadic { "..." } else { "" };
                format!("{}{mark}: {}{dots}", p.name, p.kind.name())
            })
            .collect();
        let ret = match self.returns {
            Returns::Fixed(kind) => kind.name().to_string(),
            Returns::SameAs(i) => self
                .params
                .get(i)
                .map_or("any", |p| p.kind.name())
                .to_string(),
        };
        format!("{}({}) -> {ret}", self.name, params.join(", "))
    }

    /// The fewest arguments a call may have.
    pub fn min_args(&self) -> usize {
        self.params.iter().filter(|p| !p.optional).count()
    }

    /// The most arguments a call may have, `None` when variadic.
    pub fn max_args(&self) -> Option<usize> {
        if self.params.iter().any(|p| p.variadic) {
            None
        } else {
            Some(self.params.len())
        }
    }

    /// The parameter that argument `index` binds to.
    pub fn param_for(&self, index: usize) -> Option<&Param> {
        self.params
            .get(index)
            .or_else(|| self.params.last().filter(|p| p.variadic))
    }
}

/// Every function, in documentation order.
pub fn functions() -> &'static [FunctionDef] {
    static ALL: OnceLock<Vec<FunctionDef>> = OnceLock::new();
    ALL.get_or_init(|| {
        [
            string::FUNCTIONS,
            math::FUNCTIONS,
            datetime::FUNCTIONS,
            types::FUNCTIONS,
            logic::FUNCTIONS,
            aggregate::FUNCTIONS,
            window::FUNCTIONS,
            nested::FUNCTIONS,
            hashing::FUNCTIONS,
        ]
        .concat()
    })
}

/// Looks a function up by name (names are case-insensitive).
pub fn lookup(name: &str) -> Option<&'static FunctionDef> {
    static INDEX: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        functions()
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.to_string(), i))
            .collect()
    });
    index
        .get(&name.to_ascii_lowercase())
        .map(|&i| &functions()[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_lowercase_and_many() {
        let mut seen = std::collections::HashSet::new();
        for f in functions() {
            assert!(seen.insert(f.name), "duplicate function {}", f.name);
            assert_eq!(f.name, f.name.to_ascii_lowercase());
        }
        assert!(
            functions().len() >= 100,
            "only {} functions",
            functions().len()
        );
    }

    #[test]
    fn optional_and_variadic_parameters_come_last() {
        for f in functions() {
            let first_optional = f.params.iter().position(|p| p.optional);
            if let Some(i) = first_optional {
                assert!(f.params[i..].iter().all(|p| p.optional), "{}", f.name);
            }
            if let Some(i) = f.params.iter().position(|p| p.variadic) {
                assert_eq!(i, f.params.len() - 1, "{}", f.name);
            }
        }
    }

    #[test]
    fn every_function_is_documented_with_an_example() {
        for f in functions() {
            assert!(!f.doc.is_empty() && f.doc.ends_with('.'), "{}: doc", f.name);
            assert!(
                f.example.contains(f.name),
                "{}: example {}",
                f.name,
                f.example
            );
            assert!(!f.result.is_empty(), "{}: result", f.name);
        }
    }

    #[test]
    fn signatures_read_well() {
        assert_eq!(
            lookup("ROUND").unwrap().signature(),
            "round(x: number, digits?: integer) -> number"
        );
    }
}
