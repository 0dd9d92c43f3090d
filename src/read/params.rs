//! The simulator's [`Params`] read as their serde derives write them: every
//! field optional (`#[serde(default)]`: a missing one takes the default's
//! value), unknown fields ignored, [`Hierarchy`] and [`Arrivals`] tagged by
//! `kind`.

use super::{boolean, list, string, u32, u64, Cx, Obj};
use kbwiz_engine::sim::{Arrivals, Hierarchy, Params, SiteLink};
use serde_json::Value;

pub fn params(cx: &Cx, v: &Value) -> Params {
    over(cx, v, Params::default())
}

/// The fields given in `v` laid over `d`, each read as in [`params`]: the JS
/// API's partial parameters over the defaults or the proposal from evidence.
pub fn over(cx: &Cx, v: &Value, d: Params) -> Params {
    let o = Obj::of(cx, v, "struct Params");
    Params {
        hierarchy: o.present("hierarchy", hierarchy).unwrap_or(d.hierarchy),
        failing_packages: o
            .present("failing_packages", u32)
            .unwrap_or(d.failing_packages),
        hours: o.present("hours", u32).unwrap_or(d.hours),
        retry_interval_s: o
            .present("retry_interval_s", u64)
            .unwrap_or(d.retry_interval_s),
        arrivals: o.present("arrivals", arrivals).unwrap_or(d.arrivals),
        min_gap_s: o.present("min_gap_s", u64).unwrap_or(d.min_gap_s),
        capacity_per_hour: o
            .present("capacity_per_hour", u64)
            .unwrap_or(d.capacity_per_hour),
        initial_backlog: o
            .present("initial_backlog", u64)
            .unwrap_or(d.initial_backlog),
        backlog_threshold: o
            .present("backlog_threshold", u64)
            .unwrap_or(d.backlog_threshold),
        hotfix: o.present("hotfix", boolean).unwrap_or(d.hotfix),
        workaround: o.present("workaround", boolean).unwrap_or(d.workaround),
        key_deleted_at_s: o
            .present("key_deleted_at_s", option_u64)
            .unwrap_or(d.key_deleted_at_s),
        repaired_at_s: o
            .present("repaired_at_s", option_u64)
            .unwrap_or(d.repaired_at_s),
    }
}

/// An `Option<u64>` given explicitly (`null` is `None`).
fn option_u64(cx: &Cx, v: &Value) -> Option<u64> {
    match v {
        Value::Null => None,
        _ => Some(u64(cx, v)),
    }
}

#[derive(Clone, Copy)]
enum HierarchyKind {
    Tree,
    Tiers,
    Parents,
}

fn hierarchy(cx: &Cx, v: &Value) -> Hierarchy {
    let o = Obj::of(cx, v, "internally tagged enum Hierarchy");
    let kinds = [
        ("tree", HierarchyKind::Tree),
        ("tiers", HierarchyKind::Tiers),
        ("parents", HierarchyKind::Parents),
    ];
    match o.tag("kind", &kinds) {
        Some(HierarchyKind::Tree) => Hierarchy::Tree {
            fanout: o.req("fanout", u32),
            depth: o.req("depth", u32),
        },
        Some(HierarchyKind::Tiers) | None => Hierarchy::Tiers {
            fanout: o.req("fanout", |cx, v| list(cx, v, u32)),
        },
        Some(HierarchyKind::Parents) => Hierarchy::Parents {
            central: o.req("central", string),
            links: o.req("links", |cx, v| list(cx, v, site_link)),
        },
    }
}

fn site_link(cx: &Cx, v: &Value) -> SiteLink {
    let o = Obj::of(cx, v, "struct SiteLink");
    SiteLink {
        site: o.req("site", string),
        parent: o.req("parent", string),
    }
}

#[derive(Clone, Copy)]
enum ArrivalsKind {
    Off,
    Every,
    Poisson,
}

fn arrivals(cx: &Cx, v: &Value) -> Arrivals {
    let o = Obj::of(cx, v, "internally tagged enum Arrivals");
    let kinds = [
        ("off", ArrivalsKind::Off),
        ("every", ArrivalsKind::Every),
        ("poisson", ArrivalsKind::Poisson),
    ];
    match o.tag("kind", &kinds) {
        Some(ArrivalsKind::Off) | None => Arrivals::Off,
        Some(ArrivalsKind::Every) => Arrivals::Every {
            interval_s: o.req("interval_s", u64),
        },
        Some(ArrivalsKind::Poisson) => Arrivals::Poisson {
            mean_interval_s: o.req("mean_interval_s", u64),
            seed: o.req("seed", u64),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn both(v: Value) -> (super::super::Res<Params>, Result<Params, String>) {
        let serde = serde_json::from_value::<Params>(v.clone()).map_err(|e| e.to_string());
        (super::super::read(&v, params), serde)
    }

    #[test]
    fn reads_every_shape_as_serde_does() {
        let hierarchies = [
            json!({"kind": "tree", "fanout": 3, "depth": 2}),
            json!({"kind": "tiers", "fanout": [5, 4]}),
            json!({"kind": "parents", "central": "A01", "links": [{"site": "B02", "parent": "A01"}]}),
        ];
        let arrivals = [
            json!({"kind": "off"}),
            json!({"kind": "every", "interval_s": 60}),
            json!({"kind": "poisson", "mean_interval_s": 600, "seed": 42}),
        ];
        for (h, a) in hierarchies.iter().zip(&arrivals) {
            let v = json!({
                "hierarchy": h, "failing_packages": 2, "hours": 5, "retry_interval_s": 7,
                "arrivals": a, "min_gap_s": 1, "capacity_per_hour": 9, "initial_backlog": 3,
                "backlog_threshold": 4, "hotfix": true, "workaround": true,
                "key_deleted_at_s": 100, "repaired_at_s": null, "unknown": "ignored"
            });
            let (ours, serde) = both(v);
            assert_eq!(ours, serde);
            assert!(ours.is_ok());
        }
        let defaults = Params::default();
        assert_eq!(both(json!({})), (Ok(defaults.clone()), Ok(defaults)));
        let every = serde_json::to_value(Params {
            key_deleted_at_s: Some(5),
            repaired_at_s: Some(6),
            ..Params::default()
        })
        .expect("json");
        let (ours, serde) = both(every);
        assert_eq!(ours, serde);
    }

    #[test]
    fn refuses_what_serde_refuses() {
        for v in [
            json!([1]),
            json!({"hours": "x"}),
            json!({"hours": -1}),
            json!({"hierarchy": {"kind": "ring"}}),
            json!({"arrivals": {"kind": "every"}}),
            json!({"hotfix": 1}),
        ] {
            let (ours, serde) = both(v.clone());
            assert!(ours.is_err() && serde.is_err(), "{v}: {ours:?} / {serde:?}");
        }
        assert_eq!(
            super::super::read(&json!({"hours": "x"}), params),
            Err("invalid type: string \"x\", expected u32".into())
        );
    }
}
