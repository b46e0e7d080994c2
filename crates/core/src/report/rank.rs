//! Ranking (排名), as an office ranks: equal figures rank 并列 (the same rank, the next rank
//! skipped: 1, 2, 2, 4), and an entry with nothing to rank it by (a department with nothing due
//! in the period) is listed after the ranking as not ranked (不参与排名).

/// An entry's place in a ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// 1 for the first; entries with equal figures share a rank (并列).
    Ranked(u32),
    /// Nothing to rank it by (不参与排名).
    NotRanked,
}

impl Place {
    /// The rank, if ranked.
    pub fn rank(self) -> Option<u32> {
        match self {
            Place::Ranked(r) => Some(r),
            Place::NotRanked => None,
        }
    }
}

/// The place of each entry of `sorted`, which is in ranking order with the entries not ranked
/// last: `figures` gives what an entry is ranked by (`None`: not ranked). An entry whose figures
/// equal those of the one before shares its rank; the next different one takes its position
/// (1-based) as its rank.
pub fn places<T, K: PartialEq>(sorted: &[T], figures: impl Fn(&T) -> Option<K>) -> Vec<Place> {
    let mut out = Vec::with_capacity(sorted.len());
    let mut last: Option<(K, u32)> = None;
    for (i, entry) in sorted.iter().enumerate() {
        let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let Some(key) = figures(entry) else {
            out.push(Place::NotRanked);
            continue;
        };
        let rank = match &last {
            Some((k, r)) if *k == key => *r,
            _ => position,
        };
        out.push(Place::Ranked(rank));
        last = Some((key, rank));
    }
    out
}

impl super::Bulletin {
    /// The place of each department of the ranking, in its order: by on-time rate, then by
    /// open overdue count; equal in both, 并列; no on-time rate (nothing due), not ranked.
    pub fn places(&self) -> Vec<Place> {
        places(&self.ranking, |r| {
            r.tally
                .on_time_rate()
                .map(|rate| (rate, r.tally.open_overdue))
        })
    }

    /// The departments ranked, each with its rank, in ranking order.
    pub fn ranked(&self) -> Vec<(u32, &super::Row)> {
        self.ranking
            .iter()
            .zip(self.places())
            .filter_map(|(r, p)| p.rank().map(|rank| (rank, r)))
            .collect()
    }

    /// The departments listed after the ranking: nothing due in the period (不参与排名).
    pub fn not_ranked(&self) -> Vec<&str> {
        self.ranking
            .iter()
            .zip(self.places())
            .filter(|(_, p)| *p == Place::NotRanked)
            .map(|(r, _)| r.key.as_str())
            .collect()
    }
}

impl super::Scores {
    /// The departments not ranked (no item's outcome scored for them), in the order listed.
    pub fn not_ranked(&self) -> Vec<&str> {
        self.departments
            .iter()
            .filter(|d| d.place == Place::NotRanked)
            .map(|d| d.department.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Place::*;

    #[test]
    fn equal_figures_share_a_rank_and_the_next_is_skipped() {
        // (figures in ranking order, places)
        type Case<'a> = (&'a [Option<(u32, u32)>], &'a [Place]);
        let cases: [Case<'_>; 7] = [
            (&[], &[]),
            (&[Some((100, 0))], &[Ranked(1)]),
            (
                &[Some((100, 0)), Some((50, 1)), Some((50, 1)), Some((20, 3))],
                &[Ranked(1), Ranked(2), Ranked(2), Ranked(4)],
            ),
            // The same rate, more open overdue: ranked lower, not 并列.
            (
                &[Some((50, 0)), Some((50, 1)), Some((50, 1))],
                &[Ranked(1), Ranked(2), Ranked(2)],
            ),
            (
                &[Some((80, 0)), Some((80, 0)), Some((80, 0)), Some((10, 0))],
                &[Ranked(1), Ranked(1), Ranked(1), Ranked(4)],
            ),
            // Nothing due: listed after the ranking, not ranked.
            (
                &[Some((100, 0)), Some((100, 0)), None, None],
                &[Ranked(1), Ranked(1), NotRanked, NotRanked],
            ),
            (&[None], &[NotRanked]),
        ];
        for (figures, want) in cases {
            assert_eq!(places(figures, |f| *f), want, "{figures:?}");
        }
    }

    #[test]
    fn rates_that_are_equal_fractions_are_equal() {
        // 1 of 3 and 2 of 6 on time: the same rate, 并列.
        let rate = |on_time: u32, of: u32| f64::from(on_time) * 100.0 / f64::from(of);
        let figures = [Some(rate(1, 3)), Some(rate(2, 6)), Some(rate(1, 4))];
        assert_eq!(places(&figures, |f| *f), [Ranked(1), Ranked(1), Ranked(3)]);
    }
}
