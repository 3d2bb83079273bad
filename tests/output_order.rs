//! The printed order of output rows (`output::Printer`) is computed from keys instead of
//! printed text; these tests hold it to the definition: rows sorted by their printed values,
//! without repeats. Also the fast time printing against jiff's `strftime`.

mod common;

use diligence::facts::Time;
use diligence::output;
use diligence::rules::engine::FactLike;
use diligence::rules::program::Rel;
use diligence::Evaluation;
use pretty_assertions::assert_eq;
use proptest::prelude::*;

/// The definition: print every value of every row, sort the printed rows, drop repeats.
fn printed_then_sorted(ev: &Evaluation, rel: Rel) -> Vec<Vec<String>> {
    let sym = &ev.dataset.symbols;
    let mut rows: Vec<Vec<String>> = ev
        .model
        .facts(rel)
        .iter()
        .map(|f| f.values().iter().map(|v| v.render(sym)).collect())
        .collect();
    rows.sort();
    rows.dedup();
    rows
}

/// Both ways of keying (ids by rank and times by print order; everything by printed text)
/// give the definition's rows, for every relation.
fn check_every_relation(ev: &Evaluation) {
    let sym = &ev.dataset.symbols;
    for &rel in Rel::ALL {
        let expected = printed_then_sorted(ev, rel);
        assert_eq!(
            output::rows(ev, rel),
            expected,
            "relation {}",
            rel.name().name
        );
        let texts = output::Printer::texts_only(sym);
        let sorted = texts.sorted(&ev.model, rel);
        let rows: Vec<Vec<String>> = (0..sorted.len()).map(|k| sorted.row(k)).collect();
        assert_eq!(
            rows,
            expected,
            "relation {} (keyed by text)",
            rel.name().name
        );
    }
}

/// Every relation (inputs, intermediates, outputs: ids, times, numbers, flags, closed
/// values, absent values, mixed kinds) of the shipped dataset.
#[test]
fn shipped_dataset_rows_in_printed_order() {
    let dir = common::shipped_dir();
    check_every_relation(&common::evaluate_dir(dir.as_ref(), None));
}

/// A generated dataset: many rows per relation, repeated and absent values.
#[test]
fn generated_dataset_rows_in_printed_order() {
    let dir = common::generated(3_000, 7);
    check_every_relation(&common::evaluate_dir(dir.path(), None));
}

/// Times with seconds and times within one minute: `…:MM:SSZ` prints before `…:MMZ`.
#[test]
fn seconds_sort_before_the_full_minute() {
    let t = |s: &str| Time::parse(s).unwrap();
    let mut times = [
        t("2024-03-02T08:00Z"),
        t("2024-03-02T08:00:59Z"),
        t("2024-03-02T08:00:01Z"),
        t("2024-03-02T07:59:59Z"),
        t("2024-03-02T08:01Z"),
    ];
    times.sort_by_key(|t| t.print_order());
    let printed: Vec<String> = times.iter().map(|t| t.to_string()).collect();
    let mut sorted = printed.clone();
    sorted.sort();
    assert_eq!(printed, sorted);
    assert_eq!(printed[3], "2024-03-02T08:00Z");
}

proptest! {
    /// Printing agrees with jiff's `strftime` in the formats the data model gives.
    #[test]
    fn time_prints_as_strftime(secs in Time::YEAR_1000..Time::YEAR_10000) {
        let ts = jiff::Timestamp::from_second(secs).unwrap();
        let expected = ts
            .strftime(if secs % 60 == 0 { "%Y-%m-%dT%H:%MZ" } else { "%Y-%m-%dT%H:%M:%SZ" })
            .to_string();
        prop_assert_eq!(Time(secs).to_string(), expected);
    }

    /// The print-order key orders times as their printed texts, and gives the time back.
    #[test]
    fn print_order_is_printed_order(
        a in Time::YEAR_1000..Time::YEAR_10000,
        d in -200i64..200,
    ) {
        let b = (a + d).clamp(Time::YEAR_1000, Time::YEAR_10000 - 1);
        let (ta, tb) = (Time(a), Time(b));
        let (ka, kb) = (ta.print_order().unwrap(), tb.print_order().unwrap());
        prop_assert_eq!(ka.cmp(&kb), ta.to_string().cmp(&tb.to_string()));
        prop_assert_eq!(Time::from_print_order(ka), ta);
    }
}

/// Outside years 1000-9999 there is no key, and printing falls back to `strftime`.
#[test]
fn out_of_range_times_have_no_key() {
    assert_eq!(Time(Time::YEAR_1000 - 1).print_order(), None);
    assert_eq!(Time(Time::YEAR_10000).print_order(), None);
    assert_eq!(Time(Time::YEAR_1000 - 60).to_string(), "0999-12-31T23:59Z");
    assert_eq!(Time(Time::YEAR_10000).to_string(), "@253402300800");
}
