//! Post-call metrics, from a list of metric objects or from an object of `name: value`.

use crate::event::Metric;
use crate::reader::{Arr, Obj};

/// Keys naming a metric in a metric object (compared without case), in order of preference:
/// Atoms' `identifier`, its legacy `successMetricPrompt`, and generic names.
const NAME_KEYS: [&str; 5] = ["identifier", "name", "metric", "key", "successMetricPrompt"];

/// Metric objects (`{identifier, value, confidence, reasoning, …}`); their other members and
/// elements without a name or value go to `extra`.
pub fn from_array(array: &Arr<'_>) -> Vec<Metric> {
    let mut metrics = Vec::with_capacity(array.len());
    array.for_each(|element| {
        let Some(object) = element.object() else {
            return;
        };
        let name = object.get_any_nocase(&NAME_KEYS).and_then(|n| n.string());
        let value = object.get_nocase("value").map(|n| n.json());
        let (Some(name), Some(value)) = (name, value) else {
            object.keep_whole();
            return;
        };
        metrics.push(Metric {
            name,
            value,
            confidence: object.get_nocase("confidence").and_then(|n| n.number()),
            reasoning: object.get_nocase("reasoning").and_then(|n| n.string()),
        });
    });
    metrics
}

/// An object of `name: value` (the Atoms draft's `metrics`, a Callab template's outcomes).
pub fn from_object(object: &Obj<'_>) -> Vec<Metric> {
    let mut metrics = Vec::new();
    object.for_each_rest(|name, node| {
        metrics.push(Metric {
            name: name.to_owned(),
            value: node.json(),
            confidence: None,
            reasoning: None,
        });
    });
    metrics
}
