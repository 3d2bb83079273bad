//! The doctrinal positions a profile fixes, as one small `Copy` value the rules read
//! (crepe relations need `Copy + Eq + Hash`). Catalogue section P.

use crate::facts::{Capacity, MeasureKind, Severity, Status, Time};

/// The sovereignty rule a profile adopts (SIG-SOVEREIGNTY; Ch. 3.B.III.5; F7).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Sovereignty {
    /// No sovereignty rule (the book's position, `kreuzer-2024`).
    None,
    /// Disruptive/destructive effects inside the target, or interference with inherently
    /// governmental functions (Tallinn Manual 2.0, Rule 4).
    Territorial,
    /// Any cyber harm, intrusive included.
    Pure,
}

/// Every position of catalogue section P, resolved (no inheritance left), plus `as_of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Params {
    /// SIG-SOVEREIGNTY variant.
    pub sovereignty: Sovereignty,
    /// Status of DUTY-NOTIFY: `emerging` (default) or `lex_lata` ("binding").
    pub notify: Status,
    /// Status of DUTY-VULN: `lex_ferenda` (default).
    pub vuln: Status,
    /// Preventive duties incl. abstract risk (SIG-RISK).
    pub preventive: bool,
    /// Due diligence binding at all (`no-due-diligence` sets false).
    pub due_diligence: bool,
    /// Collective countermeasures permitted (CM-COLLECTIVE).
    pub collective_cm: bool,
    /// Response window in hours (BREACH-ACTION, BREACH-NOTIFY, CAP-3).
    pub window_hours: u32,
    /// MLA answer window in hours (BREACH-MLA; amended): a compliant answer within it is
    /// timely, one after it late (a concern), none by `as_of` a breach.
    pub mla_window_hours: u32,
    /// SIG-CI (amended): the least severity of a critical-infrastructure incident that is
    /// significant.
    pub ci_min_severity: Severity,
    /// SIG-ECONOMIC threshold in USD.
    pub economic_threshold_usd: u64,
    /// SIG-CUMULATIVE: number of pooled incidents that suffices.
    pub cumulative_incidents: u32,
    /// SIG-CUMULATIVE: summed `loss_usd` of the pool that suffices.
    pub cumulative_loss_usd: u64,
    /// CAP-1: the capacity each measure requires, indexed by `MeasureKind as usize`.
    pub feasibility: [Capacity; 6],
    /// The evaluation time: events after it are ignored ("Readings settled", Time).
    pub as_of: Time,
}

impl Params {
    /// The capacity a measure requires (CAP-1).
    pub fn required_capacity(&self, m: MeasureKind) -> Capacity {
        self.feasibility[m as usize]
    }
    /// True if some measure is feasible for a state of capacity `c` (CAP-1).
    pub fn any_feasible(&self, c: Capacity) -> bool {
        self.feasibility.iter().any(|&need| c >= need)
    }
}

impl Default for Params {
    /// The `kreuzer-2024` positions, with `as_of` unset (`Time::NEVER`).
    fn default() -> Self {
        use Capacity::*;
        Params {
            sovereignty: Sovereignty::None,
            notify: Status::Emerging,
            vuln: Status::LexFerenda,
            preventive: true,
            due_diligence: true,
            collective_cm: false,
            window_hours: 72,
            mla_window_hours: 720,
            ci_min_severity: Severity::Moderate,
            economic_threshold_usd: 10_000_000,
            cumulative_incidents: 3,
            cumulative_loss_usd: 10_000_000,
            // takedown, block, investigate, arrest, prosecute, respond
            feasibility: [Medium, Medium, Low, Low, Low, Low],
            as_of: Time::NEVER,
        }
    }
}
