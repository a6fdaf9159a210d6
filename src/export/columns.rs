//! What the 自评表's columns say, as both exports write them: each node's path of names as the 一级 /
//! 二级 / 三级 columns, an indicator's target, a qualitative actual.

use crate::domain::num::format_exact;
use crate::domain::scored::level_label;
use crate::domain::{Actual, Direction, Evaluation, Indicator, Lang, Node, Scored};

/// Each node's path of names below the root (the root's is empty), in `Scored::nodes` order: the
/// 一级 / 二级 / 三级 columns of a 自评表.
pub(super) fn node_paths<'a>(evaluation: &'a Evaluation, scored: &Scored) -> Vec<Vec<&'a str>> {
    let nodes: Vec<&Node> = evaluation.root.walk().collect();
    let mut paths: Vec<Vec<&str>> = Vec::with_capacity(nodes.len());
    for (node, result) in nodes.iter().zip(&scored.nodes) {
        let path = match result.parent.and_then(|p| paths.get(p)) {
            Some(parent) => {
                let mut path = parent.clone();
                path.push(node.name.as_str());
                path
            }
            None => Vec::new(),
        };
        paths.push(path);
    }
    paths
}

/// A path as the three columns: the first name, the middle ones joined, the last (a path of one fills
/// only the first column, of two the first two).
pub(super) fn three_levels(path: &[&str]) -> [String; 3] {
    match path {
        [] => Default::default(),
        [one] => [one.to_string(), String::new(), String::new()],
        [one, two] => [one.to_string(), two.to_string(), String::new()],
        [first, middle @ .., last] => [first.to_string(), middle.join(" / "), last.to_string()],
    }
}

/// The target as a 自评表 writes it: "≥ 20 人", "≤ 5%", or the report's wording for a qualitative one.
pub(super) fn target_text(indicator: &Indicator) -> String {
    match (indicator.direction, indicator.target) {
        (Direction::Qualitative, _) | (_, None) => indicator.target_text.trim().to_string(),
        (direction, Some(target)) => {
            format!("{} {}{}", direction.symbol(), format_exact(target), unit_suffix(&indicator.unit))
        }
    }
}

fn unit_suffix(unit: &str) -> String {
    match unit.trim() {
        "" => String::new(),
        "%" | "％" => "%".to_string(),
        unit => format!(" {unit}"),
    }
}

/// A qualitative actual: "部分达成 75%", or the level alone when it takes the band's default.
pub(super) fn level_text(actual: &Actual, lang: Lang) -> String {
    match actual {
        Actual::Number(n) => format_exact(*n),
        Actual::Level { level, percent: Some(percent) } => {
            format!("{} {}%", level_label(*level, lang), format_exact(*percent))
        }
        Actual::Level { level, percent: None } => level_label(*level, lang).to_string(),
        Actual::Text(text) => text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_three_columns() {
        assert_eq!(three_levels(&[]), [String::new(), String::new(), String::new()]);
        assert_eq!(three_levels(&["履职效能"]), ["履职效能".to_string(), String::new(), String::new()]);
        assert_eq!(
            three_levels(&["履职效能", "专项资金绩效完成情况", "产出指标", "指标"]),
            ["履职效能".to_string(), "专项资金绩效完成情况 / 产出指标".to_string(), "指标".to_string()]
        );
    }

    #[test]
    fn targets_read_as_the_report_writes_them() {
        let mut indicator = Indicator::new("i", "人数", Direction::AtLeast);
        indicator.target = Some(20.into());
        indicator.unit = "人".into();
        assert_eq!(target_text(&indicator), "≥ 20 人");
        indicator.unit = "%".into();
        indicator.direction = Direction::AtMost;
        assert_eq!(target_text(&indicator), "≤ 20%");
        indicator.direction = Direction::Qualitative;
        indicator.target_text = "群众满意".into();
        assert_eq!(target_text(&indicator), "群众满意");
    }
}
