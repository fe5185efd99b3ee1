//! Property: for any syntax tree, printing it and parsing the text gives the same tree, and
//! printing is idempotent.

use proptest::prelude::*;
use wrangle_dsl::ast::*;
use wrangle_dsl::{parse, print, Span};

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        prop::sample::select(vec![
            "a",
            "amount",
            "Cust Name",
            "Amt ($)",
            "end",
            "to",
            "rows",
            "first",
            "date",
            "a`b",
            "é",
            "x1",
            "_u",
            "by",
            "keep",
            "order",
            "null",
            "In",
            "2024",
            "",
        ])
        .prop_map(str::to_string),
        "[a-z_][a-z0-9_]{0,6}",
        any::<String>().prop_filter("no line breaks", |s| !s.contains(['\n', '\r'])),
    ]
    .prop_map(|text| Name::new(text, Span::default()))
}

fn table() -> impl Strategy<Value = Name> {
    prop::sample::select(vec!["customers", "airlines", "t2", "archive"])
        .prop_map(|t| Name::new(t, Span::default()))
}

fn literal() -> impl Strategy<Value = Literal> {
    let date = (1000i32..=9999, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("valid"));
    let timestamp = (
        date.clone(),
        0u32..24,
        0u32..60,
        0u32..60,
        prop_oneof![Just(0u32), 0u32..1_000_000_000],
    )
        .prop_flat_map(|(d, h, mi, s, n)| {
            let datetime = d.and_hms_nano_opt(h, mi, s, n).expect("valid");
            let offset = prop_oneof![
                Just(None),
                Just(Some(0)),
                (1i32..=14 * 60).prop_map(|m| Some(m * 60)),
                (1i32..=14 * 60).prop_map(|m| Some(-m * 60)),
            ];
            offset.prop_map(move |offset_seconds| Timestamp {
                datetime,
                offset_seconds,
            })
        });
    prop_oneof![
        Just(Literal::Null),
        any::<bool>().prop_map(Literal::Boolean),
        (0i64..=i64::MAX).prop_map(Literal::Integer),
        any::<f64>()
            .prop_filter("finite, not negative", |f| f.is_finite()
                && f.is_sign_positive())
            .prop_map(Literal::Float),
        any::<String>().prop_map(Literal::String),
        date.prop_map(Literal::Date),
        timestamp.prop_map(Literal::Timestamp),
        matcher_literal(),
    ]
}

fn matcher_literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        any::<String>().prop_map(Literal::String),
        ("[a-z0-9 .]{1,8}", "[imsxU]{0,3}")
            .prop_map(|(source, flags)| Literal::Regex { source, flags }),
        "[a-z{}()+ 0-9\"]{0,12}".prop_map(Literal::Pattern),
    ]
}

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        literal().prop_map(|l| e(ExprKind::Literal(l))),
        name().prop_map(|n| e(ExprKind::Column(n))),
        (table(), name()).prop_map(|(table, column)| e(ExprKind::Qualified { table, column })),
    ];
    leaf.prop_recursive(4, 48, 4, |inner| {
        let ops = prop::sample::select(vec![
            BinaryOp::Or,
            BinaryOp::And,
            BinaryOp::Eq,
            BinaryOp::NotEq,
            BinaryOp::Lt,
            BinaryOp::LtEq,
            BinaryOp::Gt,
            BinaryOp::GtEq,
            BinaryOp::Concat,
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Div,
            BinaryOp::Rem,
        ]);
        let boxed = inner.clone().prop_map(Box::new);
        prop_oneof![
            (ops, boxed.clone(), boxed.clone()).prop_map(|(op, left, right)| e(ExprKind::Binary {
                op,
                left,
                right
            })),
            (
                prop::sample::select(vec![UnaryOp::Not, UnaryOp::Neg]),
                boxed.clone()
            )
                .prop_map(|(op, expr)| e(ExprKind::Unary { op, expr })),
            (boxed.clone(), any::<bool>())
                .prop_map(|(expr, negated)| e(ExprKind::IsNull { expr, negated })),
            (
                boxed.clone(),
                prop::collection::vec(inner.clone(), 0..3),
                any::<bool>()
            )
                .prop_map(|(expr, list, negated)| e(ExprKind::InList {
                    expr,
                    list,
                    negated
                })),
            (boxed.clone(), boxed.clone(), boxed.clone(), any::<bool>()).prop_map(
                |(expr, low, high, negated)| e(ExprKind::Between {
                    expr,
                    low,
                    high,
                    negated
                })
            ),
            (
                prop::collection::vec((inner.clone(), inner.clone()), 1..3),
                prop::option::of(boxed.clone())
            )
                .prop_map(|(branches, otherwise)| e(ExprKind::Case {
                    branches,
                    otherwise
                })),
            (
                "[a-z_][a-z0-9_]{0,8}",
                prop::collection::vec(inner.clone(), 0..3)
            )
                .prop_map(|(f, args)| e(ExprKind::Call {
                    function: Name::new(f, Span::default()),
                    args
                })),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|items| e(ExprKind::List(items))),
            prop::collection::vec((name(), inner), 1..3)
                .prop_map(|fields| e(ExprKind::Struct(fields))),
        ]
    })
    // Reserved words cannot be function names; the grammar reads them as keywords.
    .prop_filter("function names are not keywords", |ex| {
        let mut ok = true;
        ex.walk(&mut |x| {
            if let ExprKind::Call { function, .. } = &x.kind {
                ok &= ![
                    "and", "or", "not", "is", "null", "true", "false", "in", "between", "case",
                    "when", "then", "else", "end",
                ]
                .contains(&function.text.as_str());
            }
        });
        ok
    })
}

fn names() -> impl Strategy<Value = Vec<Name>> {
    prop::collection::vec(name(), 1..4)
}

fn assignments() -> impl Strategy<Value = Vec<Assignment>> {
    prop::collection::vec(
        (name(), expr()).prop_map(|(target, value)| Assignment { target, value }),
        1..3,
    )
}

fn sort_keys() -> impl Strategy<Value = Vec<SortKey>> {
    prop::collection::vec(
        (expr(), any::<bool>(), prop::option::of(any::<bool>())).prop_map(
            |(expr, descending, nulls_first)| SortKey {
                expr,
                descending,
                nulls_first,
            },
        ),
        1..3,
    )
}

fn matcher() -> impl Strategy<Value = Matcher> {
    matcher_literal().prop_map(|literal| Matcher {
        literal,
        span: Span::default(),
    })
}

fn type_expr() -> impl Strategy<Value = TypeExpr> {
    let leaf = prop_oneof![
        Just(TypeKind::String),
        Just(TypeKind::Integer),
        Just(TypeKind::Float),
        Just(TypeKind::Boolean),
        prop::option::of((0u32..100, 0u32..100)).prop_map(|size| TypeKind::Decimal { size }),
        prop::option::of(any::<String>()).prop_map(|format| TypeKind::Date { format }),
        prop::option::of(any::<String>()).prop_map(|format| TypeKind::Timestamp { format }),
    ]
    .prop_map(|kind| TypeExpr {
        kind,
        span: Span::default(),
    });
    leaf.prop_recursive(2, 6, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| TypeKind::List(Box::new(t))),
            prop::collection::vec((name(), inner), 1..3).prop_map(TypeKind::Struct),
        ]
        .prop_map(|kind| TypeExpr {
            kind,
            span: Span::default(),
        })
    })
}

fn step_kind() -> impl Strategy<Value = StepKind> {
    let place = prop_oneof![
        Just(MovePlace::To(MoveTarget::Start)),
        Just(MovePlace::To(MoveTarget::End)),
        name().prop_map(MovePlace::Before),
        name().prop_map(MovePlace::After),
    ];
    let keep = prop::option::of(prop_oneof![Just(Keep::First), Just(Keep::Last)]);
    let fill = prop_oneof![
        Just(FillWith::Down),
        Just(FillWith::Up),
        expr().prop_map(FillWith::Value)
    ];
    let join_kind = prop::option::of(prop::sample::select(vec![
        JoinKind::Inner,
        JoinKind::Left,
        JoinKind::Right,
        JoinKind::Full,
        JoinKind::Semi,
        JoinKind::Anti,
    ]));
    prop_oneof![
        prop::collection::vec((name(), name()), 1..3).prop_map(|pairs| StepKind::Rename { pairs }),
        names().prop_map(|columns| StepKind::Drop { columns }),
        names().prop_map(|columns| StepKind::KeepColumns { columns }),
        (names(), place).prop_map(|(columns, place)| StepKind::Move { columns, place }),
        assignments().prop_map(|assignments| StepKind::Derive { assignments }),
        (assignments(), prop::option::of(expr())).prop_map(|(assignments, condition)| {
            StepKind::Set {
                assignments,
                condition,
            }
        }),
        prop::collection::vec((name(), type_expr()), 1..3)
            .prop_map(|columns| StepKind::SetType { columns }),
        (names(), prop::option::of(any::<String>()), name()).prop_map(
            |(columns, separator, into)| StepKind::Merge {
                columns,
                separator,
                into
            }
        ),
        (
            name(),
            matcher(),
            prop::option::of(any::<u64>()),
            prop::collection::vec(name(), 0..3)
        )
            .prop_map(|(column, on, limit, into)| StepKind::Split {
                column,
                on,
                limit,
                into
            }),
        (names(), name(), matcher()).prop_map(|(targets, from, matching)| StepKind::Extract {
            targets,
            from,
            matching
        }),
        (names(), matcher(), any::<String>()).prop_map(|(columns, matching, with)| {
            StepKind::Replace {
                columns,
                matching,
                with,
            }
        }),
        (name(), name(), matcher()).prop_map(|(target, from, matching)| StepKind::CountPattern {
            target,
            from,
            matching
        }),
        expr().prop_map(|condition| StepKind::KeepRows { condition }),
        expr().prop_map(|condition| StepKind::DeleteRows { condition }),
        (prop::collection::vec(name(), 0..3), keep)
            .prop_map(|(by, keep)| StepKind::Dedup { by, keep }),
        sort_keys().prop_map(|keys| StepKind::Sort { keys }),
        (names(), fill).prop_map(|(columns, with)| StepKind::Fill { columns, with }),
        prop::option::of(any::<u64>()).prop_map(|row| StepKind::Header { row }),
        (any::<u64>(), prop::option::of(any::<u64>()))
            .prop_map(|(count, offset)| StepKind::Limit { count, offset }),
        (
            prop::collection::vec(
                (expr(), prop::option::of(name()))
                    .prop_map(|(expr, alias)| GroupKey { expr, alias }),
                0..3
            ),
            assignments()
        )
            .prop_map(|(by, values)| StepKind::Aggregate { by, values }),
        (
            name(),
            prop::option::of(prop::collection::vec(expr(), 0..3)),
            expr(),
            prop::collection::vec(name(), 0..3)
        )
            .prop_map(|(column, values, using, by)| StepKind::Pivot {
                column,
                values,
                using,
                by
            }),
        (names(), name(), name()).prop_map(|(columns, key, value)| StepKind::Unpivot {
            columns,
            key,
            value
        }),
        (name(), matcher()).prop_map(|(column, on)| StepKind::SplitRows { column, on }),
        (
            names(),
            name(),
            prop::option::of(prop_oneof![Just(NestAs::List), Just(NestAs::Struct)])
        )
            .prop_map(|(columns, into, kind)| StepKind::Nest {
                columns,
                into,
                kind
            }),
        (name(), prop::option::of(any::<String>()))
            .prop_map(|(column, prefix)| StepKind::Unnest { column, prefix }),
        name().prop_map(|column| StepKind::Flatten { column }),
        (
            prop::collection::vec(name(), 0..3),
            prop::collection::vec(sort_keys(), 0..2).prop_map(|v| v.concat()),
            assignments()
        )
            .prop_map(|(by, order, values)| StepKind::Window { by, order, values }),
        (table(), expr(), join_kind).prop_map(|(table, on, kind)| StepKind::Join {
            table,
            on,
            kind
        }),
        (table(), expr(), prop::collection::vec(name(), 0..3))
            .prop_map(|(table, on, columns)| StepKind::Lookup { table, on, columns }),
        (
            prop::collection::vec(table(), 1..3),
            prop::option::of(prop_oneof![Just(UnionBy::Name), Just(UnionBy::Position)])
        )
            .prop_map(|(tables, by)| StepKind::Union { tables, by }),
        (
            expr(),
            prop::option::of(prop_oneof![Just(Severity::Fail), Just(Severity::Warn)])
        )
            .prop_map(|(condition, severity)| StepKind::Expect {
                condition,
                severity
            }),
    ]
}

fn comment() -> impl Strategy<Value = Comment> {
    "[ a-zA-Z0-9#é`\"]{0,12}".prop_map(|t| Comment {
        text: t.trim_end().to_string(),
        span: Span::default(),
    })
}

fn recipe() -> impl Strategy<Value = Recipe> {
    let line = prop_oneof![
        4 => (step_kind(), prop::option::of(comment()))
            .prop_map(|(kind, c)| Line::Step(Step { kind, span: Span::default() }, c)),
        1 => comment().prop_map(Line::Comment),
        1 => Just(Line::Blank),
    ];
    prop::collection::vec(line, 0..6).prop_map(|lines| {
        // The canonical shape: no blank line first, last, or after another.
        let mut out: Vec<Line> = Vec::new();
        for line in lines {
            let blank = matches!(line, Line::Blank);
            if blank && (out.is_empty() || matches!(out.last(), Some(Line::Blank))) {
                continue;
            }
            out.push(line);
        }
        while matches!(out.last(), Some(Line::Blank)) {
            out.pop();
        }
        Recipe { lines: out }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn print_then_parse_is_the_identity(recipe in recipe()) {
        let text = print(&recipe);
        let parsed = parse(&text);
        prop_assert!(parsed.diagnostics.is_empty(), "{text}\n{:#?}", parsed.diagnostics);
        prop_assert_eq!(&parsed.recipe, &recipe, "{}", text);
        prop_assert_eq!(print(&parsed.recipe), text);
    }

    #[test]
    fn parsing_any_text_never_panics(text in any::<String>()) {
        let parsed = parse(&text);
        let _ = wrangle_dsl::check::check(&parsed.recipe, None);
    }
}
