//! The word each keyword rule of the grammar (`kw_*`) stands for, by an exhaustive match over
//! pest's `Rule`: a rule added to the grammar does not compile until it is placed here, so
//! suggestions, expected-token messages and the parser's keyword test never go out of step
//! with the grammar.

use super::Rule;

/// The word a keyword rule matches (`kw_rename` → `rename`); `None` for every other rule.
///
/// Long by design: one arm per rule of the grammar, matched exhaustively (see above).
pub(super) fn keyword(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_rename => "rename",
        Rule::kw_drop => "drop",
        Rule::kw_keep => "keep",
        Rule::kw_move => "move",
        Rule::kw_derive => "derive",
        Rule::kw_set => "set",
        Rule::kw_settype => "settype",
        Rule::kw_merge => "merge",
        Rule::kw_split => "split",
        Rule::kw_extract => "extract",
        Rule::kw_replace => "replace",
        Rule::kw_countpattern => "countpattern",
        Rule::kw_delete => "delete",
        Rule::kw_dedup => "dedup",
        Rule::kw_sort => "sort",
        Rule::kw_fill => "fill",
        Rule::kw_header => "header",
        Rule::kw_limit => "limit",
        Rule::kw_aggregate => "aggregate",
        Rule::kw_pivot => "pivot",
        Rule::kw_unpivot => "unpivot",
        Rule::kw_splitrows => "splitrows",
        Rule::kw_nest => "nest",
        Rule::kw_unnest => "unnest",
        Rule::kw_flatten => "flatten",
        Rule::kw_window => "window",
        Rule::kw_join => "join",
        Rule::kw_lookup => "lookup",
        Rule::kw_union => "union",
        Rule::kw_expect => "expect",
        Rule::kw_to => "to",
        Rule::kw_start => "start",
        Rule::kw_end => "end",
        Rule::kw_before => "before",
        Rule::kw_after => "after",
        Rule::kw_where => "where",
        Rule::kw_with => "with",
        Rule::kw_into => "into",
        Rule::kw_on => "on",
        Rule::kw_from => "from",
        Rule::kw_matching => "matching",
        Rule::kw_rows => "rows",
        Rule::kw_row => "row",
        Rule::kw_by => "by",
        Rule::kw_first => "first",
        Rule::kw_last => "last",
        Rule::kw_asc => "asc",
        Rule::kw_desc => "desc",
        Rule::kw_nulls => "nulls",
        Rule::kw_down => "down",
        Rule::kw_up => "up",
        Rule::kw_offset => "offset",
        Rule::kw_as => "as",
        Rule::kw_using => "using",
        Rule::kw_prefix => "prefix",
        Rule::kw_order => "order",
        Rule::kw_kind => "kind",
        Rule::kw_inner => "inner",
        Rule::kw_left => "left",
        Rule::kw_right => "right",
        Rule::kw_full => "full",
        Rule::kw_semi => "semi",
        Rule::kw_anti => "anti",
        Rule::kw_columns => "columns",
        Rule::kw_name => "name",
        Rule::kw_position => "position",
        Rule::kw_else => "else",
        Rule::kw_warn => "warn",
        Rule::kw_fail => "fail",
        Rule::kw_list => "list",
        Rule::kw_struct => "struct",
        Rule::kw_string => "string",
        Rule::kw_integer => "integer",
        Rule::kw_float => "float",
        Rule::kw_boolean => "boolean",
        Rule::kw_decimal => "decimal",
        Rule::kw_date => "date",
        Rule::kw_timestamp => "timestamp",
        Rule::kw_and => "and",
        Rule::kw_or => "or",
        Rule::kw_not => "not",
        Rule::kw_is => "is",
        Rule::kw_null => "null",
        Rule::kw_true => "true",
        Rule::kw_false => "false",
        Rule::kw_in => "in",
        Rule::kw_between => "between",
        Rule::kw_case => "case",
        Rule::kw_when => "when",
        Rule::kw_then => "then",
        Rule::WHITESPACE
        | Rule::line
        | Rule::comment
        | Rule::rename_line
        | Rule::drop_line
        | Rule::move_columns_line
        | Rule::derive_line
        | Rule::set_line
        | Rule::settype_line
        | Rule::merge_line
        | Rule::split_line
        | Rule::extract_line
        | Rule::replace_line
        | Rule::countpattern_line
        | Rule::delete_rows_line
        | Rule::dedup_line
        | Rule::sort_line
        | Rule::fill_line
        | Rule::header_line
        | Rule::limit_line
        | Rule::aggregate_line
        | Rule::pivot_line
        | Rule::unpivot_line
        | Rule::splitrows_line
        | Rule::nest_line
        | Rule::unnest_line
        | Rule::flatten_line
        | Rule::window_line
        | Rule::join_line
        | Rule::lookup_line
        | Rule::union_line
        | Rule::expect_line
        | Rule::keep_line
        | Rule::step
        | Rule::rename
        | Rule::rename_pair
        | Rule::drop
        | Rule::keep_columns
        | Rule::move_columns
        | Rule::move_target
        | Rule::derive
        | Rule::set
        | Rule::settype
        | Rule::type_pair
        | Rule::merge
        | Rule::split
        | Rule::extract
        | Rule::replace
        | Rule::countpattern
        | Rule::keep_rows
        | Rule::delete_rows
        | Rule::where_clause
        | Rule::dedup
        | Rule::sort
        | Rule::sort_key
        | Rule::fill
        | Rule::header
        | Rule::limit
        | Rule::aggregate
        | Rule::group_key
        | Rule::pivot
        | Rule::unpivot
        | Rule::splitrows
        | Rule::nest
        | Rule::unnest
        | Rule::flatten
        | Rule::window
        | Rule::join
        | Rule::join_kind
        | Rule::lookup
        | Rule::union
        | Rule::expect
        | Rule::column_list
        | Rule::assignment
        | Rule::matcher
        | Rule::column
        | Rule::ident
        | Rule::ident_char
        | Rule::quoted_ident
        | Rule::quoted_inner
        | Rule::reserved
        | Rule::type_only
        | Rule::type_expr
        | Rule::type_simple
        | Rule::type_decimal
        | Rule::type_date
        | Rule::type_timestamp
        | Rule::type_list
        | Rule::type_struct
        | Rule::struct_field_type
        | Rule::expr
        | Rule::operand
        | Rule::infix
        | Rule::arith
        | Rule::prefix
        | Rule::postfix
        | Rule::or
        | Rule::and
        | Rule::not
        | Rule::eq
        | Rule::ne
        | Rule::le
        | Rule::ge
        | Rule::lt
        | Rule::gt
        | Rule::concat_op
        | Rule::add
        | Rule::sub
        | Rule::mul
        | Rule::div
        | Rule::rem
        | Rule::neg
        | Rule::is_null
        | Rule::is_not_null
        | Rule::in_list
        | Rule::not_in
        | Rule::between
        | Rule::not_between
        | Rule::primary
        | Rule::paren
        | Rule::call
        | Rule::qualified
        | Rule::list
        | Rule::struct_lit
        | Rule::struct_field
        | Rule::case_expr
        | Rule::case_when
        | Rule::literal
        | Rule::null
        | Rule::boolean
        | Rule::integer
        | Rule::float
        | Rule::exponent
        | Rule::date
        | Rule::timestamp
        | Rule::string
        | Rule::string_inner
        | Rule::regex
        | Rule::regex_inner
        | Rule::regex_flags
        | Rule::pattern
        | Rule::EOI => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_rule_has_its_word() {
        for rule in Rule::all_rules() {
            let name = format!("{rule:?}");
            match (name.strip_prefix("kw_"), keyword(*rule)) {
                (Some(word), Some(found)) => assert_eq!(word, found.replace(' ', "_")),
                (None, None) => {}
                (expected, found) => panic!("{name}: {expected:?} but {found:?}"),
            }
        }
    }
}
