//! The scored evaluation as JSON: what `jixiao score` prints, for reviewers' scripts and for tests.
//! Every score is an exact decimal string; `display` fields are rounded half-up for reading.

use serde_json::{json, Value};

use crate::domain::num::{format_exact, format_fixed};
use crate::domain::{Actual, Evaluation, Lang, Node, Scored, Status};

/// Version of this output's shape, printed in it; bumped only when a field changes meaning or goes.
pub const REPORT_VERSION: u64 = 1;

pub fn scored_json(evaluation: &Evaluation, scored: &Scored, lang: Lang) -> Value {
    let decimals = evaluation.meta.display_decimals;
    let exact = |d: rust_decimal::Decimal| Value::String(format_exact(d));
    let opt = |d: Option<rust_decimal::Decimal>| d.map_or(Value::Null, exact);
    let nodes: Vec<&Node> = evaluation.root.walk().collect();
    // The root as shown: the total the grade is read from, and the printed one against it.
    let root = scored.shown(scored.root()).unwrap_or_else(|| scored.root().clone());
    let root = &root;
    let open = scored.open_inputs();
    json!({
        "report": "jixiao-score",
        "report_version": REPORT_VERSION,
        "title": evaluation.meta.title,
        "department": evaluation.meta.department,
        "year": evaluation.meta.year,
        "total": {
            "score": exact(scored.total),
            "display": format_fixed(scored.total, decimals),
            "uncapped": exact(scored.uncapped_total),
            "cap": opt(scored.cap),
            "points": exact(root.points),
            "reported": opt(root.reported),
            "difference": opt(root.difference),
            // The points of not-applicable rows the total was converted without (0: none).
            "not_applicable_points": exact(scored.not_applicable_points),
            "grade": scored.grade,
            // Inputs still empty (待填) or unusable (有误): while either is above 0 the grade is provisional.
            "pending_inputs": open.pending,
            "invalid_inputs": open.invalid,
        },
        "nodes": nodes.iter().zip(&scored.nodes).map(|(node, result)| json!({
            "id": result.id,
            "name": node.name,
            "depth": result.depth,
            "kind": node.rule().map_or("group", |r| r.kind().as_str()),
            "points": exact(result.points),
            "score": exact(result.score),
            "display": format_fixed(result.score, decimals),
            "lost": exact(result.lost),
            "reported": opt(result.reported),
            "difference": opt(result.difference),
            "status": status_str(result.status),
            "error": result.error.as_ref().map(|e| e.message(lang)),
        })).collect::<Vec<_>>(),
        "indicators": scored.indicators.iter().map(|result| {
            let indicator = evaluation.find_indicator(&result.id).map(|(_, i)| i);
            let text = |f: fn(&crate::domain::Indicator) -> &str| indicator.map_or("", f);
            json!({
                "id": result.id,
                "node_id": result.node_id,
                "name": text(|i| &i.name),
                "category": text(|i| &i.category),
                "direction": indicator.map(|i| i.direction.as_str()),
                // As written (the report's wording) and as read.
                "target_text": text(|i| &i.target_text),
                "target": opt(indicator.and_then(|i| i.target)),
                "unit": text(|i| &i.unit),
                "actual_text": text(|i| &i.actual_text),
                "actual": indicator.and_then(|i| i.actual.as_ref()).map_or(Value::Null, actual_json),
                "points": opt(indicator.and_then(|i| i.points)),
                "reported": opt(result.reported),
                "difference": opt(result.difference),
                "deviation_reason": text(|i| &i.deviation_reason),
                "badge": result.badge().as_str(),
                "ratio": opt(result.ratio()),
                "raw_ratio": opt(result.completion.raw_ratio),
                "share": exact(result.share),
                "score": exact(result.score),
                "lost": exact(result.lost),
                "error": result.error().map(|e| e.message(lang)),
            })
        }).collect::<Vec<_>>(),
        "badges": crate::domain::Badge::ALL.iter().map(|b| (b.as_str().to_string(), Value::from(scored.count_badge(*b)))).collect::<serde_json::Map<_, _>>(),
        "warnings": scored.checks.iter().map(|check| json!({
            "code": check.code(),
            "severity": check.severity().as_str(),
            "node_id": check.node_id,
            "indicator_id": check.indicator_id,
            "message": check.message(lang),
        })).collect::<Vec<_>>(),
    })
}

/// An actual as the file holds it: a number, a level (and its percent), or text as written.
fn actual_json(actual: &Actual) -> Value {
    match actual {
        Actual::Number(n) => Value::String(format_exact(*n)),
        Actual::Level { level, percent } => {
            json!({ "level": level.as_str(), "percent": percent.map(|p| Value::String(format_exact(p))) })
        }
        Actual::Text(text) => Value::String(text.clone()),
    }
}

pub fn status_str(status: Status) -> &'static str {
    match status {
        Status::Scored => "scored",
        Status::Pending => "pending",
        Status::Invalid => "invalid",
    }
}
