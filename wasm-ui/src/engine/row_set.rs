//! A set of rows of a table as a bitmap: a step can change or remove most of 100,000 rows,
//! and the grid asks about each cell it draws.

use datafusion::arrow::buffer::BooleanBuffer;

#[derive(Clone, Debug, PartialEq)]
pub struct RowSet {
    bits: BooleanBuffer,
    count: usize,
}

impl Default for RowSet {
    fn default() -> Self {
        RowSet::from_bits(BooleanBuffer::new_unset(0))
    }
}

impl RowSet {
    /// Row `i` is in the set when bit `i` is set.
    pub fn from_bits(bits: BooleanBuffer) -> RowSet {
        let count = bits.count_set_bits();
        RowSet { bits, count }
    }

    /// The rows listed, of a table of `rows` rows.
    pub fn of(rows: usize, members: impl IntoIterator<Item = usize>) -> RowSet {
        let mut bits = vec![false; rows];
        for i in members {
            bits[i] = true;
        }
        RowSet::from_bits(BooleanBuffer::from(bits))
    }

    pub fn contains(&self, row: usize) -> bool {
        row < self.bits.len() && self.bits.value(row)
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The rows in the set, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits.set_indices()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_knows_its_rows_and_how_many() {
        let set = RowSet::of(5, [1, 3]);
        assert_eq!(set.len(), 2);
        assert!(set.contains(3) && !set.contains(2) && !set.contains(99));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![1, 3]);
        assert!(RowSet::default().is_empty());
    }
}
