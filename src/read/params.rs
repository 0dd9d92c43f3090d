//! The simulator's [`Params`] read as their serde derives write them: every
//! field optional (`#[serde(default)]`: a missing one takes the default's
//! value), unknown fields ignored, [`Hierarchy`] and [`Arrivals`] tagged by
//! `kind`.

use super::{boolean, list, string, u32, u64, Cx, Obj};
use kbwiz_engine::sim::content::ContentParams;
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

/// The content-distribution model's fields given in `v` over `d`, read as
/// [`ContentParams`]' serde derives read them.
pub fn content_over(cx: &Cx, v: &Value, d: ContentParams) -> ContentParams {
    let o = Obj::of(cx, v, "struct ContentParams");
    let n32 = |name: &str, d: u32| o.present(name, u32).unwrap_or(d);
    let n64 = |name: &str, d: u64| o.present(name, u64).unwrap_or(d);
    ContentParams {
        packages: n32("packages", d.packages),
        dps: n32("dps", d.dps),
        hours: n32("hours", d.hours),
        max_packages: n32("max_packages", d.max_packages),
        threads_per_package: n32("threads_per_package", d.threads_per_package),
        retry_count: n32("retry_count", d.retry_count),
        retry_delay_s: n64("retry_delay_s", d.retry_delay_s),
        process_s: n64("process_s", d.process_s),
        dp_thread_s: n64("dp_thread_s", d.dp_thread_s),
        send_s: n64("send_s", d.send_s),
        fail_s: n64("fail_s", d.fail_s),
        failing_dps: n32("failing_dps", d.failing_dps),
        bad_source_packages: n32("bad_source_packages", d.bad_source_packages),
        fixed_at_s: o.present("fixed_at_s", option_u64).unwrap_or(d.fixed_at_s),
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

    #[test]
    fn reads_content_params_as_serde_does() {
        let v = json!({"packages": 4, "dps": 9, "max_packages": 6, "retry_delay_s": 3600,
            "fixed_at_s": null, "unknown": 1});
        let serde = serde_json::from_value::<ContentParams>(v.clone()).map_err(|e| e.to_string());
        let ours = super::super::read(&v, |cx, v| content_over(cx, v, ContentParams::default()));
        assert_eq!(ours, serde);
        assert_eq!(ours.map(|p| (p.dps, p.fixed_at_s)), Ok((9, None)));
        let bad = json!({"dps": "x"});
        assert!(
            super::super::read(&bad, |cx, v| content_over(cx, v, ContentParams::default()))
                .is_err()
        );
    }
}
