//! The function library's documented semantics beyond the catalog's examples: edge cases
//! (nulls, empty input, out-of-domain arguments, division by zero), result types, and the
//! aggregates over a window. Each case is a recipe over the sample table and the value of
//! its `r`: the first row's for `derive` and `aggregate`, every row's (a list, in `id`
//! order) for `window`.

mod common;

use common::{items, run, same, show};
use datafusion::prelude::SessionContext;

const CASES: &[(&str, &str)] = &[
    // String
    ("derive r = trim(\"\\t a b \\n\")", r#""a b""#),
    ("derive r = length(null)", "null"),
    ("derive r = left(\"abc\", 5)", r#""abc""#),
    ("derive r = left(\"abc\", -1)", r#""""#),
    ("derive r = substring(\"abc\", 5)", r#""""#),
    ("derive r = substring(\"abc\", 2, -1)", r#""""#),
    ("derive r = substring(\"héllo\", 2)", r#""éllo""#),
    ("derive r = substring_before(\"abc\", \"x\")", "null"),
    (
        "derive r = substring_after(\"a1b22\", p\"{digit}+\")",
        r#""b22""#,
    ),
    (
        "derive r = concat(null, \"a\", 1.5, @2024-02-29)",
        r#""a1.52024-02-29""#,
    ),
    ("derive r = contains(null, \"a\")", "null"),
    ("derive r = starts_with(\"a.b\", \".\")", "false"),
    ("derive r = matches(\"90210x\", p\"{zip}\")", "false"),
    ("derive r = find(\"héllo\", \"l\")", "3"),
    ("derive r = find(\"abc\", \"x\")", "0"),
    ("derive r = count_matches(\"abc\", \"x\")", "0"),
    (
        "derive r = extract_match(\"id=42;\", /id=(\\d+)/)",
        r#""id=42""#,
    ),
    ("derive r = extract_match(\"abc\", /x(\\d)/, 1)", "null"),
    ("derive r = substitute(\"a.b\", \".\", \"$0\")", r#""a$0b""#),
    ("derive r = pad_left(\"abcdef\", 3)", r#""abc""#),
    ("derive r = pad_right(\"a\", 3)", r#""a  ""#),
    ("derive r = repeat(\"ab\", -2)", r#""""#),
    ("derive r = split_part(\"a,b\", \",\", 3)", r#""""#),
    ("derive r = split_part(\"a,b\", \",\", 0)", r#""""#),
    ("derive r = split_part(\"a,b\", \",\", -1)", r#""""#),
    ("derive r = translate(\"abc\", \"abc\", \"x\")", r#""x""#),
    (
        "derive r = proper(\"o'neil mc-donald 1st\")",
        r#""O'Neil Mc-Donald 1st""#,
    ),
    ("derive r = remove_symbols(\"é-1_2\")", r#""é12""#),
    ("derive r = char_code(\"\")", "0"),
    ("derive r = char_code(\"é\")", "233"),
    ("derive r = from_char_code(-1)", "null"),
    ("derive r = from_char_code(55296)", "null"),
    ("derive r = from_char_code(1114112)", "null"),
    // Math
    ("derive r = abs(-2.5)", "2.5"),
    ("derive r = ceil(-2.5)", "-2"),
    ("derive r = ceil(2)", "2"),
    ("derive r = type_of(ceil(2.5))", r#""integer""#),
    ("derive r = round(2.5)", "3.0"),
    ("derive r = round(-2.5)", "-3.0"),
    ("derive r = round(1250, -2)", "1300"),
    ("derive r = type_of(round(5))", r#""integer""#),
    ("derive r = trunc(2.789)", "2.0"),
    ("derive r = trunc(1299, -2)", "1200"),
    ("derive r = type_of(trunc(1299, -2))", r#""integer""#),
    ("derive r = sqrt(-1)", "null"),
    ("derive r = cbrt(-27)", "-3.0"),
    ("derive r = ln(0)", "null"),
    ("derive r = log10(-5)", "null"),
    ("derive r = log(10, 0)", "null"),
    ("derive r = mod(7, -3)", "-2"),
    ("derive r = mod(-7, -3)", "-1"),
    ("derive r = mod(6, 3)", "0"),
    ("derive r = mod(7, 0)", "null"),
    ("derive r = mod(-7.5, 2)", "0.5"),
    ("derive r = div(-7, 2)", "-3"),
    ("derive r = div(7.9, 2)", "3"),
    ("derive r = div(7, 0)", "null"),
    ("derive r = sign(0)", "0"),
    ("derive r = sign(3)", "1"),
    ("derive r = type_of(sign(-4.2))", r#""integer""#),
    ("derive r = greatest(null, 2, null)", "2"),
    ("derive r = least(null, null)", "null"),
    ("derive r = asin(2)", "null"),
    ("derive r = acos(-1.5)", "null"),
    ("derive r = is_nan(2)", "false"),
    ("derive r = is_nan(null)", "null"),
    ("derive r = gcd(0, 0)", "0"),
    ("derive r = lcm(0, 5)", "0"),
    ("derive r = factorial(0)", "1"),
    ("derive r = factorial(-3)", "1"),
    ("derive r = factorial(20)", "2432902008176640000"),
    ("derive r = factorial(21)", "null"),
    ("derive r = format_number(1234567)", r#""1,234,567""#),
    ("derive r = format_number(-0.125, 2)", r#""-0.13""#),
    (
        "derive r = format_number(to_decimal(\"1234.565\", 10, 3), 2)",
        r#""1,234.57""#,
    ),
    // Date and time
    ("derive r = hour(@2024-02-29)", "0"),
    ("derive r = weekday(@2024-03-03)", "7"),
    ("derive r = week(@2024-01-01)", "1"),
    (
        "derive r = date_add(@2024-02-29, -1, \"year\")",
        "@2023-02-28",
    ),
    (
        "derive r = date_add(@2024-02-29T23:30:00, 45, \"minute\")",
        "@2024-03-01T00:15:00",
    ),
    (
        "derive r = date_add(@2024-01-31, 1, \"quarter\")",
        "@2024-04-30",
    ),
    (
        "derive r = date_diff(@2024-03-15, @2024-01-01, \"day\")",
        "-74",
    ),
    (
        // As `date_add` counts: one month after 2024-01-31 is 2024-02-29.
        "derive r = date_diff(@2024-01-31, @2024-02-29, \"month\")",
        "1",
    ),
    (
        "derive r = date_diff(@2024-01-31, @2024-02-28, \"month\")",
        "0",
    ),
    (
        "derive r = date_diff(@2024-01-01T00:00:00, @2024-01-01T05:59:59, \"hour\")",
        "5",
    ),
    (
        "derive r = date_trunc(@2024-08-15T13:45:00, \"hour\")",
        "@2024-08-15T13:00:00",
    ),
    (
        "derive r = date_trunc(@2024-08-15, \"week\")",
        "@2024-08-12",
    ),
    (
        "derive r = parse_date(\"2024-02-30\", \"%Y-%m-%d\")",
        "null",
    ),
    ("derive r = parse_date(\"nope\", \"%Y-%m-%d\")", "null"),
    (
        "derive r = parse_timestamp(\"2024-02-29\", \"%Y-%m-%d\")",
        "@2024-02-29T00:00:00",
    ),
    (
        "derive r = format_date(@2024-02-29T13:45:00, \"%H:%M %A\")",
        r#""13:45 Thursday""#,
    ),
    ("derive r = make_date(2023, 2, 29)", "null"),
    ("derive r = make_timestamp(2024, 2, 29, 25, 0, 0)", "null"),
    (
        "derive r = make_timestamp(2024, 2, 29, 13, 45, 30.5)",
        "@2024-02-29T13:45:30.5",
    ),
    ("derive r = last_day(@2023-02-10T10:00:00)", "@2023-02-28"),
    ("derive r = is_weekend(@2024-02-29)", "false"),
    ("derive r = to_unix(@1970-01-02)", "86400"),
    ("derive r = from_unix(1.5)", "@1970-01-01T00:00:01.5"),
    (
        "derive r = from_utc(@2024-01-15T12:00:00, \"Europe/Paris\")",
        "@2024-01-15T13:00:00",
    ),
    (
        "derive r = from_utc(@2024-01-15T12:00:00, \"Mars/Olympus\")",
        "null",
    ),
    (
        "derive r = to_utc(@2024-01-15T13:00:00, \"Europe/Paris\")",
        "@2024-01-15T12:00:00",
    ),
    (
        "derive r = to_utc(@2024-01-15T13:00:00Z, \"Europe/Paris\")",
        "@2024-01-15T12:00:00",
    ),
    // Type and null
    ("derive r = if_missing(\" \\t\", \"none\")", r#""none""#),
    ("derive r = if_missing(0, 1)", "0"),
    ("derive r = is_missing(null)", "true"),
    ("derive r = is_missing(0)", "false"),
    ("derive r = is_null(1)", "false"),
    ("derive r = is_valid(\"2.5\", \"integer\")", "false"),
    ("derive r = is_valid(\" 2.5 \", \"float\")", "true"),
    ("derive r = is_valid(null, \"string\")", "false"),
    (
        "derive r = is_valid(\"02/29/2024\", \"date(\\\"%m/%d/%Y\\\")\")",
        "true",
    ),
    (
        "derive r = is_valid(\"13/29/2024\", \"date(\\\"%m/%d/%Y\\\")\")",
        "false",
    ),
    (
        "derive r = is_valid(\"123.456\", \"decimal(5, 2)\")",
        "true",
    ),
    ("derive r = type_of(1)", r#""integer""#),
    ("derive r = type_of(\"a\")", r#""string""#),
    ("derive r = type_of(@2024-01-01T00:00:00)", r#""timestamp""#),
    ("derive r = type_of([1, 2])", r#""list<integer>""#),
    (
        "derive r = type_of(to_decimal(1, 10, 2))",
        r#""decimal(10, 2)""#,
    ),
    (
        "derive r = to_string(@2024-02-29T13:45:00)",
        r#""2024-02-29T13:45:00""#,
    ),
    ("derive r = to_string(null)", "null"),
    ("derive r = to_string([1, 2])", r#""[1,2]""#),
    (
        "derive r = to_string({a: 1, b: [\"x\"]})",
        r#""{\"a\":1,\"b\":[\"x\"]}""#,
    ),
    ("derive r = to_string(2.5)", r#""2.5""#),
    ("derive r = to_integer(\"4.5\")", "null"),
    ("derive r = to_integer(-2.9)", "-2"),
    ("derive r = to_integer(\"x\")", "null"),
    ("derive r = to_float(\"inf\") > 1000000.0", "true"),
    ("derive r = to_float(\"x\")", "null"),
    ("derive r = to_decimal(\"abc\")", "null"),
    ("derive r = to_decimal(\"123.456\", 4, 2)", "null"),
    ("derive r = to_boolean(\"N\")", "false"),
    ("derive r = to_boolean(\"maybe\")", "null"),
    ("derive r = to_boolean(0)", "false"),
    ("derive r = to_boolean(2.5)", "true"),
    ("derive r = to_date(\"2024-02-29\")", "@2024-02-29"),
    ("derive r = to_date(\"someday\")", "null"),
    (
        "derive r = to_timestamp(\"2024-02-29T13:45:00\")",
        "@2024-02-29T13:45:00",
    ),
    (
        "derive r = to_timestamp(@2024-02-29)",
        "@2024-02-29T00:00:00",
    ),
    // Logical
    ("derive r = if(null, 1, 2)", "2"),
    ("derive r = if(false, 1)", "null"),
    ("derive r = xor(true, null)", "null"),
    ("derive r = xor(true, true)", "false"),
    ("derive r = choose(4, \"a\", \"b\")", "null"),
    ("derive r = choose(0, \"a\", \"b\")", "null"),
    ("derive r = all_of(true, null)", "false"),
    ("derive r = any_of(null, null)", "false"),
    ("derive r = is_false(null)", "false"),
    // Aggregate
    ("aggregate: r = count()", "5"),
    ("aggregate: r = count_distinct(x)", "3"),
    ("aggregate: r = count_if(flag)", "3"),
    ("aggregate: r = sum(price)", "16.0"),
    ("aggregate: r = avg(price)", "4.0"),
    ("aggregate: r = type_of(avg(x))", r#""float""#),
    ("aggregate: r = min(s)", r#""a""#),
    ("aggregate: r = median(id)", "3.0"),
    ("aggregate: r = percentile(x, 1.0)", "5.0"),
    ("aggregate: r = mode(x)", "2"),
    ("aggregate: r = first(x)", "1"),
    ("aggregate: r = last(x)", "5"),
    ("aggregate: r = min_by(x, d)", "1"),
    ("aggregate: r = max_by(id, s)", "5"),
    ("aggregate: r = list(s)", r#"["a", "b", "b", "e"]"#),
    ("aggregate: r = is_unique(x)", "false"),
    ("aggregate: r = string_agg(s, \"\")", r#""abbe""#),
    (
        "aggregate by g: r = count()\nkeep rows where g = \"p\"",
        "2",
    ),
    // Aggregates of nothing: null, but counts are 0 and lists are empty.
    ("keep rows where id > 10\naggregate: r = count(x)", "0"),
    ("keep rows where id > 10\naggregate: r = count_null(x)", "0"),
    ("keep rows where id > 10\naggregate: r = sum(x)", "null"),
    ("keep rows where id = 4\naggregate: r = list(x)", "[]"),
    ("keep rows where id = 4\naggregate: r = mode(x)", "null"),
    (
        "keep rows where id = 4\naggregate: r = min_by(s, x)",
        "null",
    ),
    ("keep rows where id = 4\naggregate: r = first(x)", "null"),
    (
        "keep rows where id = 4\naggregate: r = is_unique(x)",
        "true",
    ),
    ("keep rows where id = 4\naggregate: r = stddev(x)", "null"),
    // Aggregates over a window are over the whole window.
    ("window order by id: r = sum(x)", "[10, 10, 10, 10, 10]"),
    ("window by g order by id: r = count()", "[2, 2, 3, 3, 3]"),
    (
        "window by g: r = list(id)",
        "[[1, 2], [1, 2], [3, 4, 5], [3, 4, 5], [3, 4, 5]]",
    ),
    ("window by g order by id: r = first(x)", "[1, 1, 2, 2, 2]"),
    ("window by g order by id: r = last(x)", "[2, 2, 5, 5, 5]"),
    (
        "window order by id: r = mode(s)",
        r#"["b", "b", "b", "b", "b"]"#,
    ),
    (
        "window order by id: r = max_by(s, price)",
        r#"["e", "e", "e", "e", "e"]"#,
    ),
    (
        "window order by id: r = count_distinct(g)",
        "[2, 2, 2, 2, 2]",
    ),
    (
        "window order by id: r = median(x)",
        "[2.0, 2.0, 2.0, 2.0, 2.0]",
    ),
    (
        "window order by id: r = percentile(x, 0.5)",
        "[2.0, 2.0, 2.0, 2.0, 2.0]",
    ),
    (
        "window by g order by id: r = string_agg(s, \"+\")",
        r#"["a+b", "a+b", "b+e", "b+e", "b+e"]"#,
    ),
    (
        "window by g order by id: r = approx_count_distinct(x)",
        "[2, 2, 2, 2, 2]",
    ),
    (
        "window by g order by id: r = is_unique(s)",
        "[true, true, true, true, true]",
    ),
    (
        "window by g order by id: r = all_true(flag)",
        "[false, false, true, true, true]",
    ),
    (
        "window by g order by id: r = count_if(price > 2)",
        "[1, 1, 2, 2, 2]",
    ),
    (
        "window by g order by id: r = stddev_pop(id)",
        "[0.5, 0.5, 0.816496580927726, 0.816496580927726, 0.816496580927726]",
    ),
    (
        "window by g: r = list(if(g = \"p\", x, null))",
        "[[1, 2], [1, 2], [], [], []]",
    ),
    ("window by g: r = running_sum(x)", "[3, 3, 7, 7, 7]"),
    // Window functions
    (
        "window by g order by id: r = row_number()",
        "[1, 2, 1, 2, 3]",
    ),
    ("window order by x: r = rank()", "[1, 2, 2, 5, 4]"),
    ("window order by x: r = dense_rank()", "[1, 2, 2, 4, 3]"),
    ("window order by id: r = ntile(3)", "[1, 1, 2, 2, 3]"),
    ("window order by id: r = lag(x, 2)", "[null, null, 1, 2, 2]"),
    (
        "window order by id: r = lead(x, 1, id)",
        "[2, 2, null, 5, 5]",
    ),
    (
        "window order by id: r = lag(s, 1, g)",
        r#"["p", "a", "b", "b", null]"#,
    ),
    (
        "window order by id desc: r = first_value(x)",
        "[5, 5, 5, 5, 5]",
    ),
    (
        "window order by id: r = nth_value(x, 4)",
        "[null, null, null, null, null]",
    ),
    (
        "window order by id: r = nth_value(x, 9)",
        "[null, null, null, null, null]",
    ),
    ("window order by x: r = running_sum(x)", "[1, 5, 5, 10, 10]"),
    (
        "window order by id: r = running_sum(price)",
        "[1.5, 3.75, 6.0, 6.0, 16.0]",
    ),
    (
        "window order by id: r = rolling_sum(x, 0, 2)",
        "[5, 4, 7, 5, 5]",
    ),
    (
        "window order by id: r = rolling_avg(x, 2, 0)",
        "[1.0, 1.5, 1.6666666666666667, 2.0, 3.5]",
    ),
    (
        "window order by id: r = rolling_sum(if(id > 3, x, null), 1)",
        "[null, null, null, null, 5]",
    ),
    // Lists and structs
    (
        "derive r = split(\"a1b22c\", p\"{digit}+\")",
        r#"["a", "b", "c"]"#,
    ),
    ("derive r = split(\"abc\", \",\")", r#"["abc"]"#),
    ("derive r = list_length([])", "0"),
    ("derive r = list_get([1, 2, 3], -1)", "3"),
    ("derive r = list_get([1, 2, 3], 0)", "null"),
    ("derive r = list_get([1, 2, 3], 4)", "null"),
    ("derive r = list_slice([10, 20, 30, 40], 2)", "[20, 30, 40]"),
    ("derive r = list_slice([10, 20, 30, 40], 5, 2)", "[]"),
    ("derive r = list_slice([10, 20, 30, 40], 1, 0)", "[]"),
    ("derive r = list_position([1, 2, 3], 9)", "0"),
    ("derive r = list_position(null, 9)", "null"),
    (
        "derive r = list_join([\"a\", null, \"c\"], \",\")",
        r#""a,c""#,
    ),
    (
        "derive r = list_sort([2, null, 3, 1], true)",
        "[3, 2, 1, null]",
    ),
    ("derive r = list_sort([2, null, 1])", "[1, 2, null]"),
    ("derive r = list_concat([1], null, [2])", "[1, 2]"),
    ("derive r = list_append(if(false, [1], null), 2)", "null"),
    ("derive r = list_append([1], null)", "[1, null]"),
    (
        "derive r = list_flatten([[[1]], [[2, 3]]])",
        "[[1], [2, 3]]",
    ),
    ("derive r = list_sum([1, null, 2])", "3"),
    ("derive r = type_of(list_sum([1, 2]))", r#""integer""#),
    ("derive r = list_sum([null])", "null"),
    ("derive r = list_min([\"b\", null, \"a\"])", r#""a""#),
    ("derive r = struct_get({a: 1, b: \"x\"}, \"b\")", r#""x""#),
    ("derive r = to_json([1, null, 2.5])", r#""[1,null,2.5]""#),
    (
        "derive r = to_json({d: @2024-02-29, l: [\"a\"], n: null})",
        r#""{\"d\":\"2024-02-29\",\"l\":[\"a\"],\"n\":null}""#,
    ),
    (
        "derive r = to_json(\"say \\\"hi\\\"\")",
        r#""\"say \\\"hi\\\"\"""#,
    ),
    ("derive r = to_json(null)", "null"),
    (
        "derive r = to_json([@2024-02-29T13:45:00, @2024-02-29T13:45:00.25Z])",
        r#""[\"2024-02-29T13:45:00Z\",\"2024-02-29T13:45:00.250Z\"]""#,
    ),
    (
        "derive r = to_json(@2024-02-29T13:45:00)",
        r#""\"2024-02-29T13:45:00\"""#,
    ),
    (
        "derive r = json_get(\"{\\\"a\\\": \\\"x\\\"}\", \"a\")",
        r#""x""#,
    ),
    (
        "derive r = json_get(\"{\\\"a\\\": [1, {\\\"b\\\": true}]}\", \"a.2.b\")",
        r#""true""#,
    ),
    ("derive r = json_get(\"not json\", \"a\")", "null"),
    ("derive r = json_get(\"{\\\"a\\\": 1}\", \"b\")", "null"),
    // Hashing and encoding
    ("derive r = md5(null)", "null"),
    (
        "derive r = sha1(\"\")",
        r#""da39a3ee5e6b4b0d3255bfef95601890afd80709""#,
    ),
    (
        "derive r = crc32(\"The quick brown fox jumps over the lazy dog\")",
        "1095738169",
    ),
    ("derive r = hash(null)", "null"),
    ("derive r = hash(1) = hash(2)", "false"),
    ("derive r = hash(1) = hash(\"1\")", "false"),
    ("derive r = base64_encode(\"ab\")", r#""YWI=""#),
    ("derive r = base64_decode(\"YWI\")", r#""ab""#),
    ("derive r = base64_decode(\"not base64!\")", "null"),
    ("derive r = base64_decode(\"YWJ=\")", "null"),
    ("derive r = base64_decode(\"/w==\")", "null"),
    ("derive r = hex_encode(\"é\")", r#""c3a9""#),
    ("derive r = hex_decode(\"C3A9\")", r#""é""#),
    ("derive r = hex_decode(\"abc\")", "null"),
    ("derive r = hex_decode(\"zz\")", "null"),
    ("derive r = hex_decode(\"ff\")", "null"),
    ("derive r = url_encode(\"é/~\")", r#""%C3%A9%2F~""#),
    ("derive r = url_decode(\"a+b%zz\")", r#""a b%zz""#),
    ("derive r = url_decode(\"%ff\")", "null"),
];

/// Runs one case; `Err` says how it differs.
async fn check(ctx: &SessionContext, source: &str, expected: &str) -> Result<(), String> {
    let expected_value = run(ctx, &format!("derive r = {expected}"))
        .await
        .map_err(|e| format!("the expected value {e}"))?;
    let expected_value = expected_value
        .first()
        .ok_or("the expected value gave no row")?;
    let got = run(ctx, source).await?;
    if source
        .lines()
        .last()
        .is_some_and(|l| l.starts_with("window"))
    {
        let expected_items = items(expected_value).ok_or("a window case expects a list")?;
        let matches = expected_items.len() == got.len()
            && expected_items.iter().zip(&got).all(|(e, g)| same(e, g));
        if !matches {
            let got: Vec<String> = got.iter().map(show).collect();
            return Err(format!("expected {expected}, got [{}]", got.join(", ")));
        }
        return Ok(());
    }
    let got = got.first().ok_or("gave no row")?;
    if same(expected_value, got) {
        Ok(())
    } else {
        Err(format!("expected {expected}, got {}", show(got)))
    }
}

/// Recipes whose plan cannot be built from what they say, and a part of the message they
/// are refused with. Arguments the plan is built from must be literals in range: the checker
/// refuses them at the call; what only the values can tell is refused by the compiler.
const REFUSED: &[(&str, &str)] = &[
    (
        "derive r = date_trunc(d, g)",
        "argument `unit` of `date_trunc` must be written in the recipe",
    ),
    (
        "derive r = to_decimal(\"1\", 50, 2)",
        "argument `precision` of `to_decimal` must be from 1 to 38",
    ),
    (
        "derive r = to_decimal(\"1\", x)",
        "argument `precision` of `to_decimal` must be written in the recipe",
    ),
    ("derive r = is_valid(\"1\", \"colour\")", "is not a type"),
    (
        "derive r = struct_get({a: 1}, s)",
        "argument `field` of `struct_get` must be written in the recipe",
    ),
    ("window order by id: r = ntile(0)", "at least 1"),
    (
        "window order by id: r = nth_value(x, id)",
        "argument `n` of `nth_value` must be written in the recipe",
    ),
    (
        "window order by id: r = rolling_sum(x, -1)",
        "argument `rows_before` of `rolling_sum`",
    ),
    (
        "window order by id: r = lag(x, id)",
        "argument `offset` of `lag` must be written in the recipe",
    ),
];

#[test]
fn a_plan_that_cannot_be_built_is_refused_at_the_call() {
    let mut failures = Vec::new();
    for (source, message) in REFUSED {
        match common::compile_recipe(source) {
            Ok(_) => failures.push(format!("{source}  =>  compiled")),
            Err(e) if !e.contains(message) => failures.push(format!("{source}  =>  {e}")),
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn functions_behave_as_documented_at_the_edges() {
    let ctx = SessionContext::new();
    let mut failures = Vec::new();
    for (source, expected) in CASES {
        if let Err(why) = check(&ctx, source, expected).await {
            failures.push(format!("{}  =>  {why}", source.replace('\n', "; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n  {}",
        failures.len(),
        CASES.len(),
        failures.join("\n  ")
    );
}
