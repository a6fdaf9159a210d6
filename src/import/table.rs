//! Finding the project table in a sheet by its words, and building the evaluation from it.

use std::rc::Rc;

use rust_decimal::prelude::*;

use crate::domain::written::{read_actual, read_actual_with_unit, read_target, Written};
use crate::domain::{BudgetLine, Direction, Evaluation, Indicator, Meta, Node, NodeBody, Rule};

use super::grid::{normalize, number_text, Cell, Grid, MAX_ROWS};
use super::{ImportErrorKind, ImportReport, Note, RowSource};

pub struct Found {
    pub evaluation: Evaluation,
    pub report: ImportReport,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Level1,
    Level2,
    Name,
    Nature,
    Target,
    Actual,
    Points,
    Score,
    Reason,
    Unit,
}

fn role(label: &str) -> Option<Role> {
    let has = |w: &str| label.contains(w);
    Some(if label.is_empty() {
        return None;
    } else if has("一级指标") {
        Role::Level1
    } else if has("二级指标") {
        Role::Level2
    } else if has("三级指标") || has("指标名称") {
        Role::Name
    } else if has("指标性质") || has("指标方向") {
        Role::Nature
    } else if has("偏差") || has("原因") || has("改进措施") {
        Role::Reason
    } else if has("实际") || has("完成值") || has("完成情况") {
        Role::Actual
    } else if has("指标值") || has("目标值") {
        Role::Target
    } else if has("得分") {
        Role::Score
    } else if has("分值") || has("权重") {
        Role::Points
    } else if label.ends_with("单位") {
        Role::Unit
    } else {
        return None;
    })
}

/// One indicator table's header: where it is and which column holds what.
struct Header {
    /// First and last header row (a header may be split over two).
    first: usize,
    last: usize,
    columns: Vec<(Role, usize)>,
}

impl Header {
    fn col(&self, role: Role) -> Option<usize> {
        self.columns.iter().find(|(r, _)| *r == role).map(|(_, c)| *c)
    }
}

fn header_at(grid: &Grid, row: usize) -> Option<Header> {
    let top: Vec<Role> = (0..grid.width(row)).filter_map(|c| role(&grid.label(row, c))).collect();
    if !top.contains(&Role::Name) {
        return None;
    }
    // The next row continues the header when every cell it does not share with the first (merged
    // down) is a header word, and one is: 指标值 over 年度指标值 | 实际完成值.
    let own: Vec<String> = (0..grid.width(row + 1))
        .map(|c| grid.label(row + 1, c))
        .enumerate()
        .filter(|(c, l)| !l.is_empty() && *l != grid.label(row, *c))
        .map(|(_, l)| l)
        .collect();
    let split = !own.is_empty() && own.iter().all(|l| role(l).is_some_and(|r| r != Role::Name));
    let last = if split { row + 1 } else { row };
    let width = grid.width(row).max(grid.width(last));
    let mut columns: Vec<(Role, usize)> = Vec::new();
    for c in 0..width {
        let (a, b) = (grid.label(row, c), if split { grid.label(row + 1, c) } else { String::new() });
        let label = if a == b || b.is_empty() {
            a
        } else if a.is_empty() {
            b
        } else {
            a + &b
        };
        if let Some(role) = role(&label) {
            if !columns.iter().any(|(r, _)| *r == role) {
                columns.push((role, c));
            }
        }
    }
    let header = Header { first: row, last, columns };
    (header.col(Role::Target).is_some() && header.col(Role::Actual).is_some()).then_some(header)
}

/// Whether an indicator table's header (三级指标 with a target and an actual column) starts at `row`.
pub fn is_indicator_header(grid: &Grid, row: usize) -> bool {
    header_at(grid, row).is_some()
}

fn headers(grid: &Grid) -> Vec<Header> {
    let mut found: Vec<Header> = Vec::new();
    let mut row = 0;
    while row < grid.height() {
        if let Some(header) = header_at(grid, row) {
            row = header.last + 1;
            found.push(header);
        } else {
            row += 1;
        }
    }
    found
}

pub fn find(grids: Vec<Grid>, skipped: &mut Vec<Note>) -> Result<Found, ImportErrorKind> {
    let mut chosen: Option<(Grid, Vec<Header>)> = None;
    for grid in grids {
        let found = headers(&grid);
        if found.is_empty() {
            continue;
        }
        if chosen.is_some() {
            skipped.push(Note::new(
                grid.name.clone(),
                "这个工作表也有一张表格：未读取（用 --sheet 指定它即可读取）",
                "this sheet holds another table: not read (name it with --sheet to read it)",
            ));
        } else {
            chosen = Some((grid, found));
        }
    }
    let (grid, headers) = chosen.ok_or(ImportErrorKind::NoTable)?;
    Reader { grid: &grid, report: ImportReport { sheet: grid.name.clone(), ..ImportReport::default() } }.read(&headers)
}

struct Reader<'g> {
    grid: &'g Grid,
    report: ImportReport,
}

/// A group being filled: 产出指标, 效益指标, 满意度指标…
struct Group {
    id: &'static str,
    name: String,
    indicators: Vec<Rc<Indicator>>,
    reported: Option<Decimal>,
}

impl Reader<'_> {
    fn skip(&mut self, place: String, zh: impl Into<String>, en: impl Into<String>) {
        self.report.skipped.push(Note::new(place, zh, en));
    }

    fn assume(&mut self, place: String, zh: impl Into<String>, en: impl Into<String>) {
        self.report.assumed.push(Note::new(place, zh, en));
    }

    fn read(mut self, headers: &[Header]) -> Result<Found, ImportErrorKind> {
        let grid = self.grid;
        let mut meta = Meta::default();
        self.read_meta(&mut meta);
        let mut children = Vec::new();
        if let Some(mut budget) = self.read_budget()? {
            // The reason a low execution wants, where a form gives it a row of its own (our export's).
            if let (Some((_, text)), NodeBody::Leaf(Rule::Budget { reason, .. })) =
                (self.find_value(&["预算执行偏差原因"]), &mut budget.body)
            {
                *reason = text;
            }
            children.push(budget);
        }
        let mut total_row = None;
        let mut blocks = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            let end = headers.get(index + 1).map_or(grid.height(), |h| h.first);
            let (groups, total) = self.read_block(header, end)?;
            blocks.push((header.first, groups));
            if total.is_some() {
                total_row = total;
                break;
            }
        }
        if total_row.is_none() && grid.truncated {
            return Err(ImportErrorKind::TooManyRows { sheet: grid.name.clone(), rows: MAX_ROWS });
        }
        let several = blocks.len() > 1;
        for (number, (first, groups)) in blocks.into_iter().enumerate() {
            let prefix = if several { format!("goal{}.", number + 1) } else { String::new() };
            let nodes: Vec<Node> = groups
                .into_iter()
                .map(|g| {
                    let points = g.indicators.iter().filter_map(|i| i.points).sum();
                    let indicators = g
                        .indicators
                        .into_iter()
                        .map(|mut i| {
                            Rc::make_mut(&mut i).id = format!("{prefix}{}", i.id);
                            i
                        })
                        .collect();
                    let rule =
                        Rule::Indicators { at_most_scoring: Default::default(), qualitative_bands: None, indicators };
                    let mut node = Node::leaf(format!("{prefix}{}", g.id), g.name, points, rule);
                    node.reported = g.reported;
                    node
                })
                .collect();
            if several {
                let title = self.block_title(first, number);
                let points = nodes.iter().map(|n| n.points).sum();
                children.push(Node::group(format!("goal{}", number + 1), title, points, nodes));
            } else {
                children.extend(nodes);
            }
        }
        let sum: Decimal = children.iter().map(|n| n.points).sum();
        let mut root_points = sum;
        let mut root_reported = None;
        if let Some((row, points, printed)) = total_row {
            root_reported = printed;
            self.report.printed_total = printed;
            if let Some(points) = points {
                root_points = points;
            }
            if points.is_none() && sum != Decimal::from(100) {
                self.assume(
                    grid.row_place(row),
                    format!("总分没有分值：取各行分值之和 {sum}"),
                    format!("总分 has no 分值: the rows' points add up to {sum}"),
                );
            }
        } else {
            self.skip(
                grid.name.clone(),
                "没有总分 / 合计行：没有表内总分可核对",
                "no 总分 / 合计 row: no printed total to check",
            );
        }
        let mut root = Node::group("total", "总分", root_points, children);
        root.reported = root_reported;
        self.report.printed_grade = self.find_value(&["自评等级", "评价等级", "等级"]).map(|(_, v)| v);
        // A pasted table is no workbook: it is called what the clerk copied.
        let (source_zh, source_en) = match grid.name == super::pasted::PASTED_SHEET {
            true => ("表格", "table"),
            false => ("工作簿", "workbook"),
        };
        self.report.assumed.push(Note::new(
            grid.name.clone(),
            format!(
                "{source_zh}没有写明的计分规则按全国模板：定性指标分档 80/60，≤ 指标按比例计分，不适用指标按全表折算，预算执行得分不超过其分值"
            ),
            format!(
                "scoring conventions the {source_en} does not state: qualitative bands 80/60, ≤ rows proportional, \
                 not-applicable rows converted over the whole table, 预算执行 capped at its points (the national template's)"
            ),
        ));
        Ok(Found { evaluation: Evaluation::new(meta, root), report: self.report })
    }

    /// The heading's fields, found by their labels.
    fn read_meta(&mut self, meta: &mut Meta) {
        let grid = self.grid;
        'title: for row in 0..grid.height().min(8) {
            for col in 0..grid.width(row) {
                let label = grid.label(row, col);
                if label.contains("自评表") || label.contains("绩效自评") {
                    meta.title = grid.raw(row, col);
                    break 'title;
                }
            }
        }
        meta.year = year_in(&meta.title).or_else(|| {
            (0..grid.height().min(8)).find_map(|r| (0..grid.width(r)).find_map(|c| year_in(&grid.raw(r, c))))
        });
        if meta.year.is_none() {
            self.assume(
                grid.name.clone(),
                "标题中没有年度：评价不设年度",
                "no year found in the title: the evaluation has none",
            );
        }
        for (key, field) in [
            ("项目名称", &mut meta.project),
            ("主管部门", &mut meta.department),
            ("实施单位", &mut meta.executing_unit),
            ("评价结论", &mut meta.conclusion),
            ("存在问题", &mut meta.problems),
            ("改进措施", &mut meta.improvements),
        ] {
            if let Some((_, value)) = self.find_value(&[key]) {
                *field = value;
            }
        }
        let mut expected = Vec::new();
        let mut actual = Vec::new();
        for row in 0..grid.height() {
            let labels: Vec<String> = (0..grid.width(row)).map(|c| grid.label(row, c)).collect();
            let Some(c1) = labels.iter().position(|l| l.starts_with("预期目标")) else { continue };
            let Some(c2) = labels.iter().position(|l| l.starts_with("实际完成情况") || l.starts_with("实际完成"))
            else {
                continue;
            };
            // Empty goals are empty: the search stops at a text spanning from the left (a 绩效指标
            // heading) or a table's header, not reading them as the goals.
            let below = (row + 1..grid.height().min(row + 4)).take_while(|&r| {
                header_at(grid, r).is_none() && grid.merged_from.get(&(r, c1)).is_none_or(|&(_, c)| c >= c1)
            });
            if let Some(r) = below.into_iter().find(|&r| !grid.raw(r, c1).is_empty()) {
                expected.push(grid.raw(r, c1));
                actual.push(grid.raw(r, c2));
            }
        }
        if expected.len() > 1 {
            self.assume(
                grid.name.clone(),
                format!("{} 个年度目标块：内容合并，每块一行", expected.len()),
                format!("{} 年度目标 blocks: their texts joined, one a line", expected.len()),
            );
        }
        meta.goal_expected = expected.join("\n");
        meta.goal_actual = actual.join("\n");
    }

    /// The value beside a label: after its colon in the same cell, or the next cell to the right that
    /// is not the label itself (a merged label repeats).
    fn find_value(&self, keys: &[&str]) -> Option<(String, String)> {
        let grid = self.grid;
        for row in 0..grid.height() {
            for col in 0..grid.width(row) {
                let label = grid.label(row, col);
                let Some(key) = keys.iter().find(|k| label.starts_with(**k)) else { continue };
                let rest = label[key.len()..].trim_start_matches([':', '：']);
                if !rest.is_empty() && label[key.len()..].starts_with([':', '：']) {
                    return Some((grid.a1(row, col), rest.to_string()));
                }
                if !rest.is_empty() {
                    continue;
                }
                let value = (col + 1..grid.width(row))
                    .map(|c| (c, grid.raw(row, c)))
                    .find(|(c, v)| !v.is_empty() && grid.label(row, *c) != label);
                if let Some((c, v)) = value {
                    if !LABELS.iter().any(|l| normalize(&v).starts_with(l)) {
                        return Some((grid.a1(row, c), v));
                    }
                }
            }
        }
        None
    }

    fn block_title(&self, header_row: usize, number: usize) -> String {
        let grid = self.grid;
        for row in (header_row.saturating_sub(6)..header_row).rev() {
            for col in 0..grid.width(row) {
                let label = grid.label(row, col);
                if label.contains("绩效目标") && label.chars().count() <= 12 {
                    return grid.raw(row, col);
                }
            }
        }
        format!("年度绩效目标{}", ["一", "二", "三", "四", "五"].get(number).copied().unwrap_or("…"))
    }

    /// A number cell: its value (as printed), noting a cell that needed reading.
    fn number(&mut self, row: usize, col: usize) -> Result<Option<Decimal>, ImportErrorKind> {
        let text = self.text(row, col)?;
        if text.is_empty() {
            return Ok(None);
        }
        match read_actual_with_unit(&text) {
            (Written::Number(n), unit) => {
                if !unit.is_empty() || (matches!(self.grid.cell(row, col), Cell::Text(_)) && !self.grid.text_only) {
                    self.assume(
                        self.grid.a1(row, col),
                        format!("“{text}”读作数字 {n}"),
                        format!("“{text}” read as the number {n}"),
                    );
                }
                Ok(Some(n))
            }
            _ => {
                self.skip(
                    self.grid.a1(row, col),
                    format!("“{text}”不是数字：未读取"),
                    format!("“{text}” is not a number: not read"),
                );
                Ok(None)
            }
        }
    }

    /// A cell's text as written; a number as its shortest text (float noise from a formula rounded,
    /// and said). A formula saved without its value is refused: it cannot be read, only guessed.
    fn text(&mut self, row: usize, col: usize) -> Result<String, ImportErrorKind> {
        let grid = self.grid;
        match grid.cell(row, col) {
            Cell::Number(n) => {
                let text = number_text(*n);
                let Ok(exact) = Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)) else {
                    self.skip(
                        grid.a1(row, col),
                        format!("{text}：超出精确小数的范围，未读取"),
                        format!("{text}: beyond an exact decimal, not read"),
                    );
                    return Ok(String::new());
                };
                let rounded = exact.round_dp(10).normalize();
                if rounded != exact {
                    self.assume(
                        grid.a1(row, col),
                        format!("{text} 读作 {rounded}（公式计算的二进制误差）"),
                        format!("{text} read as {rounded} (a formula's binary rounding)"),
                    );
                }
                Ok(rounded.to_string())
            }
            Cell::Error(e) => {
                self.skip(
                    grid.a1(row, col),
                    format!("{e}：保存工作簿时这个公式出错"),
                    format!("{e}: the formula failed when the workbook was saved"),
                );
                Ok(String::new())
            }
            _ if grid.raw(row, col).is_empty() => match grid.formulas.get(&(row, col)) {
                Some(formula) => {
                    Err(ImportErrorKind::FormulaWithoutValue { cell: grid.a1(row, col), formula: formula.clone() })
                }
                None => Ok(String::new()),
            },
            _ => Ok(grid.raw(row, col)),
        }
    }

    /// The funds block: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 (or 预算数 | 执行数).
    fn read_budget(&mut self) -> Result<Option<Node>, ImportErrorKind> {
        let grid = self.grid;
        let Some((row, cols)) = (0..grid.height()).find_map(|r| budget_header(grid, r).map(|c| (r, c))) else {
            self.skip(
                grid.name.clone(),
                "没有资金表（年初预算数 / 全年预算数 / 全年执行数）：不设预算执行",
                "no funds block (年初预算数 / 全年预算数 / 全年执行数): no 预算执行 node",
            );
            return Ok(None);
        };
        let first_amount = [cols.initial, cols.adjusted, cols.executed].into_iter().flatten().min().unwrap_or(0);
        let unit = (0..grid.width(row)).chain(0..1).map(|c| grid.label(row, c)).find_map(|l| {
            if l.contains("万元") {
                Some("万元")
            } else if l.contains("（元）") || l.contains("(元)") {
                Some("元")
            } else {
                None
            }
        });
        let mut lines: Vec<BudgetLine> = Vec::new();
        let (mut points, mut reported, mut place) = (None, None, grid.a1(row, first_amount));
        for r in row + 1..grid.height().min(row + 12) {
            let label = (0..first_amount)
                .rev()
                .map(|c| grid.label(r, c))
                .find(|l| !l.is_empty() && Decimal::from_str(l).is_err())
                .unwrap_or_default();
            if STOP_WORDS.iter().any(|w| label.contains(w)) || header_at(grid, r).is_some() {
                break;
            }
            let amounts = [cols.initial, cols.adjusted, cols.executed];
            if label.is_empty() && amounts.iter().flatten().all(|&c| grid.raw(r, c).is_empty()) {
                if lines.is_empty() {
                    continue;
                }
                break;
            }
            let name = label.trim_start_matches("其中").trim_start_matches([':', '：']).to_string();
            let total = lines.is_empty();
            let name = if total && (name.contains("总额") || name.contains("合计") || name.is_empty()) {
                "年度资金总额".to_string()
            } else {
                name
            };
            let mut line = BudgetLine::new(name);
            line.initial = cols.initial.map(|c| self.number(r, c)).transpose()?.flatten();
            line.adjusted = cols.adjusted.map(|c| self.number(r, c)).transpose()?.flatten();
            line.executed = cols.executed.map(|c| self.number(r, c)).transpose()?.flatten();
            if total {
                place = grid.a1(r, first_amount.saturating_sub(1));
                points = cols.points.map(|c| self.number(r, c)).transpose()?.flatten();
                reported = cols.score.map(|c| self.number(r, c)).transpose()?.flatten();
            }
            lines.push(line);
        }
        if lines.is_empty() {
            self.skip(
                grid.row_place(row),
                "资金表头下没有资金行：不设预算执行",
                "a funds header without lines: no 预算执行 node",
            );
            return Ok(None);
        }
        let points = points.unwrap_or_else(|| {
            self.assume(
                place.clone(),
                "预算执行没有分值：按全国模板取 10 分",
                "预算执行 has no 分值: 10 taken (the national template's)",
            );
            Decimal::from(10)
        });
        self.report.rows.push(RowSource { id: "budget".to_string(), name: "预算执行".to_string(), cell: place });
        let mut node =
            Node::leaf("budget", "预算执行", points, Rule::Budget { lines, uncapped: false, reason: String::new() });
        node.reported = reported;
        if let Some(unit) = unit {
            node.note = format!("单位：{unit}");
        }
        Ok(Some(node))
    }

    /// The indicator rows under one header, up to `end` (the next header) or the 总分 row.
    #[allow(clippy::type_complexity)]
    fn read_block(
        &mut self,
        header: &Header,
        end: usize,
    ) -> Result<(Vec<Group>, Option<(usize, Option<Decimal>, Option<Decimal>)>), ImportErrorKind> {
        let grid = self.grid;
        let name_col = header.col(Role::Name).unwrap_or(0);
        if header.col(Role::Points).is_none() {
            self.skip(
                grid.row_place(header.first),
                "没有分值列：各行权重相同，各组不设分值",
                "no 分值 column: the rows weigh equally and their groups have no points",
            );
        }
        let mut groups: Vec<Group> = Vec::new();
        let (mut level1, mut level2) = (String::new(), String::new());
        for row in header.last + 1..end {
            let labels: Vec<String> = (0..grid.width(row)).map(|c| grid.label(row, c)).collect();
            if labels.iter().any(|l| l.starts_with("总分") || l == "合计" || l == "总计") {
                let points = header.col(Role::Points).map(|c| self.number(row, c)).transpose()?.flatten();
                let score_col = header
                    .col(Role::Score)
                    .or_else(|| (0..grid.width(row)).rev().find(|&c| matches!(grid.cell(row, c), Cell::Number(_))));
                let printed = score_col.map(|c| self.number(row, c)).transpose()?.flatten();
                return Ok((groups, Some((row, points, printed))));
            }
            // Blank but for merged cells running through it; a row of formulas saved without values
            // is read, and refused where its cells are.
            if grid.row_is_blank(row) && (0..grid.width(row)).all(|c| !grid.formulas.contains_key(&(row, c))) {
                self.skip(grid.row_place(row), "空行", "blank row");
                continue;
            }
            if labels.iter().any(|l| l.contains("小计")) {
                let printed = header.col(Role::Score).map(|c| self.number(row, c)).transpose()?.flatten();
                if let (Some(group), Some(printed)) = (groups.last_mut(), printed) {
                    group.reported = Some(printed);
                    self.assume(
                        grid.row_place(row),
                        format!("小计 {printed} 作为“{}”的表内得分", group.name),
                        format!("小计 {printed} taken as {}'s printed score", group.name),
                    );
                } else {
                    self.skip(grid.row_place(row), "小计行没有得分", "小计 row without a score");
                }
                continue;
            }
            let name = grid.raw(row, name_col);
            let spans = grid.merged_from.get(&(row, name_col)).is_some_and(|&(_, c)| c < name_col);
            if name.is_empty() || spans {
                let (zh, en) = if spans {
                    ("横跨表格的文字，不是指标行", "a text spanning the table, not an indicator row")
                } else {
                    ("没有三级指标名称", "no 三级指标 name")
                };
                self.skip(grid.row_place(row), zh, en);
                continue;
            }
            for (role, current) in [(Role::Level1, &mut level1), (Role::Level2, &mut level2)] {
                if let Some(c) = header.col(role) {
                    let value = grid.raw(row, c);
                    if value.is_empty() {
                        if !current.is_empty() {
                            self.report.assumed.push(Note::new(
                                grid.a1(row, c),
                                format!("空白：沿用上一行的“{current}”"),
                                format!("empty: “{current}” from the row above"),
                            ));
                        }
                    } else {
                        *current = value;
                    }
                }
            }
            let (id, group_name) = group_of(&level1, &name);
            if groups.last().is_none_or(|g| g.name != group_name) {
                groups.push(Group { id, name: group_name, indicators: Vec::new(), reported: None });
            }
            let indicator = self.read_row(header, row, &level1, &level2, &name)?;
            let group = groups.last_mut().expect("pushed above");
            let id = format!("{}-{:02}", group.id, group.indicators.len() + 1);
            let mut indicator = indicator;
            indicator.id = id.clone();
            self.report.rows.push(RowSource { id, name: indicator.name.clone(), cell: grid.a1(row, name_col) });
            group.indicators.push(Rc::new(indicator));
        }
        Ok((groups, None))
    }

    fn read_row(
        &mut self,
        header: &Header,
        row: usize,
        level1: &str,
        level2: &str,
        name: &str,
    ) -> Result<Indicator, ImportErrorKind> {
        let grid = self.grid;
        let col = |role| header.col(role);
        let mut target_text = col(Role::Target).map(|c| self.text(row, c)).transpose()?.unwrap_or_default();
        let mut actual_text = col(Role::Actual).map(|c| self.text(row, c)).transpose()?.unwrap_or_default();
        let unit = col(Role::Unit).map(|c| grid.raw(row, c)).unwrap_or_default();
        let nature = col(Role::Nature).map(|c| normalize(&grid.raw(row, c))).unwrap_or_default();
        let level1 = strip_points(&normalize(level1));
        let level2 = strip_points(&normalize(level2));
        let written = read_target(&target_text);
        let here = |c: Option<usize>| grid.a1(row, c.unwrap_or(0));

        // Percent-formatted fractions: 0.96 shown as 96 %.
        let percent_row = target_text.contains(['%', '％'])
            || unit.contains(['%', '％'])
            || name.ends_with('率')
            || name.contains("满意度");
        for (role, text) in [(Role::Target, &mut target_text), (Role::Actual, &mut actual_text)] {
            let Some(c) = col(role) else { continue };
            if let Cell::Number(n) = grid.cell(row, c) {
                if percent_row && *n > 0.0 && *n <= 1.5 {
                    let percent = (Decimal::from_str(text).unwrap_or_default() * Decimal::from(100)).normalize();
                    self.assume(
                        grid.a1(row, c),
                        format!("{text} 读作 {percent}%（以百分比格式显示的小数）"),
                        format!("{text} read as {percent}% (a fraction shown as a percent)"),
                    );
                    *text = format!("{percent}%");
                }
            }
        }

        let from_nature = match nature.as_str() {
            "" => None,
            n if n.contains('≥') || n.contains(">=") || n.contains("正向") || n.contains("大于") => {
                Some(Direction::AtLeast)
            }
            n if n.contains('≤') || n.contains("<=") || n.contains("反向") || n.contains("小于") => {
                Some(Direction::AtMost)
            }
            n if n.contains('=') || n.contains("等于") => Some(Direction::Exactly),
            n if n.contains("定性") => Some(Direction::Qualitative),
            _ => None,
        };
        let direction = match (&written.value, written.sign, from_nature) {
            (Written::Deadline(_), _, _) => Direction::OnTime,
            (Written::Level(_), _, _) => Direction::Qualitative,
            (_, _, Some(d)) => d,
            (_, Some(sign), None) => {
                self.assume(
                    here(col(Role::Target)),
                    format!("方向 {} 取自目标值“{target_text}”", sign.symbol()),
                    format!("direction {} from the target “{target_text}”", sign.symbol()),
                );
                sign
            }
            _ if level2.contains("时效") => {
                self.assume(here(col(Role::Target)), "时效指标：读作完成时限", "a 时效 row: read as a deadline");
                Direction::OnTime
            }
            _ if level2.contains("成本") || level1.contains("成本") => {
                self.assume(here(col(Role::Target)), "成本指标没有符号：取 ≤", "a 成本 row without a sign: ≤ taken");
                Direction::AtMost
            }
            // Nothing to say of a sign on a row without a target or one that does not apply.
            (Written::NotApplicable | Written::Empty, _, _) => Direction::AtLeast,
            _ if matches!(read_actual(&actual_text), Written::NotApplicable) => Direction::AtLeast,
            _ => {
                self.assume(
                    here(col(Role::Target)),
                    format!("目标值“{target_text}”没有符号：取 ≥"),
                    format!("no sign in the target “{target_text}”: ≥ taken"),
                );
                Direction::AtLeast
            }
        };
        if let (Some(d), Some(sign)) = (from_nature, written.sign) {
            if d != sign {
                self.skip(
                    here(col(Role::Target)),
                    format!("目标值的符号 {} 与指标性质 {} 不符：目标值未读取", sign.symbol(), d.symbol()),
                    format!(
                        "the target's sign {} disagrees with 指标性质 {}: target not read",
                        sign.symbol(),
                        d.symbol()
                    ),
                );
            }
        }
        let mut indicator = Indicator::new(String::new(), name.to_string(), direction);
        indicator.category = if level2.is_empty() { level1.clone() } else { format!("{level1}/{level2}") };
        indicator.unit = unit;
        indicator.take_written_target(&target_text);
        if col(Role::Unit).is_none() && !indicator.unit.is_empty() {
            let unit = indicator.unit.clone();
            self.assume(
                here(col(Role::Target)),
                format!("单位“{unit}”取自目标值"),
                format!("unit {unit} from the target"),
            );
        }
        indicator.take_written_actual(&actual_text);
        indicator.points = col(Role::Points).map(|c| self.number(row, c)).transpose()?.flatten();
        indicator.reported = col(Role::Score).map(|c| self.number(row, c)).transpose()?.flatten();
        indicator.deviation_reason = col(Role::Reason).map(|c| grid.raw(row, c)).unwrap_or_default();
        if col(Role::Points).is_some() && indicator.points.is_none() {
            self.skip(
                here(col(Role::Points)),
                "没有分值：这一行在列表中权重为 1",
                "no 分值: the row weighs 1 in its list",
            );
        }
        Ok(indicator)
    }
}

/// Words that end the funds block.
const STOP_WORDS: [&str; 6] = ["年度总体目标", "总体目标", "绩效指标", "一级指标", "预期目标", "年度绩效目标"];
/// Labels that are never a value.
const LABELS: [&str; 6] = ["项目名称", "主管部门", "实施单位", "项目负责人", "联系电话", "预算执行"];

struct BudgetColumns {
    initial: Option<usize>,
    adjusted: Option<usize>,
    executed: Option<usize>,
    points: Option<usize>,
    score: Option<usize>,
}

fn budget_header(grid: &Grid, row: usize) -> Option<BudgetColumns> {
    let mut cols = BudgetColumns { initial: None, adjusted: None, executed: None, points: None, score: None };
    for c in 0..grid.width(row) {
        let label = grid.label(row, c);
        let slot = if label.contains("年初预算") {
            &mut cols.initial
        } else if label.contains("全年预算") || label.contains("调整后预算") || label.contains("预算数") {
            &mut cols.adjusted
        } else if label.contains("执行数") || label.contains("实际支出") || label.contains("支出数") {
            &mut cols.executed
        } else if label.contains("分值") {
            &mut cols.points
        } else if label.contains("得分") {
            &mut cols.score
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(c);
        }
    }
    (cols.adjusted.is_some() && cols.executed.is_some()).then_some(cols)
}

/// The group a row belongs to, by its 一级指标 (the row's own name when there is none).
fn group_of(level1: &str, name: &str) -> (&'static str, String) {
    let l = normalize(level1);
    let l = if l.is_empty() { normalize(name) } else { l };
    if l.contains("产出") {
        ("output", "产出指标".to_string())
    } else if l.contains("效益") {
        ("outcome", "效益指标".to_string())
    } else if l.contains("满意度") {
        ("satisfaction", "满意度指标".to_string())
    } else if l.contains("成本") {
        ("cost", "成本指标".to_string())
    } else {
        ("other", strip_points(&l))
    }
}

/// `产出指标（50分）` → `产出指标`.
fn strip_points(text: &str) -> String {
    match text.find(['（', '(']) {
        Some(i) if text[i..].contains('分') => text[..i].to_string(),
        _ => text.to_string(),
    }
}

/// `2023年度…` → 2023.
fn year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = normalize(text).chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
            .filter(|y| (1990..2100).contains(y))
    })
}
