//! Where a problem is, in the user's words: a JSON path (`root.children[1].rule.indicators[2].target`)
//! resolved against the file's tree into "第 3 个指标“补贴渔船数”的目标值" / "indicator 3 “补贴渔船数”,
//! target". Rows are named by their names; a row whose name is missing or not text is named by its
//! position instead. The field names in words are `field_words`, their one home.

use serde_json::Value;

/// A problem's place in both languages; empty for the file as a whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub zh: String,
    pub en: String,
}

impl Place {
    pub fn is_empty(&self) -> bool {
        self.zh.is_empty()
    }
}

/// A field's name in words, (Chinese, English); `None` for a key the format does not define (it is
/// then quoted as written). Version 1's names (`items`, `reported_score`, `precision`) are here too:
/// a repeated key is found in the file as written, before migration renames them.
pub fn field_words(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        // The file and its parts.
        "format" => ("格式标记", "format marker"),
        "version" => ("格式版本", "format version"),
        "meta" => ("基本信息", "basic information"),
        "root" => ("最上层项目", "the top item"),
        "scenarios" => ("情景", "scenarios"),
        // Nodes.
        "id" => ("编号", "id"),
        "name" => ("名称", "name"),
        "points" => ("分值", "points"),
        "reported" | "reported_score" => ("报告得分", "reported score"),
        "note" => ("备注", "note"),
        "children" | "items" => ("下级项目", "sub-items"),
        "rule" => ("评分规则", "scoring rule"),
        // Rules.
        "kind" => ("评分方式", "rule kind"),
        "rate" => ("执行率", "rate"),
        "months" => ("月度执行", "months"),
        "month" => ("月份", "month"),
        "schedule" => ("序时进度", "schedule"),
        "indicators" => ("指标", "indicators"),
        "at_most_scoring" => ("上限型指标计分方式", "at-most scoring"),
        "qualitative_bands" => ("定性分档", "qualitative bands"),
        "achieved" => ("达成", "achieved"),
        "partial" => ("部分达成", "partially achieved"),
        "not_achieved" => ("未达成", "not achieved"),
        "min" => ("下限", "minimum"),
        "max" => ("上限", "maximum"),
        "default" => ("默认值", "default"),
        "score" => ("得分", "score"),
        "input" => ("输入值", "input"),
        "unit" => ("单位", "unit"),
        "bands" => ("分档", "bands"),
        "passed" => ("是否达标", "passed"),
        "value" => ("值", "value"),
        "limit" => ("扣分上限", "limit"),
        "per_unit" => ("每项扣分", "points per unit"),
        "reason" => ("原因", "reason"),
        "lines" => ("资金", "funds lines"),
        "initial" => ("年初预算数", "initial budget"),
        "adjusted" => ("全年预算数", "adjusted budget"),
        "executed" => ("全年执行数", "executed"),
        "uncapped" => ("不设上限", "uncapped"),
        // Indicators.
        "category" => ("类别", "category"),
        "explanation" => ("指标解释", "explanation"),
        "direction" => ("方向", "direction"),
        "target" => ("目标值", "target"),
        "target_text" => ("目标值原文", "target as written"),
        "actual" => ("实际完成值", "actual"),
        "actual_text" => ("实际完成值原文", "actual as written"),
        "deviation_reason" => ("偏差原因", "deviation reason"),
        "weight" => ("权重", "weight"),
        "not_applicable" => ("不适用", "not applicable"),
        "level" => ("等级", "level"),
        "percent" => ("百分比", "percent"),
        // The basic information.
        "title" => ("标题", "title"),
        "department" => ("部门", "department"),
        "year" => ("年度", "year"),
        "notes" => ("说明", "notes"),
        "display_decimals" | "precision" => ("显示小数位数", "decimals shown"),
        "grade_bands" => ("等级线", "grade bands"),
        "grade" => ("等级", "grade"),
        "total_caps" => ("总分上限", "total caps"),
        "rate_node" => ("执行率所在项目", "rate item"),
        "caps" => ("上限档", "caps"),
        "below" => ("低于", "below"),
        "cap" => ("上限", "cap"),
        "not_applicable_rescale" => ("不适用指标的折算方式", "not-applicable rescaling"),
        "project" => ("项目名称", "project"),
        "executing_unit" => ("实施单位", "executing unit"),
        "goal_expected" => ("预期目标", "expected goal"),
        "goal_actual" => ("目标实际完成情况", "goal achieved"),
        "conclusion" => ("评价结论", "conclusion"),
        "problems" => ("存在问题", "problems"),
        "improvements" => ("改进措施", "improvements"),
        // Scenario changes.
        "changes" => ("修改", "changes"),
        "set" => ("修改内容", "what is set"),
        "indicator" => ("指标编号", "indicator id"),
        "node" => ("项目编号", "item id"),
        "line" => ("资金行号", "funds line number"),
        "field" => ("栏目", "column"),
        "text" => ("文字", "text"),
        _ => return None,
    })
}

/// `path` in words, read against `tree` (the parsed file). With `container`, the place of the object
/// that holds the path's last key: for a problem that names that key itself (an unknown or repeated
/// field), "第 3 个指标“X”：无法识别的字段“score”" says it once.
pub fn place(path: &str, tree: &Value, container: bool) -> Place {
    let mut steps = steps(path, tree);
    if container && matches!(steps.last(), Some((Step::Key(_), _))) {
        steps.pop();
    }
    let mut parts: Vec<(String, String)> = Vec::new();
    for (at, (step, value)) in steps.iter().enumerate() {
        let last = at + 1 == steps.len();
        match *step {
            Step::Key(key) => {
                let into_list = matches!(steps.get(at + 1), Some((Step::Index(_), _)));
                match key {
                    // A list's entries name themselves; the list is said only when it is the place.
                    _ if into_list => {}
                    "root" if at == 0 => {
                        parts = vec![node_words(*value).unwrap_or_else(|| field(key))];
                    }
                    // A rule's fields are its item's: "项目“X”的执行率", not "…的评分规则的执行率".
                    "rule" if !last => {}
                    _ => parts.push(field(key)),
                }
            }
            Step::Index(index) => {
                let n = index + 1;
                let list = match at.checked_sub(1).map(|before| &steps[before]) {
                    Some((Step::Key(list), _)) => *list,
                    _ => "",
                };
                let named = |key: &str| value.and_then(|v| v.get(key)).and_then(name_text);
                match list {
                    "children" | "items" => match node_words(*value) {
                        Some(words) => parts = vec![words],
                        None => parts.push((format!("第 {n} 个下级项目"), format!("sub-item {n}"))),
                    },
                    "indicators" => {
                        let list_value = at.checked_sub(1).and_then(|before| steps[before].1);
                        // Counted 1-based in file order across the whole file, as a clerk counts the
                        // indicator rows down the table (the item rows between them not counted), so
                        // the number alone finds the row.
                        // Past what the tree holds, it is counted in its list, after where the list is.
                        let counted = list_value.and_then(|list| indicator_number(tree, list, index));
                        let n = counted.unwrap_or(n);
                        let words = match named("name") {
                            Some(name) => (format!("第 {n} 个指标“{name}”"), format!("indicator {n} “{name}”")),
                            None => (format!("第 {n} 个指标"), format!("indicator {n}")),
                        };
                        match counted {
                            Some(_) => parts = vec![words],
                            None => parts.push(words),
                        }
                    }
                    "scenarios" => {
                        parts = vec![match named("name") {
                            Some(name) => (format!("情景“{name}”"), format!("scenario “{name}”")),
                            None => (format!("第 {n} 个情景"), format!("scenario {n}")),
                        }];
                    }
                    "changes" => parts.push((format!("第 {n} 项修改"), format!("change {n}"))),
                    "months" => parts.push((format!("第 {n} 个月"), format!("month {n}"))),
                    "bands" | "caps" => parts.push((format!("第 {n} 档"), format!("band {n}"))),
                    "lines" => parts.push(match named("name") {
                        Some(name) => (format!("资金“{name}”"), format!("funds line “{name}”")),
                        None => (format!("第 {n} 行资金"), format!("funds line {n}")),
                    }),
                    "grade_bands" => parts.push(match named("grade") {
                        Some(grade) => (format!("等级“{grade}”"), format!("grade “{grade}”")),
                        None => (format!("第 {n} 个等级"), format!("grade band {n}")),
                    }),
                    other => {
                        if !other.is_empty() {
                            parts.push(field(other));
                        }
                        parts.push((format!("第 {n} 项"), format!("entry {n}")));
                    }
                }
            }
        }
    }
    let mut words = Place::default();
    for (zh, en) in parts {
        // "情景“乐观”第 2 项修改的值": a position follows what it counts in without a 的.
        if !words.zh.is_empty() && !zh.starts_with('第') {
            words.zh.push('的');
        }
        words.zh.push_str(&zh);
        if !words.en.is_empty() {
            words.en.push_str(", ");
        }
        words.en.push_str(&en);
    }
    words
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// The path's steps, each with the value it reaches (`None` past what the tree holds). A key may
/// itself hold `.` or `[`: at an object the longest of its keys that the path goes on with is taken.
fn steps<'p, 'v>(path: &'p str, tree: &'v Value) -> Vec<(Step<'p>, Option<&'v Value>)> {
    let mut steps = Vec::new();
    let mut at = Some(tree);
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inside) = rest.strip_prefix('[') {
            let Some((digits, after)) = inside.split_once(']') else { break };
            let Ok(index) = digits.parse::<usize>() else { break };
            at = at.and_then(|v| v.get(index));
            steps.push((Step::Index(index), at));
            rest = after;
            continue;
        }
        let dotted = rest.starts_with('.');
        let from = if dotted { &rest[1..] } else { rest };
        let ends_there = |len: usize| matches!(from[len..].chars().next(), None | Some('.' | '['));
        let known = at.and_then(Value::as_object).and_then(|map| {
            map.keys().filter(|k| from.starts_with(k.as_str()) && ends_there(k.len())).map(String::len).max()
        });
        let len = known.unwrap_or_else(|| from.find(['.', '[']).unwrap_or(from.len()));
        if len == 0 && !dotted {
            break;
        }
        let key = &from[..len];
        at = at.and_then(|v| v.get(key));
        steps.push((Step::Key(key), at));
        rest = &from[len..];
    }
    steps
}

/// "项目“NAME”" for a node with a usable name.
fn node_words(node: Option<&Value>) -> Option<(String, String)> {
    let name = node?.get("name").and_then(name_text)?;
    Some((format!("项目“{name}”"), format!("item “{name}”")))
}

/// A name fit to say: text, not blank, and not so long that it buries the message.
fn name_text(value: &Value) -> Option<String> {
    let name = value.as_str()?.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.chars().count() {
        0 => None,
        1..=30 => Some(name),
        _ => Some(name.chars().take(28).chain(['…']).collect()),
    }
}

fn field(key: &str) -> (String, String) {
    match field_words(key) {
        Some((zh, en)) => (zh.to_string(), en.to_string()),
        None => (format!("“{key}”"), format!("“{key}”")),
    }
}

/// The 1-based number of `list[index]` among all the file's indicators, in file order (each node
/// before its children, children in order); `None` if `list` is not a node's indicator list.
fn indicator_number(tree: &Value, list: &Value, index: usize) -> Option<usize> {
    let mut before = 0;
    // An explicit stack: a hostile file's nesting must not exhaust the call stack.
    let mut stack = vec![tree.get("root")?];
    while let Some(node) = stack.pop() {
        if let Some(indicators) = node.get("rule").and_then(|rule| rule.get("indicators")) {
            if std::ptr::eq(indicators, list) {
                return Some(before + index + 1);
            }
            before += indicators.as_array().map_or(0, Vec::len);
        }
        if let Some(children) = node.get("children").or_else(|| node.get("items")).and_then(Value::as_array) {
            stack.extend(children.iter().rev());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::format::load_str;

    /// A small file: two items with indicators (one without a usable name), funds lines, a scenario.
    fn tree() -> Value {
        serde_json::json!({
            "format": "jixiao-evaluation", "version": 4,
            "meta": {"year": 2024, "grade_bands": [{"grade": "优", "min": "90"}, {"min": "80"}]},
            "root": {"id": "r", "name": "总分", "points": "100", "children": [
                {"id": "a", "name": "产出指标", "points": "50", "rule": {"kind": "indicators", "indicators": [
                    {"id": "a1", "name": "培训人数", "target": "100"},
                    {"id": "a2", "name": "补贴渔船数", "target": "6"}
                ]}},
                {"id": "b", "name": 7, "points": "30", "rule": {"kind": "indicators", "indicators": [
                    {"id": "b1", "name": "  ", "target": "1"},
                    {"id": "b2", "target": "2"}
                ]}},
                {"id": "c", "name": "资金", "points": "20", "rule": {"kind": "budget", "lines": [
                    {"name": "财政拨款", "executed": "x"}, {"executed": "y"}
                ], "weird.key": 1}}
            ]},
            "scenarios": [{"name": "乐观", "changes": [{"set": "actual"}, {"set": "target", "value": "x"}]}, {"changes": []}]
        })
    }

    #[test]
    fn paths_read_as_words_in_both_languages() {
        let cases: &[(&str, bool, &str, &str)] = &[
            (
                "root.children[0].rule.indicators[1].target",
                false,
                "第 2 个指标“补贴渔船数”的目标值",
                "indicator 2 “补贴渔船数”, target",
            ),
            // Counted across the file: the second item's first indicator is the third.
            ("root.children[1].rule.indicators[0].target", false, "第 3 个指标的目标值", "indicator 3, target"),
            // No name at all: the position.
            ("root.children[1].rule.indicators[1]", false, "第 4 个指标", "indicator 4"),
            ("root.children[0].points", false, "项目“产出指标”的分值", "item “产出指标”, points"),
            ("root.children[0].rule.kind", false, "项目“产出指标”的评分方式", "item “产出指标”, rule kind"),
            ("root.children[0].rule", false, "项目“产出指标”的评分规则", "item “产出指标”, scoring rule"),
            // A name that is not text: the position within its parent.
            ("root.children[1].name", false, "项目“总分”第 2 个下级项目的名称", "item “总分”, sub-item 2, name"),
            (
                "root.children[2].rule.lines[0].executed",
                false,
                "项目“资金”的资金“财政拨款”的全年执行数",
                "item “资金”, funds line “财政拨款”, executed",
            ),
            (
                "root.children[2].rule.lines[1].executed",
                false,
                "项目“资金”第 2 行资金的全年执行数",
                "item “资金”, funds line 2, executed",
            ),
            // A key holding a dot, named by the message: the place is its object.
            ("root.children[2].rule.weird.key", true, "项目“资金”的评分规则", "item “资金”, scoring rule"),
            ("root.children[2].rule.weird.key", false, "项目“资金”的“weird.key”", "item “资金”, “weird.key”"),
            ("scenarios[0].changes[1].value", false, "情景“乐观”第 2 项修改的值", "scenario “乐观”, change 2, value"),
            ("scenarios[0].changes[0]", false, "情景“乐观”第 1 项修改", "scenario “乐观”, change 1"),
            ("scenarios[1].name", false, "第 2 个情景的名称", "scenario 2, name"),
            ("meta.year", false, "基本信息的年度", "basic information, year"),
            ("meta.grade_bands[0].min", false, "基本信息的等级“优”的下限", "basic information, grade “优”, minimum"),
            ("meta.grade_bands[1].grade", false, "基本信息第 2 个等级的等级", "basic information, grade band 2, grade"),
            ("meta.colour", true, "基本信息", "basic information"),
            ("comment", true, "", ""),
            ("root", false, "项目“总分”", "item “总分”"),
            // Past what the tree holds (an object that is not there): positions and quoted keys.
            (
                "root.children[9].rule.indicators[0].foo",
                false,
                "项目“总分”第 10 个下级项目第 1 个指标的“foo”",
                "item “总分”, sub-item 10, indicator 1, “foo”",
            ),
        ];
        let tree = tree();
        for &(path, container, zh, en) in cases {
            let words = place(path, &tree, container);
            assert_eq!((words.zh.as_str(), words.en.as_str()), (zh, en), "{path}");
        }
    }

    /// Through the loader: the message says where in words, then what; the path stays as it was.
    #[test]
    fn a_refused_file_says_where_in_words_and_keeps_the_path() {
        let mut file = tree();
        file["root"]["children"][1]["name"] = "满意度".into();
        file["root"]["children"][2]["rule"]["lines"] = serde_json::json!([{"name": "财政拨款", "executed": "1"}]);
        file["root"]["children"][0]["rule"]["indicators"][1]["target"] = "六艘".into();
        file["root"]["children"][0]["rule"]["indicators"][1]["direction"] = "up".into();
        let error = load_str(&file.to_string()).unwrap_err();
        let codes: Vec<&str> = error.problems.iter().map(|p| p.code()).collect();
        let problem = error.problems.iter().find(|p| p.code() == "bad_choice").unwrap_or_else(|| panic!("{codes:?}"));
        assert_eq!(problem.path, "root.children[0].rule.indicators[1].direction");
        assert_eq!(problem.path_detail(), Some(problem.path.as_str()));
        assert!(problem.message(Lang::Zh).starts_with("第 2 个指标“补贴渔船数”的方向：“up”不是可选值"));
        assert!(problem.message(Lang::En).starts_with("indicator 2 “补贴渔船数”, direction: “up” is not one of"));
        let unknown =
            error.problems.iter().find(|p| p.code() == "unknown_field").unwrap_or_else(|| panic!("{codes:?}"));
        assert_eq!(
            unknown.message(Lang::Zh),
            "项目“资金”的评分规则：无法识别的字段“weird.key”（为免丢失数据，文件未打开）"
        );
        // Whole-file and syntax problems have no path to add.
        let syntax = load_str("{").unwrap_err();
        assert_eq!(syntax.problems[0].path_detail(), None);
    }

    /// A repeated key in a version 1 file is worded against the file as written (`items`).
    #[test]
    fn a_repeated_key_in_an_old_file_is_placed_before_migration() {
        let text = r#"{"format": "jixiao-evaluation", "version": 1, "meta": {},
            "root": {"id": "r", "name": "总分", "points": "100", "items": [
                {"id": "a", "name": "预算执行", "points": "10", "points": "20", "rule": {"kind": "rate"}}]}}"#;
        let error = load_str(text).unwrap_err();
        assert_eq!(error.problems[0].path, "root.items[0].points");
        assert!(error.problems[0].message(Lang::Zh).starts_with("项目“预算执行”：字段“points”出现了两次"));
    }
}
