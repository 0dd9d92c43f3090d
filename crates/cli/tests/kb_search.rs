//! `kbwiz kb list` and `kbwiz kb search`: finding an article without
//! evidence, by the words and facts an admin has in hand.

mod common;
use common::kbwiz;

#[test]
fn list_names_every_built_in_article_and_its_model() {
    let (code, out, err) = kbwiz(&["kb", "list", "--json"], None);
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rows = rows.as_array().expect("array");
    let dirs = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../kb"))
        .expect("kb/")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_dir()))
        .count();
    assert_eq!(rows.len(), dirs);
    let q319207 = rows.iter().find(|r| r["id"] == "Q319207").expect("Q319207");
    assert_eq!(q319207["simulator"], true);
    assert_eq!(
        q319207["title"],
        "SMS: Retrying a Package Update May Create Many Jobs"
    );
}

#[test]
fn search_finds_by_message_id_registry_path_file_and_error_code() {
    let ids = |text: &str| -> Vec<String> {
        let (code, out, err) = kbwiz(&["kb", "search", "--json", text], None);
        assert_eq!(code, 0, "{err}");
        let hits: serde_json::Value = serde_json::from_str(&out).expect("json");
        hits.as_array()
            .expect("array")
            .iter()
            .filter(|h| h["whole"] == true)
            .map(|h| h["article"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(ids("2302"), ["Q319207"]);
    assert_eq!(ids("Retry History"), ["Q319207"]);
    // The Configuration Manager triage article declares lines whose
    // "error = <win32_error>" reads "error = 3" too.
    assert_eq!(
        ids("error = 3"),
        ["CM-troubleshoot-content-distribution", "Q245579", "Q319189"]
    );
    assert!(ids("Distmgr.dll").contains(&"Q319207".to_string()));
    let (code, out, _) = kbwiz(&["kb", "search", "no-such-word-anywhere"], None);
    assert_eq!((code, out.as_str()), (0, "no article matches\n"));
}

#[test]
fn symptoms_list_each_library_and_the_articles_behind_each_symptom() {
    let (code, out, err) = kbwiz(&["kb", "symptoms"], None);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let sms = lines
        .iter()
        .position(|l| l.starts_with("Microsoft Systems Management Server"))
        .expect("the SMS library");
    assert_eq!(
        lines[sms],
        "Microsoft Systems Management Server 1.2, 2.0, 2.0 SP1, 2.0 SP2, 2.0 SP3, 2.0 SP4 (22 articles)"
    );
    assert_eq!(
        lines[sms + 1],
        "  Packages never reach the child sites: Q245579, Q266195, Q267977, Q316316, Q319207"
    );
    assert!(
        lines.contains(
            &"  Schedule.box fills up with job files: Q266195, Q276259, Q319207, Q320638"
        ),
        "{out}"
    );
    let (code, out, err) = kbwiz(&["kb", "symptoms", "--json"], None);
    assert_eq!(code, 0, "{err}");
    let all: serde_json::Value = serde_json::from_str(&out).expect("json");
    let first = all
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["product"] == "Microsoft Systems Management Server")
        .expect("an SMS symptom");
    assert_eq!(first["text"], "Packages never reach the child sites");
    assert_eq!(
        first["articles"],
        serde_json::json!(["Q245579", "Q266195", "Q267977", "Q316316", "Q319207"])
    );
}
