//! The simulator view: calibrated parameters, sliders and the comparison chart.

use crate::shared::Shared;
use kbwiz_engine::evidence::Evidence;
use kbwiz_engine::sim::Params;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SimulatorProps {
    /// Evidence to calibrate from (all inputs, enriched).
    pub evidence: Shared<Vec<Evidence>>,
    /// Parameters the admin set earlier (restored from storage), if any.
    #[prop_or_default]
    pub params: Option<Params>,
    /// Called with the parameters whenever the admin changes one.
    #[prop_or_default]
    pub on_params: Callback<Params>,
}

#[function_component(SimulatorView)]
pub fn simulator_view(_props: &SimulatorProps) -> Html {
    html! { <section class="simulator"><h2>{ "Simulator" }</h2></section> }
}
