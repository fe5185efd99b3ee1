//! Logical and conditional functions. `and`, `or`, `not`, `case … end`, `in` and `between`
//! are operators of the language; these are the functions that complement them.

use super::Kind::{Any, Boolean, Integer};
use super::{many, opt, req, Family, FunctionClass, FunctionDef, Returns};

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "if",
        family: Family::Logical,
        class: FunctionClass::Scalar,
        params: &[req("condition", Boolean), req("then", Any), opt("else", Any)],
        returns: Returns::SameAs(1),
        doc: "Chooses then when the condition is true and else otherwise (also when the condition is null); else is null when left out.",
        example: r#"if(3 > 2, "yes", "no")"#,
        result: r#""yes""#,
    },
    FunctionDef {
        name: "xor",
        family: Family::Logical,
        class: FunctionClass::Scalar,
        params: &[req("a", Boolean), req("b", Boolean)],
        returns: Returns::Fixed(Boolean),
        doc: "Tells whether exactly one of two conditions is true; null when either is null.",
        example: "xor(true, false)",
        result: "true",
    },
    FunctionDef {
        name: "choose",
        family: Family::Logical,
        class: FunctionClass::Scalar,
        params: &[req("index", Integer), many("values", Any)],
        returns: Returns::SameAs(1),
        doc: "Picks the value at a position (1-based) among the values that follow; null when the position is out of range.",
        example: r#"choose(2, "a", "b", "c")"#,
        result: r#""b""#,
    },
    FunctionDef {
        name: "all_of",
        family: Family::Logical,
        class: FunctionClass::Scalar,
        params: &[many("conditions", Boolean)],
        returns: Returns::Fixed(Boolean),
        doc: "Tells whether every condition is true, a null one counting as false; never null itself.",
        example: "all_of(true, true, false)",
        result: "false",
    },
    FunctionDef {
        name: "any_of",
        family: Family::Logical,
        class: FunctionClass::Scalar,
        params: &[many("conditions", Boolean)],
        returns: Returns::Fixed(Boolean),
        doc: "Tells whether at least one condition is true, a null one counting as false; never null itself.",
        example: "any_of(false, true, false)",
        result: "true",
    },
    FunctionDef {
        name: "is_true",
        family: Family::Logical,
        class: FunctionClass::Scalar,
        params: &[req("condition", Boolean)],
        returns: Returns::Fixed(Boolean),
        doc: "Tells whether a condition is true, turning null into false.",
        example: "is_true(null)",
        result: "false",
    },
    FunctionDef {
        name: "is_false",
        family: Family::Logical,
        class: FunctionClass::Scalar,
        params: &[req("condition", Boolean)],
        returns: Returns::Fixed(Boolean),
        doc: "Tells whether a condition is false, turning null into false.",
        example: "is_false(1 > 2)",
        result: "true",
    },
];
