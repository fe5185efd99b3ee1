//! Names the language gives the columns a step makes, in one place for the checker and
//! every engine.

/// The columns the fields of struct column `source` become under `unnest source [prefix]`:
/// the prefix and the field's name, then `_<source>` when a column has that name already,
/// then a number. `taken` is every other column of the table.
pub fn unnested(
    source: &str,
    prefix: Option<&str>,
    fields: impl IntoIterator<Item = impl AsRef<str>>,
    mut taken: Vec<String>,
) -> Vec<String> {
    let mut names = Vec::new();
    for field in fields {
        let wanted = format!("{}{}", prefix.unwrap_or(""), field.as_ref());
        let mut name = wanted.clone();
        if taken.contains(&name) {
            name = format!("{wanted}_{source}");
        }
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}_{source}_{n}");
            n += 1;
        }
        taken.push(name.clone());
        names.push(name);
    }
    names
}

#[cfg(test)]
mod tests {
    #[test]
    fn unnested_fields_take_free_names() {
        let taken = vec!["a".to_string(), "a_s".to_string(), "b".to_string()];
        assert_eq!(
            super::unnested("s", None, ["a", "c"], taken.clone()),
            ["a_s_2", "c"]
        );
        assert_eq!(super::unnested("s", Some("s."), ["a"], taken), ["s.a"]);
    }
}
