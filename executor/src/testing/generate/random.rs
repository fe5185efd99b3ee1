//! The seeded source of every choice the generator makes: the same seed gives the same
//! case on every machine (`StdRng` is ChaCha12, portable and stable within rand 0.9).

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng};

pub struct Rng(StdRng);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(StdRng::seed_from_u64(seed))
    }

    /// A number from 0 to `n - 1` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.0.random_range(0..n)
        }
    }

    /// A number from `low` to `high`, both included.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        self.0.random_range(low..=high)
    }

    pub fn float(&mut self, low: f64, high: f64) -> f64 {
        self.0.random_range(low..high)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.random_bool(p.clamp(0.0, 1.0))
    }

    pub fn u64(&mut self) -> u64 {
        self.0.random()
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An item chosen with the weights given beside the items.
    pub fn weighted<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut at = self.below(total as usize) as u32;
        for (w, item) in items {
            if at < *w {
                return item;
            }
            at -= w;
        }
        &items[items.len() - 1].1
    }

    /// `k` different positions out of `n`, in random order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        self.shuffle(&mut all);
        all.truncate(k.min(n));
        all
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The seed of case `index` of a run seeded with `seed` (splitmix64), so any one case can
/// be generated again on its own.
pub fn case_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_choices_every_time() {
        let draw = |seed| {
            let mut rng = Rng::new(seed);
            (0..20).map(|_| rng.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn cases_of_a_run_have_their_own_seeds() {
        let seeds: std::collections::HashSet<u64> = (0..1000).map(|i| case_seed(11, i)).collect();
        assert_eq!(seeds.len(), 1000);
        assert_eq!(case_seed(11, 5), case_seed(11, 5));
        assert_ne!(case_seed(11, 5), case_seed(12, 5));
    }

    #[test]
    fn weighted_choices_skip_weightless_items() {
        let mut rng = Rng::new(1);
        for _ in 0..200 {
            assert_ne!(*rng.weighted(&[(0, 'a'), (3, 'b'), (1, 'c')]), 'a');
        }
        assert_eq!(rng.sample(5, 9).len(), 5);
    }
}
