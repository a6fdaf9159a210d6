//! The scored evaluation as JSON: what `jixiao score` prints, for reviewers' scripts and for tests.
//! Every score is an exact decimal string; `display` fields are rounded half-up for reading.

use serde_json::{json, Value};

use crate::domain::num::{format_exact, format_fixed};
use crate::domain::{Evaluation, Lang, Node, Scored, Status};

/// Version of this output's shape, printed in it; bumped only when a field changes meaning or goes.
pub const REPORT_VERSION: u64 = 1;

pub fn scored_json(evaluation: &Evaluation, scored: &Scored, lang: Lang) -> Value {
    let decimals = evaluation.meta.display_decimals;
    let exact = |d: rust_decimal::Decimal| Value::String(format_exact(d));
    let opt = |d: Option<rust_decimal::Decimal>| d.map_or(Value::Null, exact);
    let nodes: Vec<&Node> = evaluation.root.walk().collect();
    let root = scored.root();
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
            let name = evaluation.find_indicator(&result.id).map_or("", |(_, i)| i.name.as_str());
            json!({
                "id": result.id,
                "node_id": result.node_id,
                "name": name,
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

pub fn status_str(status: Status) -> &'static str {
    match status {
        Status::Scored => "scored",
        Status::Pending => "pending",
        Status::Invalid => "invalid",
    }
}
