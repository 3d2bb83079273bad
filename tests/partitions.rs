//! The model is the same set of tuples however the incidents are partitioned: the union of
//! the partitions' results has no repeats (state-level tuples are derived in every
//! partition and deduplicated; tuples naming an incident are derived in its partition
//! only), and a relation read before and after it is sorted holds the same tuples.

mod common;

use common::{evaluate_dir, generated};
use diligence::rules::program::{Fact, Rel};
use diligence::Evaluation;
use pretty_assertions::assert_eq;

/// The values of every tuple, read without sorting the relation (as printing does).
fn unsorted_values(ev: &Evaluation, rel: Rel) -> Vec<Vec<diligence::rules::engine::Value>> {
    let mut rows = Vec::new();
    ev.model
        .for_each_values(rel, &mut |v| rows.push(v.to_vec()));
    rows
}

#[test]
fn partitions_unite_without_repeats() {
    let dir = generated(600, 11);
    let whole = evaluate_dir(dir.path(), Some(1_000_000));
    for size in [1, 37, 256] {
        let parts = evaluate_dir(dir.path(), Some(size));
        for &rel in Rel::ALL {
            let name = rel.name().name;
            // Read unsorted first: no repeats, and `len` counts the distinct tuples.
            let mut raw = unsorted_values(&parts, rel);
            let n = raw.len();
            assert_eq!(
                parts.model.len(rel),
                n,
                "{name}: len (partition size {size})"
            );
            raw.sort();
            raw.dedup();
            assert_eq!(
                raw.len(),
                n,
                "{name}: repeated tuples (partition size {size})"
            );
            // Then sorted (derived relations; inputs keep file order): strictly increasing,
            // the same tuples, and the same as one partition.
            let facts: Vec<Fact> = parts.model.facts(rel);
            assert!(
                rel.name().input || facts.windows(2).all(|w| w[0] < w[1]),
                "{name}: not sorted (partition size {size})"
            );
            assert_eq!(
                facts.len(),
                n,
                "{name}: sorted differs (partition size {size})"
            );
            assert_eq!(
                facts,
                whole.model.facts(rel),
                "{name}: partition size {size}"
            );
            let mut again = unsorted_values(&parts, rel);
            again.sort();
            assert_eq!(again, raw, "{name}: read after sorting");
        }
    }
    // The dataset derives state-level tuples (repeated in every partition) and ones that
    // name incidents: both kinds were checked.
    let rel = |n: &str| diligence::output::relation(n).unwrap();
    assert!(whole.model.len(rel("recommendation")) > 0);
    assert!(whole.model.len(rel("knows")) > 0);
}
