//! Structure editing, shown in the table when 编辑结构 is on: rename, points, rule kind and its
//! parameters, add, move and remove for nodes; name, category, direction, target, unit, weight,
//! 不适用, move and remove for indicators. Text fields commit on change (blur or Enter), so one
//! rename is one undo step; number fields parse first and say so when they cannot.

use std::rc::Rc;

use rust_decimal::Decimal;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{use_dispatch, use_select_value, DraftsContext};
use crate::app::effects;
use crate::app::state::Action;
use crate::domain::num::{format_exact, parse_number};
use crate::domain::structure::{grade_bands_text, parse_grade_bands, StructureEdit, StructureError};
use crate::domain::{AtMostScoring, Band, Direction, GradeBand, Indicator, InputKey, Lang, Node, Rule, RuleKind};
use crate::i18n::texts;

/// A text input that sends its value when it changes (on blur or Enter), not on every keystroke.
#[derive(Properties, PartialEq)]
pub struct CommitTextProps {
    pub value: String,
    pub label: AttrValue,
    pub testid: &'static str,
    pub on_commit: Callback<String>,
    #[prop_or_default]
    pub class: Classes,
    /// Blank is refused with this message, beside the box (a name: cleared, it was ignored unseen).
    #[prop_or_default]
    pub required: Option<AttrValue>,
}

#[function_component(CommitText)]
pub fn commit_text(props: &CommitTextProps) -> Html {
    let refused = use_refusal(&props.value);
    let onchange = {
        let (refused, on_commit, required) = (refused.clone(), props.on_commit.clone(), props.required.clone());
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            match &required {
                Some(message) if text.trim().is_empty() => {
                    refused.set(Some(Refused { text, message: message.to_string() }))
                }
                _ => {
                    refused.set(None);
                    on_commit.emit(text);
                }
            }
        })
    };
    // The same element refused or not: replacing the input would take the focus from it.
    let invalid = refused.is_some();
    html! {
        <span class={classes!(invalid.then_some("num-cell"), invalid.then_some("num-cell--invalid"))}>
            <input type="text" class={classes!("struct-input", props.class.clone())} data-testid={props.testid} data-own-undo="true"
                aria-label={props.label.clone()} aria-invalid={invalid.to_string()}
                value={refused.as_ref().map_or_else(|| props.value.clone(), |r| r.text.clone())} {onchange} />
            { refusal_message(&refused) }
        </span>
    }
}

/// A number box of the table's shape (points, a weight, a rule's parameter, the year). It commits on
/// change, and what it commits is an input like any cell's (`Action::Input`): text the evaluation
/// does not take stays in the box as a draft, with its message, and blocks saving until corrected.
#[derive(Properties, PartialEq)]
pub struct StructNumberProps {
    pub input: InputKey,
    pub value: Option<Decimal>,
    pub label: AttrValue,
    pub testid: &'static str,
    pub lang: Lang,
}

#[function_component(StructNumber)]
pub fn struct_number(props: &StructNumberProps) -> Html {
    let dispatch = use_dispatch();
    let drafts = use_context::<DraftsContext>().unwrap_or_default();
    let draft = drafts.0.get(&props.input);
    // Each change is an edit of its own (one undo step; a refusal takes back none before it).
    let onchange = {
        let key = props.input.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(Action::Input { key: key.clone(), text });
            dispatch.emit(Action::InputLeft(key.clone()));
        })
    };
    let error = draft.and_then(|d| d.error.as_ref()).map(|e| e.message(props.lang));
    let text = draft.map_or_else(|| props.value.map(|v| v.to_string()).unwrap_or_default(), |d| d.text.clone());
    html! {
        <span class={classes!("num-cell", error.is_some().then_some("num-cell--invalid"))}>
            <input type="text" inputmode="decimal" class="num-cell__input struct-input--number" data-testid={props.testid} data-own-undo="true"
                aria-label={props.label.clone()} aria-invalid={error.is_some().to_string()} value={text} {onchange} />
            if let Some(message) = error { <span class="num-cell__error" role="alert">{ message }</span> }
        </span>
    }
}

/// Text a structure input would not send, and why.
#[derive(Clone, PartialEq)]
struct Refused {
    text: String,
    message: String,
}

/// A structure input's refusal. While there is one the input shows the text refused, not the model's
/// value: drawing the value over it lost what the user typed, and the message then spoke of text no
/// longer there. A new value from the model (a good commit, an undo) ends it.
#[hook]
fn use_refusal(value: &str) -> UseStateHandle<Option<Refused>> {
    let refused = use_state_eq(|| None::<Refused>);
    {
        let refused = refused.clone();
        use_effect_with(value.to_string(), move |_| refused.set(None));
    }
    refused
}

fn refusal_message(refused: &Option<Refused>) -> Html {
    match refused {
        Some(r) => html! { <span class="num-cell__error" role="alert">{ r.message.clone() }</span> },
        None => Html::default(),
    }
}

#[derive(Properties, PartialEq)]
pub struct BandsInputProps {
    pub value: String,
    pub label: &'static str,
    pub testid: &'static str,
    /// Reads the text and sends what it means; returns why it cannot (shown, nothing sent).
    pub on_commit: Callback<String, Option<String>>,
}

/// A band list typed as text (a rule's "98:3, 90:2", the grades' "优 90, 良 80"): text the commit
/// refuses stays on screen with its message (it was dropped without a word, and an empty list scored 0).
#[function_component(BandsInput)]
pub fn bands_input(props: &BandsInputProps) -> Html {
    let refused = use_refusal(&props.value);
    let onchange = {
        let refused = refused.clone();
        let on_commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            refused.set(on_commit.emit(text.clone()).map(|message| Refused { text, message }));
        })
    };
    html! {
        <span class={classes!("num-cell", refused.is_some().then_some("num-cell--invalid"))}>
            <input type="text" class="struct-input" data-testid={props.testid} data-own-undo="true" aria-label={props.label}
                aria-invalid={refused.is_some().to_string()} value={refused.as_ref().map_or_else(|| props.value.clone(), |r| r.text.clone())} {onchange} />
            { refusal_message(&refused) }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct MetaControlsProps {
    pub title: String,
    pub grade_bands: Vec<GradeBand>,
    /// The total's full points: no grade can start above them.
    pub points: Decimal,
    pub lang: Lang,
}

/// The form's own title and its grades, above the table while the structure is edited (whose
/// evaluation it is is filled in place: `whose.rs`).
#[function_component(MetaControls)]
pub fn meta_controls(props: &MetaControlsProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let on_grades = {
        let (dispatch, lang, points) = (dispatch.clone(), props.lang, props.points);
        Callback::from(move |text: String| match parse_grade_bands(&text, points) {
            Ok(bands) => {
                dispatch.emit(Action::Structure(StructureEdit::SetGradeBands(bands)));
                None
            }
            Err(error) => Some(error.message(lang)),
        })
    };
    html! {
        <div class="struct-controls meta-controls" data-testid="meta-controls">
            <label class="struct-field">{ t.meta_title }
                <CommitText value={props.title.clone()} label={t.meta_title} testid="title-input"
                    on_commit={dispatch.reform(|text: String| Action::Structure(StructureEdit::SetTitle(text)))} /></label>
            <label class="struct-field">{ t.meta_grades }
                <BandsInput value={grade_bands_text(&props.grade_bands)} label={t.meta_grades} testid="grade-bands-input"
                    on_commit={on_grades} /></label>
        </div>
    }
}

/// Move up, move down, remove (asking first when something typed would be lost).
fn order_buttons(id: &str, has_data: bool, lang: Lang, dispatch: &Callback<Action>) -> Html {
    let t = texts(lang);
    let move_by = |up: bool| {
        let id = id.to_string();
        dispatch.reform(move |_: MouseEvent| Action::Structure(StructureEdit::Move { id: id.clone(), up }))
    };
    let remove = {
        let id = id.to_string();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if !has_data || effects::confirm(t.confirm_remove) {
                dispatch.emit(Action::Structure(StructureEdit::Remove { id: id.clone() }));
            }
        })
    };
    html! {
        <span class="struct-buttons">
            <button type="button" class="button button--small" data-testid="move-up" title={t.move_up} aria-label={t.move_up} onclick={move_by(true)}>{ "↑" }</button>
            <button type="button" class="button button--small" data-testid="move-down" title={t.move_down} aria-label={t.move_down} onclick={move_by(false)}>{ "↓" }</button>
            <button type="button" class="button button--small button--danger" data-testid="remove" onclick={remove}>{ t.remove }</button>
        </span>
    }
}

fn kind_label(kind: Option<RuleKind>, lang: Lang) -> &'static str {
    match kind {
        None => lang.pick("分组", "Group"),
        Some(RuleKind::Rate) => lang.pick("执行率", "Rate"),
        Some(RuleKind::MonthlyExecution) => lang.pick("月度执行率", "Monthly execution"),
        Some(RuleKind::Indicators) => lang.pick("指标清单", "Indicator list"),
        Some(RuleKind::Bands) => lang.pick("分档", "Bands"),
        Some(RuleKind::PassFail) => lang.pick("达标/未达标", "Pass / fail"),
        Some(RuleKind::Deduction) => lang.pick("扣分", "Deduction"),
        Some(RuleKind::Manual) => lang.pick("手工评分", "Manual"),
        Some(RuleKind::Budget) => lang.pick("预算执行（资金表）", "Budget execution (funds)"),
    }
}

/// How a ≤ indicator past its target scores (SCORING.md: both conventions are in use).
fn at_most_label(scoring: AtMostScoring, lang: Lang) -> &'static str {
    match scoring {
        AtMostScoring::Proportional => lang.pick(
            "按比例得分：目标 10 天、实际 12 天，得 10/12",
            "in proportion: a target of 10 days and 12 taken scores 10/12",
        ),
        AtMostScoring::Linear => lang.pick(
            "超出多少扣多少：超出一倍不得分（目标 10 天、实际 15 天，得一半）",
            "less by the excess: nothing at twice the target (10 days' target, 15 taken: half)",
        ),
    }
}

/// "98:3, 90:2, 80:1" ⇄ bands.
pub fn bands_text(bands: &[Band]) -> String {
    bands.iter().map(|b| format!("{}:{}", format_exact(b.min), format_exact(b.score))).collect::<Vec<_>>().join(", ")
}

pub fn parse_bands(text: &str) -> Option<Vec<Band>> {
    text.split([',', '，', ';', '；'])
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (min, score) = part.split_once([':', '：'])?;
            Some(Band { min: parse_number(min).ok()??, score: parse_number(score).ok()?? })
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct NodeControlsProps {
    /// The node's own fields (its row's copy, without children or indicators).
    pub node: Rc<Node>,
    pub is_root: bool,
    pub has_children: bool,
    pub has_data: bool,
    pub lang: Lang,
}

/// Under a node's name: rename, rule kind and parameters, add, move, remove.
#[function_component(NodeControls)]
pub fn node_controls(props: &NodeControlsProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let kind_select = use_select_value(props.node.rule().map_or("group", |r| r.kind().as_str()).into());
    let at_most = match props.node.rule() {
        Some(Rule::Indicators { at_most_scoring, .. }) => *at_most_scoring,
        _ => AtMostScoring::default(),
    };
    let at_most_select = use_select_value(at_most.as_str().into());
    let node = &props.node;
    let id = node.id.clone();
    let rename = {
        let id = id.clone();
        dispatch.reform(move |name: String| Action::Structure(StructureEdit::Rename { id: id.clone(), name }))
    };
    let current_kind = node.rule().map(Rule::kind);
    let can_change_kind = node.rule().is_some() || !props.has_children;
    let on_kind = {
        let id = id.clone();
        let dispatch = dispatch.clone();
        let (has_data, question) = (props.has_data, t.confirm_change);
        let was = current_kind.map_or("group", RuleKind::as_str);
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            // Another kind of rule keeps none of this one's inputs (an indicator list its indicators).
            if has_data && !effects::confirm(question) {
                select.set_value(was);
                return;
            }
            dispatch.emit(Action::Structure(StructureEdit::SetKind {
                node: id.clone(),
                kind: RuleKind::parse(&select.value()),
            }))
        })
    };
    let add = |kind: Option<RuleKind>, name: &'static str| {
        let parent = id.clone();
        dispatch.reform(move |_: MouseEvent| {
            Action::Structure(StructureEdit::AddNode { parent: parent.clone(), kind, name: name.into() })
        })
    };
    let add_indicator = {
        let node = id.clone();
        dispatch.reform(move |_: MouseEvent| {
            Action::Structure(StructureEdit::AddIndicator {
                node: node.clone(),
                after: None,
                name: t.new_indicator.into(),
            })
        })
    };
    let params = match node.rule() {
        Some(Rule::Bands { bands, .. }) => {
            let (node_id, dispatch) = (id.clone(), dispatch.clone());
            let on_bands = Callback::from(move |text: String| match parse_bands(&text) {
                Some(bands) if !bands.is_empty() => {
                    dispatch.emit(Action::Structure(StructureEdit::SetBands { node: node_id.clone(), bands }));
                    None
                }
                Some(_) => Some(t.bands_none.to_string()),
                None => Some(t.bands_unreadable.to_string()),
            });
            html! { <label class="struct-field">{ t.bands_label }
            <BandsInput value={bands_text(bands)} label={t.bands_label} testid="bands-input" on_commit={on_bands} /></label> }
        }
        Some(Rule::Deduction { limit, per_unit, .. }) => html! { <>
            <label class="struct-field">{ t.deduction_limit }
                <StructNumber input={InputKey::DeductionLimit(id.clone())} value={Some(*limit)} label={t.deduction_limit}
                    testid="deduction-limit" lang={props.lang} /></label>
            <label class="struct-field">{ t.deduction_per_unit }
                <StructNumber input={InputKey::DeductionPerUnit(id.clone())} value={Some(*per_unit)} label={t.deduction_per_unit}
                    testid="deduction-per-unit" lang={props.lang} /></label>
        </> },
        Some(Rule::Indicators { .. }) => {
            let (node_id, lang) = (id.clone(), props.lang);
            let on_scoring = dispatch.reform(move |e: Event| {
                let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                let scoring = AtMostScoring::parse(&value).unwrap_or_default();
                Action::Structure(StructureEdit::SetAtMostScoring { node: node_id.clone(), scoring })
            });
            html! { <label class="struct-field struct-field--stacked">{ t.at_most_scoring }
            <select ref={at_most_select} class="struct-select" data-testid="at-most-scoring" aria-label={t.at_most_scoring} onchange={on_scoring}>
                { for AtMostScoring::ALL.into_iter().map(|s| html! {
                    <option value={s.as_str()} selected={s == at_most}>{ at_most_label(s, lang) }</option>
                }) }
            </select></label> }
        }
        _ => Html::default(),
    };
    html! {
        <div class="struct-controls" data-testid="node-controls">
            <CommitText value={node.name.clone()} label={t.rename} testid="name-input" on_commit={rename}
                required={AttrValue::from(StructureError::EmptyName.message(props.lang))} />
            if can_change_kind {
                <select ref={kind_select} class="struct-select" data-testid="rule-kind" aria-label={t.rule_kind} onchange={on_kind}>
                    { for std::iter::once(None).chain(RuleKind::ALL.into_iter().map(Some)).map(|kind| html! {
                        <option value={kind.map_or("group", RuleKind::as_str)} selected={kind == current_kind}>{ kind_label(kind, props.lang) }</option>
                    }) }
                </select>
            }
            { params }
            if node.rule().is_none() {
                <button type="button" class="button button--small" data-testid="add-group" onclick={add(None, t.new_group)}>{ t.add_group }</button>
                <button type="button" class="button button--small" data-testid="add-node" onclick={add(Some(RuleKind::PassFail), t.new_item)}>{ t.add_item }</button>
            }
            if matches!(node.rule(), Some(Rule::Indicators { .. })) {
                <button type="button" class="button button--small" data-testid="add-indicator" onclick={add_indicator}>{ t.add_indicator }</button>
            }
            if !props.is_root { { order_buttons(&id, props.has_data, props.lang, &dispatch) } }
        </div>
    }
}

/// The numbers of a node row that structure editing opens: its points, and the score its report printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NodeNumberField {
    Points,
    Reported,
}

#[derive(Properties, PartialEq)]
pub struct NodeNumberProps {
    pub node_id: String,
    pub field: NodeNumberField,
    pub value: Option<Decimal>,
    pub lang: Lang,
}

#[function_component(NodeNumber)]
pub fn node_number(props: &NodeNumberProps) -> Html {
    let t = texts(props.lang);
    let node = props.node_id.clone();
    let (key, label, testid) = match props.field {
        NodeNumberField::Points => (InputKey::Points(node), t.col_points, "points-input"),
        NodeNumberField::Reported => (InputKey::Reported(node), t.col_reported, "reported-input"),
    };
    html! { <StructNumber input={key} value={props.value} {label} {testid} lang={props.lang} /> }
}

#[derive(Properties, PartialEq)]
pub struct IndicatorControlsProps {
    pub indicator: Indicator,
    /// The list the row is in: a new row goes into it, below this one.
    pub list: String,
    pub has_data: bool,
    pub lang: Lang,
}

/// Under an indicator's name: name, category, direction, unit, weight, 不适用, move, remove.
#[function_component(IndicatorControls)]
pub fn indicator_controls(props: &IndicatorControlsProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let direction_select = use_select_value(props.indicator.direction.as_str().into());
    let i = &props.indicator;
    let id = i.id.clone();
    let text_edit = |make: fn(String, String) -> StructureEdit| {
        let id = id.clone();
        dispatch.reform(move |text: String| Action::Structure(make(id.clone(), text)))
    };
    let on_direction = {
        let id = id.clone();
        let dispatch = dispatch.clone();
        let (was, filled, question) = (i.direction, i.actual.is_some(), t.confirm_change);
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            let direction = Direction::parse(&select.value()).unwrap_or(Direction::AtLeast);
            // A number and a level do not convert: the actual goes between quantitative and qualitative.
            let clears = filled && (direction == Direction::Qualitative) != (was == Direction::Qualitative);
            if clears && !effects::confirm(question) {
                select.set_value(was.as_str());
                return;
            }
            dispatch.emit(Action::Structure(StructureEdit::SetDirection { indicator: id.clone(), direction }))
        })
    };
    let insert_below = {
        let (list, after, name) = (props.list.clone(), id.clone(), t.new_indicator);
        dispatch.reform(move |_: MouseEvent| {
            Action::Structure(StructureEdit::AddIndicator {
                node: list.clone(),
                after: Some(after.clone()),
                name: name.into(),
            })
        })
    };
    let on_na = {
        let id = id.clone();
        dispatch.reform(move |e: Event| crate::app::state::Action::SetNotApplicable {
            indicator: id.clone(),
            value: e.target_unchecked_into::<HtmlInputElement>().checked(),
        })
    };
    let direction_label = |d: Direction| match d {
        Direction::AtLeast => props.lang.pick("≥ 正向", "≥ at least"),
        Direction::AtMost => props.lang.pick("≤ 反向", "≤ at most"),
        Direction::Exactly => props.lang.pick("= 等于", "= exactly"),
        Direction::Qualitative => t.qualitative,
        Direction::OnTime => props.lang.pick("时效（按期完成）", "on time"),
    };
    html! {
        <div class="struct-controls" data-testid="indicator-controls">
            <CommitText value={i.name.clone()} label={t.rename} testid="name-input"
                on_commit={text_edit(|id, name| StructureEdit::Rename { id, name })}
                required={AttrValue::from(StructureError::EmptyName.message(props.lang))} />
            <CommitText value={i.category.clone()} label={t.category} testid="category-input" class={classes!("struct-input--short")}
                on_commit={text_edit(|indicator, category| StructureEdit::SetCategory { indicator, category })} />
            <select ref={direction_select} class="struct-select" data-testid="direction-select" aria-label={t.direction} onchange={on_direction}>
                { for Direction::ALL.iter().map(|d| html! { <option value={d.as_str()} selected={*d == i.direction}>{ direction_label(*d) }</option> }) }
            </select>
            <CommitText value={i.unit.clone()} label={t.unit} testid="unit-input" class={classes!("struct-input--tiny")}
                on_commit={text_edit(|indicator, unit| StructureEdit::SetUnit { indicator, unit })} />
            // A project table's row has its 分值 in its own column, edited there (`indicator_row`).
            if i.points.is_none() {
                <label class="struct-field">{ t.weight }
                    <StructNumber input={InputKey::Weight(id.clone())} value={i.weight} label={t.weight} testid="weight-input" lang={props.lang} /></label>
            }
            <label class="struct-field"><input type="checkbox" data-testid="na-toggle" checked={i.not_applicable} onchange={on_na} />{ t.not_applicable }</label>
            <button type="button" class="button button--small" data-testid="insert-below" onclick={insert_below}>{ t.insert_below }</button>
            { order_buttons(&id, props.has_data, props.lang, &dispatch) }
        </div>
    }
}
