//! The floor: a small table of items with a total computed from exact decimals, parsed from JSON.
//! The same hooks as the app (`data-testid="total-computed"` with the exact `data-value`), so the
//! benchmark measures both the same way.

use rust_decimal::Decimal;
use serde::Deserialize;
use yew::prelude::*;

const ITEMS: &str = r#"[
  { "name": "预算执行", "points": "5", "score": "4.99915" },
  { "name": "部门整体绩效完成情况", "points": "20", "score": "19.78125" },
  { "name": "专项资金执行", "points": "5", "score": "4.999" },
  { "name": "专项资金绩效", "points": "20", "score": "20" },
  { "name": "管理效率", "points": "50", "score": "48" }
]"#;

#[derive(Deserialize)]
struct Item {
    name: String,
    points: Decimal,
    score: Decimal,
}

#[function_component(App)]
fn app() -> Html {
    let items: Vec<Item> = serde_json::from_str(ITEMS).unwrap_or_default();
    let points: Decimal = items.iter().map(|i| i.points).sum();
    let total: Decimal = items.iter().map(|i| i.score).sum();
    html! {
        <table data-testid="score-table">
            <thead><tr><th>{ "项目" }</th><th>{ "分值" }</th><th>{ "得分" }</th></tr></thead>
            <tbody>
                { for items.iter().map(|i| html! {
                    <tr data-testid="node"><td>{ &i.name }</td><td class="num">{ i.points.to_string() }</td>
                        <td class="num">{ i.score.normalize().to_string() }</td></tr>
                }) }
                <tr><th>{ "总分" }</th><td class="num">{ points.to_string() }</td>
                    <td class="num" data-testid="total-computed" data-value={total.normalize().to_string()}>
                        { total.round_dp(3).to_string() }</td></tr>
            </tbody>
        </table>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
