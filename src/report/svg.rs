//! Inline SVG drawings of a report: a bar chart per conclusion relation, an incident's
//! timeline, and a proof as a graph. All are plain SVG text with escaped labels, no
//! scripts and no fonts beyond the generic `sans-serif`, so they work inside the report,
//! as standalone files and in print.
//!
//! Proof graphs are laid out here as a tidy tree rather than through Graphviz or a DOT
//! layout crate: a proof is a tree (shared sub-proofs are drawn again under each user),
//! so a two-pass tree layout (subtree widths, then positions) places it without crossings,
//! deterministically, with the same status colours as the HTML, and with no extra
//! dependency. (`layout-rs`, the maintained pure-Rust DOT renderer, handles a subset of
//! DOT and lays out general graphs; for trees it adds nothing but a dependency.)

use std::fmt::Write as _;

use html_escape::encode_text as esc;

use super::{Lane, Mark, PKind, PStep, Report, Timeline};
use crate::facts::Time;
use crate::rules::engine::FactLike;

/// The colour of a rule status (and of input rows).
pub fn status_colour(status: &str) -> &'static str {
    match status {
        "lex_lata" => "#1f5fa8",
        "emerging" => "#b8640b",
        "lex_ferenda" => "#7a3fa0",
        "contested" => "#b3261e",
        "best_practice" => "#5f6b73",
        "method" => "#5f6b73",
        "input" => "#2e7d32",
        _ => "#444",
    }
}

/// Escapes text for an SVG attribute value (quotes included).
fn attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// A horizontal bar chart: one bar per (label, count), the largest first, at most `max`
/// bars and one for the rest.
pub fn bar_chart(title: &str, counts: &[(String, usize)], max: usize) -> String {
    let mut items: Vec<(String, usize)> = counts.iter().filter(|c| c.1 > 0).cloned().collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if items.len() > max {
        let rest: usize = items[max - 1..].iter().map(|c| c.1).sum();
        let n = items.len() - (max - 1);
        items.truncate(max - 1);
        items.push((format!("{n} others"), rest));
    }
    let total: usize = counts.iter().map(|c| c.1).sum();
    let top = items.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let (lw, bw, rh) = (90.0, 150.0, 16.0);
    let h = 22.0 + rh * items.len().max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{al}"><title>{t}</title><text x="0" y="13" class="ct">{t} ({total})</text>"#,
        w = lw + bw + 40.0,
        al = attr(&format!("{title}: {total} rows by state")),
        t = esc(title),
    );
    if items.is_empty() {
        let _ = write!(s, r#"<text x="0" y="32" class="cl">none</text>"#);
    }
    for (k, (label, n)) in items.iter().enumerate() {
        let y = 20.0 + rh * k as f64;
        let w = (bw * *n as f64 / top as f64).max(1.0);
        let short: String = label.chars().take(14).collect();
        let _ = write!(
            s,
            r#"<text x="{tx}" y="{ty}" class="cl" text-anchor="end">{l}</text><rect x="{lw}" y="{y}" width="{w:.1}" height="{bh}" class="bar"><title>{tl}: {n}</title></rect><text x="{nx:.1}" y="{ty}" class="cn">{n}</text>"#,
            tx = lw - 4.0,
            ty = y + 11.0,
            l = esc(&short),
            bh = rh - 4.0,
            tl = esc(label),
            nx = lw + w + 3.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// The ordinal time axis of a timeline: every distinct time, evenly spaced.
struct Axis {
    times: Vec<Time>,
    left: f64,
    step: f64,
}

impl Axis {
    fn x(&self, t: Time) -> f64 {
        let k = self.times.partition_point(|x| *x < t);
        self.left + self.step * k as f64
    }
}

fn short_time(t: Time) -> String {
    let s = t.to_string();
    s.trim_end_matches("T00:00Z")
        .replace('T', " ")
        .replace('Z', "")
}

fn event_colour(kind: &str) -> &'static str {
    match kind {
        "notification" | "assistance_request" => "#1f5fa8",
        "detection" | "public_report" | "knowledge" => "#7a3fa0",
        "measure" | "warning" | "mla_response" | "compensation" | "satisfaction" => "#2e7d32",
        "mla_request" => "#00838f",
        "concern" | "cm_notice" => "#b8640b",
        _ => "#555",
    }
}

/// An incident's timeline: the incident's span, its events (notification, detection,
/// reports, …), and per duty-bearing state and duty the window `[since, since + W]` with
/// the knowledge that opened it and the measures, warnings or answers that could meet it,
/// each green inside the window and red after it, and the outcome at the right.
/// The axis is ordinal (every distinct time gets the same width, labelled with its date),
/// so that a 72-hour window and a years-long incident are both readable.
pub fn timeline(t: &Timeline) -> String {
    let mut times: Vec<Time> = vec![t.start, t.as_of];
    times.extend(t.end.filter(|e| *e <= t.as_of));
    times.extend(t.events.iter().map(|m| m.time));
    for l in &t.lanes {
        times.push(l.since);
        times.push(l.end);
        times.extend(l.marks.iter().map(|m| m.time));
    }
    times.sort();
    times.dedup();
    let axis = Axis {
        left: 190.0,
        step: 86.0,
        times,
    };
    let right = axis.x(*axis.times.last().unwrap_or(&t.start));
    let width = right + 200.0;
    // Events at the same time are stacked.
    let mut stack: Vec<(f64, usize)> = Vec::new();
    let mut ev_pos = Vec::new();
    for m in &t.events {
        let x = axis.x(m.time);
        let k = match stack.iter_mut().find(|(sx, _)| *sx == x) {
            Some(e) => {
                e.1 += 1;
                e.1 - 1
            }
            None => {
                stack.push((x, 1));
                0
            }
        };
        ev_pos.push((x, k));
    }
    let ev_rows = stack.iter().map(|s| s.1).max().unwrap_or(0).max(1);
    let y_inc = 28.0;
    let y_ev = 52.0;
    let y_lanes = y_ev + 16.0 * ev_rows as f64 + 18.0;
    let lane_h = 34.0;
    let y_axis = y_lanes + lane_h * t.lanes.len() as f64 + 8.0;
    let height = y_axis + 80.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" role="img" aria-label="{al}"><title>{tt}</title>"#,
        al = attr(&format!(
            "Timeline of incident {}: {} events, {} duty windows",
            t.incident,
            t.events.len(),
            t.lanes.len()
        )),
        tt = esc(&format!("Timeline of {} ({})", t.incident, t.title)),
    );
    // Grid lines and the time axis.
    for (k, tm) in axis.times.iter().enumerate() {
        let x = axis.left + axis.step * k as f64;
        let _ = write!(
            s,
            r#"<line x1="{x}" y1="{y0}" x2="{x}" y2="{y_axis}" class="grid"/><text transform="translate({x},{ty}) rotate(35)" class="tick">{l}</text>"#,
            y0 = y_inc - 12.0,
            ty = y_axis + 12.0,
            l = esc(&short_time(*tm)),
        );
    }
    // The incident's span.
    let end_x = t.end.filter(|e| *e <= t.as_of).map_or(right, |e| axis.x(e));
    let _ = write!(
        s,
        r#"<text x="4" y="{ly}" class="lane">incident {inc}</text><rect x="{x0}" y="{y}" width="{w:.1}" height="10" class="span"><title>{tl}</title></rect>"#,
        ly = y_inc + 9.0,
        inc = esc(&trunc(&t.incident, 20)),
        x0 = axis.x(t.start),
        y = y_inc,
        w = (end_x - axis.x(t.start)).max(4.0),
        tl = esc(&format!(
            "{}: {} to {}",
            t.title,
            t.start,
            t.end.map_or("ongoing".to_string(), |e| e.to_string())
        )),
    );
    // Events.
    let _ = write!(
        s,
        r#"<text x="4" y="{y}" class="lane">events</text>"#,
        y = y_ev + 4.0
    );
    for (m, (x, k)) in t.events.iter().zip(&ev_pos) {
        let y = y_ev + 16.0 * *k as f64;
        mark(&mut s, m, *x, y, event_colour(&m.kind), true);
    }
    // Duty windows.
    for (k, l) in t.lanes.iter().enumerate() {
        lane(&mut s, l, &axis, y_lanes + lane_h * k as f64, right);
    }
    // as_of.
    let ax = axis.x(t.as_of);
    let _ = write!(
        s,
        r#"<line x1="{ax}" y1="{y0}" x2="{ax}" y2="{y_axis}" class="asof"/><text x="{tx}" y="{ty}" class="asofl">as of</text>"#,
        y0 = y_inc - 14.0,
        tx = ax + 3.0,
        ty = y_inc - 6.0,
    );
    s.push_str("</svg>");
    s
}

fn trunc(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

fn mark(s: &mut String, m: &Mark, x: f64, y: f64, colour: &str, label: bool) {
    let src = m.src.map(|s| format!(" ({s})")).unwrap_or_default();
    let tip = format!("{} {} {}{}", m.time, m.kind, m.label, src);
    let _ = write!(
        s,
        r#"<circle cx="{x}" cy="{y}" r="5" fill="{colour}"><title>{t}</title></circle>"#,
        t = esc(&tip)
    );
    if label {
        let _ = write!(
            s,
            r#"<text x="{tx}" y="{ty}" class="ml">{l}</text>"#,
            tx = x + 7.0,
            ty = y + 4.0,
            l = esc(&trunc(
                &format!("{} {}", m.kind.replace('_', " "), m.label),
                28
            )),
        );
    }
}

fn lane(s: &mut String, l: &Lane, axis: &Axis, y: f64, right: f64) {
    let x0 = axis.x(l.since);
    let x1 = axis.x(l.end);
    let outcome = match l.outcome {
        "breach" => "breach: window missed",
        "concern" => "concern: window missed",
        "met" => "met in the window",
        "open" => "window open at as_of",
        _ => "no breach (excused)",
    };
    let cls = match l.outcome {
        "breach" => "bad",
        "concern" => "warn",
        "met" => "good",
        _ => "neutral",
    };
    let _ = write!(
        s,
        r#"<text x="4" y="{ly}" class="lane">{st} {d}</text><text x="4" y="{ly2}" class="lanes">{status}</text><rect x="{x0}" y="{y}" width="{w:.1}" height="14" class="win {cls}"><title>{tt}</title></rect><text x="{ox}" y="{ly}" class="out {cls}">{outcome}</text>"#,
        ly = y + 11.0,
        ly2 = y + 23.0,
        st = esc(&trunc(&l.state, 12)),
        d = l.duty.code(),
        status = esc(&l.status),
        w = (x1 - x0).max(3.0),
        tt = esc(&format!(
            "{} {} window {} to {} ({})",
            l.state,
            l.duty.code(),
            l.since,
            l.end,
            outcome
        )),
        ox = right + 10.0,
    );
    for m in &l.marks {
        let x = axis.x(m.time);
        let colour = if m.kind == "knowledge" {
            "#7a3fa0"
        } else if m.time <= l.end {
            "#2e7d32"
        } else {
            "#b3261e"
        };
        mark(s, m, x, y + 7.0, colour, false);
        let _ = write!(
            s,
            r#"<text x="{tx}" y="{ty}" class="ml">{t}</text>"#,
            tx = x + 7.0,
            ty = y + 25.0,
            t = esc(&trunc(
                if m.kind == "knowledge" {
                    &m.label
                } else {
                    &m.kind
                },
                18
            )),
        );
    }
}

/// One box of a laid-out proof tree.
struct Boxed {
    lines: Vec<String>,
    status: String,
    kids: Vec<usize>,
    w: f64,
    h: f64,
    x: f64,
    y: f64,
    sub: f64,
}

const MAX_BOXES: usize = 400;

/// A proof as a standalone SVG tree: each box a row with its rule id and status (derived)
/// or its file and line (input), premises below their conclusion; checked absences and
/// guards listed inside the conclusion's box.
pub fn proof_graph(r: &Report, root: usize) -> String {
    let mut boxes: Vec<Boxed> = Vec::new();
    expand(r, root, &mut boxes);
    // Depth of each box and the heights of the levels.
    let mut depth = vec![0usize; boxes.len()];
    for k in 0..boxes.len() {
        for &c in &boxes[k].kids.clone() {
            depth[c] = depth[k] + 1;
        }
    }
    let levels = depth.iter().max().copied().unwrap_or(0) + 1;
    let mut lh = vec![0.0f64; levels];
    for (k, b) in boxes.iter().enumerate() {
        lh[depth[k]] = lh[depth[k]].max(b.h);
    }
    let mut ly = vec![10.0; levels];
    for d in 1..levels {
        ly[d] = ly[d - 1] + lh[d - 1] + 36.0;
    }
    // Subtree widths, bottom-up (children have larger indices).
    let gap = 14.0;
    for k in (0..boxes.len()).rev() {
        let kids: f64 = boxes[k].kids.iter().map(|&c| boxes[c].sub).sum::<f64>()
            + gap * boxes[k].kids.len().saturating_sub(1) as f64;
        boxes[k].sub = boxes[k].w.max(kids);
    }
    // Positions, top-down.
    place(&mut boxes, 0, 10.0, &depth, &ly, gap);
    let width = boxes.first().map_or(100.0, |b| b.sub) + 20.0;
    let height = ly[levels - 1] + lh[levels - 1] + 10.0;
    let mut s = String::new();
    let atom = format!(
        "{}({})",
        r.graph.nodes[root].fact.rel().name,
        r.graph.nodes[root].values.join(", ")
    );
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="11"><title>{t}</title><rect width="100%" height="100%" fill="#fff"/>"##,
        t = esc(&format!("Proof of {atom}")),
    );
    for b in &boxes {
        for &c in &b.kids {
            let k = &boxes[c];
            let _ = write!(
                s,
                r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#888"/>"##,
                b.x + b.w / 2.0,
                b.y + b.h,
                k.x + k.w / 2.0,
                k.y
            );
        }
    }
    for b in &boxes {
        let colour = status_colour(&b.status);
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" fill="#fff" stroke="{colour}" stroke-width="1.5"/>"##,
            b.x, b.y, b.w, b.h
        );
        for (k, line) in b.lines.iter().enumerate() {
            let (fill, weight) = if k == 1 {
                (colour, "bold")
            } else {
                ("#222", "normal")
            };
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" fill="{fill}" font-weight="{weight}">{}</text>"#,
                b.x + 6.0,
                b.y + 14.0 + 13.0 * k as f64,
                esc(line)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

fn expand(r: &Report, id: usize, boxes: &mut Vec<Boxed>) -> usize {
    let n = &r.graph.nodes[id];
    let atom = match n.kind {
        PKind::Profile => "profile".to_string(),
        _ => trunc(
            &format!("{}({})", n.fact.rel().name, n.values.join(", ")),
            70,
        ),
    };
    let (second, status) = match n.kind {
        PKind::Input(src) => (
            format!("input {}", src.map(|s| s.to_string()).unwrap_or_default()),
            "input".to_string(),
        ),
        PKind::Profile => (
            format!("profile {}", r.ev.profile.name),
            "input".to_string(),
        ),
        PKind::Derived(c) => {
            let rule = super::clause_rule(c);
            (
                format!("{} · {}", rule.code(), rule.status().as_str()),
                rule.status().as_str().to_string(),
            )
        }
    };
    let mut lines = vec![atom, second];
    let extra: Vec<&String> = n
        .steps
        .iter()
        .filter_map(|s| match s {
            PStep::Line(l) => Some(l),
            PStep::Node(_) => None,
        })
        .collect();
    for l in extra.iter().take(4) {
        lines.push(trunc(l, 70));
    }
    if extra.len() > 4 {
        lines.push(format!("… {} more conditions", extra.len() - 4));
    }
    let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(10) as f64 * 6.3 + 14.0;
    let h = 8.0 + 13.0 * lines.len() as f64;
    let me = boxes.len();
    boxes.push(Boxed {
        lines,
        status,
        kids: Vec::new(),
        w,
        h,
        x: 0.0,
        y: 0.0,
        sub: 0.0,
    });
    let kids: Vec<usize> = n
        .steps
        .iter()
        .filter_map(|s| match s {
            PStep::Node(c) => Some(*c),
            PStep::Line(_) => None,
        })
        .collect();
    let mut out = Vec::new();
    for (k, c) in kids.iter().enumerate() {
        if boxes.len() >= MAX_BOXES {
            let rest = kids.len() - k;
            out.push(boxes.len());
            boxes.push(Boxed {
                lines: vec![format!("… {rest} more premise(s) (see the HTML report)")],
                status: "method".into(),
                kids: Vec::new(),
                w: 300.0,
                h: 21.0,
                x: 0.0,
                y: 0.0,
                sub: 0.0,
            });
            break;
        }
        out.push(expand(r, *c, boxes));
    }
    boxes[me].kids = out;
    me
}

fn place(boxes: &mut [Boxed], k: usize, x0: f64, depth: &[usize], ly: &[f64], gap: f64) {
    let sub = boxes[k].sub;
    boxes[k].x = x0 + (sub - boxes[k].w) / 2.0;
    boxes[k].y = ly[depth[k]];
    let kids = boxes[k].kids.clone();
    let total: f64 =
        kids.iter().map(|&c| boxes[c].sub).sum::<f64>() + gap * kids.len().saturating_sub(1) as f64;
    let mut x = x0 + (sub - total) / 2.0;
    for c in kids {
        place(boxes, c, x, depth, ly, gap);
        x += boxes[c].sub + gap;
    }
}
