//! Parser tests: every transform parses, prints back to itself, and errors recover per line.

use crate::ast::*;
use crate::{parse, print};

/// One line per transform family member, already in canonical form.
pub(crate) const EVERY_TRANSFORM: &str = r#"# clean the orders export
rename `Cust Name` to customer, `Amt ($)` to amount
drop internal_id, notes
keep customer, amount, ordered_at, address, quantity, order_id, city
move amount, quantity to start
move city after customer
settype amount decimal(12, 2), ordered_at timestamp("%m/%d/%Y %H:%M"), quantity integer
set customer = proper(trim(customer))
set amount = 0 where amount is null
derive total = amount * quantity, big = total > 1000.5
merge customer, city with " / " into label
split address on "," limit 1 into street, town
extract zip from town matching p"{digit}{5}"
extract area, number from phone matching /(\d{3})-(\d{4})/
replace city matching /st\.?$/i with "Street"
countpattern digits from phone matching p"{digit}"
keep rows where amount > 0 and customer is not null
delete rows where city in ["", "n/a"] or amount not between 0 and 10
dedup by order_id keep first
dedup
sort by ordered_at desc nulls last, customer
fill city down
fill amount with 0
header row 2
limit 100 offset 10
aggregate by customer, year(ordered_at) as year: revenue = sum(total), orders = count()
aggregate: rows = count()
pivot month in ["jan", "feb"] using sum(amount) by customer
unpivot jan, feb, mar into month, amount
splitrows tags on p"{delim}"
nest street, town into address as struct
unnest address prefix "address_"
flatten items
window by customer order by ordered_at: running = running_sum(amount), previous = lag(amount, 1)
join customers on customer_id = customers.id kind left
lookup airlines on carrier = airlines.carrier columns name
union archive, backfill by name
expect count() > 0
expect amount >= 0 else warn
derive d = @2024-02-29, t = @2024-02-29T13:45:00Z, u = @2024-01-01T00:00:00.500+05:30
derive n = null, b = not true, s = "tab\there \"quoted\" é"
derive c = case when amount > 100 then "big" when amount > 10 then "medium" else "small" end
derive l = [1, 2.5, -3], st = {a: 1, `b c`: "x"}
derive x = (a + b) * c - -d / e % f, y = a ++ b, z = not (a or b) and c
"#;

#[test]
fn every_transform_parses_and_prints_back_to_itself() {
    let parsed = parse(EVERY_TRANSFORM);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let printed = print(&parsed.recipe);
    pretty_assert_lines(EVERY_TRANSFORM, &printed);
    assert_eq!(parse(&printed).recipe, parsed.recipe);
}

fn pretty_assert_lines(expected: &str, actual: &str) {
    for (e, a) in expected.lines().zip(actual.lines()) {
        assert_eq!(e, a);
    }
    assert_eq!(expected.lines().count(), actual.lines().count());
}

#[test]
fn keywords_are_case_insensitive_and_print_lower_case() {
    let parsed = parse("RENAME a TO b\nKeep Rows Where x IS NOT NULL\n");
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(
        print(&parsed.recipe),
        "rename a to b\nkeep rows where x is not null\n"
    );
}

#[test]
fn precedence_follows_the_table() {
    let recipe = parse("derive x = a or b and not c = d + e * -f").recipe;
    let Some(Step {
        kind: StepKind::Derive { assignments },
        ..
    }) = recipe.steps().next()
    else {
        panic!()
    };
    let printed = crate::print_expr(&assignments[0].value);
    assert_eq!(printed, "a or b and not c = d + e * -f");
    // The tree: or(a, and(b, not(=(c, +(d, *(e, neg f))))))
    let ExprKind::Binary {
        op: BinaryOp::Or,
        right,
        ..
    } = &assignments[0].value.kind
    else {
        panic!()
    };
    let ExprKind::Binary {
        op: BinaryOp::And,
        right,
        ..
    } = &right.kind
    else {
        panic!()
    };
    let ExprKind::Unary {
        op: UnaryOp::Not,
        expr,
        ..
    } = &right.kind
    else {
        panic!()
    };
    assert!(matches!(
        expr.kind,
        ExprKind::Binary {
            op: BinaryOp::Eq,
            ..
        }
    ));
}

#[test]
fn redundant_parentheses_go_and_needed_ones_stay() {
    let recipe = parse("derive x = ((a + b)) * (c), y = a - (b - c), z = (a - b) - c").recipe;
    assert_eq!(
        print(&recipe),
        "derive x = (a + b) * c, y = a - (b - c), z = a - b - c\n"
    );
}

#[test]
fn spans_point_at_the_text() {
    let src = "drop a\nrename `x y` to z\n";
    let recipe = parse(src).recipe;
    let step = recipe.steps().nth(1).unwrap();
    assert_eq!(&src[step.span.range()], "rename `x y` to z");
    let StepKind::Rename { pairs } = &step.kind else {
        panic!()
    };
    assert_eq!(&src[pairs[0].0.span.range()], "`x y`");
    assert_eq!(pairs[0].0.text, "x y");
}

#[test]
fn every_bad_line_is_reported_and_good_lines_are_kept() {
    let parsed = parse("drop a\nrenam b to c\nderive = 1\nsort by x\n");
    assert_eq!(parsed.diagnostics.len(), 2, "{:#?}", parsed.diagnostics);
    assert_eq!(parsed.recipe.steps().count(), 2);
    assert_eq!(parsed.diagnostics[0].code, "unknown-transform");
    assert_eq!(
        parsed.diagnostics[0].hint.as_deref(),
        Some("did you mean `rename`?")
    );
}

#[test]
fn comments_and_blank_lines_are_kept_tidily() {
    let parsed = parse("\n\n# top\ndrop a   # why\n\n\n\nkeep b\n\n");
    assert_eq!(print(&parsed.recipe), "# top\ndrop a # why\n\nkeep b\n");
}

#[test]
fn inputs_are_named_abstractly() {
    let recipe = parse("join customers on id = customers.id\nunion archive, customers\n").recipe;
    let names: Vec<&str> = recipe.inputs().iter().map(|n| n.text.as_str()).collect();
    assert_eq!(names, ["customers", "archive"]);
}

#[test]
fn column_names_that_are_keywords_or_odd_are_backquoted() {
    let recipe = parse("drop `end`, `a``b`, `1st`, rows, date\n").recipe;
    assert_eq!(print(&recipe), "drop `end`, `a``b`, `1st`, rows, date\n");
}

#[test]
fn string_escapes_decode_and_unknown_ones_are_errors() {
    let recipe = parse(r#"derive s = "caf\u{e9}\n""#).recipe;
    let Some(Step {
        kind: StepKind::Derive { assignments },
        ..
    }) = recipe.steps().next()
    else {
        panic!()
    };
    assert_eq!(
        assignments[0].value.kind,
        ExprKind::Literal(Literal::String("café\n".into()))
    );
    let bad = parse(r#"derive s = "C:\path""#);
    assert_eq!(bad.diagnostics[0].code, "bad-escape");
}

#[test]
fn function_names_are_case_insensitive_and_stored_lower_case() {
    // Found by the fuzzer: the printer wrote `upper` for `UPPER`, so the trees differed.
    let parsed = parse("derive x = UPPER(name)\n");
    let printed = print(&parsed.recipe);
    assert_eq!(printed, "derive x = upper(name)\n");
    assert_eq!(parse(&printed).recipe, parsed.recipe);
}

#[test]
fn blank_lines_the_printer_drops_are_not_in_the_tree() {
    // Found by the fuzzer: "\r\n#" kept a leading blank line the printer leaves out.
    let parsed = parse("\r\n#\r");
    assert_eq!(parsed.recipe.lines.len(), 1);
    assert_eq!(parse(&print(&parsed.recipe)).recipe, parsed.recipe);
    let parsed = parse("drop a\n\n\n\ndrop b\n");
    assert_eq!(parsed.recipe.lines.len(), 3);
}

#[test]
fn hostile_nesting_and_length_are_refused_not_overflowed() {
    let deep = format!("derive x = {}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let parsed = parse(&deep);
    assert_eq!(parsed.diagnostics[0].code, "too-deep");
    let long = format!("derive x = 1{}", " + 1".repeat(100_000));
    assert_eq!(parse(&long).diagnostics[0].code, "too-deep");
    let negations = format!("derive x = {}1", "-".repeat(100_000));
    assert_eq!(parse(&negations).diagnostics[0].code, "too-deep");
    // A long but reasonable step is fine.
    let fine = format!("derive x = 1{}", " + 1".repeat(500));
    assert!(parse(&fine).diagnostics.is_empty());
}

/// The hint of the one diagnostic of a one-line recipe.
fn hint_of(line: &str) -> Option<String> {
    let parsed = parse(line);
    assert_eq!(
        parsed.diagnostics.len(),
        1,
        "{line}: {:#?}",
        parsed.diagnostics
    );
    parsed.diagnostics[0].hint.clone()
}

#[test]
fn familiar_words_get_the_language_word() {
    let cases = [
        (
            "sort by x descending",
            "write `desc` instead of `descending`",
        ),
        (
            "sort by x ASCENDING, y",
            "write `asc` instead of `ASCENDING`",
        ),
        (
            "window by k order by t descending: n = row_number()",
            "write `desc` instead of `descending`",
        ),
        ("settype n int", "write `integer` instead of `int`"),
        ("settype n bigint", "write `integer` instead of `bigint`"),
        ("settype n long", "write `integer` instead of `long`"),
        (
            "settype a integer, n double",
            "write `float` instead of `double`",
        ),
        ("settype n real", "write `float` instead of `real`"),
        ("settype n number", "write `float` instead of `number`"),
        ("settype n numeric", "write `decimal` instead of `numeric`"),
        ("settype n str", "write `string` instead of `str`"),
        ("settype n text", "write `string` instead of `text`"),
        ("settype n varchar", "write `string` instead of `varchar`"),
        ("settype n bool", "write `boolean` instead of `bool`"),
        (
            "settype n datetime",
            "write `timestamp` instead of `datetime`",
        ),
        ("settype n list<int>", "write `integer` instead of `int`"),
        (
            "settype n array<integer>",
            "write `list` instead of `array`",
        ),
        (
            "join c on id = c.id kind outer",
            "write `full` instead of `outer`",
        ),
    ];
    for (line, hint) in cases {
        assert_eq!(hint_of(line).as_deref(), Some(hint), "{line}");
    }
    // A familiar word is only offered where the language's word could stand.
    assert_eq!(
        hint_of("keep rows where x descending"),
        None,
        "`desc` is no operator"
    );
    // The types of a test table's header read the same way.
    let error = crate::parse::parse_type("int").unwrap_err();
    assert_eq!(
        error.hint.as_deref(),
        Some("write `integer` instead of `int`")
    );
    // Misspelt type and join kind words get a suggestion too.
    assert_eq!(
        hint_of("settype n integr").as_deref(),
        Some("did you mean `integer`?")
    );
    assert_eq!(
        hint_of("join c on id = c.id kind lefft").as_deref(),
        Some("did you mean `left`?")
    );
}

#[test]
fn a_value_without_a_name_is_offered_one() {
    let cases = [
        ("aggregate by c: count()", "name it: `n = count()`"),
        (
            "aggregate by c: n = count(), sum(amount)",
            "name it: `sum_amount = sum(amount)`",
        ),
        (
            "aggregate: count() as rows",
            "the name comes first: `rows = count()`",
        ),
        (
            "window by k order by t: running_sum(v)",
            "name it: `running_sum_v = running_sum(v)`",
        ),
        ("set upper(name)", "name it: `name = upper(name)`"),
        (
            "derive upper(trim(name))",
            "name it: `upper = upper(trim(name))`",
        ),
        (
            r#"derive concat(a, ")", b)"#,
            r#"name it: `concat = concat(a, ")", b)`"#,
        ),
    ];
    for (line, hint) in cases {
        let parsed = parse(line);
        assert_eq!(parsed.diagnostics.len(), 1, "{line}");
        assert_eq!(parsed.diagnostics[0].code, "unnamed-value", "{line}");
        assert_eq!(parsed.diagnostics[0].hint.as_deref(), Some(hint), "{line}");
    }
    // A call where a column name belongs, outside an assignment, is not offered a name.
    let parsed = parse("keep upper(x)");
    assert_eq!(parsed.diagnostics[0].code, "syntax");
    // Nor is a call whose step would not read with a name either.
    let parsed = parse("aggregate by c: count( as");
    assert_eq!(parsed.diagnostics[0].code, "syntax");
}
