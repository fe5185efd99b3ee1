//! The tables made smaller: rows removed in halves down to single rows, columns the
//! recipe does not need removed, cells made null.

use super::super::table::Value;
use super::super::Case;
use super::Shrinker;

/// Removes rows of every table, in halves, then quarters, down to single rows.
pub(super) async fn remove_rows(s: &mut Shrinker) {
    for table in 0..=s.best.with.len() {
        let rows = |c: &Case| {
            if table == 0 {
                c.input.rows.len()
            } else {
                c.with.get(table - 1).map_or(0, |(_, t)| t.rows.len())
            }
        };
        let mut chunk = rows(&s.best).div_ceil(2).max(1);
        loop {
            let mut start = 0;
            while start < rows(&s.best) && !s.spent() {
                let end = (start + chunk).min(rows(&s.best));
                let mut candidate = s.best.clone();
                let t = if table == 0 {
                    &mut candidate.input
                } else {
                    match candidate.with.get_mut(table - 1) {
                        Some((_, t)) => t,
                        None => return,
                    }
                };
                t.rows.drain(start..end);
                if !s.try_case(candidate).await {
                    start = end;
                }
            }
            if chunk == 1 || s.spent() {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
}

/// Removes columns of the tables that the recipe turns out not to need.
pub(super) async fn remove_columns(s: &mut Shrinker) {
    for table in 0..=s.best.with.len() {
        let mut column = 0;
        loop {
            if s.spent() {
                return;
            }
            let width = if table == 0 {
                s.best.input.columns.len()
            } else {
                s.best
                    .with
                    .get(table - 1)
                    .map_or(0, |(_, t)| t.columns.len())
            };
            if column >= width || width <= 1 {
                break;
            }
            let mut candidate = s.best.clone();
            if table == 0 {
                candidate.input = candidate.input.without_column(column);
            } else if let Some((_, t)) = candidate.with.get_mut(table - 1) {
                *t = t.without_column(column);
            }
            if !s.try_case(candidate).await {
                column += 1;
            }
        }
    }
}

/// Makes cells null where the failure does not need their values.
pub(super) async fn null_cells(s: &mut Shrinker) {
    for table in 0..=s.best.with.len() {
        let (rows, width) = {
            let t = if table == 0 {
                &s.best.input
            } else {
                match s.best.with.get(table - 1) {
                    Some((_, t)) => t,
                    None => return,
                }
            };
            (t.rows.len(), t.columns.len())
        };
        for row in 0..rows {
            for col in 0..width {
                if s.spent() {
                    return;
                }
                let mut candidate = s.best.clone();
                let t = if table == 0 {
                    &mut candidate.input
                } else {
                    match candidate.with.get_mut(table - 1) {
                        Some((_, t)) => t,
                        None => return,
                    }
                };
                let Some(cell) = t.rows.get_mut(row).and_then(|r| r.get_mut(col)) else {
                    continue;
                };
                if *cell == Value::Null {
                    continue;
                }
                *cell = Value::Null;
                s.try_case(candidate).await;
            }
        }
    }
}
