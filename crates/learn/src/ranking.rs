//! Ranking fixes by their record: a success estimate with a Beta prior from
//! the pattern's declared confidence, outcomes weighted down by age.

/// One outcome of a fix, as the ranking sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observation {
    /// Whether the rebuild proved the fix.
    pub success: bool,
    /// Seconds since it happened.
    pub age_secs: f64,
    /// How many identical outcomes it stands for (imported records).
    pub weight: f64,
}

/// How outcomes and priors combine.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranking {
    /// How many outcomes the prior is worth: with 4, one lucky success moves
    /// a 0.5 prior to 0.6, not to 1.
    pub prior_weight: f64,
    /// After this many seconds an outcome counts half.
    pub half_life_secs: f64,
}

impl Default for Ranking {
    fn default() -> Ranking {
        Ranking {
            prior_weight: 4.0,
            half_life_secs: 30.0 * 24.0 * 3600.0,
        }
    }
}

impl Ranking {
    /// The posterior mean success rate: Beta(prior x w, (1 - prior) x w)
    /// updated with the decayed outcomes.
    pub fn score(&self, prior: f64, observations: impl IntoIterator<Item = Observation>) -> f64 {
        let prior = prior.clamp(0.01, 0.99);
        let (mut alpha, mut beta) = (prior * self.prior_weight, (1.0 - prior) * self.prior_weight);
        for o in observations {
            let decay = 0.5f64.powf(o.age_secs.max(0.0) / self.half_life_secs) * o.weight;
            if o.success {
                alpha += decay;
            } else {
                beta += decay;
            }
        }
        alpha / (alpha + beta)
    }

    /// The score of a pattern on one kind of error: its record on that kind,
    /// with its record on all kinds (itself scored against its declared
    /// confidence) as the prior.
    pub fn score_for_kind(&self, confidence: f64, all_kinds: &[Observation], this_kind: &[Observation]) -> f64 {
        let pattern = self.score(confidence, all_kinds.iter().copied());
        self.score(pattern, this_kind.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(success: bool, age_days: f64) -> Observation {
        Observation {
            success,
            age_secs: age_days * 86_400.0,
            weight: 1.0,
        }
    }

    #[test]
    fn prior_only_is_the_declared_confidence() {
        let r = Ranking::default();
        assert!((r.score(0.8, []) - 0.8).abs() < 1e-9);
    }

    #[test]
    fn one_lucky_success_does_not_outrank_a_long_record() {
        let r = Ranking::default();
        let lucky = r.score(0.5, [obs(true, 0.0)]);
        let proven = r.score(0.5, (0..40).map(|i| obs(i % 10 != 0, 1.0)));
        assert!(lucky > 0.5 && lucky < 0.65, "{lucky}");
        assert!(proven > lucky, "{proven} vs {lucky}");
    }

    #[test]
    fn many_failures_sink_a_confident_pattern() {
        let r = Ranking::default();
        let failing = r.score(0.9, (0..20).map(|_| obs(false, 0.0)));
        assert!(failing < 0.2, "{failing}");
    }

    #[test]
    fn old_outcomes_count_less() {
        let r = Ranking::default();
        let recent_failures = r.score(0.9, (0..10).map(|_| obs(false, 0.0)));
        let old_failures = r.score(0.9, (0..10).map(|_| obs(false, 120.0)));
        assert!(old_failures > recent_failures, "{old_failures} vs {recent_failures}");
        // Four half-lives on, ten failures weigh about as much as 0.6 of one.
        assert!(
            (old_failures
                - r.score(
                    0.9,
                    [Observation {
                        weight: 10.0 / 16.0,
                        ..obs(false, 0.0)
                    }]
                ))
            .abs()
                < 1e-9
        );
    }

    #[test]
    fn the_kind_record_refines_the_pattern_record() {
        let r = Ranking::default();
        let all: Vec<Observation> = (0..30).map(|_| obs(true, 1.0)).collect();
        let kind_bad: Vec<Observation> = (0..10).map(|_| obs(false, 1.0)).collect();
        let general = r.score_for_kind(0.5, &all, &[]);
        let here = r.score_for_kind(0.5, &all, &kind_bad);
        assert!(general > 0.85 && here < general / 2.0, "{general} {here}");
    }
}
